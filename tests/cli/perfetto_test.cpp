// The JSON exports of every shipped scenario parse as JSON and have the structure
// their consumers need. For `perfetto` (Chrome Trace Event Format, as ui.perfetto.dev
// reads it): every B has its E on the same pid/tid, in order and not before it; every
// flow start `s` has exactly one finish `f` with the same id, category and name;
// counter values are numbers; metadata names every pid and pid/tid used.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "run_cmwq.h"

namespace cmwq::test {
namespace {

using nlohmann::json;

std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(std::string(CMWQ_SOURCE_DIR) + "/scenarios"))
    if (e.path().extension() == ".toml") out.push_back("scenarios/" + e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

void check_perfetto(const std::string& scenario, const json& doc) {
  SCOPED_TRACE(scenario);
  ASSERT_TRUE(doc.is_object());
  ASSERT_TRUE(doc.contains("traceEvents"));
  const json& events = doc["traceEvents"];
  ASSERT_TRUE(events.is_array());
  ASSERT_FALSE(events.empty());

  std::set<int64_t> named_pids;
  std::set<std::pair<int64_t, int64_t>> named_threads;
  for (const json& e : events) {
    ASSERT_TRUE(e.contains("ph") && e["ph"].is_string()) << e;
    ASSERT_TRUE(e.contains("pid") && e["pid"].is_number_integer()) << e;
    if (e["ph"] != "M") continue;
    ASSERT_TRUE(e.contains("args") && e.contains("name")) << e;
    const json& args = e["args"];
    ASSERT_TRUE((args.contains("name") && args["name"].is_string()) ||
                (args.contains("sort_index") && args["sort_index"].is_number()))
        << e;
    if (e["name"] == "process_name") named_pids.insert(e["pid"].get<int64_t>());
    if (e["name"] == "thread_name" && e.contains("tid")) named_threads.insert({e["pid"].get<int64_t>(), e["tid"].get<int64_t>()});
  }

  std::map<std::pair<int64_t, int64_t>, std::vector<double>> open;  // B timestamps per thread
  std::map<int64_t, std::pair<int, int>> flows;                      // id -> (s count, f count)
  std::map<int64_t, std::string> flow_key;
  size_t slices = 0;
  for (const json& e : events) {
    const std::string ph = e["ph"];
    const int64_t pid = e["pid"];
    EXPECT_TRUE(named_pids.count(pid)) << "no process_name for pid " << pid << ": " << e;
    if (ph == "M") continue;
    ASSERT_TRUE(e.contains("ts") && e["ts"].is_number()) << e;
    const double ts = e["ts"];
    EXPECT_GE(ts, 0) << e;
    if (e.contains("tid")) {
      const std::pair<int64_t, int64_t> thread{pid, e["tid"].get<int64_t>()};
      EXPECT_TRUE(named_threads.count(thread)) << "no thread_name for " << e;
    }
    if (ph == "B") {
      ASSERT_TRUE(e.contains("tid") && e["name"].is_string()) << e;
      open[{pid, e["tid"]}].push_back(ts);
      ++slices;
    } else if (ph == "E") {
      ASSERT_TRUE(e.contains("tid")) << e;
      auto& stack = open[{pid, e["tid"]}];
      ASSERT_FALSE(stack.empty()) << "E without B: " << e;
      EXPECT_LE(stack.back(), ts) << "E before its B: " << e;
      stack.pop_back();
    } else if (ph == "s" || ph == "f") {
      ASSERT_TRUE(e.contains("id") && e.contains("tid")) << e;
      const int64_t id = e["id"];
      const std::string key = e["cat"].get<std::string>() + "/" + e["name"].get<std::string>();
      if (flow_key.count(id)) {
        EXPECT_EQ(flow_key[id], key) << e;
      }
      flow_key[id] = key;
      (ph == "s" ? flows[id].first : flows[id].second)++;
      if (ph == "f") {
        EXPECT_EQ(e["bp"], "e") << e;
      }
    } else if (ph == "C") {
      ASSERT_TRUE(e["args"].is_object() && !e["args"].empty()) << e;
      for (const auto& [k, v] : e["args"].items()) EXPECT_TRUE(v.is_number()) << k << " in " << e;
    } else if (ph == "i") {
      ASSERT_TRUE(e.contains("s")) << e;
      if (e["s"] == "t") {
        EXPECT_TRUE(e.contains("tid")) << e;
      }
    } else {
      ADD_FAILURE() << "unexpected phase " << ph << ": " << e;
    }
  }
  for (const auto& [thread, stack] : open)
    EXPECT_TRUE(stack.empty()) << stack.size() << " slices left open on pid " << thread.first << " tid "
                               << thread.second;
  for (const auto& [id, n] : flows) {
    EXPECT_EQ(n.first, 1) << "flow " << id;
    EXPECT_EQ(n.second, 1) << "flow " << id;
  }
  if (slices == 0) {
    // Only a scenario where no work item runs and no manager acts may have no slice.
    for (const json& e : events) EXPECT_NE(e["ph"], "f") << e;
  }
}

TEST(Exports, PerfettoHasTheStructureTraceViewersNeed) {
  for (const std::string& s : shipped_scenarios()) {
    const CmwqRun r = run_cmwq("run " + s + " --format perfetto");
    ASSERT_EQ(r.status, 0) << s << r.err;
    const json doc = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(doc.is_discarded()) << s << ": not JSON";
    check_perfetto(s, doc);
  }
}

TEST(Exports, PerfettoWorkSlicesAndFlowsOfTheDocExample) {
  const CmwqRun r = run_cmwq("run scenarios/doc-max-active-3.toml --format perfetto");
  const json doc = json::parse(r.out);
  std::map<std::string, double> begins;
  int flow_ends = 0;
  for (const json& e : doc["traceEvents"]) {
    if (e["ph"] == "B" && e["cat"] == "work") begins[e["name"]] = e["ts"];
    if (e["ph"] == "f") ++flow_ends;
  }
  // Microseconds: the documentation's 0, 5 and 10 ms.
  EXPECT_EQ(begins, (std::map<std::string, double>{{"w0", 0}, {"w1", 5000}, {"w2", 10000}}));
  EXPECT_EQ(flow_ends, 3);
}

TEST(Exports, JsonIsTheWholeEventStream) {
  for (const std::string& s : shipped_scenarios()) {
    SCOPED_TRACE(s);
    const CmwqRun r = run_cmwq("run " + s + " --format json");
    ASSERT_EQ(r.status, 0) << r.err;
    const json doc = json::parse(r.out, nullptr, false);
    ASSERT_FALSE(doc.is_discarded());
    EXPECT_EQ(doc["format"], "cmwq-events");
    EXPECT_EQ(doc["version"], 1);
    for (const char* table : {"tasks", "pools", "workqueues", "works", "events"}) ASSERT_TRUE(doc[table].is_array());
    uint64_t seq = 0;
    int64_t time = 0;
    for (const json& e : doc["events"]) {
      EXPECT_EQ(e["seq"].get<uint64_t>(), seq++);
      EXPECT_GE(e["time"].get<int64_t>(), time);
      time = e["time"];
      EXPECT_TRUE(e["type"].is_string());
      if (e.contains("task")) {
        EXPECT_TRUE(e["comm"].is_string()) << e;
      }
      if (e.contains("work")) {
        EXPECT_TRUE(e["work_name"].is_string()) << e;
      }
      if (e.contains("wq")) {
        EXPECT_TRUE(e["wq_name"].is_string()) << e;
      }
    }
    EXPECT_LE(time, doc["end"].get<int64_t>());
  }
}

}  // namespace
}  // namespace cmwq::test
