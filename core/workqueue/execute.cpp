// Executing work items: assign_work(), move_linked_works(), process_scheduled_works()
// and process_one_work(), as resumable steps of the worker's thread function.
#include "core/trace/fields.h"
#include "core/workqueue/internal.h"
#include "core/world.h"
#include "core/world_view.h"

namespace cmwq {

// find_worker_executing_work(): the busy_hash lookup (work address and function must match).
int32_t find_worker_executing_work(World& w, int32_t pool, int32_t work) {
  const int32_t func = work_at(w, work).program;
  for (int32_t id : pool_at(w, pool).busy) {
    const Worker& wk = worker_at(w, id);
    if (wk.current_work == work && wk.current_func == func) return id;
  }
  return -1;
}

// move_linked_works(): move @work and every following item whose predecessor is LINKED.
int32_t move_linked_works(World& w, int32_t work, WorkList& head, WorkListKind kind, int32_t owner) {
  int32_t n = -1;
  for (int32_t cur = work; cur >= 0; cur = n) {
    Work& wk = work_at(w, cur);
    n = wk.entry.next;
    work_list_del(w.wq.works, list_of(w, wk.entry), cur);
    work_list_add_tail(w.wq.works, head, kind, owner, cur);
    if (!(work_at(w, cur).data & WORK_STRUCT_LINKED)) break;
  }
  return n;
}

namespace {

// The cursor branch of assign_work() (6.12.118): "The cursor work should not be
// processed". Only worker_thread() meets a cursor (the rescuer's search skips other pwqs'
// entries and starts after its own), so the kernel's WARN_ON_ONCE(worker->rescue_wq)
// cannot fire. The cursor is dropped, and the rescuer's next search starts at the head.
void drop_mayday_cursor(World& w, int32_t cursor, int32_t worker, int32_t* nextp) {
  Work& c = work_at(w, cursor);
  const int32_t pool = c.entry.owner;
  if (nextp) *nextp = c.entry.next;
  work_list_del(w.wq.works, pool_at(w, pool).worklist, cursor);
  Event& e = emit(w, EventType::MaydayCursorDel);
  e.task = worker_at(w, worker).task;
  e.work = cursor;
  e.pwq = work_at(w, cursor).pwq;
  e.pool = pool;
  e.a = 1;
  pool_counters_changed(w, pool);
}

}  // namespace

// assign_work(): give @work (and its linked items) to @worker, or punt it to the
// worker of this pool already executing it, so it never runs concurrently with itself.
// A mayday cursor (6.12.118) is dropped instead: false.
bool assign_work(World& w, int32_t work, int32_t worker, int32_t* nextp) {
  if (is_mayday_cursor(w, work)) {
    drop_mayday_cursor(w, work, worker, nextp);
    return false;
  }
  const int32_t pool = worker_at(w, worker).pool;
  const int32_t collision = find_worker_executing_work(w, pool, work);
  const int32_t to = collision >= 0 ? collision : worker;
  const int32_t n =
      move_linked_works(w, work, worker_at(w, to).scheduled, WorkListKind::WorkerScheduled, to);
  if (nextp) *nextp = n;
  pool_counters_changed(w, pool);
  return collision < 0;
}

namespace {

// process_one_work(), first half: claim the item, clear PENDING, trace execute_start.
void process_one_work_begin(World& w, int32_t worker_id, int32_t work) {
  Worker& worker = worker_at(w, worker_id);
  const int32_t pool_id = worker.pool;
  Work& wk = work_at(w, work);
  const int32_t pwq_id = wk.pwq;
  PoolWorkqueue& pwq = pwq_at(w, pwq_id);
  const Workqueue& wq = wq_at(w, pwq.wq);

  // Claim and dequeue: hash_add(busy_hash), current_* fields.
  pool_at(w, pool_id).busy.push_back(worker_id);
  worker.current_work = work;
  worker.current_func = wk.program;
  worker.current_pwq = pwq_id;
  worker.current_at = task_runtime(w, worker.task);
  worker.current_color = wk.color;
  worker.desc = wq.name;
  work_list_del(w.wq.works, list_of(w, wk.entry), work);

  // CPU intensive items do not take part in concurrency management.
  if (wq.flags & WQ_CPU_INTENSIVE) worker_set_flags(w, worker_id, WORKER_CPU_INTENSIVE);

  // Chains execution for NOT_RUNNING workers (unbound, CPU_INTENSIVE); a no-op for
  // an ordinary per-CPU worker, which keeps nr_running at least 1.
  kick_pool(w, pool_id, KickReason::Process);

  // set_work_pool_and_clear_pending(): the item can be queued again from now on.
  Work& again = work_at(w, work);  // fetched again after kick_pool() (reference lifetime: core/world.h)
  again.data = 0;
  again.pwq = -1;
  again.offq_pool = pool_id;

  ++pwq_at(w, pwq_id).stats[PWQ_STAT_STARTED];
  Event& e = emit(w, EventType::ExecuteStart);
  e.work = work;
  e.task = worker.task;
  e.pwq = pwq_id;
  e.pool = pool_id;
  e.wq = pwq_at(w, pwq_id).wq;
  e.cpu = static_cast<int16_t>(w.current_cpu);
  worker_at(w, worker_id).pc = 0;
  worker_at(w, worker_id).op_phase = 0;
  worker_at(w, worker_id).lockdep_start_depth = w.tasks[static_cast<size_t>(worker.task)].lockdep_depth;
  pool_counters_changed(w, pool_id);
}

// process_one_work(): "BUG: workqueue leaked atomic, lock or RCU" when the work function
// returned holding a lock it took (lockdep_depth() differs from its start; without
// CONFIG_LOCKDEP the depth is always 0 and nothing is said). The lock stays held.
void check_leaked_locks(World& w, int32_t worker_id) {
  const Worker& wk = worker_at(w, worker_id);
  const int32_t depth = w.tasks[static_cast<size_t>(wk.task)].lockdep_depth;
  if (!w.config.lockdep || depth == wk.lockdep_start_depth) return;
  const int32_t task = wk.task, work = wk.current_work, pwq = wk.current_pwq, start = wk.lockdep_start_depth;
  Event& e = emit_warn(w, WarnKind::LeakedLock);
  e.task = task;
  e.work = work;
  e.pwq = pwq;
  e.wq = pwq_at(w, pwq).wq;
  e.cpu = static_cast<int16_t>(w.current_cpu);
  set_lock_depths(e, LockDepths{start, depth});
}

// process_one_work(), last part (after cond_resched()): release the item.
void process_one_work_finish(World& w, int32_t worker_id) {
  Worker& worker = worker_at(w, worker_id);
  const int32_t pool_id = worker.pool;
  const int32_t pwq_id = worker.current_pwq;
  const int color = worker.current_color;
  // Also clears a CPU_INTENSIVE mark that wq_worker_tick() set for a CPU hog.
  worker_clr_flags(w, worker_id, WORKER_CPU_INTENSIVE);
  Worker& again = worker_at(w, worker_id);  // after worker_clr_flags() (reference lifetime: core/world.h)
  again.last_func = again.current_func;
  auto& busy = pool_at(w, pool_id).busy;
  for (size_t i = 0; i < busy.size(); ++i)
    if (busy[i] == worker_id) {
      busy.erase(busy.begin() + static_cast<long>(i));
      break;
    }
  again.current_work = -1;
  again.current_func = -1;
  again.current_pwq = -1;
  again.current_color = -1;
  // Must be last: may activate the next inactive item.
  pwq_dec_nr_in_flight(w, pwq_id, again.exec_work_data, color);
  pool_counters_changed(w, pool_id);
}

}  // namespace

bool process_scheduled_works_step(World& w, int32_t worker_id, StepResult& r) {
  for (;;) {
    watch_line_top(w, worker_at(w, worker_id).task);
    Worker& worker = worker_at(w, worker_id);
    switch (worker.process_step) {
      case ProcessStep::Pick: {
        const int32_t work = worker.scheduled.first;
        if (work < 0) {
          worker.batch_first = true;
          return true;
        }
        if (worker.batch_first) {
          pool_at(w, worker.pool).watchdog_ts = jiffies(w);
          worker.batch_first = false;
        }
        worker.exec_work_data = work_at(w, work).data;
        process_one_work_begin(w, worker_id, work);
        worker_at(w, worker_id).process_step = ProcessStep::Func;
        break;
      }
      case ProcessStep::Func: {
        if (!run_work_fn(w, worker_id, r)) return false;
        Worker& wk = worker_at(w, worker_id);
        Event& e = emit(w, EventType::ExecuteEnd);
        e.work = wk.current_work;
        e.task = wk.task;
        e.pwq = wk.current_pwq;
        e.pool = wk.pool;
        e.wq = pwq_at(w, wk.current_pwq).wq;
        e.cpu = static_cast<int16_t>(w.current_cpu);
        ++pwq_at(w, wk.current_pwq).stats[PWQ_STAT_COMPLETED];
        check_leaked_locks(w, worker_id);
        worker_at(w, worker_id).process_step = ProcessStep::Finish;
        // cond_resched(): let a task already waiting on this CPU run first.
        r = StepResult::Yield;
        return false;
      }
      case ProcessStep::Finish:
        process_one_work_finish(w, worker_id);
        worker_at(w, worker_id).process_step = ProcessStep::Pick;
        break;
    }
  }
}

}  // namespace cmwq
