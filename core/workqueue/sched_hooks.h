#pragma once
/// @file
/// @brief The hooks the scheduler calls for workqueue workers (PF_WQ_WORKER tasks).

#include <array>
#include <cstdint>

#include "core/kernel/time.h"
#include "core/workqueue/constants.h"

namespace cmwq {

struct World;

/// wq_worker_sleeping(): a busy worker is going to sleep; if it was the last running
/// one and work is pending, kick_pool() wakes an idle worker.
void wq_worker_sleeping(World& w, int32_t task);
/// wq_worker_running(): a worker that slept is running again.
void wq_worker_running(World& w, int32_t task);
/// wq_worker_tick(), part 1: adds PWQ_STAT_CPU_TIME for every tick in [t0, t1) of a
/// burst of CPU use by @p task.
void wq_worker_account_ticks(World& w, int32_t task, Nanos t0, Nanos t1);
/// wq_worker_tick(), part 2: the first tick in [t0, t1) at which a concurrency-managed
/// worker will have run wq_cpu_intensive_thresh_us without sleeping, or -1.
Nanos wq_worker_hog_tick_time(const World& w, int32_t task, Nanos t0, Nanos t1);
/// wq_worker_tick() at that tick: mark the worker CPU_INTENSIVE, report, kick_pool().
void wq_worker_tick_hog(World& w, int32_t task);

/// The pwq statistics of workqueue @p wq summed over its pwqs, as wq_monitor.py would read
/// them now. The model adds a burst's ticks to PWQ_STAT_CPU_TIME when the burst ends (the
/// kernel adds TICK_USEC at every tick), so this also counts the ticks so far of bursts
/// still running: a 40 s hog shows its CPU time growing, not 0 until it ends.
std::array<uint64_t, PWQ_NR_STATS> wq_stats_now(const World& w, int32_t wq);

}  // namespace cmwq
