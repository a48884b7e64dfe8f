// EventIndex after a cut in the history: back to its checkpoint before the cut, it gives
// what an index reading the whole log from the start gives.
#include "web/model/event_index.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/simulation.h"

namespace cmwq::web {
namespace {

void expect_same(const EventIndex& got, const EventIndex& want, int32_t pools) {
  EXPECT_EQ(got.size(), want.size());
  for (size_t t = 0; t < kEventTypeCount; ++t) {
    const auto type = static_cast<EventType>(t);
    EXPECT_EQ(got.count(type), want.count(type)) << event_type_name(type);
    EXPECT_EQ(got.first(type), want.first(type)) << event_type_name(type);
    EXPECT_EQ(got.last(type), want.last(type)) << event_type_name(type);
  }
  for (int32_t p = 0; p < pools; ++p) EXPECT_EQ(got.last_why(p), want.last_why(p)) << "pool " << p;
}

TEST(EventIndex, AfterACutItAgreesWithAFreshRead) {
  std::ifstream in(std::string(CMWQ_SOURCE_DIR) + "/tests/scenarios/requeue-loop.toml");
  std::stringstream text;
  text << in.rdbuf() << "max_events = 300000\n";  // the file ends in its [run] table
  const ScenarioParse p = parse_scenario(text.str(), "requeue-loop.toml");
  ASSERT_TRUE(p.ok()) << p.error->format();
  Simulation sim(build_world(*p.scenario), p.scenario->until, p.scenario->budget);
  sim.run_until(sim.until());
  ASSERT_GT(sim.events().size(), 200000u);  // past three checkpoints
  EventIndex index;
  index.update(sim.events(), 0);
  const auto pools = static_cast<int32_t>(sim.world().wq.pools.size());
  for (const Nanos to : {sim.now() * 2 / 3, sim.now() / 5, Nanos{0}}) {
    sim.seek(to);  // the log is cut; the events before the cut are unchanged
    index.update(sim.events(), sim.events().size());
    EventIndex fresh;
    fresh.update(sim.events(), 0);
    expect_same(index, fresh, pools);
  }
  sim.run_until(sim.until());  // and forward again from there
  index.update(sim.events(), SIZE_MAX);
  EventIndex fresh;
  fresh.update(sim.events(), 0);
  expect_same(index, fresh, pools);
}

}  // namespace
}  // namespace cmwq::web
