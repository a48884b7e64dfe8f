// Lock misuse as the kernel handles it, with and without lockdep ([machine] lockdep).
// mutex_lock() of a mutex the task holds never returns: __mutex_lock_common() waits for
// an owner that is the task itself. With CONFIG_PROVE_LOCKING, lock_acquire() runs first
// and print_deadlock_bug() (kernel/locking/lockdep.c) reports "possible recursive locking
// detected", then debug_locks_off() stops every later check. process_one_work()
// (kernel/workqueue.c) compares lockdep_depth(current) after the work function with its
// value before and prints "BUG: workqueue leaked atomic, lock or RCU" when they differ;
// without lockdep lockdep_depth() is 0 and nothing is printed. Debian's 6.12.118 is built
// without CONFIG_PROVE_LOCKING, hence the default.
#include <string>
#include <vector>

#include "core/scenario/scenario.h"
#include "core/simulation.h"
#include "core/trace/fields.h"
#include "core/trace/format.h"
#include "harness.h"

namespace cmwq::test {
namespace {

// Two works on one CPU (one pool, its kworkers): w0 runs PROGRAM0, then w1 runs PROGRAM1.
Simulation run(const std::string& program0, const std::string& program1, bool lockdep, Nanos until = ms(100)) {
  const std::string text = std::string("[machine]\ncpus = 1\nlockdep = ") + (lockdep ? "true" : "false") +
                           "\n[[work]]\nname = \"w0\"\nprogram = " + program0 + "\n[[work]]\nname = \"w1\"\nprogram = " +
                           program1 +
                           "\n[[at]]\ntime = \"0ms\"\ndo = [\"queue_work system_wq w0 cpu=0\"]\n"
                           "[[at]]\ntime = \"5ms\"\ndo = [\"queue_work system_wq w1 cpu=0\"]\n";
  const ScenarioParse p = parse_scenario(text, "locks.toml");
  EXPECT_TRUE(p.ok()) << (p.error ? p.error->format() : "");
  Simulation sim(build_world(*p.scenario), until);
  sim.run_until(until);
  return sim;
}

std::vector<Event> warns(const Simulation& sim, WarnKind kind) {
  std::vector<Event> out;
  for (const Event& e : sim.events())
    if (e.type == EventType::Warn && warn_kind(e) == kind) out.push_back(e);
  return out;
}

bool ended(const Simulation& sim, const std::string& work) {
  for (const Event& e : sim.events())
    if (e.type == EventType::ExecuteEnd && work_name(sim.world(), e.work) == work) return true;
  return false;
}

size_t warn_count(const Simulation& sim) {
  size_t n = 0;
  for (const Event& e : sim.events()) n += e.type == EventType::Warn;
  return n;
}

TEST(Lockdep, OffARecursiveLockDeadlocksSilently) {
  const Simulation sim = run(R"(["lock m", "lock m", "unlock m", "unlock m"])", R"(["burn 1ms"])", false);
  EXPECT_FALSE(ended(sim, "w0"));
  EXPECT_EQ(warn_count(sim), 0u);
  // w0's worker sleeps in mutex_lock() for good; the pool wakes another worker for w1.
  EXPECT_TRUE(ended(sim, "w1"));
}

TEST(Lockdep, OnTheFirstRecursiveLockIsReportedThenLockdepIsOff) {
  const Simulation sim = run(R"(["lock m", "lock m", "unlock m", "unlock m"])", R"(["lock n", "lock n"])", true);
  const std::vector<Event> r = warns(sim, WarnKind::RecursiveLocking);
  ASSERT_EQ(r.size(), 1u);  // w1's recursive lock comes after debug_locks_off(): not reported
  EXPECT_EQ(r[0].time, 0);
  EXPECT_EQ(work_name(sim.world(), r[0].work), "w0");
  const std::string text = kernel_message(sim.world(), r[0]);
  EXPECT_EQ(text.rfind("WARNING: possible recursive locking detected: kworker/0:0/", 0), 0u) << text;
  EXPECT_NE(text.find("is trying to acquire lock m at w0_fn but task is already holding lock m"), std::string::npos)
      << text;
  EXPECT_FALSE(ended(sim, "w0"));  // reported, and still a deadlock
  EXPECT_FALSE(sim.world().debug_locks);
}

TEST(Lockdep, OnAWorkThatReturnsHoldingALockIsReported) {
  const Simulation sim = run(R"(["lock m", "burn 1ms"])", R"(["burn 1ms"])", true);
  const std::vector<Event> leak = warns(sim, WarnKind::LeakedLock);
  ASSERT_EQ(leak.size(), 1u);
  EXPECT_EQ(leak[0].time, ms(1));  // right after w0's function returns
  EXPECT_EQ(lock_depths(leak[0]).start, 0);
  EXPECT_EQ(lock_depths(leak[0]).end, 1);
  const std::string text = kernel_message(sim.world(), leak[0]);
  EXPECT_EQ(text.rfind("BUG: workqueue leaked atomic, lock or RCU: kworker/0:0[", 0), 0u) << text;
  EXPECT_NE(text.find("] preempt=0x00000000 lock=0->1 RCU=0->0 workfn=w0_fn"), std::string::npos) << text;
  // The report comes after workqueue_execute_end, as in process_one_work().
  bool end_before = false;
  for (const Event& e : sim.events()) {
    if (e.type == EventType::ExecuteEnd && work_name(sim.world(), e.work) == "w0") end_before = true;
    if (e.type == EventType::Warn) break;
  }
  EXPECT_TRUE(end_before);
}

TEST(Lockdep, ALeakedLockDeadlocksTheNextWorkOnThatKworker) {
  // w0 returns holding m on kworker/0:0; at 5 ms w1 runs on the same, idle kworker and
  // locks m: its owner is that kworker, so it waits for itself (it used to get m free).
  for (const bool lockdep : {false, true}) {
    const Simulation sim = run(R"(["lock m", "burn 1ms"])", R"(["lock m", "burn 1ms", "unlock m"])", lockdep);
    EXPECT_FALSE(ended(sim, "w1")) << "lockdep " << lockdep;
    EXPECT_EQ(warns(sim, WarnKind::RecursiveLocking).size(), lockdep ? 1u : 0u);
    EXPECT_EQ(warns(sim, WarnKind::LeakedLock).size(), lockdep ? 1u : 0u);
  }
}

TEST(Lockdep, AHandOverIsNotRecursion) {
  // w0 holds m across a sleep; w1 (another worker, woken when w0 slept) waits for m and is
  // handed it at w0's unlock: both end, nothing is reported, every depth is back to 0.
  const Simulation sim =
      run(R"(["lock m", "sleep 10ms", "unlock m"])", R"(["lock m", "burn 1ms", "unlock m"])", true);
  EXPECT_TRUE(ended(sim, "w0"));
  EXPECT_TRUE(ended(sim, "w1"));
  EXPECT_EQ(warn_count(sim), 0u);
  for (const Task& t : sim.world().tasks) EXPECT_EQ(t.lockdep_depth, 0) << t.comm;
}

}  // namespace
}  // namespace cmwq::test
