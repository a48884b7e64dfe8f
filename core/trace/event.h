#pragma once
/// @file
/// @brief The one event stream: every state change of the simulated machine.
///
/// Tests, exporters, the command line and the UI read only this stream (and the
/// world's public state); none of them reaches into the model's private steps.
/// Events are small fixed-size records; names (of tasks, works, workqueues) are
/// looked up in the world by id, because ids are never reused.

#include <cstddef>
#include <cstdint>

#include "core/kernel/time.h"

namespace cmwq {

/// What happened. Field use is given per type: task, cpu, work, pool, pwq, wq, a, b.
/// Each type is declared once more, with names and types for its values, where it shows
/// and its description in English, in the event schema (core/trace/schema.h).
enum class EventType : uint16_t {
  // --- Scheduler ---
  SchedSwitch,    ///< cpu: task = prev (-1 idle), a = next (-1 idle), b = prev state char.
  SchedWakeup,    ///< task woken onto cpu.
  SchedMigrate,   ///< task moved to cpu; a = old cpu.
  TaskNew,        ///< task created (kthread or boot thread); cpu = where it will first run.
  TaskExit,       ///< task exited.
  // --- Workqueue tracepoints (include/trace/events/workqueue.h) ---
  QueueWork,      ///< workqueue_queue_work: work, wq, pwq, pool; a = req_cpu, b = pool cpu.
  ActivateWork,   ///< workqueue_activate_work: work, pwq, pool.
  ExecuteStart,   ///< workqueue_execute_start: work, task (worker), pwq, pool.
  ExecuteEnd,     ///< workqueue_execute_end: work, task, pwq, pool.
  // --- Work programs ---
  WorkOp,         ///< work's program started an operation: task, work, a = OpCode, b = pc.
  WorkOpDone,     ///< a blocking operation returned: task, work, a = OpCode, b = pc.
  // --- Worker lifecycle and concurrency management ---
  WorkerCreated,    ///< task, pool; a = worker id; b = 1 for a rescuer.
  WorkerDestroyed,  ///< task, pool; a = worker id (idle culling).
  WorkerIdle,       ///< worker_enter_idle(): task, pool.
  WorkerBusy,       ///< worker_leave_idle(): task, pool.
  WorkerFlags,      ///< worker flags changed: task, pool; a = new flags, b = old flags.
  KickPool,         ///< kick_pool() woke an idle worker: task (woken), pool; a = reason (KickReason).
  ManagerStart,     ///< manage_workers() took the manager role: task, pool.
  ManagerEnd,       ///< manage_workers() done: task, pool.
  CreateWorker,     ///< create_worker() began: task (manager), pool.
  CreateFailed,     ///< create_worker() failed: task, pool; a = errno (positive).
  CreateCooldown,   ///< schedule_timeout_interruptible(CREATE_COOLDOWN): task, pool.
  PoolCounters,     ///< pool: a = nr_running | nr_idle<<16 | nr_workers<<32, b = worklist length.
  PwqCounters,      ///< pwq, wq, pool: a = nr_active, b = inactive count.
  // --- Mayday and rescue ---
  MaydayTimerArm,   ///< pool; a = expires (jiffies), b = fire jiffy (after wheel rounding).
  MaydayTimerStop,  ///< pool: timer_delete_sync() by the manager.
  MaydayTimeout,    ///< pool_mayday_timeout() ran: pool; a = 1 if need_to_create_worker().
  MaydaySent,       ///< send_mayday(): pwq, wq, pool, work (the first item asking).
  RescuerWake,      ///< rescuer picked a pwq off wq->maydays: task, pwq, wq, pool.
  RescuerAssign,    ///< rescuer slurped a work: task, work, pwq, pool.
  RescuerRequeue,   ///< rescuer put the pwq back on maydays (still starving): task, pwq.
  RescuerDone,      ///< rescuer left the pool: task, pwq, pool.
  // --- Memory ---
  MemCounters,      ///< a = free pages, b = cache pages.
  AllocBlocked,     ///< task (work if a program) entered direct reclaim: a = pages, b = Gfp.
  AllocDone,        ///< task (work if a program) got its pages after direct reclaim: a = pages, b = Gfp.
  AllocFailed,      ///< allocation failed: task, a = pages, b = Gfp.
  ReclaimQueued,    ///< direct reclaim queued the writeback work: task, work, wq.
  PagesFreed,       ///< a = pages made free, b = PagesFreedReason.
  // --- Synchronisation ---
  RcuGpStart,       ///< a = grace period number.
  RcuGpEnd,         ///< a = grace period number.
  // --- Watchdog and warnings ---
  WatchdogLockup,   ///< "BUG: workqueue lockup": pool; a = seconds stuck.
  // show_all_workqueues() after a lockup, as structured lines (state at that instant):
  DumpBegin,        ///< "Showing busy workqueues and worker pools:".
  DumpWorkqueue,    ///< "workqueue %s: flags=0x%x": wq; a = flags.
  DumpPwq,          ///< "  pwq %d: <pool info> active=%d refcnt=%d[ MAYDAY]": pwq, pool, wq; a = active,
                    ///< b = refcnt | (on mayday list) << 32.
  DumpInFlight,     ///< "    in-flight:" entry: pwq, task (worker), work; a = 1 if rescuer.
  DumpPending,      ///< "    pending:" entry: pwq, work.
  DumpInactive,     ///< "    inactive:" entry: pwq, work.
  DumpPool,         ///< "pool %d: <pool info> hung=%lus workers=%d[ manager: %d]": pool; a = hung seconds,
                    ///< b = nr_workers | (manager pid + 1) << 32.
  DumpIdle,         ///< one pid of the pool's " idle:" list: pool, task.
  DumpHogBegin,     ///< "Showing backtraces of running workers in stalled CPU-bound worker pools:".
  DumpHog,          ///< "pool %d:" and the running worker: pool, task, work, pwq, wq; a = its current_func.
  CpuHog,           ///< wq_worker_tick() marked a worker CPU_INTENSIVE: task, work, pwq, pool.
  CpuHogReport,     ///< "hogged CPU" report: work; a = thresh us, b = count.
  Warn,             ///< A WARN: a = WarnKind; other fields depend on the kind.
  // --- Timeline annotations ---
  CpuOnline,        ///< cpu came online.
  CpuOffline,       ///< cpu went offline.
  Scripted,         ///< A scenario action ran: a = action index.
  // --- Draining and destroying a workqueue (appended: older events keep their numbers) ---
  DrainStart,       ///< drain_workqueue() began (nr_drainers++, __WQ_DRAINING): task, wq; a = nr_drainers.
  DrainIncomplete,  ///< "workqueue %s: drain_workqueue() isn't complete after %u tries": task, wq; a = tries.
  DrainEnd,         ///< drain_workqueue() returned, every pwq empty: task, wq; a = tries (flushes that found work).
  DestroyStart,     ///< destroy_workqueue() began (__WQ_DESTROYING): task, wq.
  DestroyBusy,      ///< "destroy_workqueue: %s has the following busy pwq": wq, pwq; show_pwq() and
                    ///< show_one_workqueue() dump events follow.
  DestroyEnd,       ///< destroy_workqueue() returned: task, wq; a = 1 if the workqueue is gone, 0 if a busy
                    ///< pwq made it give up (the kernel leaks the workqueue).
  // --- Appended later ---
  RescuerAttach,    ///< worker_attach_to_pool() in rescuer_thread(), after RescuerWake: task, pwq, wq, pool.
  // --- The one-by-one rescuer of 6.12.118 (rescuer_cursor_one_by_one()) ---
  MaydayCursorPlace,  ///< assign_rescuer_work() put the pwq's mayday cursor where the item it took was:
                      ///< task (rescuer), work (the cursor), pwq, pool; a = the item it now precedes, -1 at the tail.
  MaydayCursorDel,    ///< The mayday cursor left the worklist: task, work (the cursor), pwq, pool; a = 1 if a
                      ///< worker's assign_work() dropped it, 0 if the rescuer removed it when leaving.
  RescuerBatch,       ///< RESCUER_BATCH reached with other pwqs on wq->maydays: the rescuer lets them go first:
                      ///< task, pwq, wq, pool; a = items this turn, b = 1 if it put the pwq back on wq->maydays.
};

/// The last event type: loops over every type run from 0 to this one.
constexpr EventType kLastEventType = EventType::RescuerBatch;
/// Number of EventType values.
constexpr size_t kEventTypeCount = static_cast<size_t>(kLastEventType) + 1;

/// Why kick_pool() ran.
enum class KickReason : uint8_t {
  Queue,        ///< __queue_work()
  Process,      ///< process_one_work() chaining (NOT_RUNNING worker)
  Sleep,        ///< wq_worker_sleeping(): the last running worker slept
  Hog,          ///< wq_worker_tick(): a worker turned CPU_INTENSIVE
  Rescuer,      ///< rescuer leaving a pool
  Activate,     ///< activation of an inactive work on a foreign pool / unplug
  Hotplug,      ///< unbind_workers()
};

/// Why pages became free.
enum class PagesFreedReason : uint8_t { Reclaim, Free, Release, WorkerExit };

/// The kinds of WARN the model reports (each has a kernel message).
enum class WarnKind : uint8_t {
  FlushDependency,      ///< check_flush_dependency(): WQ_MEM_RECLAIM flushing !WQ_MEM_RECLAIM.
  FlushMemalloc,        ///< check_flush_dependency(): PF_MEMALLOC task flushing !WQ_MEM_RECLAIM.
  QueueOnDraining,      ///< __queue_work(): WARN_ON_ONCE(!is_chained_work(wq)) on a draining/destroying wq.
  FreeMoreThanHeld,     ///< A program freed pages it did not allocate.
  UnlockNotOwner,       ///< mutex_unlock by a task that does not own the mutex.
  EnterIdleRunning,     ///< worker_enter_idle(): all idle but nr_running != 0.
  ScheduledNotEmpty,    ///< worker_thread(): scheduled list not empty.
  CreateFailedMessage,  ///< "workqueue: Failed to create a worker thread: -ENOMEM".
  MaxActiveClamped,     ///< "workqueue: max_active %d requested for %s is out of range, ...".
  BadCpu,               ///< queue_work_on() for a CPU the machine does not have.
  SetMaxActiveOrdered,  ///< workqueue_set_max_active() on an ordered workqueue.
  BhNotModelled,        ///< alloc_workqueue(WQ_BH): softirq execution is not modelled.
  QueueListNotEmpty,    ///< __queue_work(): WARN_ON(!list_empty(&work->entry)).
  DestroyBusyPwq,       ///< destroy_workqueue(): WARN_ON(pwq_busy(pwq)); pwq.
  UseAfterDestroy,      ///< A call on a destroyed workqueue (a use-after-free in the kernel; we ignore
                        ///< it): wq, work; b = UseAfterDestroyCall.
  NullPwqOops,          ///< v6.12.0's is_chained_work() read current_pwq->wq of a kworker executing no
                        ///< item (a NULL pointer dereference): task (it dies), wq, work.
  RecursiveLocking,     ///< lockdep: "possible recursive locking detected": task, work; b = mutex.
  LeakedLock,           ///< process_one_work(): "BUG: workqueue leaked atomic, lock or RCU": task, work,
                        ///< pwq, wq; b = the lock depths (fields.h lock_depths()).
};

/// What was called on a destroyed workqueue (WarnKind::UseAfterDestroy's b).
enum class UseAfterDestroyCall : uint8_t { QueueWork, FlushWorkqueue, DrainWorkqueue, DestroyWorkqueue };

/// One event.
struct Event {
  Nanos time = 0;    ///< When it happened.
  uint64_t seq = 0;  ///< Position in the stream (0, 1, 2, ...).
  EventType type = EventType::Warn;  ///< What happened.
  int16_t cpu = -1;   ///< CPU it happened on, or -1.
  int32_t task = -1;  ///< Task involved, or -1.
  int32_t work = -1;  ///< Work item involved, or -1.
  int32_t pool = -1;  ///< Worker pool involved, or -1.
  int32_t pwq = -1;   ///< Pool workqueue involved, or -1.
  int32_t wq = -1;    ///< Workqueue involved, or -1.
  int64_t a = 0;      ///< First type-specific value (see EventType).
  int64_t b = 0;      ///< Second type-specific value.
};

/// Short stable name of an event type, e.g. "workqueue_queue_work" (its EventSchema::name).
const char* event_type_name(EventType t);

}  // namespace cmwq
