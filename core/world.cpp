// The world: boot, the action loop, thread dispatch, and scripted actions.
#include "core/world.h"

#include <algorithm>

#include "core/kernel/hotplug.h"
#include "core/kernel/kthread.h"
#include "core/kernel/memory.h"
#include "core/kernel/rt_busy.h"
#include "core/kernel/sync.h"
#include "core/kernel/timer.h"
#include "core/workqueue/internal.h"
#include "core/workqueue/workqueue.h"

namespace cmwq {
namespace {

void init_memory(World& w, const MachineConfig& c) {
  Memory& m = w.mem;
  m.total = c.memory_pages;
  const Watermarks dflt = default_watermarks(c.memory_pages);
  m.wmark.min = c.wmark_min >= 0 ? c.wmark_min : dflt.min;
  m.wmark.low = c.wmark_low >= 0 ? c.wmark_low : std::max(dflt.low, m.wmark.min);
  m.wmark.high = c.wmark_high >= 0 ? c.wmark_high : std::max(dflt.high, m.wmark.low);
  m.cache = c.cache_pages >= 0 ? std::min(c.cache_pages, c.memory_pages) : c.memory_pages / 4;
  m.free = m.total - m.cache;
  m.fork_fails_below_min = c.fork_fails_below_min;
}

// The `queue` action: new work items sharing one new function (as works that the same
// C function initialises do), each queued like queue_work_on(). Made here, when the
// action runs, so replaying the action makes the very same works.
void queue_new_works(World& w, const ScriptedAction& a, int cpu) {
  const int32_t prog = add_program(w, a.program);
  for (int64_t i = 0; i < a.count; ++i) {
    const int32_t work = init_work(w, a.name + std::to_string(w.wq.works.size()), prog);
    queue_work_on(w, cpu, a.wq, work);
  }
}

void run_scripted(World& w, int32_t index) {
  const ScriptedAction a = w.script[static_cast<size_t>(index)];
  w.current = -1;
  w.current_cpu = std::clamp(a.from_cpu, 0, static_cast<int>(w.cpus.size()) - 1);
  Event& e = emit(w, EventType::Scripted);
  e.a = index;
  e.cpu = static_cast<int16_t>(w.current_cpu);
  const int cpu = a.cpu < 0 ? WORK_CPU_UNBOUND : a.cpu;
  switch (a.op) {
    case ScriptOp::QueueWork: queue_work_on(w, cpu, a.wq, a.work); break;
    case ScriptOp::QueueDelayedWork: queue_delayed_work_on(w, cpu, a.wq, a.work, w.jif.from_nanos_up(a.delay)); break;
    case ScriptOp::Hog: hog_pages(w, a.count); break;
    case ScriptOp::Release: release_hogged_pages(w, a.count); break;
    case ScriptOp::SetMaxActive: workqueue_set_max_active(w, a.wq, static_cast<int>(a.count)); break;
    case ScriptOp::Complete: complete(w, a.a); break;
    case ScriptOp::CompleteAll: complete_all(w, a.a); break;
    case ScriptOp::CpuOffline: cpu_down(w, a.cpu); break;
    case ScriptOp::CpuOnline: cpu_up(w, a.cpu); break;
    case ScriptOp::FlushWorkqueue: break;  // reserved
    case ScriptOp::DrainWorkqueue: start_wq_caller(w, WqCallKind::Drain, a.wq, w.current_cpu); break;
    case ScriptOp::DestroyWorkqueue: start_wq_caller(w, WqCallKind::Destroy, a.wq, w.current_cpu); break;
    case ScriptOp::QueueNewWorks: queue_new_works(w, a, cpu); break;
    case ScriptOp::KthreaddCpu: sched_set_cpus_allowed(w, w.kthreadd.task, CpuMask::of(a.cpu)); break;
    case ScriptOp::RtBusy: start_rt_busy(w, a.cpu, a.delay); break;
  }
}

}  // namespace

World boot(const MachineConfig& config) {
  World w;
  w.config = config;
  w.config.cpus = std::clamp(config.cpus, 1, NR_CPUS);
  w.jif.hz = config.hz;
  w.rng = config.seed;
  w.cpus.resize(static_cast<size_t>(w.config.cpus));
  w.wq.params = config.wq;
  init_memory(w, w.config);
  kthreadd_init(w);
  workqueue_init(w);
  // The RCU grace-period work (expedited by default), on system_wq unless a scenario says otherwise.
  const int32_t gp = add_program(w, Program{"wait_rcu_exp_gp", {Op{OpCode::RcuGpDone}}});
  w.rcu.gp_work = init_work(w, "rcu_gp_work", gp);
  {
    Event& e = emit(w, EventType::MemCounters);
    e.a = w.mem.free;
    e.b = w.mem.cache;
  }
  return w;
}

Event& emit(World& w, EventType type) {
  watch_emit(w);
  Event e;
  e.time = w.now;
  e.seq = w.events_emitted++;
  e.type = type;
  w.out.push_back(e);
  return w.out.back();
}

Event& emit_warn(World& w, WarnKind kind) {
  Event& e = emit(w, EventType::Warn);
  e.a = static_cast<int64_t>(kind);
  return e;
}

std::vector<Event> take_events(World& w) {
  std::vector<Event> out;
  out.swap(w.out);
  return out;
}

StepResult run_task_step(World& w, int32_t task) {
  const int32_t saved = w.current;
  const int saved_cpu = w.current_cpu;
  w.current = task;
  w.current_cpu = w.tasks[static_cast<size_t>(task)].cpu;
  StepResult r = StepResult::Block;
  if (kthread_prologue(w, task, r)) {
    const Task& t = w.tasks[static_cast<size_t>(task)];
    switch (t.kind) {
      case TaskKind::Kthreadd: r = kthreadd_step(w, task); break;
      case TaskKind::Worker: r = worker_thread_step(w, t.worker); break;
      case TaskKind::Rescuer: r = rescuer_thread_step(w, t.worker); break;
      case TaskKind::Caller: r = wq_caller_step(w, t.caller); break;
      case TaskKind::RtBusy: r = rt_busy_step(w, task); break;
    }
  }
  watch_step_end(w, task);
  w.current = saved;
  w.current_cpu = saved_cpu;
  return r;
}

bool step(World& w) {
  if (w.queue.empty()) return false;
  const Action a = w.queue.pop();
  w.now = std::max(w.now, a.time);
  ++w.actions_run;
  w.current = -1;
  switch (a.kind) {
    case ActionKind::TimerExpire: run_timer(w, a.target, a.gen); break;
    case ActionKind::SleepDone: hrtimer_sleep_done(w, a.target, a.gen); break;
    case ActionKind::BurnDone: sched_burn_done(w, a.target, a.gen); break;
    case ActionKind::CpuRun: sched_run_cpu(w, a.target); break;
    case ActionKind::HogTick: sched_hog_tick(w, a.target, a.gen); break;
    case ActionKind::Scripted: run_scripted(w, a.target); break;
  }
  return true;
}

void run_until(World& w, Nanos t) {
  while (!w.queue.empty() && w.queue.top().time <= t) step(w);
  w.now = std::max(w.now, t);
}

Nanos next_action_time(const World& w) { return w.queue.empty() ? -1 : w.queue.top().time; }

int32_t add_program(World& w, Program p) {
  w.programs.push_back(std::move(p));
  return static_cast<int32_t>(w.programs.size() - 1);
}

int32_t init_work(World& w, const std::string& name, int32_t program) {
  Work wk;
  wk.name = name;
  wk.program = program;
  w.wq.works.push_back(wk);
  return static_cast<int32_t>(w.wq.works.size() - 1);
}

int32_t init_delayed_work(World& w, const std::string& name, int32_t program) {
  const int32_t id = init_work(w, name, program);
  const int32_t timer = timer_setup(w, TimerFn::DelayedWorkTimer, id, false);
  w.wq.works[static_cast<size_t>(id)].timer = timer;
  return id;
}

int32_t add_completion(World& w, const std::string& name) {
  Completion c;
  c.name = name;
  w.completions.push_back(c);
  return static_cast<int32_t>(w.completions.size() - 1);
}

int32_t add_mutex(World& w, const std::string& name) {
  Mutex m;
  m.name = name;
  w.mutexes.push_back(m);
  return static_cast<int32_t>(w.mutexes.size() - 1);
}

int32_t add_scripted_action(World& w, ScriptedAction a) {
  w.script.push_back(a);
  const auto id = static_cast<int32_t>(w.script.size() - 1);
  w.queue.push(std::max(a.time, w.now), ActionKind::Scripted, id, 0);
  return id;
}

namespace {
const std::string kNone = "-";
}

const std::string& task_name(const World& w, int32_t task) {
  return task >= 0 && static_cast<size_t>(task) < w.tasks.size() ? w.tasks[static_cast<size_t>(task)].comm : kNone;
}
const std::string& work_name(const World& w, int32_t work) {
  return work >= 0 && static_cast<size_t>(work) < w.wq.works.size() ? w.wq.works[static_cast<size_t>(work)].name
                                                                      : kNone;
}
const std::string& wq_name(const World& w, int32_t wq) {
  return wq >= 0 && static_cast<size_t>(wq) < w.wq.wqs.size() ? w.wq.wqs[static_cast<size_t>(wq)].name : kNone;
}
const std::string& func_name(const World& w, int32_t program) {
  return program >= 0 && static_cast<size_t>(program) < w.programs.size()
             ? w.programs[static_cast<size_t>(program)].func
             : kNone;
}

}  // namespace cmwq
