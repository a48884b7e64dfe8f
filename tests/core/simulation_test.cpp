// Simulation: stepping back restores exactly the earlier state; seeking and user
// actions replay deterministically.
#include "core/simulation.h"
#include "harness.h"

namespace cmwq::test {
namespace {

bool same_events(const EventLog& a, const EventLog& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].seq != b[i].seq || a[i].time != b[i].time || a[i].type != b[i].type || a[i].task != b[i].task ||
        a[i].a != b[i].a)
      return false;
  return true;
}

TEST(Simulation, StepBackReturnsToTheSameState) {
  Simulation sim = load_shipped("starvation-rescuer.toml");
  for (int i = 0; i < 8; ++i) ASSERT_TRUE(sim.step_event());
  const EventLog before = sim.events();
  const Nanos t = sim.now();
  ASSERT_TRUE(sim.step_event());
  const EventLog after = sim.events();
  ASSERT_TRUE(sim.step_back());
  EXPECT_TRUE(same_events(sim.events(), before));
  EXPECT_EQ(sim.now(), t);
  ASSERT_TRUE(sim.step_event());
  EXPECT_TRUE(same_events(sim.events(), after));
}

TEST(Simulation, SeekBackAndForthIsDeterministic) {
  Simulation sim = load_shipped("starvation-rescuer.toml");
  sim.run_until(ms(300));
  const EventLog full = sim.events();
  sim.seek(ms(50));
  EXPECT_LE(sim.now(), ms(50));
  for (const Event& e : sim.events()) EXPECT_LE(e.time, ms(50));
  sim.seek(ms(300));
  EXPECT_TRUE(same_events(sim.events(), full));
}

// A clock moved on by run_until() with nothing due goes back by itself: the state at any
// time from the last action on is the same (starvation-rescuer is quiet from 165 ms until
// the watchdog's timer at 30 s).
TEST(Simulation, SeekBackWhereNothingHappenedMovesOnlyTheClock) {
  Simulation sim = load_shipped("starvation-rescuer.toml");
  sim.run_until(ms(400));
  const EventLog events = sim.events();
  const uint64_t actions = sim.actions();
  ASSERT_LT(sim.last_action_time(), ms(300));
  sim.seek(ms(300));
  EXPECT_EQ(sim.now(), ms(300));
  EXPECT_EQ(sim.actions(), actions);
  EXPECT_TRUE(same_events(sim.events(), events));
  sim.run_until(ms(400));
  EXPECT_TRUE(same_events(sim.events(), events));
}

TEST(Simulation, RunUntilNextMaydayThenStepBack) {
  Simulation sim = load_shipped("starvation-rescuer.toml");
  const int64_t i = sim.run_until_event([](const Event& e) { return e.type == EventType::MaydaySent; }, ms(1000));
  ASSERT_GE(i, 0);
  EXPECT_EQ(sim.events()[static_cast<size_t>(i)].time, ms(12));
  const size_t n = sim.events().size();
  ASSERT_TRUE(sim.step_back());
  EXPECT_LT(sim.events().size(), n);
  for (const Event& e : sim.events()) EXPECT_NE(e.type, EventType::MaydaySent);
}

TEST(Simulation, InjectedActionsReplayAfterStepBack) {
  Simulation sim = load_shipped("doc-max-active-3.toml");
  sim.run_until(ms(30));
  // A `queue` action: the world makes the work when the action runs.
  const auto extra = static_cast<int32_t>(sim.world().wq.works.size());
  ScriptedAction q;
  q.op = ScriptOp::QueueNewWorks;
  q.wq = sim.names().workqueues.at("q0");
  q.cpu = 0;
  q.count = 1;
  q.name = "extra";
  q.program = Program{"extra_fn", {Op{OpCode::Burn, ms(2)}}};
  sim.inject(q);
  sim.run_until(ms(40));
  const EventLog full = sim.events();
  bool ran = false;
  for (const Event& e : full)
    if (e.type == EventType::ExecuteEnd && e.work == extra) ran = true;
  EXPECT_TRUE(ran);
  // Back before the injection's effects and forward again: the same history.
  sim.seek(ms(31));
  sim.run_until(ms(40));
  EXPECT_TRUE(same_events(sim.events(), full));
}

// A user action belongs to the action count it was given at: arriving there again by
// stepping forward shows it applied, as stepping back to there does, so Back after the
// next Step returns to the same world (found by the browser monkey test: the injection
// used to wait for the next action when the run came forward, and a Back applied it).
TEST(Simulation, AnInjectionIsInEffectAtItsPointHoweverTheRunArrives) {
  Simulation sim = load_shipped("starvation-rescuer.toml");
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(sim.step_event());
  ScriptedAction hog;
  hog.op = ScriptOp::Hog;
  hog.count = 1000;
  sim.inject(hog);  // at the current action count
  const EventLog given = sim.events();
  const size_t due = sim.world().queue.size();  // the hog's action among them
  ASSERT_TRUE(sim.step_event());
  ASSERT_TRUE(sim.step_back());  // to the point the hog was given at
  EXPECT_TRUE(same_events(sim.events(), given));
  EXPECT_EQ(sim.world().queue.size(), due);
  ASSERT_TRUE(sim.step_back());  // before it
  EXPECT_LT(sim.events().size(), given.size());
  ASSERT_TRUE(sim.step_event());  // forward to it again: the hog is scheduled there at once
  EXPECT_TRUE(same_events(sim.events(), given));
  EXPECT_EQ(sim.world().queue.size(), due);
  const EventLog arrived = sim.events();
  ASSERT_TRUE(sim.step_event());
  ASSERT_TRUE(sim.step_back());
  EXPECT_TRUE(same_events(sim.events(), arrived));
}

TEST(Simulation, LongRunsKeepFewSnapshotsAndStillStepBack) {
  // 4 CPUs, 20 000 short works queued over 10 s: far more actions than snapshots.
  ScenarioWorld sw{boot(with_cpus(4)), {}, {}, {}, {}};
  const int32_t q = alloc_workqueue(sw.world, "q", 0, 0);
  const int32_t p = add_program(sw.world, burn_sleep("f", {{OpCode::Burn, us(100)}, {OpCode::Sleep, us(300)}}));
  for (int i = 0; i < 20000; ++i) {
    ScriptedAction a;
    a.op = ScriptOp::QueueWork;
    a.time = us(500) * i;
    a.wq = q;
    a.work = init_work(sw.world, "w" + std::to_string(i), p);
    a.cpu = i % 4;
    a.from_cpu = i % 4;
    add_scripted_action(sw.world, a);
  }
  Simulation sim(std::move(sw), ms(10'000));
  sim.run_until(ms(10'000));
  EXPECT_GT(sim.actions(), 100'000u);
  EXPECT_LE(sim.snapshot_count(), 129u);
  const EventLog all = sim.events();
  ASSERT_TRUE(sim.step_back());
  sim.run_until(ms(10'000));
  EXPECT_TRUE(same_events(sim.events(), all));
}

}  // namespace
}  // namespace cmwq::test
