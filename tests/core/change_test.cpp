// The change language (core/scenario/change.h): each edit changes what it says and
// nothing else; mistakes are located errors that say what was expected.
#include "core/scenario/change.h"

#include "core/workqueue/constants.h"
#include "harness.h"

namespace cmwq::test {
namespace {

const char* kBase = R"(
[machine]
cpus = 2

[[workqueue]]
name = "q0"

[[workqueue]]
name = "writeback"
flags = ["WQ_MEM_RECLAIM"]

[[workqueue]]
name = "ord"
ordered = true

[[work]]
name = "w0"
program = ["burn 1ms", "queue_work q0 w1 cpu=1"]

[[work]]
name = "w1"
program = ["burn 1ms"]

[[at]]
time = "0ms"
do = ["hog all"]

[[at]]
time = "1ms"
do = ["queue_work q0 w0 cpu=0", "queue_work q0 w1 cpu=0 from=1"]
)";

Scenario base() {
  ScenarioParse p = parse_scenario(kBase, "base.toml");
  EXPECT_TRUE(p.ok()) << (p.error ? p.error->format() : "");
  return *p.scenario;
}

const WorkqueueSpec& wq(const Scenario& s, const std::string& name) {
  for (const WorkqueueSpec& q : s.workqueues)
    if (q.name == name) return q;
  static const WorkqueueSpec none;
  ADD_FAILURE() << "no workqueue " << name;
  return none;
}

Scenario changed(const std::string& change) {
  ScenarioParse p = change_scenario(base(), change);
  EXPECT_TRUE(p.ok()) << change << ": " << (p.error ? p.error->format() : "");
  return p.ok() ? *p.scenario : base();
}

std::string error_of(const std::string& change) {
  ScenarioParse p = change_scenario(base(), change);
  EXPECT_FALSE(p.ok()) << change;
  return p.error ? p.error->format() : "";
}

TEST(Change, KernelSelectsAGeneration) {
  EXPECT_EQ(changed("kernel 6.12.0").machine.kernel, KernelGeneration::V6_12_0);
  EXPECT_EQ(changed("kernel 2.6.35").machine.kernel, KernelGeneration::Legacy_2_6_35);
  EXPECT_EQ(error_of("kernel 6.12.118"), "1:8: error: `kernel`: the scenario runs kernel 6.12.118 already");
  EXPECT_EQ(error_of("kernel 6.13").rfind("1:8: error: `kernel`: unknown kernel `6.13`; the model follows 6.12.118", 0),
            0u);
}

// What a scenario of 6.12.118 uses must exist in the kernel a change picks: WQ_PERCPU
// ("workqueue: Add new WQ_PERCPU flag", 6.12.100) and system_percpu_wq ("workqueue: Add
// system_percpu_wq and system_dfl_wq", 6.12.85) are not in 6.12.0.
TEST(Change, AnotherKernelMustHaveWhatTheScenarioUses) {
  const char* text = R"([[workqueue]]
name = "pc"
flags = ["WQ_PERCPU"]
[[work]]
name = "w"
program = ["queue_work system_percpu_wq w"]
)";
  ScenarioParse p = parse_scenario(text, "new.toml");
  ASSERT_TRUE(p.ok()) << p.error->format();
  ScenarioParse c = change_scenario(*p.scenario, "kernel 6.12.0");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error->format(), "1:8: error: `kernel`: [[workqueue]] `pc` (line 1) has WQ_PERCPU, which does not exist "
                               "in kernel 6.12.0 (\"workqueue: Add new WQ_PERCPU flag\", Debian 6.12.100)");
  c = change_scenario(*p.scenario, "flags pc -WQ_PERCPU; kernel 6.12.0");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error->format().find("1:29: error: `kernel`: the scenario's line 6: `system_percpu_wq` does not exist"),
            std::string::npos)
      << c.error->format();
  EXPECT_EQ(error_of("kernel 6.12.0; flags q0 +WQ_PERCPU"),
            "1:26: error: `flags`: WQ_PERCPU does not exist in kernel 6.12.0: \"workqueue: Add new WQ_PERCPU flag\" "
            "added it in Debian 6.12.100");
}

TEST(Change, FlagsAddAndRemove) {
  const Scenario s = changed("flags writeback -WQ_MEM_RECLAIM +WQ_UNBOUND");
  EXPECT_EQ(wq(s, "writeback").flags, WQ_UNBOUND);
  EXPECT_EQ(wq(s, "q0").flags, 0u);  // only the named workqueue changes
  EXPECT_EQ(wq(changed("flags q0 +WQ_HIGHPRI"), "q0").flags, WQ_HIGHPRI);
  EXPECT_EQ(error_of("flags writeback +WQ_MEM_RECLAIM"),
            "1:17: error: `flags`: `writeback` has WQ_MEM_RECLAIM already");
  EXPECT_EQ(error_of("flags q0 -WQ_UNBOUND"), "1:10: error: `flags`: `q0` does not have WQ_UNBOUND: nothing to remove");
  EXPECT_EQ(error_of("flags q0 +WQ_UNBOND"),
            "1:11: error: `flags`: unknown workqueue flag `WQ_UNBOND` (did you mean `WQ_UNBOUND`?)");
  EXPECT_EQ(error_of("flags q0 WQ_UNBOUND"),
            "1:10: error: `flags`: write +FLAG to add a flag or -FLAG to remove it, not `WQ_UNBOUND`");
  EXPECT_EQ(error_of("flags wb -WQ_MEM_RECLAIM"),
            "1:7: error: `flags`: unknown workqueue `wb`; the scenario declares `q0`, `writeback`, `ord`");
  EXPECT_NE(error_of("flags system_wq +WQ_UNBOUND").find("`system_wq` is a system workqueue"), std::string::npos);
  EXPECT_EQ(error_of("flags q0"), "1:1: error: `flags`: needs arguments: flags WQ +FLAG|-FLAG ..., e.g. flags "
                                  "writeback -WQ_MEM_RECLAIM");
}

TEST(Change, MaxActive) {
  EXPECT_EQ(wq(changed("max_active q0 1"), "q0").max_active, 1);
  EXPECT_EQ(error_of("max_active q0 513"),
            "1:15: error: `max_active`: max_active (0 for the default) must be a number from 0 to 512, not `513`");
  EXPECT_EQ(error_of("max_active ord 2"), "1:16: error: `max_active`: `ord` is ordered: its max_active is 1");
  EXPECT_EQ(error_of("max_active q0 0"), "1:15: error: `max_active`: `q0` has max_active 0 already");
}

TEST(Change, CpusMustCoverEveryCpuTheScenarioNames) {
  EXPECT_EQ(changed("cpus 4").machine.cpus, 4);
  // w0's program queues on CPU 1 and the second action runs from CPU 1.
  const std::string e = error_of("cpus 1");
  EXPECT_EQ(e.rfind("1:6: error: `cpus`: the scenario's line ", 0), 0u) << e;
  EXPECT_NE(e.find("names CPU 1"), std::string::npos) << e;
  EXPECT_EQ(error_of("cpus 0"), "1:6: error: `cpus`: the number of CPUs must be a number from 1 to 256, not `0`");
}

TEST(Change, TimedActionsMovedOrDropped) {
  const Scenario moved = changed("at 2 5ms");
  ASSERT_EQ(moved.actions.size(), 3u);
  EXPECT_EQ(moved.actions[1].time, ms(5));
  EXPECT_EQ(moved.actions[1].text, "queue_work q0 w0 cpu=0");
  EXPECT_EQ(moved.actions[2].time, ms(1));
  const Scenario dropped = changed("drop 1");
  ASSERT_EQ(dropped.actions.size(), 2u);
  EXPECT_EQ(dropped.actions[0].text, "queue_work q0 w0 cpu=0");
  // Numbers name the file's actions, before any drop.
  const Scenario both = changed("drop 1; at 3 2ms");
  ASSERT_EQ(both.actions.size(), 2u);
  EXPECT_EQ(both.actions[1].time, ms(2));
  EXPECT_EQ(error_of("drop 4"),
            "1:6: error: `drop`: no timed action `4`: the scenario has 3, numbered from 1 in file order (one per `do` "
            "line)");
  EXPECT_EQ(error_of("drop 1; drop 1"), "1:14: error: `drop`: timed action 1 is dropped already");
  EXPECT_EQ(error_of("at 1 0ms"), "1:6: error: `at`: timed action 1 runs at 0ns already");
}

TEST(Change, SeveralEditsAndMistakesAtTheirColumn) {
  const Scenario s = changed("kernel 6.12.0; max_active q0 2 ;cpus 3");
  EXPECT_EQ(s.machine.kernel, KernelGeneration::V6_12_0);
  EXPECT_EQ(wq(s, "q0").max_active, 2);
  EXPECT_EQ(s.machine.cpus, 3);
  EXPECT_EQ(error_of("cpus 3; cpu 4"),
            "1:9: error: unknown change `cpu` (did you mean `cpus`?); expected kernel, flags, max_active, cpus, at, "
            "drop");
  EXPECT_EQ(error_of(""), "1:1: error: empty change; expected one of: kernel, flags, max_active, cpus, at, drop");
  EXPECT_EQ(error_of("cpus 3 4"), "1:8: error: `cpus`: unexpected `4`");
}

TEST(Change, TheChangedScenarioBuildsAndRuns) {
  // The second run of a comparison is an ordinary scenario: it builds and runs.
  Simulation sim(build_world(changed("flags writeback -WQ_MEM_RECLAIM; cpus 3; drop 1")), ms(10));
  sim.run_until(ms(10));
  EXPECT_EQ(sim.world().config.cpus, 3);
  EXPECT_GT(sim.events().size(), 0u);
}

}  // namespace
}  // namespace cmwq::test
