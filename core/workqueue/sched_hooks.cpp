// The scheduler's hooks into the workqueue: wq_worker_sleeping(),
// wq_worker_running() and wq_worker_tick() with the CPU-hog reporter.
#include "core/workqueue/sched_hooks.h"

#include <bit>

#include "core/workqueue/internal.h"
#include "core/world.h"

namespace cmwq {
namespace {

int32_t worker_of(const World& w, int32_t task) { return w.tasks[static_cast<size_t>(task)].worker; }

// TICK_USEC: microseconds per tick, rounded as the kernel rounds it.
uint64_t tick_usec(const World& w) { return static_cast<uint64_t>((1000000 + w.jif.hz / 2) / w.jif.hz); }

// Number of ticks (multiples of TICK_NSEC) in [t0, t1).
int64_t ticks_in(const World& w, Nanos t0, Nanos t1) {
  const Nanos tick = w.jif.tick_nsec();
  auto ceil_div = [tick](Nanos t) { return (t + tick - 1) / tick; };
  return t1 > t0 ? ceil_div(t1) - ceil_div(t0) : 0;
}

// wq_cpu_intensive_report(): report a hogging function with exponential back-off.
void wq_cpu_intensive_report(World& w, int32_t func, int32_t work) {
  constexpr size_t WCI_MAX_ENTS = 128;
  CpuHogEntry* ent = nullptr;
  for (CpuHogEntry& e : w.wq.wci_ents)
    if (e.func == func) ent = &e;
  if (!ent) {
    if (w.wq.wci_ents.size() >= WCI_MAX_ENTS) return;
    w.wq.wci_ents.push_back(CpuHogEntry{func, 0});
    ent = &w.wq.wci_ents.back();
  }
  const uint64_t cnt = ++ent->cnt;
  const uint64_t thresh = w.wq.params.cpu_intensive_warning_thresh;
  if (thresh && cnt >= thresh && std::has_single_bit(cnt + 1 - thresh)) {
    Event& e = emit(w, EventType::CpuHogReport);
    e.work = work;
    e.a = static_cast<int64_t>(w.wq.params.cpu_intensive_thresh_us);
    e.b = static_cast<int64_t>(cnt);
  }
}

}  // namespace

// wq_worker_sleeping(): a busy, concurrency-managed worker blocks.
void wq_worker_sleeping(World& w, int32_t task) {
  const int32_t id = worker_of(w, task);
  if (id < 0) return;
  Worker& wk = worker_at(w, id);
  if (wk.flags & WORKER_NOT_RUNNING) return;  // rescuers, idle/prep, unbound, CPU_INTENSIVE
  if (wk.sleeping) return;                    // preempted before wq_worker_running()
  wk.sleeping = true;
  WorkerPool& pool = pool_at(w, wk.pool);
  --pool.nr_running;
  pool_counters_changed(w, wk.pool);
  if (kick_pool(w, wk.pool, KickReason::Sleep)) ++pwq_at(w, wk.current_pwq).stats[PWQ_STAT_CM_WAKEUP];
}

// wq_worker_running(): back from schedule(); count it again and restart the hog clock.
void wq_worker_running(World& w, int32_t task) {
  const int32_t id = worker_of(w, task);
  if (id < 0) return;
  Worker& wk = worker_at(w, id);
  if (!wk.sleeping) return;
  if (!(wk.flags & WORKER_NOT_RUNNING)) {
    ++pool_at(w, wk.pool).nr_running;
    pool_counters_changed(w, wk.pool);
  }
  wk.current_at = task_runtime(w, task);
  wk.sleeping = false;
}

void wq_worker_account_ticks(World& w, int32_t task, Nanos t0, Nanos t1) {
  const int32_t id = worker_of(w, task);
  if (id < 0) return;
  const Worker& wk = worker_at(w, id);
  if (wk.current_pwq < 0) return;
  pwq_at(w, wk.current_pwq).stats[PWQ_STAT_CPU_TIME] += static_cast<uint64_t>(ticks_in(w, t0, t1)) * tick_usec(w);
}

Nanos wq_worker_hog_tick_time(const World& w, int32_t task, Nanos t0, Nanos t1) {
  const int32_t id = worker_of(w, task);
  if (id < 0) return -1;
  const Worker& wk = w.wq.workers[static_cast<size_t>(id)];
  const uint64_t thresh_us = w.wq.params.cpu_intensive_thresh_us;
  if (wk.current_pwq < 0 || thresh_us == 0 || (wk.flags & WORKER_NOT_RUNNING) || wk.sleeping) return -1;
  // The runtime at t0 (the burst has not been added yet), then find the first tick
  // at which runtime - current_at reaches the threshold.
  const Nanos ran = w.tasks[static_cast<size_t>(task)].sum_exec_runtime - wk.current_at;
  const Nanos need = static_cast<Nanos>(thresh_us) * NSEC_PER_USEC - ran;
  const Nanos earliest = t0 + (need > 0 ? need : 0);
  const Nanos tick = w.jif.tick_nsec();
  const Nanos at = (earliest + tick - 1) / tick * tick;
  return at < t1 ? at : -1;
}

// wq_worker_tick() at the tick where the worker has hogged the CPU too long.
void wq_worker_tick_hog(World& w, int32_t task) {
  const int32_t id = worker_of(w, task);
  if (id < 0) return;
  Worker& wk = worker_at(w, id);
  if (wk.current_pwq < 0 || (wk.flags & WORKER_NOT_RUNNING) || wk.sleeping) return;
  const int32_t pwq = wk.current_pwq;
  const int32_t pool = wk.pool;
  const int32_t work = wk.current_work;
  const int32_t func = wk.current_func;
  worker_set_flags(w, id, WORKER_CPU_INTENSIVE);
  Event& e = emit(w, EventType::CpuHog);
  e.task = task;
  e.work = work;
  e.pwq = pwq;
  e.pool = pool;
  wq_cpu_intensive_report(w, func, work);
  ++pwq_at(w, pwq).stats[PWQ_STAT_CPU_INTENSIVE];
  if (kick_pool(w, pool, KickReason::Hog)) ++pwq_at(w, pwq).stats[PWQ_STAT_CM_WAKEUP];
}

std::array<uint64_t, PWQ_NR_STATS> wq_stats_now(const World& w, int32_t wq) {
  std::array<uint64_t, PWQ_NR_STATS> st{};
  const Workqueue& q = w.wq.wqs[static_cast<size_t>(wq)];
  for (int32_t p : q.pwqs)
    for (size_t i = 0; i < st.size(); ++i) st[i] += w.wq.pwqs[static_cast<size_t>(p)].stats[i];
  for (const Cpu& c : w.cpus) {
    if (!c.burning || c.curr < 0) continue;
    const int32_t id = worker_of(w, c.curr);
    if (id < 0) continue;
    const int32_t pwq = w.wq.workers[static_cast<size_t>(id)].current_pwq;
    if (pwq >= 0 && w.wq.pwqs[static_cast<size_t>(pwq)].wq == wq)
      st[PWQ_STAT_CPU_TIME] += static_cast<uint64_t>(ticks_in(w, c.burst_start, w.now)) * tick_usec(w);
  }
  return st;
}

}  // namespace cmwq
