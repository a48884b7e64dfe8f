#pragma once
/// @file
/// @brief A minimal RCU whose grace periods are driven by a work item.
///
/// synchronize_rcu() waits for a full grace period that starts after the call. In
/// this model a grace period completes only when the grace-period work item (the
/// expedited `wait_rcu_exp_gp` style work, or a normal one) runs on the workqueue
/// the scenario names. That reproduces the 2017 discussion between Paul McKenney and
/// Tejun Heo about running expedited grace periods from workqueues: progress of every
/// synchronize_rcu() caller depends on that work item getting a worker.

#include <cstdint>
#include <vector>

namespace cmwq {

/// A task waiting in synchronize_rcu() for grace period number @c target.
struct RcuWaiter {
  int32_t task = -1;    ///< The waiting task.
  uint64_t target = 0;  ///< Grace period number it waits for.
};

/// RCU grace-period state.
struct Rcu {
  uint64_t completed = 0;       ///< Grace periods completed so far.
  bool gp_in_progress = false;  ///< A grace period started and its work not yet done.
  std::vector<RcuWaiter> waiters;  ///< Tasks in synchronize_rcu().
  int32_t gp_wq = -1;    ///< Workqueue the grace-period work runs on (-1: system_wq).
  int32_t gp_work = -1;  ///< The grace-period work item (created at boot).
  bool expedited = true;  ///< Expedited grace periods (the work-driven kind).
};

}  // namespace cmwq

#include "core/kernel/task.h"

namespace cmwq {

struct World;

/// synchronize_rcu(): on the first call (@p target == 0) registers for the next full
/// grace period, starting one (queueing the grace-period work) if none is running,
/// and sleeps; returns Done once that grace period has completed.
WaitResult synchronize_rcu(World& w, int32_t task, int64_t& target);
/// The grace-period work finished: the running grace period completes, waiters whose
/// grace period is done wake, and a new grace period starts if anyone still waits.
void rcu_gp_done(World& w);

}  // namespace cmwq
