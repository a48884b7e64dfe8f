// The run budget (core/run_budget.h): a run that reaches [run] max_events or
// max_memory_mib stops there, keeps what ran, says which limit it reached, and stops
// at the same event again after going back; the nominal footprint never undercounts.
#include <cstring>

#include "core/run_budget.h"
#include "core/scenario/scenario.h"
#include "core/trace/format.h"
#include "harness.h"

namespace cmwq::test {
namespace {

// tests/scenarios/requeue-loop.toml (a work that requeues itself forever) with @p run_keys
// added to its [run]: only the budget stops it.
std::string requeue_loop(const std::string& run_keys) {
  return source_file("tests/scenarios/requeue-loop.toml") + run_keys;
}

Simulation simulation_of(const std::string& toml, History history = History::StepBack) {
  const ScenarioParse p = parse_scenario(toml, "loop.toml");
  EXPECT_TRUE(p.ok()) << (p.error ? p.error->format() : "");
  if (!p.ok()) return Simulation(build_world(Scenario{}));
  return Simulation(build_world(*p.scenario), p.scenario->until, p.scenario->budget, history);
}

TEST(RunBudget, EventLimitStopsARunThatNeverEnds) {
  Simulation sim = simulation_of(requeue_loop("max_events = 20000\n"));
  sim.run_until(sim.until());
  ASSERT_TRUE(sim.budget_stop().has_value());
  const BudgetStop& stop = *sim.budget_stop();
  EXPECT_EQ(stop.limit, BudgetLimit::Events);
  EXPECT_EQ(stop.limit_value, 20000u);
  // It stops after the action that reached the limit: one action adds a handful of events.
  EXPECT_GE(sim.events().size(), 20000u);
  EXPECT_LT(sim.events().size(), 20100u);
  EXPECT_EQ(stop.events, sim.events().size());
  EXPECT_EQ(stop.time, sim.now());
  EXPECT_LT(sim.now(), 1000 * NSEC_PER_SEC) << "the clock stays where the run stopped";
  EXPECT_TRUE(sim.finished());
  EXPECT_FALSE(sim.step_event()) << "nothing more runs past the budget";
  EXPECT_NE(stop.message().find("20000 events ([run] max_events)"), std::string::npos) << stop.message();
}

TEST(RunBudget, GoingBackClearsTheStopAndTheRunStopsAtTheSameEventAgain) {
  Simulation sim = simulation_of(requeue_loop("max_events = 20000\n"));
  sim.run_until(sim.until());
  ASSERT_TRUE(sim.budget_stop().has_value());
  const EventLog full = sim.events();
  const Nanos stopped_at = sim.now();
  ASSERT_TRUE(sim.step_back());
  EXPECT_FALSE(sim.budget_stop().has_value());
  EXPECT_LT(sim.events().size(), full.size());
  sim.seek(stopped_at / 2);
  sim.run_until(sim.until());
  ASSERT_TRUE(sim.budget_stop().has_value());
  ASSERT_EQ(sim.events().size(), full.size());
  for (size_t i = 0; i < full.size(); ++i) ASSERT_EQ(sim.events()[i].seq, full[i].seq) << "event " << i;
  EXPECT_EQ(sim.now(), stopped_at);
}

TEST(RunBudget, MemoryLimitStopsBeforeTheLogOutgrowsIt) {
  Simulation sim = simulation_of(requeue_loop("max_memory_mib = 16\n"));
  sim.run_until(sim.until());
  ASSERT_TRUE(sim.budget_stop().has_value());
  EXPECT_EQ(sim.budget_stop()->limit, BudgetLimit::Memory);
  const uint64_t budget = uint64_t{16} << 20;
  EXPECT_LE(sim.footprint(), budget);
  // It stopped when the next chunk of the log would not fit, not long before: the budget
  // is checked each time the log grows by a chunk's worth.
  EXPECT_GT(sim.footprint() + 2 * EventLog::kChunkBytes, budget);
  EXPECT_NE(sim.budget_stop()->message().find("16 MiB ([run] max_memory_mib)"), std::string::npos);
}

// The web app's Timeline keeps bytes per event beside the log; the budget counts them, so
// the same run stops earlier, and the log with the viewer's share still fits.
TEST(RunBudget, TheViewersBytesPerEventCountAgainstTheBudget) {
  Simulation bare = simulation_of(requeue_loop("max_memory_mib = 16\n"));
  bare.run_until(bare.until());
  const ScenarioParse p = parse_scenario(requeue_loop("max_memory_mib = 16\n"), "loop.toml");
  ASSERT_TRUE(p.ok());
  RunBudget budget = p.scenario->budget;
  budget.viewer_bytes_per_event = 24;
  Simulation viewed(build_world(*p.scenario), p.scenario->until, budget);
  viewed.run_until(viewed.until());
  ASSERT_TRUE(viewed.budget_stop().has_value());
  EXPECT_LT(viewed.events().size(), bare.events().size() / 2);
  EXPECT_LE(viewed.events().footprint() + viewed.events().size() * 24, uint64_t{16} << 20);
  EXPECT_GE(viewed.footprint(), viewed.events().footprint() + viewed.events().size() * 24);
}

TEST(RunBudget, SnapshotsStayWithinAQuarterOfTheBudget) {
  Simulation sim = simulation_of(requeue_loop("max_memory_mib = 16\n"));
  sim.run_until(sim.until());
  const uint64_t quarter = (uint64_t{16} << 20) / 4;
  EXPECT_GE(sim.snapshot_count(), 2u);
  EXPECT_LE(sim.snapshot_count() * world_footprint(sim.world()), quarter + world_footprint(sim.world()));
}

TEST(RunBudget, ShippedScenariosRunWellWithinTheDefaults) {
  for (const char* name : {"starvation-rescuer.toml", "cpu-stall.toml", "doc-max-active-3.toml"}) {
    Simulation sim = load_shipped(name);
    sim.run_until(sim.until());
    EXPECT_FALSE(sim.budget_stop().has_value()) << name;
  }
}

// The nominal sizes must never be below the real ones on the machine the tests run on,
// or a run could hold more than its budget says.
TEST(RunBudget, FootprintNeverUndercountsTheTables) {
  Simulation sim = load_shipped("starvation-rescuer.toml");
  sim.run_until(sim.until());
  const World& w = sim.world();
  uint64_t ops = 0;
  for (const Program& p : w.programs) ops += p.ops.size();
  const uint64_t real = sizeof(World) + w.timers.size() * sizeof(TimerList) + w.cpus.size() * sizeof(Cpu) +
                        w.tasks.size() * sizeof(Task) + w.completions.size() * sizeof(Completion) +
                        w.mutexes.size() * sizeof(Mutex) + w.programs.size() * sizeof(Program) +
                        ops * sizeof(Op) + w.script.size() * sizeof(ScriptedAction) +
                        w.wq.pools.size() * sizeof(WorkerPool) + w.wq.pwqs.size() * sizeof(PoolWorkqueue) +
                        w.wq.workers.size() * sizeof(Worker) + w.wq.wqs.size() * sizeof(Workqueue) +
                        w.wq.works.size() * sizeof(Work) + w.kthreadd.requests.size() * sizeof(KthreadCreateRequest);
  EXPECT_GE(world_footprint(w), real);
  // The log's figure counts its chunks whole and its unsealed tail at sizeof(Event).
  EXPECT_GE(sim.events().footprint(), sim.events().bytes_used() + sim.events().size() % EventLog::kBlockEvents * sizeof(Event));
}

// What a run keeps is bounded by the budget; what `cmwq run` writes of it must not need
// the whole text in memory: json, perfetto and ftrace stream in pieces of about 1 MiB,
// and the pieces joined are exactly the formatter's text.
TEST(RunBudget, LongExportsStreamInPieces) {
  Simulation sim = simulation_of(requeue_loop("max_events = 40000\n"));
  sim.run_until(sim.until());
  const World& w = sim.world();
  const auto pieces_of = [&](const std::function<void(const TextSink&)>& write) {
    std::vector<size_t> sizes;
    std::string joined;
    write([&](std::string_view piece) {
      sizes.push_back(piece.size());
      joined.append(piece);
    });
    return std::make_pair(sizes, joined);
  };
  const auto json = pieces_of([&](const TextSink& s) { write_json(w, sim.events(), sim.now(), s); });
  const auto perfetto = pieces_of([&](const TextSink& s) { write_perfetto(w, sim.events(), sim.now(), s); });
  const auto ftrace = pieces_of([&](const TextSink& s) { write_ftrace(w, sim.events(), s); });
  EXPECT_EQ(json.second, format_json(w, sim.events(), sim.now()));
  EXPECT_EQ(perfetto.second, format_perfetto(w, sim.events(), sim.now()));
  EXPECT_EQ(ftrace.second, format_ftrace(w, sim.events()));
  for (const auto* out : {&json, &perfetto, &ftrace}) {
    EXPECT_GE(out->first.size(), 2u) << "a text over 1 MiB comes in more than one piece";
    for (size_t size : out->first) EXPECT_LT(size, size_t{2} << 20);
  }
}

// `cmwq run` keeps no snapshots but the boot one (History::None): the run is the same,
// it holds less, and going back still works by replaying from boot.
TEST(RunBudget, WithoutHistoryTheRunIsTheSameAndBackReplaysFromBoot) {
  Simulation full = simulation_of(requeue_loop("max_events = 100000\n"));
  Simulation bare = simulation_of(requeue_loop("max_events = 100000\n"), History::None);
  full.run_until(full.until());
  bare.run_until(bare.until());
  ASSERT_EQ(bare.events().size(), full.events().size());
  for (size_t i = 0; i < full.events().size(); ++i) ASSERT_EQ(bare.events()[i].seq, full.events()[i].seq);
  EXPECT_GT(full.snapshot_count(), 1u);
  EXPECT_EQ(bare.snapshot_count(), 1u);
  EXPECT_LT(bare.footprint(), full.footprint());
  ASSERT_TRUE(full.step_back());
  ASSERT_TRUE(bare.step_back());
  EXPECT_EQ(bare.events().size(), full.events().size());
  EXPECT_EQ(bare.now(), full.now());
  EXPECT_EQ(bare.actions(), full.actions());
}

TEST(RunBudget, KeysAreCheckedWhereTheyAre) {
  const auto error = [](const std::string& run) {
    const ScenarioParse p = parse_scenario("[run]\n" + run, "b.toml");
    return p.error ? p.error->format() : std::string("ok");
  };
  EXPECT_EQ(error("max_events = 0\n"), "b.toml:2:14: error: `max_events` must be between 1 and 1099511627776, not 0");
  EXPECT_EQ(error("max_memory_mib = 8\n"), "b.toml:2:18: error: `max_memory_mib` must be between 16 and 1048576, not 8");
  EXPECT_EQ(error("max_events = \"lots\"\n"), "b.toml:2:14: error: `max_events` must be an integer");
  const ScenarioParse p = parse_scenario("[run]\nmax_events = 5\nmax_memory_mib = 64\n", "b.toml");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.scenario->budget.max_events, 5u);
  EXPECT_EQ(p.scenario->budget.max_memory_mib, 64u);
  EXPECT_EQ(RunBudget{}.max_events, 1'000'000'000u);
}

}  // namespace
}  // namespace cmwq::test
