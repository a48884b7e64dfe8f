// The event schema (core/trace/schema.h) against the model that emits the events: every
// type declared once, the fields each declares are the ones emitters fill, the packed
// values read back as written, and every event of every shipped scenario has a
// description.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "core/scenario/scenario.h"
#include "core/simulation.h"
#include "core/trace/fields.h"
#include "core/trace/format.h"
#include "core/trace/schema.h"

namespace cmwq::test {
namespace {

// The events of shipped scenario @p file run to its end, with the world that made them.
Simulation run_shipped(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  const ScenarioParse p = parse_scenario(ss.str(), file.string());
  EXPECT_TRUE(p.ok()) << file;
  Simulation sim(build_world(*p.scenario), p.scenario->until);
  sim.run_until(p.scenario->until);
  return sim;
}

std::vector<std::filesystem::path> shipped_scenarios() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(CMWQ_SOURCE_DIR) + "/scenarios"))
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// The names are the stable ones the json format and lab requests use (docs/json-format.md).
TEST(EventSchema, EveryTypeHasOneEntryWithAUniqueName) {
  std::set<std::string> names;
  for (size_t t = 0; t < kEventTypeCount; ++t) {
    const auto type = static_cast<EventType>(t);
    const EventSchema& s = event_schema(type);
    EXPECT_EQ(s.type, type) << t;
    EXPECT_TRUE(names.insert(s.name).second) << "name used twice: " << s.name;
    EXPECT_STREQ(event_type_name(type), s.name);
    EXPECT_NE(s.describe, nullptr) << s.name;
  }
  EXPECT_STREQ(event_type_name(EventType::QueueWork), "workqueue_queue_work");
  EXPECT_STREQ(event_type_name(EventType::SchedMigrate), "sched_migrate_task");
  EXPECT_STREQ(event_type_name(EventType::DumpIdle), "show_one_worker_pool_idle");
  EXPECT_STREQ(event_type_name(EventType::DestroyEnd), "destroy_workqueue_done");
  EXPECT_STREQ(event_schema(static_cast<EventType>(kEventTypeCount)).name, "?");
}

TEST(EventSchema, FieldsHaveUniqueNamesAndAWayToBeRead) {
  for (size_t t = 0; t < kEventTypeCount; ++t) {
    const EventSchema& s = event_schema(static_cast<EventType>(t));
    std::set<std::string> names;
    bool ended = false;
    for (const EventField& f : s.fields) {
      if (!f.name) {
        ended = true;
        continue;
      }
      EXPECT_FALSE(ended) << s.name << ": a field after an unused slot";
      EXPECT_TRUE(names.insert(f.name).second) << s.name << "." << f.name;
      EXPECT_EQ(f.get == nullptr, f.type == FieldType::Message) << s.name << "." << f.name;
    }
  }
}

// Packed values: the layout event.h documents for PoolCounters, DumpPwq and DumpPool.
TEST(EventSchema, PackedValuesReadBackAsWritten) {
  Event e;
  set_pool_counts(e, PoolCounts{3, 2, 70000, 9});
  EXPECT_EQ(e.a, 3 | (2 << 16) | (int64_t{70000} << 32));  // nr_running | nr_idle << 16 | nr_workers << 32
  EXPECT_EQ(e.b, 9);                                       // worklist length
  const PoolCounts c = pool_counts(e);
  EXPECT_EQ(c.nr_running, 3);
  EXPECT_EQ(c.nr_idle, 2);
  EXPECT_EQ(c.nr_workers, 70000);
  EXPECT_EQ(c.worklist, 9);

  set_dump_pwq_info(e, DumpPwqInfo{4, 5, true});
  EXPECT_EQ(e.b, 5 | (int64_t{1} << 32));  // refcnt | on mayday list << 32
  EXPECT_EQ(dump_pwq_info(e).nr_active, 4);
  EXPECT_EQ(dump_pwq_info(e).refcnt, 5);
  EXPECT_TRUE(dump_pwq_info(e).mayday);

  set_dump_pool_info(e, DumpPoolInfo{30, 2, -1});
  EXPECT_EQ(e.b, 2);  // no manager: pid + 1 = 0
  EXPECT_EQ(dump_pool_info(e).manager_pid, -1);
  set_dump_pool_info(e, DumpPoolInfo{30, 2, 17});
  EXPECT_EQ(e.b, 2 | (int64_t{18} << 32));
  EXPECT_EQ(dump_pool_info(e).hung_s, 30);
  EXPECT_EQ(dump_pool_info(e).nr_workers, 2);
  EXPECT_EQ(dump_pool_info(e).manager_pid, 17);
}

uint8_t ids_of(const Event& e) {
  return static_cast<uint8_t>((e.cpu >= 0 ? kIdCpu : 0) | (e.task >= 0 ? kIdTask : 0) | (e.work >= 0 ? kIdWork : 0) |
                              (e.pool >= 0 ? kIdPool : 0) | (e.pwq >= 0 ? kIdPwq : 0) | (e.wq >= 0 ? kIdWq : 0));
}

// What the schema says each type names is what the model fills in, and each event of
// every shipped scenario reads as a sentence.
TEST(EventSchema, ShippedScenariosFillOnlyDeclaredIdsAndAllDescribe) {
  std::set<EventType> seen;
  for (const auto& file : shipped_scenarios()) {
    const Simulation sim = run_shipped(file);
    TraceTracker tr(sim.world());
    for (const Event& e : sim.events()) {
      const EventSchema& s = event_schema(e.type);
      EXPECT_EQ(ids_of(e) & ~s.ids, 0) << file.filename() << ": " << s.name << " seq " << e.seq;
      const EventContext ctx = tr.context(e);
      EXPECT_FALSE(describe_event(sim.world(), e, &ctx).empty()) << s.name;
      EXPECT_FALSE(describe_event(sim.world(), e).empty()) << s.name << " without context";
      seen.insert(e.type);
      tr.after(e);
    }
  }
  EXPECT_GE(seen.size(), kEventTypeCount * 3 / 4) << "the shipped scenarios should exercise most types";
}

// A description with context adds what the stream before it tells; without, it still
// reads: the worker the manager creates once writeback has freed memory.
TEST(EventSchema, DescriptionsUseTheContextWhenGiven) {
  const Simulation sim = run_shipped(std::string(CMWQ_SOURCE_DIR) + "/scenarios/starvation-rescuer.toml");
  TraceTracker tr(sim.world());
  std::string with, without;
  for (const Event& e : sim.events()) {
    if (e.type == EventType::WorkerCreated && tr.creator(e.pool) >= 0 && with.empty()) {
      const EventContext ctx = tr.context(e);
      with = describe_event(sim.world(), e, &ctx);
      without = describe_event(sim.world(), e);
      EXPECT_EQ(kernel_table_line(sim.world(), e, ctx), with);
    }
    tr.after(e);
  }
  EXPECT_NE(with.find(" created for pool 2 (cpus=0 nice=0) by its manager kworker/0:"), std::string::npos) << with;
  EXPECT_EQ(without.find("by its manager"), std::string::npos) << without;
}

}  // namespace
}  // namespace cmwq::test
