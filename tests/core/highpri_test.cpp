// WQ_HIGHPRI: items go to the CPU's nice -20 pool, which does its own, independent
// concurrency management (since the highpri pool split; the 2010 design instead put
// them at the head of one shared worklist, see kernel-core.md section 8e).
#include "harness.h"

namespace cmwq::test {
namespace {

TEST(Highpri, SeparatePoolWithItsOwnConcurrency) {
  Harness h;
  const int32_t normal = alloc_workqueue(h.w, "normal", 0, 0);
  const int32_t high = alloc_workqueue(h.w, "high", WQ_HIGHPRI, 0);
  const int32_t hog = init_work(h.w, "hog", add_program(h.w, burn_sleep("hog", {{OpCode::Burn, ms(5)}})));
  const int32_t hi = init_work(h.w, "hi", add_program(h.w, burn_sleep("hi", {{OpCode::Burn, ms(1)}})));
  queue_work_on(h.w, 0, normal, hog);
  queue_work_on(h.w, 0, high, hi);
  h.run_until(ms(20));
  Event hi_start{};
  for (const Event& e : h.of(EventType::ExecuteStart))
    if (e.work == hi) hi_start = e;
  EXPECT_EQ(hi_start.pool, h.w.wq.cpu_pools[0][1]) << "the highpri pool of CPU 0";
  EXPECT_EQ(task_name(h.w, hi_start.task), "kworker/0:0H");
  EXPECT_EQ(h.w.tasks[static_cast<size_t>(hi_start.task)].nice, HIGHPRI_NICE_LEVEL);
  // Both pools' idle workers are woken at 0; the nice -20 one is ahead in the runqueue.
  EXPECT_EQ(hi_start.time, 0);
  EXPECT_EQ(h.first_time(EventType::ExecuteStart, hog), ms(1));
}

TEST(Highpri, PreemptModelWakesTheHighpriWorkerAtOnce) {
  MachineConfig c;
  c.sched = SchedModel::Preempt;
  Harness h(c);
  const int32_t normal = alloc_workqueue(h.w, "normal", 0, 0);
  const int32_t high = alloc_workqueue(h.w, "high", WQ_HIGHPRI, 0);
  const int32_t hog = init_work(h.w, "hog", add_program(h.w, burn_sleep("hog", {{OpCode::Burn, ms(5)}})));
  const int32_t hi = init_work(h.w, "hi", add_program(h.w, burn_sleep("hi", {{OpCode::Burn, ms(1)}})));
  ScriptedAction a;
  a.op = ScriptOp::QueueWork;
  a.wq = normal;
  a.work = hog;
  a.cpu = 0;
  add_scripted_action(h.w, a);
  a.time = ms(2);
  a.wq = high;
  a.work = hi;
  add_scripted_action(h.w, a);
  h.run_until(ms(20));
  // The nice -20 worker preempts the nice 0 hog's worker at once on wakeup...
  const int32_t hi_worker = h.w.wq.workers[static_cast<size_t>(h.w.wq.pools[static_cast<size_t>(h.w.wq.cpu_pools[0][1])].workers[0])].task;
  bool preempted_at_2 = false;
  for (const Event& e : h.of(EventType::SchedSwitch))
    if (e.time == ms(2) && e.a == hi_worker && e.b == 'R') preempted_at_2 = true;
  EXPECT_TRUE(preempted_at_2);
  // ...but it is its pool's last idle worker: it first makes a spare through kthreadd
  // (nice 0), which waits for the hog's 3 ms time slice to end at 5 ms.
  EXPECT_EQ(h.first_time(EventType::ExecuteStart, hi), ms(5));
  EXPECT_EQ(h.first_time(EventType::ExecuteEnd, hi), ms(6));
}

}  // namespace
}  // namespace cmwq::test
