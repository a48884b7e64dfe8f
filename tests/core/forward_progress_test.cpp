// Forward-progress stories from Documentation/core-api/workqueue.rst's guidelines
// and from the 2017 exchange between Paul McKenney and Tejun Heo about expedited
// RCU grace periods on workqueues. Each test states the kernel rule it checks.
#include "harness.h"

namespace cmwq::test {
namespace {

// Pins free pages so that free memory sits just under the min watermark.
void starve_memory_at(Harness& h, Nanos t) {
  ScriptedAction hog;
  hog.time = t;
  hog.op = ScriptOp::Hog;
  hog.count = h.w.mem.free;  // capped at what is free
  add_scripted_action(h.w, hog);
}

// "Use WQ_MEM_RECLAIM ... If there is dependency among multiple work items used
// during memory reclaim, they should be queued to separate wq each with
// WQ_MEM_RECLAIM." A waits for a completion that B signals. Memory is starved, so
// no new worker can be created and only rescuers run.
struct Dependent {
  Harness h;
  int32_t a = -1, b = -1;
  explicit Dependent(bool separate) {
    const int32_t r1 = alloc_workqueue(h.w, "reclaim1", WQ_MEM_RECLAIM, 0);
    const int32_t r2 = separate ? alloc_workqueue(h.w, "reclaim2", WQ_MEM_RECLAIM, 0) : r1;
    const int32_t c = add_completion(h.w, "c");
    a = init_work(h.w, "A", add_program(h.w, Program{"a_fn", {op(OpCode::Wait, c)}}));
    b = init_work(h.w, "B", add_program(h.w, Program{"b_fn", {op(OpCode::Complete, c)}}));
    starve_memory_at(h, 0);
    queue_at(h, ms(1), r1, a);
    queue_at(h, ms(1), r2, b);
    h.run_until(ms(5000));
  }
};

TEST(ForwardProgress, DependentReclaimWorksOnOneWorkqueueDeadlock) {
  Dependent d(false);
  // The one rescuer slurps A and B and runs them in order: A waits forever, B never starts.
  EXPECT_GE(d.h.first_time(EventType::ExecuteStart, d.a), 0);
  EXPECT_EQ(d.h.first_time(EventType::ExecuteEnd, d.a), -1);
  EXPECT_EQ(d.h.first_time(EventType::ExecuteStart, d.b), -1);
}

TEST(ForwardProgress, DependentReclaimWorksOnTwoWorkqueuesProgress) {
  Dependent d(true);
  // Each workqueue has its own rescuer, so B runs while A waits.
  EXPECT_GE(d.h.first_time(EventType::ExecuteEnd, d.b), 0);
  EXPECT_GE(d.h.first_time(EventType::ExecuteEnd, d.a), 0);
  EXPECT_TRUE(d.h.of(EventType::WatchdogLockup).empty());
}

// synchronize_rcu() from a work item whose grace period is driven by a work item
// on the same workqueue.
struct RcuStory {
  Harness h;
  std::vector<int32_t> syncs;
  RcuStory(uint32_t flags, int max_active, int nr_syncs, bool starve) {
    const int32_t x = alloc_workqueue(h.w, "rcu_x", flags, max_active);
    h.w.rcu.gp_wq = x;
    Program p{"sync_fn", {Op{OpCode::Burn, ms(1)}, op(OpCode::SynchronizeRcu)}};
    const int32_t prog = add_program(h.w, p);
    for (int i = 0; i < nr_syncs; ++i) {
      syncs.push_back(init_work(h.w, "s" + std::to_string(i), prog));
      queue_at(h, 0, x, syncs.back());
    }
    // Memory runs out while the first sync work burns, before it calls synchronize_rcu().
    if (starve) starve_memory_at(h, us(500));
    h.run_until(ms(40'000));
  }
  bool all_done() const {
    for (int32_t s : syncs)
      if (h.first_time(EventType::ExecuteEnd, s) < 0) return false;
    return true;
  }
};

TEST(ForwardProgress, RcuOnSameWorkqueueProgressesByConcurrencyManagement) {
  RcuStory s(0, 0, 1, false);
  // The sync work sleeps in synchronize_rcu(); wq_worker_sleeping() kicks an idle
  // worker, which runs the grace-period work.
  EXPECT_TRUE(s.all_done());
  EXPECT_EQ(s.h.first_time(EventType::ExecuteEnd, s.syncs[0]), ms(1));
  EXPECT_EQ(s.h.w.rcu.completed, 1u);
}

TEST(ForwardProgress, RcuUnderMemoryPressureWithoutMemReclaimStalls) {
  RcuStory s(0, 0, 1, true);
  EXPECT_FALSE(s.all_done());
  EXPECT_EQ(s.h.w.rcu.completed, 0u);
  EXPECT_FALSE(s.h.of(EventType::WatchdogLockup).empty());
}

TEST(ForwardProgress, RcuUnderMemoryPressureWithMemReclaimProgresses) {
  RcuStory s(WQ_MEM_RECLAIM, 0, 1, true);
  EXPECT_TRUE(s.all_done());
  EXPECT_EQ(s.h.w.rcu.completed, 1u);
  EXPECT_FALSE(s.h.of(EventType::MaydaySent).empty());
  // The grace-period work ran on the rescuer.
  const int32_t rescuer = s.h.w.wq.workers[static_cast<size_t>(s.h.w.wq.wqs.back().rescuer)].task;
  int32_t gp_runner = -1;
  for (const Event& e : s.h.of(EventType::ExecuteStart))
    if (e.work == s.h.w.rcu.gp_work) gp_runner = e.task;
  EXPECT_EQ(gp_runner, rescuer);
}

TEST(ForwardProgress, RcuWithMaxActiveFilledBySyncWorksStalls) {
  // max_active 2, two synchronize_rcu() works: the grace-period work is queued behind
  // them on inactive_works and never activates. Plenty of memory and a rescuer do not
  // help: maydays only go out for active items on the worklist.
  RcuStory s(WQ_MEM_RECLAIM, 2, 2, false);
  EXPECT_FALSE(s.all_done());
  EXPECT_EQ(s.h.w.rcu.completed, 0u);
  EXPECT_EQ(s.h.first_time(EventType::ExecuteStart, s.h.w.rcu.gp_work), -1);
  EXPECT_TRUE(s.h.of(EventType::MaydaySent).empty());
  const Work& gp = s.h.w.wq.works[static_cast<size_t>(s.h.w.rcu.gp_work)];
  EXPECT_TRUE(gp.data & WORK_STRUCT_INACTIVE);
}

TEST(ForwardProgress, RcuWithMaxActiveAboveSyncWorksProgresses) {
  RcuStory s(WQ_MEM_RECLAIM, 3, 2, false);
  EXPECT_TRUE(s.all_done());
}

}  // namespace
}  // namespace cmwq::test
