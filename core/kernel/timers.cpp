// timer_list operations on the world's timers (kernel/time/timer.c).
#include <algorithm>

#include "core/kernel/sched.h"
#include "core/kernel/timer.h"
#include "core/world.h"
#include "core/workqueue/internal.h"

namespace cmwq {

int32_t timer_setup(World& w, TimerFn fn, int32_t arg, bool deferrable) {
  TimerList t;
  t.fn = fn;
  t.arg = arg;
  t.deferrable = deferrable;
  w.timers.push_back(t);
  return static_cast<int32_t>(w.timers.size() - 1);
}

void mod_timer(World& w, int32_t id, uint64_t expires) {
  TimerList& t = w.timers[static_cast<size_t>(id)];
  const uint64_t now_j = jiffies(w);
  t.expires = expires;
  // Exact: never early, but no coarse rounding (the level-0 rule at every distance).
  t.fire_jiffy = w.config.timers == TimerModel::Wheel
                     ? timer_wheel_bucket_expiry(expires, now_j)
                     : (static_cast<int64_t>(expires - now_j) < 0 ? now_j : expires) + 1;
  t.pending = true;
  t.cpu = w.current_cpu;
  ++t.gen;
  const Nanos when = std::max(w.now, w.jif.time_of(t.fire_jiffy));
  w.queue.push(when, ActionKind::TimerExpire, id, t.gen);
}

bool timer_delete(World& w, int32_t id) {
  TimerList& t = w.timers[static_cast<size_t>(id)];
  const bool was = t.pending;
  t.pending = false;
  ++t.gen;
  return was;
}

bool timer_pending(const World& w, int32_t id) { return w.timers[static_cast<size_t>(id)].pending; }

void run_timer(World& w, int32_t id, uint32_t gen) {
  TimerList& t = w.timers[static_cast<size_t>(id)];
  if (!t.pending || t.gen != gen) return;
  t.pending = false;
  // Timer callbacks run in softirq context on the CPU that armed the timer.
  const int32_t saved_current = w.current;
  const int saved_cpu = w.current_cpu;
  w.current = -1;
  w.current_cpu = t.cpu;
  switch (t.fn) {
    case TimerFn::PoolMaydayTimeout: pool_mayday_timeout(w, t.arg); break;
    case TimerFn::IdleWorkerTimeout: idle_worker_timeout(w, t.arg); break;
    case TimerFn::DelayedWorkTimer: delayed_work_timer_fn(w, t.arg); break;
    case TimerFn::WqWatchdogTimer: wq_watchdog_timer_fn(w); break;
    case TimerFn::ProcessTimeout:
      if (w.tasks[static_cast<size_t>(t.arg)].wait == WaitReason::Timeout) wake_up_process(w, t.arg);
      break;
  }
  w.current = saved_current;
  w.current_cpu = saved_cpu;
}

WaitResult schedule_timeout(World& w, int32_t task, uint64_t timeout, TaskState state, uint8_t& phase) {
  Task& t = w.tasks[static_cast<size_t>(task)];
  if (phase == 1) {
    phase = 0;
    if (t.timeout_timer >= 0) timer_delete(w, t.timeout_timer);
    return WaitResult::Done;
  }
  if (t.timeout_timer < 0) {
    const int32_t id = timer_setup(w, TimerFn::ProcessTimeout, task, false);
    w.tasks[static_cast<size_t>(task)].timeout_timer = id;
  }
  mod_timer(w, w.tasks[static_cast<size_t>(task)].timeout_timer, jiffies(w) + timeout);
  set_current_state(w, task, state, WaitReason::Timeout);
  phase = 1;
  return WaitResult::Blocked;
}

}  // namespace cmwq
