// Line and event steps: the world changes at each kernel line of the rescuer's walk
// (rescuer_thread() in kernel/workqueue.c), Back returns to exactly the earlier point,
// and stepping never changes what happens next.
#include <algorithm>
#include <string>
#include <vector>

#include "core/invariants.h"
#include "core/simulation.h"
#include "core/world_view.h"
#include "harness.h"

namespace cmwq::test {
namespace {

// Workqueue @p name.
const Workqueue& wq_named(const World& w, const std::string& name) {
  for (const Workqueue& wq : w.wq.wqs)
    if (wq.name == name) return wq;
  return w.wq.wqs.front();
}

// The rescuer of workqueue @p wq_name: its index in WqState::workers.
int32_t rescuer_of(const World& w, const std::string& wq_name) { return wq_named(w, wq_name).rescuer; }

// Where the followed task is, as the step shows it: "rescuer_thread:attach".
std::string shown(const Simulation& sim) {
  const CodePosition* p = sim.line();
  if (!p || p->frames.empty()) return "";
  const KernelFrame& f = p->frames.back();
  return std::string(kernel_function_name(f.function)) + ":" + line_tag(f);
}

// Facts of the world the walk checks, as text, so two points compare in one assertion.
std::string fingerprint(const Simulation& sim) {
  const World& w = sim.world();
  std::string s = "t=" + std::to_string(w.now) + " ev=" + std::to_string(sim.events().size());
  for (const Worker& wk : w.wq.workers)
    s += " w" + std::to_string(wk.task) + ":" + std::to_string(wk.pool) + "/" +
         std::to_string(static_cast<int>(wk.label)) + "/" + std::to_string(wk.scheduled.first) + "/" +
         std::to_string(static_cast<int>(w.tasks[static_cast<size_t>(wk.task)].state));
  for (const WorkerPool& p : w.wq.pools) s += " p" + std::to_string(p.worklist.first) + "," + std::to_string(p.nr_running);
  for (const Workqueue& wq : w.wq.wqs) s += " m" + std::to_string(wq.maydays.size());
  return s + " free=" + std::to_string(w.mem.free);
}

bool is_mayday(const Event& e) { return e.type == EventType::MaydaySent; }

TEST(LineStep, TheWorldChangesAtEachLineOfTheRescuersWalk) {
  Simulation sim = load_shipped("starvation-rescuer.toml");
  ASSERT_GE(sim.run_until_event(is_mayday, ms(400)), 0);
  const int32_t rescuer = rescuer_of(sim.world(), "writeback");
  ASSERT_GE(rescuer, 0);
  const int32_t task = find_worker(sim.world(), rescuer)->task;
  const int32_t wb = sim.names().works.at("wb");
  const int32_t pool = find_pwq(sim.world(), wq_named(sim.world(), "writeback").cpu_pwq[0])->pool;
  EXPECT_EQ(wq_named(sim.world(), "writeback").maydays.size(), 1u);  // send_mayday() put the pwq there

  std::vector<std::string> walk;
  std::vector<std::string> prints{fingerprint(sim)};
  for (int i = 0; i < 20 && sim.step(StepSize::Line, task); ++i) {
    walk.push_back(shown(sim));
    prints.push_back(fingerprint(sim));
    const World& w = sim.world();
    const Worker& r = *find_worker(w, rescuer);
    const std::string& at = walk.back();
    if (at == "rescuer_thread:maydays") {
      EXPECT_TRUE(wq_named(w, "writeback").maydays.empty()) << "list_del_init(&pwq->mayday_node) took it";
      EXPECT_EQ(r.pool, -1) << "not attached yet";
    }
    if (at == "rescuer_thread:attach") {
      EXPECT_EQ(r.pool, pool) << "worker_attach_to_pool() ran";
    }
    if (at == "assign_rescuer_work:assign_work") {
      EXPECT_EQ(r.scheduled.first, wb) << "assign_work() moved wb to rescuer->scheduled";
      EXPECT_EQ(find_work(w, wb)->entry.kind, WorkListKind::WorkerScheduled);
    }
    if (at == "assign_rescuer_work:walk") {
      EXPECT_EQ(r.scheduled.first, -1) << "not assigned yet";
    }
    if (at == "process_one_work:current_func") {
      EXPECT_EQ(r.current_work, wb) << "process_one_work() took wb";
    }
    if (at == "work_function:op" && r.pc == 0) {
      EXPECT_EQ(w.tasks[static_cast<size_t>(task)].state, TaskState::Uninterruptible)
          << "wb_workfn sleeps 150 ms (its first operation)";
    }
  }
  // The walk of 6.12.118's rescuer_thread(), one kernel line a step (code_position.h). A
  // call shows its call line before the callee's lines; the search passes q0's three
  // works (w0, w1, w2: not of this pwq) before it finds wb.
  const std::vector<std::string> expected{"rescuer_thread:maydays",
                                          "rescuer_thread:attach",
                                          "rescuer_thread:assign_rescuer_work",
                                          "assign_rescuer_work:search",
                                          "assign_rescuer_work:walk",
                                          "assign_rescuer_work:walk",
                                          "assign_rescuer_work:walk",
                                          "assign_rescuer_work:walk",
                                          "assign_rescuer_work:assign_work",
                                          "assign_rescuer_work:rescued",
                                          "assign_rescuer_work:move_cursor",
                                          "assign_rescuer_work:return_true",
                                          "rescuer_thread:process",
                                          "process_scheduled_works:next",
                                          "process_one_work:current_func",
                                          "work_function:op"};
  ASSERT_GE(walk.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(walk[i], expected[i]) << "step " << i << " of " << ::testing::PrintToString(walk);

  // Back, step by step, gives exactly each earlier point.
  for (size_t i = prints.size() - 1; i > 0; --i) {
    ASSERT_TRUE(sim.step_back());
    EXPECT_EQ(fingerprint(sim), prints[i - 1]) << "back to point " << i - 1;
  }
}

TEST(LineStep, SteppingNeverChangesWhatHappensNext) {
  Simulation plain = load_shipped("starvation-rescuer.toml");
  plain.run_until(ms(400));
  Simulation stepped = load_shipped("starvation-rescuer.toml");
  ASSERT_GE(stepped.run_until_event(is_mayday, ms(400)), 0);
  const int32_t task = find_worker(stepped.world(), rescuer_of(stepped.world(), "writeback"))->task;
  for (int i = 0; i < 20; ++i) stepped.step(i % 3 == 0 ? StepSize::Event : StepSize::Line, task);
  stepped.run_until(ms(400));
  ASSERT_EQ(stepped.events().size(), plain.events().size());
  for (size_t i = 0; i < plain.events().size(); ++i) {
    ASSERT_EQ(stepped.events()[i].seq, plain.events()[i].seq);
    ASSERT_EQ(stepped.events()[i].type, plain.events()[i].type) << "event " << i;
  }
}

TEST(LineStep, EventStepsShowOneEventEach) {
  Simulation sim = load_shipped("starvation-rescuer.toml");
  sim.run_until(ms(5));
  size_t before = sim.events().size();
  for (int i = 0; i < 40 && sim.step(StepSize::Event); ++i) {
    EXPECT_EQ(sim.events().size(), before + 1) << "step " << i;
    before = sim.events().size();
  }
}

TEST(LineStep, AUserActionBetweenLinesActsAfterTheAction) {
  Simulation sim = load_shipped("starvation-rescuer.toml");
  ASSERT_GE(sim.run_until_event(is_mayday, ms(400)), 0);
  const int32_t task = find_worker(sim.world(), rescuer_of(sim.world(), "writeback"))->task;
  ASSERT_TRUE(sim.step(StepSize::Line, task));
  ASSERT_TRUE(sim.inside().has_value());
  const uint64_t action = sim.inside()->action;
  ScriptedAction release;
  release.op = ScriptOp::Release;
  release.count = 1;
  sim.inject(release);
  EXPECT_FALSE(sim.inside().has_value());
  EXPECT_EQ(sim.actions(), action + 1) << "the action finished first";
}

}  // namespace
}  // namespace cmwq::test

namespace cmwq::test {
namespace {

// One line step of lab 5's scenario: what the step shows and the world there.
struct WalkStep {
  std::string line;
  World world;
};

// The walk of lab 5's scenario under @p kernel: the rescuer's lines after the first
// mayday, or (@p manager) the pool's only worker's from just before the works are queued.
std::vector<WalkStep> walk_lab5(KernelGeneration kernel, bool manager, int steps, int32_t& task) {
  Simulation sim(scenario_world(source_file("labs/05-mem-reclaim/starvation.toml"), kernel), ms(400));
  if (manager) {
    sim.run_until(ms(1) - 1);
    task = task_named(sim.world(), "kworker/0:0");
  } else {
    sim.run_until_event(is_mayday, ms(400));
    task = find_worker(sim.world(), rescuer_of(sim.world(), "writeback"))->task;
  }
  std::vector<WalkStep> walk;
  for (int i = 0; i < steps && sim.step(StepSize::Line, task); ++i) walk.push_back(WalkStep{shown(sim), sim.world()});
  return walk;
}

std::vector<std::string> lines_of(const std::vector<WalkStep>& walk, size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n && i < walk.size(); ++i) out.push_back(walk[i].line);
  return out;
}

// v6.12.0's rescuer takes every item of the pwq in one pass of the worklist (the slurp).
TEST(LineStep, TheV6_12_0RescuerSlurpsTheWorklist) {
  int32_t task = -1;
  const std::vector<WalkStep> walk = walk_lab5(KernelGeneration::V6_12_0, false, 10, task);
  const std::vector<std::string> expected{
      "rescuer_thread:maydays", "rescuer_thread:attach",  "rescuer_thread:slurp",           "rescuer_thread:slurp",
      "rescuer_thread:slurp",   "rescuer_thread:slurp",   "rescuer_thread:assign",          "rescuer_thread:process",
      "process_scheduled_works:next", "process_one_work:current_func"};
  EXPECT_EQ(lines_of(walk, expected.size()), expected);
  ASSERT_EQ(walk.size(), expected.size());
  const auto rescuer = [&](size_t i) { return *find_worker(walk[i].world, worker_of_task(walk[i].world, task)); };
  EXPECT_EQ(rescuer(5).scheduled.first, -1) << "the fourth pass has not taken wb yet";
  EXPECT_GE(rescuer(6).scheduled.first, 0) << "assign_work() moved wb to rescuer->scheduled";
  EXPECT_EQ(rescuer(0).pool, -1);
  EXPECT_GE(rescuer(1).pool, 0) << "attached from the attach line on";
}

// The manager's walk through maybe_create_worker() and create_worker(), blocking in
// direct reclaim at alloc_worker() until writeback frees pages.
TEST(LineStep, TheManagerBlocksInReclaimAtAllocWorker) {
  int32_t task = -1;
  const std::vector<WalkStep> walk = walk_lab5(KernelGeneration::V6_12_118, true, 11, task);
  const std::vector<std::string> expected{"worker_thread:woke_up",
                                          "worker_thread:recheck",
                                          "manage_workers:maybe_create_worker",
                                          "maybe_create_worker:mod_timer",
                                          "maybe_create_worker:create_worker",
                                          "create_worker:ida_alloc",
                                          "create_worker:alloc_worker",
                                          "create_worker:alloc_worker",
                                          "create_worker:kthread_create",
                                          "create_worker:kthread_create",
                                          "maybe_create_worker:del_timer"};
  ASSERT_EQ(lines_of(walk, expected.size()), expected);
  const auto timer_pending = [&](size_t i) {
    const World& w = walk[i].world;
    const int32_t pool = find_worker(w, worker_of_task(w, task))->pool;
    return w.timers[static_cast<size_t>(find_pool(w, pool)->mayday_timer)].pending;
  };
  EXPECT_FALSE(timer_pending(2));
  EXPECT_TRUE(timer_pending(3)) << "mod_timer(&pool->mayday_timer, ...) armed it";
  const World& blocked = walk[6].world;
  EXPECT_EQ(blocked.tasks[static_cast<size_t>(task)].state, TaskState::Uninterruptible) << "asleep in direct reclaim";
  EXPECT_EQ(blocked.mem.reclaim_waiters.size(), 1u);
  EXPECT_GE(walk[7].world.now, ms(150)) << "alloc_worker() returns once writeback freed pages";
  EXPECT_TRUE(timer_pending(9));
  EXPECT_FALSE(timer_pending(10)) << "del_timer_sync(&pool->mayday_timer)";
}

}  // namespace
}  // namespace cmwq::test

namespace cmwq::test {
namespace {

// Lab 5's scenario under 6.12.118: the rescuer takes wb through assign_rescuer_work(),
// one item behind the cursor, where v6.12.0 slurps (above).
TEST(LineStep, The6_12_118RescuerOfLab5AssignsBehindTheCursor) {
  int32_t task = -1;
  const std::vector<WalkStep> walk = walk_lab5(KernelGeneration::V6_12_118, false, 14, task);
  const std::vector<std::string> expected{"rescuer_thread:maydays", "rescuer_thread:attach",
                                          "rescuer_thread:assign_rescuer_work", "assign_rescuer_work:search"};
  EXPECT_EQ(lines_of(walk, expected.size()), expected);
  const auto at = std::find_if(walk.begin(), walk.end(), [](const WalkStep& s) { return s.line == "assign_rescuer_work:move_cursor"; });
  ASSERT_NE(at, walk.end());
  const Worker& r = *find_worker(at->world, worker_of_task(at->world, task));
  const int32_t cursor = find_pwq(at->world, r.rescue_pwq)->mayday_cursor;
  ASSERT_GE(cursor, 0);
  EXPECT_EQ(find_work(at->world, cursor)->entry.kind, WorkListKind::PoolWorklist) << "the cursor stands on the worklist";
}

}  // namespace
}  // namespace cmwq::test

namespace cmwq::test {
namespace {

// Between two kernel lines some consistency checks need not hold (a worker that left the
// idle list is counted busy only a line later); at the action's end they all do.
TEST(LineStep, TheSettledWorldKeepsTheInvariants) {
  Simulation sim = load_shipped("starvation-rescuer.toml");
  sim.run_until(ms(1) - 1);
  const int32_t task = task_named(sim.world(), "kworker/0:0");
  for (int i = 0; i < 30 && sim.step(StepSize::Line, task); ++i)
    EXPECT_EQ(check_invariants(sim.settled_world()), "") << "after line step " << i;
}

}  // namespace
}  // namespace cmwq::test
