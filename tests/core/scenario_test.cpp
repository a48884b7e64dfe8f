// Scenario files: the shipped ones load and behave as documented; bad input gives
// file:line:column errors that say what was expected.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/scenario/scenario.h"
#include "harness.h"

namespace cmwq::test {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string shipped(const std::string& name) { return std::string(CMWQ_SOURCE_DIR) + "/scenarios/" + name; }

// Runs a scenario file to its [run] until, checking invariants after every action.
struct FileRun {
  Nanos until_ = 0;  // set by load(), so declared (and initialised) before sw
  ScenarioWorld sw;
  std::vector<Event> events;
  explicit FileRun(const std::string& name) : sw(load(name)) {
    World& w = sw.world;
    const Nanos until = until_;
    events = take_events(w);
    while (next_action_time(w) >= 0 && next_action_time(w) <= until) {
      step(w);
      for (const Event& e : take_events(w)) events.push_back(e);
      const std::string bad = check_invariants(w);
      if (!bad.empty()) {
        ADD_FAILURE() << name << ": " << bad << " at " << w.now;
        break;
      }
    }
  }
  Nanos first(EventType t, const std::string& work, int64_t op = -1) const {
    const int32_t id = sw.works.at(work);
    for (const Event& e : events)
      if (e.type == t && e.work == id && (op < 0 || e.a == op)) return e.time;
    return -1;
  }

 private:
  ScenarioWorld load(const std::string& name) {
    const ScenarioParse p = parse_scenario(read_file(shipped(name)), name);
    if (!p.ok()) {
      ADD_FAILURE() << p.error->format();
      return ScenarioWorld{boot(MachineConfig{}), {}, {}, {}, {}};
    }
    until_ = p.scenario->until;
    return build_world(*p.scenario);
  }
};

constexpr auto kSleep = static_cast<int64_t>(OpCode::Sleep);

TEST(ShippedScenarios, DocMaxActive3MatchesTheDocumentation) {
  FileRun r("doc-max-active-3.toml");
  EXPECT_EQ(r.first(EventType::ExecuteStart, "w2"), ms(10));
  EXPECT_EQ(r.first(EventType::WorkOpDone, "w0", kSleep), ms(15));
  EXPECT_EQ(r.first(EventType::ExecuteEnd, "w2"), ms(25));
}

TEST(ShippedScenarios, DocMaxActive2MatchesTheDocumentation) {
  FileRun r("doc-max-active-2.toml");
  EXPECT_EQ(r.first(EventType::ExecuteStart, "w2"), ms(20));
  EXPECT_EQ(r.first(EventType::ExecuteEnd, "w2"), ms(35));
}

TEST(ShippedScenarios, DocMaxActive1MatchesTheOriginalWorkqueueTable) {
  FileRun r("doc-max-active-1.toml");
  EXPECT_EQ(r.first(EventType::ExecuteStart, "w1"), ms(20));
  EXPECT_EQ(r.first(EventType::ExecuteEnd, "w2"), ms(50));
}

TEST(ShippedScenarios, DocCpuIntensive) {
  FileRun r("doc-cpu-intensive.toml");
  EXPECT_EQ(r.first(EventType::ExecuteStart, "w1"), ms(5));
  EXPECT_EQ(r.first(EventType::ExecuteStart, "w2"), ms(10));
  EXPECT_EQ(r.first(EventType::ExecuteEnd, "w2"), ms(25));
}

TEST(ShippedScenarios, StarvationRescuerRecovers) {
  FileRun r("starvation-rescuer.toml");
  Nanos mayday = -1;
  for (const Event& e : r.events)
    if (e.type == EventType::MaydaySent && mayday < 0) mayday = e.time;
  EXPECT_EQ(mayday, ms(12));
  EXPECT_EQ(r.first(EventType::ExecuteStart, "wb"), ms(12));
  for (const char* w : {"w0", "w1", "w2"}) EXPECT_GT(r.first(EventType::ExecuteEnd, w), ms(162)) << w;
}

TEST(ShippedScenarios, StarvationWithoutReclaimLocksUp) {
  FileRun r("starvation-no-reclaim.toml");
  int lockups = 0;
  for (const Event& e : r.events)
    if (e.type == EventType::WatchdogLockup) ++lockups;
  EXPECT_GE(lockups, 1);
  EXPECT_EQ(r.first(EventType::ExecuteEnd, "w0"), -1);
}

TEST(ShippedScenarios, EveryFileParsesAndKeepsInvariants) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(CMWQ_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() != ".toml") continue;
    ++files;
    SCOPED_TRACE(entry.path().filename().string());
    FileRun r(entry.path().filename().string());
    EXPECT_FALSE(r.events.empty());
  }
  EXPECT_GE(files, 18);
}

namespace {
bool ended(const FileRun& r, const std::string& work) { return r.first(EventType::ExecuteEnd, work) >= 0; }
int count(const FileRun& r, EventType t) {
  int n = 0;
  for (const Event& e : r.events) n += e.type == t ? 1 : 0;
  return n;
}
}  // namespace

TEST(ShippedScenarios, DependentReclaim) {
  FileRun one("dependent-reclaim-one-wq.toml");
  EXPECT_FALSE(ended(one, "A"));
  EXPECT_EQ(one.first(EventType::ExecuteStart, "B"), -1);
  FileRun two("dependent-reclaim-two-wqs.toml");
  EXPECT_TRUE(ended(two, "A"));
  EXPECT_TRUE(ended(two, "B"));
}

TEST(ShippedScenarios, RcuStories) {
  FileRun same("rcu-same-wq.toml");
  EXPECT_TRUE(ended(same, "sync"));
  FileRun stall("rcu-pressure-no-reclaim.toml");
  EXPECT_FALSE(ended(stall, "sync"));
  EXPECT_GE(count(stall, EventType::WatchdogLockup), 1);
  FileRun rescued("rcu-pressure-reclaim.toml");
  EXPECT_TRUE(ended(rescued, "sync"));
  EXPECT_GE(count(rescued, EventType::RescuerAssign), 1);
  FileRun trap("rcu-max-active-trap.toml");
  EXPECT_FALSE(ended(trap, "sync0"));
  EXPECT_FALSE(ended(trap, "sync1"));
  EXPECT_EQ(count(trap, EventType::MaydaySent), 0);
}

TEST(ShippedScenarios, FlushDependencyWarns) {
  FileRun r("flush-dependency.toml");
  int warns = 0;
  for (const Event& e : r.events)
    if (e.type == EventType::Warn && e.a == static_cast<int64_t>(WarnKind::FlushDependency)) ++warns;
  EXPECT_EQ(warns, 1);
  // flush_work() returns when helper has finished: reclaimer ends after helper.
  EXPECT_GT(r.first(EventType::ExecuteEnd, "reclaimer"), r.first(EventType::ExecuteEnd, "helper"));
}

TEST(ShippedScenarios, OriginalWorkqueue) {
  FileRun r("doc-original-wq.toml");
  EXPECT_EQ(r.first(EventType::ExecuteStart, "w1"), ms(20));
  EXPECT_EQ(r.first(EventType::ExecuteEnd, "w2"), ms(50));
}

// --- Bad input: one test per kind of mistake, each checking position and wording. ---

ScenarioError error_of(const std::string& text) {
  const ScenarioParse p = parse_scenario(text, "bad.toml");
  EXPECT_FALSE(p.ok()) << "expected an error for:\n" << text;
  return p.error.value_or(ScenarioError{});
}

void expect_error(const std::string& text, int line, int column, const std::string& fragment) {
  const ScenarioError e = error_of(text);
  EXPECT_EQ(e.pos.line, line) << e.format();
  EXPECT_EQ(e.pos.column, column) << e.format();
  EXPECT_NE(e.message.find(fragment), std::string::npos) << e.format();
  EXPECT_EQ(e.format().rfind("bad.toml:" + std::to_string(line) + ":" + std::to_string(column) + ": error: ", 0), 0u);
}

const char* kWorkq = "[[workqueue]]\nname = \"q0\"\n";

TEST(ScenarioErrors, UnknownKernelNamesTheKnownOnes) {
  expect_error("[machine]\nkernel = \"6.12\"\n", 2, 10, "`kernel` must be one of `6.12.118`, `6.12.0`, `2.6.35`");
}
TEST(ScenarioErrors, KernelAndWorkqueueKeysDisagree) {
  expect_error("[machine]\nkernel = \"6.12.0\"\nworkqueue = \"legacy\"\n", 3, 13,
               "`workqueue = \"legacy\"` disagrees with `kernel = \"6.12.0\"`");
  expect_error("[machine]\nworkqueue = \"cmwq\"\nkernel = \"2.6.35\"\n", 2, 13, "disagrees");
}

TEST(Scenario, KernelGenerationFromTheFileOrTheCaller) {
  const auto kernel_of = [](const std::string& text, ScenarioOptions o = {}) {
    const ScenarioParse p = parse_scenario(text, "k.toml", o);
    EXPECT_TRUE(p.ok()) << (p.error ? p.error->format() : "");
    return p.ok() ? p.scenario->machine.kernel : KernelGeneration::V6_12_118;
  };
  EXPECT_EQ(kernel_of(""), KernelGeneration::V6_12_118);  // Debian's 6.12 LTS by default
  EXPECT_EQ(kernel_of("[machine]\nkernel = \"6.12.0\"\n"), KernelGeneration::V6_12_0);
  EXPECT_EQ(kernel_of("[machine]\nworkqueue = \"legacy\"\n"), KernelGeneration::Legacy_2_6_35);
  EXPECT_EQ(kernel_of("[machine]\nworkqueue = \"legacy\"\nkernel = \"2.6.35\"\n"), KernelGeneration::Legacy_2_6_35);
  EXPECT_EQ(kernel_of("[machine]\nworkqueue = \"cmwq\"\nkernel = \"6.12.0\"\n"), KernelGeneration::V6_12_0);
  ScenarioOptions o;
  o.kernel = KernelGeneration::V6_12_0;
  EXPECT_EQ(kernel_of("[machine]\nworkqueue = \"legacy\"\n", o), KernelGeneration::V6_12_0);
}

TEST(ScenarioErrors, QueueDelayedWorkInAProgramNeedsADelayedWork) {
  // As the [[at]] form says: queue_delayed_work() takes a struct delayed_work.
  expect_error(std::string(kWorkq) +
                   "[[work]]\nname = \"w0\"\nprogram = [\"burn 1ms\"]\n"
                   "[[work]]\nname = \"w1\"\nprogram = [\"queue_delayed_work q0 w0 5ms\"]\n",
               8, 35, "work `w0` is not a delayed work: add `delayed = true` to its [[work]]");
}
TEST(ScenarioErrors, NamesAreNeverControlCharacters) {
  expect_error("[[work]]\nname = \"w\\n0\"\nprogram = [\"burn 1ms\"]\n", 2, 8, "must not contain control characters");
  expect_error("[[work]]\nname = \"w0\"\nprogram = [\"wait c\\u0001\"]\n", 3, 19, "control character 0x01");
  expect_error("[[work]]\nname = \"w0\"\nfunction = \"f\\tg\"\nprogram = [\"burn 1ms\"]\n", 3, 12, "`function`");
}
TEST(ScenarioErrors, WatermarksRise) {
  expect_error("[machine]\nwmark_min = 700\nwmark_low = 600\n", 3, 13, "`wmark_low` (600) must not be below `wmark_min` (700)");
  expect_error("[machine]\nwmark_high = 500\nwmark_min = 600\n", 2, 14, "`wmark_high` (500) must not be below `wmark_min`");
}

TEST(ScenarioErrors, TomlSyntax) { expect_error("[machine\ncpus = 1\n", 1, 9, ""); }
TEST(ScenarioErrors, UnknownTopLevelKey) { expect_error("[machne]\ncpus = 1\n", 1, 2, "did you mean `machine`?"); }
TEST(ScenarioErrors, UnknownMachineKey) { expect_error("[machine]\ncpu = 2\n", 2, 1, "did you mean `cpus`?"); }
TEST(ScenarioErrors, WrongType) { expect_error("[machine]\ncpus = \"two\"\n", 2, 8, "must be an integer"); }
TEST(ScenarioErrors, CpusOutOfRange) { expect_error("[machine]\ncpus = 300\n", 2, 8, "between 1 and 256"); }
TEST(ScenarioErrors, BadHz) { expect_error("[machine]\nhz = 500\n", 2, 6, "100, 250, 300 or 1000"); }
TEST(ScenarioErrors, BadSchedModel) { expect_error("[machine]\nsched = \"fifi\"\n", 2, 9, "did you mean `fifo`?"); }
TEST(ScenarioErrors, UnknownFlag) {
  expect_error("[[workqueue]]\nname = \"q0\"\nflags = [\"WQ_MEM_RECLAM\"]\n", 3, 10, "did you mean `WQ_MEM_RECLAIM`?");
}
TEST(ScenarioErrors, DuplicateWorkqueue) {
  expect_error(std::string(kWorkq) + kWorkq, 4, 8, "duplicate workqueue name `q0`");
}
TEST(ScenarioErrors, DuplicateSystemWorkqueueName) {
  expect_error("[[workqueue]]\nname = \"system_wq\"\n", 2, 8, "duplicate workqueue name");
}
TEST(ScenarioErrors, UnknownOperation) {
  expect_error("[[work]]\nname = \"w\"\nprogram = [\"burn 5ms\", \"slep 10ms\"]\n", 3, 25, "did you mean `sleep`?");
}
TEST(ScenarioErrors, BadUnit) {
  expect_error("[[work]]\nname = \"w\"\nprogram = [\"burn 5mss\"]\n", 3, 18, "expected a number and a unit");
}
TEST(ScenarioErrors, NegativeTime) {
  expect_error(std::string(kWorkq) + "[[at]]\ntime = \"-5ms\"\ndo = []\n", 4, 8, "must not be negative");
}
TEST(ScenarioErrors, UndeclaredWorkqueue) {
  expect_error(std::string(kWorkq) + "[[work]]\nname = \"w\"\nprogram = [\"burn 1ms\"]\n[[at]]\ntime = \"0ms\"\ndo = [\"queue_work q1 w\"]\n",
               8, 19, "unknown workqueue `q1`; declare it with [[workqueue]] (did you mean `q0`?)");
}
TEST(ScenarioErrors, UndeclaredWork) {
  expect_error(std::string(kWorkq) + "[[at]]\ntime = \"0ms\"\ndo = [\"queue_work q0 w9\"]\n", 5, 22, "unknown work `w9`");
}
TEST(ScenarioErrors, MissingProgram) { expect_error("[[work]]\nname = \"w\"\n", 1, 1, "needs a `program`"); }
TEST(ScenarioErrors, MissingArgument) {
  expect_error("[[work]]\nname = \"w\"\nprogram = [\"burn\"]\n", 3, 13, "burn DURATION");
}
TEST(ScenarioErrors, UnknownGfp) {
  expect_error("[[work]]\nname = \"w\"\nprogram = [\"alloc 8 GFP_KERNAL\"]\n", 3, 21, "did you mean `GFP_KERNEL`?");
}
TEST(ScenarioErrors, CpuOutOfRange) {
  expect_error("[machine]\ncpus = 2\n[[workqueue]]\nname = \"q0\"\n[[work]]\nname = \"w\"\nprogram = [\"burn 1ms\"]\n"
               "[[at]]\ntime = \"0ms\"\ndo = [\"queue_work q0 w cpu=2\"]\n",
               10, 24, "between 0 and 1");
}
TEST(ScenarioErrors, UnknownAction) {
  expect_error("[[at]]\ntime = \"0ms\"\ndo = [\"starve\"]\n", 3, 8, "unknown action `starve`");
}
TEST(ScenarioErrors, MaxActiveTooLarge) {
  expect_error("[[workqueue]]\nname = \"q0\"\nmax_active = 5000\n", 3, 14, "between 0 and 512");
}
TEST(ScenarioErrors, BhNotModelled) {
  expect_error("[[workqueue]]\nname = \"q0\"\nflags = [\"WQ_BH\"]\n", 3, 10, "WQ_BH is not modelled");
}
TEST(ScenarioErrors, DelayedActionOnPlainWork) {
  expect_error(std::string(kWorkq) + "[[work]]\nname = \"w\"\nprogram = [\"burn 1ms\"]\n[[at]]\ntime = \"0ms\"\ndo = [\"queue_delayed_work q0 w 5ms\"]\n",
               8, 30, "not a delayed work");
}

TEST(ScenarioErrors, ErrorLeavesNothingHalfBuilt) {
  // An error is a value: no scenario comes back, so nothing can half-run.
  const ScenarioParse p = parse_scenario("[machine]\ncpus = 0\n", "bad.toml");
  EXPECT_FALSE(p.scenario.has_value());
  ASSERT_TRUE(p.error.has_value());
}

TEST(Durations, ParseUnits) {
  EXPECT_EQ(parse_duration("5ms"), ms(5));
  EXPECT_EQ(parse_duration("1.5s"), ms(1500));
  EXPECT_EQ(parse_duration("250us"), us(250));
  EXPECT_EQ(parse_duration("100ns"), 100);
  EXPECT_EQ(parse_duration("5"), std::nullopt);
  EXPECT_EQ(parse_duration("ms"), std::nullopt);
  EXPECT_EQ(parse_duration("5 ms"), std::nullopt);
}

}  // namespace
}  // namespace cmwq::test
