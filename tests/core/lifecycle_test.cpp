// Ordering, non-reentrancy, idle culling and CPU-hog detection
// (kernel/workqueue.c: alloc_ordered_workqueue(), __queue_work()'s last-pool rule
// and assign_work(), idle_worker_timeout()/idle_cull_fn()/too_many_workers(),
// wq_worker_tick()).
#include "harness.h"

#include <algorithm>
#include <cstdio>

#include "core/trace/format.h"
#include "core/workqueue/sched_hooks.h"

namespace cmwq::test {
namespace {

struct Interval {
  Nanos start, end;
};

std::vector<Interval> runs_of(const Harness& h, int32_t work) {
  std::vector<Interval> out;
  for (const Event& e : h.events()) {
    if (e.work != work) continue;
    if (e.type == EventType::ExecuteStart) out.push_back({e.time, -1});
    if (e.type == EventType::ExecuteEnd && !out.empty()) out.back().end = e.time;
  }
  return out;
}

TEST(Ordered, RunsOneAtATimeInQueueingOrder) {
  Harness h(with_cpus(4));
  const int32_t o = alloc_ordered_workqueue(h.w, "ordered", 0);
  const int32_t p = add_program(h.w, burn_sleep("o_fn", {{OpCode::Burn, ms(1)}, {OpCode::Sleep, ms(5)}}));
  std::vector<int32_t> works;
  for (int i = 0; i < 4; ++i) {
    works.push_back(init_work(h.w, "o" + std::to_string(i), p));
    queue_at(h, 0, o, works.back(), WORK_CPU_UNBOUND, i);  // queued from four different CPUs
  }
  h.run_until(ms(100));
  Nanos prev_end = 0;
  for (int32_t wk : works) {
    const auto r = runs_of(h, wk);
    ASSERT_EQ(r.size(), 1u) << work_name(h.w, wk);
    EXPECT_GE(r[0].start, prev_end) << work_name(h.w, wk) << " overlaps its predecessor";
    EXPECT_EQ(r[0].end - r[0].start, ms(6));
    prev_end = r[0].end;
  }
  EXPECT_EQ(prev_end, ms(24));
}

TEST(Ordered, UnboundWithMaxActive4RunsConcurrently) {
  Harness h(with_cpus(4));
  const int32_t u = alloc_workqueue(h.w, "unbound", WQ_UNBOUND, 4);
  const int32_t p = add_program(h.w, burn_sleep("u_fn", {{OpCode::Burn, ms(1)}, {OpCode::Sleep, ms(5)}}));
  std::vector<int32_t> works;
  for (int i = 0; i < 4; ++i) {
    works.push_back(init_work(h.w, "u" + std::to_string(i), p));
    queue_at(h, 0, u, works.back(), WORK_CPU_UNBOUND, i);
  }
  h.run_until(ms(100));
  Nanos last_end = 0;
  for (int32_t wk : works) last_end = std::max(last_end, runs_of(h, wk).at(0).end);
  EXPECT_LT(last_end, ms(24)) << "no concurrency management on unbound pools: items overlap";
}

// A work queued again while it runs follows its running instance to the same pool
// and runs after it, never concurrently with itself ("Non-reentrance Conditions").
TEST(NonReentrancy, RequeuedWhileRunningWaitsForItself) {
  Harness h(with_cpus(2));
  const int32_t q = alloc_workqueue(h.w, "q", 0, 0);
  const int32_t r = init_work(h.w, "R", add_program(h.w, burn_sleep("r_fn", {{OpCode::Burn, ms(5)}})));
  queue_at(h, 0, q, r, 0);
  queue_at(h, ms(2), q, r, 1, 1);  // from CPU 1, for CPU 1, while R runs on CPU 0
  h.run_until(ms(50));
  const auto runs = runs_of(h, r);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].start, 0);
  EXPECT_EQ(runs[0].end, ms(5));
  EXPECT_EQ(runs[1].start, ms(5)) << "second run only after the first ended";
  // __queue_work() redirected it to the pool where it was running (CPU 0's).
  const auto queued = h.of(EventType::QueueWork);
  ASSERT_EQ(queued.size(), 2u);
  EXPECT_EQ(queued[1].a, 1);  // req_cpu
  EXPECT_EQ(queued[1].pool, h.w.wq.cpu_pools[0][0]);
}

// Idle workers are culled 300 s after they went idle, while too_many_workers():
// idle > 2 && (idle - 2) * 4 >= busy. With 5 busy workers, 3 idle ones stay.
TEST(IdleCulling, CullsDownToTheKernelRatio) {
  Harness h;
  const int32_t q = alloc_workqueue(h.w, "q", 0, 0);
  const int32_t long_sleep = add_program(h.w, burn_sleep("long_fn", {{OpCode::Sleep, ms(2'000'000)}}));
  const int32_t short_sleep = add_program(h.w, burn_sleep("short_fn", {{OpCode::Sleep, ms(1000)}}));
  for (int i = 0; i < 5; ++i) queue_at(h, 0, q, init_work(h.w, "busy" + std::to_string(i), long_sleep), 0);
  for (int i = 0; i < 10; ++i) queue_at(h, 0, q, init_work(h.w, "short" + std::to_string(i), short_sleep), 0);
  h.run_until(ms(2000));
  const WorkerPool& pool = h.w.wq.pools[static_cast<size_t>(h.w.wq.cpu_pools[0][0])];
  const int workers_before = pool.nr_workers;
  const int idle_before = pool.nr_idle;
  EXPECT_GE(idle_before, 10);
  h.run_until(ms(400'000));
  const WorkerPool& after = h.w.wq.pools[static_cast<size_t>(h.w.wq.cpu_pools[0][0])];
  EXPECT_EQ(after.nr_idle, 3);
  EXPECT_EQ(after.nr_workers, 5 + 3);
  const auto destroyed = h.of(EventType::WorkerDestroyed);
  EXPECT_EQ(static_cast<int>(destroyed.size()), workers_before - (5 + 3));
  for (const Event& e : destroyed) EXPECT_GE(e.time, ms(1000) + ms(300'000)) << "culled before 300 s idle";
  // The cull runs from idle_cull_work on system_unbound_wq.
  bool cull_ran = false;
  for (const Event& e : h.of(EventType::ExecuteStart))
    if (e.work == pool.idle_cull_work && e.wq == h.w.wq.system_unbound_wq) cull_ran = true;
  EXPECT_TRUE(cull_ran);
}

// A concurrency-managed work that burns more than wq_cpu_intensive_thresh_us
// (10 ms) without sleeping is marked CPU_INTENSIVE at the next tick, which lets
// the pool start another worker (which still waits for the CPU under FIFO).
TEST(CpuHog, MarkedCpuIntensiveAtThreshold) {
  Harness h;
  const int32_t q = alloc_workqueue(h.w, "q", 0, 0);
  const int32_t hog = init_work(h.w, "hog", add_program(h.w, burn_sleep("hog_fn", {{OpCode::Burn, ms(30)}})));
  const int32_t other = init_work(h.w, "other", add_program(h.w, burn_sleep("other_fn", {{OpCode::Burn, ms(1)}})));
  queue_at(h, 0, q, hog, 0);
  queue_at(h, 0, q, other, 0);
  h.run_until(ms(100));
  const auto hogs = h.of(EventType::CpuHog);
  ASSERT_EQ(hogs.size(), 1u);
  EXPECT_EQ(hogs[0].time, ms(10));
  EXPECT_EQ(hogs[0].work, hog);
  const PoolWorkqueue& pwq = h.w.wq.pwqs[static_cast<size_t>(hogs[0].pwq)];
  EXPECT_EQ(pwq.stats[PWQ_STAT_CPU_INTENSIVE], 1u);
  EXPECT_EQ(pwq.stats[PWQ_STAT_CPU_TIME], 31'000u);  // 30 + 1 ticks of 1000 us
  EXPECT_EQ(h.first_time(EventType::ExecuteStart, other), ms(30));
}

// wq_worker_tick() adds TICK_USEC to PWQ_STAT_CPU_TIME at every tick while a worker runs
// a work, so wq_monitor.py sees a hog's CPU time grow while it runs. The model adds a
// burst's ticks when it ends; wq_stats_now() must count the running burst's ticks too.
TEST(CpuHog, CpuTimeGrowsWhileTheHogRuns) {
  Harness h;
  const int32_t q = alloc_workqueue(h.w, "q", 0, 0);
  const int32_t hog = init_work(h.w, "hog", add_program(h.w, burn_sleep("hog_fn", {{OpCode::Burn, ms(30)}})));
  queue_at(h, 0, q, hog, 0);
  h.run_until(ms(20));
  // Ticks at 0, 1, ..., 19 ms at HZ=1000: 20 ticks of 1000 us.
  EXPECT_EQ(wq_stats_now(h.w, q)[PWQ_STAT_CPU_TIME], 20'000u);
  h.run_until(ms(100));
  EXPECT_EQ(wq_stats_now(h.w, q)[PWQ_STAT_CPU_TIME], 30'000u);
}

TEST(CpuHog, ReportedWithExponentialBackoff) {
  Harness h;
  const int32_t q = alloc_workqueue(h.w, "q", 0, 0);
  const int32_t p = add_program(h.w, burn_sleep("hog_fn", {{OpCode::Burn, ms(12)}}));
  for (int i = 0; i < 12; ++i) queue_at(h, ms(20) * i, q, init_work(h.w, "hog" + std::to_string(i), p), 0);
  h.run_until(ms(1000));
  // wq_cpu_intensive_report(): at counts 4, 5, 7, 11 (cnt + 1 - 4 a power of two).
  std::vector<int64_t> counts;
  for (const Event& e : h.of(EventType::CpuHogReport)) counts.push_back(e.b);
  EXPECT_EQ(counts, (std::vector<int64_t>{4, 5, 7, 11}));
}

// A work that burns 40 s on a per-CPU pool keeps the CPU under FIFO, so the other work
// queued behind it waits past watchdog_thresh (30 s). wq_watchdog_timer_fn() reports the
// lockup and, the pool being per-CPU, sets pool->cpu_stall and calls
// show_cpu_pools_hogs(): for each busy worker whose task is running, show_cpu_pool_hog()
// prints "pool %d:" and sched_show_task(), whose print_worker_info() adds
// "Workqueue: <wq name> <current_func>" (desc equals the name: process_one_work() copies
// it there).
TEST(Watchdog, CpuStallShowsTheRunningWorkerAndItsWorkqueue) {
  Harness h;
  const int32_t q = alloc_workqueue(h.w, "hogq", 0, 0);
  const int32_t hog = init_work(h.w, "hog", add_program(h.w, burn_sleep("hog_fn", {{OpCode::Burn, ms(40'000)}})));
  const int32_t other = init_work(h.w, "other", add_program(h.w, burn_sleep("other_fn", {{OpCode::Burn, ms(1)}})));
  queue_at(h, 0, q, hog, 0);
  queue_at(h, 0, q, other, 0);
  h.run_until(ms(39'000));
  ASSERT_FALSE(h.of(EventType::WatchdogLockup).empty());
  const auto starts = h.of(EventType::ExecuteStart);
  ASSERT_FALSE(starts.empty());
  ASSERT_EQ(starts[0].work, hog);
  const int32_t hog_task = starts[0].task;

  const std::vector<Event>& log = h.events();
  size_t first = 0;
  while (first < log.size() && log[first].type != EventType::DumpHogBegin) ++first;
  ASSERT_LT(first, log.size());
  size_t next = 0;
  const std::vector<std::string> lines = dump_event_lines(h.w, log, first, next);
  char task_line[64];
  std::snprintf(task_line, sizeof task_line, "task:%-15.15s state:R pid:%d", task_name(h.w, hog_task).c_str(),
                h.w.tasks[static_cast<size_t>(hog_task)].pid);
  const std::vector<std::string> expected = {
      "Showing backtraces of running workers in stalled CPU-bound worker pools:",
      "pool 2:",  // CPU 0's normal pool (pools 0 and 1 are its BH pools)
      task_line,
      "Workqueue: hogq hog_fn",
  };
  EXPECT_EQ(lines, expected);
}

}  // namespace
}  // namespace cmwq::test
