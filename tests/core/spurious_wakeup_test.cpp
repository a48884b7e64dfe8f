// A wake_up_process() that comes while a task waits for something else is spurious: the
// kernel's waits loop until their own condition holds, so the wait goes on.
// - A work's `sleep` stands for msleep()/usleep_range() (kernel/time/sleep_timeout.c in
//   6.12: msleep() is `while (timeout) timeout = schedule_timeout_uninterruptible(timeout);`,
//   usleep_range_state() `for (;;) { __set_current_state(state); if
//   (!schedule_hrtimeout_range(&exp, delta, HRTIMER_MODE_ABS)) break; }`): a wakeup
//   before the expiry returns early from schedule_*() and the loop sleeps again.
// - wait_for_completion() (kernel/sched/completion.c do_wait_for_common(): `do { ...
//   timeout = action(timeout); ... } while (!x->done && timeout);`), mutex_lock()
//   (kernel/locking/mutex.c __mutex_lock_common(): `for (;;) { ... if
//   (__mutex_trylock(lock)) goto acquired; ... schedule_preempt_disabled(); }`) and
//   direct reclaim (the allocation is retried and the task waits again) loop the same way.
// The real source of such wakeups in a workqueue: send_mayday() wakes the rescuer with
// wake_up_process(wq->rescuer->task) (v6.12.0 kernel/workqueue.c:3003, 6.12.118 :3032)
// even while the rescuer sleeps inside a rescued item.
#include <functional>

#include "harness.h"

namespace cmwq::test {
namespace {

MachineConfig machine(KernelGeneration g, int cpus) {
  MachineConfig c = with_cpus(cpus);
  c.kernel = g;
  return c;
}

// The task that ran @p work first, or -1.
int32_t runner(const Harness& h, int32_t work) {
  for (const Event& e : h.of(EventType::ExecuteStart))
    if (e.work == work) return e.task;
  return -1;
}

// Wakeups of @p task between @p from and @p to.
int wakeups(const Harness& h, int32_t task, Nanos from, Nanos to) {
  int n = 0;
  for (const Event& e : h.of(EventType::SchedWakeup))
    if (e.task == task && e.time > from && e.time < to) ++n;
  return n;
}

// One work with program @p ops on a fresh workqueue, queued at 0 on CPU 0, and a
// wake_up_process() of the worker running it at 3 ms.
struct WokenAt3ms {
  Harness h;
  int32_t work = -1;
  int32_t task = -1;
  WokenAt3ms(KernelGeneration g, const std::vector<Op>& ops, const std::function<void(Harness&)>& before = {})
      : h(machine(g, 1)) {
    const int32_t q = alloc_workqueue(h.w, "q", 0, 0);
    work = init_work(h.w, "w", add_program(h.w, Program{"w_fn", ops}));
    if (before) before(h);
    queue_at(h, 0, q, work);
    h.run_until(ms(3));
    task = runner(h, work);
    if (task >= 0) wake_up_process(h.w, task);
    h.run_until(ms(50));
  }
};

class SpuriousWakeup : public ::testing::TestWithParam<KernelGeneration> {};

TEST_P(SpuriousWakeup, SleepGoesOnUntilItsExpiry) {
  WokenAt3ms t(GetParam(), {Op{OpCode::Sleep, ms(10)}});
  ASSERT_GE(t.task, 0);
  // The wakeup is real (try_to_wake_up() runs and the task is put on the runqueue)...
  EXPECT_EQ(wakeups(t.h, t.task, ms(2), ms(4)), 1);
  // ... but msleep() sleeps again: the item ends when its 10 ms are over.
  EXPECT_EQ(t.h.first_time(EventType::ExecuteEnd, t.work), ms(10));
}

TEST_P(SpuriousWakeup, CompletionWaitGoesOnUntilComplete) {
  int32_t done = -1;
  WokenAt3ms t(GetParam(), {}, [&](Harness& h) {
    done = add_completion(h.w, "done");
    Program p{"w_fn", {op(OpCode::Wait, done)}};
    h.w.programs.back() = p;  // the program made above, now waiting for `done`
    ScriptedAction c;
    c.time = ms(10);
    c.op = ScriptOp::Complete;
    c.a = done;
    add_scripted_action(h.w, c);
  });
  ASSERT_GE(t.task, 0);
  EXPECT_EQ(wakeups(t.h, t.task, ms(2), ms(4)), 1);
  EXPECT_EQ(t.h.first_time(EventType::ExecuteEnd, t.work), ms(10));
}

TEST_P(SpuriousWakeup, MutexWaitGoesOnUntilHandedOver) {
  // The mutex is held by another item of another workqueue, which sleeps 10 ms in it.
  WokenAt3ms t(GetParam(), {}, [&](Harness& h) {
    const int32_t m = add_mutex(h.w, "m");
    h.w.programs.back() = Program{"w_fn", {op(OpCode::Lock, m), op(OpCode::Unlock, m)}};
    const int32_t holder = init_work(
        h.w, "holder",
        add_program(h.w, Program{"holder_fn", {op(OpCode::Lock, m), Op{OpCode::Sleep, ms(10)}, op(OpCode::Unlock, m)}}));
    queue_at(h, 0, alloc_workqueue(h.w, "other", 0, 0), holder);
  });
  ASSERT_GE(t.task, 0);
  EXPECT_EQ(wakeups(t.h, t.task, ms(2), ms(4)), 1);
  EXPECT_EQ(t.h.first_time(EventType::ExecuteEnd, t.work), ms(10));
}

TEST_P(SpuriousWakeup, DirectReclaimGoesOnUntilPagesComeBack) {
  // Memory is hogged at 1 ms and released at 10 ms; the item allocates at 2 ms.
  WokenAt3ms t(GetParam(), {}, [&](Harness& h) {
    Op alloc;
    alloc.code = OpCode::Alloc;
    alloc.count = 16;
    alloc.gfp = Gfp::KERNEL;
    h.w.programs.back() = Program{"w_fn", {Op{OpCode::Sleep, ms(2)}, alloc}};
    ScriptedAction hog;
    hog.time = ms(1);
    hog.op = ScriptOp::Hog;
    hog.count = h.w.mem.free;
    add_scripted_action(h.w, hog);
    ScriptedAction release = hog;
    release.time = ms(10);
    release.op = ScriptOp::Release;
    add_scripted_action(h.w, release);
  });
  ASSERT_GE(t.task, 0);
  EXPECT_EQ(wakeups(t.h, t.task, ms(2), ms(4)), 1);
  EXPECT_EQ(t.h.first_time(EventType::ExecuteEnd, t.work), ms(10));
}

// The rescuer of `reclaim` runs R1 (sleep 100 ms) for CPU 0's starving pool; 29 ms later
// CPU 1's pool starves too and its mayday timer calls the same rescuer. The rescuer is
// one thread: it finishes R1's sleep (send_mayday()'s wakeup is spurious), then leaves
// CPU 0's pool and runs C1 for CPU 1's.
TEST_P(SpuriousWakeup, MaydayDoesNotCutARescuedSleepShort) {
  Harness h(machine(GetParam(), 2));
  const int32_t reclaim = alloc_workqueue(h.w, "reclaim", WQ_MEM_RECLAIM, 0);
  const int32_t r1 = init_work(h.w, "R1", add_program(h.w, burn_sleep("r1_fn", {{OpCode::Sleep, ms(100)}})));
  const int32_t c1 = init_work(h.w, "C1", add_program(h.w, burn_sleep("c1_fn", {{OpCode::Burn, ms(1)}})));
  ScriptedAction hog;
  hog.op = ScriptOp::Hog;
  hog.count = h.w.mem.free;
  add_scripted_action(h.w, hog);
  queue_at(h, ms(1), reclaim, r1, 0);
  queue_at(h, ms(30), reclaim, c1, 1, 1);
  h.run_until(ms(400));
  const int32_t rescuer = h.w.wq.workers[static_cast<size_t>(h.w.wq.wqs[static_cast<size_t>(reclaim)].rescuer)].task;
  ASSERT_EQ(runner(h, r1), rescuer);
  const Nanos start = h.first_time(EventType::ExecuteStart, r1);
  ASSERT_GE(start, 0);
  // CPU 1's mayday reaches the rescuer while R1 sleeps: a wakeup...
  bool mayday_for_cpu1 = false;
  for (const Event& e : h.of(EventType::MaydaySent))
    if (e.work == c1 && e.time > start && e.time < start + ms(100)) mayday_for_cpu1 = true;
  EXPECT_TRUE(mayday_for_cpu1);
  EXPECT_GE(wakeups(h, rescuer, start, start + ms(100)), 1);
  // ... that does not end R1's sleep.
  EXPECT_EQ(h.first_time(EventType::ExecuteEnd, r1), start + ms(100));
  // C1 waits for the rescuer to finish R1.
  EXPECT_EQ(runner(h, c1), rescuer);
  EXPECT_GE(h.first_time(EventType::ExecuteStart, c1), start + ms(100));
}

INSTANTIATE_TEST_SUITE_P(Kernels, SpuriousWakeup,
                         ::testing::Values(KernelGeneration::V6_12_0, KernelGeneration::V6_12_118),
                         [](const ::testing::TestParamInfo<KernelGeneration>& i) {
                           return std::string("v") + (i.param == KernelGeneration::V6_12_0 ? "6_12_0" : "6_12_118");
                         });

}  // namespace
}  // namespace cmwq::test
