// Cause-and-effect arrows (web/model/cause_flows.h) on shipped scenarios. The chains
// expected are the kernel's order of calls, checked by hand against kernel/workqueue.c:
// pool_mayday_timeout() calls send_mayday() for each starving pwq; send_mayday() wakes
// wq->rescuer; rescuer_thread() takes the pwq off wq->maydays and
// assign_rescuer_work() moves the pwq's works to its scheduled list; then
// process_scheduled_works() runs them (workqueue_execute_start with the rescuer as the
// worker). On the reclaim side, the scenario's description tells the story: the
// manager's create_worker() blocks in direct reclaim, which queues the writeback work;
// its `reclaim 4096` frees page cache, the blocked allocation returns and the manager
// creates its worker.
#include "web/model/cause_flows.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/scenario/scenario.h"
#include "core/simulation.h"
#include "core/world.h"
#include "scenario_files.h"
#include "web/model/timeline_model.h"

namespace cmwq::web {
namespace {

constexpr Nanos ms(int64_t v) { return v * NSEC_PER_MSEC; }

// The arrows of @p story, in order.
std::vector<CauseArrow> of_story(const std::vector<CauseArrow>& all, CauseStory story) {
  std::vector<CauseArrow> out;
  for (const CauseArrow& a : all)
    if (a.story == story) out.push_back(a);
  return out;
}

// The chain starting at arrow @p start: the event types from its cause, following each
// effect to the arrow it causes in turn (the first such arrow).
std::vector<EventType> chain_from(const EventLog& ev, const std::vector<CauseArrow>& arrows, size_t start) {
  std::vector<EventType> types{ev[arrows[start].from].type};
  uint32_t at = arrows[start].from;
  for (bool more = true; more;) {
    more = false;
    for (const CauseArrow& a : arrows)
      if (a.from == at) {
        types.push_back(ev[a.to].type);
        at = a.to;
        more = true;
        break;
      }
  }
  return types;
}

// Every arrow goes forward in time; back in the log only within one instant.
void expect_forward(const EventLog& ev, const std::vector<CauseArrow>& arrows) {
  for (const CauseArrow& a : arrows) {
    EXPECT_NE(a.from, a.to);
    EXPECT_LE(ev[a.from].time, ev[a.to].time) << a.label;
  }
}

TEST(CauseFlows, RescuerChainOfStarvationRescuer) {
  Simulation sim = load_scenario_file("starvation-rescuer.toml");
  sim.run_until(ms(400));
  const EventLog& ev = sim.events();
  const std::vector<CauseArrow> all = find_cause_flows(ev);
  expect_forward(ev, all);
  const std::vector<CauseArrow> mayday = of_story(all, CauseStory::Mayday);
  ASSERT_FALSE(mayday.empty());
  EXPECT_EQ(ev[mayday[0].from].type, EventType::MaydayTimeout);
  const std::vector<EventType> want{EventType::MaydayTimeout, EventType::MaydaySent, EventType::RescuerWake,
                                    EventType::RescuerAssign, EventType::ExecuteStart};
  EXPECT_EQ(chain_from(ev, mayday, 0), want);
  // The work the rescuer takes and runs is the writeback work, run by the rescuer it woke.
  const int32_t wb = sim.names().works.at("wb");
  const CauseArrow& runs = mayday[3];
  EXPECT_EQ(ev[runs.to].type, EventType::ExecuteStart);
  EXPECT_EQ(ev[runs.to].work, wb);
  EXPECT_EQ(ev[runs.from].work, wb);
  EXPECT_EQ(ev[runs.to].task, ev[mayday[1].to].task);  // RescuerWake's rescuer
  EXPECT_EQ(ev[mayday[1].from].pwq, ev[mayday[1].to].pwq);  // woken for the pwq send_mayday() named
}

TEST(CauseFlows, ReclaimChainOfStarvationRescuer) {
  Simulation sim = load_scenario_file("starvation-rescuer.toml");
  sim.run_until(ms(400));
  const EventLog& ev = sim.events();
  const std::vector<CauseArrow> reclaim = of_story(find_cause_flows(ev), CauseStory::Reclaim);
  ASSERT_FALSE(reclaim.empty());
  const std::vector<EventType> want{EventType::AllocBlocked, EventType::QueueWork, EventType::PagesFreed,
                                    EventType::AllocDone, EventType::WorkerCreated};
  EXPECT_EQ(chain_from(ev, reclaim, 0), want);
  const int32_t wb = sim.names().works.at("wb");
  EXPECT_EQ(ev[reclaim[0].to].work, wb);  // the writeback work queued
  // The allocation that blocked and the one that returns are the manager's.
  EXPECT_EQ(ev[reclaim[0].from].task, ev[reclaim[2].to].task);
  EXPECT_EQ(ev[reclaim[3].to].b, 0);  // a worker, not a rescuer
}

// Without WQ_MEM_RECLAIM the writeback workqueue has no rescuer: the timer fires
// (pool_mayday_timeout()) but send_mayday() is never called, and the writeback work waits
// on the starving pool for ever, so no pages are freed and the allocation never returns.
TEST(CauseFlows, NoRescuerChainWithoutMemReclaim) {
  Simulation sim = load_scenario_file("starvation-no-reclaim.toml");
  sim.run_until(ms(400));
  const EventLog& ev = sim.events();
  ASSERT_TRUE(std::any_of(ev.begin(), ev.end(), [](const Event& e) { return e.type == EventType::MaydayTimeout; }));
  const std::vector<CauseArrow> all = find_cause_flows(ev);
  expect_forward(ev, all);
  EXPECT_TRUE(of_story(all, CauseStory::Mayday).empty());
  const std::vector<CauseArrow> reclaim = of_story(all, CauseStory::Reclaim);
  ASSERT_EQ(reclaim.size(), 1u);  // blocked -> writeback queued, and no further
  EXPECT_EQ(ev[reclaim[0].from].type, EventType::AllocBlocked);
  EXPECT_EQ(ev[reclaim[0].to].type, EventType::QueueWork);
}

TEST(CauseFlows, TimelineModelHoldsTheSameArrows) {
  Simulation sim = load_scenario_file("starvation-rescuer.toml");
  sim.run_until(ms(100));
  TimelineModel m;
  m.update(sim);
  sim.run_until(ms(400));
  m.update(sim);  // read in two parts: the same arrows as all at once
  const std::vector<CauseArrow> all = find_cause_flows(sim.events());
  ASSERT_EQ(m.cause_arrows().size(), all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(m.cause_arrows()[i].from, all[i].from);
    EXPECT_EQ(m.cause_arrows()[i].to, all[i].to);
  }
}

TEST(CauseFlows, AWindowSeesOnlyCausesInside) {
  Simulation sim = load_scenario_file("starvation-rescuer.toml");
  sim.run_until(ms(400));
  const EventLog& ev = sim.events();
  const std::vector<CauseArrow> all = find_cause_flows(ev);
  ASSERT_GE(all.size(), 2u);
  const size_t cut = all[1].to;  // the window starts at the second arrow's effect
  const std::vector<CauseArrow> inside = find_cause_flows(ev, cut);
  EXPECT_LT(inside.size(), all.size());
  for (const CauseArrow& a : inside) EXPECT_GE(std::min(a.from, a.to), cut);
}

}  // namespace
}  // namespace cmwq::web
