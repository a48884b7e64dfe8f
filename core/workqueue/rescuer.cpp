// rescuer_thread(): the rescuer of a WQ_MEM_RECLAIM workqueue, in both generations, as a
// resumable step with one label per statement of its loop (WorkerLabel). v6.12.0 takes
// every item of a pwq at once (the slurp); 6.12.118 takes one item at a time through
// assign_rescuer_work(), behind the pwq's mayday cursor, gives other pwqs a turn after
// RESCUER_BATCH items and removes the cursor when it leaves (rescuer_cursor_one_by_one()).
#include "core/kernel/sync.h"
#include "core/workqueue/internal.h"
#include "core/world.h"
#include "core/world_view.h"

namespace cmwq {
namespace {

void set_running(World& w, int32_t task) {
  w.tasks[static_cast<size_t>(task)].state = TaskState::Running;
  w.tasks[static_cast<size_t>(task)].wait = WaitReason::None;
}

// An event of the rescuer about its pwq.
Event& rescuer_event(World& w, EventType type, const Worker& r, int32_t pool) {
  Event& e = emit(w, type);
  e.task = r.task;
  e.pwq = r.rescue_pwq;
  e.wq = r.rescue_wq;
  e.pool = pool;
  return e;
}

// repeat: set_current_state(TASK_IDLE); while (!list_empty(&wq->maydays)): take the
// first pwq (list_del_init(&pwq->mayday_node)). False when there is none: the rescuer
// exits if kthread_stop() asked it to, else it sleeps (@p r says which).
bool take_mayday(World& w, int32_t id, StepResult& r) {
  Worker& rescuer = worker_at(w, id);
  const int32_t task = rescuer.task;
  set_current_state(w, task, TaskState::Idle, WaitReason::WorkerIdle);
  Workqueue& wq = wq_at(w, rescuer.rescue_wq);
  if (wq.maydays.empty()) {
    if (rescuer.exited < 0) {
      r = StepResult::Block;  // schedule()
      return false;
    }
    // kthread_should_stop() (destroy_workqueue()) and the mayday list is empty: return 0.
    set_running(w, task);
    w.tasks[static_cast<size_t>(task)].flags &= ~PF_WQ_WORKER;  // set_pf_worker(false)
    rescuer.label = WorkerLabel::Dead;
    complete(w, rescuer.exited);
    r = StepResult::Exit;
    return false;
  }
  const int32_t pwq_id = wq.maydays.front();
  wq.maydays.pop_front();
  pwq_at(w, pwq_id).on_mayday = false;
  set_running(w, task);
  rescuer.rescue_pwq = pwq_id;
  rescuer.rescue_count = 0;  // unsigned int count = 0
  rescuer.label = WorkerLabel::RescuerAttach;
  rescuer_event(w, EventType::RescuerWake, rescuer, pwq_at(w, pwq_id).pool);
  return true;
}

// worker_attach_to_pool(rescuer, pool): set_cpus_allowed_ptr() to the pool's CPUs.
// False if the rescuer must first move there (StepResult::Migrate).
bool attach(World& w, int32_t id) {
  const int32_t pool_id = pwq_at(w, worker_at(w, id).rescue_pwq).pool;
  worker_attach_to_pool(w, id, pool_id);
  Worker& r = worker_at(w, id);  // after worker_attach_to_pool() (reference lifetime: core/world.h)
  r.label = rescuer_cursor_one_by_one(w.config.kernel) ? WorkerLabel::RescuerAssign : WorkerLabel::RescuerSlurp;
  rescuer_event(w, EventType::RescuerAttach, r, pool_id);
  return w.tasks[static_cast<size_t>(r.task)].allowed.test(w.current_cpu);
}

// PWQ_STAT_RESCUED++ for an item the rescuer took, and its event.
void rescued(World& w, int32_t id, int32_t work) {
  const Worker& r = worker_at(w, id);
  ++pwq_at(w, r.rescue_pwq).stats[PWQ_STAT_RESCUED];
  Event& e = rescuer_event(w, EventType::RescuerAssign, r, r.pool);
  e.wq = -1;
  e.work = work;
}

// v6.12.0: "Slurp in all works issued via this workqueue and process'em."
void slurp(World& w, int32_t id) {
  const int32_t pwq_id = worker_at(w, id).rescue_pwq;
  const int32_t pool_id = worker_at(w, id).pool;
  const int32_t task = worker_at(w, id).task;
  int32_t n = -1;
  for (int32_t work = pool_at(w, pool_id).worklist.first; work >= 0; work = n) {
    n = work_at(w, work).entry.next;
    watch_line_ran(w, task, KernelFrame(RescuerThreadLine::Slurp));
    const Work& wk = work_at(w, work);
    if ((wk.data & WORK_STRUCT_PWQ) && wk.pwq == pwq_id && assign_work(w, work, id, &n)) {
      rescued(w, id, work);
      watch_line_ran(w, task, KernelFrame(RescuerThreadLine::Assign));
    }
  }
  Worker& r = worker_at(w, id);  // after assign_work() (reference lifetime: core/world.h)
  r.process_step = ProcessStep::Pick;
  // if (!list_empty(&rescuer->scheduled)) { process, maybe requeue }, then put_pwq(pwq).
  r.label = r.scheduled.empty() ? WorkerLabel::RescuerPutPwq : WorkerLabel::RescuerProcess;
}

// pwq->mayday_cursor: init_pwq() sets it up with INIT_WORK(&pwq->mayday_cursor,
// mayday_cursor_func) and data = pwq | PENDING | PWQ | INACTIVE. The model makes that work
// the first time the rescuer needs it; until then it is on no list, so nothing can tell.
int32_t mayday_cursor(World& w, int32_t pwq_id) {
  if (pwq_at(w, pwq_id).mayday_cursor >= 0) return pwq_at(w, pwq_id).mayday_cursor;
  // mayday_cursor_func() is BUG(): it never runs, so its program has no operation.
  if (w.wq.prog_mayday_cursor < 0) w.wq.prog_mayday_cursor = add_program(w, Program{"mayday_cursor_func", {}});
  const int32_t cursor = init_work(w, "mayday_cursor", w.wq.prog_mayday_cursor);
  Work& c = work_at(w, cursor);
  c.data = WORK_STRUCT_PENDING | WORK_STRUCT_PWQ | WORK_STRUCT_INACTIVE;
  c.pwq = pwq_id;
  pwq_at(w, pwq_id).mayday_cursor = cursor;
  return cursor;
}

// list_move_tail(&cursor->entry, &n->entry): the cursor goes right before @p n, or to the
// tail when @p n is the list head (-1).
void move_cursor_before(World& w, int32_t pool_id, int32_t cursor, int32_t n) {
  WorkList& list = pool_at(w, pool_id).worklist;
  if (work_at(w, cursor).entry.kind != WorkListKind::None) work_list_del(w.wq.works, list, cursor);
  if (n < 0)
    work_list_add_tail(w.wq.works, list, WorkListKind::PoolWorklist, pool_id, cursor);
  else if (work_at(w, n).entry.prev < 0)
    work_list_add_head(w.wq.works, list, WorkListKind::PoolWorklist, pool_id, cursor);
  else
    work_list_insert_after(w.wq.works, list, work_at(w, n).entry.prev, cursor);
}

// assign_rescuer_work() (6.12.118): give the rescuer the next item of its pwq after the
// cursor, move the cursor to where that item was, and say whether it found one.
// Each of its lines is a line step of the rescuer (watch_line_ran()).
bool assign_rescuer_work(World& w, int32_t id) {
  const int32_t pwq_id = worker_at(w, id).rescue_pwq;
  const int32_t pool_id = worker_at(w, id).pool;
  const int32_t task = worker_at(w, id).task;
  const auto ran = [&w, task](AssignRescuerWorkLine l) { watch_line_ran(w, task, KernelFrame(l)); };
  // need rescue?
  if (rescuer_assigns_only_when_needed(w.config.kernel) &&
      (!pwq_at(w, pwq_id).nr_active || !need_to_create_worker(pool_at(w, pool_id)))) {
    ran(AssignRescuerWorkLine::NeedRescue);
    return false;
  }
  const int32_t cursor = mayday_cursor(w, pwq_id);
  // search from the start or cursor if available
  const Work& c = work_at(w, cursor);
  int32_t work = c.entry.kind == WorkListKind::None ? pool_at(w, pool_id).worklist.first : c.entry.next;
  ran(AssignRescuerWorkLine::Search);
  // find the next work item to rescue
  for (int32_t n = -1; work >= 0; work = n) {
    n = work_at(w, work).entry.next;
    ran(AssignRescuerWorkLine::Walk);
    if (work_at(w, work).pwq != pwq_id || !assign_work(w, work, id, &n)) continue;
    ran(AssignRescuerWorkLine::AssignWork);
    rescued(w, id, work);
    ran(AssignRescuerWorkLine::Rescued);
    // put the cursor for next search
    move_cursor_before(w, pool_id, cursor, n);
    Event& e = rescuer_event(w, EventType::MaydayCursorPlace, worker_at(w, id), pool_id);
    e.wq = -1;
    e.work = cursor;
    e.a = n;
    pool_counters_changed(w, pool_id);
    ran(AssignRescuerWorkLine::MoveCursor);
    ran(AssignRescuerWorkLine::ReturnTrue);
    return true;
  }
  ran(AssignRescuerWorkLine::ReturnFalse);
  return false;
}

// v6.12.0, after the slurped items ran: "The above execution of rescued work items could
// have created more to rescue through pwq_activate_first_inactive() or chained queueing.
// Let's put @pwq back on mayday list so that such back-to-back work items, which may be
// being used to relieve memory pressure, don't incur MAYDAY_INTERVAL delay inbetween."
void requeue_if_starving(World& w, int32_t id) {
  const Worker& r = worker_at(w, id);
  PoolWorkqueue& pwq = pwq_at(w, r.rescue_pwq);
  Workqueue& wq = wq_at(w, pwq.wq);
  if (pwq.nr_active && need_to_create_worker(pool_at(w, r.pool)) && wq.rescuer >= 0 && !pwq.on_mayday) {
    get_pwq(w, r.rescue_pwq);
    wq.maydays.push_back(r.rescue_pwq);
    pwq.on_mayday = true;
    rescuer_event(w, EventType::RescuerRequeue, r, r.pool);
  }
  worker_at(w, id).label = WorkerLabel::RescuerPutPwq;
}

// 6.12.118, after each item: "If the per-turn work item limit is reached and other PWQs
// are in mayday, requeue mayday for this PWQ and let the rescuer handle the other PWQs
// first." Otherwise back to assign_rescuer_work().
void batch_check(World& w, int32_t id) {
  Worker& r = worker_at(w, id);
  PoolWorkqueue& pwq = pwq_at(w, r.rescue_pwq);
  Workqueue& wq = wq_at(w, pwq.wq);
  if (++r.rescue_count > RESCUER_BATCH && !wq.maydays.empty() && pwq.nr_active &&
      need_to_create_worker(pool_at(w, r.pool))) {
    // Queue iff we aren't racing destruction and somebody else hasn't queued it already.
    const bool requeue = wq.rescuer >= 0 && !pwq.on_mayday;
    if (requeue) {
      get_pwq(w, r.rescue_pwq);
      wq.maydays.push_back(r.rescue_pwq);
      pwq.on_mayday = true;
    }
    Event& e = rescuer_event(w, EventType::RescuerBatch, r, r.pool);
    e.a = r.rescue_count;
    e.b = requeue ? 1 : 0;
    r.label = WorkerLabel::RescuerCursorDel;  // break
    return;
  }
  r.label = WorkerLabel::RescuerAssign;
}

// 6.12.118: "The cursor can not be left behind without the rescuer watching it": remove
// it unless the pwq is on wq->maydays again (the batch break, or a mayday sent meanwhile),
// in which case the next turn resumes after it.
void remove_cursor(World& w, int32_t id) {
  const Worker& r = worker_at(w, id);
  const PoolWorkqueue& pwq = pwq_at(w, r.rescue_pwq);
  const int32_t cursor = pwq.mayday_cursor;
  if (cursor >= 0 && work_at(w, cursor).entry.kind != WorkListKind::None && !pwq.on_mayday) {
    work_list_del(w.wq.works, pool_at(w, r.pool).worklist, cursor);
    Event& e = rescuer_event(w, EventType::MaydayCursorDel, r, r.pool);
    e.wq = -1;
    e.work = cursor;
    e.a = 0;
    pool_counters_changed(w, r.pool);
  }
  worker_at(w, id).label = WorkerLabel::RescuerKick;
}

// The end of one pwq's turn: back to repeat: for the next pwq on wq->maydays.
void done_with_pwq(World& w, int32_t id) {
  Worker& r = worker_at(w, id);
  Event& e = rescuer_event(w, EventType::RescuerDone, r, pwq_at(w, r.rescue_pwq).pool);
  e.wq = -1;
  r.rescue_pwq = -1;
  r.label = WorkerLabel::RescuerRepeat;
}

// put_pwq(): drop the reference send_mayday() took. v6.12.0 does it under pool->lock
// before kick_pool(); 6.12.118 after worker_detach_from_pool() (rescuer_put_after_detach()).
void put_mayday_ref(World& w, int32_t id) {
  put_pwq(w, worker_at(w, id).rescue_pwq);
  if (rescuer_put_after_detach(w.config.kernel))
    done_with_pwq(w, id);
  else
    worker_at(w, id).label = WorkerLabel::RescuerKick;
}

// worker_detach_from_pool(rescuer): the last statement of the turn in v6.12.0.
void detach(World& w, int32_t id) {
  worker_detach_from_pool(w, id);
  if (rescuer_put_after_detach(w.config.kernel))
    worker_at(w, id).label = WorkerLabel::RescuerPutPwq;
  else
    done_with_pwq(w, id);
}

}  // namespace

// rescuer_thread(): one per WQ_MEM_RECLAIM workqueue, nice -20, never counted in
// nr_running (WORKER_PREP is never cleared).
StepResult rescuer_thread_step(World& w, int32_t id) {
  for (;;) {
    watch_line_top(w, worker_at(w, id).task);
    Worker& r = worker_at(w, id);
    switch (r.label) {
      case WorkerLabel::RescuerRepeat: {
        StepResult res = StepResult::Block;
        if (!take_mayday(w, id, res)) return res;
        break;
      }
      case WorkerLabel::RescuerAttach:
        if (!attach(w, id)) return StepResult::Migrate;
        break;
      case WorkerLabel::RescuerSlurp:
        slurp(w, id);
        break;
      case WorkerLabel::RescuerAssign: {  // while (assign_rescuer_work(pwq, rescuer))
        const bool got = assign_rescuer_work(w, id);
        Worker& again = worker_at(w, id);  // after assign_rescuer_work() (reference lifetime: core/world.h)
        again.process_step = ProcessStep::Pick;
        again.label = got ? WorkerLabel::RescuerProcess : WorkerLabel::RescuerCursorDel;
        break;
      }
      case WorkerLabel::RescuerProcess: {
        StepResult res = StepResult::Block;
        if (!process_scheduled_works_step(w, id, res)) return res;
        worker_at(w, id).label = rescuer_cursor_one_by_one(w.config.kernel) ? WorkerLabel::RescuerBatch
                                                                            : WorkerLabel::RescuerRequeue;
        break;
      }
      case WorkerLabel::RescuerRequeue:
        requeue_if_starving(w, id);
        break;
      case WorkerLabel::RescuerBatch:
        batch_check(w, id);
        break;
      case WorkerLabel::RescuerCursorDel:
        remove_cursor(w, id);
        break;
      case WorkerLabel::RescuerPutPwq:
        put_mayday_ref(w, id);
        break;
      case WorkerLabel::RescuerKick:
        // Leave this pool. Notify regular workers; otherwise, we end up with 0
        // concurrency and stalling the execution.
        kick_pool(w, r.pool, KickReason::Rescuer);
        worker_at(w, id).label = WorkerLabel::RescuerDetach;
        break;
      case WorkerLabel::RescuerDetach:
        detach(w, id);
        break;
      default:
        return StepResult::Exit;
    }
  }
}

}  // namespace cmwq
