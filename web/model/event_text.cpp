// Event log lines: ftrace tracepoint lines (format_ftrace()) and our own events in words.
#include "web/model/event_text.h"

#include <algorithm>
#include <cinttypes>

#include "core/trace/format.h"
#include "core/trace/text.h"
#include "core/world.h"
#include "web/model/text_util.h"

namespace cmwq::web {
namespace {

bool is_ftrace(EventType t) {
  switch (t) {
    case EventType::QueueWork:
    case EventType::ActivateWork:
    case EventType::ExecuteStart:
    case EventType::ExecuteEnd:
    case EventType::SchedSwitch:
    case EventType::SchedWakeup:
      return true;
    default:
      return false;
  }
}

const char* kick_reason(int64_t r) {
  switch (static_cast<KickReason>(r)) {
    case KickReason::Queue:
      return "work queued (__queue_work)";
    case KickReason::Process:
      return "process_one_work() chains a NOT_RUNNING worker";
    case KickReason::Sleep:
      return "the last running worker slept (wq_worker_sleeping)";
    case KickReason::Hog:
      return "a worker turned CPU_INTENSIVE (wq_worker_tick)";
    case KickReason::Rescuer:
      return "the rescuer left the pool";
    case KickReason::Activate:
      return "an inactive work was activated";
    case KickReason::Hotplug:
      return "CPU hotplug (unbind_workers)";
  }
  return "?";
}

const char* freed_reason(int64_t r) {
  switch (static_cast<PagesFreedReason>(r)) {
    case PagesFreedReason::Reclaim:
      return "writeback reclaimed them";
    case PagesFreedReason::Free:
      return "a work freed them";
    case PagesFreedReason::Release:
      return "the memory hog released them";
    case PagesFreedReason::WorkerExit:
      return "a worker exited";
  }
  return "?";
}

std::string worker_flags_text(int64_t f) {
  static const std::pair<uint32_t, const char*> kFlags[] = {
      {WORKER_DIE, "DIE"},         {WORKER_IDLE, "IDLE"},
      {WORKER_PREP, "PREP"},       {WORKER_CPU_INTENSIVE, "CPU_INTENSIVE"},
      {WORKER_UNBOUND, "UNBOUND"}, {WORKER_REBOUND, "REBOUND"},
  };
  std::string s;
  for (const auto& [bit, name] : kFlags)
    if (static_cast<uint32_t>(f) & bit) s += (s.empty() ? "" : "|") + std::string(name);
  return s.empty() ? "0" : s;
}

std::string op_at(const World& w, int32_t work, int64_t pc) {
  if (work < 0 || static_cast<size_t>(work) >= w.wq.works.size()) return "?";
  const int32_t prog = w.wq.works[static_cast<size_t>(work)].program;
  if (prog < 0 || static_cast<size_t>(prog) >= w.programs.size()) return "?";
  const auto& ops = w.programs[static_cast<size_t>(prog)].ops;
  if (pc < 0 || static_cast<size_t>(pc) >= ops.size()) return "?";
  return op_text(w, ops[static_cast<size_t>(pc)]);
}

std::string pwq_text(const World& w, int32_t pwq) {
  if (pwq < 0 || static_cast<size_t>(pwq) >= w.wq.pwqs.size()) return "pwq ?";
  const PoolWorkqueue& p = w.wq.pwqs[static_cast<size_t>(pwq)];
  return "pwq " + std::to_string(pwq) + " (" + wq_name(w, p.wq) + " on pool " + std::to_string(p.pool) + ")";
}

// Plain words for one of our own events.
std::string words(const World& w, const std::vector<Event>& log, size_t i) {
  const Event& e = log[i];
  if (is_dump_event(e.type)) {  // one line of show_all_workqueues()
    size_t next = 0;
    const std::vector<Event> one{e};
    const std::vector<std::string> lines = dump_event_lines(w, one, 0, next);
    std::string joined;  // a hog is three lines ("pool N:", the task, its workqueue): one log row
    for (const std::string& line : lines) joined += (joined.empty() ? "" : "  ") + line;
    return joined;
  }
  const std::string task = task_name(w, e.task);
  const std::string pool = "pool " + std::to_string(e.pool);
  std::string s;
  switch (e.type) {
    case EventType::SchedMigrate:
      appendf(s, "comm=%s orig_cpu=%lld dest_cpu=%d", task.c_str(), static_cast<long long>(e.a), e.cpu);
      return s;
    case EventType::TaskNew:
      return "comm=" + task + " (new kernel thread)";
    case EventType::TaskExit:
      return "comm=" + task + " exited";
    case EventType::WorkOp:
      return work_name(w, e.work) + " starts `" + op_at(w, e.work, e.b) + "`";
    case EventType::WorkOpDone:
      return work_name(w, e.work) + " returns from `" + op_at(w, e.work, e.b) + "`";
    case EventType::WorkerCreated:
      return task + (e.b ? " (rescuer) created" : " created in " + pool) + " (id " + std::to_string(e.a) + ")";
    case EventType::WorkerDestroyed:
      if (e.b) return task + " (rescuer of " + wq_name(w, e.wq) + ") stopped by destroy_workqueue()";
      return task + " destroyed in " + pool + " (idle culling)";
    case EventType::DrainStart:
      return task + " calls drain_workqueue(" + wq_name(w, e.wq) +
             "): __WQ_DRAINING, nr_drainers=" + std::to_string(e.a);
    case EventType::DrainIncomplete:
      return kernel_message(w, e);
    case EventType::DrainEnd:
      return "drain_workqueue(" + wq_name(w, e.wq) + ") returns: every pwq empty after " + std::to_string(e.a) +
             " retries";
    case EventType::DestroyStart:
      return task + " calls destroy_workqueue(" + wq_name(w, e.wq) + "): __WQ_DESTROYING";
    case EventType::DestroyEnd:
      return "destroy_workqueue(" + wq_name(w, e.wq) +
             ") returns: " + (e.a ? wq_name(w, e.wq) + " is gone" : std::string("busy pwq, the workqueue is leaked"));
    case EventType::WorkerIdle:
      return task + " enters idle in " + pool;
    case EventType::WorkerBusy:
      return task + " leaves idle in " + pool;
    case EventType::WorkerFlags:
      return task + " flags " + worker_flags_text(e.b) + " -> " + worker_flags_text(e.a);
    case EventType::KickPool:
      return pool + " woke " + task + ": " + kick_reason(e.a);
    case EventType::ManagerStart:
      return task + " becomes the manager of " + pool;
    case EventType::ManagerEnd:
      return task + " is done managing " + pool;
    case EventType::CreateWorker:
      return task + " calls create_worker() for " + pool + " (new id " + std::to_string(e.a) + ")";
    case EventType::CreateFailed:
      return "create_worker() for " + pool + " failed: -" + std::to_string(e.a) + (e.a == 12 ? " (ENOMEM)" : "");
    case EventType::CreateCooldown:
      return task + " waits CREATE_COOLDOWN before trying again (" + pool + ")";
    case EventType::PoolCounters:
      appendf(s, "%s nr_running=%lld nr_idle=%lld nr_workers=%lld worklist=%lld", pool.c_str(),
              static_cast<long long>(e.a & 0xffff), static_cast<long long>((e.a >> 16) & 0xffff),
              static_cast<long long>(e.a >> 32), static_cast<long long>(e.b));
      return s;
    case EventType::PwqCounters:
      appendf(s, "%s active=%lld inactive=%lld", pwq_text(w, e.pwq).c_str(), static_cast<long long>(e.a),
              static_cast<long long>(e.b));
      return s;
    case EventType::MaydayTimerArm:
      appendf(s, "%s mayday timer expires=%lld, fires at jiffy %lld", pool.c_str(), static_cast<long long>(e.a),
              static_cast<long long>(e.b));
      return s;
    case EventType::MaydayTimerStop:
      return pool + " mayday timer stopped (the manager is done)";
    case EventType::MaydayTimeout:
      return pool + (e.a ? " still needs a worker: sending maydays" : " no longer needs a worker");
    case EventType::MaydaySent:
      return "mayday for " + work_name(w, e.work) + " on " + pwq_text(w, e.pwq);
    case EventType::RescuerWake:
      return task + " rescues " + pwq_text(w, e.pwq);
    case EventType::RescuerAssign:
      return task + " takes " + work_name(w, e.work) + " from " + pool;
    case EventType::RescuerRequeue:
      return task + " puts " + pwq_text(w, e.pwq) + " back on the mayday list";
    case EventType::RescuerDone:
      return task + " leaves " + pool;
    case EventType::MemCounters:
      appendf(s, "free=%lld cache=%lld pages", static_cast<long long>(e.a), static_cast<long long>(e.b));
      return s;
    case EventType::AllocBlocked:
      appendf(s, "%s enters direct reclaim for %lld pages %s",
              e.work >= 0 ? work_name(w, e.work).c_str() : task.c_str(), static_cast<long long>(e.a),
              gfp_name(static_cast<Gfp>(e.b)));
      return s;
    case EventType::AllocDone:
      appendf(s, "%s got %lld pages %s", e.work >= 0 ? work_name(w, e.work).c_str() : task.c_str(),
              static_cast<long long>(e.a), gfp_name(static_cast<Gfp>(e.b)));
      return s;
    case EventType::AllocFailed:
      appendf(s, "%s failed to get %lld pages %s", e.work >= 0 ? work_name(w, e.work).c_str() : task.c_str(),
              static_cast<long long>(e.a), gfp_name(static_cast<Gfp>(e.b)));
      return s;
    case EventType::ReclaimQueued:
      return "direct reclaim queued " + work_name(w, e.work) + " on " + wq_name(w, e.wq);
    case EventType::PagesFreed:
      appendf(s, "%lld pages free: %s", static_cast<long long>(e.a), freed_reason(e.b));
      return s;
    case EventType::RcuGpStart:
      return "grace period " + std::to_string(e.a) + " starts";
    case EventType::RcuGpEnd:
      return "grace period " + std::to_string(e.a) + " ends";
    case EventType::WatchdogLockup:
    case EventType::CpuHogReport:
      return kernel_message(w, e);
    case EventType::Warn: {
      const int32_t func = e.work >= 0 && static_cast<size_t>(e.work) < w.wq.works.size()
                               ? w.wq.works[static_cast<size_t>(e.work)].program
                               : -1;
      // A bare WARN_ON() already reads "WARNING: CPU: ..."; the others get the marker.
      const std::string text = kernel_message(w, e, func);
      return text.rfind("WARNING:", 0) == 0 ? text : "WARNING: " + text;
    }
    case EventType::CpuHog:
      return task + " running " + work_name(w, e.work) + " hogs the CPU: now CPU_INTENSIVE";
    case EventType::CpuOnline:
      return "CPU " + std::to_string(e.cpu) + " online";
    case EventType::CpuOffline:
      return "CPU " + std::to_string(e.cpu) + " offline";
    case EventType::Scripted:
      if (e.a >= 0 && static_cast<size_t>(e.a) < w.script.size()) return w.script[static_cast<size_t>(e.a)].text;
      return "action " + std::to_string(e.a);
    default:
      return "";
  }
}

}  // namespace

const char* event_group_name(EventGroup g) {
  switch (g) {
    case EventGroup::Workqueue:
      return "workqueue tracepoints";
    case EventGroup::Sched:
      return "scheduler";
    case EventGroup::WorkOps:
      return "work operations";
    case EventGroup::Workers:
      return "workers & pools";
    case EventGroup::Mayday:
      return "mayday & rescuer";
    case EventGroup::Memory:
      return "memory";
    case EventGroup::Watchdog:
      return "watchdog & WARN";
    case EventGroup::Other:
      return "RCU, CPUs, actions";
    case EventGroup::Count:
      break;
  }
  return "?";
}

EventGroup event_group(EventType t) {
  if (is_dump_event(t)) return EventGroup::Watchdog;
  switch (t) {
    case EventType::QueueWork:
    case EventType::ActivateWork:
    case EventType::ExecuteStart:
    case EventType::ExecuteEnd:
    case EventType::DrainStart:
    case EventType::DrainEnd:
    case EventType::DestroyStart:
    case EventType::DestroyEnd:
      return EventGroup::Workqueue;
    case EventType::SchedSwitch:
    case EventType::SchedWakeup:
    case EventType::SchedMigrate:
    case EventType::TaskNew:
    case EventType::TaskExit:
      return EventGroup::Sched;
    case EventType::WorkOp:
    case EventType::WorkOpDone:
      return EventGroup::WorkOps;
    case EventType::WorkerCreated:
    case EventType::WorkerDestroyed:
    case EventType::WorkerIdle:
    case EventType::WorkerBusy:
    case EventType::WorkerFlags:
    case EventType::KickPool:
    case EventType::ManagerStart:
    case EventType::ManagerEnd:
    case EventType::CreateWorker:
    case EventType::CreateFailed:
    case EventType::CreateCooldown:
    case EventType::PoolCounters:
    case EventType::PwqCounters:
      return EventGroup::Workers;
    case EventType::MaydayTimerArm:
    case EventType::MaydayTimerStop:
    case EventType::MaydayTimeout:
    case EventType::MaydaySent:
    case EventType::RescuerWake:
    case EventType::RescuerAssign:
    case EventType::RescuerRequeue:
    case EventType::RescuerDone:
      return EventGroup::Mayday;
    case EventType::MemCounters:
    case EventType::AllocBlocked:
    case EventType::AllocDone:
    case EventType::AllocFailed:
    case EventType::ReclaimQueued:
    case EventType::PagesFreed:
      return EventGroup::Memory;
    case EventType::WatchdogLockup:
    case EventType::CpuHog:
    case EventType::CpuHogReport:
    case EventType::Warn:
    case EventType::DrainIncomplete:
      return EventGroup::Watchdog;
    default:
      return EventGroup::Other;
  }
}

void EventFormatter::update(const World& w, const std::vector<Event>& log, size_t unchanged) {
  const size_t keep = std::min({unchanged, ctx_.size(), log.size()});
  if (keep == 0) {
    ctx_.clear();
    checkpoints_.clear();
    tracker_.emplace(w);
  } else if (keep < ctx_.size()) {
    // History was rewound: restart from the last checkpoint at or before `keep`.
    const size_t k = keep / kEvery;
    tracker_ = checkpoints_[k];
    checkpoints_.resize(k + 1);
    for (size_t i = k * kEvery; i < keep; ++i) tracker_->after(log[i]);
    ctx_.resize(keep);
  }
  for (size_t i = ctx_.size(); i < log.size(); ++i) {
    if (i % kEvery == 0) checkpoints_.push_back(*tracker_);
    const Event& e = log[i];
    ctx_.push_back(Ctx{tracker_->last_task(), tracker_->cpu_curr(e.cpu), static_cast<int16_t>(tracker_->last_cpu())});
    tracker_->after(e);
  }
}

std::string EventFormatter::line(const World& w, const std::vector<Event>& log, size_t i) const {
  const Event& e = log[i];
  if (is_ftrace(e.type) && i < ctx_.size()) {
    // ftrace_line() with a tracker that holds the context the whole stream had before
    // this event: the CPU's current task (a sched_switch) and the last task that ran
    // code (a work_op), which is all a tracepoint line reads from it.
    const Ctx& c = ctx_[i];
    TraceTracker tr(w);
    if (e.cpu >= 0) {
      Event sw;
      sw.type = EventType::SchedSwitch;
      sw.cpu = e.cpu;
      sw.a = c.curr;
      tr.after(sw);
    }
    Event op;
    op.type = EventType::WorkOpDone;
    op.task = c.last_task;
    op.cpu = c.last_cpu;
    tr.after(op);
    return ftrace_line(w, e, tr);
  }
  // Our own events: the same head as trace-cmd's, then words.
  std::string s;
  const bool has_task = e.task >= 0 && static_cast<size_t>(e.task) < w.tasks.size();
  const std::string comm = has_task ? w.tasks[static_cast<size_t>(e.task)].comm : std::string("<kernel>");
  const int pid = has_task ? w.tasks[static_cast<size_t>(e.task)].pid : 0;
  const auto us = static_cast<unsigned long long>((e.time + 500) / NSEC_PER_USEC);
  appendf(s, "%16s-%-5d [%03d] %5llu.%06llu: %s: ", comm.c_str(), pid, e.cpu < 0 ? 0 : e.cpu, us / 1000000,
          us % 1000000, event_type_name(e.type));
  s += words(w, log, i);
  return s;
}

}  // namespace cmwq::web
