// The model's side of scripts/kernel-check: the `kthreadd_cpu` and `rt_busy` actions
// (kthreadd starved by a real-time task, as the real kernel is starved there), the op
// list `cmwq export-ops` writes for the replay module, and the row-by-row comparison of
// two runs (core/trace/trace_compare.h).
#include <gtest/gtest.h>

#include "core/scenario/export_ops.h"
#include "core/scenario/scenario.h"
#include "core/simulation.h"
#include "core/trace/trace_compare.h"
#include "harness.h"

namespace cmwq::test {
namespace {

Scenario parsed(const std::string& text) {
  ScenarioParse p = parse_scenario(text, "test.toml");
  EXPECT_TRUE(p.ok()) << (p.error ? p.error->format() : "");
  return p.ok() ? *p.scenario : Scenario{};
}

// tests/kernel/scenarios/mayday-kthreadd.toml, shortened to what the tests read.
const char* kMayday = R"(
[machine]
cpus = 2
hz = 250
[[workqueue]]
name = "reclaim"
flags = ["WQ_MEM_RECLAIM"]
[[work]]
name = "r0"
program = ["sleep 100ms"]
[[work]]
name = "r1"
program = ["sleep 100ms"]
[[work]]
name = "r2"
program = ["sleep 100ms"]
[[work]]
name = "r3"
program = ["sleep 100ms"]
[[at]]
time = "0ms"
do = ["kthreadd_cpu 1", "rt_busy 1 300ms", "queue_work reclaim r0 cpu=0", "queue_work reclaim r1 cpu=0",
      "queue_work reclaim r2 cpu=0", "queue_work reclaim r3 cpu=0"]
[run]
until = "450ms"
)";

struct ScenarioRun {
  Simulation sim;
  explicit ScenarioRun(const Scenario& s) : sim(build_world(s), s.until) { sim.run_until(s.until); }
  const World& w() const { return sim.world(); }
  // Times of the events of @p type after the boot whose task's comm starts with @p comm.
  std::vector<Nanos> times(EventType type, const std::string& comm = "") const {
    std::vector<Nanos> out;
    bool booted = false;
    for (const Event& e : sim.events()) {
      booted = booted || e.type == EventType::Scripted;
      if (booted && e.type == type && (comm.empty() || (e.task >= 0 && task_name(w(), e.task).rfind(comm, 0) == 0)))
        out.push_back(e.time);
    }
    return out;
  }
};

// Measured on Debian's 6.12.118 (docs/kernel-validation.md, mayday-kthreadd): the mayday
// timer armed at 0 with 2 jiffies fires 12 ms later (HZ=250, the wheel adds a jiffy), the
// rescuer runs r0 then, and kthreadd forks the pool's new worker only when the real-time
// loop ends at 300 ms (kernel: 300.06 ms).
TEST(KthreaddStarved, CreateWorkerWaitsForTheRealTimeLoopAndTheRescuerRuns) {
  const ScenarioRun r(parsed(kMayday));
  const std::vector<Nanos> fired = r.times(EventType::MaydayTimeout);
  ASSERT_FALSE(fired.empty());
  EXPECT_EQ(fired.front(), ms(12));
  const std::vector<Nanos> forks = r.times(EventType::TaskNew, "kworker/0:");
  ASSERT_EQ(forks.size(), 1u);
  EXPECT_EQ(forks.front(), ms(300));
  const std::vector<Nanos> rescued = r.times(EventType::ExecuteStart, "kworker/R-reclaim");
  ASSERT_FALSE(rescued.empty());
  EXPECT_EQ(rescued.front(), ms(12));
}

// Measured on Debian's 6.12.118 (docs/kernel-validation.md, mayday-kthreadd): its
// rescuer takes one work at a time (assign_rescuer_work() with pwq->mayday_cursor), so
// r0, r1 and r2 start on it at 11.98, 112.0 and 212.0 ms; when kthreadd forks at 300 ms
// the pool no longer needs rescuing and r3 starts on the pool's own worker at 300.07 ms,
// while the rescuer still runs r2. v6.12.0's rescuer took r3 too and ran it at 312 ms.
TEST(KthreaddStarved, TheRescuerTakesOneWorkAtATimeAndThePoolRecovers) {
  const ScenarioRun r(parsed(kMayday));
  EXPECT_EQ(r.times(EventType::ExecuteStart, "kworker/R-reclaim"), (std::vector<Nanos>{ms(12), ms(112), ms(212)}));
  EXPECT_EQ(r.times(EventType::ExecuteStart, "kworker/0:"), std::vector<Nanos>{ms(300)});
  EXPECT_EQ(r.times(EventType::ExecuteEnd, "kworker/R-reclaim").back(), ms(312));
}

// kthreadd runs only on the CPU it is allowed: every switch to it is on CPU 1.
TEST(KthreaddStarved, KthreaddRunsOnlyOnItsCpu) {
  const ScenarioRun r(parsed(kMayday));
  int switches = 0;
  for (const Event& e : r.sim.events())
    if (e.type == EventType::SchedSwitch && e.a == r.w().kthreadd.task) {
      EXPECT_EQ(e.cpu, 1) << "at " << e.time;
      ++switches;
    }
  EXPECT_GT(switches, 0);
}

// A SCHED_FIFO task goes before every normal task; under the preempt scheduler it
// preempts a burning worker at once, under fifo (the kernel's voluntary preemption,
// where a busy loop in kernel code has no preemption point) it waits for the burn.
TEST(RtBusy, PreemptsABurningWorkerOnlyUnderPreempt) {
  for (const char* sched : {"fifo", "preempt"}) {
    const ScenarioRun r(parsed(std::string("[machine]\ncpus = 2\nsched = \"") + sched + R"("
[[workqueue]]
name = "q"
[[work]]
name = "w"
program = ["burn 10ms"]
[[at]]
time = "0ms"
do = ["queue_work q w cpu=1"]
[[at]]
time = "2ms"
do = ["rt_busy 1 5ms"]
[run]
until = "30ms"
)"));
    const bool preempt = std::string(sched) == "preempt";
    const std::vector<Nanos> end = r.times(EventType::ExecuteEnd);
    ASSERT_EQ(end.size(), 1u) << sched;
    EXPECT_EQ(end.front(), preempt ? ms(15) : ms(10)) << sched;
    const std::vector<Nanos> rt_exit = r.times(EventType::TaskExit, "cmwq-rt/1");
    ASSERT_EQ(rt_exit.size(), 1u) << sched;
    EXPECT_EQ(rt_exit.front(), preempt ? ms(7) : ms(15)) << sched;
  }
}

TEST(RtBusy, ParseErrors) {
  struct Case {
    const char* action;
    const char* error;
  };
  const Case cases[] = {
      {"rt_busy 1", "5:8: error: `rt_busy` needs arguments: rt_busy CPU DURATION, e.g. rt_busy 1 300ms"},
      {"rt_busy 2 1ms", "5:16: error: `rt_busy`: CPU must be between 0 and 1 on this machine ([machine] cpus = 2)"},
      {"rt_busy 1 5", "5:18: error: `rt_busy`: bad duration `5`: expected a number and a unit (ns, us, ms, s), e.g. "
                      "5ms, at most 1000000s"},
      {"kthreadd_cpu any", "5:21: error: `kthreadd_cpu`: CPU must be between 0 and 1 on this machine ([machine] cpus = 2)"},
      {"kthreadd_cpu 0 1", "5:23: error: `kthreadd_cpu`: unexpected `1`"},
  };
  for (const Case& c : cases) {
    const ScenarioParse p =
        parse_scenario(std::string("[machine]\ncpus = 2\n[[at]]\ntime = \"0ms\"\ndo = [\"") + c.action + "\"]\n", "t.toml");
    ASSERT_FALSE(p.ok()) << c.action;
    EXPECT_EQ(p.error->format(), std::string("t.toml:") + c.error) << c.action;
  }
}

// With the fork's cost measured on the kernel (48 us), the model loses workqueue.rst's
// max_active 2 race as the kernel does (docs/kernel-validation.md: w1 finishes at 25.075
// ms there): w1 starts after two forks, so its sleep ends after w0 finished and w0's
// worker took w2. The pages a fork takes are taken once.
TEST(ForkCost, DecidesTheMaxActive2RaceAsInTheKernel) {
  const char* text = R"(
[machine]
cpus = 1
hz = 250
[[workqueue]]
name = "q0"
max_active = 2
[[work]]
name = "w0"
program = ["burn 5ms", "sleep 10ms", "burn 5ms"]
[[work]]
name = "w1"
program = ["burn 5ms", "sleep 10ms"]
[[work]]
name = "w2"
program = ["burn 5ms", "sleep 10ms"]
[[at]]
time = "0ms"
do = ["queue_work q0 w0 cpu=0", "queue_work q0 w1 cpu=0", "queue_work q0 w2 cpu=0"]
[run]
until = "50ms"
)";
  Scenario idealised = parsed(text);
  Scenario costly = idealised;
  costly.machine.fork_cost = us(48);
  const ScenarioRun a(idealised), b(costly);
  const RunFacts fa = run_facts(a.w(), a.sim.events(), 0, {"w0", "w1", "w2"}, ms(50));
  const RunFacts fb = run_facts(b.w(), b.sim.events(), 0, {"w0", "w1", "w2"}, ms(50));
  ASSERT_EQ(fa.runs.size(), 3u);
  ASSERT_EQ(fb.runs.size(), 3u);
  EXPECT_EQ(fa.runs[1].work, "w1");
  EXPECT_EQ(fa.runs[1].finish, ms(20));  // the documentation's table: w1 wins the tie
  EXPECT_EQ(fb.runs[0].start, us(48));   // after the pool's first fork
  EXPECT_EQ(fb.runs[1].start, ms(5) + us(96));
  EXPECT_EQ(fb.runs[1].finish, ms(25) + us(48));  // behind w2's burn, as in the kernel
  EXPECT_EQ(a.w().mem.free, b.w().mem.free);
}

// --- the op list ---------------------------------------------------------------------

// Checked by hand against tests/kernel/module/cmwq_replay.c's parse_line(): declarations
// first, indices for names, the WQ_* bits of include/linux/workqueue.h (WQ_MEM_RECLAIM is
// 1 << 3), CPU -1 for cpu=any, actions in time order, nanoseconds.
TEST(ExportOps, TheModulesFormat) {
  const Scenario s = parsed(R"(
[machine]
cpus = 2
[[workqueue]]
name = "q0"
flags = ["WQ_MEM_RECLAIM"]
max_active = 2
[[workqueue]]
name = "ord"
ordered = true
[[work]]
name = "w0"
program = ["burn 5ms", "sleep 10ms", "queue_work system_wq w1", "wait done"]
[[work]]
name = "w1"
program = ["flush_work w0", "complete_all done"]
[[at]]
time = "3ms"
do = ["complete done"]
[[at]]
time = "0ms"
do = ["kthreadd_cpu 1", "rt_busy 1 300ms", "queue_work q0 w0 cpu=0", "queue_work ord w1"]
[run]
until = "50ms"
)");
  const OpsExport ops = export_ops(s, "t");
  ASSERT_FALSE(ops.error) << ops.error->format();
  EXPECT_EQ(ops.text,
            "cmwq-ops 1\nscenario t\ncpus 2\nparam cpu_intensive_thresh_us 10000\n"
            "wq 0 q0 8 2 0\nwq 1 ord 0 0 1\nsys_wq 2 events\ncompletion 0 done\nwork 0 w0\nwork 1 w1\n"
            "op 0 burn 5000000\nop 0 sleep 10000000\nop 0 queue_work 2 1 -1\nop 0 wait 0\n"
            "op 1 flush_work 0\nop 1 complete_all 0\n"
            "at 0 kthreadd_cpu 1\nat 0 rt_busy 1 300000000\nat 0 queue_work 0 0 0 0\nat 0 queue_work 1 1 -1 0\n"
            "at 3000000 complete 0 0\nuntil 50000000\nend\n");
}

TEST(ExportOps, RefusesWhatTheModuleCannotReplay) {
  struct Case {
    const char* text;
    const char* error;
  };
  const Case cases[] = {
      {"[[work]]\nname = \"w\"\nprogram = [\"alloc 4\"]\n",
       "t.toml:3:13: error: `alloc 4` cannot be replayed on a real kernel (the module replays burn, sleep, "
       "queue_work, flush_work, wait, complete and complete_all)"},
      {"[[at]]\ntime = \"0ms\"\ndo = [\"hog all\"]\n",
       "t.toml:3:8: error: `hog all` cannot be replayed on a real kernel (the module replays queue_work, complete, "
       "complete_all, kthreadd_cpu and rt_busy)"},
      {"[[work]]\nname = \"w\"\nprogram = [\"queue_work system_freezable_wq w\"]\n",
       "t.toml:3:13: error: system workqueue `system_freezable_wq` cannot be replayed (the module knows system_wq, "
       "system_highpri_wq, system_long_wq and system_unbound_wq)"},
      {"[[work]]\nname = \"a_name_that_is_much_too_long_to_keep\"\nprogram = [\"burn 1ms\"]\n",
       "t.toml:1:1: error: `a_name_that_is_much_too_long_to_keep` is too long to replay (at most 31 characters)"},
  };
  for (const Case& c : cases) {
    const ScenarioParse p = parse_scenario(c.text, "t.toml");
    ASSERT_TRUE(p.ok()) << c.text << (p.error ? p.error->format() : "");
    const OpsExport ops = export_ops(*p.scenario, "t");
    ASSERT_TRUE(ops.error) << c.text;
    EXPECT_EQ(ops.error->format(), c.error);
    EXPECT_TRUE(ops.text.empty());
  }
}

// --- comparing two runs ---------------------------------------------------------------

RunFacts facts_of(const Scenario& s, std::vector<std::string> works) {
  const ScenarioRun r(s);
  size_t first = 0;
  while (first < r.sim.events().size() && r.sim.events()[first].type != EventType::Scripted) ++first;
  return run_facts(r.w(), r.sim.events(), first, works, s.until);
}

// The documentation's max_active == 2 table (workqueue.rst) read back as facts.
TEST(TraceCompare, FactsOfTheDocumentationsTable) {
  Simulation sim = load_shipped("doc-max-active-2.toml");
  sim.run_until(ms(50));
  size_t first = 0;
  while (sim.events()[first].type != EventType::Scripted) ++first;
  const RunFacts f = run_facts(sim.world(), sim.events(), first, {"w0", "w1", "w2"}, ms(50));
  ASSERT_EQ(f.runs.size(), 3u);
  EXPECT_EQ(f.runs[0].work, "w0");
  EXPECT_EQ(f.runs[0].start, 0);
  EXPECT_EQ(f.runs[0].sleeps, std::vector<Nanos>{ms(5)});
  EXPECT_EQ(f.runs[0].wakes, std::vector<Nanos>{ms(15)});
  EXPECT_EQ(f.runs[0].finish, ms(20));
  EXPECT_EQ(f.runs[1].work, "w1");
  EXPECT_EQ(f.runs[1].start, ms(5));
  EXPECT_EQ(f.runs[2].work, "w2");
  EXPECT_EQ(f.runs[2].start, ms(20));  // w2 waits for w0's slot (max_active 2)
  EXPECT_FALSE(f.runs[2].rescuer);
  ASSERT_EQ(f.pools.size(), 1u);
  EXPECT_EQ(f.pools[0].pool, "cpu 0");
}

TEST(TraceCompare, ARunMatchesItselfAndAShiftBeyondTheToleranceDiffers) {
  const Scenario s = parsed(kMayday);
  const RunFacts a = facts_of(s, {"r0", "r1"});
  const Comparison same = compare_facts(a, a, 0, s.until);
  EXPECT_TRUE(same.match);
  EXPECT_EQ(same.largest, 0);
  EXPECT_GE(same.rows.size(), 4u);  // r0, r1, cpu 0 mayday armed, fired, worker forked

  RunFacts b = a;
  b.runs[0].start += us(150);
  const Comparison within = compare_facts(a, b, us(200), s.until);
  EXPECT_TRUE(within.match);
  EXPECT_EQ(within.largest, us(150));
  const Comparison beyond = compare_facts(a, b, us(100), s.until);
  EXPECT_FALSE(beyond.match);
  EXPECT_FALSE(beyond.rows[0].match);
  EXPECT_TRUE(beyond.rows[1].match);
  EXPECT_EQ(beyond.rows[0].largest, us(150));

  RunFacts c = a;
  c.runs[1].rescuer = !c.runs[1].rescuer;
  const Comparison who = compare_facts(a, c, ms(1), s.until);
  EXPECT_FALSE(who.rows[1].match);
  EXPECT_NE(who.rows[1].why.find("rescuer"), std::string::npos);
}

// A step just after the end on one side and just before it on the other still pairs;
// steps after the end on both sides are left out.
TEST(TraceCompare, TheEndCutsPairsNotOneSide) {
  RunFacts k, m;
  WorkRun r;
  r.work = "w";
  r.start = ms(1);
  r.sleeps = {ms(2)};
  r.wakes = {ms(10) + us(50)};  // after the end (10 ms)
  r.finish = ms(10) + us(60);
  k.runs.push_back(r);
  r.wakes = {ms(10) - us(10)};  // before it
  r.finish = ms(10) - us(5);
  m.runs.push_back(r);
  WorkRun late = r;
  late.work = "late";
  late.start = ms(11);
  k.runs.push_back(late);  // only the kernel has it, after the end
  const Comparison c = compare_facts(k, m, us(100), ms(10));
  ASSERT_EQ(c.rows.size(), 1u);
  EXPECT_TRUE(c.rows[0].match) << c.rows[0].kernel << " / " << c.rows[0].model;
  EXPECT_EQ(c.rows[0].largest, us(65));
}

}  // namespace
}  // namespace cmwq::test
