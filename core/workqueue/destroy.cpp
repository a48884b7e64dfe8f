// Tearing a workqueue down: drain_workqueue() and destroy_workqueue() as resumable
// steps of the task that calls them, and the caller tasks scenario actions start.
//
// Both sleep (they are flushes, and destroy_workqueue() waits for the rescuer to
// exit), so they run in a task: a work program's operation, or a task of its own
// that a scenario action starts (TaskKind::Caller), as a driver's remove path or
// rmmod would call them in the kernel.
#include "core/kernel/kthread.h"
#include "core/kernel/memory.h"
#include "core/kernel/sync.h"
#include "core/workqueue/internal.h"
#include "core/workqueue/workqueue.h"
#include "core/world.h"

namespace cmwq {
namespace {

void emit_call(World& w, EventType type, int32_t task, int32_t wq, int64_t a = 0) {
  Event& e = emit(w, type);
  e.task = task;
  e.wq = wq;
  e.cpu = static_cast<int16_t>(w.current_cpu);
  e.a = a;
}

// pwq_busy(): anything in flight, an extra reference (the dfl_pwq of an ordered
// workqueue is shared by every CPU's slot, so only it may hold more than the base
// ref), or active/inactive items.
bool pwq_busy(const World& w, int32_t pwq_id) {
  const PoolWorkqueue& pwq = w.wq.pwqs[static_cast<size_t>(pwq_id)];
  for (int n : pwq.nr_in_flight)
    if (n) return true;
  if (pwq_id != w.wq.wqs[static_cast<size_t>(pwq.wq)].dfl_pwq && pwq.refcnt > 1) return true;
  return !pwq_is_empty(pwq);
}

}  // namespace

void warn_use_after_destroy(World& w, int32_t wq, int32_t work, UseAfterDestroyCall call) {
  Event& e = emit_warn(w, WarnKind::UseAfterDestroy);
  e.task = w.current;
  e.cpu = static_cast<int16_t>(w.current_cpu);
  e.wq = wq;
  e.work = work;
  e.b = static_cast<int64_t>(call);
}

// drain_workqueue(): mark the workqueue draining (only chained queueing is allowed,
// see __queue_work()), then __flush_workqueue() until every pwq is empty, whining at
// the 10th try and every 100th up to the 1000th. The loop itself never gives up.
WaitResult drain_workqueue_step(World& w, int32_t task, int32_t wq_id, DrainCall& d) {
  if (d.drain_step == 0) {
    Workqueue& wq = wq_at(w, wq_id);
    if (wq.destroyed) {
      warn_use_after_destroy(w, wq_id, -1, UseAfterDestroyCall::DrainWorkqueue);
      return WaitResult::Done;
    }
    if (!wq.nr_drainers++) wq.flags |= __WQ_DRAINING;
    emit_call(w, EventType::DrainStart, task, wq_id, wq.nr_drainers);
    d.drain_step = 1;
    d.flush_cnt = 0;
    d.flush_phase = 0;
  }
  for (;;) {  // reflush:
    if (flush_workqueue_step(w, task, wq_id, d.flush_phase, d.flusher) == WaitResult::Blocked)
      return WaitResult::Blocked;
    bool drained = true;
    for (int32_t pwq : wq_at(w, wq_id).pwqs)
      if (!pwq_is_empty(pwq_at(w, pwq))) drained = false;
    if (drained) break;
    // A pwq still has work: chained queueing during the flush. A non-empty pwq always
    // has items of the current work colour in flight, so the next flush sleeps.
    ++d.flush_cnt;
    if (d.flush_cnt == 10 || (d.flush_cnt % 100 == 0 && d.flush_cnt <= 1000))
      emit_call(w, EventType::DrainIncomplete, task, wq_id, d.flush_cnt);
  }
  Workqueue& wq = wq_at(w, wq_id);
  if (!--wq.nr_drainers) wq.flags &= ~__WQ_DRAINING;
  emit_call(w, EventType::DrainEnd, task, wq_id, d.flush_cnt);
  d.drain_step = 0;
  return WaitResult::Done;
}

// destroy_workqueue() (v6.12): set __WQ_DESTROYING, drain, stop the rescuer
// (wq->rescuer = NULL first, so no new mayday can be sent, then kthread_stop(); the
// rescuer empties its mayday list before it exits), then the sanity check: a busy
// pwq WARNs, prints itself and the workqueue, and the workqueue is leaked. Otherwise
// the base references of the pwqs are put and the workqueue is gone. Not modelled:
// sysfs, lockdep, freeing the pwqs and unbound pools (they stay in the tables, idle).
// Newer kernels (v6.15+) stop the rescuer with kthread_stop() first and clear
// wq->rescuer after; the order does not matter once the workqueue is drained.
WaitResult destroy_workqueue_step(World& w, int32_t task, int32_t wq_id, DrainCall& d) {
  if (d.destroy_step == 0) {
    Workqueue& wq = wq_at(w, wq_id);
    if (wq.destroyed || (wq.flags & __WQ_DESTROYING)) {
      // A second destroy_workqueue(): the memory is freed (or about to be) in the kernel.
      warn_use_after_destroy(w, wq_id, -1, UseAfterDestroyCall::DestroyWorkqueue);
      return WaitResult::Done;
    }
    wq.flags |= __WQ_DESTROYING;
    emit_call(w, EventType::DestroyStart, task, wq_id);
    d.destroy_step = 1;
    d.drain_step = 0;
  }
  if (d.destroy_step == 1) {
    if (drain_workqueue_step(w, task, wq_id, d) == WaitResult::Blocked) return WaitResult::Blocked;
    d.destroy_step = 2;
    // Kill the rescuer; if the sanity check fails, the workqueue stays without one.
    Workqueue& wq = wq_at(w, wq_id);
    d.rescuer = wq.rescuer;
    if (d.rescuer >= 0) {
      wq.rescuer = -1;  // under wq_mayday_lock: "this prevents new queueing" of maydays
      Worker& r = worker_at(w, d.rescuer);
      r.exited = add_completion(w, "kthread_exited");
      // kthread_stop(): set KTHREAD_SHOULD_STOP and wake the thread. The drained
      // rescuer can only be idle in rescuer_thread() or on its way there.
      const Task& t = w.tasks[static_cast<size_t>(r.task)];
      if (t.wait == WaitReason::WorkerIdle) wake_up_process(w, r.task);
    }
  }
  if (d.destroy_step == 2) {
    if (d.rescuer >= 0) {
      if (wait_for_completion(w, task, worker_at(w, d.rescuer).exited) == WaitResult::Blocked)
        return WaitResult::Blocked;
      const Worker& r = worker_at(w, d.rescuer);
      Event& e = emit(w, EventType::WorkerDestroyed);
      e.task = r.task;
      e.wq = wq_id;
      e.a = r.id;
      e.b = 1;  // the rescuer
      // kfree(rescuer) and the exited thread's task struct and stack.
      free_pages(w, WORKER_STRUCT_PAGES + TASK_STRUCT_PAGES + THREAD_STACK_PAGES, PageOwner::KernelObjects,
                 PagesFreedReason::WorkerExit);
      d.rescuer = -1;
    }
    d.destroy_step = 0;
    // Sanity checks: every pwq must be idle.
    for (int32_t pwq : wq_at(w, wq_id).pwqs) {
      if (!pwq_busy(w, pwq)) continue;
      Event& warn = emit_warn(w, WarnKind::DestroyBusyPwq);  // WARN_ON(pwq_busy(pwq))
      warn.task = task;
      warn.cpu = static_cast<int16_t>(w.current_cpu);
      warn.wq = wq_id;
      warn.pwq = pwq;
      Event& busy = emit(w, EventType::DestroyBusy);  // pr_warn("%s: %s has the following busy pwq\n")
      busy.wq = wq_id;
      busy.pwq = pwq;
      busy.pool = pwq_at(w, pwq).pool;
      show_pwq(w, pwq);
      show_one_workqueue(w, wq_id);
      emit_call(w, EventType::DestroyEnd, task, wq_id, 0);  // returns: the workqueue is leaked
      return WaitResult::Done;
    }
    // list_del_rcu(&wq->list), then put the base reference of every pwq.
    Workqueue& wq = wq_at(w, wq_id);
    wq.destroyed = true;
    for (int32_t pwq : wq.pwqs) put_pwq(w, pwq);
    emit_call(w, EventType::DestroyEnd, task, wq_id, 1);
  }
  return WaitResult::Done;
}

void start_wq_caller(World& w, WqCallKind kind, int32_t wq, int cpu) {
  WqCaller c;
  c.kind = kind;
  c.wq = wq;
  w.wq.callers.push_back(c);
  const auto id = static_cast<int32_t>(w.wq.callers.size() - 1);
  const std::string comm = std::string(kind == WqCallKind::Drain ? "drain/" : "destroy/") + wq_name(w, wq);
  const int32_t task = kthread_run_now(w, TaskKind::Caller, comm, 0, CpuMask::of(cpu));
  w.tasks[static_cast<size_t>(task)].caller = id;
  w.wq.callers[static_cast<size_t>(id)].task = task;
}

StepResult wq_caller_step(World& w, int32_t id) {
  WqCaller& c = w.wq.callers[static_cast<size_t>(id)];
  const WaitResult r = c.kind == WqCallKind::Drain ? drain_workqueue_step(w, c.task, c.wq, c.call)
                                                   : destroy_workqueue_step(w, c.task, c.wq, c.call);
  return r == WaitResult::Blocked ? StepResult::Block : StepResult::Exit;
}

bool workqueue_destroyed(const World& w, int32_t wq) { return w.wq.wqs[static_cast<size_t>(wq)].destroyed; }

}  // namespace cmwq
