// EventLog: the compact log gives back exactly the events it was given, truncates
// anywhere, and keeps a real run in under 20 bytes an event (issue 16's bound).
#include "core/trace/event_log.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <filesystem>
#include <random>

#include "core/simulation.h"
#include "tests/core/harness.h"

namespace cmwq {
namespace {
using namespace cmwq::test;

void expect_same(const Event& got, const Event& want, size_t i) {
  EXPECT_EQ(got.time, want.time) << "event " << i;
  EXPECT_EQ(got.seq, want.seq) << "event " << i;
  EXPECT_EQ(got.type, want.type) << "event " << i;
  EXPECT_EQ(got.cpu, want.cpu) << "event " << i;
  EXPECT_EQ(got.task, want.task) << "event " << i;
  EXPECT_EQ(got.work, want.work) << "event " << i;
  EXPECT_EQ(got.pool, want.pool) << "event " << i;
  EXPECT_EQ(got.pwq, want.pwq) << "event " << i;
  EXPECT_EQ(got.wq, want.wq) << "event " << i;
  EXPECT_EQ(got.a, want.a) << "event " << i;
  EXPECT_EQ(got.b, want.b) << "event " << i;
}

// Events with every field at awkward values: extremes, sign changes, time going back,
// seqs out of order, type numbers past the enum's.
std::vector<Event> awkward_events(size_t n) {
  std::mt19937_64 rng(7);
  const int64_t extremes[] = {INT64_MIN, INT64_MAX, 0, -1, 1, INT32_MIN, INT32_MAX};
  std::vector<Event> out;
  Nanos t = 0;
  for (size_t i = 0; i < n; ++i) {
    Event e;
    const uint64_t r = rng();
    t += static_cast<Nanos>(r % 5000) - (r % 17 == 0 ? 9000 : 0);
    e.time = r % 101 == 0 ? INT64_MAX : t;
    e.seq = r % 13 == 0 ? rng() : i;
    e.type = static_cast<EventType>(r % 97 == 0 ? 65535 : r % kEventTypeCount);
    e.cpu = static_cast<int16_t>(r % 7 == 0 ? INT16_MIN : static_cast<int64_t>(r % 64) - 1);
    e.task = static_cast<int32_t>(rng() % 3 == 0 ? INT32_MAX : static_cast<int64_t>(rng() % 1000) - 1);
    e.work = static_cast<int32_t>(rng());
    e.pool = static_cast<int32_t>(rng() % 9) - 1;
    e.pwq = r % 2 ? -1 : static_cast<int32_t>(rng() % 40);
    e.wq = INT32_MIN + static_cast<int32_t>(r % 3);
    e.a = extremes[rng() % 7];
    e.b = static_cast<int64_t>(rng());
    out.push_back(e);
  }
  return out;
}

TEST(EventLog, GivesBackEveryFieldOfAwkwardEventsAcrossBlocks) {
  const std::vector<Event> want = awkward_events(EventLog::kBlockEvents * 5 + 37);
  const EventLog log(want);
  ASSERT_EQ(log.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) expect_same(log[i], want[i], i);
  // Backwards too: each read may decode another block.
  for (size_t i = want.size(); i-- > 0;) expect_same(log[i], want[i], i);
  expect_same(log.back(), want.back(), want.size() - 1);
}

TEST(EventLog, TruncatesInsideASealedBlockAndGrowsAgain) {
  const std::vector<Event> want = awkward_events(EventLog::kBlockEvents * 4);
  EventLog log(want);
  const uint64_t full = log.footprint();
  const size_t keep = EventLog::kBlockEvents + 100;  // inside the second block
  log.resize(keep);
  ASSERT_EQ(log.size(), keep);
  for (size_t i = 0; i < keep; ++i) expect_same(log[i], want[i], i);
  // New events after the cut are read back, not the old ones.
  std::vector<Event> again = awkward_events(EventLog::kBlockEvents * 3);
  for (Event& e : again) e.b ^= 0x5555;
  for (const Event& e : again) log.push_back(e);
  ASSERT_EQ(log.size(), keep + again.size());
  for (size_t i = 0; i < again.size(); ++i) expect_same(log[keep + i], again[i], keep + i);
  log.resize(0);
  EXPECT_TRUE(log.empty());
  EXPECT_LE(log.footprint(), full);
}

TEST(EventLog, ACopyIsIndependent) {
  const std::vector<Event> want = awkward_events(EventLog::kBlockEvents * 2 + 5);
  EventLog a(want);
  const EventLog b = a;
  a.resize(3);
  ASSERT_EQ(b.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) expect_same(b[i], want[i], i);
}

TEST(EventLog, IteratorsServeBinarySearchByTime) {
  std::vector<Event> want;
  for (size_t i = 0; i < 3000; ++i) {
    Event e;
    e.time = static_cast<Nanos>(i / 3) * 10;
    e.seq = i;
    want.push_back(e);
  }
  const EventLog log(want);
  const auto it = std::lower_bound(log.begin(), log.end(), Nanos{5000}, [](const Event& e, Nanos t) { return e.time < t; });
  EXPECT_EQ(it.index(), 1500u);  // times 0,0,0,10,10,10,...: 5000 first at 500 * 3
  EXPECT_EQ(log.end() - log.begin(), 3000);
}

// The events a scenario's world emits run bare (no Simulation) until @p until.
std::vector<Event> bare_stream(const std::string& toml, Nanos until) {
  ScenarioWorld bare = scenario_world(toml, KernelGeneration::V6_12_118);
  std::vector<Event> out;
  for (const Event& e : take_events(bare.world)) out.push_back(e);
  while (next_action_time(bare.world) >= 0 && next_action_time(bare.world) <= until) {
    step(bare.world);
    for (const Event& e : take_events(bare.world)) out.push_back(e);
  }
  return out;
}

// A real run read through Simulation equals the world's own stream, and is compact.
void expect_kept_exactly_and_compactly(const std::string& toml, Nanos until, size_t at_least, double max_per_event) {
  const std::vector<Event> want = bare_stream(toml, until);
  Simulation sim(scenario_world(toml, KernelGeneration::V6_12_118), until);
  sim.run_until(until);
  const EventLog& log = sim.events();
  ASSERT_GE(want.size(), at_least);
  ASSERT_EQ(log.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) expect_same(log[i], want[i], i);
  // Chunks come a MiB at a time, so count the bytes the sealed blocks use.
  const size_t sealed = want.size() / EventLog::kBlockEvents * EventLog::kBlockEvents;
  ASSERT_GT(sealed, 0u);
  const double per_event = static_cast<double>(log.bytes_used()) / static_cast<double>(sealed);
  EXPECT_LT(per_event, max_per_event);
  std::printf("%zu events, %.2f bytes an event\n", want.size(), per_event);
}

// Every shipped scenario's stream (exactness through Simulation, seeks included, is the
// cross-platform digest test's), one after another: the mix of event types students see.
TEST(EventLog, KeepsTheShippedScenariosInUnderTwentyBytesAnEvent) {
  namespace fs = std::filesystem;
  std::vector<Event> all;
  for (const auto& entry : fs::directory_iterator(fs::path(CMWQ_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".toml") continue;
    const std::vector<Event> one = bare_stream(source_file("scenarios/" + entry.path().filename().string()), ms(3000));
    all.insert(all.end(), one.begin(), one.end());
  }
  ASSERT_GT(all.size(), 2000u);
  const EventLog log(all);
  for (size_t i = 0; i < all.size(); ++i) expect_same(log[i], all[i], i);
  const size_t sealed = all.size() / EventLog::kBlockEvents * EventLog::kBlockEvents;
  const double per_event = static_cast<double>(log.bytes_used()) / static_cast<double>(sealed);
  EXPECT_LT(per_event, 20.0);
  std::printf("%zu events, %.2f bytes an event\n", all.size(), per_event);
}

// The loop repeats the same events with the same fields, so the predictions leave little
// more than each event's type and time step: 3.5 bytes an event measured, 4.1 when each
// type's last event was the only prediction.
TEST(EventLog, KeepsALongRequeueLoopExactlyInUnderFourBytesAnEvent) {
  expect_kept_exactly_and_compactly(source_file("tests/scenarios/requeue-loop.toml"), ms(60), 100000, 4.0);
}

}  // namespace
}  // namespace cmwq
