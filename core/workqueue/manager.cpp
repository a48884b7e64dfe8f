// The manager role: manage_workers(), maybe_create_worker() and create_worker(),
// plus attaching workers to pools.
#include <cstdio>

#include "core/kernel/kthread.h"
#include "core/kernel/memory.h"
#include "core/kernel/timer.h"
#include "core/workqueue/internal.h"
#include "core/world.h"

namespace cmwq {
namespace {

// ida_alloc(): the lowest free worker id of the pool.
int32_t ida_alloc(WorkerPool& pool) {
  for (size_t i = 0; i < pool.worker_ida.size(); ++i)
    if (!pool.worker_ida[i]) {
      pool.worker_ida[i] = true;
      return static_cast<int32_t>(i);
    }
  pool.worker_ida.push_back(true);
  return static_cast<int32_t>(pool.worker_ida.size() - 1);
}

// pool_allowed_cpus()
CpuMask pool_allowed_cpus(const WorkerPool& pool) {
  return (pool.cpu < 0 && pool.attrs.affn_strict) ? pool.attrs.pod_cpumask : pool.attrs.cpumask;
}

// format_worker_id(): kworker/<cpu>:<id>[H] or kworker/u<pool>:<id>.
std::string format_worker_id(const WorkerPool& pool, int32_t id) {
  char buf[64];
  if (pool.cpu >= 0)
    std::snprintf(buf, sizeof buf, "kworker/%d:%d%s", pool.cpu, id, pool.attrs.nice < 0 ? "H" : "");
  else
    std::snprintf(buf, sizeof buf, "kworker/u%d:%d", pool.id, id);
  return buf;
}

// alloc_worker(): a new struct worker in !idle && PREP state.
int32_t alloc_worker(World& w, int32_t ida_id) {
  Worker wk;
  wk.id = ida_id;
  wk.flags = WORKER_PREP;
  w.wq.workers.push_back(wk);
  return static_cast<int32_t>(w.wq.workers.size() - 1);
}

// The tail of create_worker(): attach, count, go idle, and wake the new thread.
void start_new_worker(World& w, int32_t pool_id, int32_t worker_id) {
  worker_attach_to_pool(w, worker_id, pool_id);
  ++pool_at(w, pool_id).nr_workers;
  worker_enter_idle(w, worker_id);
  const Worker& wk = worker_at(w, worker_id);
  Event& e = emit(w, EventType::WorkerCreated);
  e.task = wk.task;
  e.pool = pool_id;
  e.a = wk.id;
  e.b = 0;
  pool_counters_changed(w, pool_id);
}

}  // namespace

void worker_attach_to_pool(World& w, int32_t worker_id, int32_t pool_id) {
  Worker& wk = worker_at(w, worker_id);
  WorkerPool& pool = pool_at(w, pool_id);
  if (pool.flags & POOL_DISASSOCIATED) wk.flags |= WORKER_UNBOUND;
  if (wk.rescue_wq >= 0) w.tasks[static_cast<size_t>(wk.task)].allowed = pool_allowed_cpus(pool);
  pool.workers.push_back(worker_id);
  wk.pool = pool_id;
}

void worker_detach_from_pool(World& w, int32_t worker_id) {
  Worker& wk = worker_at(w, worker_id);
  auto& list = pool_at(w, wk.pool).workers;
  for (size_t i = 0; i < list.size(); ++i)
    if (list[i] == worker_id) {
      list.erase(list.begin() + static_cast<long>(i));
      break;
    }
  // unbind_worker(): back to wq_unbound_cpumask (every CPU here).
  w.tasks[static_cast<size_t>(wk.task)].allowed = CpuMask::first_n(static_cast<int>(w.cpus.size()));
  wk.pool = -1;
  wk.flags &= ~(WORKER_UNBOUND | WORKER_REBOUND);
}

int32_t create_worker_at_boot(World& w, int32_t pool_id, const std::string& comm) {
  WorkerPool& pool = pool_at(w, pool_id);
  const int32_t ida_id = ida_alloc(pool);
  const int32_t worker_id = alloc_worker(w, ida_id);
  alloc_pages(w, -1, WORKER_STRUCT_PAGES + TASK_STRUCT_PAGES + THREAD_STACK_PAGES, Gfp::ATOMIC,
              PageOwner::KernelObjects);
  const WorkerPool& p = pool_at(w, pool_id);
  const int32_t task = kthread_create_at_boot(w, TaskKind::Worker, comm.empty() ? format_worker_id(p, ida_id) : comm,
                                              p.attrs.nice, pool_allowed_cpus(p), worker_id);
  worker_at(w, worker_id).task = task;
  Task& t = w.tasks[static_cast<size_t>(task)];
  t.flags |= PF_WQ_WORKER;
  // It has already run worker_thread() once and found nothing to do: idle in schedule().
  t.state = TaskState::Idle;
  t.wait = WaitReason::WorkerIdle;
  t.wakeup_pending_hook = true;
  start_new_worker(w, pool_id, worker_id);
  return worker_id;
}

// manage_workers(): at most one manager per pool.
bool manage_workers(World& w, int32_t worker_id) {
  Worker& wk = worker_at(w, worker_id);
  WorkerPool& pool = pool_at(w, wk.pool);
  if (pool.flags & POOL_MANAGER_ACTIVE) return false;
  pool.flags |= POOL_MANAGER_ACTIVE;
  pool.manager = worker_id;
  wk.create_step = CreateStep::Restart;
  Event& e = emit(w, EventType::ManagerStart);
  e.task = wk.task;
  e.pool = wk.pool;
  return true;
}

// maybe_create_worker(): keep creating until an idle worker exists; if it takes
// longer than MAYDAY_INITIAL_TIMEOUT the mayday timer calls the rescuers.
bool maybe_create_worker_step(World& w, int32_t worker_id, StepResult& r) {
  for (;;) {
    watch_line_top(w, worker_at(w, worker_id).task);
    Worker& wk = worker_at(w, worker_id);
    const int32_t pool_id = wk.pool;
    const int32_t task = wk.task;
    switch (wk.create_step) {
      case CreateStep::Restart: {
        // If we don't make progress in MAYDAY_INITIAL_TIMEOUT, call for help.
        arm_mayday_timer(w, pool_id, mayday_initial_timeout(w.jif.hz));
        worker_at(w, worker_id).create_step = CreateStep::Create;
        break;
      }
      case CreateStep::Create: {
        // create_worker(): the id first, as it names the thread.
        const int32_t ida_id = ida_alloc(pool_at(w, pool_id));
        wk.op_aux = ida_id;
        Event& e = emit(w, EventType::CreateWorker);
        e.task = task;
        e.pool = pool_id;
        e.a = ida_id;
        wk.create_step = CreateStep::AllocWorker;
        break;
      }
      case CreateStep::AllocWorker: {
        // alloc_worker(): kzalloc_node(GFP_KERNEL); may sleep in direct reclaim.
        const WaitResult a = alloc_pages(w, task, WORKER_STRUCT_PAGES, Gfp::KERNEL, PageOwner::KernelObjects);
        if (a == WaitResult::Blocked) {
          r = StepResult::Block;
          return false;
        }
        const auto ida_id = static_cast<int32_t>(worker_at(w, worker_id).op_aux);
        const int32_t nw = alloc_worker(w, ida_id);
        const WorkerPool& pool = pool_at(w, pool_id);
        const int32_t req = kthread_create_on_node(w, task, TaskKind::Worker, format_worker_id(pool, ida_id),
                                                   pool.attrs.nice, pool_allowed_cpus(pool), nw);
        Worker& again = worker_at(w, worker_id);  // alloc_worker() added a worker: `wk` may dangle (core/world.h)
        again.new_worker = nw;
        again.create_req = req;
        again.create_step = CreateStep::KthreadWait;
        break;
      }
      case CreateStep::KthreadWait: {
        if (kthread_create_wait(w, task, wk.create_req) == WaitResult::Blocked) {
          r = StepResult::Block;
          return false;
        }
        const KthreadCreateRequest req = w.kthreadd.requests[static_cast<size_t>(wk.create_req)];
        const int32_t nw = wk.new_worker;
        wk.create_req = -1;
        wk.new_worker = -1;
        bool created = false;
        if (req.failed) {
          if (!w.wq.warned_create_failed) {  // pr_err_once()
            w.wq.warned_create_failed = true;
            Event& m = emit_warn(w, WarnKind::CreateFailedMessage);
            m.pool = pool_id;
            m.task = task;
          }
          Event& e = emit(w, EventType::CreateFailed);
          e.task = task;
          e.pool = pool_id;
          e.a = 12;  // ENOMEM
          // fail: ida_free(), kfree(worker)
          WorkerPool& pool = pool_at(w, pool_id);
          pool.worker_ida[static_cast<size_t>(worker_at(w, nw).id)] = false;
          worker_at(w, nw).label = WorkerLabel::Dead;
          free_pages(w, WORKER_STRUCT_PAGES, PageOwner::KernelObjects, PagesFreedReason::WorkerExit);
        } else {
          worker_at(w, nw).task = req.result;
          w.tasks[static_cast<size_t>(req.result)].flags |= PF_WQ_WORKER;
          start_new_worker(w, pool_id, nw);
          wake_up_process(w, req.result);
          created = true;
        }
        if (created || !need_to_create_worker(pool_at(w, pool_id))) {
          worker_at(w, worker_id).create_step = CreateStep::Done;
          break;
        }
        Event& c = emit(w, EventType::CreateCooldown);
        c.task = task;
        c.pool = pool_id;
        worker_at(w, worker_id).op_phase = 0;
        worker_at(w, worker_id).create_step = CreateStep::Cooldown;
        break;
      }
      case CreateStep::Cooldown: {
        // schedule_timeout_interruptible(CREATE_COOLDOWN)
        if (schedule_timeout(w, task, create_cooldown(w.jif.hz), TaskState::Interruptible, wk.op_phase) ==
            WaitResult::Blocked) {
          r = StepResult::Block;
          return false;
        }
        worker_at(w, worker_id).create_step =
            need_to_create_worker(pool_at(w, pool_id)) ? CreateStep::Create : CreateStep::Done;
        break;
      }
      case CreateStep::Done: {
        WorkerPool& pool = pool_at(w, pool_id);
        timer_delete(w, pool.mayday_timer);  // timer_delete_sync()
        Event& e = emit(w, EventType::MaydayTimerStop);
        e.pool = pool_id;
        // The new worker may already be busy: keep going until an idle one exists.
        if (need_to_create_worker(pool)) {
          wk.create_step = CreateStep::Restart;
          break;
        }
        pool.manager = -1;
        pool.flags &= ~POOL_MANAGER_ACTIVE;
        Event& end = emit(w, EventType::ManagerEnd);
        end.task = task;
        end.pool = pool_id;
        return true;
      }
    }
  }
}

}  // namespace cmwq
