#pragma once
/// @file
/// @brief Functions of kernel/workqueue.c shared between the files of core/workqueue/.
///
/// Each keeps its kernel name; see the .cpp files for which kernel function each
/// mirrors and how our model differs.

#include <cstdint>
#include <string>

#include "core/kernel/sched.h"
#include "core/trace/event.h"
#include "core/workqueue/types.h"

namespace cmwq {

struct World;

// --- Accessors ---------------------------------------------------------------
WorkerPool& pool_at(World& w, int32_t id);
PoolWorkqueue& pwq_at(World& w, int32_t id);
Worker& worker_at(World& w, int32_t id);
Workqueue& wq_at(World& w, int32_t id);
Work& work_at(World& w, int32_t id);
/// The list a work item is on (its pool's worklist, pwq's inactive_works or worker's scheduled).
WorkList& list_of(World& w, const WorkLink& link);
/// current_wq_worker(): the worker the running task is, or -1.
int32_t current_wq_worker(const World& w);

// --- Policy (policy.cpp) ------------------------------------------------------
bool need_more_worker(const WorkerPool& pool);
bool may_start_working(const WorkerPool& pool);
bool keep_working(const WorkerPool& pool);
bool need_to_create_worker(const WorkerPool& pool);
bool too_many_workers(const WorkerPool& pool);
void worker_set_flags(World& w, int32_t worker, uint32_t flags);
void worker_clr_flags(World& w, int32_t worker, uint32_t flags);
int32_t first_idle_worker(const WorkerPool& pool);
void worker_enter_idle(World& w, int32_t worker);
void worker_leave_idle(World& w, int32_t worker);
bool kick_pool(World& w, int32_t pool, KickReason why);
/// Emits the pool's counter event if nr_running/nr_idle/nr_workers/worklist changed.
void pool_counters_changed(World& w, int32_t pool);
void pwq_counters_changed(World& w, int32_t pwq);

// --- Queueing and max_active (queue.cpp) ----------------------------------------
void __queue_work(World& w, int cpu, int32_t wq, int32_t work);
void insert_work(World& w, int32_t pwq, int32_t work, WorkList& head, WorkListKind kind, int32_t owner,
                 uint32_t extra_flags);
bool pwq_tryinc_nr_active(World& w, int32_t pwq, bool fill);
bool pwq_activate_first_inactive(World& w, int32_t pwq, bool fill);
void pwq_dec_nr_in_flight(World& w, int32_t pwq, uint32_t work_data, int color);
void get_pwq(World& w, int32_t pwq);
void put_pwq(World& w, int32_t pwq);
int32_t get_work_pool(const World& w, int32_t work);
void delayed_work_timer_fn(World& w, int32_t work);

// --- Execution (execute.cpp) ----------------------------------------------------
int32_t find_worker_executing_work(World& w, int32_t pool, int32_t work);
/// move_linked_works(): moves @p work and the works linked after it to the tail of a
/// list; returns the item after the last one moved (the nextp out-parameter).
int32_t move_linked_works(World& w, int32_t work, WorkList& head, WorkListKind kind, int32_t owner);
bool assign_work(World& w, int32_t work, int32_t worker, int32_t* nextp);
/// process_scheduled_works() with process_one_work() inside, as a resumable step:
/// returns true when the scheduled list is empty, else false with @p r set.
bool process_scheduled_works_step(World& w, int32_t worker, StepResult& r);

// --- Worker threads (worker_thread.cpp, manager.cpp) ------------------------------
StepResult worker_thread_step(World& w, int32_t worker);
/// manage_workers(): false if another worker manages; otherwise runs
/// maybe_create_worker() as a resumable step (true, with @p done/@p r).
bool manage_workers(World& w, int32_t worker);
/// maybe_create_worker() steps: true when finished, else false with @p r set.
bool maybe_create_worker_step(World& w, int32_t worker, StepResult& r);
/// Creates a worker at boot or pool creation, without kthreadd (create_worker() done at once).
/// @p comm overrides the kworker name (legacy threads are named "<wq>/<cpu>").
int32_t create_worker_at_boot(World& w, int32_t pool, const std::string& comm = "");
void worker_attach_to_pool(World& w, int32_t worker, int32_t pool);
void worker_detach_from_pool(World& w, int32_t worker);

// --- Idle management (idle.cpp) ---------------------------------------------------
void idle_worker_timeout(World& w, int32_t pool);
/// idle_cull_fn() as a resumable step: picks the victims, then kthread_stop()s them
/// one by one, sleeping until each has exited.
WaitResult idle_cull_fn(World& w, int32_t task, int32_t pool, uint8_t& phase);

// --- Mayday and rescuer (mayday.cpp) ------------------------------------------------
/// mod_timer(&pool->mayday_timer, jiffies + @p delay), shown as a MaydayTimerArm event.
void arm_mayday_timer(World& w, int32_t pool, uint64_t delay);
void pool_mayday_timeout(World& w, int32_t pool);
void send_mayday(World& w, int32_t work);
StepResult rescuer_thread_step(World& w, int32_t worker);

// --- Flush (flush.cpp) ------------------------------------------------------------
/// flush_work() as a resumable step for the current task.
WaitResult flush_work_step(World& w, int32_t task, int32_t work, uint8_t& phase, int64_t& aux);
/// __flush_workqueue() as a resumable step.
WaitResult flush_workqueue_step(World& w, int32_t task, int32_t wq, uint8_t& phase, int64_t& aux);
/// cancel_work_sync() as a resumable step.
WaitResult cancel_work_sync_step(World& w, int32_t task, int32_t work, uint8_t& phase, int64_t& aux);

// --- Drain and destroy (destroy.cpp) ------------------------------------------------
/// drain_workqueue() as a resumable step of @p task.
WaitResult drain_workqueue_step(World& w, int32_t task, int32_t wq, DrainCall& d);
/// destroy_workqueue() as a resumable step of @p task.
WaitResult destroy_workqueue_step(World& w, int32_t task, int32_t wq, DrainCall& d);
/// Starts a task on @p cpu that calls drain_workqueue() or destroy_workqueue() and exits.
void start_wq_caller(World& w, WqCallKind kind, int32_t wq, int cpu);
/// The thread function of such a task.
StepResult wq_caller_step(World& w, int32_t caller);
/// Our WARN for a call on a destroyed workqueue (a use-after-free in the kernel).
void warn_use_after_destroy(World& w, int32_t wq, int32_t work, UseAfterDestroyCall call);

// --- Work functions (work_fn.cpp) -------------------------------------------------
/// Runs the current work's program from worker->pc. Returns true when the function
/// returned, else false with @p r set (it burns or blocks).
bool run_work_fn(World& w, int32_t worker, StepResult& r);

// --- Watchdog (watchdog.cpp) ------------------------------------------------------
void wq_watchdog_init(World& w);
void wq_watchdog_timer_fn(World& w);
void wq_watchdog_touch(World& w, int cpu);
/// pwq_is_empty(): no active items and no inactive ones.
bool pwq_is_empty(const PoolWorkqueue& pwq);
/// show_pwq(): the dump events of one pwq (its line, in-flight, pending, inactive items).
void show_pwq(World& w, int32_t pwq);
/// show_one_workqueue(): "workqueue %s: flags=0x%x" and show_pwq() of every non-empty pwq.
void show_one_workqueue(World& w, int32_t wq);

// --- CPU hotplug (hotplug.cpp) ------------------------------------------------------
void workqueue_prepare_cpu(World& w, int cpu);
void workqueue_offline_cpu(World& w, int cpu);
void workqueue_online_cpu(World& w, int cpu);

// --- Set-up (init.cpp) ------------------------------------------------------------
void workqueue_init(World& w);

}  // namespace cmwq
