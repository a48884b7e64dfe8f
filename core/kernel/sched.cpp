// The scheduler: runqueues, context switches, bursts of CPU use, and the points
// where the workqueue hooks run (kernel/sched/core.c: schedule(), sched_tick()).
#include "core/kernel/sched.h"

#include <algorithm>
#include <array>

#include "core/workqueue/sched_hooks.h"
#include "core/world.h"

namespace cmwq {

namespace {

// kernel/sched/core.c: sched_prio_to_weight[], nice -20 .. 19.
constexpr std::array<int, 40> kPrioToWeight = {
    88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
    9548,  7620,  6100,  4904,  3906,  3121,  2501,  1991,  1586,  1277,
    1024,  820,   655,   526,   423,   335,   272,   215,   172,   137,
    110,   87,    70,    56,    45,    36,    29,    23,    18,    15};

Task& task_of(World& w, int32_t t) { return w.tasks[static_cast<size_t>(t)]; }

// select_task_rq(), reduced: stay where it ran if that CPU is free, else take a
// free allowed CPU, else stay where it ran, else the first allowed online CPU.
int select_task_rq(const World& w, const Task& t) {
  auto usable = [&](int c) {
    return t.allowed.test(c) && c < static_cast<int>(w.cpus.size()) && w.cpus[static_cast<size_t>(c)].online;
  };
  auto idle = [&](int c) {
    const Cpu& cpu = w.cpus[static_cast<size_t>(c)];
    return cpu.curr < 0 && cpu.runqueue.empty();
  };
  const int n = static_cast<int>(w.cpus.size());
  if (usable(t.cpu) && idle(t.cpu)) return t.cpu;
  for (int i = 1; i < n; ++i) {
    const int c = (t.cpu + i) % n;
    if (usable(c) && idle(c)) return c;
  }
  if (usable(t.cpu)) return t.cpu;
  for (int c = 0; c < n; ++c)
    if (usable(c)) return c;
  // select_fallback_rq(): no allowed CPU is online, so affinity is broken.
  if (t.cpu < n && w.cpus[static_cast<size_t>(t.cpu)].online) return t.cpu;
  for (int c = 0; c < n; ++c)
    if (w.cpus[static_cast<size_t>(c)].online) return c;
  return t.cpu;
}

// Runqueue order: higher priority (lower task_prio(): real-time, then lower nice) first, FIFO within a priority.
void enqueue(World& w, int cpu, int32_t tid, bool at_head_of_class = false) {
  Task& t = task_of(w, tid);
  auto& rq = w.cpus[static_cast<size_t>(cpu)].runqueue;
  auto pos = rq.begin();
  if (at_head_of_class) {
    while (pos != rq.end() && task_prio(task_of(w, *pos)) < task_prio(t)) ++pos;
  } else {
    while (pos != rq.end() && task_prio(task_of(w, *pos)) <= task_prio(t)) ++pos;
  }
  rq.insert(pos, tid);
  t.on_rq = true;
  t.cpu = cpu;
}

// A task of priority at least @p prio (task_prio()) is waiting: need_resched() for cond_resched().
bool should_yield_to_waiter(const World& w, const Cpu& c, int prio) {
  return !c.runqueue.empty() && task_prio(w.tasks[static_cast<size_t>(c.runqueue.front())]) <= prio;
}

Nanos slice_for(const Task& t) {
  // Weighted time slice: 3 ms at nice 0, proportional to the nice weight.
  const Nanos base = 3 * NSEC_PER_MSEC;
  const Nanos s = base * nice_to_weight(t.nice) / 1024;
  return std::clamp<Nanos>(s, 100 * NSEC_PER_USEC, 300 * NSEC_PER_MSEC);
}

void start_burst(World& w, int cpu) {
  Cpu& c = w.cpus[static_cast<size_t>(cpu)];
  Task& t = task_of(w, c.curr);
  Nanos len = t.burn_left;
  // SCHED_FIFO has no time slice: it runs until it blocks or yields.
  if (w.config.sched == SchedModel::Preempt && t.rt_priority == 0) len = std::min(len, slice_for(t));
  c.burning = true;
  c.burst_start = w.now;
  c.burst_len = len;
  ++c.gen;
  w.queue.push(w.now + len, ActionKind::BurnDone, cpu, c.gen);
  if (t.flags & PF_WQ_WORKER) {
    const Nanos hog = wq_worker_hog_tick_time(w, c.curr, w.now, w.now + len);
    if (hog >= 0) w.queue.push(hog, ActionKind::HogTick, cpu, c.gen);
  }
}

// Ends the current burst at now (its end, or a preemption point).
void end_burst(World& w, int cpu) {
  Cpu& c = w.cpus[static_cast<size_t>(cpu)];
  Task& t = task_of(w, c.curr);
  const Nanos used = w.now - c.burst_start;
  if (t.flags & PF_WQ_WORKER) wq_worker_account_ticks(w, c.curr, c.burst_start, w.now);
  t.sum_exec_runtime += used;
  t.burn_left -= used;
  c.busy_ns += used;
  c.burning = false;
  ++c.gen;
}

// The task leaves the CPU; the switch event is emitted when the next one is picked.
void put_prev_task(World& w, int cpu) {
  Cpu& c = w.cpus[static_cast<size_t>(cpu)];
  Task& t = task_of(w, c.curr);
  t.on_cpu = false;
  c.last = c.curr;
  c.last_state = task_state_char(t.state);
  c.curr = -1;
  c.need_resched = false;
}

void emit_switch(World& w, int cpu, int32_t next) {
  Cpu& c = w.cpus[static_cast<size_t>(cpu)];
  Event& e = emit(w, EventType::SchedSwitch);
  e.cpu = static_cast<int16_t>(cpu);
  e.task = c.last;
  e.a = next;
  e.b = c.last >= 0 ? c.last_state : 'R';  // the idle task is always runnable
  c.last = -1;
}

// wakeup_preempt(): task @p tid was just queued on @p cpu. An idle CPU runs it; under the
// preempt scheduler a strictly higher-priority task preempts the running one.
void wakeup_preempt(World& w, int cpu, int32_t tid) {
  Cpu& c = w.cpus[static_cast<size_t>(cpu)];
  if (c.curr < 0) {
    sched_request_run(w, cpu);
  } else if (w.config.sched == SchedModel::Preempt && task_prio(task_of(w, tid)) < task_prio(task_of(w, c.curr))) {
    if (c.burning) {
      end_burst(w, cpu);
      const int32_t prev = c.curr;
      put_prev_task(w, cpu);
      enqueue(w, cpu, prev, /*at_head_of_class=*/true);
      sched_request_run(w, cpu);
    } else {
      c.need_resched = true;
    }
  }
}

}  // namespace

int nice_to_weight(int nice) { return kPrioToWeight[static_cast<size_t>(std::clamp(nice, -20, 19) + 20)]; }

void set_current_state(World& w, int32_t task, TaskState state, WaitReason reason, int32_t obj) {
  Task& t = task_of(w, task);
  t.state = state;
  t.wait = reason;
  t.wait_obj = obj;
}

void sched_request_run(World& w, int cpu) {
  Cpu& c = w.cpus[static_cast<size_t>(cpu)];
  if (c.run_pending) return;
  c.run_pending = true;
  w.queue.push(w.now, ActionKind::CpuRun, cpu, 0);
}

bool wake_up_process(World& w, int32_t tid) {
  Task& t = task_of(w, tid);
  if (t.state == TaskState::Running || t.state == TaskState::Dead) return false;
  t.state = TaskState::Running;
  t.wait = WaitReason::None;
  t.wait_obj = -1;
  if (t.on_cpu) return true;  // woken inside its own step, before it reached schedule()
  const int cpu = select_task_rq(w, t);
  enqueue(w, cpu, tid);
  Event& e = emit(w, EventType::SchedWakeup);
  e.task = tid;
  e.cpu = static_cast<int16_t>(cpu);
  wakeup_preempt(w, cpu, tid);
  return true;
}

void sched_start_new_task(World& w, int32_t tid) {
  Task& t = task_of(w, tid);
  t.state = TaskState::Running;
  const int cpu = select_task_rq(w, t);
  enqueue(w, cpu, tid);
  Event& e = emit(w, EventType::TaskNew);
  e.task = tid;
  e.cpu = static_cast<int16_t>(cpu);
  wakeup_preempt(w, cpu, tid);  // wake_up_new_task() checks preemption as a wake-up does
}

void sched_run_cpu(World& w, int cpu) {
  Cpu& c = w.cpus[static_cast<size_t>(cpu)];
  c.run_pending = false;
  for (;;) {
    if (c.curr < 0) {
      if (c.runqueue.empty()) {
        if (c.last >= 0) emit_switch(w, cpu, -1);
        return;
      }
      const int32_t next = c.runqueue.front();
      c.runqueue.erase(c.runqueue.begin());
      Task& t = task_of(w, next);
      t.on_rq = false;
      t.on_cpu = true;
      t.cpu = cpu;
      c.curr = next;
      emit_switch(w, cpu, next);
      if (t.wakeup_pending_hook) {
        // sched_update_worker(): back from schedule().
        t.wakeup_pending_hook = false;
        if (t.flags & PF_WQ_WORKER) wq_worker_running(w, next);
      }
    }
    const int32_t tid = c.curr;
    Task& t = task_of(w, tid);
    if (c.burning) return;
    if (t.burn_left > 0) {  // resumed in the middle of a burn (preempted earlier)
      start_burst(w, cpu);
      return;
    }
    if (c.steps_instant != w.now) {
      c.steps_instant = w.now;
      c.steps_at_instant = 0;
    }
    if (++c.steps_at_instant > kMaxTaskStepsPerInstant) {
      // Livelock guard (see kMaxTaskStepsPerInstant): come back a little later. A run
      // already pending at this instant comes back here and defers too.
      if (!c.run_pending) {
        c.run_pending = true;
        w.queue.push(w.now + kLivelockDelay, ActionKind::CpuRun, cpu, 0);
      }
      return;
    }
    StepResult r = run_task_step(w, tid);
    Task& tt = task_of(w, tid);  // again: the step may have added tasks (reference lifetime: core/world.h)
    if (tt.oops) r = StepResult::Exit;  // an oops in its code: make_task_dead()
    switch (r) {
      case StepResult::Burn:
        if (c.need_resched) {
          put_prev_task(w, cpu);
          enqueue(w, cpu, tid, /*at_head_of_class=*/true);
          break;
        }
        start_burst(w, cpu);
        return;
      case StepResult::Block:
        if (tt.state == TaskState::Running) break;  // woken before it slept
        // schedule() -> sched_submit_work(): only a task that is really sleeping.
        if (tt.flags & PF_WQ_WORKER) wq_worker_sleeping(w, tid);
        tt.wakeup_pending_hook = true;
        put_prev_task(w, cpu);
        break;
      case StepResult::Yield:
        if (!should_yield_to_waiter(w, c, task_prio(tt)) && !c.need_resched) break;
        put_prev_task(w, cpu);
        enqueue(w, cpu, tid);
        break;
      case StepResult::Migrate: {
        put_prev_task(w, cpu);
        const int to = select_task_rq(w, tt);
        enqueue(w, to, tid);
        Event& e = emit(w, EventType::SchedMigrate);
        e.task = tid;
        e.cpu = static_cast<int16_t>(to);
        e.a = cpu;
        if (to != cpu && w.cpus[static_cast<size_t>(to)].curr < 0) sched_request_run(w, to);
        break;
      }
      case StepResult::Exit: {
        tt.state = TaskState::Dead;
        put_prev_task(w, cpu);
        Event& e = emit(w, EventType::TaskExit);
        e.task = tid;
        e.cpu = static_cast<int16_t>(cpu);
        break;
      }
    }
  }
}

void sched_burn_done(World& w, int cpu, uint32_t gen) {
  Cpu& c = w.cpus[static_cast<size_t>(cpu)];
  if (gen != c.gen || !c.burning) return;
  end_burst(w, cpu);
  Task& t = task_of(w, c.curr);
  if (t.burn_left > 0 && !c.runqueue.empty()) {
    // Preempt model: the time slice ran out with others waiting.
    const int32_t tid = c.curr;
    put_prev_task(w, cpu);
    enqueue(w, cpu, tid);
  }
  sched_run_cpu(w, cpu);
}

void sched_hog_tick(World& w, int cpu, uint32_t gen) {
  Cpu& c = w.cpus[static_cast<size_t>(cpu)];
  if (gen != c.gen || !c.burning) return;
  wq_worker_tick_hog(w, c.curr);
}

namespace {
// Takes a queued or running task off its CPU (it stays TASK_RUNNING) and queues it
// where select_task_rq() says.
void move_task(World& w, int32_t tid) {
  Task& t = task_of(w, tid);
  const int from = t.cpu;
  Cpu& c = w.cpus[static_cast<size_t>(from)];
  if (t.on_cpu) {
    if (c.burning) end_burst(w, from);
    put_prev_task(w, from);
    sched_request_run(w, from);
  } else if (t.on_rq) {
    c.runqueue.erase(std::find(c.runqueue.begin(), c.runqueue.end(), tid));
    t.on_rq = false;
  } else {
    return;  // sleeping: it is placed when it wakes
  }
  const int to = select_task_rq(w, t);
  enqueue(w, to, tid, /*at_head_of_class=*/true);
  Event& e = emit(w, EventType::SchedMigrate);
  e.task = tid;
  e.cpu = static_cast<int16_t>(to);
  e.a = from;
  if (w.cpus[static_cast<size_t>(to)].curr < 0) sched_request_run(w, to);
}
}  // namespace

void sched_set_cpus_allowed(World& w, int32_t tid, const CpuMask& mask) {
  Task& t = task_of(w, tid);
  t.allowed = mask;
  if ((t.on_cpu || t.on_rq) && !mask.test(t.cpu)) move_task(w, tid);
}

void sched_migrate_tasks_off(World& w, int cpu) {
  Cpu& c = w.cpus[static_cast<size_t>(cpu)];
  if (c.curr >= 0) move_task(w, c.curr);
  while (!c.runqueue.empty()) move_task(w, c.runqueue.front());
  if (c.last >= 0) emit_switch(w, cpu, -1);
}

Nanos task_runtime(const World& w, int32_t task) {
  const Task& t = w.tasks[static_cast<size_t>(task)];
  Nanos r = t.sum_exec_runtime;
  if (t.on_cpu) {
    const Cpu& c = w.cpus[static_cast<size_t>(t.cpu)];
    if (c.burning && c.curr == task) r += w.now - c.burst_start;
  }
  return r;
}

}  // namespace cmwq
