// The differences between v6.12.0 and 6.12.118 outside the rescuer, one test each,
// derived by hand from both sources (0: = v6.12.0 kernel/workqueue.c, 118: = Debian's
// 6.12.118, h118: = its include/linux/workqueue.h), and the predicate of
// core/workqueue/generation.h each follows.
#include "core/trace/fields.h"
#include "core/trace/format.h"
#include "core/world_view.h"
#include "harness.h"

namespace cmwq::test {
namespace {

constexpr KernelGeneration k0 = KernelGeneration::V6_12_0;
constexpr KernelGeneration k118 = KernelGeneration::V6_12_118;

std::vector<Event> warns(const Harness& h, WarnKind kind) {
  std::vector<Event> out;
  for (const Event& e : h.of(EventType::Warn))
    if (warn_kind(e) == kind) out.push_back(e);
  return out;
}

// flush_dep_skips_cancel() ("workqueue: Do not warn when cancelling WQ_MEM_RECLAIM work
// from !WQ_MEM_RECLAIM worker", 6.12.9). R, an item of the WQ_MEM_RECLAIM workqueue
// reclaim_wq, cancel_work_sync()s X of plain_wq while X sleeps on another worker.
// __cancel_work_sync() -> __flush_work(work, true) -> start_flush_work() finds X executing
// and calls check_flush_dependency(): v6.12.0 (0:3690-3709, called at 0:4144) returns
// early only for a WQ_MEM_RECLAIM target, so the worker running a WQ_MEM_RECLAIM item
// trips the WARN_ONCE at 0:3704; 6.12.118 (118:3751-3772, called with from_cancel at
// 118:4207) returns at 118:3758. Both wait for X the same way.
const char* const kCancel = R"(
[machine]
cpus = 1
[[workqueue]]
name = "plain_wq"
[[workqueue]]
name = "reclaim_wq"
flags = ["WQ_MEM_RECLAIM"]
[[work]]
name = "X"
program = ["burn 1ms", "sleep 20ms"]
[[work]]
name = "R"
program = ["cancel_work_sync X", "burn 1ms"]
[[at]]
time = "0ms"
do = ["queue_work plain_wq X cpu=0"]
[[at]]
time = "5ms"
do = ["queue_work reclaim_wq R cpu=0"]
)";

TEST(GenerationDifferences, CancelFromAReclaimWorker) {
  for (const KernelGeneration g : {k0, k118}) {
    SCOPED_TRACE(kernel_version_name(g));
    const ScenarioWorld sw = scenario_world(kCancel, g);
    Harness h(sw.world);
    h.run_until(ms(100));
    const auto flush_warns = warns(h, WarnKind::FlushDependency);
    if (g == k0) {
      ASSERT_EQ(flush_warns.size(), 1u);
      EXPECT_EQ(flush_warns[0].time, ms(5));
      EXPECT_EQ(flush_warns[0].work, sw.works.at("X"));
      EXPECT_EQ(kernel_message(h.w, flush_warns[0], h.w.wq.works[static_cast<size_t>(sw.works.at("R"))].program),
                "workqueue: WQ_MEM_RECLAIM reclaim_wq:R_fn is flushing !WQ_MEM_RECLAIM plain_wq:X_fn");
    } else {
      EXPECT_TRUE(flush_warns.empty());
    }
    // X ends at 21 ms (1 ms burn, 20 ms sleep); R waits for its barrier, then burns 1 ms.
    EXPECT_EQ(h.first_time(EventType::ExecuteEnd, sw.works.at("X")), ms(21));
    EXPECT_EQ(h.first_time(EventType::ExecuteEnd, sw.works.at("R")), ms(22));
  }
}

// chained_work_checks_current_pwq() ("workqueue: Fix NULL current_pwq deref in chained
// work check", 6.12.113). writeback, the reclaim workqueue, is being drained while wb
// runs (0-30 ms); memory is hogged at 2 ms; at 3 ms w0 wakes the pool's idle worker,
// which (no idle worker left) becomes the manager and blocks in alloc_worker()'s
// direct reclaim, which queues wb on writeback. __queue_work() sees __WQ_DRAINING and
// asks is_chained_work(): the manager is a kworker executing no item. v6.12.0 reads
// worker->current_pwq->wq (0:2204): a NULL pointer dereference, the task dies.
// 6.12.118 checks current_pwq first (118:2241): not chained, WARN_ON_ONCE (118:2293-2295)
// and wb is dropped; the manager sleeps in reclaim. (w0 waits for wb's worker.)
const char* const kManagerQueuesOnDraining = R"(
[machine]
cpus = 1
[[workqueue]]
name = "writeback"
flags = ["WQ_MEM_RECLAIM"]
[[workqueue]]
name = "q0"
[[work]]
name = "wb"
program = ["sleep 30ms"]
[[work]]
name = "w0"
program = ["burn 1ms"]
[memory]
reclaim_workqueue = "writeback"
reclaim_work = "wb"
[[at]]
time = "0ms"
do = ["queue_work writeback wb cpu=0"]
[[at]]
time = "1ms"
do = ["drain_workqueue writeback"]
[[at]]
time = "2ms"
do = ["hog all"]
[[at]]
time = "3ms"
do = ["queue_work q0 w0 cpu=0"]
)";

TEST(GenerationDifferences, ManagerQueueingOnADrainingWorkqueue) {
  for (const KernelGeneration g : {k0, k118}) {
    SCOPED_TRACE(kernel_version_name(g));
    const ScenarioWorld sw = scenario_world(kManagerQueuesOnDraining, g);
    Harness h(sw.world);
    h.run_until(ms(100));
    // kworker/0:0 took wb at 0 ms and made kworker/0:1 then; kworker/0:1 is the manager now.
    const int32_t manager = task_named(h.w, "kworker/0:1");
    const auto oops = warns(h, WarnKind::NullPwqOops);
    const auto refused = warns(h, WarnKind::QueueOnDraining);
    std::vector<Nanos> blocked;
    for (const Event& e : h.of(EventType::AllocBlocked))
      if (e.task == manager) blocked.push_back(e.time);
    if (g == k0) {
      ASSERT_EQ(oops.size(), 1u);
      EXPECT_EQ(oops[0].time, ms(3));
      EXPECT_EQ(oops[0].task, manager);
      EXPECT_EQ(oops[0].wq, sw.workqueues.at("writeback"));
      EXPECT_NE(kernel_message(h.w, oops[0], -1).find("BUG: kernel NULL pointer dereference"), std::string::npos);
      EXPECT_TRUE(refused.empty());
      EXPECT_TRUE(blocked.empty());  // it died before sleeping
      EXPECT_EQ(h.w.tasks[static_cast<size_t>(manager)].state, TaskState::Dead);
      EXPECT_EQ(h.first_time(EventType::TaskExit), ms(3));
    } else {
      EXPECT_TRUE(oops.empty());
      ASSERT_EQ(refused.size(), 1u);
      EXPECT_EQ(refused[0].time, ms(3));
      EXPECT_EQ(refused[0].task, manager);
      EXPECT_EQ(blocked, (std::vector<Nanos>{ms(3)}));
      EXPECT_EQ(h.w.tasks[static_cast<size_t>(manager)].wait, WaitReason::Memory);
    }
    // Either way wb is not queued again (PENDING stays set: 0:2257, 118:2293). When wb
    // ends at 30 ms its worker takes w0 (keep_working()); the drain's flush is done then,
    // and the drain task runs once w0 has burnt its 1 ms (no preemption).
    EXPECT_EQ(h.times(EventType::ExecuteStart, sw.works.at("wb")), (std::vector<Nanos>{0}));
    EXPECT_EQ(h.first_time(EventType::ExecuteStart, sw.works.at("w0")), ms(30));
    EXPECT_EQ(h.first_time(EventType::DrainEnd), ms(31));
  }
}

// has_system_percpu_and_dfl_wq() ("workqueue: Add system_percpu_wq and system_dfl_wq",
// 6.12.85): workqueue_init_early() 118:7873-7885 makes system_percpu_wq right after
// system_wq and system_dfl_wq right after system_unbound_wq, named like them.
TEST(GenerationDifferences, SystemWorkqueuesInTheKernelsOrder) {
  const std::vector<std::string> v6_12_0 = {"events",           "events_highpri",         "events_long",
                                            "events_unbound",   "events_freezable",       "events_power_efficient",
                                            "events_freezable_pwr_efficient"};
  const std::vector<std::string> v6_12_118 = {"events",           "events",
                                              "events_highpri",   "events_long",
                                              "events_unbound",   "events_unbound",
                                              "events_freezable", "events_power_efficient",
                                              "events_freezable_pwr_efficient"};
  for (const KernelGeneration g : {k0, k118}) {
    MachineConfig c;
    c.kernel = g;
    const World w = boot(c);
    std::vector<std::string> names;
    for (const Workqueue& q : w.wq.wqs) names.push_back(q.name);
    EXPECT_EQ(names, g == k0 ? v6_12_0 : v6_12_118);
    if (g == k0) {
      EXPECT_EQ(w.wq.system_percpu_wq, -1);
      EXPECT_EQ(w.wq.system_dfl_wq, -1);
      continue;
    }
    EXPECT_EQ(w.wq.system_percpu_wq, w.wq.system_wq + 1);
    EXPECT_EQ(w.wq.system_dfl_wq, w.wq.system_unbound_wq + 1);
    const Workqueue& dfl = w.wq.wqs[static_cast<size_t>(w.wq.system_dfl_wq)];
    EXPECT_EQ(dfl.flags, WQ_UNBOUND);
    EXPECT_EQ(dfl.max_active, WQ_MAX_ACTIVE);
    // It shares system_unbound_wq's unbound pools (get_unbound_pool(), same attributes).
    EXPECT_EQ(w.wq.pwqs[static_cast<size_t>(dfl.dfl_pwq)].pool,
              w.wq.pwqs[static_cast<size_t>(w.wq.wqs[static_cast<size_t>(w.wq.system_unbound_wq)].dfl_pwq)].pool);
  }
}

// A scenario may name them only where they exist.
TEST(GenerationDifferences, NewSystemWorkqueueNamesNeedTheirKernel) {
  const std::string text = R"(
[machine]
cpus = 1
[[work]]
name = "w"
program = ["burn 1ms"]
[[at]]
time = "1ms"
do = ["queue_work system_percpu_wq w cpu=0", "queue_work system_dfl_wq w"]
)";
  ScenarioOptions o;
  o.kernel = k118;
  const ScenarioParse now = parse_scenario(text, "s.toml", o);
  ASSERT_TRUE(now.ok());
  const ScenarioWorld sw = build_world(*now.scenario);
  EXPECT_EQ(sw.workqueues.at("system_percpu_wq"), sw.world.wq.system_percpu_wq);
  EXPECT_EQ(sw.workqueues.at("system_dfl_wq"), sw.world.wq.system_dfl_wq);

  o.kernel = k0;
  const ScenarioParse old = parse_scenario(text, "s.toml", o);
  ASSERT_FALSE(old.ok());
  const std::string e = old.error->format();
  EXPECT_NE(e.find("s.toml:9:"), std::string::npos) << e;
  EXPECT_NE(e.find("`system_percpu_wq` does not exist in kernel 6.12.0"), std::string::npos) << e;
  EXPECT_NE(e.find("\"workqueue: Add system_percpu_wq and system_dfl_wq\" added it in Debian 6.12.85"),
            std::string::npos)
      << e;
}

// has_wq_percpu_flag() ("workqueue: Add new WQ_PERCPU flag", 6.12.100): WQ_PERCPU =
// 1 << 8 (h118:404), tested nowhere in 118's workqueue.c, so it only shows in the
// flags show_one_workqueue() prints (118:6374): WQ_PERCPU | WQ_MEM_RECLAIM = 0x108.
TEST(GenerationDifferences, WqPercpuFlag) {
  const std::string text = R"(
[machine]
cpus = 1
[params]
watchdog_thresh = 1
[[workqueue]]
name = "pc"
flags = ["WQ_PERCPU", "WQ_MEM_RECLAIM"]
[[work]]
name = "stuck"
program = ["burn 3s"]
[[work]]
name = "waiting"
program = ["burn 1ms"]
[[at]]
time = "1ms"
do = ["queue_work pc stuck cpu=0", "queue_work pc waiting cpu=0"]
)";
  ScenarioOptions o;
  o.kernel = k118;
  const ScenarioParse now = parse_scenario(text, "s.toml", o);
  ASSERT_TRUE(now.ok()) << now.error->format();
  const ScenarioWorld sw = build_world(*now.scenario);
  const Workqueue& pc = sw.world.wq.wqs[static_cast<size_t>(sw.workqueues.at("pc"))];
  EXPECT_EQ(pc.flags, WQ_PERCPU | WQ_MEM_RECLAIM);
  EXPECT_EQ(wq_flags_string(pc.flags), "WQ_MEM_RECLAIM|WQ_PERCPU");
  EXPECT_TRUE(pc.flags & WQ_PERCPU);
  EXPECT_FALSE(pc.flags & WQ_UNBOUND);  // still per-CPU only because it lacks WQ_UNBOUND
  // The stuck item hogs CPU 0 past the 1 s watchdog threshold while `waiting` waits.
  Harness h(sw.world);
  h.run_until(ms(2500));
  bool dumped = false;
  for (const Event& e : h.of(EventType::DumpWorkqueue))
    if (e.wq == sw.workqueues.at("pc")) {
      EXPECT_EQ(e.a, 0x108);
      dumped = true;
    }
  EXPECT_TRUE(dumped);

  o.kernel = k0;
  const ScenarioParse old = parse_scenario(text, "s.toml", o);
  ASSERT_FALSE(old.ok());
  const std::string e = old.error->format();
  EXPECT_NE(e.find("s.toml:8:"), std::string::npos) << e;
  EXPECT_NE(e.find("WQ_PERCPU does not exist in kernel 6.12.0"), std::string::npos) << e;
  EXPECT_NE(e.find("Debian 6.12.100"), std::string::npos) << e;
}

}  // namespace
}  // namespace cmwq::test
