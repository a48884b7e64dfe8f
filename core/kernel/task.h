#pragma once
/// @file
/// @brief Simulated tasks (struct task_struct): kernel threads as resumable state machines.

#include <cstdint>
#include <string>

#include "core/kernel/cpumask.h"
#include "core/kernel/time.h"

namespace cmwq {

/// Task state as the scheduler sees it (TASK_RUNNING and the sleeping states).
enum class TaskState : uint8_t {
  Running,          ///< TASK_RUNNING: on a CPU or waiting on a runqueue.
  Interruptible,    ///< TASK_INTERRUPTIBLE.
  Uninterruptible,  ///< TASK_UNINTERRUPTIBLE ("D" in ps).
  Idle,             ///< TASK_IDLE: uninterruptible but not counted as load (idle kworkers).
  Dead,             ///< TASK_DEAD: exited.
};

/// The one-letter state `ps` and sched_switch print: R, S, D, I, X.
char task_state_char(TaskState s);

/// What kind of kernel thread a task is; selects its thread function.
enum class TaskKind : uint8_t {
  Kthreadd,  ///< kthreadd: creates kernel threads on request.
  Worker,    ///< kworker running worker_thread().
  Rescuer,   ///< kworker/R-NAME running rescuer_thread().
  Caller,    ///< A task a scenario action starts to make one sleeping workqueue call, then exit.
  RtBusy,    ///< A SCHED_FIFO kthread bound to one CPU that busy-loops for a while, then exits (`rt_busy`).
};

/// Task flags (a subset of PF_*).
enum TaskFlags : uint32_t {
  PF_KTHREAD = 1u << 0,    ///< A kernel thread.
  PF_WQ_WORKER = 1u << 1,  ///< A workqueue worker: the scheduler calls the wq hooks.
  PF_MEMALLOC = 1u << 2,   ///< Allocating for reclaim: may dip below watermarks.
};

/// Why a sleeping task sleeps (for display and for the invariant checker).
enum class WaitReason : uint8_t {
  None,
  WorkerIdle,       ///< Idle kworker in worker_thread() or rescuer waiting for maydays.
  Hrtimer,          ///< A program's `sleep` (an hrtimer sleep, as usleep_range()/fsleep()).
  Timeout,          ///< schedule_timeout(): a timer_list sleep (the manager's CREATE_COOLDOWN).
  Memory,           ///< Direct reclaim: waiting for pages to be freed.
  Completion,       ///< wait_for_completion().
  Mutex,            ///< mutex_lock() contention.
  KthreadCreate,    ///< kthread_create(): waiting for kthreadd.
  KthreadStart,     ///< A new kthread parked in kthread() until its creator wakes it.
  KthreaddIdle,     ///< kthreadd with nothing to create.
  Rcu,              ///< synchronize_rcu(): waiting for a grace period.
};

/// Outcome of a call that may sleep, seen from the calling task's step function.
enum class WaitResult : uint8_t {
  Done,     ///< Finished without sleeping (or finished after being woken).
  Blocked,  ///< The task set a sleeping state; call again after it is woken.
  Failed,   ///< Could not be done and may not sleep (e.g. GFP_NOWAIT below the watermark).
};

/// Printable name of a WaitReason.
const char* wait_reason_name(WaitReason r);

/// A simulated task. Kernel code that runs in the task is a step function that
/// resumes at a saved label; see sched.h for how steps end (burn, block, yield).
struct Task {
  int32_t pid = -1;  ///< Process id (kthreadd is 2).
  std::string comm;  ///< Thread name, e.g. "kworker/0:1".
  TaskKind kind = TaskKind::Worker;     ///< Which thread function it runs.
  TaskState state = TaskState::Running;  ///< Scheduler state.
  int nice = 0;                          ///< Nice level, -20..19.
  int rt_priority = 0;                   ///< SCHED_FIFO priority 1..99 (sched_set_fifo() gives 50); 0 = SCHED_NORMAL.
  uint32_t flags = PF_KTHREAD;           ///< PF_* flags.
  CpuMask allowed;  ///< cpus_allowed.
  int cpu = 0;      ///< CPU it runs on or last ran on (task_cpu()).
  bool on_rq = false;   ///< Waiting on a runqueue.
  bool on_cpu = false;  ///< Currently the CPU's curr.
  Nanos sum_exec_runtime = 0;  ///< CPU time used, up to the start of the current burst.
  Nanos burn_left = 0;         ///< CPU time still owed to the current `burn`.
  WaitReason wait = WaitReason::None;  ///< Why it sleeps, if it does.
  int32_t wait_obj = -1;   ///< Completion, mutex, ... the task waits on.
  uint32_t sleep_gen = 0;  ///< Generation for hrtimer sleeps (stale SleepDone is a no-op).
  Nanos sleep_until = 0;   ///< When the current hrtimer sleep expires.
  int32_t timeout_timer = -1;  ///< timer_list used by schedule_timeout(), made on first use.
  bool wakeup_pending_hook = false;  ///< Blocked since it last ran: call the running hook.
  bool in_reclaim = false;           ///< Blocked in direct reclaim since its last successful allocation.
  bool oops = false;  ///< Its code hit a kernel BUG (an oops): it dies when its current step returns.
  int32_t lockdep_depth = 0;  ///< lockdep_depth(): locks it took while lockdep checked, not yet released.
  int32_t worker = -1;     ///< Index of its struct worker, for kworkers and rescuers.
  int32_t caller = -1;     ///< Index of its WqCaller, for TaskKind::Caller.
  int32_t kthread_create_req = -1;  ///< For a new kthread: the request that made it.
  /// kthread(): 0 = just forked, must report to its creator; 1 = parked until the
  /// creator wakes it; 2 = running its thread function.
  uint8_t kthread_phase = 2;
  Nanos rt_busy_ns = 0;  ///< RtBusy: the CPU time its loop has yet to start burning (0 once it has).
};

/// The kernel's p->prio: 99 - rt_priority for a SCHED_FIFO task (0..98), 120 + nice for
/// SCHED_NORMAL (100..139). A lower value runs first; every real-time task goes before
/// every normal one.
inline int task_prio(const Task& t) { return t.rt_priority > 0 ? 99 - t.rt_priority : 120 + t.nice; }

}  // namespace cmwq
