#pragma once
/// @file
/// @brief The workqueue model's data: work items, pools, pwqs, workers, workqueues.
///
/// These mirror struct work_struct, struct worker_pool, struct pool_workqueue,
/// struct worker and struct workqueue_struct of kernel/workqueue.c and
/// kernel/workqueue_internal.h. Pointers become indices into the world's tables.
/// Field notes follow the kernel's: L means "changed only with the pool's state in
/// hand" (in the kernel, under pool->lock), I means "set at creation".

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
  std::string name;      ///< I: instance name ("w0"); the function name is the program's.
  int32_t program = -1;  ///< I: the work function (a Program).
  // work->data, decoded. Invariant: PWQ set <=> queued on a list of pwq's pool/pwq.
  uint32_t data = 0;     ///< WORK_STRUCT_PENDING | _INACTIVE | _PWQ | _LINKED.
  int color = 0;         ///< Flush colour while queued.
  int32_t pwq = -1;      ///< Valid while WORK_STRUCT_PWQ is set.
  int32_t offq_pool = -1;  ///< Last pool while off queue (-1 = WORK_OFFQ_POOL_NONE).
  uint16_t disable = 0;  ///< Disable depth (disable_work()).
  WorkLink entry;        ///< Which list it is on, and its neighbours.
  // struct delayed_work
  int32_t timer = -1;    ///< Timer of a delayed work, or -1.
  int32_t dwork_wq = -1;             ///< Workqueue the timer will queue it on.
  int dwork_cpu = WORK_CPU_UNBOUND;  ///< CPU the timer will queue it for.
  // Internal works: the barrier's completion, or the pool of an idle_cull_work.
  bool barrier = false;  ///< A wq_barrier inserted by flush_work().
  int32_t ctx = -1;      ///< Barrier: its completion; idle_cull_work: its pool.
  int64_t pages_held = 0;  ///< Pages its program allocated and not yet freed.
};

/// struct workqueue_attrs: what identifies an unbound pool.
struct WorkqueueAttrs {
  int nice = 0;         ///< Nice level of the pool's workers.
  CpuMask cpumask;      ///< Allowed CPUs.
  CpuMask pod_cpumask;  ///< __pod_cpumask: this pool's pod.
  bool affn_strict = false;  ///< Workers stay inside the pod.
};

/// struct worker_pool.
struct WorkerPool {
  int32_t id = -1;     ///< I: pool id (worker_pool_idr), printed everywhere.
  int cpu = -1;        ///< I: the associated CPU, -1 for unbound pools.
  int node = 0;        ///< I: NUMA node.
  uint32_t flags = 0;  ///< L: POOL_* flags.
  WorkqueueAttrs attrs;  ///< I.
  uint64_t watchdog_ts = 0;  ///< L: jiffies of the last sign of progress.
  bool cpu_stall = false;    ///< Watchdog found this per-CPU pool stalled.
  int nr_running = 0;   ///< L: running workers that are not WORKER_NOT_RUNNING.
  WorkList worklist;    ///< L: active work items ready to run.
  int nr_workers = 0;   ///< L: workers of this pool (not counting a visiting rescuer).
  int nr_idle = 0;      ///< L: workers on idle_list.
  std::vector<int32_t> idle_list;  ///< L: idle workers, LIFO: [0] is the most recently idle.
  int32_t idle_timer = -1;         ///< I: timer running idle_worker_timeout().
  int32_t idle_cull_work = -1;     ///< I: work running idle_cull_fn().
  int32_t mayday_timer = -1;       ///< I: timer running pool_mayday_timeout().
  std::vector<int32_t> busy;       ///< L: busy_hash: workers executing a work item.
  int32_t manager = -1;            ///< L: worker in manage_workers(), or -1.
  std::vector<int32_t> workers;    ///< Attached workers, including a visiting rescuer.
  std::vector<bool> worker_ida;    ///< Worker ids in use (lowest free id is reused).
  std::vector<int32_t> cull_list;  ///< Dying workers idle_cull_fn() still has to reap.
  int refcnt = 1;  ///< References (unbound pools are shared by pwqs).
  int64_t shown_counters[2] = {-1, -1};  ///< Last PoolCounters event values (not kernel state).
  // Invariant: every worker of the pool is idle (on idle_list), busy (in busy),
  // the manager, or between those while it runs worker_thread() with PREP set.
};

/// struct pool_workqueue: links one workqueue to one pool.
struct PoolWorkqueue {
  int32_t id = -1;     ///< I
  int32_t pool = -1;   ///< I
  int32_t wq = -1;     ///< I
  int work_color = 0;  ///< L: colour of newly queued items.
  int flush_color = -1;  ///< L: colour being flushed, -1 if none.
  int refcnt = 1;      ///< L: base ref + one per queued item + mayday pin.
  std::array<int, WORK_NR_COLORS> nr_in_flight{};  ///< L: queued or executing, per colour.
  int nr_active = 0;   ///< L: items counted against max_active.
  WorkList inactive_works;  ///< L: items over max_active, in queueing order.
  bool plugged = false;     ///< L: ordered wq: held back until older pwqs drain.
  bool on_mayday = false;   ///< On wq->maydays (mayday_node not empty).
  bool on_pending = false;  ///< On the node's pending_pwqs (pending_node not empty).
  std::array<uint64_t, PWQ_NR_STATS> stats{};  ///< wq_monitor.py counters.
  int64_t shown_counters[2] = {-1, -1};  ///< Last PwqCounters event values (not kernel state).
};

/// Where a worker's thread function resumes: the labels of worker_thread() and
/// rescuer_thread(), plus the places the helpers they call can sleep.
enum class WorkerLabel : uint8_t {
  WokeUp,          ///< worker_thread() woke_up:
  Recheck,         ///< worker_thread() recheck:
  Manage,          ///< Inside manage_workers() -> maybe_create_worker().
  Process,         ///< In the assign_work()/process_scheduled_works() loop.
  RescuerRepeat,   ///< rescuer_thread() repeat:
  RescuerSlurp,    ///< rescuer_thread() attached to a mayday'd pool: take its items.
  RescuerProcess,  ///< rescuer_thread() running the works it slurped for a pwq.
  RescuerLeave,    ///< rescuer_thread() leaving the pool: kick_pool(), detach.
  Dead,            ///< The thread function returned.
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
  uint8_t destroy_step = 0;  ///< destroy_workqueue(): 0 start, 1 draining, 2 stopping the rescuer.
  uint8_t drain_step = 0;    ///< drain_workqueue(): 0 start, 1 in the reflush loop.
  uint8_t flush_phase = 0;   ///< __flush_workqueue()'s resume point.
  int64_t flusher = 0;       ///< __flush_workqueue()'s flusher id.
  uint32_t flush_cnt = 0;    ///< drain_workqueue()'s flush_cnt: flushes that still found work.
  int32_t rescuer = -1;      ///< destroy_workqueue(): the rescuer being kthread_stop()ped.
};

/// struct worker (kernel/workqueue_internal.h), with our resume state.
struct Worker {
  int32_t id = -1;      ///< I: id within the pool (worker_ida), or -1 for a rescuer.
  int32_t task = -1;    ///< I: the kthread.
  int32_t pool = -1;    ///< A: pool it is attached to (-1: detached rescuer).
  uint32_t flags = WORKER_PREP;  ///< L: WORKER_* flags.
  int32_t current_work = -1;  ///< L: work being executed.
  int32_t current_func = -1;  ///< L: its function (program id).
  int32_t current_pwq = -1;   ///< L
  int current_color = -1;     ///< L
  Nanos current_at = 0;       ///< K: runtime at start or last wakeup (CPU hog detection).
  bool sleeping = false;      ///< S: wq_worker_sleeping() ran and wq_worker_running() not yet.
  int32_t last_func = -1;     ///< L
  WorkList scheduled;         ///< L: items assigned to this worker.
  uint64_t last_active = 0;   ///< L: jiffies when it last went idle.
  int32_t rescue_wq = -1;     ///< I: the workqueue it rescues, for rescuers.
  int32_t exited = -1;        ///< Completion its exit signals (kthread->exited), once dying.
  std::string desc;           ///< Workqueue name of the last work (wq_worker_comm()).
  // Resume state of the thread function (our model of its stack):
  WorkerLabel label = WorkerLabel::WokeUp;       ///< Where its thread function resumes.
  CreateStep create_step = CreateStep::Restart;  ///< Where maybe_create_worker() resumes.
  int32_t create_req = -1;    ///< Pending kthread_create request of the manager.
  int32_t new_worker = -1;    ///< Worker struct being created by the manager.
  ProcessStep process_step = ProcessStep::Pick;  ///< Where process_one_work() resumes.
  bool batch_first = true;    ///< process_scheduled_works(): first item of the batch.
  int32_t rescue_pwq = -1;    ///< Pwq the rescuer is serving.
  uint32_t exec_work_data = 0;  ///< work_data snapshot taken when the item was claimed.
  int32_t pc = 0;             ///< Program counter in the current work's program.
  bool op_started = false;    ///< The current operation has begun (its WorkOp event is out).
  uint8_t op_phase = 0;       ///< Progress inside the current operation.
  int64_t op_aux = 0;         ///< Scratch for the current operation.
  DrainCall drain;            ///< State of a drain_workqueue/destroy_workqueue operation.
};

/// struct wq_node_nr_active: shared max_active accounting of an unbound wq.
struct NodeNrActive {
  int max = 0;  ///< This node's share of max_active.
  int nr = 0;   ///< Active items of the workqueue on this node.
  std::deque<int32_t> pending_pwqs;  ///< Pwqs waiting for a count, served round-robin.
};

/// struct wq_flusher: one caller of flush_workqueue().
struct Flusher {
  int32_t task = -1;     ///< The flushing task.
  int flush_color = -1;  ///< Colour it waits for.
  int32_t done = -1;  ///< Completion the flusher waits on.
};

/// struct workqueue_struct.
struct Workqueue {
  int32_t id = -1;       ///< I
  std::string name;      ///< I
  uint32_t flags = 0;    ///< WQ_* flags.
  int max_active = 0;    ///< WO: effective max_active.
  int min_active = 0;        ///< Per-node floor for unbound workqueues.
  int saved_max_active = 0;  ///< The user's setting.
  int saved_min_active = 0;  ///< The saved floor.
  std::vector<int32_t> pwqs;     ///< All pwqs, oldest first.
  std::vector<int32_t> cpu_pwq;  ///< Per-CPU pwq slot (per-cpu and unbound wqs).
  int32_t dfl_pwq = -1;          ///< Unbound: the default pwq.
  WorkqueueAttrs unbound_attrs;  ///< Unbound: requested attributes.
  // Flush machinery (__flush_workqueue()).
  int work_color = 0;                    ///< Colour given to newly queued items.
  int flush_color = 0;                   ///< Oldest colour still being flushed.
  int nr_pwqs_to_flush = 0;              ///< Pwqs the first flusher waits for.
  int32_t first_flusher = -1;            ///< Flusher that cascades, or -1.
  std::deque<int32_t> flusher_queue;     ///< Flushers waiting for their colour.
  std::deque<int32_t> flusher_overflow;  ///< Flushers waiting for a free colour.
  // Rescue (under wq_mayday_lock in the kernel).
  std::deque<int32_t> maydays;  ///< Pwqs asking for help, FIFO.
  int32_t rescuer = -1;         ///< Worker id of the rescuer, or -1.
  int nr_drainers = 0;  ///< drain_workqueue() callers; __WQ_DRAINING is set while non-zero.
  bool destroyed = false;  ///< destroy_workqueue() finished: the kernel would have freed it.
  std::vector<NodeNrActive> node_nr_active;  ///< Unbound: per node + [nr_nodes] fallback.
};

/// What a caller task does (a scenario action's blocking call, made in its own task).
enum class WqCallKind : uint8_t { Drain, Destroy };

/// A task a scenario action starts to call drain_workqueue() or destroy_workqueue(),
/// which sleep and so need a task (in the kernel: a driver's remove path, rmmod, ...).
struct WqCaller {
  int32_t task = -1;                     ///< Its task.
  WqCallKind kind = WqCallKind::Drain;   ///< What it calls.
  int32_t wq = -1;                       ///< On which workqueue.
  DrainCall call;                        ///< Where the call resumes.
};

/// Kernel name of a set of WQ_* flags, e.g. "WQ_UNBOUND|WQ_MEM_RECLAIM".
std::string wq_flags_string(uint32_t flags);

}  // namespace cmwq
