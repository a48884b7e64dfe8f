// The workqueue watchdog (CONFIG_WQ_WATCHDOG): reports pools whose worklist made
// no progress for workqueue.watchdog_thresh seconds.
#include "core/kernel/timer.h"
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

}  // namespace

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
  for (WorkerPool& pool : w.wq.pools) {
    pool.cpu_stall = false;
    if (pool.worklist.empty()) continue;
    // The latest of the pool's progress stamp and the touched stamp.
    const uint64_t touched = pool.cpu >= 0 ? w.wq.watchdog_touched_cpu[static_cast<size_t>(pool.cpu)]
                                           : w.wq.watchdog_touched;
    const uint64_t pool_ts = pool.watchdog_ts;
    const uint64_t ts = time_after(pool_ts, touched) ? pool_ts : touched;
    if (time_after(now, ts + thresh)) {
      if (pool.cpu >= 0 && !(pool.flags & POOL_BH)) pool.cpu_stall = true;
      Event& e = emit(w, EventType::WatchdogLockup);
      e.pool = pool.id;
      e.cpu = static_cast<int16_t>(pool.cpu);
      // " stuck for %us!": jiffies_to_msecs(now - pool_ts) / 1000
      e.a = static_cast<int64_t>(w.jif.to_msecs(now - pool_ts) / 1000);
    }
  }
  wq_watchdog_reset_touched(w);
  mod_timer(w, w.wq.watchdog_timer, now + thresh);
}

}  // namespace cmwq
