// Memory starvation and the rescuer (kernel/workqueue.c: maybe_create_worker(),
// pool_mayday_timeout(), send_mayday(), rescuer_thread(); the WQ_MEM_RECLAIM
// guideline of Documentation/core-api/workqueue.rst). Timer expiries follow
// kernel/time/timer.c: calc_index() files a timer in a bucket rounded up to its
// level's granularity, so a 10-jiffy timer (level 0) fires at expires + 1, and a
// 100-jiffy one (level 1, 8-jiffy buckets) at the next multiple of 8 after expires.
#include "harness.h"

#include "core/kernel/timer.h"
#include "core/trace/fields.h"

namespace cmwq::test {
namespace {

struct Starvation {
  Harness h;
  int32_t writeback_wq = -1, wb_work = -1, q0 = -1;
  std::vector<int32_t> works;

  explicit Starvation(uint32_t writeback_flags) {
    q0 = alloc_workqueue(h.w, "q0", 0, 0);
    writeback_wq = alloc_workqueue(h.w, "writeback", writeback_flags, 0);
    // The writeback work: I/O takes 150 ms, then 4096 pages of page cache are clean and free.
    Program wb{"wb_workfn", {Op{OpCode::Sleep, ms(150)}, Op{OpCode::Reclaim, 0, 4096}}};
    wb_work = init_work(h.w, "wb_work", add_program(h.w, wb));
    h.w.mem.reclaim_wq = writeback_wq;
    h.w.mem.reclaim_work = wb_work;
    // Each work allocates 16 pages, computes, frees them.
    Program blocker{"blocker_fn", {Op{OpCode::Alloc, 0, 16, Gfp::KERNEL}, Op{OpCode::Burn, ms(1)},
                                   Op{OpCode::Free, 0, 16}}};
    const int32_t p = add_program(h.w, blocker);
    for (int i = 0; i < 3; ++i) works.push_back(init_work(h.w, "w" + std::to_string(i), p));
    // Starve memory: leave free pages just under the min watermark.
    ScriptedAction hog;
    hog.time = 0;
    hog.op = ScriptOp::Hog;
    hog.count = h.w.mem.free - (h.w.mem.wmark.min - 12);
    add_scripted_action(h.w, hog);
    for (int32_t wk : works) {
      ScriptedAction q;
      q.time = ms(1);
      q.op = ScriptOp::QueueWork;
      q.wq = q0;
      q.work = wk;
      q.cpu = 0;
      add_scripted_action(h.w, q);
    }
  }
};

TEST(MemoryPressure, RescuerRunsWritebackAndThePoolRecovers) {
  Starvation s(WQ_MEM_RECLAIM);
  s.h.run_until(ms(2000));
  const int32_t pool = s.h.w.wq.cpu_pools[0][0];

  // The first worker leaves idle to run w0, finds no idle worker left, becomes the
  // manager, and create_worker() blocks allocating the worker struct.
  const auto creates = s.h.of(EventType::CreateWorker);
  ASSERT_FALSE(creates.empty());
  EXPECT_EQ(creates.front().time, ms(1));
  EXPECT_EQ(creates.front().pool, pool);
  bool manager_blocked = false;
  for (const Event& e : s.h.of(EventType::AllocBlocked))
    if (e.task == creates.front().task && e.time == ms(1)) manager_blocked = true;
  EXPECT_TRUE(manager_blocked);

  // Mayday timer: armed at jiffy 1 for MAYDAY_INITIAL_TIMEOUT (10 jiffies), fires at
  // the level-0 bucket, jiffy 12; then re-armed for MAYDAY_INTERVAL (100 jiffies).
  std::vector<Event> arms, timeouts;
  for (const Event& e : s.h.of(EventType::MaydayTimerArm))
    if (e.pool == pool) arms.push_back(e);
  for (const Event& e : s.h.of(EventType::MaydayTimeout))
    if (e.pool == pool) timeouts.push_back(e);
  ASSERT_GE(arms.size(), 2u);
  ASSERT_GE(timeouts.size(), 2u);
  EXPECT_EQ(arms[0].a, 1 + 10);  // expires = jiffies + MAYDAY_INITIAL_TIMEOUT
  EXPECT_EQ(arms[0].b, 12);      // calc_index(): (11 >> 0) + 1
  EXPECT_EQ(timeouts[0].time, ms(12));
  EXPECT_EQ(timeouts[0].a, 1) << "need_to_create_worker() at the first timeout";
  EXPECT_EQ(arms[1].a, 12 + 100);  // re-armed from pool_mayday_timeout()
  EXPECT_EQ(arms[1].b, 120);       // level 1: ((112 >> 3) + 1) << 3
  EXPECT_EQ(timeouts[1].time, ms(120));
  EXPECT_EQ(timeouts[1].a, 1) << "still starving while writeback does its I/O";

  // The mayday reaches the writeback workqueue's rescuer, which runs the writeback work.
  const auto maydays = s.h.of(EventType::MaydaySent);
  ASSERT_FALSE(maydays.empty());
  EXPECT_EQ(maydays.front().time, ms(12));
  EXPECT_EQ(maydays.front().wq, s.writeback_wq);
  EXPECT_EQ(maydays.front().work, s.wb_work);
  const int32_t rescuer_task = s.h.w.wq.workers[static_cast<size_t>(s.h.w.wq.wqs[static_cast<size_t>(s.writeback_wq)].rescuer)].task;
  const auto assigned = s.h.of(EventType::RescuerAssign);
  ASSERT_FALSE(assigned.empty());
  EXPECT_EQ(assigned.front().work, s.wb_work);
  EXPECT_EQ(assigned.front().task, rescuer_task);
  int32_t wb_runner = -1;
  for (const Event& e : s.h.of(EventType::ExecuteStart))
    if (e.work == s.wb_work) wb_runner = e.task;
  EXPECT_EQ(wb_runner, rescuer_task);
  EXPECT_EQ(s.h.w.tasks[static_cast<size_t>(rescuer_task)].nice, RESCUER_NICE_LEVEL);
  EXPECT_EQ(s.h.w.tasks[static_cast<size_t>(rescuer_task)].comm, "kworker/R-writeback");

  // Writeback frees memory at 12 + 150 ms; the manager then creates its worker and
  // stops the mayday timer; normal workers (not the rescuer) run every blocked work.
  Nanos reclaimed = -1;
  for (const Event& e : s.h.of(EventType::PagesFreed))
    if (e.b == static_cast<int64_t>(PagesFreedReason::Reclaim) && e.a > 0) reclaimed = e.time;
  EXPECT_EQ(reclaimed, ms(162));
  Nanos created = -1;
  for (const Event& e : s.h.of(EventType::WorkerCreated))
    if (e.pool == pool && e.time > ms(1)) {
      created = e.time;
      break;
    }
  EXPECT_EQ(created, ms(162));
  Nanos stopped = -1;
  for (const Event& e : s.h.of(EventType::MaydayTimerStop))
    if (e.pool == pool) stopped = e.time;
  EXPECT_EQ(stopped, ms(162));
  for (int32_t wk : s.works) {
    Nanos end = -1;
    int32_t runner = -1;
    for (const Event& e : s.h.of(EventType::ExecuteEnd))
      if (e.work == wk) {
        end = e.time;
        runner = e.task;
      }
    EXPECT_GE(end, ms(162)) << work_name(s.h.w, wk);
    EXPECT_NE(runner, rescuer_task) << work_name(s.h.w, wk) << " ran on a normal worker";
  }
  EXPECT_TRUE(s.h.of(EventType::WatchdogLockup).empty());
  EXPECT_EQ(s.h.w.wq.pwqs[static_cast<size_t>(maydays.front().pwq)].stats[PWQ_STAT_RESCUED], 1u);
}

TEST(MemoryPressure, WithoutMemReclaimThePoolStallsAndTheWatchdogFires) {
  Starvation s(0);
  s.h.run_until(ms(90'000));
  const int32_t pool = s.h.w.wq.cpu_pools[0][0];
  EXPECT_TRUE(s.h.of(EventType::MaydaySent).empty()) << "no rescuer to call";
  for (int32_t wk : s.works) EXPECT_EQ(s.h.first_time(EventType::ExecuteEnd, wk), -1) << work_name(s.h.w, wk);
  EXPECT_EQ(s.h.first_time(EventType::ExecuteStart, s.wb_work), -1) << "writeback never runs";
  // The mayday timer keeps firing every MAYDAY_INTERVAL, to no avail.
  int pool_timeouts = 0;
  for (const Event& e : s.h.of(EventType::MaydayTimeout))
    if (e.pool == pool) ++pool_timeouts;
  EXPECT_GT(pool_timeouts, 800);
  // wq_watchdog_timer_fn() is armed at boot for jiffy 30000, a level-3 timer
  // (512-jiffy buckets), so it runs at jiffy ((30000 >> 9) + 1) << 9 = 30208. The
  // pool's watchdog_ts was stamped at jiffy 1 (w0 queued onto an empty worklist)
  // and the touched stamps at boot (0): 30208 > 1 + 30000, "stuck for 30s".
  std::vector<Event> lockups;
  for (const Event& e : s.h.of(EventType::WatchdogLockup))
    if (e.pool == pool) lockups.push_back(e);
  ASSERT_FALSE(lockups.empty());
  EXPECT_EQ(lockups.front().time, ms(30208));
  EXPECT_EQ(lockups.front().a, 30);
  // Re-armed 30000 jiffies later from inside the callback: the next check reports again.
  ASSERT_GE(lockups.size(), 2u);
  EXPECT_EQ(lockups[1].time, ms(60416));  // ((60208 >> 9) + 1) << 9
  EXPECT_EQ(lockups[1].a, 60);
}

// After a lockup, wq_watchdog_timer_fn() calls show_all_workqueues(). At 30208 ms the
// pool's only worker is the manager, stuck in create_worker(); nothing is in flight.
TEST(MemoryPressure, LockupDumpShowsTheStuckWorkqueues) {
  Starvation s(0);
  s.h.run_until(ms(30'208));
  const int32_t pool = s.h.w.wq.cpu_pools[0][0];
  std::vector<Event> dump;
  for (const Event& e : s.h.events())
    if (e.time == ms(30'208) && e.type >= EventType::DumpBegin && e.type <= EventType::DumpHog) dump.push_back(e);
  ASSERT_FALSE(dump.empty());
  EXPECT_EQ(dump.front().type, EventType::DumpBegin);
  std::vector<int32_t> busy_wqs, pending;
  const Event* q0_pwq = nullptr;
  const Event* pool_line = nullptr;
  for (const Event& e : dump) {
    if (e.type == EventType::DumpWorkqueue) busy_wqs.push_back(e.wq);
    if (e.type == EventType::DumpPwq && e.wq == s.q0) q0_pwq = &e;
    if (e.type == EventType::DumpPending && q0_pwq && e.pwq == q0_pwq->pwq) pending.push_back(e.work);
    if (e.type == EventType::DumpPool) pool_line = &e;
    EXPECT_NE(e.type, EventType::DumpInFlight) << "nothing runs: the worker is the manager";
  }
  EXPECT_EQ(busy_wqs, (std::vector<int32_t>{s.q0, s.writeback_wq}));
  ASSERT_NE(q0_pwq, nullptr);
  EXPECT_EQ(q0_pwq->pool, pool);
  EXPECT_EQ(dump_pwq_info(*q0_pwq).nr_active, 3);   // active=3
  EXPECT_EQ(dump_pwq_info(*q0_pwq).refcnt, 1 + 3);  // refcnt=4: the base ref and one per queued item
  EXPECT_FALSE(dump_pwq_info(*q0_pwq).mayday);      // q0 has no rescuer to ask
  EXPECT_EQ(pending, s.works);
  ASSERT_NE(pool_line, nullptr);
  EXPECT_EQ(pool_line->pool, pool);
  EXPECT_EQ(dump_pool_info(*pool_line).hung_s, 30);     // hung=30s
  EXPECT_EQ(dump_pool_info(*pool_line).nr_workers, 1);  // workers=1
  const int32_t manager_task = s.h.of(EventType::ManagerStart).front().task;
  const int manager_pid = s.h.w.tasks[static_cast<size_t>(manager_task)].pid;
  EXPECT_EQ(dump_pool_info(*pool_line).manager_pid, manager_pid);  // manager: PID
  // The per-CPU pool stalled: the hog dump follows (no running worker to show).
  EXPECT_EQ(dump.back().type, EventType::DumpHogBegin);
}

}  // namespace
}  // namespace cmwq::test
