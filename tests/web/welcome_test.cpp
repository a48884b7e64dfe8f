// The welcome's first-visit rule and its tour of the starvation sandbox, driven the way
// the buttons the tour points at drive the session (the Controls and Queue work panels).
#include "web/model/welcome.h"

#include <gtest/gtest.h>

#include "core/kernel/memory.h"
#include "core/world.h"
#include "web/model/scenario_library.h"

namespace cmwq::web {
namespace {

// The Queue work panel's presets (web/panels/queue_work_panel.h).
const char* kStarve = "hog all";
const char* kBlocking = "queue q0 cpu=0 count=3 name=blk: alloc 16 GFP_KERNEL; burn 1ms; free 16";

Session shipped(std::string_view name) {
  Session s;
  const EmbeddedScenario* sc = find_embedded_scenario(name);
  EXPECT_NE(sc, nullptr) << name;
  if (sc) {
    EXPECT_TRUE(s.load(std::string(sc->text), std::string(sc->file)).ok) << name;
  }
  return s;
}

// A click's command, applied as App applies it: the actions due now run at once.
void click(Session& s, const char* command) {
  ASSERT_EQ(s.command(command), "");
  s.run_until(s.sim().now());
}

// Visible steps until an event of @p type (the Controls panel's Run to next).
bool run_to(Session& s, EventType type) {
  for (int i = 0; i < 100000; ++i) {
    const size_t before = s.sim().events().size();
    if (!s.step()) return false;
    for (size_t k = before; k < s.sim().events().size(); ++k)
      if (s.sim().events()[k].type == type) return true;
  }
  return false;
}

size_t progress(const Session& s) {
  EventIndex index;
  index.update(s.sim().events(), 0);
  return tour_progress(s, index);
}

TEST(Welcome, ShowsOnTheFirstVisitWithoutALinkOnly) {
  EXPECT_TRUE(welcome_at_start(std::nullopt, ""));
  EXPECT_FALSE(welcome_at_start(std::string("seen"), ""));
  EXPECT_FALSE(welcome_at_start(std::nullopt, "scenario=starvation-sandbox"));
  EXPECT_FALSE(welcome_at_start(std::string("seen"), "scenario=doc-max-active-3"));
}

TEST(Welcome, TourScenarioAndLabAreShipped) {
  EXPECT_NE(find_embedded_scenario(kTourScenario), nullptr);
  EXPECT_EQ(tour_steps().size(), 5u);
  // Each step points at a button some panel records under that name (docs/automation-api.md).
  const char* expected[] = {"starve memory", "queue 3 blocking works", "run to next mayday", "run to next rescuer",
                            "run to next worker"};
  for (size_t i = 0; i < 5; ++i) EXPECT_STREQ(tour_steps()[i].widget, expected[i]);
}

// The tour's five steps, each done by the click it asks for and by nothing earlier.
TEST(Welcome, EachStepIsDoneByItsButton) {
  Session s = shipped(kTourScenario);
  EXPECT_EQ(progress(s), 0u);
  s.run_until(50 * NSEC_PER_MSEC);  // time passing alone does nothing in the sandbox
  EXPECT_EQ(progress(s), 0u);

  click(s, kStarve);
  EXPECT_EQ(s.sim().world().mem.free, 0);
  EXPECT_EQ(progress(s), 1u);

  click(s, kBlocking);
  EXPECT_EQ(progress(s), 2u);

  ASSERT_TRUE(run_to(s, EventType::MaydaySent));
  EXPECT_EQ(progress(s), 3u);

  ASSERT_TRUE(run_to(s, EventType::RescuerWake));
  EXPECT_EQ(progress(s), 4u);
  // The step that woke the rescuer also had it start writeback's wb (the same instant).
  const World& w = s.sim().world();
  bool wb_by_rescuer = false;
  for (const Event& e : s.sim().events())
    if (e.type == EventType::ExecuteStart && e.work >= 0 && w.wq.works[e.work].name == "wb")
      wb_by_rescuer = w.tasks[e.task].comm == "kworker/R-writeback";
  EXPECT_TRUE(wb_by_rescuer);

  // Run to next worker: wb frees page cache after its 150 ms sleep, create_worker() gets
  // its memory; nothing else on the way (a second mayday) counts.
  const Nanos rescued_at = s.sim().now();
  ASSERT_TRUE(s.step());
  EXPECT_EQ(progress(s), 4u);
  ASSERT_TRUE(run_to(s, EventType::WorkerCreated));
  EXPECT_EQ(progress(s), 5u);
  EXPECT_GE(s.sim().now(), rescued_at + 150 * NSEC_PER_MSEC);
}

// Out of order does not count: a mayday cannot come without the blocking works, and
// queueing without starving leaves the tour at its first step.
TEST(Welcome, StepsCountInOrderOnly) {
  Session s = shipped(kTourScenario);
  click(s, kBlocking);
  EXPECT_EQ(progress(s), 0u);
  click(s, kStarve);
  EXPECT_EQ(progress(s), 2u);
}

// A step back undoes the step it went back over.
TEST(Welcome, StepBackUndoesAStep) {
  Session s = shipped(kTourScenario);
  click(s, kStarve);
  click(s, kBlocking);
  ASSERT_TRUE(run_to(s, EventType::MaydaySent));
  ASSERT_EQ(progress(s), 3u);
  ASSERT_TRUE(s.step_back());
  EXPECT_EQ(progress(s), 2u);
}

TEST(Welcome, TourEndsWithAnotherScenario) {
  Session s = shipped(kTourScenario);
  EventIndex index;
  Tour tour;
  tour.start();
  tour.update(s, index);
  EXPECT_TRUE(tour.active());
  EXPECT_EQ(tour.step(), 0u);
  EXPECT_NE(tour.text().find("Step 1 of 5"), std::string::npos);
  EXPECT_NE(tour.text().find("starve memory"), std::string::npos);

  click(s, kStarve);
  index.update(s.sim().events(), 0);
  tour.update(s, index);
  EXPECT_NE(tour.text().find("Step 2 of 5"), std::string::npos);

  Session other = shipped("doc-max-active-3");
  tour.update(other, index);
  EXPECT_FALSE(tour.active());
}

}  // namespace
}  // namespace cmwq::web
