#pragma once
/// @file
/// @brief The world: one simulated machine running the CMWQ model, as a plain value.
///
/// Everything the simulation knows lives in World: virtual time, the queue of future
/// actions, CPUs and tasks, memory, kthreadd, completions, mutexes, RCU and the
/// workqueue subsystem. It holds no pointers and no callbacks, so copying a World is a
/// snapshot and continuing the copy reproduces the original bit for bit.
///
/// Typical use:
/// @code
///   cmwq::World w = cmwq::boot(cmwq::MachineConfig{});
///   int32_t q0 = cmwq::alloc_workqueue(w, "q0", 0, 0);
///   int32_t prog = cmwq::add_program(w, program);
///   int32_t w0 = cmwq::init_work(w, "w0", prog);
///   cmwq::queue_work_on(w, 0, q0, w0);
///   cmwq::run_until(w, 100 * cmwq::NSEC_PER_MSEC);
///   for (const cmwq::Event& e : cmwq::take_events(w)) { ... }
/// @endcode

#include <cstdint>
#include <string>
#include <vector>

#include "core/kernel/event_queue.h"
#include "core/kernel/kthread.h"
#include "core/kernel/memory.h"
#include "core/kernel/program.h"
#include "core/kernel/rcu.h"
#include "core/kernel/sched.h"
#include "core/kernel/sync.h"
#include "core/kernel/task.h"
#include "core/kernel/time.h"
#include "core/kernel/timer.h"
#include "core/step_watch.h"
#include "core/trace/event.h"
#include "core/workqueue/generation.h"
#include "core/workqueue/state.h"

namespace cmwq {

/// The machine a world simulates.
struct MachineConfig {
  int cpus = 1;                          ///< 1 to 256.
  int hz = 1000;                         ///< 100, 250, 300 or 1000.
  SchedModel sched = SchedModel::Fifo;    ///< Scheduler model.
  TimerModel timers = TimerModel::Wheel;  ///< Timer filing model.
  int64_t memory_pages = 65536;          ///< 256 MiB of 4 KiB pages.
  int64_t cache_pages = -1;              ///< Reclaimable page cache; -1 = a quarter of memory.
  int64_t wmark_min = -1;                ///< Watermarks; -1 = derive as the kernel does.
  int64_t wmark_low = -1;                ///< See wmark_min.
  int64_t wmark_high = -1;               ///< See wmark_min.
  bool fork_fails_below_min = false;     ///< kthreadd's fork fails instead of blocking.
  /// CPU time kthreadd spends forking a kthread (copy_process() and the rest of
  /// create_worker()'s path); 0, the default, is the documentation's idealised machine.
  /// scripts/kernel-check sets what Debian's 6.12.118 takes under QEMU.
  Nanos fork_cost = 0;
  /// CONFIG_PROVE_LOCKING: lockdep reports recursive locking and process_one_work()
  /// reports a work that returns holding a lock. Debian's 6.12 is built without it, so a
  /// recursive mutex_lock() deadlocks silently there (the default, false).
  bool lockdep = false;
  int cpus_per_pod = 0;                  ///< CPUs per affinity pod (LLC); 0 = all in one.
  /// The kernel whose workqueue the model follows (core/workqueue/generation.h). With
  /// KernelGeneration::Legacy_2_6_35, the pre-2.6.36 workqueue instead of CMWQ: every
  /// workqueue gets its own thread per CPU (one thread for unbound and ordered ones) that
  /// runs its items one after another; no shared pools, no concurrency management, no
  /// max_active, no rescuers.
  KernelGeneration kernel = kDefaultKernel;
  WqParams wq;                           ///< Workqueue module parameters.
  uint64_t seed = 1;                     ///< Seed of the world's random stream.
};

/// What a scripted (scenario-timed) action does.
enum class ScriptOp : uint8_t {
  QueueWork,         ///< queue_work_on(cpu, wq, work).
  QueueDelayedWork,  ///< queue_delayed_work_on(cpu, wq, work, delay).
  Hog,               ///< Pin `count` free pages.
  Release,           ///< Release `count` pinned pages.
  CpuOffline,        ///< Take `cpu` offline.
  CpuOnline,         ///< Bring `cpu` online.
  SetMaxActive,      ///< workqueue_set_max_active(wq, count).
  Complete,          ///< complete(completion a).
  CompleteAll,       ///< complete_all(completion a).
  FlushWorkqueue,    ///< Not a task: reserved.
  DrainWorkqueue,    ///< drain_workqueue(wq), in a task the action starts (it sleeps).
  DestroyWorkqueue,  ///< destroy_workqueue(wq), in a task the action starts (it sleeps).
  QueueNewWorks,     ///< `count` new works (named `name` and their id) running `program`, each queue_work_on(cpu, wq).
  KthreaddCpu,       ///< set_cpus_allowed_ptr(kthreadd, cpumask_of(cpu)): kthreadd may run only on `cpu`.
  RtBusy,            ///< A SCHED_FIFO task bound to `cpu` busy-loops for `delay` (core/kernel/rt_busy.h).
};

/// One action a scenario or a user schedules at a time. A plain value: a `queue`
/// action carries its program, and the world makes the works when the action runs.
struct ScriptedAction {
  Nanos time = 0;                     ///< When it runs.
  ScriptOp op = ScriptOp::QueueWork;  ///< What it does.
  int32_t wq = -1;                    ///< Workqueue, if any.
  int32_t work = -1;                  ///< Work, if any.
  int32_t a = -1;                     ///< Completion, if any.
  int cpu = -1;        ///< Target CPU (queue_work_on's cpu; -1 = WORK_CPU_UNBOUND).
  int from_cpu = 0;    ///< CPU the action runs on (local CPU for queueing).
  int64_t count = 0;   ///< Pages (hog, release), max_active, or how many works QueueNewWorks makes.
  Nanos delay = 0;     ///< Delay of a delayed work, or how long an RtBusy task loops.
  std::string name;    ///< QueueNewWorks: the new works' name prefix.
  Program program;     ///< QueueNewWorks: the new works' function.
  std::string text;    ///< The action as the scenario wrote it (or the user typed it).
};

/// The simulated machine. A plain value: copy it to take a snapshot.
///
/// Reference lifetime. The tables (tasks, timers, completions, mutexes, programs, the
/// workqueue tables of WqState, kthreadd's requests, the pending events in `out`) are
/// std::vectors indexed by id. Adding an element may move all of them, so a reference
/// or pointer into a table (`WorkerPool& pool = pool_at(w, id)`, `Event& e = emit(...)`)
/// is valid only until the next call that can add to that table; after such a call,
/// fetch it again by id (the model names the new reference `again`, or calls the
/// accessor again). Ids never change. What adds to a table once the world has booted:
/// - tasks: kthreadd_step() (a forked kthread), start_wq_caller(), and
///   create_worker_at_boot() (a CPU coming online) and init_rescuer() (alloc_workqueue());
/// - WqState::workers: maybe_create_worker()'s alloc_worker(), create_worker_at_boot(),
///   init_rescuer();
/// - WqState::works: init_work(): flush_work()'s barrier, a pool's idle_cull_work, a
///   pwq's mayday cursor (made when the rescuer first needs it);
/// - completions: add_completion(): barriers, flushers, kthread_stop();
/// - timers: timer_setup(): a task's first schedule_timeout(), new pools, delayed works;
/// - WqState::flushers: __flush_workqueue(); WqState::callers: start_wq_caller();
/// - kthreadd.requests: kthread_create_on_node();
/// - WqState::pools, pwqs, wqs: alloc_workqueue();
/// - programs, mutexes, script: user actions between steps (add_program(), add_mutex(),
///   add_scripted_action()); programs also when the first mayday cursor is made
///   (mayday_cursor_func);
/// - out: every emit(), so an Event& is filled in before anything else is emitted.
/// Where it is cheap, model code also fetches again after calls into other parts of the
/// model that add to no table today (kick_pool(), a work's function), so that a later
/// change to them cannot leave a reference dangling. Readers outside the model hold no
/// references across a step (core/world_view.h).
struct World {
  MachineConfig config;                 ///< The machine it simulates.
  Jiffies jif;                          ///< HZ and jiffies arithmetic.
  Nanos now = 0;                        ///< Virtual time.
  EventQueue queue;                     ///< Everything that will happen.
  std::vector<TimerList> timers;        ///< All timer_list timers, by id.
  std::vector<Cpu> cpus;                ///< CPUs and their runqueues.
  std::vector<Task> tasks;              ///< All tasks ever made, by id.
  Memory mem;                           ///< The page allocator.
  Kthreadd kthreadd;                    ///< kthreadd and its requests.
  std::vector<Completion> completions;  ///< Completions, by id.
  std::vector<Mutex> mutexes;           ///< Mutexes, by id.
  Rcu rcu;                              ///< RCU grace periods.
  std::vector<Program> programs;        ///< Work functions, by id.
  WqState wq;                           ///< The workqueue subsystem.
  std::vector<ScriptedAction> script;   ///< Scenario and user actions, by index.
  int32_t current = -1;   ///< Task whose code is running (the kernel's current), -1 outside tasks.
  int current_cpu = 0;    ///< CPU that code runs on (smp_processor_id()).
  uint64_t rng = 0;       ///< State of the world's random stream (seeded by MachineConfig::seed).
  /// debug_locks: lockdep still checks (it turns itself off after its first report).
  bool debug_locks = true;
  uint64_t actions_run = 0;   ///< Actions popped from the queue so far.
  uint64_t events_emitted = 0;  ///< Events emitted so far (the next event's seq).
  std::vector<Event> out;     ///< Events not yet taken by take_events().
  /// Line-by-line stepping's watch of the running action (core/step_watch.h); not part
  /// of the world's value: copies have none.
  WatchSlot watch;
};

/// Builds and boots a machine: kthreadd, per-CPU pools with one idle worker each,
/// the system workqueues, the RCU grace-period work and the workqueue watchdog.
World boot(const MachineConfig& config);

/// jiffies now.
inline uint64_t jiffies(const World& w) { return w.jif.at(w.now); }

/// Appends an event stamped with the current time; fill in its fields after.
Event& emit(World& w, EventType type);

// The step watch's hooks (core/step_watch.h), inline: off the hot path unless armed.
/// Top of a thread function's loop: task @p task is about to run its next statement.
inline void watch_line_top(World& w, int32_t task) {
  if (w.watch.watch) watched_line_top(w, task);
}
/// Inside a statement (assign_rescuer_work()'s search, the v6.12.0 slurp): line @p inner
/// of the innermost function has just run.
inline void watch_line_ran(World& w, int32_t task, const KernelFrame& inner) {
  if (w.watch.watch) watched_line_ran(w, task, inner);
}
/// The task's step ended (run_task_step() returns): it is stopped where code_position() says.
inline void watch_step_end(World& w, int32_t task) {
  if (w.watch.watch) watched_step_end(w, task);
}
/// An event is about to be emitted.
inline void watch_emit(World& w) {
  if (w.watch.watch) watched_emit(w);
}
/// Appends a Warn event of @p kind (its a); fill in the fields the kind uses after.
Event& emit_warn(World& w, WarnKind kind);

/// Moves out the events emitted since the last call.
std::vector<Event> take_events(World& w);

/// Runs the next action of the queue. Returns false if nothing is left to run.
bool step(World& w);
/// Runs every action due at or before @p t, then sets the clock to @p t.
void run_until(World& w, Nanos t);
/// Time of the next action, or -1 if the queue is empty.
Nanos next_action_time(const World& w);

/// Adds a work function; returns its program id.
int32_t add_program(World& w, Program p);
/// INIT_WORK(): a new work item running program @p program; returns its id.
int32_t init_work(World& w, const std::string& name, int32_t program);
/// INIT_DELAYED_WORK(): a work item with a timer; returns its id.
int32_t init_delayed_work(World& w, const std::string& name, int32_t program);
/// Creates a named completion; returns its id.
int32_t add_completion(World& w, const std::string& name);
/// Creates a named mutex; returns its id.
int32_t add_mutex(World& w, const std::string& name);
/// Schedules a scripted action; returns its index.
int32_t add_scripted_action(World& w, ScriptedAction a);

/// Names for display: a task's comm, a work's name, a workqueue's name, a program's function.
const std::string& task_name(const World& w, int32_t task);
/// A work item's name.
const std::string& work_name(const World& w, int32_t work);
/// A workqueue's name.
const std::string& wq_name(const World& w, int32_t wq);
/// A program's function name.
const std::string& func_name(const World& w, int32_t program);

}  // namespace cmwq
