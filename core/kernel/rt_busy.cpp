// A SCHED_FIFO task that busy-loops on one CPU, then exits (the `rt_busy` action).
#include "core/kernel/rt_busy.h"

#include "core/kernel/kthread.h"
#include "core/world.h"

namespace cmwq {

int32_t start_rt_busy(World& w, int cpu, Nanos ns) {
  const int32_t tid = kthread_run_fifo(w, TaskKind::RtBusy, "cmwq-rt/" + std::to_string(cpu), cpu);
  w.tasks[static_cast<size_t>(tid)].rt_busy_ns = ns;
  return tid;
}

StepResult rt_busy_step(World& w, int32_t task) {
  Task& t = w.tasks[static_cast<size_t>(task)];
  if (t.rt_busy_ns == 0) return StepResult::Exit;  // the loop is over
  t.burn_left = t.rt_busy_ns;
  t.rt_busy_ns = 0;
  return StepResult::Burn;
}

}  // namespace cmwq
