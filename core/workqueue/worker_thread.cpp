// worker_thread(): the thread function of every kworker, as a resumable step.
#include "core/kernel/sched.h"
#include "core/kernel/sync.h"
#include "core/workqueue/internal.h"
#include "core/world.h"

namespace cmwq {
namespace {

// The idle worker frees its id when it dies (worker_thread()'s WORKER_DIE branch).
void ida_free(WorkerPool& pool, int32_t id) {
  if (id >= 0 && static_cast<size_t>(id) < pool.worker_ida.size()) pool.worker_ida[static_cast<size_t>(id)] = false;
}

// sleep: worker_enter_idle(), TASK_IDLE, schedule().
StepResult go_idle(World& w, int32_t id) {
  worker_enter_idle(w, id);
  Worker& wk = worker_at(w, id);
  set_current_state(w, wk.task, TaskState::Idle, WaitReason::WorkerIdle);
  wk.label = WorkerLabel::WokeUp;
  return StepResult::Block;
}

// do { work = first of worklist; if (assign_work()) process_scheduled_works(); } ...
void assign_first_work(World& w, int32_t id) {
  const int32_t pool = worker_at(w, id).pool;
  assign_work(w, pool_at(w, pool).worklist.first, id, nullptr);
}

}  // namespace

StepResult worker_thread_step(World& w, int32_t id) {
  for (;;) {
    watch_line_top(w, worker_at(w, id).task);
    Worker& wk = worker_at(w, id);
    switch (wk.label) {
      case WorkerLabel::WokeUp: {  // woke_up:
        if (wk.flags & WORKER_DIE) {
          // Am I supposed to die? Clear PF_WQ_WORKER, drop the pool, free the id.
          w.tasks[static_cast<size_t>(wk.task)].flags &= ~PF_WQ_WORKER;
          ida_free(pool_at(w, wk.pool), wk.id);
          wk.pool = -1;
          wk.label = WorkerLabel::Dead;
          if (wk.exited >= 0) complete(w, wk.exited);  // kthread->exited, for kthread_stop()
          return StepResult::Exit;
        }
        worker_leave_idle(w, id);
        worker_at(w, id).label = WorkerLabel::Recheck;
        break;
      }
      case WorkerLabel::Recheck: {  // recheck:
        const WorkerPool& pool = pool_at(w, wk.pool);
        if (!need_more_worker(pool)) return go_idle(w, id);
        // Make sure an idle worker (or a manager) exists before starting to work.
        // (A legacy thread is its workqueue's only thread: it never manages.)
        if (!may_start_working(pool) && !(pool.flags & POOL_LEGACY) && manage_workers(w, id)) {
          worker_at(w, id).label = WorkerLabel::Manage;
          break;
        }
        if (!wk.scheduled.empty()) {  // WARN_ON_ONCE(!list_empty(&worker->scheduled))
          Event& e = emit_warn(w, WarnKind::ScheduledNotEmpty);
          e.task = wk.task;
        }
        // Finish PREP: from here the worker counts in nr_running (if concurrency managed).
        worker_clr_flags(w, id, WORKER_PREP | WORKER_REBOUND);
        assign_first_work(w, id);
        worker_at(w, id).label = WorkerLabel::Process;
        worker_at(w, id).process_step = ProcessStep::Pick;
        break;
      }
      case WorkerLabel::Manage: {
        StepResult r = StepResult::Block;
        if (!maybe_create_worker_step(w, id, r)) return r;
        worker_at(w, id).label = WorkerLabel::Recheck;  // manage_workers() returned true: goto recheck
        break;
      }
      case WorkerLabel::Process: {
        StepResult r = StepResult::Block;
        if (!process_scheduled_works_step(w, id, r)) return r;
        if (keep_working(pool_at(w, worker_at(w, id).pool))) {
          assign_first_work(w, id);
          break;
        }
        worker_set_flags(w, id, WORKER_PREP);
        return go_idle(w, id);
      }
      default:  // rescuer labels never reach worker_thread(); Dead exits
        return StepResult::Exit;
    }
  }
}

}  // namespace cmwq
