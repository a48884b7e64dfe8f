// CPU hotplug (workqueue_offline_cpu()/unbind_workers(), workqueue_online_cpu()/
// rebind_workers()): pending work on a dead CPU's pool is not migrated but runs on
// other CPUs, without concurrency management, until the CPU comes back.
#include "harness.h"

namespace cmwq::test {
namespace {

TEST(Hotplug, OfflineCpuPoolRunsUnboundThenRebinds) {
  Harness h(with_cpus(2));
  const int32_t q = alloc_workqueue(h.w, "q0", 0, 0);
  const int32_t p = add_program(h.w, burn_sleep("f", {{OpCode::Burn, ms(5)}, {OpCode::Sleep, ms(10)}}));
  const int32_t a = init_work(h.w, "a", p), b = init_work(h.w, "b", p), d = init_work(h.w, "d", p);
  queue_at(h, 0, q, a, 1);
  queue_at(h, 0, q, b, 1);
  act(h, ms(2), ScriptOp::CpuOffline, -1, -1, /*cpu=*/1);
  act(h, ms(50), ScriptOp::CpuOnline, -1, -1, /*cpu=*/1);
  queue_at(h, ms(60), q, d, 1);
  const int32_t pool1 = h.w.wq.cpu_pools[1][0];

  h.run_until(ms(10));
  const WorkerPool& pool = h.w.wq.pools[static_cast<size_t>(pool1)];
  EXPECT_TRUE(pool.flags & POOL_DISASSOCIATED);  // dumps print flags=0x4
  EXPECT_EQ(pool.nr_running, 0);
  for (int32_t id : pool.workers) EXPECT_TRUE(h.w.wq.workers[static_cast<size_t>(id)].flags & WORKER_UNBOUND);
  // The worker running a was moved to CPU 0 and finished its burn there at 5 ms.
  bool migrated = false;
  for (const Event& e : h.of(EventType::SchedMigrate))
    if (e.time == ms(2) && e.a == 1 && e.cpu == 0) migrated = true;
  EXPECT_TRUE(migrated);
  EXPECT_EQ(h.first_time(EventType::WorkOp, a, static_cast<int64_t>(OpCode::Sleep)), ms(5));
  // b was not migrated to CPU 0's pool: it ran on CPU 1's (now unbound) pool, on CPU 0.
  for (const Event& e : h.of(EventType::ExecuteStart))
    if (e.work == b) {
      EXPECT_EQ(e.pool, pool1);
      EXPECT_EQ(e.cpu, 0);
    }
  EXPECT_EQ(h.first_time(EventType::ExecuteStart, b), ms(5));

  h.run_until(ms(100));
  const WorkerPool& back = h.w.wq.pools[static_cast<size_t>(pool1)];
  EXPECT_FALSE(back.flags & POOL_DISASSOCIATED);
  Event start_d{};
  for (const Event& e : h.of(EventType::ExecuteStart))
    if (e.work == d) start_d = e;
  EXPECT_EQ(start_d.time, ms(60));
  EXPECT_EQ(start_d.cpu, 1) << "bound to CPU 1 again";
  // After a full cycle the pool is concurrency managed again: nr_running counts.
  EXPECT_EQ(h.w.cpus[1].online, true);
}

TEST(Hotplug, LastCpuCannotGoOffline) {
  Harness h;
  act(h, ms(1), ScriptOp::CpuOffline, -1, -1, /*cpu=*/0);
  h.run_until(ms(5));
  EXPECT_TRUE(h.w.cpus[0].online);
  EXPECT_TRUE(h.of(EventType::CpuOffline).empty());
}

}  // namespace
}  // namespace cmwq::test
