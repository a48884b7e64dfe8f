// The action language (core/scenario/action.h): one parser for a scenario's [[at]] lines,
// its programs and typed commands. Error columns, the `queue` action run by the world,
// and the two name look-ups (a file's declarations, a running world) agreeing.
#include "core/scenario/action.h"

#include "core/scenario/scenario.h"
#include "core/scenario/world_names.h"
#include "core/simulation.h"
#include "harness.h"

namespace cmwq::test {
namespace {

// Two CPUs, q0, a plain work w0 and a delayed work d0.
DeclaredNames declared() {
  DeclaredNames n(2);
  n.add_workqueue("q0");
  n.add_work("w0", false);
  n.add_work("d0", true);
  return n;
}

ScenarioError error_in(const std::string& line) {
  const ActionParse p = parse_action(line, SourcePos{1, 1}, declared());
  EXPECT_FALSE(p.action) << line;
  return p.error.value_or(ScenarioError{});
}

// Each kind of mistake points at the word at fault and says what was expected.
TEST(ActionErrors, ColumnOfEachKind) {
  struct Case {
    const char* line;
    int column;
    const char* message;
  };
  const Case cases[] = {
      {"", 1, "empty action; expected queue_work, queue, hog"},
      {"starve all", 1, "unknown action `starve`; expected queue_work, queue_delayed_work, queue, hog"},
      {"queue_wrk q0 w0", 1, "unknown action `queue_wrk` (did you mean `queue_work`?)"},
      {"queue_work q0", 1, "`queue_work` needs arguments: queue_work WQ WORK [cpu=N|any] [from=N]"},
      {"queue_work q9 w0", 12,
       "`queue_work`: unknown workqueue `q9`; declare it with [[workqueue]] (did you mean `q0`?)"},
      {"queue_work q0 w9", 15, "`queue_work`: unknown work `w9`; declare it with [[work]] (did you mean `w0`?)"},
      {"queue_work q0 w0 cpu=2", 18,
       "`queue_work`: CPU must be `any` or between 0 and 1 on this machine ([machine] cpus = 2)"},
      {"queue_work q0 w0 from=any", 18, "`queue_work`: CPU must be between 0 and 1"},
      {"queue_work q0 w0  now", 19, "`queue_work`: unexpected `now`: expected cpu=N or from=N"},
      {"queue_delayed_work q0 w0 5ms", 23, "`queue_delayed_work`: work `w0` is not a delayed work"},
      {"queue_delayed_work q0 d0 5mss", 26, "`queue_delayed_work`: bad duration `5mss`: expected a number and a unit"},
      {"queue_delayed_work q0 d0 -5ms", 26, "`queue_delayed_work`: a duration must not be negative"},
      {"hog lots", 5, "`hog`: expected a number of pages, not `lots`"},
      {"release all now", 13, "`release`: unexpected `now`"},
      {"set_max_active q0 0", 19, "`set_max_active`: max_active must be between 1 and 512"},
      {"drain_workqueue q0 cpu=1", 20, "`drain_workqueue` takes no cpu=N: from=N is the CPU its task runs on"},
      {"destroy_workqueue system_wq", 19,
       "`destroy_workqueue`: `system_wq` is a system workqueue, which is never destroyed"},
      {"cpu_offline 2", 13, "`cpu_offline`: CPU must be between 0 and 1"},
      {"queue q0 cpu=0", 1, "`queue` needs arguments: queue WQ [cpu=N|any] [from=N] [count=K] [name=PREFIX]: OP; OP"},
      {"queue: burn 1ms", 1, "`queue` needs arguments"},
      {"queue q0 count=65: burn 1ms", 10, "`queue`: count must be between 1 and 64"},
      {"queue q0 name=a-b: burn 1ms", 10, "`queue`: name must be letters, digits and _"},
      {"queue q0 size=3: burn 1ms", 10, "`queue`: unexpected `size=3`: expected cpu=N, from=N, count=K or name=PREFIX"},
      {"queue q0:", 10, "`queue`: the program is empty"},
      {"queue q0: ;  ", 10, "`queue`: the program is empty"},
      // An operation's own mistakes name the operation, at its column in the line.
      {"queue q0: burn 1ms; slep 5ms", 21, "unknown operation `slep` (did you mean `sleep`?); expected burn, sleep"},
      {"queue q0 cpu=1:burn 1ms;sleep", 25, "`sleep` needs arguments: sleep DURATION"},
      {"queue q0: flush_work w9", 22, "`flush_work`: unknown work `w9`"},
      {"queue q0: alloc 8 GFP_KERNAL", 19, "`alloc`: unknown GFP flags `GFP_KERNAL` (did you mean `GFP_KERNEL`?)"},
  };
  for (const Case& c : cases) {
    const ScenarioError e = error_in(c.line);
    EXPECT_EQ(e.pos.line, 1) << c.line;
    EXPECT_EQ(e.pos.column, c.column) << c.line << ": " << e.message;
    EXPECT_EQ(e.message.rfind(c.message, 0), 0u) << c.line << ": " << e.message;
  }
}

TEST(ActionErrors, TypedErrorsHaveNoFileName) {
  const ScenarioError e = error_in("hog lots");
  EXPECT_EQ(e.format(), "1:5: error: `hog`: expected a number of pages, not `lots`");
  EXPECT_EQ((ScenarioError{"a.toml", {3, 7}, "x"}).format(), "a.toml:3:7: error: x");
}

TEST(ActionParse, CpuChoosesTheTargetAndFromTheCpuTheActionRunsOn) {
  const DeclaredNames n = declared();
  const ActionSpec a = *parse_action("queue_work q0 w0 cpu=1", {1, 1}, n).action;
  EXPECT_EQ(a.cpu, 1);
  EXPECT_EQ(a.from_cpu, 0);  // the file's rule, for typed commands too
  const ActionSpec b = *parse_action("queue_work q0 w0 cpu=any from=1", {1, 1}, n).action;
  EXPECT_EQ(b.cpu, -1);  // WORK_CPU_UNBOUND
  EXPECT_EQ(b.from_cpu, 1);
  const ActionSpec q = *parse_action("queue q0 cpu=any count=3 name=blk: alloc 16; burn 1ms", {4, 8}, n).action;
  EXPECT_EQ(q.op, ScriptOp::QueueNewWorks);
  EXPECT_EQ(q.cpu, -1);
  EXPECT_EQ(q.count, 3);
  EXPECT_EQ(q.name, "blk");
  ASSERT_EQ(q.program.size(), 2u);
  EXPECT_EQ(q.program[1].code, OpCode::Burn);
  EXPECT_EQ(q.program[1].ns, ms(1));
  EXPECT_EQ(q.program[1].pos.line, 4);
  EXPECT_EQ(q.program[1].pos.column, 8 + 45);  // "burn" is the 46th character of the line
}

// A file makes a completion or mutex by naming it; a running world has only its own.
TEST(ActionParse, RunningWorldsKnowOnlyTheirCompletions) {
  EXPECT_TRUE(parse_action("complete done", {1, 1}, declared()).action);
  Scenario s;
  const ScenarioWorld sw = build_world(s);
  const ActionParse p = parse_action("complete done", {1, 1}, WorldNames(sw));
  ASSERT_TRUE(p.error);
  EXPECT_EQ(p.error->pos.column, 10);
  EXPECT_NE(p.error->message.find("unknown completion `done`"), std::string::npos) << p.error->message;
}

const char* kQueueScenario = R"([machine]
cpus = 2

[[workqueue]]
name = "q0"

[[work]]
name = "w0"
program = ["burn 1ms"]

[[at]]
time = "1ms"
do = ["queue q0 cpu=1 count=2 name=blk: burn 2ms; complete done", "queue_work q0 w0 cpu=any from=1"]

[run]
until = "20ms"
)";

Simulation queue_simulation() {
  const ScenarioParse p = parse_scenario(kQueueScenario, "queue.toml");
  EXPECT_TRUE(p.ok()) << (p.error ? p.error->format() : "");
  return Simulation(build_world(*p.scenario), p.scenario->until);
}

// `queue` in a file: the world makes the works when the action runs, not at build time,
// and a replay after a step back makes the very same ones.
TEST(QueueAction, TheWorldMakesTheWorksWhenItRuns) {
  Simulation sim = queue_simulation();
  const size_t built = sim.world().wq.works.size();
  sim.run_until(ms(20));
  const World& w = sim.world();
  ASSERT_EQ(w.wq.works.size(), built + 2);
  const std::string first = "blk" + std::to_string(built);
  EXPECT_EQ(w.wq.works[built].name, first);
  EXPECT_EQ(w.wq.works[built + 1].name, "blk" + std::to_string(built + 1));
  // One function for both, as two works INIT_WORK()ed with the same C function.
  EXPECT_EQ(w.wq.works[built].program, w.wq.works[built + 1].program);
  EXPECT_EQ(func_name(w, w.wq.works[built].program), "blk_fn");
  int ended = 0, queued_on_1 = 0;
  for (const Event& e : sim.events()) {
    if (e.type == EventType::ExecuteEnd && e.work >= static_cast<int32_t>(built)) ++ended;
    if (e.type == EventType::QueueWork && e.work >= static_cast<int32_t>(built) && e.a == 1) ++queued_on_1;
  }
  EXPECT_EQ(ended, 2);
  EXPECT_EQ(queued_on_1, 2);
  // The completion `done` was made at build time, from the action's program.
  EXPECT_EQ(sim.names().completions.count("done"), 1u);

  const EventLog full = sim.events();
  sim.seek(0);
  EXPECT_EQ(sim.world().wq.works.size(), built);
  sim.run_until(ms(20));
  ASSERT_EQ(sim.events().size(), full.size());
  for (size_t i = 0; i < full.size(); ++i) {
    EXPECT_EQ(sim.events()[i].type, full[i].type) << i;
    EXPECT_EQ(sim.events()[i].work, full[i].work) << i;
  }
}

// `from=` is the CPU the action runs on; cpu=any queues with WORK_CPU_UNBOUND.
TEST(QueueAction, FromAndCpuAny) {
  Simulation sim = queue_simulation();
  sim.run_until(ms(1));
  const World& w = sim.world();
  const int32_t w0 = sim.names().works.at("w0");
  bool seen = false;
  for (const Event& e : sim.events()) {
    if (e.type == EventType::Scripted && w.script[static_cast<size_t>(e.a)].op == ScriptOp::QueueWork) {
      EXPECT_EQ(e.cpu, 1);
    }
    if (e.type == EventType::QueueWork && e.work == w0) {
      EXPECT_EQ(e.a, WORK_CPU_UNBOUND);
      EXPECT_EQ(e.b, 1);  // the local CPU's pool: from=1
      seen = true;
    }
  }
  EXPECT_TRUE(seen);
}

// The world's names: the scenario's, plus works `queue` made; never the kernel's own.
TEST(WorldNames, SeeNewWorksButNotTheKernels) {
  Simulation sim = queue_simulation();
  sim.run_until(ms(20));
  const WorldNames names(sim.names());
  const size_t built = sim.names().works.size();
  EXPECT_EQ(names.find(NameKind::Work, "w0"), sim.names().works.at("w0"));
  EXPECT_GE(names.find(NameKind::Work, "blk" + std::to_string(sim.world().wq.works.size() - 1)), 0);
  EXPECT_EQ(names.find(NameKind::Work, "rcu_gp_work"), kUnknownName);
  EXPECT_EQ(names.find(NameKind::Work, "idle_cull_work"), kUnknownName);
  EXPECT_EQ(names.find(NameKind::Workqueue, "system_wq"), sim.world().wq.system_wq);
  EXPECT_EQ(names.find(NameKind::Workqueue, "events"), kUnknownName);  // only by its scenario name
  EXPECT_EQ(names.all(NameKind::Work).size(), built + 2);
  EXPECT_EQ(names.cpus(), 2);
}

// The file's names and the built world's names accept and refuse the same lines, and
// turn them into the same action.
TEST(WorldNames, AgreeWithTheDeclarationsOnABuiltWorld) {
  const ScenarioParse p = parse_scenario(kQueueScenario, "queue.toml");
  ASSERT_TRUE(p.ok());
  DeclaredNames file(2);
  file.add_workqueue("q0");
  file.add_work("w0", false);
  const ScenarioWorld sw = build_world(*p.scenario);
  const WorldNames live(sw);
  for (const char* line : {"queue_work q0 w0 cpu=1", "queue_work q1 w0", "queue_work q0 w1", "set_max_active q0 3",
                           "queue q0 count=2: queue_work q0 w0; flush_work w0", "hog 5"}) {
    const ActionParse a = parse_action(line, {1, 1}, file);
    const ActionParse b = parse_action(line, {1, 1}, live);
    ASSERT_EQ(a.action.has_value(), b.action.has_value()) << line;
    if (a.error) {
      EXPECT_EQ(a.error->format(), b.error->format());
    }
  }
}

}  // namespace
}  // namespace cmwq::test
