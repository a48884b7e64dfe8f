// Completions, mutexes and hrtimer sleeps.
#include <algorithm>
#include <limits>

#include "core/kernel/sched.h"
#include "core/kernel/sync.h"
#include "core/world.h"

namespace cmwq {
namespace {
// complete_all() sets done to UINT_MAX (COMPLETION_DONE_ALL... in spirit).
constexpr uint32_t kDoneAll = std::numeric_limits<uint32_t>::max();

void add_waiter(std::vector<int32_t>& waiters, int32_t task) {
  if (std::find(waiters.begin(), waiters.end(), task) == waiters.end()) waiters.push_back(task);
}
}  // namespace

WaitResult wait_for_completion(World& w, int32_t task, int32_t id) {
  Completion& c = w.completions[static_cast<size_t>(id)];
  if (c.done > 0) {
    if (c.done != kDoneAll) --c.done;
    return WaitResult::Done;
  }
  add_waiter(c.waiters, task);
  set_current_state(w, task, TaskState::Uninterruptible, WaitReason::Completion, id);
  return WaitResult::Blocked;
}

void complete(World& w, int32_t id) {
  Completion& c = w.completions[static_cast<size_t>(id)];
  if (c.done != kDoneAll) ++c.done;
  if (!c.waiters.empty()) {
    const int32_t t = c.waiters.front();
    c.waiters.erase(c.waiters.begin());
    wake_up_process(w, t);
  }
}

void complete_all(World& w, int32_t id) {
  Completion& c = w.completions[static_cast<size_t>(id)];
  c.done = kDoneAll;
  std::vector<int32_t> waiters;
  waiters.swap(c.waiters);
  for (int32_t t : waiters) wake_up_process(w, t);
}

namespace {

// lock_acquire() of lockdep, which mutex_lock() calls before it tries the lock: the
// held-lock count, and the recursion check.
void lockdep_acquire(World& w, int32_t task, int32_t id) {
  if (!w.config.lockdep || !w.debug_locks) return;
  Task& t = w.tasks[static_cast<size_t>(task)];
  if (w.mutexes[static_cast<size_t>(id)].owner == task) {  // print_deadlock_bug()
    w.debug_locks = false;                                 // debug_locks_off_graph_unlock()
    Event& e = emit_warn(w, WarnKind::RecursiveLocking);
    e.task = task;
    e.cpu = static_cast<int16_t>(t.cpu);
    e.b = id;
    if (t.worker >= 0) e.work = w.wq.workers[static_cast<size_t>(t.worker)].current_work;
    return;
  }
  ++t.lockdep_depth;
}

}  // namespace

WaitResult mutex_lock(World& w, int32_t task, int32_t id, bool woken) {
  Mutex& m = w.mutexes[static_cast<size_t>(id)];
  if (woken && m.owner == task) return WaitResult::Done;  // handed over by mutex_unlock()
  if (!woken) lockdep_acquire(w, task, id);
  Mutex& again = w.mutexes[static_cast<size_t>(id)];  // after an emit (reference lifetime: core/world.h)
  if (again.owner < 0) {
    again.owner = task;
    return WaitResult::Done;
  }
  add_waiter(again.waiters, task);
  set_current_state(w, task, TaskState::Uninterruptible, WaitReason::Mutex, id);
  return WaitResult::Blocked;
}

bool mutex_unlock(World& w, int32_t task, int32_t id) {
  Mutex& m = w.mutexes[static_cast<size_t>(id)];
  if (m.owner != task) return false;
  Task& t = w.tasks[static_cast<size_t>(task)];
  if (w.config.lockdep && w.debug_locks && t.lockdep_depth > 0) --t.lockdep_depth;  // lock_release()
  if (m.waiters.empty()) {
    m.owner = -1;
    return true;
  }
  m.owner = m.waiters.front();  // hand-off to the first waiter (MUTEX_FLAG_HANDOFF)
  m.waiters.erase(m.waiters.begin());
  wake_up_process(w, m.owner);
  return true;
}

WaitResult hrtimer_sleep(World& w, int32_t task, Nanos ns, uint8_t& phase, TaskState state) {
  Task& t = w.tasks[static_cast<size_t>(task)];
  if (phase == 1) {
    // Woken. msleep() and usleep_range_state() loop until their timer expired, so a
    // wake_up_process() from elsewhere (send_mayday() waking a rescuer asleep inside a
    // rescued item) only makes the task sleep again; the pending SleepDone still ends it.
    if (w.now < t.sleep_until) {
      set_current_state(w, task, state, WaitReason::Hrtimer);
      return WaitResult::Blocked;
    }
    phase = 0;
    return WaitResult::Done;
  }
  ++t.sleep_gen;
  t.sleep_until = w.now + ns;
  w.queue.push(t.sleep_until, ActionKind::SleepDone, task, t.sleep_gen);
  set_current_state(w, task, state, WaitReason::Hrtimer);
  phase = 1;
  return WaitResult::Blocked;
}

void hrtimer_sleep_done(World& w, int32_t task, uint32_t gen) {
  Task& t = w.tasks[static_cast<size_t>(task)];
  if (t.sleep_gen != gen || t.wait != WaitReason::Hrtimer) return;
  wake_up_process(w, task);
}

}  // namespace cmwq
