// drain_workqueue() and destroy_workqueue() (kernel/workqueue.c, v6.12). Every expected
// value below is derived from the kernel source, as each comment explains:
// - drain_workqueue(): nr_drainers++ sets __WQ_DRAINING; then `reflush: __flush_workqueue(wq)`
//   and, while some pwq is not pwq_is_empty() (nr_active == 0 and no inactive items),
//   ++flush_cnt and goto reflush; pr_warn("workqueue %s: %s() isn't complete after %u tries")
//   when flush_cnt == 10 or (flush_cnt % 100 == 0 && flush_cnt <= 1000); the last drainer
//   clears __WQ_DRAINING.
// - __queue_work(): if wq->flags & (__WQ_DESTROYING | __WQ_DRAINING) and
//   WARN_ON_ONCE(!is_chained_work(wq)), return (the item is dropped, PENDING stays set).
// - destroy_workqueue(): __WQ_DESTROYING, drain_workqueue(), wq->rescuer = NULL and
//   kthread_stop() of the rescuer, then for each pwq WARN_ON(pwq_busy(pwq)) ->
//   pr_warn("%s: %s has the following busy pwq"), show_pwq(), show_one_workqueue(), return.
// - __flush_workqueue(): a flush waits only for the items of the work colour current when
//   it starts; items queued later get the next colour.
#include <algorithm>

#include "core/trace/format.h"
#include "core/workqueue/internal.h"
#include "harness.h"

namespace cmwq::test {
namespace {

std::vector<Event> warns(const Harness& h, WarnKind kind) {
  std::vector<Event> out;
  for (const Event& e : h.of(EventType::Warn))
    if (e.a == static_cast<int64_t>(kind)) out.push_back(e);
  return out;
}

// A chain A -> B -> C, each queued by the one before it while it runs (chained work).
// The drain starts at 0 on CPU 1 with A in flight: its first flush (colour 0) waits for A;
// A queues B with colour 1, so when A ends (1 ms) B is still there: flush_cnt = 1 and a
// second flush waits for B (1-3 ms), which queues C: flush_cnt = 2, a third flush waits
// for C (3-6 ms). Then every pwq is empty and drain_workqueue() returns at 6 ms.
TEST(DrainDestroy, DrainWaitsForChainedWork) {
  Harness h(with_cpus(2));
  const int32_t q = alloc_workqueue(h.w, "q", 0, 0);
  const int32_t c = init_work(h.w, "C", add_program(h.w, Program{"c_fn", {op(OpCode::Burn, -1, -1, ms(3))}}));
  const int32_t b = init_work(
      h.w, "B", add_program(h.w, Program{"b_fn", {op(OpCode::Burn, -1, -1, ms(2)), op(OpCode::QueueWork, q, c)}}));
  const int32_t a = init_work(
      h.w, "A", add_program(h.w, Program{"a_fn", {op(OpCode::Burn, -1, -1, ms(1)), op(OpCode::QueueWork, q, b)}}));
  queue_at(h, 0, q, a);
  act(h, 0, ScriptOp::DrainWorkqueue, q, -1, -1, /*from=*/1);
  h.run_until(ms(2));
  // While draining: __WQ_DRAINING is set and nr_drainers is 1.
  EXPECT_TRUE(h.w.wq.wqs[static_cast<size_t>(q)].flags & __WQ_DRAINING);
  EXPECT_EQ(h.w.wq.wqs[static_cast<size_t>(q)].nr_drainers, 1);
  h.run_until(ms(20));
  ASSERT_EQ(h.of(EventType::DrainStart).size(), 1u);
  EXPECT_EQ(h.first_time(EventType::DrainStart), 0);
  EXPECT_EQ(h.of(EventType::DrainStart)[0].a, 1) << "nr_drainers after the increment";
  // Chained queueing is allowed: B and C ran.
  EXPECT_EQ(h.first_time(EventType::ExecuteEnd, b), ms(3));
  EXPECT_EQ(h.first_time(EventType::ExecuteEnd, c), ms(6));
  ASSERT_EQ(h.of(EventType::DrainEnd).size(), 1u);
  EXPECT_EQ(h.first_time(EventType::DrainEnd), ms(6));
  EXPECT_EQ(h.of(EventType::DrainEnd)[0].a, 2) << "two flushes found chained work (B, then C)";
  EXPECT_TRUE(h.of(EventType::DrainIncomplete).empty()) << "the message starts at the 10th try";
  EXPECT_TRUE(h.of(EventType::Warn).empty());
  // The last drainer clears __WQ_DRAINING; the caller task exits.
  EXPECT_FALSE(h.w.wq.wqs[static_cast<size_t>(q)].flags & __WQ_DRAINING);
  EXPECT_EQ(h.w.wq.wqs[static_cast<size_t>(q)].nr_drainers, 0);
  const int32_t caller = h.of(EventType::DrainStart)[0].task;
  EXPECT_EQ(task_name(h.w, caller), "drain/q");
  EXPECT_EQ(h.w.tasks[static_cast<size_t>(caller)].state, TaskState::Dead);
}

// Queueing from outside the workqueue (a scripted action runs in no task, so
// current_wq_worker() is NULL and is_chained_work() is false) while it drains: the item is
// dropped with WARN_ON_ONCE, which prints once; v6.12 returns without clearing PENDING,
// so a later queue_work() of the same item returns false even after the drain.
TEST(DrainDestroy, NonChainedQueueDuringDrainWarnsOnceAndIsDropped) {
  Harness h(with_cpus(2));
  const int32_t q = alloc_workqueue(h.w, "q", 0, 0);
  const int32_t a = init_work(h.w, "A", add_program(h.w, Program{"a_fn", {op(OpCode::Sleep, -1, -1, ms(10))}}));
  const int32_t d = init_work(h.w, "D", add_program(h.w, Program{"d_fn", {op(OpCode::Burn, -1, -1, ms(1))}}));
  const int32_t e = init_work(h.w, "E", add_program(h.w, Program{"e_fn", {op(OpCode::Burn, -1, -1, ms(1))}}));
  queue_at(h, 0, q, a);
  act(h, 0, ScriptOp::DrainWorkqueue, q, -1, -1, /*from=*/1);
  queue_at(h, ms(2), q, d);
  queue_at(h, ms(3), q, e);
  h.run_until(ms(30));
  const std::vector<Event> w = warns(h, WarnKind::QueueOnDraining);
  ASSERT_EQ(w.size(), 1u) << "WARN_ON_ONCE: one message for two refused items";
  EXPECT_EQ(w[0].time, ms(2));
  EXPECT_EQ(w[0].work, d);
  EXPECT_EQ(kernel_message(h.w, w[0]), "WARNING: CPU: 0 PID: 0 at kernel/workqueue.c __queue_work");
  // Neither refused item reached trace_workqueue_queue_work() or ran.
  for (const Event& ev : h.of(EventType::QueueWork)) EXPECT_TRUE(ev.work != d && ev.work != e);
  EXPECT_EQ(h.first_time(EventType::ExecuteStart, d), -1);
  EXPECT_EQ(h.first_time(EventType::ExecuteStart, e), -1);
  // The drain only waited for A (0-10 ms), with no retries.
  EXPECT_EQ(h.first_time(EventType::DrainEnd), ms(10));
  EXPECT_EQ(h.of(EventType::DrainEnd)[0].a, 0);
  // v6.12 leaves PENDING set on the dropped item: queueing it again fails.
  EXPECT_TRUE(work_pending(h.w, d));
  EXPECT_FALSE(queue_work_on(h.w, 0, q, d));
}

// A work that requeues itself forever: every flush finds the next instance, so the drain
// never ends. Instance k runs from k-1 to k ms and the k-th flush ends with it, so
// flush_cnt == k at k ms: the message prints at 10 ms, then at 100, 200, ... 1000 ms
// (flush_cnt % 100 == 0 && flush_cnt <= 1000), and never after 1000.
TEST(DrainDestroy, IncompleteMessageAtTheKernelsTryCounts) {
  Harness h(with_cpus(2));
  const int32_t q = alloc_workqueue(h.w, "q", 0, 0);
  const int32_t prog = add_program(h.w, Program{"loop_fn", {}});
  const int32_t s = init_work(h.w, "S", prog);
  h.w.programs[static_cast<size_t>(prog)].ops = {op(OpCode::Burn, -1, -1, ms(1)), op(OpCode::QueueWork, q, s)};
  queue_at(h, 0, q, s);
  act(h, 0, ScriptOp::DrainWorkqueue, q, -1, -1, /*from=*/1);
  h.run_until(ms(1250));
  const std::vector<Event> msgs = h.of(EventType::DrainIncomplete);
  std::vector<int64_t> tries;
  std::vector<Nanos> at;
  for (const Event& e : msgs) {
    tries.push_back(e.a);
    at.push_back(e.time);
  }
  EXPECT_EQ(tries, (std::vector<int64_t>{10, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000}));
  EXPECT_EQ(at, (std::vector<Nanos>{ms(10), ms(100), ms(200), ms(300), ms(400), ms(500), ms(600), ms(700), ms(800),
                                    ms(900), ms(1000)}));
  ASSERT_FALSE(msgs.empty());
  EXPECT_EQ(kernel_message(h.w, msgs[0]), "workqueue q: drain_workqueue() isn't complete after 10 tries");
  EXPECT_TRUE(h.of(EventType::DrainEnd).empty());
  EXPECT_TRUE(h.of(EventType::Warn).empty()) << "a pr_warn(), not a WARN; the requeue is chained";
}

// destroy_workqueue() of a WQ_MEM_RECLAIM workqueue: drain (W runs 0-1 ms), then the
// rescuer is stopped (wq->rescuer = NULL, kthread_stop(): it finds no maydays and exits),
// the pwqs are idle, so the base references are put and the workqueue is gone. Its
// worker struct, task struct and stack are freed. Queueing on it afterwards is a
// use-after-free in the kernel; the model WARNs and ignores it (our choice).
TEST(DrainDestroy, DestroyStopsTheRescuer) {
  Harness h(with_cpus(2));
  const int32_t q = alloc_workqueue(h.w, "q", WQ_MEM_RECLAIM, 0);
  const int32_t rescuer = h.w.wq.wqs[static_cast<size_t>(q)].rescuer;
  ASSERT_GE(rescuer, 0);
  const int32_t rescuer_task = h.w.wq.workers[static_cast<size_t>(rescuer)].task;
  const int32_t w0 = init_work(h.w, "W", add_program(h.w, Program{"w_fn", {op(OpCode::Burn, -1, -1, ms(1))}}));
  queue_at(h, 0, q, w0);
  act(h, 0, ScriptOp::DestroyWorkqueue, q, -1, -1, /*from=*/1);
  queue_at(h, ms(5), q, w0);
  h.run_until(ms(10));
  EXPECT_EQ(h.first_time(EventType::DestroyStart), 0);
  EXPECT_EQ(h.first_time(EventType::DrainEnd), ms(1));
  // The rescuer exits at once: nothing to rescue, kthread_should_stop().
  const std::vector<Event> gone = h.of(EventType::WorkerDestroyed);
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].task, rescuer_task);
  EXPECT_EQ(gone[0].b, 1);
  EXPECT_EQ(gone[0].time, ms(1));
  EXPECT_EQ(h.w.tasks[static_cast<size_t>(rescuer_task)].state, TaskState::Dead);
  EXPECT_EQ(h.w.wq.wqs[static_cast<size_t>(q)].rescuer, -1);
  // kfree(rescuer) and the exited thread: the pages init_rescuer() took come back. (The
  // pool also grew a worker meanwhile, so count the freeing, not the total.)
  std::vector<Event> freed;
  for (const Event& e : h.of(EventType::PagesFreed))
    if (e.b == static_cast<int64_t>(PagesFreedReason::WorkerExit)) freed.push_back(e);
  ASSERT_EQ(freed.size(), 1u);
  EXPECT_EQ(freed[0].a, WORKER_STRUCT_PAGES + TASK_STRUCT_PAGES + THREAD_STACK_PAGES);
  EXPECT_EQ(freed[0].time, ms(1));
  const std::vector<Event> end = h.of(EventType::DestroyEnd);
  ASSERT_EQ(end.size(), 1u);
  EXPECT_EQ(end[0].time, ms(1));
  EXPECT_EQ(end[0].a, 1);
  EXPECT_TRUE(workqueue_destroyed(h.w, q));
  for (int32_t pwq : h.w.wq.wqs[static_cast<size_t>(q)].pwqs)
    EXPECT_EQ(h.w.wq.pwqs[static_cast<size_t>(pwq)].refcnt, 0);
  EXPECT_TRUE(h.of(EventType::DestroyBusy).empty());
  // The queue at 5 ms: our WARN, no trace_workqueue_queue_work(), no execution.
  const std::vector<Event> uaf = warns(h, WarnKind::UseAfterDestroy);
  ASSERT_EQ(uaf.size(), 1u);
  EXPECT_EQ(uaf[0].time, ms(5));
  EXPECT_EQ(kernel_message(h.w, uaf[0]),
            "cmwq: queue_work_on() of w_fn on workqueue q after destroy_workqueue(): a use-after-free in a real "
            "kernel; ignored");
  EXPECT_EQ(h.times(EventType::QueueWork, w0).size(), 1u);
  EXPECT_FALSE(work_pending(h.w, w0));
}

// The sanity check: a pwq that still holds an extra reference after the drain (the kind
// of leak commit e66b39af00f4 "workqueue: Fix pwq ref leak in rescuer_thread()" fixed)
// is busy: WARN_ON, "destroy_workqueue: q has the following busy pwq", show_pwq() of it
// (active=0 refcnt=2), and show_one_workqueue(), which prints nothing because every pwq
// is pwq_is_empty(). destroy_workqueue() returns early: the workqueue is leaked and keeps
// __WQ_DESTROYING, so outside queueing stays refused.
TEST(DrainDestroy, DestroyOfABusyWorkqueueReports) {
  Harness h;
  const int32_t q = alloc_workqueue(h.w, "q", 0, 0);
  const int32_t pwq = h.w.wq.wqs[static_cast<size_t>(q)].cpu_pwq[0];
  get_pwq(h.w, pwq);  // the leaked reference
  act(h, ms(1), ScriptOp::DestroyWorkqueue, q);
  h.run_until(ms(5));
  const std::vector<Event> warn = warns(h, WarnKind::DestroyBusyPwq);
  ASSERT_EQ(warn.size(), 1u);
  EXPECT_EQ(warn[0].pwq, pwq);
  EXPECT_EQ(kernel_message(h.w, warn[0]),
            "WARNING: CPU: 0 PID: " + std::to_string(h.w.tasks[static_cast<size_t>(warn[0].task)].pid) +
                " at kernel/workqueue.c destroy_workqueue");
  const std::vector<Event>& log = h.events();
  const auto busy =
      std::find_if(log.begin(), log.end(), [](const Event& e) { return e.type == EventType::DestroyBusy; });
  ASSERT_NE(busy, log.end());
  size_t next = 0;
  const std::vector<std::string> lines = dump_event_lines(h.w, log, static_cast<size_t>(busy - log.begin()), next);
  const std::string pool = pool_info(h.w, h.w.wq.pwqs[static_cast<size_t>(pwq)].pool);
  EXPECT_EQ(lines, (std::vector<std::string>{"destroy_workqueue: q has the following busy pwq",
                                             "  pwq " + std::to_string(h.w.wq.pwqs[static_cast<size_t>(pwq)].pool) +
                                                 ":" + pool + " active=0 refcnt=2"}));
  const std::vector<Event> end = h.of(EventType::DestroyEnd);
  ASSERT_EQ(end.size(), 1u);
  EXPECT_EQ(end[0].a, 0);
  EXPECT_FALSE(workqueue_destroyed(h.w, q));
  EXPECT_TRUE(h.w.wq.wqs[static_cast<size_t>(q)].flags & __WQ_DESTROYING);
}

// A work item (on another workqueue) calls drain_workqueue(): it blocks like a flush,
// and the main table says so.
TEST(DrainDestroy, DrainFromAWorkBlocksItsWorker) {
  Harness h(with_cpus(2));
  const int32_t q = alloc_workqueue(h.w, "q", 0, 0);
  const int32_t other = alloc_workqueue(h.w, "other", 0, 0);
  const int32_t a = init_work(h.w, "A", add_program(h.w, Program{"a_fn", {op(OpCode::Sleep, -1, -1, ms(10))}}));
  const int32_t f = init_work(h.w, "F", add_program(h.w, Program{"f_fn", {op(OpCode::DrainWorkqueue, q)}}));
  queue_at(h, 0, q, a);
  queue_at(h, ms(1), other, f, 1);
  h.run_until(ms(30));
  EXPECT_EQ(h.first_time(EventType::ExecuteEnd, f), ms(10));
  const std::string table = format_table(h.w, h.events());
  EXPECT_NE(table.find("1  F waits for q to drain (drain_workqueue)\n"), std::string::npos) << table;
  EXPECT_NE(table.find("10  F wakes up and finishes\n"), std::string::npos) << table;
}

// A second destroy_workqueue() of the same workqueue: a use-after-free in the kernel; the
// model WARNs and ignores it.
TEST(DrainDestroy, DestroyTwiceWarns) {
  Harness h;
  const int32_t q = alloc_workqueue(h.w, "q", 0, 0);
  act(h, ms(1), ScriptOp::DestroyWorkqueue, q);
  act(h, ms(2), ScriptOp::DestroyWorkqueue, q);
  h.run_until(ms(5));
  EXPECT_EQ(h.of(EventType::DestroyStart).size(), 1u);
  const std::vector<Event> uaf = warns(h, WarnKind::UseAfterDestroy);
  ASSERT_EQ(uaf.size(), 1u);
  EXPECT_EQ(uaf[0].b, static_cast<int64_t>(UseAfterDestroyCall::DestroyWorkqueue));
}

}  // namespace
}  // namespace cmwq::test
