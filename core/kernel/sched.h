#pragma once
/// @file
/// @brief CPUs, runqueues and the two scheduler models.
///
/// Kernel code inside a task runs in zero virtual time until it either needs CPU
/// time (a `burn`), blocks (it set a sleeping state and called schedule()), yields
/// (cond_resched() with another task waiting), or exits. The scheduler turns those
/// outcomes into context switches, and calls the workqueue hooks exactly where the
/// kernel's scheduler calls them: wq_worker_sleeping() from schedule() when the task
/// is not TASK_RUNNING (so preemption never counts as sleeping), wq_worker_running()
/// when a task that called schedule() runs again, and wq_worker_tick() on ticks.

#include <cstdint>
#include <vector>

#include "core/kernel/task.h"
#include "core/kernel/time.h"

namespace cmwq {

struct World;

/// Which scheduler the machine runs.
enum class SchedModel : uint8_t {
  /// The documentation's "simple FIFO scheduling": a running task keeps its CPU
  /// until it sleeps, yields at cond_resched() or exits; a woken task of higher
  /// priority (lower nice) goes ahead of lower-priority waiters but never preempts.
  Fifo,
  /// Time slices proportional to the nice weight, and wakeup preemption by a task
  /// of strictly higher priority. A preempted worker stays in nr_running.
  Preempt,
};

/// How a step of kernel code running in a task ended.
enum class StepResult : uint8_t {
  Burn,   ///< Needs task.burn_left nanoseconds of CPU before the next step.
  Block,  ///< Set a sleeping state and called schedule().
  Yield,  ///< cond_resched(): give the CPU to a waiting task of equal or higher priority.
  Migrate,  ///< Its allowed CPUs changed and exclude this CPU: move it (set_cpus_allowed_ptr()).
  Exit,   ///< The thread function returned.
};

/// One CPU and its runqueue.
struct Cpu {
  bool online = true;             ///< cpu_online().
  int32_t curr = -1;              ///< Running task, or -1 (the idle task).
  std::vector<int32_t> runqueue;  ///< Runnable tasks, the next to run first.
  uint32_t gen = 0;               ///< Generation for BurnDone/HogTick actions.
  Nanos burst_start = 0;          ///< When curr's current burst of CPU use began.
  Nanos burst_len = 0;            ///< Length of that burst (may be cut by preemption).
  bool burning = false;           ///< curr is using CPU (a BurnDone action is pending).
  bool run_pending = false;       ///< A CpuRun action is pending.
  bool need_resched = false;      ///< Preempt model: a higher-priority task woke mid-step.
  int32_t last = -1;              ///< Task that left the CPU and whose switch-out is not yet shown.
  char last_state = 'R';          ///< Its state when it left.
  Nanos busy_ns = 0;              ///< Total CPU time used by tasks on this CPU.
  Nanos steps_instant = -1;       ///< The instant steps_at_instant counts task steps of.
  uint32_t steps_at_instant = 0;  ///< Task steps run on this CPU at that instant (livelock guard).
};

/// Livelock guard: kernel code runs in zero virtual time, so a work that requeues itself
/// without burning or sleeping (or two that requeue each other) would run forever at one
/// instant: virtual time would never move and the run would never end. After this many
/// task steps on one CPU at one instant, the CPU's next pass waits kLivelockDelay (about
/// a tick): the loop still runs forever, as it would in the kernel, but time passes and
/// the event stream grows at a bounded rate. No shipped scenario comes near this bound.
constexpr uint32_t kMaxTaskStepsPerInstant = 1000;
/// See kMaxTaskStepsPerInstant.
constexpr Nanos kLivelockDelay = NSEC_PER_MSEC;

/// The nice-to-weight table of kernel/sched/core.c (sched_prio_to_weight), nice -20..19.
int nice_to_weight(int nice);

/// try_to_wake_up(): make a sleeping task runnable. Returns false if it already was.
bool wake_up_process(World& w, int32_t task);
/// Marks the current task as going to sleep (set_current_state()).
void set_current_state(World& w, int32_t task, TaskState state, WaitReason reason, int32_t obj = -1);
/// Asks CPU @p cpu to run its scheduling loop at the current instant.
void sched_request_run(World& w, int cpu);
/// Runs CPU @p cpu: steps its current task, switching tasks as they block or yield.
void sched_run_cpu(World& w, int cpu);
/// The current task of @p cpu finished a burst of CPU use.
void sched_burn_done(World& w, int cpu, uint32_t gen);
/// The tick at which wq_worker_tick() notices a CPU hog.
void sched_hog_tick(World& w, int cpu, uint32_t gen);
/// Runs the thread function of @p task until it burns, blocks, yields or exits
/// (implemented by the world, which knows every kind of thread).
StepResult run_task_step(World& w, int32_t task);
/// Puts a new task on a runqueue for its first run (wake_up_new_task()).
void sched_start_new_task(World& w, int32_t task);
/// set_cpus_allowed_ptr(): changes a task's allowed CPUs, moving it if it is queued or
/// running on a CPU it may no longer use (a running task is preempted, keeping its burn).
void sched_set_cpus_allowed(World& w, int32_t task, const CpuMask& mask);
/// Moves every task off @p cpu, which is going offline (migrate_tasks()); tasks with
/// no other allowed online CPU run anywhere (select_fallback_rq()).
void sched_migrate_tasks_off(World& w, int cpu);
/// CPU time a task has used so far, including an ongoing burst.
Nanos task_runtime(const World& w, int32_t task);

}  // namespace cmwq
