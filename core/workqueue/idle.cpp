// Idle worker management: idle_worker_timeout() and idle_cull_fn().
#include <algorithm>

#include "core/kernel/memory.h"
#include "core/kernel/sync.h"
#include "core/kernel/timer.h"
#include "core/workqueue/internal.h"
#include "core/workqueue/workqueue.h"
#include "core/world.h"

namespace cmwq {

// idle_worker_timeout(): the idle timer found too many idle workers for a while.
// Culling needs a sleepable context, so it queues the pool's idle_cull_work.
void idle_worker_timeout(World& w, int32_t pool_id) {
  WorkerPool& pool = pool_at(w, pool_id);
  if (work_pending(w, pool.idle_cull_work)) return;
  bool do_cull = false;
  if (too_many_workers(pool)) {
    // idle_list is LIFO: the last entry has been idle longest.
    const int32_t oldest = pool.idle_list.back();
    const uint64_t expires = worker_at(w, oldest).last_active + idle_worker_timeout(w.jif.hz);
    do_cull = jiffies(w) >= expires;
    if (!do_cull) mod_timer(w, pool.idle_timer, expires);
  }
  if (do_cull) queue_work_on(w, WORK_CPU_UNBOUND, w.wq.system_unbound_wq, pool.idle_cull_work);
}

// idle_cull_fn(): kill the workers idle for at least IDLE_WORKER_TIMEOUT while
// too_many_workers() holds, then reap them: kthread_stop() wakes each one, which
// exits through worker_thread()'s WORKER_DIE path, and waits for it to be gone.
WaitResult idle_cull_fn(World& w, int32_t task, int32_t pool_id, uint8_t& phase) {
  if (phase == 0) {
    phase = 1;
    for (;;) {
      WorkerPool& pool = pool_at(w, pool_id);
      if (!too_many_workers(pool)) break;
      const int32_t oldest = pool.idle_list.back();
      const uint64_t expires = worker_at(w, oldest).last_active + idle_worker_timeout(w.jif.hz);
      if (jiffies(w) < expires) {
        mod_timer(w, pool.idle_timer, expires);
        break;
      }
      // set_worker_dying()
      --pool.nr_workers;
      --pool.nr_idle;
      worker_at(w, oldest).flags |= WORKER_DIE;
      pool.idle_list.pop_back();
      pool.cull_list.push_back(oldest);
      // detach_dying_workers(): unbind and unlink (worker->pool stays set).
      pool.workers.erase(std::find(pool.workers.begin(), pool.workers.end(), oldest));
      w.tasks[static_cast<size_t>(worker_at(w, oldest).task)].allowed =
          CpuMask::first_n(static_cast<int>(w.cpus.size()));
    }
    pool_counters_changed(w, pool_id);
  }
  // reap_dying_workers(): kthread_stop_put() each, in order.
  while (!pool_at(w, pool_id).cull_list.empty()) {
    const int32_t id = pool_at(w, pool_id).cull_list.front();
    if (worker_at(w, id).exited < 0) {
      const int32_t done = add_completion(w, "kthread_exited");
      worker_at(w, id).exited = done;
      wake_up_process(w, worker_at(w, id).task);
    }
    if (wait_for_completion(w, task, worker_at(w, id).exited) == WaitResult::Blocked) return WaitResult::Blocked;
    pool_at(w, pool_id).cull_list.erase(pool_at(w, pool_id).cull_list.begin());
    const Worker& wk = worker_at(w, id);
    Event& e = emit(w, EventType::WorkerDestroyed);
    e.task = wk.task;
    e.pool = pool_id;
    e.a = wk.id;
    free_pages(w, WORKER_STRUCT_PAGES + TASK_STRUCT_PAGES + THREAD_STACK_PAGES, PageOwner::KernelObjects,
               PagesFreedReason::WorkerExit);
  }
  phase = 0;
  return WaitResult::Done;
}

}  // namespace cmwq
