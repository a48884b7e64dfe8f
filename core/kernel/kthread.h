#pragma once
/// @file
/// @brief kthreadd and kthread_create() (kernel/kthread.c).
///
/// kthread_create_on_node() queues a request on kthread_create_list, wakes kthreadd
/// and sleeps until the new thread reports in. kthreadd forks the thread (allocating
/// its task struct and stack, which can block in direct reclaim or fail), the new
/// thread runs kthread(), completes the creator and sleeps in TASK_UNINTERRUPTIBLE
/// until its creator wakes it with wake_up_process(); only then does it run its
/// thread function.

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "core/kernel/cpumask.h"
#include "core/kernel/task.h"

namespace cmwq {

/// struct kthread_create_info.
struct KthreadCreateRequest {
  int32_t creator = -1;  ///< Task waiting in kthread_create_on_node().
  TaskKind kind = TaskKind::Worker;  ///< Thread function the new task runs.
  std::string comm;                  ///< Its name.
  int nice = 0;                      ///< Its nice level (set_user_nice()).
  CpuMask allowed;                   ///< Its allowed CPUs (kthread_bind_mask()).
  int32_t worker = -1;   ///< struct worker the thread will run as.
  int32_t result = -1;   ///< New task, or -1 while pending.
  bool failed = false;   ///< fork failed (-ENOMEM).
  bool done = false;     ///< The creator's completion fired.
};

/// kthreadd's state.
struct Kthreadd {
  int32_t task = -1;                      ///< kthreadd's task.
  std::deque<int32_t> create_list;        ///< kthread_create_list: pending request ids.
  int32_t current = -1;                   ///< Request being forked now.
  bool fork_paid = false;                 ///< kthreadd has spent MachineConfig::fork_cost on `current`.
  std::vector<KthreadCreateRequest> requests;  ///< Every request made, by id.
};

}  // namespace cmwq

#include "core/kernel/sched.h"

namespace cmwq {

struct World;

/// Creates kthreadd (pid 2) at boot.
void kthreadd_init(World& w);
/// kthread_create_on_node(): queues a request and wakes kthreadd; returns the
/// request id. The creator then waits with kthread_create_wait().
int32_t kthread_create_on_node(World& w, int32_t creator, TaskKind kind, const std::string& comm,
                               int nice, const CpuMask& allowed, int32_t worker);
/// Done once kthreadd has forked the thread (or failed); Blocked until then.
WaitResult kthread_create_wait(World& w, int32_t creator, int32_t request);
/// A task made directly at boot, before kthreadd serves requests; returns its id.
int32_t kthread_create_at_boot(World& w, TaskKind kind, const std::string& comm, int nice,
                               const CpuMask& allowed, int32_t worker);
/// A task that starts running at once (wake_up_new_task()), without kthreadd: like
/// the boot-time threads it needs no fork. Used for the tasks scenario actions start
/// to make a sleeping call. Returns its id.
int32_t kthread_run_now(World& w, TaskKind kind, const std::string& comm, int nice, const CpuMask& allowed);
/// kthread_run() of a kthread bound to @p cpu, made SCHED_FIFO (sched_set_fifo():
/// priority 50) before its first wake-up; like kthread_run_now() it needs no fork.
/// Returns its id.
int32_t kthread_run_fifo(World& w, TaskKind kind, const std::string& comm, int cpu);
/// kthreadd()'s loop.
StepResult kthreadd_step(World& w, int32_t task);
/// kthread(): the new thread reports to its creator and parks. Returns true when
/// the thread function should run now; otherwise @p result says how the step ended.
bool kthread_prologue(World& w, int32_t task, StepResult& result);

}  // namespace cmwq
