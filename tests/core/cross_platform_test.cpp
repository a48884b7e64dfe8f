// Native and WebAssembly builds must produce the same event streams. This test runs
// every shipped scenario and every lab's scenario files through Simulation, the history
// code the app uses (to the end, back to the middle by seek(), and to the end again), and
// compares a digest of the whole event stream, with the names each event shows (task
// comm, work, workqueue) and its English description, with tests/golden/event-digests.txt.
// It also checks that the history's stream is the one stepping the World directly gives.
// The digests are not claims about correctness (other tests check behaviour against the
// kernel); they pin down determinism: the native run writes them, and the wasm run of
// this same test must match.
// Regenerate after an intended behaviour change, natively:
//   CMWQ_UPDATE_DIGESTS=1 build/native/tests/core_tests --gtest_filter='CrossPlatform*'
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <algorithm>
#include <optional>

#include "core/scenario/scenario.h"
#include "core/simulation.h"
#include "core/trace/schema.h"
#include "harness.h"

namespace cmwq::test {
namespace {

uint64_t fnv(uint64_t h, int64_t v) {
  for (int i = 0; i < 8; ++i) {
    h ^= static_cast<uint64_t>(v >> (8 * i)) & 0xff;
    h *= 1099511628211ull;
  }
  return h;
}

uint64_t fnv_text(uint64_t h, const std::string& text) {
  for (const unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fnv(h, static_cast<int64_t>(text.size()));
}

uint64_t eat(uint64_t h, const World& w, const Event& e) {
  for (int64_t v : {e.time, static_cast<int64_t>(e.seq), static_cast<int64_t>(e.type), static_cast<int64_t>(e.cpu),
                    static_cast<int64_t>(e.task), static_cast<int64_t>(e.work), static_cast<int64_t>(e.pool),
                    static_cast<int64_t>(e.pwq), static_cast<int64_t>(e.wq), e.a, e.b})
    h = fnv(h, v);
  for (const std::string* name : {&task_name(w, e.task), &work_name(w, e.work), &wq_name(w, e.wq)})
    h = fnv_text(h, *name);
  return fnv_text(h, describe_event(w, e));
}

std::optional<Scenario> load(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  ScenarioParse p = parse_scenario(ss.str(), path.string());
  EXPECT_TRUE(p.ok()) << path;
  return std::move(p.scenario);
}

// The World stepped directly, action by action.
uint64_t digest_stepped(const Scenario& s) {
  ScenarioWorld sw = build_world(s);
  std::vector<Event> log;
  for (Event& e : take_events(sw.world)) log.push_back(e);
  while (next_action_time(sw.world) >= 0 && next_action_time(sw.world) <= s.until) {
    step(sw.world);
    for (Event& e : take_events(sw.world)) log.push_back(e);
  }
  uint64_t h = 1469598103934665603ull;
  for (const Event& e : log) h = eat(h, sw.world, e);
  return h;
}

// Through Simulation: to the end, back to the middle, to the end again.
uint64_t digest_with_history(const Scenario& s, size_t& events) {
  Simulation sim(build_world(s), s.until);
  sim.run_until(s.until);
  sim.seek(s.until / 2);
  sim.run_until(s.until);
  uint64_t h = 1469598103934665603ull;
  for (const Event& e : sim.events()) h = eat(h, sim.world(), e);
  events = sim.events().size();
  return h;
}

// The shipped scenario files relative to the source tree (the digests' names).
std::vector<std::filesystem::path> scenario_files() {
  std::vector<std::filesystem::path> out;
  for (const std::filesystem::path& f : shipped_scenario_files())
    out.push_back(std::filesystem::relative(f, std::filesystem::path(CMWQ_SOURCE_DIR)));
  return out;
}

TEST(CrossPlatform, EventStreamsMatchTheRecordedDigests) {
  const std::string golden = std::string(CMWQ_SOURCE_DIR) + "/tests/golden/event-digests.txt";
  std::map<std::string, std::string> recorded;
  {
    std::ifstream in(golden);
    std::string name, hex;
    while (in >> name >> hex) recorded[name] = hex;
  }
  std::map<std::string, std::string> now;
  for (const std::filesystem::path& file : scenario_files()) {
    const std::optional<Scenario> s = load(std::filesystem::path(CMWQ_SOURCE_DIR) / file);
    if (!s) continue;
    size_t events = 0;
    const uint64_t h = digest_with_history(*s, events);
    EXPECT_EQ(h, digest_stepped(*s)) << file << ": the history's event stream differs from stepping the world";
    char hex[32];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    now[file.generic_string()] = hex;
  }
  EXPECT_GT(now.size(), 45u);
  if (std::getenv("CMWQ_UPDATE_DIGESTS")) {
    std::ofstream out(golden);
    for (const auto& [name, hex] : now) out << name << " " << hex << "\n";
    GTEST_SKIP() << "rewrote " << golden;
  }
  for (const auto& [name, hex] : now) {
    ASSERT_TRUE(recorded.count(name)) << name << " has no recorded digest; regenerate natively (see this file's header)";
    EXPECT_EQ(hex, recorded[name]) << name << ": event stream differs from the recorded one";
  }
}

}  // namespace
}  // namespace cmwq::test
