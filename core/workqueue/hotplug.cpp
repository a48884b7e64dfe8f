// The workqueue's CPU hotplug callbacks: workqueue_prepare_cpu(),
// workqueue_offline_cpu() (unbind_workers()) and workqueue_online_cpu()
// (rebind_workers()). Unbound workqueues' per-pod pwqs are not recomputed when a
// CPU comes or goes (unbound_wq_update_pwq() is not modelled).
#include "core/kernel/sched.h"
#include "core/workqueue/internal.h"
#include "core/world.h"

namespace cmwq {

// workqueue_prepare_cpu(): a pool of a CPU coming up gets a worker if it has none.
void workqueue_prepare_cpu(World& w, int cpu) {
  for (int32_t pool : w.wq.cpu_pools[static_cast<size_t>(cpu)])
    if (pool_at(w, pool).nr_workers == 0) create_worker_at_boot(w, pool);
}

// unbind_workers(): the pools of a dying CPU lose concurrency management.
void workqueue_offline_cpu(World& w, int cpu) {
  for (int32_t pool_id : w.wq.cpu_pools[static_cast<size_t>(cpu)]) {
    WorkerPool& pool = pool_at(w, pool_id);
    for (int32_t id : pool.workers) {
      Worker& wk = worker_at(w, id);
      const uint32_t old = wk.flags;
      wk.flags |= WORKER_UNBOUND;
      Event& e = emit(w, EventType::WorkerFlags);
      e.task = wk.task;
      e.pool = pool_id;
      e.a = wk.flags;
      e.b = old;
    }
    pool.flags |= POOL_DISASSOCIATED;
    // nr_running stays 0 from now on: need_more_worker() and keep_working() hold
    // whenever work is pending, as for an unbound pool.
    pool.nr_running = 0;
    pool_counters_changed(w, pool_id);
    kick_pool(w, pool_id, KickReason::Hotplug);
    // unbind_worker(): any CPU of wq_unbound_cpumask.
    for (int32_t id : std::vector<int32_t>(pool_at(w, pool_id).workers))
      sched_set_cpus_allowed(w, worker_at(w, id).task, CpuMask::first_n(static_cast<int>(w.cpus.size())));
  }
}

// rebind_workers(): bound again; each worker counts again after its next cycle.
void workqueue_online_cpu(World& w, int cpu) {
  for (int32_t pool_id : w.wq.cpu_pools[static_cast<size_t>(cpu)]) {
    WorkerPool& pool = pool_at(w, pool_id);
    for (int32_t id : std::vector<int32_t>(pool.workers))
      sched_set_cpus_allowed(w, worker_at(w, id).task, pool_at(w, pool_id).attrs.cpumask);
    pool_at(w, pool_id).flags &= ~POOL_DISASSOCIATED;
    for (int32_t id : pool_at(w, pool_id).workers) {
      Worker& wk = worker_at(w, id);
      const uint32_t old = wk.flags;
      // Swap UNBOUND for REBOUND, which is still NOT_RUNNING; worker_thread() clears it.
      wk.flags = (wk.flags | WORKER_REBOUND) & ~WORKER_UNBOUND;
      Event& e = emit(w, EventType::WorkerFlags);
      e.task = wk.task;
      e.pool = pool_id;
      e.a = wk.flags;
      e.b = old;
    }
  }
}

}  // namespace cmwq
