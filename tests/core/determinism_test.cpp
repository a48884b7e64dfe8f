// Determinism: the same setup gives the same event stream; a copy of the world
// (a snapshot) continued gives the same stream as the original.
#include "harness.h"

namespace cmwq::test {
namespace {

bool same(const Event& a, const Event& b) {
  return a.time == b.time && a.seq == b.seq && a.type == b.type && a.cpu == b.cpu && a.task == b.task &&
         a.work == b.work && a.pool == b.pool && a.pwq == b.pwq && a.wq == b.wq && a.a == b.a && a.b == b.b;
}

// A busy 4-CPU world: blocking works, memory pressure, a rescuer and a release.
World busy_world() {
  World w = boot(with_cpus(4));
  const int32_t q = alloc_workqueue(w, "q", 0, 0);
  const int32_t wb = alloc_workqueue(w, "writeback", WQ_MEM_RECLAIM | WQ_UNBOUND, 0);
  Program wbp{"wb_workfn", {Op{OpCode::Sleep, 20 * NSEC_PER_MSEC}, Op{OpCode::Reclaim, 0, 2048}}};
  w.mem.reclaim_wq = wb;
  w.mem.reclaim_work = init_work(w, "wb", add_program(w, wbp));
  Program blk{"blk_fn", {Op{OpCode::Burn, NSEC_PER_MSEC}, Op{OpCode::Alloc, 0, 8, Gfp::KERNEL},
                         Op{OpCode::Sleep, 3 * NSEC_PER_MSEC}, Op{OpCode::Free, 0, 8}}};
  const int32_t p = add_program(w, blk);
  ScriptedAction hog;
  hog.op = ScriptOp::Hog;
  hog.time = 5 * NSEC_PER_MSEC;
  hog.count = w.mem.free - w.mem.wmark.min + 20;
  add_scripted_action(w, hog);
  for (int i = 0; i < 40; ++i) {
    ScriptedAction a;
    a.op = ScriptOp::QueueWork;
    a.time = i * 500 * NSEC_PER_USEC;
    a.wq = q;
    a.work = init_work(w, "w" + std::to_string(i), p);
    a.cpu = i % 4;
    a.from_cpu = i % 4;
    add_scripted_action(w, a);
  }
  return w;
}

std::vector<Event> run(World& w, Nanos until) {
  std::vector<Event> all;
  while (next_action_time(w) >= 0 && next_action_time(w) <= until) {
    step(w);
    for (const Event& e : take_events(w)) all.push_back(e);
  }
  return all;
}

TEST(Determinism, SameSetupSameStream) {
  World a = busy_world();
  World b = busy_world();
  const auto ea = run(a, 2 * NSEC_PER_SEC);
  const auto eb = run(b, 2 * NSEC_PER_SEC);
  ASSERT_EQ(ea.size(), eb.size());
  ASSERT_GT(ea.size(), 1000u);
  for (size_t i = 0; i < ea.size(); ++i) ASSERT_TRUE(same(ea[i], eb[i])) << "first difference at event " << i;
}

TEST(Determinism, SnapshotContinuesIdentically) {
  World w = busy_world();
  run(w, 7 * NSEC_PER_MSEC);  // mid-pressure
  World snapshot = w;          // the world is a value
  const auto original = run(w, 2 * NSEC_PER_SEC);
  const auto replay = run(snapshot, 2 * NSEC_PER_SEC);
  ASSERT_EQ(original.size(), replay.size());
  for (size_t i = 0; i < original.size(); ++i)
    ASSERT_TRUE(same(original[i], replay[i])) << "first difference at event " << i;
  EXPECT_GT(original.size(), 100u);
}

TEST(Determinism, BusyWorldKeepsInvariants) {
  World w = busy_world();
  int ended = 0;
  while (next_action_time(w) >= 0 && next_action_time(w) <= 2 * NSEC_PER_SEC) {
    step(w);
    for (const Event& e : take_events(w))
      if (e.type == EventType::ExecuteEnd && func_name(w, w.wq.works[static_cast<size_t>(e.work)].program) == "blk_fn")
        ++ended;
    const std::string bad = check_invariants(w);
    ASSERT_TRUE(bad.empty()) << "after action " << w.actions_run << " at " << w.now << ": " << bad;
  }
  // Every blocking work finished once writeback freed memory.
  EXPECT_EQ(ended, 40);
}

}  // namespace
}  // namespace cmwq::test
