// Flushing and cancelling: flush_work() with barrier works, __flush_workqueue()
// with flush colours, cancel_work_sync(), and check_flush_dependency().
#include "core/kernel/sync.h"
#include "core/workqueue/internal.h"
#include "core/workqueue/workqueue.h"
#include "core/world.h"

namespace cmwq {
namespace {

int work_next_color(int color) { return (color + 1) % WORK_NR_COLORS; }

// check_flush_dependency(): a WQ_MEM_RECLAIM context must not wait for a workqueue
// that lacks a rescuer, or reclaim could wait on a worker that cannot be created. Since
// 6.12.9 a cancel's flush is exempt (flush_dep_skips_cancel()).
void check_flush_dependency(World& w, int32_t target_wq, int32_t target_work, bool from_cancel) {
  if (from_cancel && flush_dep_skips_cancel(w.config.kernel)) return;
  if (wq_at(w, target_wq).flags & WQ_MEM_RECLAIM) return;
  const int32_t worker = current_wq_worker(w);
  const int32_t target_func = target_work >= 0 ? work_at(w, target_work).program : -1;
  if (w.current >= 0 && (w.tasks[static_cast<size_t>(w.current)].flags & PF_MEMALLOC) &&
      !w.wq.warned_flush_memalloc) {
    w.wq.warned_flush_memalloc = true;
    Event& e = emit_warn(w, WarnKind::FlushMemalloc);
    e.task = w.current;
    e.wq = target_wq;
    e.work = target_work;
    e.b = target_func;
  }
  // `worker->current_pwq &&` came with "workqueue: Fix NULL current_pwq deref in flush
  // dependency check" (6.12.113); v6.12.0 read current_pwq->wq unchecked, but no task of
  // the model flushes from a kworker that executes no item, so both behave the same here.
  if (worker >= 0 && worker_at(w, worker).current_pwq >= 0) {
    const Worker& wk = worker_at(w, worker);
    const uint32_t flags = wq_at(w, pwq_at(w, wk.current_pwq).wq).flags;
    if ((flags & (WQ_MEM_RECLAIM | __WQ_LEGACY)) == WQ_MEM_RECLAIM && !w.wq.warned_flush_dependency) {
      w.wq.warned_flush_dependency = true;  // WARN_ONCE
      Event& e = emit_warn(w, WarnKind::FlushDependency);
      e.task = w.current;
      e.pwq = wk.current_pwq;
      e.wq = target_wq;
      e.work = target_work;
      e.b = target_func;
    }
  }
}

// insert_wq_barrier(): a barrier work that completes @done after @target finishes.
// It is INACTIVE, so it never counts against max_active.
void insert_wq_barrier(World& w, int32_t pwq, int32_t barrier, int32_t target, int32_t worker) {
  uint32_t work_flags = WORK_STRUCT_INACTIVE;
  work_at(w, barrier).data = WORK_STRUCT_PENDING;
  int color = 0;
  if (worker >= 0) {
    // The target is running: the barrier goes first on that worker's scheduled list.
    color = worker_at(w, worker).current_color;
    Worker& wk = worker_at(w, worker);
    ++pwq_at(w, pwq).nr_in_flight[static_cast<size_t>(color)];
    work_flags |= static_cast<uint32_t>(color) << WORK_STRUCT_COLOR_SHIFT;
    insert_work(w, pwq, barrier, wk.scheduled, WorkListKind::WorkerScheduled, worker, work_flags);
    // insert_work() appended; move it to the head (list_add_tail before scheduled.next).
    work_list_del(w.wq.works, wk.scheduled, barrier);
    work_list_add_head(w.wq.works, wk.scheduled, WorkListKind::WorkerScheduled, worker, barrier);
  } else {
    // The target is queued: link the barrier right after it.
    Work& t = work_at(w, target);
    work_flags |= t.data & WORK_STRUCT_LINKED;  // inherit an existing link
    color = t.color;
    t.data |= WORK_STRUCT_LINKED;
    ++pwq_at(w, pwq).nr_in_flight[static_cast<size_t>(color)];
    work_flags |= static_cast<uint32_t>(color) << WORK_STRUCT_COLOR_SHIFT;
    WorkList& list = list_of(w, work_at(w, target).entry);
    Work& b = work_at(w, barrier);
    b.data = WORK_STRUCT_PENDING | WORK_STRUCT_PWQ | (work_flags & ~0xF0u);
    b.color = color;
    b.pwq = pwq;
    work_list_insert_after(w.wq.works, list, target, barrier);
    get_pwq(w, pwq);
  }
  pool_counters_changed(w, pwq_at(w, pwq).pool);
}

// start_flush_work(): find where @work is (queued or running) and put a barrier behind it.
// Returns the barrier's completion, or -1 if there is nothing to wait for.
int32_t start_flush_work(World& w, int32_t work, bool from_cancel) {
  const int32_t pool = get_work_pool(w, work);
  if (pool < 0) return -1;
  int32_t worker = -1;
  int32_t pwq = -1;
  const Work& wk = work_at(w, work);
  if (wk.data & WORK_STRUCT_PWQ) {
    pwq = wk.pwq;
    if (pwq_at(w, pwq).pool != pool) return -1;
  } else {
    worker = find_worker_executing_work(w, pool, work);
    if (worker < 0) return -1;  // already gone
    pwq = worker_at(w, worker).current_pwq;
  }
  check_flush_dependency(w, pwq_at(w, pwq).wq, work, from_cancel);
  const int32_t done = add_completion(w, "barrier");
  const int32_t barrier = init_work(w, "barrier", w.wq.prog_barrier);
  Work& b = work_at(w, barrier);
  b.barrier = true;
  b.ctx = done;
  insert_wq_barrier(w, pwq, barrier, work, worker);
  return done;
}

// flush_workqueue_prep_pwqs(): arm pwqs for a flush colour and/or advance work colours.
bool flush_workqueue_prep_pwqs(World& w, int32_t wq_id, int flush_color, int work_color) {
  bool wait = false;
  Workqueue& wq = wq_at(w, wq_id);
  if (flush_color >= 0) wq.nr_pwqs_to_flush = 1;
  for (int32_t id : wq.pwqs) {
    PoolWorkqueue& pwq = pwq_at(w, id);
    if (flush_color >= 0 && pwq.nr_in_flight[static_cast<size_t>(flush_color)]) {
      pwq.flush_color = flush_color;
      ++wq.nr_pwqs_to_flush;
      wait = true;
    }
    if (work_color >= 0) pwq.work_color = work_color;
  }
  if (flush_color >= 0 && --wq_at(w, wq_id).nr_pwqs_to_flush == 0)
    complete(w, w.wq.flushers[static_cast<size_t>(wq_at(w, wq_id).first_flusher)].done);
  return wait;
}

// The first part of __flush_workqueue(): take a colour and arm the pwqs. Returns
// the flusher id, or -1 if nothing needed flushing.
int32_t flush_workqueue_begin(World& w, int32_t wq_id) {
  Flusher f;
  f.task = w.current;
  f.done = add_completion(w, "flusher");
  w.wq.flushers.push_back(f);
  const auto me = static_cast<int32_t>(w.wq.flushers.size() - 1);
  Workqueue& wq = wq_at(w, wq_id);
  const int next_color = work_next_color(wq.work_color);
  if (next_color != wq.flush_color) {
    // Colour space not full: the current work colour becomes our flush colour.
    w.wq.flushers[static_cast<size_t>(me)].flush_color = wq.work_color;
    wq.work_color = next_color;
    if (wq.first_flusher < 0) {
      wq.first_flusher = me;  // no flush in progress: become the first flusher
      if (!flush_workqueue_prep_pwqs(w, wq_id, wq_at(w, wq_id).flush_color, wq_at(w, wq_id).work_color)) {
        Workqueue& q = wq_at(w, wq_id);
        q.flush_color = next_color;  // nothing to flush
        q.first_flusher = -1;
        return -1;
      }
    } else {
      wq.flusher_queue.push_back(me);  // wait in queue
      flush_workqueue_prep_pwqs(w, wq_id, -1, wq_at(w, wq_id).work_color);
    }
  } else {
    wq.flusher_overflow.push_back(me);  // colour space full: the next completion assigns one
  }
  check_flush_dependency(w, wq_id, -1, false);
  return me;
}

// The wake-up-and-cascade phase of __flush_workqueue() for the first flusher.
void flush_workqueue_cascade(World& w, int32_t wq_id, int32_t me) {
  Workqueue& wq = wq_at(w, wq_id);
  if (wq.first_flusher != me) return;
  wq.first_flusher = -1;
  for (;;) {
    Workqueue& q = wq_at(w, wq_id);
    // Complete all the flushers sharing the current flush colour.
    while (!q.flusher_queue.empty() &&
           w.wq.flushers[static_cast<size_t>(q.flusher_queue.front())].flush_color == q.flush_color) {
      const int32_t f = q.flusher_queue.front();
      q.flusher_queue.pop_front();
      complete(w, w.wq.flushers[static_cast<size_t>(f)].done);
    }
    Workqueue& q2 = wq_at(w, wq_id);
    q2.flush_color = work_next_color(q2.flush_color);
    // One colour was freed: give it to the overflowed flushers.
    if (!q2.flusher_overflow.empty()) {
      for (int32_t f : q2.flusher_overflow) w.wq.flushers[static_cast<size_t>(f)].flush_color = q2.work_color;
      q2.work_color = work_next_color(q2.work_color);
      for (int32_t f : q2.flusher_overflow) q2.flusher_queue.push_back(f);
      q2.flusher_overflow.clear();
      flush_workqueue_prep_pwqs(w, wq_id, -1, wq_at(w, wq_id).work_color);
    }
    Workqueue& q3 = wq_at(w, wq_id);
    if (q3.flusher_queue.empty()) break;
    // Make the next flusher the first one and arm the pwqs for its colour.
    const int32_t next = q3.flusher_queue.front();
    q3.flusher_queue.pop_front();
    q3.first_flusher = next;
    if (flush_workqueue_prep_pwqs(w, wq_id, q3.flush_color, -1)) break;
    wq_at(w, wq_id).first_flusher = -1;  // this colour is already done: keep cascading
  }
}

}  // namespace

// flush_work() -> __flush_work(work, false)
WaitResult flush_work_step(World& w, int32_t task, int32_t work, uint8_t& phase, int64_t& aux) {
  if (phase == 0) {
    const int32_t done = start_flush_work(w, work, false);
    if (done < 0) return WaitResult::Done;
    aux = done;
    phase = 1;
  }
  const WaitResult r = wait_for_completion(w, task, static_cast<int32_t>(aux));
  if (r == WaitResult::Done) phase = 0;
  return r;
}

// __flush_workqueue()
WaitResult flush_workqueue_step(World& w, int32_t task, int32_t wq, uint8_t& phase, int64_t& aux) {
  if (phase == 0) {
    if (wq_at(w, wq).destroyed) {
      warn_use_after_destroy(w, wq, -1, UseAfterDestroyCall::FlushWorkqueue);
      return WaitResult::Done;
    }
    const int32_t me = flush_workqueue_begin(w, wq);
    if (me < 0) return WaitResult::Done;
    aux = me;
    phase = 1;
  }
  const auto me = static_cast<int32_t>(aux);
  const WaitResult r = wait_for_completion(w, task, w.wq.flushers[static_cast<size_t>(me)].done);
  if (r != WaitResult::Done) return r;
  phase = 0;
  flush_workqueue_cascade(w, wq, me);
  return WaitResult::Done;
}

// cancel_work_sync(): disable, cancel, wait for a running instance, enable.
WaitResult cancel_work_sync_step(World& w, int32_t task, int32_t work, uint8_t& phase, int64_t& aux) {
  if (phase == 0) {
    ++work_at(w, work).disable;  // WORK_CANCEL_DISABLE
    cancel_work(w, work);
    const int32_t done = start_flush_work(w, work, /*from_cancel=*/true);
    if (done < 0) {
      --work_at(w, work).disable;  // enable_work()
      return WaitResult::Done;
    }
    aux = done;
    phase = 1;
  }
  const WaitResult r = wait_for_completion(w, task, static_cast<int32_t>(aux));
  if (r != WaitResult::Done) return r;
  phase = 0;
  --work_at(w, work).disable;
  return WaitResult::Done;
}

}  // namespace cmwq
