// The workqueue watchdog (CONFIG_WQ_WATCHDOG): reports pools whose worklist made
// no progress for workqueue.watchdog_thresh seconds.
#include "core/kernel/timer.h"
#include "core/trace/fields.h"
#include "core/workqueue/internal.h"
#include "core/world.h"

namespace cmwq {
namespace {

// time_after(a, b): a is later than b.
bool time_after(uint64_t a, uint64_t b) { return static_cast<int64_t>(b - a) < 0; }

// wq_watchdog_reset_touched()
void wq_watchdog_reset_touched(World& w) {
  const uint64_t now = jiffies(w);
  w.wq.watchdog_touched = now;
  for (uint64_t& t : w.wq.watchdog_touched_cpu) t = now;
}

// show_all_workqueues(): busy workqueues, then pools that have busy workers.
void show_all_workqueues(World& w) {
  emit(w, EventType::DumpBegin);
  for (size_t i = 0; i < w.wq.wqs.size(); ++i) {
    const Workqueue& wq = w.wq.wqs[i];
    bool idle = true;
    for (int32_t p : wq.pwqs)
      if (!pwq_is_empty(pwq_at(w, p))) idle = false;
    if (idle) continue;
    Event& e = emit(w, EventType::DumpWorkqueue);
    e.wq = static_cast<int32_t>(i);
    e.a = wq.flags;
    for (int32_t p : w.wq.wqs[i].pwqs) {
      const PoolWorkqueue& pwq = pwq_at(w, p);
      if (pwq.nr_active || !pwq.inactive_works.empty()) show_pwq(w, p);
    }
  }
  const uint64_t now = jiffies(w);
  for (const WorkerPool& pool : w.wq.pools) {
    if (pool.nr_workers == pool.nr_idle) continue;
    // hung = seconds since watchdog_ts when work is pending.
    const uint64_t hung = pool.worklist.empty() ? 0 : w.jif.to_msecs(now - pool.watchdog_ts) / 1000;
    Event& e = emit(w, EventType::DumpPool);
    e.pool = pool.id;
    e.cpu = static_cast<int16_t>(pool.cpu);
    const int64_t manager_pid = pool.manager >= 0 ? w.tasks[static_cast<size_t>(worker_at(w, pool.manager).task)].pid : -1;
    set_dump_pool_info(e, DumpPoolInfo{static_cast<int64_t>(hung), pool.nr_workers, manager_pid});
    for (int32_t id : pool.idle_list) {
      Event& f = emit(w, EventType::DumpIdle);
      f.pool = pool.id;
      f.task = worker_at(w, id).task;
    }
  }
}

// show_cpu_pools_hogs(): the running workers of stalled per-CPU pools.
void show_cpu_pools_hogs(World& w) {
  emit(w, EventType::DumpHogBegin);
  for (const WorkerPool& pool : w.wq.pools) {
    if (!pool.cpu_stall) continue;
    for (int32_t id : pool.busy) {
      const Worker& wk = worker_at(w, id);
      if (w.tasks[static_cast<size_t>(wk.task)].state != TaskState::Running) continue;  // task_is_running()
      Event& e = emit(w, EventType::DumpHog);
      e.pool = pool.id;
      e.task = wk.task;
      e.work = wk.current_work;
      e.pwq = wk.current_pwq;
      if (wk.current_pwq >= 0) e.wq = w.wq.pwqs[static_cast<size_t>(wk.current_pwq)].wq;
      e.a = wk.current_func;
    }
  }
}

}  // namespace

bool pwq_is_empty(const PoolWorkqueue& pwq) { return !pwq.nr_active && pwq.inactive_works.empty(); }

// show_pwq(): the pwq line, then in-flight (running, with their scheduled items),
// pending (on the pool's worklist) and inactive items.
void show_pwq(World& w, int32_t pwq_id) {
  const PoolWorkqueue& pwq = pwq_at(w, pwq_id);
  Event& e = emit(w, EventType::DumpPwq);
  e.pwq = pwq_id;
  e.pool = pwq.pool;
  e.wq = pwq.wq;
  set_dump_pwq_info(e, DumpPwqInfo{pwq.nr_active, pwq.refcnt, pwq.on_mayday});
  for (int32_t id : pool_at(w, pwq.pool).busy) {
    const Worker& wk = worker_at(w, id);
    if (wk.current_pwq != pwq_id) continue;
    Event& f = emit(w, EventType::DumpInFlight);
    f.pwq = pwq_id;
    f.task = wk.task;
    f.work = wk.current_work;
    f.a = wk.rescue_wq >= 0 ? 1 : 0;
    for (int32_t s : work_list_items(w.wq.works, wk.scheduled)) {
      Event& g = emit(w, EventType::DumpInFlight);
      g.pwq = pwq_id;
      g.task = wk.task;
      g.work = s;
      g.a = wk.rescue_wq >= 0 ? 1 : 0;
    }
  }
  for (int32_t item : work_list_items(w.wq.works, pool_at(w, pwq.pool).worklist)) {
    if (work_at(w, item).pwq != pwq_id) continue;
    Event& f = emit(w, EventType::DumpPending);
    f.pwq = pwq_id;
    f.work = item;
  }
  for (int32_t item : work_list_items(w.wq.works, pwq_at(w, pwq_id).inactive_works)) {
    Event& f = emit(w, EventType::DumpInactive);
    f.pwq = pwq_id;
    f.work = item;
  }
}


// show_one_workqueue(): nothing for an idle workqueue; otherwise its line and every
// non-empty pwq.
void show_one_workqueue(World& w, int32_t wq_id) {
  bool idle = true;
  for (int32_t p : wq_at(w, wq_id).pwqs)
    if (!pwq_is_empty(pwq_at(w, p))) idle = false;
  if (idle) return;
  Event& e = emit(w, EventType::DumpWorkqueue);
  e.wq = wq_id;
  e.a = wq_at(w, wq_id).flags;
  for (int32_t p : wq_at(w, wq_id).pwqs)
    if (!pwq_is_empty(pwq_at(w, p))) show_pwq(w, p);
}

// wq_watchdog_set_thresh() at boot.
void wq_watchdog_init(World& w) {
  w.wq.watchdog_touched_cpu.assign(w.cpus.size(), 0);
  w.wq.watchdog_timer = timer_setup(w, TimerFn::WqWatchdogTimer, -1, /*deferrable=*/true);
  const uint64_t thresh = static_cast<uint64_t>(w.wq.params.watchdog_thresh) * static_cast<uint64_t>(w.jif.hz);
  if (!thresh) return;
  wq_watchdog_reset_touched(w);
  mod_timer(w, w.wq.watchdog_timer, jiffies(w) + thresh);
}

void wq_watchdog_touch(World& w, int cpu) {
  if (cpu >= 0) w.wq.watchdog_touched_cpu[static_cast<size_t>(cpu)] = jiffies(w);
  const uint64_t thresh = static_cast<uint64_t>(w.wq.params.watchdog_thresh) * static_cast<uint64_t>(w.jif.hz);
  if (time_after(jiffies(w), w.wq.watchdog_touched + thresh / 4)) w.wq.watchdog_touched = jiffies(w);
}

// wq_watchdog_timer_fn()
void wq_watchdog_timer_fn(World& w) {
  const uint64_t thresh = static_cast<uint64_t>(w.wq.params.watchdog_thresh) * static_cast<uint64_t>(w.jif.hz);
  if (!thresh) return;
  const uint64_t now = jiffies(w);
  bool lockup_detected = false;
  bool cpu_pool_stall = false;
  for (WorkerPool& pool : w.wq.pools) {
    pool.cpu_stall = false;
    if (pool.worklist.empty()) continue;
    // The latest of the pool's progress stamp and the touched stamp.
    const uint64_t touched = pool.cpu >= 0 ? w.wq.watchdog_touched_cpu[static_cast<size_t>(pool.cpu)]
                                           : w.wq.watchdog_touched;
    const uint64_t pool_ts = pool.watchdog_ts;
    const uint64_t ts = time_after(pool_ts, touched) ? pool_ts : touched;
    if (time_after(now, ts + thresh)) {
      lockup_detected = true;
      if (pool.cpu >= 0 && !(pool.flags & POOL_BH)) {
        pool.cpu_stall = true;
        cpu_pool_stall = true;
      }
      Event& e = emit(w, EventType::WatchdogLockup);
      e.pool = pool.id;
      e.cpu = static_cast<int16_t>(pool.cpu);
      // " stuck for %us!": jiffies_to_msecs(now - pool_ts) / 1000
      e.a = static_cast<int64_t>(w.jif.to_msecs(now - pool_ts) / 1000);
    }
  }
  if (lockup_detected) show_all_workqueues(w);
  if (cpu_pool_stall) show_cpu_pools_hogs(w);
  wq_watchdog_reset_touched(w);
  mod_timer(w, w.wq.watchdog_timer, now + thresh);
}

}  // namespace cmwq
