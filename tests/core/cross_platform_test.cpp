// Native and WebAssembly builds must produce the same event streams. This test runs
// every shipped scenario and compares a digest of its whole event stream with
// tests/golden/event-digests.txt. The digests are not claims about correctness
// (other tests check behaviour against the kernel); they pin down determinism: the
// native run writes them, and the wasm run of this same test must match.
// Regenerate after an intended behaviour change, natively:
//   CMWQ_UPDATE_DIGESTS=1 build/native/tests/core_tests --gtest_filter='CrossPlatform*'
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/scenario/scenario.h"
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

uint64_t digest_of(const std::string& path, size_t& events) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  const ScenarioParse p = parse_scenario(ss.str(), path);
  EXPECT_TRUE(p.ok());
  if (!p.ok()) return 0;
  ScenarioWorld sw = build_world(*p.scenario);
  uint64_t h = 1469598103934665603ull;
  events = 0;
  auto eat = [&](World& w) {
    for (const Event& e : take_events(w)) {
      ++events;
      for (int64_t v : {e.time, static_cast<int64_t>(e.seq), static_cast<int64_t>(e.type), static_cast<int64_t>(e.cpu),
                        static_cast<int64_t>(e.task), static_cast<int64_t>(e.work), static_cast<int64_t>(e.pool),
                        static_cast<int64_t>(e.pwq), static_cast<int64_t>(e.wq), e.a, e.b})
        h = fnv(h, v);
    }
  };
  eat(sw.world);
  while (next_action_time(sw.world) >= 0 && next_action_time(sw.world) <= p.scenario->until) {
    step(sw.world);
    eat(sw.world);
  }
  return h;
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
  for (const auto& entry : std::filesystem::directory_iterator(std::string(CMWQ_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() != ".toml") continue;
    size_t events = 0;
    char hex[32];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(digest_of(entry.path().string(), events)));
    now[entry.path().filename().string()] = hex;
  }
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
