#pragma once
/// @file
/// @brief Where a task is in the kernel's code: "task T is at line L of kernel function
/// F", as a call stack, answered by the model from its own resume state.
///
/// The model's kernel threads are step functions that resume at saved labels
/// (Worker::label, Worker::create_step, Worker::process_step, the work's program
/// counter, kthread() phases, DrainCall steps). Readers outside the model (the Code
/// panel, line-by-line stepping) ask code_position() instead of decoding those labels.
///
/// A position is a stack of frames, outermost first. Each frame names a kernel function
/// and a line of it. Lines are stable identifiers, one enum per function, listed in the
/// function's source order; each names the kernel statement it stands for and has a short
/// tag (line_tag()) such as "mod_timer" or "woke_up". Every place a task can be stopped
/// (asleep, waiting for its CPU, burning CPU) has its own position, and the lines events
/// are emitted from have one too. The work item's own function is a frame whose line is
/// the index of the operation in its program.

#include <cstdint>
#include <string>
#include <vector>

namespace cmwq {

struct World;

/// The kernel functions a task of the model can be in.
enum class KernelFunction : uint8_t {
  Kthread,                ///< kthread() (kernel/kthread.c): a new thread before its thread function.
  Kthreadd,               ///< kthreadd() (kernel/kthread.c): creates the threads others ask for.
  WorkerThread,           ///< worker_thread(): every kworker's thread function.
  ManageWorkers,          ///< manage_workers(): the manager role.
  MaybeCreateWorker,      ///< maybe_create_worker(): create workers until one is idle.
  CreateWorker,           ///< create_worker(): one new worker.
  ProcessScheduledWorks,  ///< process_scheduled_works(): run the worker's scheduled list.
  ProcessOneWork,         ///< process_one_work(): run one work item.
  WorkFunction,           ///< The work item's own function (its Program); line = operation index.
  RescuerThread,          ///< rescuer_thread(): a WQ_MEM_RECLAIM workqueue's rescuer.
  AssignRescuerWork,      ///< assign_rescuer_work() (6.12.118): the rescuer's next item, behind the cursor.
  PoolMaydayTimeout,      ///< pool_mayday_timeout(): a timer callback, never a task's position.
  SendMayday,             ///< send_mayday(): called by the mayday timer, never a task's position.
  DrainWorkqueue,         ///< drain_workqueue().
  DestroyWorkqueue,       ///< destroy_workqueue().
};

/// Lines of kthread() (kernel/kthread.c).
enum class KthreadLine : uint8_t {
  Complete,  ///< complete(done): the new thread tells its creator it exists.
  Schedule,  ///< schedule_preempt_disabled(): parked until the creator wakes it.
  Threadfn,  ///< ret = threadfn(data): woken, about to start its thread function.
};

/// Lines of kthreadd() (kernel/kthread.c).
enum class KthreaddLine : uint8_t {
  Schedule,       ///< if (list_empty(&kthread_create_list)) schedule(): nothing to create.
  CreateList,     ///< while (!list_empty(&kthread_create_list)): woken with requests.
  CreateKthread,  ///< create_kthread(create): forks the thread (allocates its task and stack).
};

/// Lines of worker_thread().
enum class WorkerThreadLine : uint8_t {
  WokeUp,     ///< woke_up: (woken, resumes here).
  Die,        ///< if (unlikely(worker->flags & WORKER_DIE)): told to exit.
  Return,     ///< return 0: the worker exited.
  LeaveIdle,  ///< worker_leave_idle(worker).
  Recheck,    ///< recheck: if (!need_more_worker(pool)) goto sleep.
  Manage,     ///< if (unlikely(!may_start_working(pool)) && manage_workers(worker)).
  ClearPrep,  ///< worker_clr_flags(worker, WORKER_PREP | WORKER_REBOUND).
  Process,    ///< if (assign_work(work, worker, NULL)) process_scheduled_works(worker).
  EnterIdle,  ///< sleep: worker_enter_idle(worker).
  Schedule,   ///< schedule(): idle, asleep in TASK_IDLE.
};

/// Lines of manage_workers().
enum class ManageWorkersLine : uint8_t {
  Active,             ///< pool->flags |= POOL_MANAGER_ACTIVE.
  MaybeCreateWorker,  ///< maybe_create_worker(pool).
  Inactive,           ///< pool->flags &= ~POOL_MANAGER_ACTIVE.
};

/// Lines of maybe_create_worker().
enum class MaybeCreateWorkerLine : uint8_t {
  ModTimer,      ///< restart: mod_timer(&pool->mayday_timer, jiffies + MAYDAY_INITIAL_TIMEOUT).
  CreateWorker,  ///< if (create_worker(pool) || !need_to_create_worker(pool)) break.
  Cooldown,      ///< schedule_timeout_interruptible(CREATE_COOLDOWN).
  DelTimer,      ///< del_timer_sync(&pool->mayday_timer).
};

/// Lines of create_worker().
enum class CreateWorkerLine : uint8_t {
  IdaAlloc,       ///< id = ida_alloc(&pool->worker_ida, GFP_KERNEL).
  AllocWorker,    ///< worker = alloc_worker(pool->node): kzalloc, may enter direct reclaim.
  KthreadCreate,  ///< worker->task = kthread_create_on_node(worker_thread, ...): waits for kthreadd.
  Fail,           ///< pr_err_once("workqueue: Failed to create a worker thread: %pe", ...).
  WakeUp,         ///< wake_up_process(worker->task): the new worker is attached and idle.
};

/// Lines of process_scheduled_works().
enum class ProcessScheduledWorksLine : uint8_t {
  Next,            ///< while ((work = list_first_entry_or_null(&worker->scheduled, ...))).
  ProcessOneWork,  ///< process_one_work(worker, work).
};

/// Lines of process_one_work().
enum class ProcessOneWorkLine : uint8_t {
  ExecuteStart,  ///< trace_workqueue_execute_start(work).
  CurrentFunc,   ///< worker->current_func(work).
  ExecuteEnd,    ///< trace_workqueue_execute_end(work, worker->current_func).
  CondResched,   ///< cond_resched(): lets a task waiting for this CPU run first.
};

/// Lines of rescuer_thread() in both generations, in source order: v6.12.0's (it takes
/// every item of the pwq at once) and 6.12.118's (one item at a time behind a cursor)
/// are each a subsequence; the comments say which lines only one of them has.
enum class RescuerThreadLine : uint8_t {
  Maydays,            ///< while (!list_empty(&wq->maydays)): woken, takes the first pwq.
  Attach,             ///< worker_attach_to_pool(rescuer, pool): moves to the pool's CPUs.
  Slurp,              ///< v6.12.0: list_for_each_entry_safe(work, n, &pool->worklist, entry).
  Assign,             ///< v6.12.0: if (get_work_pwq(work) == pwq && assign_work(work, rescuer, &n)).
  AssignRescuerWork,  ///< 6.12.118: while (assign_rescuer_work(pwq, rescuer)): the next item, if any.
  Process,            ///< process_scheduled_works(rescuer).
  Requeue,            ///< v6.12.0: list_add_tail(&pwq->mayday_node, &wq->maydays): more to rescue.
  Batch,              ///< 6.12.118: if (++count > RESCUER_BATCH && !list_empty(&pwq->wq->maydays) && ...).
  BatchRequeue,       ///< 6.12.118: list_add_tail(&pwq->mayday_node, &wq->maydays); then break.
  CursorDel,          ///< 6.12.118: list_del_init(&pwq->mayday_cursor.entry) unless the pwq is on wq->maydays.
  PutPwq,             ///< v6.12.0: put_pwq(pwq): drops send_mayday()'s reference before leaving.
  Kick,               ///< kick_pool(pool): leaving, wake a regular worker.
  Detach,             ///< worker_detach_from_pool(rescuer).
  PutPwqUnlocked,     ///< 6.12.118: put_pwq_unlocked(pwq): drops send_mayday()'s reference once detached.
  Return,             ///< return 0: kthread_should_stop() with no mayday left.
  Schedule,           ///< schedule(): asleep in TASK_IDLE until send_mayday() wakes it.
};

/// Lines of assign_rescuer_work() (6.12.118), called with pool->lock held.
enum class AssignRescuerWorkLine : uint8_t {
  NeedRescue,   ///< if (!pwq->nr_active || !need_to_create_worker(pool)) return false.
  Search,       ///< work = the worklist's head, or the entry after the cursor if it is on the list.
  Walk,         ///< list_for_each_entry_safe_from(work, n, &pool->worklist, entry).
  AssignWork,   ///< if (get_work_pwq(work) == pwq && assign_work(work, rescuer, &n)).
  Rescued,      ///< pwq->stats[PWQ_STAT_RESCUED]++.
  MoveCursor,   ///< list_move_tail(&cursor->entry, &n->entry): where the next search starts.
  ReturnTrue,   ///< return true: one item (and its linked barriers) is on rescuer->scheduled.
  ReturnFalse,  ///< return false: nothing of the pwq after the cursor.
};

/// Lines of pool_mayday_timeout() (the mayday timer's callback).
enum class PoolMaydayTimeoutLine : uint8_t {
  NeedToCreate,  ///< if (need_to_create_worker(pool)): still starving?
  SendMayday,    ///< list_for_each_entry(work, &pool->worklist, entry) send_mayday(work).
  ModTimer,      ///< mod_timer(&pool->mayday_timer, jiffies + MAYDAY_INTERVAL).
};

/// Lines of send_mayday().
enum class SendMaydayLine : uint8_t {
  WakeRescuer,  ///< list_add_tail(&pwq->mayday_node, &wq->maydays); wake_up_process(wq->rescuer->task).
};

/// Lines of drain_workqueue().
enum class DrainWorkqueueLine : uint8_t {
  Draining,    ///< if (!wq->nr_drainers++) wq->flags |= __WQ_DRAINING.
  Flush,       ///< reflush: __flush_workqueue(wq).
  Incomplete,  ///< pr_warn("workqueue %s: %s() isn't complete after %u tries\n", ...).
  Done,        ///< if (!--wq->nr_drainers) wq->flags &= ~__WQ_DRAINING.
};

/// Lines of destroy_workqueue().
enum class DestroyWorkqueueLine : uint8_t {
  Destroying,   ///< wq->flags |= __WQ_DESTROYING.
  Drain,        ///< drain_workqueue(wq).
  KthreadStop,  ///< kthread_stop(rescuer->task): waits for the rescuer to exit.
  SanityCheck,  ///< for_each_pwq(pwq, wq) if (WARN_ON(pwq_busy(pwq))).
};

/// One frame of a position: a kernel function and a line of it.
struct KernelFrame {
  KernelFunction function = KernelFunction::WorkerThread;  ///< The function.
  /// The line: the value of the function's line enum, or for WorkFunction the index of
  /// the operation in the program (its size: the function is returning).
  int32_t line = 0;
  int32_t work = -1;  ///< ProcessOneWork, WorkFunction: the work item.
  int32_t wq = -1;    ///< DrainWorkqueue, DestroyWorkqueue: the workqueue.

  /// A frame at worker_thread()'s first line (woke_up:).
  KernelFrame() = default;
  /// A frame at line @p l of kthread().
  explicit KernelFrame(KthreadLine l) : function(KernelFunction::Kthread), line(static_cast<int32_t>(l)) {}
  /// A frame at line @p l of kthreadd().
  explicit KernelFrame(KthreaddLine l) : function(KernelFunction::Kthreadd), line(static_cast<int32_t>(l)) {}
  /// A frame at line @p l of worker_thread().
  explicit KernelFrame(WorkerThreadLine l) : function(KernelFunction::WorkerThread), line(static_cast<int32_t>(l)) {}
  /// A frame at line @p l of manage_workers().
  explicit KernelFrame(ManageWorkersLine l) : function(KernelFunction::ManageWorkers), line(static_cast<int32_t>(l)) {}
  /// A frame at line @p l of maybe_create_worker().
  explicit KernelFrame(MaybeCreateWorkerLine l)
      : function(KernelFunction::MaybeCreateWorker), line(static_cast<int32_t>(l)) {}
  /// A frame at line @p l of create_worker().
  explicit KernelFrame(CreateWorkerLine l) : function(KernelFunction::CreateWorker), line(static_cast<int32_t>(l)) {}
  /// A frame at line @p l of process_scheduled_works().
  explicit KernelFrame(ProcessScheduledWorksLine l)
      : function(KernelFunction::ProcessScheduledWorks), line(static_cast<int32_t>(l)) {}
  /// A frame at line @p l of process_one_work() running @p work_item.
  explicit KernelFrame(ProcessOneWorkLine l, int32_t work_item = -1)
      : function(KernelFunction::ProcessOneWork), line(static_cast<int32_t>(l)), work(work_item) {}
  /// A frame at line @p l of rescuer_thread().
  explicit KernelFrame(RescuerThreadLine l) : function(KernelFunction::RescuerThread), line(static_cast<int32_t>(l)) {}
  /// A frame at line @p l of assign_rescuer_work().
  explicit KernelFrame(AssignRescuerWorkLine l)
      : function(KernelFunction::AssignRescuerWork), line(static_cast<int32_t>(l)) {}
  /// A frame at line @p l of pool_mayday_timeout().
  explicit KernelFrame(PoolMaydayTimeoutLine l)
      : function(KernelFunction::PoolMaydayTimeout), line(static_cast<int32_t>(l)) {}
  /// A frame at line @p l of send_mayday().
  explicit KernelFrame(SendMaydayLine l) : function(KernelFunction::SendMayday), line(static_cast<int32_t>(l)) {}
  /// A frame at line @p l of drain_workqueue() of workqueue @p workqueue.
  explicit KernelFrame(DrainWorkqueueLine l, int32_t workqueue = -1)
      : function(KernelFunction::DrainWorkqueue), line(static_cast<int32_t>(l)), wq(workqueue) {}
  /// A frame at line @p l of destroy_workqueue() of workqueue @p workqueue.
  explicit KernelFrame(DestroyWorkqueueLine l, int32_t workqueue = -1)
      : function(KernelFunction::DestroyWorkqueue), line(static_cast<int32_t>(l)), wq(workqueue) {}
  /// A frame at operation @p pc of work item @p work_item's function.
  static KernelFrame work_op(int32_t work_item, int32_t pc);

  /// Same function, line and arguments.
  bool operator==(const KernelFrame& o) const = default;
};

/// A call stack, outermost first; empty when the task has no code to show (no such
/// task, or a caller task that finished).
struct CodePosition {
  std::vector<KernelFrame> frames;  ///< Outermost first; the last one is where the task is.

  /// The innermost frame of function @p f, or nullptr.
  const KernelFrame* find(KernelFunction f) const;
};

/// Where task @p task is: a worker or rescuer (worker_thread()/rescuer_thread() and what
/// they call, down to the work's operation), a new thread still in kthread(), kthreadd,
/// or a task a scenario action started to call drain_workqueue()/destroy_workqueue().
CodePosition code_position(const World& w, int32_t task);

/// The kernel name of @p f ("worker_thread"); "work_function" for WorkFunction.
const char* kernel_function_name(KernelFunction f);
/// The short tag of the frame's line ("woke_up", "mod_timer", "alloc_worker"); "op"
/// for a WorkFunction frame (its line is a number).
const char* line_tag(const KernelFrame& f);
/// A position as text, "worker_thread:manage > manage_workers:maybe_create_worker > ...",
/// a WorkFunction frame as "work_function:op#2", for tests and logs.
std::string position_text(const CodePosition& p);

}  // namespace cmwq
