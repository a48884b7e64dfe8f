// Idle worker management: idle_worker_timeout() and idle_cull_fn().
#include <algorithm>

#include "core/kernel/memory.h"
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
// too_many_workers() holds. They exit through worker_thread()'s WORKER_DIE path.
void idle_cull_fn(World& w, int32_t pool_id) {
  std::vector<int32_t> cull;
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
    cull.push_back(oldest);
  }
  for (int32_t id : cull) {
    // detach_dying_workers(): unbind and unlink (worker->pool stays set).
    Worker& wk = worker_at(w, id);
    WorkerPool& pool = pool_at(w, wk.pool);
    pool.workers.erase(std::find(pool.workers.begin(), pool.workers.end(), id));
    w.tasks[static_cast<size_t>(wk.task)].allowed = CpuMask::first_n(static_cast<int>(w.cpus.size()));
    Event& e = emit(w, EventType::WorkerDestroyed);
    e.task = wk.task;
    e.pool = pool_id;
    e.a = wk.id;
    // reap_dying_workers(): kthread_stop() wakes it; it exits; its memory is freed.
    wake_up_process(w, wk.task);
    free_pages(w, WORKER_STRUCT_PAGES + TASK_STRUCT_PAGES + THREAD_STACK_PAGES, PageOwner::KernelObjects,
               PagesFreedReason::WorkerExit);
  }
  pool_counters_changed(w, pool_id);
}

}  // namespace cmwq
