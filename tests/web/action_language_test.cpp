// One action language: a line in a scenario file's [[at]] and the same line typed in the
// page (Session::command(): the Queue work panel, window.cmwq.command(), a link's
// replayed commands) give the same action, or the same error at the same column.
#include <gtest/gtest.h>

#include <sstream>

#include "core/scenario/scenario.h"
#include "core/world.h"
#include "web/model/session.h"
#include "web/model/text_util.h"

namespace cmwq::web {
namespace {

// Two CPUs; q0, an ordered q1; a plain work w0 and a delayed work d0; w0's program names
// the completion `done` and the mutex `m`, so both worlds have them.
const char* kBase = R"([machine]
cpus = 2

[[workqueue]]
name = "q0"

[[workqueue]]
name = "q1"
ordered = true

[[work]]
name = "w0"
program = ["lock m", "burn 1ms", "unlock m", "wait done"]

[[work]]
name = "d0"
delayed = true
program = ["burn 1ms"]
)";

// In the file, a line starts at this column: `do = ["` is 7 characters.
constexpr int kFileColumn = 8;

std::string describe(const Op& op) {
  std::ostringstream o;
  o << "{" << op_name(op.code) << " ns=" << op.ns << " count=" << op.count << " gfp=" << static_cast<int>(op.gfp)
    << " a=" << op.a << " b=" << op.b << " cpu=" << op.cpu << "}";
  return o.str();
}

// Every field of an action, so two of them compare as text (and a difference shows).
std::string describe(const ScriptedAction& a) {
  std::ostringstream o;
  o << "op=" << static_cast<int>(a.op) << " time=" << a.time << " wq=" << a.wq << " work=" << a.work << " a=" << a.a
    << " cpu=" << a.cpu << " from=" << a.from_cpu << " count=" << a.count << " delay=" << a.delay << " name=" << a.name
    << " func=" << a.program.func << " text=" << a.text << " ops=";
  for (const Op& op : a.program.ops) o << describe(op);
  return o.str();
}

// The line in a file: the parse error, or the action build_world() scheduled.
struct FileResult {
  std::optional<ScenarioError> error;
  ScriptedAction action;
};

FileResult from_file(const std::string& line) {
  const std::string text = std::string(kBase) + "\n[[at]]\ntime = \"0ms\"\ndo = [\"" + line + "\"]\n";
  const ScenarioParse p = parse_scenario(text, "lines.toml");
  if (!p.ok()) return FileResult{p.error, {}};
  const ScenarioWorld sw = build_world(*p.scenario);
  return FileResult{std::nullopt, sw.world.script.back()};
}

Session base_session() {
  Session s;
  EXPECT_TRUE(s.load(kBase, "base.toml").ok);
  return s;
}

// The line typed: "" and the action the session injected, or the error text.
std::string typed(const std::string& line, ScriptedAction& action) {
  Session s = base_session();
  const std::string err = s.command(line);
  if (err.empty()) action = s.sim().world().script.back();
  return err;
}

TEST(ActionLanguage, ValidLinesGiveTheSameActionInBothPlaces) {
  const char* lines[] = {
      "queue_work q0 w0",
      "queue_work q0 w0 cpu=1",  // typed, this used to run the call on CPU 1 too
      "queue_work q0 w0 cpu=any",
      "queue_work q0 w0 cpu=1 from=1",
      "queue_work system_highpri_wq w0 from=1",
      "queue_delayed_work q0 d0 5ms cpu=1",
      "hog all",
      "hog 0",
      "release 100",
      "set_max_active q0 2",
      "complete done",
      "complete_all done",
      "cpu_offline 1",
      "cpu_online 1",
      "drain_workqueue q0",
      "drain_workqueue q0 from=1",
      "destroy_workqueue q1",
      "queue q0 cpu=1 count=2 name=blk: alloc 16 GFP_KERNEL; burn 1ms; free 16",
      "queue system_wq cpu=any from=1: wait done; lock m; unlock m; queue_work q0 w0; flush_work d0",
      "queue q1:burn 1ms",
  };
  for (const char* line : lines) {
    const FileResult file = from_file(line);
    ASSERT_FALSE(file.error) << line << ": " << file.error->format();
    ScriptedAction typed_action;
    const std::string err = typed(line, typed_action);
    ASSERT_EQ(err, "") << line;
    EXPECT_EQ(describe(file.action), describe(typed_action)) << line;
  }
}

TEST(ActionLanguage, BadLinesGiveTheSameErrorAtTheSameColumn) {
  const char* lines[] = {
      "",
      "starve",
      "queue_wrk q0 w0",
      "queue_work q0",
      "queue_work nowq w0",
      "queue_work q0 w9",
      "queue_work q0 w0 cpu=2",
      "queue_work q0 w0 from=any",
      "queue_work q0 w0 now",
      "queue_delayed_work q0 w0 5ms",
      "queue_delayed_work q0 d0 5mss",
      "hog lots",
      "hog -5",
      "release all now",
      "set_max_active q0 0",
      "set_max_active q0 1 2",
      "drain_workqueue q0 cpu=1",
      "destroy_workqueue system_wq",
      "cpu_offline 2",
      "cpu_online one",
      "queue nowq cpu=0: burn 1ms",
      "queue q0 cpu=9: burn 1ms",
      "queue q0 cpu=0",
      "queue q0 count=0: burn 1ms",
      "queue q0 name=a.b: burn 1ms",
      "queue q0 colour=red: burn 1ms",
      "queue q0:",
      "queue q0: burn 1ms; slep 5ms",
      "queue q0: burn",
      "queue q0: queue_work q0 w9",
      "queue q0: destroy_workqueue system_wq",
      "queue q0: eat 5 bananas; burn -3ms; alloc lots",
      "queue q0: burn -3ms",
      "queue q0: alloc lots",
      "queue q0: alloc 99999999",
      "queue q0: free 99999999999999999999",
      "hog 4294967297",
  };
  for (const char* line : lines) {
    const FileResult file = from_file(line);
    ASSERT_TRUE(file.error) << line;
    ScriptedAction unused;
    const std::string err = typed(line, unused);
    const ScenarioError& e = *file.error;
    const std::string expected = "1:" + std::to_string(e.pos.column - kFileColumn + 1) + ": error: " + e.message;
    EXPECT_EQ(err, expected) << line << "\nin the file: " << e.format();
  }
}

// Former disagreement: a typed `queue_work ... cpu=1` also ran the call on CPU 1; now,
// as in a file, `from=` alone chooses the CPU the call runs on (default 0).
TEST(ActionLanguage, TypedCpuNoLongerMovesTheCaller) {
  Session s = base_session();
  ASSERT_EQ(s.command("queue_work q0 w0 cpu=1"), "");
  ASSERT_EQ(s.command("queue_work q0 d0 from=1"), "");
  s.run_until(0);
  const World& w = s.sim().world();
  std::vector<int> scripted_cpus, queued_pools;
  for (const Event& e : s.sim().events()) {
    if (e.type == EventType::Scripted) scripted_cpus.push_back(e.cpu);
    if (e.type == EventType::QueueWork) queued_pools.push_back(static_cast<int>(e.b));
  }
  EXPECT_EQ(scripted_cpus, (std::vector<int>{0, 1}));
  EXPECT_EQ(queued_pools, (std::vector<int>{1, 1}));  // cpu=1; then WORK_CPU_UNBOUND from CPU 1
  EXPECT_EQ(w.script.back().from_cpu, 1);
}

// Former disagreement: complete, complete_all, cpu_offline, cpu_online and from= were
// file-only; typed, they now run.
TEST(ActionLanguage, FileOnlyVerbsWorkTyped) {
  Session s = base_session();
  for (const char* c :
       {"complete done", "complete_all done", "cpu_offline 1", "cpu_online 1", "drain_workqueue q0 from=1"})
    EXPECT_EQ(s.command(c), "") << c;
  s.run_until(1 * NSEC_PER_MSEC);
  int offline = 0, online = 0;
  for (const Event& e : s.sim().events()) {
    offline += e.type == EventType::CpuOffline ? 1 : 0;
    online += e.type == EventType::CpuOnline ? 1 : 0;
  }
  EXPECT_EQ(offline, 1);
  EXPECT_EQ(online, 1);
  // complete() then complete_all(): `done` saturates (UINT_MAX, "completed for good").
  EXPECT_EQ(s.sim().world().completions[static_cast<size_t>(s.sim().names().completions.at("done"))].done, UINT32_MAX);
  EXPECT_EQ(s.commands().size(), 5u);
}

// Typed names are the running world's: works an earlier `queue` made can be named, and
// after stepping back before them they are gone again. A file knows only its declarations.
TEST(ActionLanguage, TypedNamesAreTheRunningWorlds) {
  Session s = base_session();
  const size_t before = s.sim().world().wq.works.size();
  ASSERT_EQ(s.command("queue q0 count=1 name=mine: burn 1ms"), "");
  s.run_until(0);
  ASSERT_EQ(s.sim().world().wq.works.size(), before + 1);
  const std::string made = s.sim().world().wq.works.back().name;
  EXPECT_EQ(made, "mine" + std::to_string(before));
  EXPECT_EQ(s.command("queue_work q0 " + made + " cpu=1"), "");
  EXPECT_NE(from_file("queue_work q0 " + made).error->message.find("unknown work `" + made + "`"), std::string::npos);
  while (s.sim().world().wq.works.size() > before && s.step_back()) {
  }
  ASSERT_EQ(s.sim().world().wq.works.size(), before);
  EXPECT_EQ(s.command("queue_work q0 " + made),
            "1:15: error: `queue_work`: unknown work `" + made + "`; declare it with [[work]]");
}

// A running world has only the completions its scenario names: typed, a new one is an
// error (a file makes it by naming it).
TEST(ActionLanguage, TypedCommandsMakeNoCompletions) {
  Session s = base_session();
  EXPECT_EQ(s.command("complete dome"),
            "1:10: error: `complete`: unknown completion `dome`; a running world has only the completions its "
            "scenario names (did you mean `done`?)");
  EXPECT_FALSE(from_file("complete dome").error);
  EXPECT_NE(s.command("queue q0: lock m2").find("unknown mutex `m2`"), std::string::npos);
}

// The Queue work panel checks its command before sending it, with the same parser.
TEST(ActionLanguage, CheckCommandDoesNothing) {
  Session s = base_session();
  const size_t actions = s.sim().world().script.size();
  EXPECT_FALSE(s.check_command("queue q0 count=3 name=blk: burn 1ms"));
  const std::optional<ScenarioError> e = s.check_command("queue q0: slep 1ms");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->pos.column, 11);
  EXPECT_EQ(s.sim().world().script.size(), actions);
  EXPECT_TRUE(s.commands().empty());
}

// The Queue work panel's command around the student's program: each mistake is the
// operation at fault, at its column, counted in the program field.
TEST(ActionLanguage, QueueWorkErrorsNameTheOperationAtFault) {
  Session s = base_session();
  const std::string head = "queue q0 cpu=any count=1 name=uw: ";  // QueueWorkPanel::new_works_command()
  const int program_start = static_cast<int>(head.size()) + 1;
  struct Case {
    const char* program;
    int column;  // in the program
    const char* message;
  };
  const Case cases[] = {
      {"eat 5 bananas; burn -3ms; alloc lots", 1,
       "unknown operation `eat`; expected burn, sleep, alloc, free, reclaim, queue_work, queue_delayed_work, "
       "flush_work, flush_workqueue, cancel_work_sync, wait, complete, complete_all, synchronize_rcu, lock, unlock, "
       "drain_workqueue or destroy_workqueue"},
      {"burn -3ms", 6, "`burn`: a duration must not be negative"},
      {"alloc lots", 7, "`alloc`: expected a number of pages, not `lots`"},
      {"burn 1ms; alloc 99999999", 17,
       "`alloc`: 99999999 pages is more than the machine has ([machine] memory_pages = 65536)"},
  };
  for (const Case& c : cases) {
    const std::optional<ScenarioError> e = s.check_command(head + c.program);
    ASSERT_TRUE(e) << c.program;
    EXPECT_EQ(e->pos.column, program_start + c.column - 1) << c.program;
    EXPECT_EQ(e->message, c.message) << c.program;
    EXPECT_EQ(field_error(*e, program_start, "program"),
              "column " + std::to_string(c.column) + " of the program: " + c.message);
  }
  // A mistake before the program (the name field's) is its message alone.
  const std::optional<ScenarioError> name = s.check_command("queue q0 cpu=any count=1 name=a.b: burn 1ms");
  ASSERT_TRUE(name);
  EXPECT_EQ(field_error(*name, program_start + 1, "program"),
            "`queue`: name must be letters, digits and _ (the works are named NAME and their id, e.g. blk12)");
}

// No allocation is larger than the machine: the file's [machine] memory_pages, or the
// running world's; other page counts stop at the largest machine.
TEST(ActionLanguage, AnAllocationLargerThanTheMachineIsRefused) {
  const std::string small =
      std::string(kBase).replace(std::string(kBase).find("cpus = 2"), 8, "cpus = 2\nmemory_pages = 1024");
  const auto parse = [&](const std::string& op) {
    return parse_scenario(small + "\n[[at]]\ntime = \"0ms\"\ndo = [\"queue q0: " + op + "\"]\n", "small.toml");
  };
  EXPECT_TRUE(parse("alloc 1024").ok());
  const ScenarioParse big = parse("alloc 1025");
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(
      big.error->format(),
      "small.toml:23:24: error: `alloc`: 1025 pages is more than the machine has ([machine] memory_pages = 1024)");
  EXPECT_TRUE(parse("reclaim 4096").ok());  // reclaiming asks for up to that many: not an allocation
  Session s;
  ASSERT_TRUE(s.load(small, "small.toml").ok);
  EXPECT_EQ(s.command("queue q0: alloc 2048"),
            "1:17: error: `alloc`: 2048 pages is more than the machine has ([machine] memory_pages = 1024)");
  EXPECT_EQ(s.command("hog 4294967297"),
            "1:5: error: `hog`: `4294967297` pages is more than any machine has (at most 4294967296)");
  EXPECT_EQ(s.command("hog 4294967296"), "");
  EXPECT_EQ(s.commands().size(), 1u);
}

}  // namespace
}  // namespace cmwq::web
