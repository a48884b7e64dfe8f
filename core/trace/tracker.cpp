// The running context of an event stream, for the formatters.
#include "core/trace/tracker.h"

#include "core/kernel/program.h"
#include "core/world_view.h"

namespace cmwq {

TraceTracker::TraceTracker(const World& w)
    : curr_(w.cpus.size(), -1), work_(w.tasks.size(), -1), manages_(w.tasks.size(), -1),
      creator_(w.wq.pools.size(), -1) {}

void TraceTracker::set(std::vector<int32_t>& v, int64_t i, int32_t value) {
  if (i < 0) return;
  if (static_cast<size_t>(i) >= v.size()) v.resize(static_cast<size_t>(i) + 1, -1);
  v[static_cast<size_t>(i)] = value;
}

int32_t TraceTracker::cpu_curr(int cpu) const { return at(curr_, cpu); }
int32_t TraceTracker::task_work(int32_t task) const { return at(work_, task); }
int32_t TraceTracker::managing(int32_t task) const { return at(manages_, task); }
bool TraceTracker::creating(int32_t pool) const { return at(creator_, pool) >= 0; }
int32_t TraceTracker::creator(int32_t pool) const { return at(creator_, pool); }

EventContext TraceTracker::context(const Event& e) const {
  EventContext c;
  c.task_work = task_work(e.task);
  const int32_t managed = managing(e.task);
  c.creating = managed >= 0 && creating(managed) ? managed : -1;
  c.creator = creator(e.pool);
  c.reclaim_work = last_reclaim_work_;
  return c;
}

void TraceTracker::after(const Event& e) {
  switch (e.type) {
    case EventType::SchedSwitch:
      set(curr_, e.cpu, static_cast<int32_t>(e.a));
      last_cpu_ = e.cpu;
      last_task_ = static_cast<int32_t>(e.a);
      break;
    case EventType::QueueWork:
    case EventType::Scripted:
      if (e.cpu >= 0) last_cpu_ = e.cpu;
      last_task_ = e.task;
      break;
    case EventType::ExecuteStart:
      set(work_, e.task, e.work);
      if (e.cpu >= 0) last_cpu_ = e.cpu;
      last_task_ = e.task;
      break;
    case EventType::ExecuteEnd:
      set(work_, e.task, -1);
      if (e.cpu >= 0) last_cpu_ = e.cpu;
      last_task_ = e.task;
      break;
    case EventType::WorkOp:
      if (e.a == static_cast<int64_t>(OpCode::Reclaim)) last_reclaim_work_ = e.work;
      [[fallthrough]];
    case EventType::WorkOpDone:
      if (e.cpu >= 0) last_cpu_ = e.cpu;
      last_task_ = e.task;
      break;
    case EventType::ManagerStart: set(manages_, e.task, e.pool); break;
    case EventType::ManagerEnd: set(manages_, e.task, -1); break;
    case EventType::CreateWorker: set(creator_, e.pool, e.task); break;
    case EventType::WorkerCreated:
      if (e.b == 0) set(creator_, e.pool, -1);
      break;
    case EventType::CreateFailed: set(creator_, e.pool, -1); break;
    default: break;
  }
}

std::vector<bool> blocking_ops(const EventLog& events) {
  std::vector<bool> blocked(events.size(), false);
  std::vector<int64_t> open;  // per task: index of its last WorkOp still waiting for a successor
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    const bool program = e.type == EventType::WorkOp || e.type == EventType::WorkOpDone ||
                         e.type == EventType::ExecuteEnd || e.type == EventType::ExecuteStart;
    if (!program || e.task < 0) continue;
    if (static_cast<size_t>(e.task) >= open.size()) open.resize(static_cast<size_t>(e.task) + 1, -1);
    int64_t& o = open[static_cast<size_t>(e.task)];
    if (o >= 0 && e.type == EventType::WorkOpDone) blocked[static_cast<size_t>(o)] = true;
    o = e.type == EventType::WorkOp && e.a != static_cast<int64_t>(OpCode::Burn) ? static_cast<int64_t>(i) : -1;
  }
  for (int64_t o : open)
    if (o >= 0) blocked[static_cast<size_t>(o)] = true;  // still waiting when the run ended
  return blocked;
}

bool is_internal_work(const World& w, int32_t work) {
  const Work* wk = find_work(w, work);
  return wk && (wk->barrier || (wk->program >= 0 && wk->program == w.wq.prog_idle_cull) || is_mayday_cursor(w, work));
}

}  // namespace cmwq
