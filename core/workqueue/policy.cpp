// Policy functions and worker state helpers of kernel/workqueue.c: the predicates
// that decide when a pool wakes, keeps or creates workers, worker flag handling
// with nr_running accounting, idle list handling and kick_pool().
#include <algorithm>

#include "core/kernel/sched.h"
#include "core/kernel/timer.h"
#include "core/trace/fields.h"
#include "core/workqueue/internal.h"
#include "core/world.h"

namespace cmwq {

WorkerPool& pool_at(World& w, int32_t id) { return w.wq.pools[static_cast<size_t>(id)]; }
PoolWorkqueue& pwq_at(World& w, int32_t id) { return w.wq.pwqs[static_cast<size_t>(id)]; }
Worker& worker_at(World& w, int32_t id) { return w.wq.workers[static_cast<size_t>(id)]; }
Workqueue& wq_at(World& w, int32_t id) { return w.wq.wqs[static_cast<size_t>(id)]; }
Work& work_at(World& w, int32_t id) { return w.wq.works[static_cast<size_t>(id)]; }

WorkList& list_of(World& w, const WorkLink& link) {
  switch (link.kind) {
    case WorkListKind::PoolWorklist: return pool_at(w, link.owner).worklist;
    case WorkListKind::PwqInactive: return pwq_at(w, link.owner).inactive_works;
    case WorkListKind::WorkerScheduled: return worker_at(w, link.owner).scheduled;
    case WorkListKind::None: break;
  }
  static WorkList none;  // unreachable for a linked work; callers check kind first
  return none;
}

int32_t current_wq_worker(const World& w) {
  if (w.current < 0) return -1;
  const Task& t = w.tasks[static_cast<size_t>(w.current)];
  return (t.flags & PF_WQ_WORKER) ? t.worker : -1;
}

// need_more_worker(): work is pending and nobody counted is running.
bool need_more_worker(const WorkerPool& pool) { return !pool.worklist.empty() && pool.nr_running == 0; }

// may_start_working(): an idle worker exists to take over if I sleep.
bool may_start_working(const WorkerPool& pool) { return pool.nr_idle != 0; }

// keep_working(): work is pending and I am the only one running.
bool keep_working(const WorkerPool& pool) { return !pool.worklist.empty() && pool.nr_running <= 1; }

// need_to_create_worker(): a worker is needed but none is idle.
bool need_to_create_worker(const WorkerPool& pool) { return need_more_worker(pool) && !may_start_working(pool); }

// too_many_workers(): the manager counts as idle; keep 2 idle plus a quarter of the busy.
bool too_many_workers(const WorkerPool& pool) {
  const bool managing = pool.flags & POOL_MANAGER_ACTIVE;
  const int nr_idle = pool.nr_idle + (managing ? 1 : 0);
  const int nr_busy = pool.nr_workers - nr_idle;
  return nr_idle > 2 && (nr_idle - 2) * MAX_IDLE_WORKERS_RATIO >= nr_busy;
}

namespace {
void emit_flags(World& w, const Worker& wk, uint32_t old_flags) {
  if (wk.flags == old_flags) return;
  Event& e = emit(w, EventType::WorkerFlags);
  e.task = wk.task;
  e.pool = wk.pool;
  e.a = wk.flags;
  e.b = old_flags;
}
}  // namespace

// worker_set_flags(): entering NOT_RUNNING takes the worker out of nr_running.
void worker_set_flags(World& w, int32_t id, uint32_t flags) {
  Worker& wk = worker_at(w, id);
  const uint32_t old = wk.flags;
  if ((flags & WORKER_NOT_RUNNING) && !(wk.flags & WORKER_NOT_RUNNING)) --pool_at(w, wk.pool).nr_running;
  wk.flags |= flags;
  emit_flags(w, wk, old);
  pool_counters_changed(w, wk.pool);
}

// worker_clr_flags(): leaving NOT_RUNNING (all of its bits) counts the worker again.
void worker_clr_flags(World& w, int32_t id, uint32_t flags) {
  Worker& wk = worker_at(w, id);
  const uint32_t old = wk.flags;
  wk.flags &= ~flags;
  if ((flags & WORKER_NOT_RUNNING) && (old & WORKER_NOT_RUNNING) && !(wk.flags & WORKER_NOT_RUNNING))
    ++pool_at(w, wk.pool).nr_running;
  emit_flags(w, wk, old);
  pool_counters_changed(w, wk.pool);
}

// first_idle_worker(): the most recently idled worker (idle_list is LIFO).
int32_t first_idle_worker(const WorkerPool& pool) { return pool.idle_list.empty() ? -1 : pool.idle_list.front(); }

// worker_enter_idle()
void worker_enter_idle(World& w, int32_t id) {
  Worker& wk = worker_at(w, id);
  WorkerPool& pool = pool_at(w, wk.pool);
  if (wk.flags & WORKER_IDLE) return;  // WARN_ON_ONCE in the kernel; cannot happen here
  const uint32_t old = wk.flags;
  wk.flags |= WORKER_IDLE;  // not worker_set_flags(): also used by create_worker()
  ++pool.nr_idle;
  wk.last_active = jiffies(w);
  pool.idle_list.insert(pool.idle_list.begin(), id);
  emit_flags(w, wk, old);
  Event& e = emit(w, EventType::WorkerIdle);
  e.task = wk.task;
  e.pool = wk.pool;
  if (too_many_workers(pool) && !timer_pending(w, pool.idle_timer))
    mod_timer(w, pool.idle_timer, jiffies(w) + idle_worker_timeout(w.jif.hz));
  if (pool.nr_workers == pool.nr_idle && pool.nr_running) {
    Event& warn = emit_warn(w, WarnKind::EnterIdleRunning);
    warn.pool = wk.pool;
  }
  pool_counters_changed(w, wk.pool);
}

// worker_leave_idle(): the idle timer is deliberately left armed.
void worker_leave_idle(World& w, int32_t id) {
  Worker& wk = worker_at(w, id);
  if (!(wk.flags & WORKER_IDLE)) return;
  WorkerPool& pool = pool_at(w, wk.pool);
  worker_clr_flags(w, id, WORKER_IDLE);
  --pool.nr_idle;
  pool.idle_list.erase(std::find(pool.idle_list.begin(), pool.idle_list.end(), id));
  Event& e = emit(w, EventType::WorkerBusy);
  e.task = wk.task;
  e.pool = wk.pool;
  pool_counters_changed(w, wk.pool);
}

// kick_pool(): wake the first idle worker if the pool needs one. Never creates workers.
bool kick_pool(World& w, int32_t pool_id, KickReason why) {
  WorkerPool& pool = pool_at(w, pool_id);
  const int32_t id = first_idle_worker(pool);
  if (!need_more_worker(pool) || id < 0) return false;
  Task& t = w.tasks[static_cast<size_t>(worker_at(w, id).task)];
  // Repatriation: a non-strict pool's worker that wandered out of its pod.
  if (!pool.attrs.affn_strict && pool.cpu < 0 && !pool.attrs.pod_cpumask.test(t.cpu)) {
    int wake_cpu = -1;
    for (int c = pool.attrs.pod_cpumask.first(); c >= 0; c = pool.attrs.pod_cpumask.next(c))
      if (c < static_cast<int>(w.cpus.size()) && w.cpus[static_cast<size_t>(c)].online) {
        wake_cpu = c;
        break;
      }
    if (wake_cpu >= 0) {
      t.cpu = wake_cpu;
      ++pwq_at(w, work_at(w, pool.worklist.first).pwq).stats[PWQ_STAT_REPATRIATED];
    }
  }
  const int32_t task = worker_at(w, id).task;
  wake_up_process(w, task);
  Event& e = emit(w, EventType::KickPool);
  e.task = task;
  e.pool = pool_id;
  e.a = static_cast<int64_t>(why);
  return true;
}

void pool_counters_changed(World& w, int32_t id) {
  WorkerPool& pool = pool_at(w, id);
  Event counts;
  set_pool_counts(counts, PoolCounts{pool.nr_running, pool.nr_idle, pool.nr_workers, pool.worklist.count});
  if (pool.shown_counters[0] == counts.a && pool.shown_counters[1] == counts.b) return;
  pool.shown_counters[0] = counts.a;
  pool.shown_counters[1] = counts.b;
  Event& e = emit(w, EventType::PoolCounters);
  e.pool = id;
  e.cpu = static_cast<int16_t>(pool.cpu);
  e.a = counts.a;
  e.b = counts.b;
}

void pwq_counters_changed(World& w, int32_t id) {
  PoolWorkqueue& pwq = pwq_at(w, id);
  const int64_t a = pwq.nr_active;
  const int64_t b = pwq.inactive_works.count;
  if (pwq.shown_counters[0] == a && pwq.shown_counters[1] == b) return;
  pwq.shown_counters[0] = a;
  pwq.shown_counters[1] = b;
  Event& e = emit(w, EventType::PwqCounters);
  e.pwq = id;
  e.wq = pwq.wq;
  e.pool = pwq.pool;
  e.a = a;
  e.b = b;
}

}  // namespace cmwq
