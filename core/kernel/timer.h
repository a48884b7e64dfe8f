#pragma once
/// @file
/// @brief timer_list timers in jiffies, with the timer wheel's rounding.
///
/// The kernel's timer wheel (kernel/time/timer.c) never fires a timer early: it
/// files the timer in a bucket whose expiry is rounded *up* to the granularity of
/// the wheel level chosen by the distance to the expiry (calc_wheel_index() and
/// calc_index()). Level 0 buckets are one jiffy wide, so even a short timer fires at
/// `expires + 1`; level 1 buckets are 8 jiffies wide, level 2 64, and so on. This is
/// why a mayday timer armed for 10 jiffies fires 11 jiffies later, and why the
/// workqueue watchdog (30 s, level 3 at HZ=1000) fires a little after its period.
/// TimerModel::Exact keeps only the level-0 rule (every timer fires at expires + 1,
/// never early) and drops the coarser levels' rounding, for experiments.
///
/// Where we differ from the kernel, knowingly:
/// - We file timers relative to clk = jiffies. The kernel uses base->clk, which is
///   one ahead of jiffies while timer callbacks run, so a re-arm from a callback sees
///   a distance one smaller. That only matters at level boundaries (63, 504, 4032...).
/// - Our jiffies start at 0, the kernel's at INITIAL_JIFFIES (-300 * HZ). Level 0 and
///   1 buckets (the mayday timer) fall on the same jiffies either way; coarser
///   buckets (the watchdog's, the idle timer's) fall elsewhere.
/// - IDLE_WORKER_TIMEOUT (300 s) is a level 5 timer at HZ=1000 (32768-jiffy
///   buckets): idle culling can start up to about 33 s after the 300 s.
/// - A timer runs on the CPU that armed it (the kernel may pull a global timer, such
///   as a delayed work's for WORK_CPU_UNBOUND, to another CPU).

#include <cstdint>
#include <vector>

#include "core/kernel/task.h"

namespace cmwq {

/// Which kernel function a timer runs when it expires.
enum class TimerFn : uint8_t {
  PoolMaydayTimeout,  ///< pool_mayday_timeout(pool), arg = pool id.
  IdleWorkerTimeout,  ///< idle_worker_timeout(pool), arg = pool id.
  DelayedWorkTimer,   ///< delayed_work_timer_fn(dwork), arg = work id.
  WqWatchdogTimer,    ///< wq_watchdog_timer_fn(), arg unused.
  ProcessTimeout,     ///< process_timeout(task) of schedule_timeout(), arg = task.
};

/// How timers are filed.
enum class TimerModel : uint8_t {
  Wheel,  ///< The kernel's timer wheel rounding (default).
  Exact,  ///< Fire exactly at `expires` (not what the kernel does).
};

/// struct timer_list, reduced to what the model needs.
struct TimerList {
  TimerFn fn = TimerFn::PoolMaydayTimeout;  ///< The function it runs.
  int32_t arg = -1;                         ///< Its argument (pool, work or task id).
  bool pending = false;     ///< timer_pending(): armed and not yet fired or deleted.
  bool deferrable = false;  ///< TIMER_DEFERRABLE (kept for display; we have no NOHZ idle).
  uint64_t expires = 0;     ///< Requested expiry, in jiffies.
  uint64_t fire_jiffy = 0;  ///< The jiffy whose tick runs it (the wheel bucket's expiry).
  uint32_t gen = 0;         ///< Bumped on every mod/del so older queue entries go stale.
  int cpu = 0;              ///< CPU whose timer base holds it (where it was armed).
};

/// Levels of the timer wheel (LVL_DEPTH for HZ > 100; HZ <= 100 has 8 too in effect).
constexpr int TIMER_WHEEL_DEPTH = 9;

/// The jiffy at which a timer with @p expires, filed when the wheel clock is @p clk,
/// really fires (calc_wheel_index()/calc_index() in kernel/time/timer.c).
uint64_t timer_wheel_bucket_expiry(uint64_t expires, uint64_t clk);

}  // namespace cmwq

namespace cmwq {

struct World;

/// timer_setup(): a new, unarmed timer; returns its id.
int32_t timer_setup(World& w, TimerFn fn, int32_t arg, bool deferrable);
/// mod_timer(): (re)arms the timer to expire at jiffy @p expires.
void mod_timer(World& w, int32_t timer, uint64_t expires);
/// timer_delete() / timer_delete_sync(): disarms; true if it was pending.
bool timer_delete(World& w, int32_t timer);
/// timer_pending().
bool timer_pending(const World& w, int32_t timer);
/// schedule_timeout(): sleep in @p state for @p timeout jiffies on a timer_list timer.
/// @p phase works as for hrtimer_sleep(): 0 arms and blocks, the call after the wakeup returns Done.
WaitResult schedule_timeout(World& w, int32_t task, uint64_t timeout, TaskState state, uint8_t& phase);
/// Runs an expired timer's function (the TIMER_SOFTIRQ for one timer).
void run_timer(World& w, int32_t timer, uint32_t gen);

}  // namespace cmwq
