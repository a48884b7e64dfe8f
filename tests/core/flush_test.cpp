// flush_work() and flush_workqueue() (kernel/workqueue.c: __flush_work(),
// insert_wq_barrier(), __flush_workqueue() and its flush colours).
#include "harness.h"

namespace cmwq::test {
namespace {

// flush_workqueue() waits for every item queued before it started and only those:
// items queued later get the next flush colour.
TEST(Flush, FlushWorkqueueWaitsForEarlierItemsOnly) {
  Harness h(with_cpus(2));
  const int32_t q = alloc_workqueue(h.w, "q", 0, 0);
  const int32_t other = alloc_workqueue(h.w, "other", 0, 0);
  const int32_t a = init_work(h.w, "A", add_program(h.w, burn_sleep("a", {{OpCode::Sleep, ms(20)}})));
  const int32_t b = init_work(h.w, "B", add_program(h.w, burn_sleep("b", {{OpCode::Sleep, ms(50)}})));
  const int32_t f = init_work(h.w, "F", add_program(h.w, Program{"f", {op(OpCode::FlushWorkqueue, q)}}));
  queue_at(h, 0, q, a);
  queue_at(h, ms(5), other, f, 1);  // flushes q: A (colour 0) is in flight
  queue_at(h, ms(10), q, b);        // queued after the flush started: colour 1
  h.run_until(ms(200));
  EXPECT_EQ(h.first_time(EventType::ExecuteEnd, a), ms(20));
  EXPECT_EQ(h.first_time(EventType::ExecuteEnd, f), ms(20)) << "F returns when A is done, not B";
  EXPECT_EQ(h.first_time(EventType::ExecuteEnd, b), ms(60));
  // The flush advanced the colours: the workqueue's work colour moved from 0 to 1.
  const Workqueue& wq = h.w.wq.wqs[static_cast<size_t>(q)];
  EXPECT_EQ(wq.work_color, 1);
  EXPECT_EQ(wq.flush_color, 1);
  EXPECT_EQ(wq.first_flusher, -1);
}

// Nothing in flight: flush_workqueue() returns at once (and still advances the colour).
TEST(Flush, FlushWorkqueueWithNothingQueuedReturnsAtOnce) {
  Harness h;
  const int32_t q = alloc_workqueue(h.w, "q", 0, 0);
  const int32_t other = alloc_workqueue(h.w, "other", 0, 0);
  const int32_t f = init_work(h.w, "F", add_program(h.w, Program{"f", {op(OpCode::FlushWorkqueue, q)}}));
  queue_at(h, ms(1), other, f);
  h.run_until(ms(10));
  EXPECT_EQ(h.first_time(EventType::ExecuteEnd, f), ms(1));
}

// flush_work() on a running work puts a barrier at the head of its worker's scheduled
// list; on a queued one, right after it (LINKED). Either way it returns when the work
// has finished, and the barrier runs wq_barrier_func on the same worker.
TEST(Flush, FlushWorkWaitsForARunningWork) {
  Harness h(with_cpus(2));
  const int32_t q = alloc_workqueue(h.w, "q", 0, 0);
  const int32_t a = init_work(h.w, "A", add_program(h.w, burn_sleep("a", {{OpCode::Sleep, ms(30)}})));
  const int32_t f = init_work(h.w, "F", add_program(h.w, Program{"f", {op(OpCode::FlushWork, -1, a)}}));
  queue_at(h, 0, q, a, 0);
  queue_at(h, ms(5), q, f, 1);
  h.run_until(ms(100));
  EXPECT_EQ(h.first_time(EventType::ExecuteEnd, f), ms(30));
  int32_t a_runner = -1, barrier_runner = -1;
  for (const Event& e : h.of(EventType::ExecuteStart)) {
    if (e.work == a) a_runner = e.task;
    if (h.w.wq.works[static_cast<size_t>(e.work)].barrier) barrier_runner = e.task;
  }
  EXPECT_EQ(barrier_runner, a_runner);
}

TEST(Flush, FlushWorkOnAnIdleWorkReturnsAtOnce) {
  Harness h;
  const int32_t q = alloc_workqueue(h.w, "q", 0, 0);
  const int32_t a = init_work(h.w, "A", add_program(h.w, burn_sleep("a", {{OpCode::Burn, ms(1)}})));
  const int32_t f = init_work(h.w, "F", add_program(h.w, Program{"f", {op(OpCode::FlushWork, -1, a)}}));
  queue_at(h, ms(2), q, f);
  h.run_until(ms(10));
  EXPECT_EQ(h.first_time(EventType::ExecuteEnd, f), ms(2));
  EXPECT_TRUE(h.of(EventType::ExecuteStart).size() == 1) << "no barrier was queued";
}

// cancel_work_sync(): a queued work is removed without running; the caller returns at once.
TEST(Flush, CancelWorkSyncRemovesAQueuedWork) {
  Harness h;
  const int32_t q = alloc_workqueue(h.w, "q", 0, 1);
  const int32_t blocker = init_work(h.w, "blocker", add_program(h.w, burn_sleep("bl", {{OpCode::Sleep, ms(20)}})));
  const int32_t victim = init_work(h.w, "victim", add_program(h.w, burn_sleep("v", {{OpCode::Burn, ms(1)}})));
  const int32_t other = alloc_workqueue(h.w, "other", 0, 0);
  const int32_t c = init_work(h.w, "C", add_program(h.w, Program{"c", {op(OpCode::CancelWorkSync, -1, victim)}}));
  queue_at(h, 0, q, blocker);
  queue_at(h, 0, q, victim);  // inactive behind blocker (max_active 1)
  queue_at(h, ms(5), other, c);
  h.run_until(ms(100));
  EXPECT_EQ(h.first_time(EventType::ExecuteEnd, c), ms(5));
  EXPECT_EQ(h.first_time(EventType::ExecuteStart, victim), -1);
  EXPECT_FALSE(work_pending(h.w, victim));
}

}  // namespace
}  // namespace cmwq::test
