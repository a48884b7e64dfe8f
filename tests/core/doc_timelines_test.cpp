// The execution scenarios of Documentation/core-api/workqueue.rst ("Example
// Execution Scenarios"): w0 burns 5 ms, sleeps 10 ms, burns 5 ms; w1 and w2 burn
// 5 ms then sleep 10 ms; all queued at t=0 to a bound workqueue on one CPU, FIFO
// scheduling, no overhead. Expected times are the document's tables, copied by hand.
#include "harness.h"

namespace cmwq::test {
namespace {

struct Life {
  Nanos start, sleeps, wakes, finishes;
};

Life life_of(const Harness& h, int32_t work) {
  const auto sleep = static_cast<int64_t>(OpCode::Sleep);
  return Life{h.first_time(EventType::ExecuteStart, work), h.first_time(EventType::WorkOp, work, sleep),
              h.first_time(EventType::WorkOpDone, work, sleep), h.first_time(EventType::ExecuteEnd, work)};
}

void expect_life(const Harness& h, int32_t work, Life want) {
  const Life got = life_of(h, work);
  const std::string name = work_name(h.w, work);
  EXPECT_EQ(got.start, want.start) << name << " starts";
  EXPECT_EQ(got.sleeps, want.sleeps) << name << " sleeps";
  EXPECT_EQ(got.wakes, want.wakes) << name << " wakes up";
  EXPECT_EQ(got.finishes, want.finishes) << name << " finishes";
}

MachineConfig legacy_config(bool legacy) {
  MachineConfig c;
  if (legacy) c.kernel = KernelGeneration::Legacy_2_6_35;
  return c;
}

struct DocScenario {
  Harness h;
  int32_t w0 = -1, w1 = -1, w2 = -1;

  // q0 holds w0; w1 and w2 go to q1 (q1 == q0 unless given).
  DocScenario(int max_active, uint32_t q1_flags = 0, bool separate_q1 = false, bool legacy = false)
      : h(legacy_config(legacy)) {
    const int32_t q0 = alloc_workqueue(h.w, "q0", 0, max_active);
    const int32_t q1 = separate_q1 ? alloc_workqueue(h.w, "q1", q1_flags, max_active) : q0;
    const int32_t p0 = add_program(
        h.w, burn_sleep("w0_fn", {{OpCode::Burn, ms(5)}, {OpCode::Sleep, ms(10)}, {OpCode::Burn, ms(5)}}));
    const int32_t p12 = add_program(h.w, burn_sleep("w12_fn", {{OpCode::Burn, ms(5)}, {OpCode::Sleep, ms(10)}}));
    w0 = init_work(h.w, "w0", p0);
    w1 = init_work(h.w, "w1", p12);
    w2 = init_work(h.w, "w2", p12);
    EXPECT_TRUE(queue_work_on(h.w, 0, q0, w0));
    EXPECT_TRUE(queue_work_on(h.w, 0, q1, w1));
    EXPECT_TRUE(queue_work_on(h.w, 0, q1, w2));
    h.run_until(ms(100));
  }
};

// "cmwq with @max_active >= 3"
TEST(DocTimelines, MaxActiveAtLeast3) {
  DocScenario s(3);
  expect_life(s.h, s.w0, {ms(0), ms(5), ms(15), ms(20)});
  expect_life(s.h, s.w1, {ms(5), ms(10), ms(20), ms(20)});
  expect_life(s.h, s.w2, {ms(10), ms(15), ms(25), ms(25)});
}

// max_active 0 means WQ_DFL_ACTIVE, which is >= 3.
TEST(DocTimelines, DefaultMaxActiveBehavesAsAtLeast3) {
  DocScenario s(0);
  expect_life(s.h, s.w2, {ms(10), ms(15), ms(25), ms(25)});
}

// "with the original wq": the pre-2.6.36 workqueue, one thread per CPU per
// workqueue that runs the items one after another.
TEST(DocTimelines, OriginalWorkqueue) {
  DocScenario s(0, 0, false, /*legacy=*/true);
  expect_life(s.h, s.w0, {ms(0), ms(5), ms(15), ms(20)});
  expect_life(s.h, s.w1, {ms(20), ms(25), ms(35), ms(35)});
  expect_life(s.h, s.w2, {ms(35), ms(40), ms(50), ms(50)});
  for (const Event& e : s.h.of(EventType::ExecuteStart)) EXPECT_EQ(task_name(s.h.w, e.task), "q0/0");
  EXPECT_TRUE(s.h.of(EventType::CreateWorker).empty()) << "the old workqueue never creates threads";
}

// "If @max_active == 2"
TEST(DocTimelines, MaxActive2) {
  DocScenario s(2);
  expect_life(s.h, s.w0, {ms(0), ms(5), ms(15), ms(20)});
  expect_life(s.h, s.w1, {ms(5), ms(10), ms(20), ms(20)});
  expect_life(s.h, s.w2, {ms(20), ms(25), ms(35), ms(35)});
  // w2 waited on inactive_works and was activated when w0 retired its slot at 20 ms.
  EXPECT_EQ(s.h.times(EventType::ActivateWork, s.w2), std::vector<Nanos>{ms(20)});
}

// max_active 1 serialises the three items: the same table as the original,
// pre-CMWQ workqueue (0-20 w0, 20-35 w1, 35-50 w2).
TEST(DocTimelines, MaxActive1MatchesOriginalWorkqueueTable) {
  DocScenario s(1);
  expect_life(s.h, s.w0, {ms(0), ms(5), ms(15), ms(20)});
  expect_life(s.h, s.w1, {ms(20), ms(25), ms(35), ms(35)});
  expect_life(s.h, s.w2, {ms(35), ms(40), ms(50), ms(50)});
}

// "w1 and w2 queued to a different wq q1 which has WQ_CPU_INTENSIVE set". The
// document's "5 w1 and w2 start" is a simplification: process_one_work() for w1
// sets WORKER_CPU_INTENSIVE and its kick_pool() wakes the worker for w2 at 5 ms,
// but under FIFO that worker only gets the CPU when w1 sleeps at 10 ms.
TEST(DocTimelines, CpuIntensive) {
  DocScenario s(0, WQ_CPU_INTENSIVE, true);
  expect_life(s.h, s.w0, {ms(0), ms(5), ms(15), ms(20)});
  expect_life(s.h, s.w1, {ms(5), ms(10), ms(20), ms(20)});
  expect_life(s.h, s.w2, {ms(10), ms(15), ms(25), ms(25)});
  // The worker that ran w2 was kicked by process_one_work() at 5 ms.
  int32_t w2_task = -1;
  for (const Event& e : s.h.of(EventType::ExecuteStart))
    if (e.work == s.w2) w2_task = e.task;
  ASSERT_GE(w2_task, 0);
  bool kicked_at_5 = false;
  for (const Event& e : s.h.of(EventType::KickPool))
    if (e.task == w2_task && e.time == ms(5) && e.a == static_cast<int64_t>(KickReason::Process)) kicked_at_5 = true;
  EXPECT_TRUE(kicked_at_5) << "the worker for w2 is woken by kick_pool() in process_one_work() at 5 ms";
}

}  // namespace
}  // namespace cmwq::test
