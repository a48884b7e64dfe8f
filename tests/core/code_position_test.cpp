// code_position(): where a task stands in the kernel's code. Each expectation follows
// kernel/workqueue.c (v6.12) and kernel/kthread.c, as the comments say:
// - worker_thread(): `woke_up:` ... `recheck: if (!need_more_worker(pool)) goto sleep;`
//   `if (unlikely(!may_start_working(pool)) && manage_workers(worker)) goto recheck;`
//   ... `do { ... if (assign_work(work, worker, NULL)) process_scheduled_works(worker); }`
//   ... `sleep: worker_enter_idle(worker); __set_current_state(TASK_IDLE); ... schedule();`
// - manage_workers() calls maybe_create_worker(pool), which arms the mayday timer and
//   loops on `if (create_worker(pool) || !need_to_create_worker(pool)) break;`;
//   create_worker() does `id = ida_alloc(...)`, then `worker = alloc_worker(pool->node)`
//   (kzalloc_node(GFP_KERNEL): may sleep in direct reclaim), then
//   `worker->task = kthread_create_on_node(worker_thread, ...)`.
// - process_scheduled_works() calls process_one_work(worker, work), which calls
//   `worker->current_func(work)`: the work's own function.
// - rescuer_thread(): `repeat: set_current_state(TASK_IDLE); ... while
//   (!list_empty(&wq->maydays)) { ... worker_attach_to_pool(rescuer, pool); ... slurp
//   ... process_scheduled_works(rescuer); ... } ... schedule(); goto repeat;`; with
//   kthread_should_stop() and no mayday left it returns 0.
// - pool_mayday_timeout() -> send_mayday() -> wake_up_process(wq->rescuer->task).
// - kthread(): `complete(done); schedule_preempt_disabled(); ... ret = threadfn(data);`
// - destroy_workqueue(): `drain_workqueue(wq);` (`reflush: __flush_workqueue(wq);` until
//   every pwq is empty), then `kthread_stop(rescuer->task);`, which wakes the rescuer and
//   waits for it to exit.
#include "core/workqueue/code_position.h"

#include <set>
#include <string>

#include "harness.h"

namespace cmwq::test {
namespace {

std::string where(const World& w, const std::string& comm) {
  return position_text(code_position(w, task_named(w, comm)));
}

const Task& task(const World& w, const std::string& comm) { return w.tasks[static_cast<size_t>(task_named(w, comm))]; }

// The frames a worker executing a work item has above the work's function.
const std::string kWorkerExecuting =
    "worker_thread:process > process_scheduled_works:process_one_work > process_one_work:current_func";
const std::string kRescuerExecuting =
    "rescuer_thread:process > process_scheduled_works:process_one_work > process_one_work:current_func";

// starvation-rescuer.toml: one CPU, memory hogged at 0 ms, three works allocating on q0
// at 1 ms; the writeback work wb (WQ_MEM_RECLAIM) sleeps 150 ms, then frees pages.
TEST(CodePosition, StarvationManagerBlocksInAllocWorker) {
  Simulation sim = load_shipped("starvation-rescuer.toml");
  sim.run_until(us(500));
  // Nothing queued yet: the pool's only worker sleeps after `sleep: ... schedule();`.
  EXPECT_EQ(where(sim.world(), "kworker/0:0"), "worker_thread:schedule");
  // At 1 ms it wakes for w0; no idle worker is left (may_start_working() is false), so
  // it takes the manager role; alloc_worker()'s GFP_KERNEL allocation blocks in reclaim.
  const int64_t i =
      sim.run_until_event([](const Event& e) { return e.type == EventType::AllocBlocked && e.work < 0; }, ms(100));
  ASSERT_GE(i, 0);
  const World& w = sim.world();
  EXPECT_EQ(sim.events()[static_cast<size_t>(i)].task, task_named(w, "kworker/0:0"));
  EXPECT_EQ(where(w, "kworker/0:0"),
            "worker_thread:manage > manage_workers:maybe_create_worker > maybe_create_worker:create_worker > "
            "create_worker:alloc_worker");
  EXPECT_EQ(task(w, "kworker/0:0").wait, WaitReason::Memory);
  // The innermost frame is the line itself, typed: create_worker()'s alloc_worker().
  const CodePosition p = code_position(w, task_named(w, "kworker/0:0"));
  ASSERT_FALSE(p.frames.empty());
  EXPECT_EQ(p.frames.back(), KernelFrame(CreateWorkerLine::AllocWorker));
  ASSERT_NE(p.find(KernelFunction::ManageWorkers), nullptr);
  EXPECT_EQ(p.find(KernelFunction::WorkFunction), nullptr);
  // The other pools' workers stay idle in schedule().
  EXPECT_EQ(where(w, "kworker/0:0H"), "worker_thread:schedule");
}

TEST(CodePosition, StarvationRescuerAfterTheMayday) {
  Simulation sim = load_shipped("starvation-rescuer.toml");
  sim.run_until(ms(5));
  // Before any mayday the rescuer sleeps in rescuer_thread()'s schedule().
  EXPECT_EQ(where(sim.world(), "kworker/R-writeback"), "rescuer_thread:schedule");
  // The mayday timer finds the pool still starving and send_mayday() wakes the rescuer:
  // runnable, it resumes at `repeat:` and looks at wq->maydays.
  ASSERT_GE(sim.run_until_event([](const Event& e) { return e.type == EventType::MaydaySent; }, ms(100)), 0);
  EXPECT_EQ(where(sim.world(), "kworker/R-writeback"), "rescuer_thread:maydays");
  EXPECT_EQ(task(sim.world(), "kworker/R-writeback").state, TaskState::Running);
  // The manager is still in create_worker()'s allocation.
  EXPECT_EQ(where(sim.world(), "kworker/0:0"),
            "worker_thread:manage > manage_workers:maybe_create_worker > maybe_create_worker:create_worker > "
            "create_worker:alloc_worker");
  // It attaches to the pool, takes wb and runs it: wb_workfn's first statement is its
  // 150 ms sleep.
  sim.run_until(ms(50));
  const World& w = sim.world();
  EXPECT_EQ(where(w, "kworker/R-writeback"), kRescuerExecuting + " > work_function:op#0");
  EXPECT_EQ(task(w, "kworker/R-writeback").wait, WaitReason::Hrtimer);
  const CodePosition p = code_position(w, task_named(w, "kworker/R-writeback"));
  const int32_t wb = sim.names().works.at("wb");
  ASSERT_EQ(p.frames.size(), 4u);
  EXPECT_EQ(p.frames[2].work, wb);
  EXPECT_EQ(p.frames[3], KernelFrame::work_op(wb, 0));
}

// kthreadd forks the manager's new worker; the new thread parks in kthread() until
// create_worker() wakes it, then starts worker_thread() and goes idle.
TEST(CodePosition, NewWorkerStartsInKthread) {
  Simulation sim = load_shipped("starvation-rescuer.toml");
  ASSERT_GE(sim.run_until_event([](const Event& e) { return e.type == EventType::WorkerCreated && e.b == 0; }, ms(400)),
            0);
  // wake_up_process(worker->task) ran: woken, about to call threadfn(data).
  EXPECT_EQ(where(sim.world(), "kworker/0:1"), "kthread:threadfn");
  sim.run_until(ms(300));
  EXPECT_EQ(where(sim.world(), "kworker/0:1"), "worker_thread:schedule");
  EXPECT_EQ(where(sim.world(), "kthreadd"), "kthreadd:schedule");
}

// Documentation/core-api/workqueue.rst's w0: burn 5 ms, sleep 10 ms, burn 5 ms.
TEST(CodePosition, WorkerInsideItsWorksSleep) {
  Harness h;
  const int32_t q = alloc_workqueue(h.w, "q", 0, 0);
  const int32_t p =
      add_program(h.w, burn_sleep("w0_fn", {{OpCode::Burn, ms(5)}, {OpCode::Sleep, ms(10)}, {OpCode::Burn, ms(5)}}));
  const int32_t w0 = init_work(h.w, "w0", p);
  queue_at(h, 0, q, w0);
  h.run_until(ms(2));
  int32_t worker = -1;
  for (const Event& e : h.of(EventType::ExecuteStart))
    if (e.work == w0) worker = e.task;
  ASSERT_GE(worker, 0);
  // Burning its first statement, on the CPU.
  EXPECT_EQ(position_text(code_position(h.w, worker)), kWorkerExecuting + " > work_function:op#0");
  EXPECT_TRUE(h.w.tasks[static_cast<size_t>(worker)].on_cpu);
  h.run_until(ms(8));
  // Asleep in the second: the sleep.
  EXPECT_EQ(position_text(code_position(h.w, worker)), kWorkerExecuting + " > work_function:op#1");
  EXPECT_EQ(h.w.tasks[static_cast<size_t>(worker)].wait, WaitReason::Hrtimer);
  h.run_until(ms(30));
  // Done at 20 ms: back to sleep: in worker_thread().
  EXPECT_EQ(position_text(code_position(h.w, worker)), "worker_thread:schedule");
}

// drain-destroy.toml: a task calls destroy_workqueue(q) at 0 ms; q's works chain until 20 ms.
TEST(CodePosition, DestroyCallerDrainsThenStopsTheRescuer) {
  Simulation sim = load_shipped("drain-destroy.toml");
  const int32_t q = sim.names().workqueues.at("q");
  sim.run_until(ms(10));
  EXPECT_EQ(where(sim.world(), "destroy/q"), "destroy_workqueue:drain > drain_workqueue:flush");
  const CodePosition p = code_position(sim.world(), task_named(sim.world(), "destroy/q"));
  ASSERT_EQ(p.frames.size(), 2u);
  EXPECT_EQ(p.frames[0], KernelFrame(DestroyWorkqueueLine::Drain, q));
  EXPECT_EQ(p.frames[1], KernelFrame(DrainWorkqueueLine::Flush, q));
  // Drained: kthread_stop() of the rescuer, which wakes it and waits for it to exit.
  ASSERT_GE(sim.run_until_event([](const Event& e) { return e.type == EventType::DrainEnd; }, ms(100)), 0);
  EXPECT_EQ(where(sim.world(), "destroy/q"), "destroy_workqueue:kthread_stop");
  // The rescuer returns from rescuer_thread(); destroy_workqueue() returns and its task exits.
  sim.run_until(ms(30));
  EXPECT_EQ(where(sim.world(), "kworker/R-q"), "rescuer_thread:return");
  EXPECT_EQ(where(sim.world(), "destroy/q"), "");
}

// Every live kernel thread of these runs has a position after every action: workers and
// rescuers in their thread function, each line a known one, each work frame on an
// operation of the work's program (or just past its last one).
TEST(CodePosition, EveryThreadHasAKnownPositionAfterEveryAction) {
  for (const char* name : {"starvation-rescuer.toml", "drain-destroy.toml", "hotplug.toml", "cpu-hog.toml",
                           "flush-dependency.toml", "dependent-reclaim-one-wq.toml"}) {
    SCOPED_TRACE(name);
    const Simulation sim = load_shipped(name);
    World w = sim.names().world;
    int actions = 0;
    while (next_action_time(w) >= 0 && next_action_time(w) <= sim.until()) {
      step(w);
      take_events(w);
      ++actions;
      for (size_t t = 0; t < w.tasks.size(); ++t) {
        const Task& tk = w.tasks[t];
        const CodePosition p = code_position(w, static_cast<int32_t>(t));
        if (tk.kind == TaskKind::Caller && tk.state == TaskState::Dead) {
          EXPECT_TRUE(p.frames.empty());
          continue;
        }
        ASSERT_FALSE(p.frames.empty()) << tk.comm << " at " << w.now;
        const KernelFunction outer = p.frames.front().function;
        if (tk.kind == TaskKind::Worker && tk.kthread_phase == 2) {
          EXPECT_EQ(outer, KernelFunction::WorkerThread);
        }
        if (tk.kind == TaskKind::Rescuer) {
          EXPECT_EQ(outer, KernelFunction::RescuerThread);
        }
        for (const KernelFrame& f : p.frames) {
          EXPECT_STRNE(line_tag(f), "?") << tk.comm << ": " << position_text(p);
          if (f.function != KernelFunction::WorkFunction) continue;
          const int32_t prog = w.wq.works[static_cast<size_t>(f.work)].program;
          EXPECT_GE(f.line, 0);
          EXPECT_LE(f.line, static_cast<int32_t>(w.programs[static_cast<size_t>(prog)].ops.size()));
        }
      }
    }
    EXPECT_GT(actions, 5);
  }
}

// Positions are told apart by their tags: within a function no two lines share one.
TEST(CodePosition, EveryLineOfAFunctionHasItsOwnTag) {
  for (int f = 0; f <= static_cast<int>(KernelFunction::DestroyWorkqueue); ++f) {  // the enum's last
    const auto function = static_cast<KernelFunction>(f);
    if (function == KernelFunction::WorkFunction) continue;  // its lines are operation numbers
    SCOPED_TRACE(kernel_function_name(function));
    std::set<std::string> tags;
    KernelFrame k;
    k.function = function;
    for (k.line = 0; std::string(line_tag(k)) != "?"; ++k.line) EXPECT_TRUE(tags.insert(line_tag(k)).second);
    EXPECT_GE(tags.size(), 1u);
  }
}

TEST(CodePosition, NoSuchTaskHasNoPosition) {
  Harness h;
  EXPECT_TRUE(code_position(h.w, -1).frames.empty());
  EXPECT_TRUE(code_position(h.w, static_cast<int32_t>(h.w.tasks.size())).frames.empty());
}

}  // namespace
}  // namespace cmwq::test
