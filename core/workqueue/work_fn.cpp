// worker->current_func(work): runs the work item's program in the worker's context.
#include <algorithm>

#include "core/kernel/memory.h"
#include "core/kernel/rcu.h"
#include "core/kernel/sync.h"
#include "core/workqueue/internal.h"
#include "core/workqueue/workqueue.h"
#include "core/world.h"

namespace cmwq {
namespace {

void emit_op(World& w, const Worker& wk, EventType type, OpCode op) {
  Event& e = emit(w, type);
  e.task = wk.task;
  e.work = wk.current_work;
  e.pwq = wk.current_pwq;
  e.pool = wk.pool;
  e.cpu = static_cast<int16_t>(w.current_cpu);
  e.a = static_cast<int64_t>(op);
  e.b = wk.pc;
}

enum class OpOutcome : uint8_t { Next, Burn, Block };

OpOutcome from_wait(WaitResult r) { return r == WaitResult::Blocked ? OpOutcome::Block : OpOutcome::Next; }

// Runs (or resumes) one operation. op_phase 0 means "not started yet".
OpOutcome run_op(World& w, int32_t worker_id, const Op& op) {
  Worker& wk = worker_at(w, worker_id);
  const int32_t task = wk.task;
  const int32_t work = wk.current_work;
  uint8_t& phase = wk.op_phase;
  int64_t& aux = wk.op_aux;
  switch (op.code) {
    case OpCode::Burn:
      if (phase == 0 && op.ns > 0) {
        phase = 1;
        w.tasks[static_cast<size_t>(task)].burn_left = op.ns;
        return OpOutcome::Burn;
      }
      return OpOutcome::Next;
    case OpCode::Sleep:
      return from_wait(hrtimer_sleep(w, task, op.ns, phase));
    case OpCode::Alloc: {
      const WaitResult r = alloc_pages(w, task, op.count, op.gfp, PageOwner::Works);
      if (r == WaitResult::Blocked) {
        phase = 1;
        return OpOutcome::Block;
      }
      if (r == WaitResult::Done) work_at(w, work).pages_held += op.count;
      return OpOutcome::Next;
    }
    case OpCode::Free: {
      Work& wkr = work_at(w, work);
      const int64_t n = std::min(op.count, wkr.pages_held);
      if (n < op.count) {
        Event& e = emit_warn(w, WarnKind::FreeMoreThanHeld);
        e.work = work;
        e.task = task;
        e.b = op.count;
      }
      wkr.pages_held -= n;
      free_pages(w, n, PageOwner::Works, PagesFreedReason::Free);
      return OpOutcome::Next;
    }
    case OpCode::Reclaim:
      reclaim_pages(w, op.count);
      return OpOutcome::Next;
    case OpCode::QueueWork:
      queue_work_on(w, op.cpu < 0 ? WORK_CPU_UNBOUND : op.cpu, op.a, op.b);
      return OpOutcome::Next;
    case OpCode::QueueDelayed:
      queue_delayed_work_on(w, op.cpu < 0 ? WORK_CPU_UNBOUND : op.cpu, op.a, op.b, w.jif.from_nanos_up(op.ns));
      return OpOutcome::Next;
    case OpCode::FlushWork:
      return from_wait(flush_work_step(w, task, op.b, phase, aux));
    case OpCode::FlushWorkqueue:
      return from_wait(flush_workqueue_step(w, task, op.a, phase, aux));
    case OpCode::CancelWorkSync:
      return from_wait(cancel_work_sync_step(w, task, op.b, phase, aux));
    case OpCode::Wait:
      phase = 1;
      return from_wait(wait_for_completion(w, task, op.a));
    case OpCode::Complete:
      complete(w, op.a);
      return OpOutcome::Next;
    case OpCode::CompleteAll:
      complete_all(w, op.a);
      return OpOutcome::Next;
    case OpCode::SynchronizeRcu:
      phase = 1;
      return from_wait(synchronize_rcu(w, task, aux));
    case OpCode::Lock: {
      const bool woken = phase == 1;
      phase = 1;
      return from_wait(mutex_lock(w, task, op.a, woken));
    }
    case OpCode::Unlock:
      if (!mutex_unlock(w, task, op.a)) {
        Event& e = emit_warn(w, WarnKind::UnlockNotOwner);
        e.task = task;
        e.b = op.a;
      }
      return OpOutcome::Next;
    case OpCode::RcuGpDone:
      rcu_gp_done(w);
      return OpOutcome::Next;
    case OpCode::BarrierDone:  // wq_barrier_func()
      complete(w, work_at(w, work).ctx);
      return OpOutcome::Next;
    case OpCode::IdleCull:
      return from_wait(idle_cull_fn(w, task, work_at(w, work).ctx, phase));
    case OpCode::DrainWorkqueue:
      return from_wait(drain_workqueue_step(w, task, op.a, wk.drain));
    case OpCode::DestroyWorkqueue:
      return from_wait(destroy_workqueue_step(w, task, op.a, wk.drain));
  }
  return OpOutcome::Next;
}

}  // namespace

bool run_work_fn(World& w, int32_t worker_id, StepResult& r) {
  for (;;) {
    watch_line_top(w, worker_at(w, worker_id).task);
    Worker& wk = worker_at(w, worker_id);
    const Program& prog = w.programs[static_cast<size_t>(wk.current_func)];
    if (wk.pc >= static_cast<int32_t>(prog.ops.size())) return true;
    const Op op = prog.ops[static_cast<size_t>(wk.pc)];
    const bool resuming = wk.op_started;
    if (!resuming) {
      wk.op_started = true;
      emit_op(w, wk, EventType::WorkOp, op.code);
    }
    const OpOutcome o = run_op(w, worker_id, op);
    Worker& after = worker_at(w, worker_id);
    if (o == OpOutcome::Burn) {
      r = StepResult::Burn;
      return false;
    }
    if (o == OpOutcome::Block) {
      r = StepResult::Block;
      return false;
    }
    if (resuming && op.code != OpCode::Burn) emit_op(w, after, EventType::WorkOpDone, op.code);
    after.op_started = false;
    after.op_phase = 0;
    after.op_aux = 0;
    after.drain = DrainCall{};
    ++after.pc;
  }
}

}  // namespace cmwq
