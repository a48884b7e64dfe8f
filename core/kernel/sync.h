#pragma once
/// @file
/// @brief Completions and mutexes (kernel/sched/completion.c, kernel/locking/mutex.c).

#include <cstdint>
#include <string>
#include <vector>

namespace cmwq {

/// struct completion: a count of done events and a FIFO of waiters.
struct Completion {
  std::string name;   ///< Name in scenarios and the UI.
  uint32_t done = 0;  ///< Completions not yet consumed (UINT_MAX after complete_all()).
  std::vector<int32_t> waiters;  ///< Tasks in wait_for_completion(), FIFO.
};

/// struct mutex: an owner and FIFO waiters; unlock hands the lock to the first waiter.
struct Mutex {
  std::string name;  ///< Name in scenarios and the UI.
  int32_t owner = -1;  ///< Task holding it, or -1.
  std::vector<int32_t> waiters;  ///< Tasks in mutex_lock(), FIFO.
};

}  // namespace cmwq

#include "core/kernel/task.h"
#include "core/kernel/time.h"

namespace cmwq {

struct World;

/// wait_for_completion(): Done if a completion is available (consuming it), else the
/// task sleeps uninterruptibly (Blocked); call again once woken.
WaitResult wait_for_completion(World& w, int32_t task, int32_t completion);
/// complete(): one more done; wakes the first waiter.
void complete(World& w, int32_t completion);
/// complete_all(): done becomes "infinite"; wakes every waiter.
void complete_all(World& w, int32_t completion);
/// mutex_lock(): Done once @p task owns the mutex, else Blocked. @p woken is false on the
/// call and true when the task calls again after a wakeup (mutex_unlock() may have handed
/// it the mutex). A task that locks a mutex it holds deadlocks on itself, as in the
/// kernel; with MachineConfig::lockdep, lockdep reports it first ("possible recursive
/// locking detected") and then checks nothing more (debug_locks off).
WaitResult mutex_lock(World& w, int32_t task, int32_t mutex, bool woken = false);
/// mutex_unlock(): hands the mutex to the first waiter. False (a WARN) if not the owner.
bool mutex_unlock(World& w, int32_t task, int32_t mutex);
/// An hrtimer sleep of @p ns. @p phase is 0 on the first call; the call sets it to 1
/// and returns Blocked; a call after a wakeup returns Done once the sleep expired, and
/// Blocked again (asleep) if the wakeup came earlier, as the kernel's sleeps loop.
WaitResult hrtimer_sleep(World& w, int32_t task, Nanos ns, uint8_t& phase,
                         TaskState state = TaskState::Uninterruptible);
/// The end of an hrtimer sleep (a SleepDone action).
void hrtimer_sleep_done(World& w, int32_t task, uint32_t gen);

}  // namespace cmwq
