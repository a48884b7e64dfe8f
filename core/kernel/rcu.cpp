// A grace-period engine driven by a work item (see rcu.h).
#include "core/kernel/rcu.h"

#include "core/kernel/sched.h"
#include "core/workqueue/workqueue.h"
#include "core/world.h"

namespace cmwq {
namespace {

void rcu_start_gp(World& w) {
  Rcu& r = w.rcu;
  r.gp_in_progress = true;
  Event& e = emit(w, EventType::RcuGpStart);
  e.a = static_cast<int64_t>(r.completed + 1);
  const int32_t wq = r.gp_wq >= 0 ? r.gp_wq : w.wq.system_wq;
  queue_work_on(w, WORK_CPU_UNBOUND, wq, r.gp_work);
}

}  // namespace

WaitResult synchronize_rcu(World& w, int32_t task, int64_t& target) {
  Rcu& r = w.rcu;
  if (target == 0) {
    // A grace period already running may have started before this call: wait for the next.
    target = static_cast<int64_t>(r.completed + (r.gp_in_progress ? 2 : 1));
    r.waiters.push_back(RcuWaiter{task, static_cast<uint64_t>(target)});
    if (!r.gp_in_progress) rcu_start_gp(w);
  }
  if (r.completed >= static_cast<uint64_t>(target)) {
    target = 0;
    return WaitResult::Done;
  }
  set_current_state(w, task, TaskState::Uninterruptible, WaitReason::Rcu);
  return WaitResult::Blocked;
}

void rcu_gp_done(World& w) {
  Rcu& r = w.rcu;
  if (!r.gp_in_progress) return;
  r.gp_in_progress = false;
  ++r.completed;
  Event& e = emit(w, EventType::RcuGpEnd);
  e.a = static_cast<int64_t>(r.completed);
  std::vector<RcuWaiter> still;
  std::vector<int32_t> wake;
  for (const RcuWaiter& wt : r.waiters) {
    if (wt.target <= r.completed)
      wake.push_back(wt.task);
    else
      still.push_back(wt);
  }
  r.waiters = still;
  for (int32_t t : wake) wake_up_process(w, t);
  if (!r.waiters.empty()) rcu_start_gp(w);
}

}  // namespace cmwq
