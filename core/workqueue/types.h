#pragma once
/// @file
/// @brief The workqueue model's data: work items, pools, pwqs, workers, workqueues.
///
/// These mirror struct work_struct, struct worker_pool, struct pool_workqueue,
/// struct worker and struct workqueue_struct of kernel/workqueue.c and
/// kernel/workqueue_internal.h. Pointers become indices into the world's tables
/// (core/world.h says how long a reference into a table stays valid).
///
/// Field tags. The comment of every field of Work, WorkerPool, PoolWorkqueue, Worker and
/// Workqueue starts with a tag saying who may change the field and when, after the
/// notes at the top of kernel/workqueue.c ("Structure fields follow one of the
/// following exclusion rules"). The model has no locks and runs one step at a time,
/// but it keeps the kernel's ownership rules, so a field the kernel tags carries the
/// kernel's tag for the same field (struct worker_pool, pool_workqueue and
/// workqueue_struct in kernel/workqueue.c, struct worker in
/// kernel/workqueue_internal.h). A field the kernel leaves untagged gets the tag of the
/// rule its code follows and says "kernel: untagged".
///
/// - I:  set when the object is made (alloc_workqueue(), init_worker_pool(),
///       create_worker(), INIT_WORK()), read-only after.
/// - L:  pool state (the kernel's pool->lock): changed only by code acting on that pool,
///       in the same step as the checks that depend on it.
/// - LN: L, and the per-node max_active count's pending list (wq_node_nr_active->lock).
/// - K:  changed only by the worker itself, with its pool's state in hand (L); others
///       only read it.
/// - S:  changed only by the worker itself (the scheduler hooks run in its context).
/// - A:  attachment (wq_pool_attach_mutex): changed only when a worker attaches to or
///       detaches from a pool (worker_attach_to_pool(), worker_detach_from_pool(),
///       idle culling's detach_dying_workers()).
/// - PL: the pool table (wq_pool_mutex): changed when a pwq takes or drops an unbound pool.
/// - PW: unbound attributes (wq_pool_mutex and wq->mutex): set when the pwqs are made.
/// - WQ: workqueue state (wq->mutex): changed only by flush, drain, destroy and
///       workqueue_set_max_active() on that workqueue.
/// - WR: WQ for writes (the kernel's readers use RCU): the list of pwqs.
/// - WO: WQ for writes (WRITE_ONCE()), read anywhere without it.
/// - MD: the mayday list (wq_mayday_lock): changed only by send_mayday(),
///       rescuer_thread() and destroy_workqueue().
/// - WD: used only by the watchdog.
///
/// Tags of our own, for what the kernel's list does not cover:
/// - G:  owned through PENDING: changed only by whoever holds the work item's PENDING
///       bit (queue_work_on()'s test_and_set_bit(), try_to_grab_pending()), as the
///       off-queue bits of work->data are in the kernel.
/// - O:  synchronised by itself in the kernel (an atomic_t, a struct ida, a completion,
///       statistics bumped without a common lock): any code changes it through its
///       own operations.
/// - M:  model state, not a kernel field: where a step function resumes and its scratch
///       (what the kernel keeps on the thread's stack), or bookkeeping of the
///       simulation (events not repeated, objects the kernel frees kept in the tables).

#include <array>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "core/kernel/cpumask.h"
#include "core/kernel/time.h"
#include "core/workqueue/constants.h"
#include "core/workqueue/work_list.h"

namespace cmwq {

/// struct work_struct (and the delayed_work / wq_barrier wrappers around it).
struct Work {
  std::string name;      ///< I: instance name ("w0", the kernel's variable); the function name is the program's.
  int32_t program = -1;  ///< I: the work function, work->func (a Program).
  // work->data, decoded (kernel: untagged). Invariant: PWQ set <=> queued on a list of pwq's pool/pwq.
  uint32_t data = 0;     ///< L: WORK_STRUCT_PENDING | _INACTIVE | _PWQ | _LINKED; PENDING itself is G.
  int color = 0;         ///< L: flush colour while queued.
  int32_t pwq = -1;      ///< L: valid while WORK_STRUCT_PWQ is set.
  int32_t offq_pool = -1;  ///< L: last pool while off queue (-1 = WORK_OFFQ_POOL_NONE).
  uint16_t disable = 0;  ///< G: disable depth (disable_work(); work->data's off-queue bits).
  WorkLink entry;        ///< L: which list it is on, and its neighbours (kernel: untagged).
  // struct delayed_work
  int32_t timer = -1;    ///< I: timer of a delayed work, or -1.
  int32_t dwork_wq = -1;             ///< G: workqueue the timer will queue it on.
  int dwork_cpu = WORK_CPU_UNBOUND;  ///< G: CPU the timer will queue it for.
  // Internal works: the barrier's completion, or the pool of an idle_cull_work.
  bool barrier = false;  ///< I: a wq_barrier inserted by flush_work().
  int32_t ctx = -1;      ///< I: barrier: its completion; idle_cull_work: its pool.
  int64_t pages_held = 0;  ///< M: pages its program allocated and not yet freed (the function's own data).
};

/// struct workqueue_attrs: what identifies an unbound pool.
struct WorkqueueAttrs {
  int nice = 0;         ///< I: nice level of the pool's workers.
  CpuMask cpumask;      ///< I: allowed CPUs.
  CpuMask pod_cpumask;  ///< I: __pod_cpumask: this pool's pod.
  bool affn_strict = false;  ///< I: workers stay inside the pod.
};

/// struct worker_pool.
struct WorkerPool {
  int32_t id = -1;     ///< I: pool id (worker_pool_idr), printed everywhere.
  int cpu = -1;        ///< I: the associated CPU, -1 for unbound pools.
  int node = 0;        ///< I: NUMA node.
  uint32_t flags = 0;  ///< L: POOL_* flags.
  WorkqueueAttrs attrs;  ///< I: worker attributes.
  uint64_t watchdog_ts = 0;  ///< L: jiffies of the last sign of progress.
  bool cpu_stall = false;    ///< WD: the watchdog found this per-CPU pool stalled.
  /// L: running workers that are not WORKER_NOT_RUNNING (kernel: untagged; raised on the
  /// pool's CPU with preemption off, lowered under pool->lock).
  int nr_running = 0;
  WorkList worklist;    ///< L: active work items ready to run.
  int nr_workers = 0;   ///< L: workers of this pool (not counting a visiting rescuer).
  int nr_idle = 0;      ///< L: workers on idle_list.
  std::vector<int32_t> idle_list;  ///< L: idle workers, LIFO: [0] is the most recently idle.
  int32_t idle_timer = -1;         ///< L: timer running idle_worker_timeout() (its id is fixed at init).
  int32_t idle_cull_work = -1;     ///< L: work running idle_cull_fn() (its id is fixed at init).
  int32_t mayday_timer = -1;       ///< L: timer running pool_mayday_timeout() (its id is fixed at init).
  std::vector<int32_t> busy;       ///< L: busy_hash: workers executing a work item.
  int32_t manager = -1;            ///< L: worker in manage_workers(), or -1.
  std::vector<int32_t> workers;    ///< A: attached workers, including a visiting rescuer.
  std::vector<bool> worker_ida;    ///< O: worker ids in use, lowest free reused (kernel: untagged struct ida).
  std::vector<int32_t> cull_list;  ///< M: idle_cull_fn()'s local list: dying workers still to reap.
  int refcnt = 1;  ///< PL: references (unbound pools are shared by pwqs).
  int64_t shown_counters[2] = {-1, -1};  ///< M: last PoolCounters event values.
  // Invariant: every worker of the pool is idle (on idle_list), busy (in busy),
  // the manager, or between those while it runs worker_thread() with PREP set.
};

/// struct pool_workqueue: links one workqueue to one pool.
struct PoolWorkqueue {
  int32_t id = -1;     ///< I: its id (the kernel uses its address).
  int32_t pool = -1;   ///< I: the associated pool.
  int32_t wq = -1;     ///< I: the owning workqueue.
  int work_color = 0;  ///< L: colour of newly queued items.
  int flush_color = -1;  ///< L: colour being flushed, -1 if none.
  int refcnt = 1;      ///< L: base ref + one per queued item + mayday pin.
  std::array<int, WORK_NR_COLORS> nr_in_flight{};  ///< L: queued or executing, per colour.
  int nr_active = 0;   ///< L: items counted against max_active.
  WorkList inactive_works;  ///< L: items over max_active, in queueing order.
  bool plugged = false;     ///< L: ordered wq: held back until older pwqs drain.
  bool on_mayday = false;   ///< MD: on wq->maydays (mayday_node not empty).
  bool on_pending = false;  ///< LN: on the node's pending_pwqs (pending_node not empty).
  /// L: pwq->mayday_cursor (6.12.118, rescuer_cursor_one_by_one()): the work item marking
  /// where the rescuer stopped on the pool's worklist, or -1 before the rescuer first needs
  /// it (the kernel embeds it in the pwq; making it on first use keeps other works' ids).
  int32_t mayday_cursor = -1;
  std::array<uint64_t, PWQ_NR_STATS> stats{};  ///< O: wq_monitor.py counters (kernel: untagged).
  int64_t shown_counters[2] = {-1, -1};  ///< M: last PwqCounters event values.
};

/// Where a worker's thread function resumes: the labels of worker_thread(), one label per
/// statement of rescuer_thread()'s loop (of either generation), plus the places the
/// helpers they call can sleep.
enum class WorkerLabel : uint8_t {
  WokeUp,            ///< worker_thread() woke_up:
  Recheck,           ///< worker_thread() recheck:
  Manage,            ///< Inside manage_workers() -> maybe_create_worker().
  Process,           ///< In the assign_work()/process_scheduled_works() loop.
  RescuerRepeat,     ///< rescuer_thread() repeat: while (!list_empty(&wq->maydays)): take the first pwq.
  RescuerAttach,     ///< worker_attach_to_pool(rescuer, pool).
  RescuerSlurp,      ///< v6.12.0: list_for_each_entry_safe(): assign_work() every item of the pwq.
  RescuerAssign,     ///< 6.12.118: while (assign_rescuer_work(pwq, rescuer)): take the next item.
  RescuerProcess,    ///< process_scheduled_works(rescuer).
  RescuerRequeue,    ///< v6.12.0: more to rescue after the slurped items? pwq back on wq->maydays.
  RescuerBatch,      ///< 6.12.118: if (++count > RESCUER_BATCH && ...): requeue the pwq and break.
  RescuerCursorDel,  ///< 6.12.118: remove the cursor unless the pwq is on wq->maydays again.
  RescuerPutPwq,     ///< put_pwq(): v6.12.0 before kick_pool(), 6.12.118 after the detach.
  RescuerKick,       ///< kick_pool(pool): leaving, wake a regular worker.
  RescuerDetach,     ///< worker_detach_from_pool(rescuer).
  Dead,              ///< The thread function returned.
};

/// Where maybe_create_worker() resumes.
enum class CreateStep : uint8_t {
  Restart,      ///< restart: arm the mayday timer.
  Create,       ///< Call create_worker().
  AllocWorker,  ///< alloc_worker(): kzalloc of the worker struct (may sleep in reclaim).
  KthreadWait,  ///< kthread_create_on_node(): waiting for kthreadd.
  Cooldown,     ///< schedule_timeout_interruptible(CREATE_COOLDOWN).
  Done,         ///< Out of the creation loop: stop the mayday timer, recheck.
};

/// Where process_one_work() resumes.
enum class ProcessStep : uint8_t {
  Pick,      ///< process_scheduled_works(): take the next scheduled item.
  Func,      ///< Running worker->current_func(work): the work's program.
  Finish,    ///< After cond_resched(): release the item (pwq_dec_nr_in_flight()).
};

/// Where drain_workqueue() and destroy_workqueue() resume in the task that called them
/// (both sleep: they flush, and destroy_workqueue() waits for the rescuer to exit).
struct DrainCall {
  uint8_t destroy_step = 0;  ///< M: destroy_workqueue(): 0 start, 1 draining, 2 stopping the rescuer.
  uint8_t drain_step = 0;    ///< M: drain_workqueue(): 0 start, 1 in the reflush loop.
  uint8_t flush_phase = 0;   ///< M: __flush_workqueue()'s resume point.
  int64_t flusher = 0;       ///< M: __flush_workqueue()'s flusher id.
  uint32_t flush_cnt = 0;    ///< M: drain_workqueue()'s flush_cnt: flushes that still found work.
  int32_t rescuer = -1;      ///< M: destroy_workqueue(): the rescuer being kthread_stop()ped.
};

/// struct worker (kernel/workqueue_internal.h), with our resume state.
struct Worker {
  int32_t id = -1;      ///< I: id within the pool (worker_ida), or -1 for a rescuer.
  int32_t task = -1;    ///< I: the kthread.
  int32_t pool = -1;    ///< A: pool it is attached to (-1: detached rescuer; kernel: "L: for rescuers" too).
  uint32_t flags = WORKER_PREP;  ///< L: WORKER_* flags.
  int32_t current_work = -1;  ///< K: work being executed.
  int32_t current_func = -1;  ///< K: its function (program id).
  int32_t current_pwq = -1;   ///< K: its pwq.
  int current_color = -1;     ///< K: its flush colour.
  Nanos current_at = 0;       ///< K: runtime at start or last wakeup (CPU hog detection).
  bool sleeping = false;      ///< S: wq_worker_sleeping() ran and wq_worker_running() not yet.
  int32_t last_func = -1;     ///< K: last work's function.
  WorkList scheduled;         ///< L: items assigned to this worker.
  uint64_t last_active = 0;   ///< K: jiffies when it last went idle.
  int32_t rescue_wq = -1;     ///< I: the workqueue it rescues, for rescuers.
  int32_t exited = -1;        ///< M: completion its exit signals (struct kthread's exited), once dying.
  std::string desc;           ///< K: workqueue name of the last work (wq_worker_comm(); kernel: untagged).
  // Resume state of the thread function (our model of its stack), read by code_position():
  WorkerLabel label = WorkerLabel::WokeUp;       ///< M: where its thread function resumes.
  CreateStep create_step = CreateStep::Restart;  ///< M: where maybe_create_worker() resumes.
  int32_t create_req = -1;    ///< M: pending kthread_create request of the manager.
  int32_t new_worker = -1;    ///< M: worker struct being created by the manager.
  ProcessStep process_step = ProcessStep::Pick;  ///< M: where process_one_work() resumes.
  bool batch_first = true;    ///< M: process_scheduled_works()'s `first`: first item of the batch.
  int32_t rescue_pwq = -1;    ///< M: rescuer_thread()'s `pwq`: the pwq it is serving.
  int rescue_count = 0;       ///< M: rescuer_thread()'s `count`: items taken for this pwq this turn (6.12.118).
  uint32_t exec_work_data = 0;  ///< M: process_one_work()'s `work_data`, taken when the item was claimed.
  int32_t pc = 0;             ///< M: program counter in the current work's program.
  int32_t lockdep_start_depth = 0;  ///< M: process_one_work()'s lockdep_start_depth (a local there).
  bool op_started = false;    ///< M: the current operation has begun (its WorkOp event is out).
  uint8_t op_phase = 0;       ///< M: progress inside the current operation.
  int64_t op_aux = 0;         ///< M: scratch for the current operation.
  DrainCall drain;            ///< M: state of a drain_workqueue/destroy_workqueue operation.
};

/// struct wq_node_nr_active: shared max_active accounting of an unbound wq.
struct NodeNrActive {
  int max = 0;  ///< WQ: this node's share of max_active (kernel: untagged).
  int nr = 0;   ///< O: active items of the workqueue on this node (an atomic_t).
  std::deque<int32_t> pending_pwqs;  ///< LN: pwqs waiting for a count, served round-robin.
};

/// struct wq_flusher: one caller of flush_workqueue().
struct Flusher {
  int32_t task = -1;     ///< M: the flushing task (the kernel's flusher lives on its stack).
  int flush_color = -1;  ///< WQ: colour it waits for.
  int32_t done = -1;  ///< O: completion the flusher waits on.
};

/// struct workqueue_struct.
struct Workqueue {
  int32_t id = -1;       ///< I: its id (the kernel uses its address).
  std::string name;      ///< I: workqueue name.
  uint32_t flags = 0;    ///< WQ: WQ_* flags.
  int max_active = 0;    ///< WO: effective max_active.
  int min_active = 0;        ///< WO: per-node floor for unbound workqueues.
  int saved_max_active = 0;  ///< WQ: the user's setting.
  int saved_min_active = 0;  ///< WQ: the saved floor.
  std::vector<int32_t> pwqs;     ///< WR: all pwqs, oldest first.
  std::vector<int32_t> cpu_pwq;  ///< I: per-CPU pwq slot (per-cpu and unbound wqs).
  int32_t dfl_pwq = -1;          ///< PW: unbound: the default pwq.
  WorkqueueAttrs unbound_attrs;  ///< PW: unbound: requested attributes.
  // Flush machinery (__flush_workqueue()).
  int work_color = 0;                    ///< WQ: colour given to newly queued items.
  int flush_color = 0;                   ///< WQ: oldest colour still being flushed.
  int nr_pwqs_to_flush = 0;              ///< O: pwqs the first flusher waits for (an atomic_t).
  int32_t first_flusher = -1;            ///< WQ: flusher that cascades, or -1.
  std::deque<int32_t> flusher_queue;     ///< WQ: flushers waiting for their colour.
  std::deque<int32_t> flusher_overflow;  ///< WQ: flushers waiting for a free colour.
  // Rescue.
  std::deque<int32_t> maydays;  ///< MD: pwqs asking for help, FIFO.
  int32_t rescuer = -1;         ///< MD: worker id of the rescuer, or -1.
  int nr_drainers = 0;  ///< WQ: drain_workqueue() callers; __WQ_DRAINING is set while non-zero.
  bool destroyed = false;  ///< M: destroy_workqueue() finished: the kernel would have freed it.
  std::vector<NodeNrActive> node_nr_active;  ///< I: unbound: per node + [nr_nodes] fallback.
};

/// What a caller task does (a scenario action's blocking call, made in its own task).
enum class WqCallKind : uint8_t { Drain, Destroy };

/// A task a scenario action starts to call drain_workqueue() or destroy_workqueue(),
/// which sleep and so need a task (in the kernel: a driver's remove path, rmmod, ...).
struct WqCaller {
  int32_t task = -1;                     ///< M: its task.
  WqCallKind kind = WqCallKind::Drain;   ///< M: what it calls.
  int32_t wq = -1;                       ///< M: on which workqueue.
  DrainCall call;                        ///< M: where the call resumes.
};

/// Kernel name of a set of WQ_* flags, e.g. "WQ_UNBOUND|WQ_MEM_RECLAIM".
std::string wq_flags_string(uint32_t flags);

}  // namespace cmwq
