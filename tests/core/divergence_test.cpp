// The first divergence of two runs (core/trace/divergence.h), on changes whose first
// consequence the kernel's source tells.
#include "core/trace/divergence.h"

#include <fstream>
#include <sstream>

#include "core/scenario/change.h"
#include "core/world_view.h"
#include "harness.h"

namespace cmwq::test {
namespace {

Scenario shipped_scenario(const std::string& name) {
  std::ifstream in(std::string(CMWQ_SOURCE_DIR) + "/scenarios/" + name);
  std::stringstream text;
  text << in.rdbuf();
  ScenarioParse p = parse_scenario(text.str(), name);
  EXPECT_TRUE(p.ok()) << name;
  return p.ok() ? *p.scenario : Scenario{};
}

Scenario with_change(const Scenario& s, const std::string& change) {
  ScenarioParse p = change_scenario(s, change);
  EXPECT_TRUE(p.ok()) << (p.error ? p.error->format() : "");
  return p.ok() ? *p.scenario : s;
}

struct Pair {
  Simulation a, b;
  DivergenceFinder finder;
  Pair(const Scenario& sa, const Scenario& sb, Nanos until) : a(build_world(sa), until), b(build_world(sb), until) {}
  void run_until(Nanos t) {
    a.run_until(t);
    b.run_until(t);
    finder.update({a.world(), a.events(), {t, true}}, {b.world(), b.events(), {t, true}});
  }
};

TEST(Divergence, SameScenarioNeverDiverges) {
  const Scenario s = shipped_scenario("starvation-rescuer.toml");
  Pair p(s, s, s.until);
  p.run_until(s.until);
  EXPECT_FALSE(p.finder.found());
  EXPECT_EQ(p.finder.matched(), p.a.events().size());
}

// workqueue.rst's w0, w1, w2 on a max_active 1 workqueue, against max_active 2. The
// three are queued at 0 ms. __queue_work() (v6.12) traces workqueue_queue_work for
// each, then activates an item only if pwq_tryinc_nr_active() finds room under
// max_active (trace_workqueue_activate_work, insert on pool->worklist); otherwise the
// item goes on pwq->inactive_works with no tracepoint. w0 is active in both runs; w1
// is the first item the limit of 1 holds back: that is where the runs part.
TEST(Divergence, MaxActiveFirstDiffersWhereTheSecondItemIsQueued) {
  const Scenario one = shipped_scenario("doc-max-active-1.toml");
  Pair p(one, with_change(one, "max_active q0 2"), one.until);
  p.run_until(one.until);
  ASSERT_TRUE(p.finder.found());
  const Divergence& d = *p.finder.found();
  EXPECT_EQ(d.time, 0);
  ASSERT_TRUE(d.a && d.b);
  EXPECT_EQ(d.b->type, EventType::ActivateWork);
  EXPECT_EQ(work_name(p.b.world(), p.b.events()[d.index].work), "w1");
  EXPECT_NE(d.a->type, EventType::ActivateWork);  // w1 waits on inactive_works
  // Just before: w1's workqueue_queue_work, the same in both runs.
  const Event& before = p.a.events()[d.index - 1];
  EXPECT_EQ(before.type, EventType::QueueWork);
  EXPECT_EQ(work_name(p.a.world(), before.work), "w1");
  EXPECT_EQ(p.b.events()[d.index - 1].type, EventType::QueueWork);
  EXPECT_EQ(p.finder.matched(), d.index);
}

// The starvation sandbox with writeback's WQ_MEM_RECLAIM removed. alloc_workqueue()
// calls init_rescuer() for a WQ_MEM_RECLAIM workqueue: alloc_worker() (memory), then
// kthread_create_on_node(rescuer_thread, ..., "kworker/R-%s"). The sandbox has no
// timed actions, so at boot the first run creates kworker/R-writeback and the second,
// having booted the same machine without it, has nothing more at 0 ms.
TEST(Divergence, MemReclaimRunsDifferAtBootByTheRescuer) {
  const Scenario s = shipped_scenario("starvation-sandbox.toml");
  Pair p(s, with_change(s, "flags writeback -WQ_MEM_RECLAIM"), s.until);
  p.run_until(0);
  ASSERT_TRUE(p.finder.found());
  const Divergence& d = *p.finder.found();
  EXPECT_EQ(d.time, 0);
  EXPECT_FALSE(d.b) << "the second run has more boot events: " << d.b->text;
  ASSERT_TRUE(d.a);
  EXPECT_EQ(d.index, p.b.events().size());  // every boot event of the second run matched
  // From the divergence on, the first run's boot goes on with the rescuer's creation.
  bool rescuer_task = false, rescuer_created = false;
  for (size_t i = d.index; i < p.a.events().size(); ++i) {
    const Event& e = p.a.events()[i];
    rescuer_task |= e.type == EventType::TaskNew && task_name(p.a.world(), e.task) == "kworker/R-writeback";
    rescuer_created |= e.type == EventType::WorkerCreated && e.b == 1;
  }
  EXPECT_TRUE(rescuer_task && rescuer_created);
}

// Growing runs: nothing is reported before the runs reach the difference, and a run
// that is behind is not said to have "nothing" until it has passed that time.
TEST(Divergence, FoundIncrementallyAndOnlyOncePassed) {
  const Scenario one = shipped_scenario("doc-max-active-1.toml");
  const Scenario moved = with_change(one, "at 3 2ms");  // w2 queued at 2 ms instead of 0
  Simulation a(build_world(one), one.until), b(build_world(moved), one.until);
  DivergenceFinder finder;
  // Both booted, no action run yet: the boots match.
  finder.update({a.world(), a.events(), {0, false}}, {b.world(), b.events(), {0, false}});
  EXPECT_FALSE(finder.found());
  EXPECT_EQ(finder.matched(), a.events().size());
  // The first run queues all three at 0 ms; the second, not settled at 0 ms, may still.
  a.run_until(0);
  finder.update({a.world(), a.events(), {0, true}}, {b.world(), b.events(), {0, false}});
  EXPECT_FALSE(finder.found());
  b.run_until(0);
  finder.update({a.world(), a.events(), {0, true}}, {b.world(), b.events(), {0, true}});
  ASSERT_TRUE(finder.found());
  const Divergence& d = *finder.found();
  // The third action is where they part: the first run's `queue_work q0 w2`.
  ASSERT_TRUE(d.a);
  EXPECT_EQ(d.a->type, EventType::Scripted);
  EXPECT_EQ(d.a->text, "queue_work q0 w2 cpu=0");
  EXPECT_EQ(d.time, 0);
  // Stepping back before it forgets it; running on finds it again at the same event.
  finder.rewind(d.index - 1);
  EXPECT_FALSE(finder.found());
  const size_t index = d.index;
  finder.update({a.world(), a.events(), {0, true}}, {b.world(), b.events(), {0, true}});
  ASSERT_TRUE(finder.found());
  EXPECT_EQ(finder.found()->index, index);
}

TEST(Divergence, LinesSayBothSides) {
  EXPECT_EQ(divergence_line(std::nullopt, ms(12)), "12 ms  (nothing: this run has no more events at this time)");
  EXPECT_EQ(divergence_line(EventLook{ms(5), EventType::ActivateWork, "w1 becomes active"}, ms(5)),
            "5 ms  workqueue_activate_work: w1 becomes active");
}

}  // namespace
}  // namespace cmwq::test
