// Our own full event stream as JSON (docs/json-format.md).
#include "core/trace/format.h"
#include "core/trace/text.h"
#include "core/trace/tracker.h"
#include "core/world.h"

namespace cmwq {
namespace {

const char* kick_reason_name(int64_t r) {
  switch (static_cast<KickReason>(r)) {
    case KickReason::Queue: return "queue";
    case KickReason::Process: return "process";
    case KickReason::Sleep: return "sleep";
    case KickReason::Hog: return "hog";
    case KickReason::Rescuer: return "rescuer";
    case KickReason::Activate: return "activate";
    case KickReason::Hotplug: return "hotplug";
  }
  return "?";
}

const char* freed_reason_name(int64_t r) {
  switch (static_cast<PagesFreedReason>(r)) {
    case PagesFreedReason::Reclaim: return "reclaim";
    case PagesFreedReason::Free: return "free";
    case PagesFreedReason::Release: return "release";
    case PagesFreedReason::WorkerExit: return "worker_exit";
  }
  return "?";
}

const char* warn_kind_name(int64_t k) {
  switch (static_cast<WarnKind>(k)) {
    case WarnKind::FlushDependency: return "flush_dependency";
    case WarnKind::FlushMemalloc: return "flush_memalloc";
    case WarnKind::QueueOnDraining: return "queue_on_draining";
    case WarnKind::FreeMoreThanHeld: return "free_more_than_held";
    case WarnKind::UnlockNotOwner: return "unlock_not_owner";
    case WarnKind::EnterIdleRunning: return "enter_idle_running";
    case WarnKind::ScheduledNotEmpty: return "scheduled_not_empty";
    case WarnKind::CreateFailedMessage: return "create_failed";
    case WarnKind::MaxActiveClamped: return "max_active_clamped";
    case WarnKind::BadCpu: return "bad_cpu";
    case WarnKind::SetMaxActiveOrdered: return "set_max_active_ordered";
    case WarnKind::BhNotModelled: return "bh_not_modelled";
    case WarnKind::QueueListNotEmpty: return "queue_list_not_empty";
    case WarnKind::DestroyBusyPwq: return "destroy_busy_pwq";
    case WarnKind::UseAfterDestroy: return "use_after_destroy";
  }
  return "?";
}

// Kernel names of WQ_* flags, e.g. "WQ_UNBOUND|WQ_MEM_RECLAIM" ("" for none, where
// wq_flags_string() says "0" as the kernel's dumps do).
std::string wq_flag_names(uint32_t flags) {
  std::string names = wq_flags_string(flags);
  return names == "0" ? std::string() : names;
}

void key(std::string& out, const char* k) {
  out += ",\"";
  out += k;
  out += "\":";
}
void num(std::string& out, const char* k, int64_t v) {
  key(out, k);
  appendf(out, "%lld", static_cast<long long>(v));
}
void str(std::string& out, const char* k, const std::string& v) {
  key(out, k);
  append_json_string(out, v);
}
void boolean(std::string& out, const char* k, bool v) {
  key(out, k);
  out += v ? "true" : "false";
}

void event_json(std::string& out, const World& w, const Event& e, const TraceTracker& tr) {
  appendf(out, "{\"seq\":%llu,\"time\":%lld", static_cast<unsigned long long>(e.seq), static_cast<long long>(e.time));
  str(out, "type", event_type_name(e.type));
  if (e.cpu >= 0) num(out, "cpu", e.cpu);
  if (e.task >= 0) {
    num(out, "task", e.task);
    str(out, "comm", task_name(w, e.task));
  }
  if (e.work >= 0) {
    num(out, "work", e.work);
    str(out, "work_name", work_name(w, e.work));
    if (static_cast<size_t>(e.work) < w.wq.works.size())
      str(out, "function", func_name(w, w.wq.works[static_cast<size_t>(e.work)].program));
  }
  if (e.pool >= 0) num(out, "pool", e.pool);
  if (e.pwq >= 0) num(out, "pwq", e.pwq);
  if (e.wq >= 0) {
    num(out, "wq", e.wq);
    str(out, "wq_name", wq_name(w, e.wq));
  }
  num(out, "a", e.a);
  num(out, "b", e.b);
  // Decoded a and b, per type.
  switch (e.type) {
    case EventType::SchedSwitch:
      num(out, "next", e.a);
      str(out, "next_comm", e.a < 0 ? std::string("swapper/") + std::to_string(e.cpu) : task_name(w, static_cast<int32_t>(e.a)));
      str(out, "prev_state", std::string(1, static_cast<char>(e.b)));
      break;
    case EventType::SchedMigrate: num(out, "orig_cpu", e.a); break;
    case EventType::QueueWork:
      num(out, "req_cpu", e.a);
      num(out, "pool_cpu", e.b);
      break;
    case EventType::WorkOp:
    case EventType::WorkOpDone:
      str(out, "op", op_name(static_cast<OpCode>(e.a)));
      num(out, "pc", e.b);
      break;
    case EventType::WorkerCreated:
      num(out, "worker_id", e.a);
      boolean(out, "rescuer", e.b != 0);
      break;
    case EventType::WorkerDestroyed:
      num(out, "worker_id", e.a);
      boolean(out, "rescuer", e.b != 0);
      break;
    case EventType::DrainStart: num(out, "nr_drainers", e.a); break;
    case EventType::DrainIncomplete:
      num(out, "tries", e.a);
      str(out, "message", kernel_message(w, e));
      break;
    case EventType::DrainEnd: num(out, "tries", e.a); break;
    case EventType::DestroyBusy: str(out, "message", kernel_message(w, e)); break;
    case EventType::DestroyEnd: boolean(out, "destroyed", e.a != 0); break;
    case EventType::WorkerFlags:
      num(out, "flags", e.a);
      num(out, "old_flags", e.b);
      break;
    case EventType::KickPool: str(out, "reason", kick_reason_name(e.a)); break;
    case EventType::CreateFailed: num(out, "errno", e.a); break;
    case EventType::PoolCounters:
      num(out, "nr_running", e.a & 0xffff);
      num(out, "nr_idle", (e.a >> 16) & 0xffff);
      num(out, "nr_workers", e.a >> 32);
      num(out, "worklist", e.b);
      break;
    case EventType::PwqCounters:
      num(out, "nr_active", e.a);
      num(out, "nr_inactive", e.b);
      break;
    case EventType::MaydayTimerArm:
      num(out, "expires", e.a);
      num(out, "fires", e.b);
      break;
    case EventType::MaydayTimeout: boolean(out, "need_to_create_worker", e.a != 0); break;
    case EventType::MemCounters:
      num(out, "free", e.a);
      num(out, "cache", e.b);
      break;
    case EventType::AllocBlocked:
    case EventType::AllocDone:
    case EventType::AllocFailed:
      num(out, "pages", e.a);
      str(out, "gfp", gfp_name(static_cast<Gfp>(e.b)));
      break;
    case EventType::PagesFreed:
      num(out, "pages", e.a);
      str(out, "reason", freed_reason_name(e.b));
      break;
    case EventType::RcuGpStart:
    case EventType::RcuGpEnd: num(out, "gp", e.a); break;
    case EventType::WatchdogLockup:
      num(out, "stuck_s", e.a);
      str(out, "message", kernel_message(w, e));
      break;
    case EventType::CpuHogReport:
      num(out, "thresh_us", e.a);
      num(out, "count", e.b);
      str(out, "message", kernel_message(w, e));
      break;
    case EventType::Warn: {
      str(out, "warn", warn_kind_name(e.a));
      const int32_t work = tr.task_work(e.task);
      str(out, "message", kernel_message(w, e, work >= 0 ? w.wq.works[static_cast<size_t>(work)].program : -1));
      break;
    }
    case EventType::DumpWorkqueue: num(out, "flags", e.a); break;
    case EventType::DumpPwq:
      num(out, "nr_active", e.a);
      num(out, "refcnt", e.b & 0xffffffff);
      boolean(out, "mayday", (e.b >> 32) != 0);
      break;
    case EventType::DumpInFlight: boolean(out, "rescuer", e.a != 0); break;
    case EventType::DumpPool:
      num(out, "hung_s", e.a);
      num(out, "nr_workers", e.b & 0xffffffff);
      num(out, "manager_pid", (e.b >> 32) - 1);
      break;
    case EventType::Scripted:
      if (e.a >= 0 && static_cast<size_t>(e.a) < w.script.size()) str(out, "action", w.script[static_cast<size_t>(e.a)].text);
      break;
    default: break;
  }
  out += "}";
}

}  // namespace

std::string format_json(const World& w, const std::vector<Event>& events, Nanos end) {
  std::string out = "{\n\"format\":\"cmwq-events\",\n\"version\":1,\n\"time_unit\":\"ns\",\n";
  appendf(out, "\"end\":%lld,\n", static_cast<long long>(end));
  const MachineConfig& c = w.config;
  appendf(out, "\"machine\":{\"cpus\":%d,\"hz\":%d,\"sched\":\"%s\",\"timers\":\"%s\",\"memory_pages\":%lld", c.cpus,
          c.hz, c.sched == SchedModel::Fifo ? "fifo" : "preempt", c.timers == TimerModel::Wheel ? "wheel" : "exact",
          static_cast<long long>(c.memory_pages));
  appendf(out, ",\"wmark_min\":%lld,\"wmark_low\":%lld,\"wmark_high\":%lld,\"seed\":%llu},\n",
          static_cast<long long>(w.mem.wmark.min), static_cast<long long>(w.mem.wmark.low),
          static_cast<long long>(w.mem.wmark.high), static_cast<unsigned long long>(c.seed));

  out += "\"tasks\":[";
  for (size_t i = 0; i < w.tasks.size(); ++i) {
    const Task& t = w.tasks[i];
    appendf(out, "%s\n {\"id\":%zu,\"pid\":%d,\"comm\":", i ? "," : "", i, t.pid);
    append_json_string(out, t.comm);
    appendf(out, ",\"nice\":%d}", t.nice);
  }
  out += "],\n\"pools\":[";
  for (size_t i = 0; i < w.wq.pools.size(); ++i) {
    const WorkerPool& p = w.wq.pools[i];
    appendf(out, "%s\n {\"id\":%d,\"cpu\":%d,\"cpus\":\"%s\",\"nice\":%d}", i ? "," : "", p.id, p.cpu,
            p.attrs.cpumask.to_list().c_str(), p.attrs.nice);
  }
  out += "],\n\"workqueues\":[";
  for (size_t i = 0; i < w.wq.wqs.size(); ++i) {
    const Workqueue& q = w.wq.wqs[i];
    appendf(out, "%s\n {\"id\":%zu,\"name\":", i ? "," : "", i);
    append_json_string(out, q.name);
    out += ",\"flags\":";
    append_json_string(out, wq_flag_names(q.flags));
    appendf(out, ",\"max_active\":%d}", q.saved_max_active);
  }
  out += "],\n\"works\":[";
  for (size_t i = 0; i < w.wq.works.size(); ++i) {
    const Work& k = w.wq.works[i];
    appendf(out, "%s\n {\"id\":%zu,\"name\":", i ? "," : "", i);
    append_json_string(out, k.name);
    out += ",\"function\":";
    append_json_string(out, func_name(w, k.program));
    appendf(out, ",\"address\":\"0x%llx\"}", static_cast<unsigned long long>(work_struct_address(static_cast<int32_t>(i))));
  }
  out += "],\n\"events\":[";
  TraceTracker tr(w);
  for (size_t i = 0; i < events.size(); ++i) {
    out += i ? ",\n " : "\n ";
    event_json(out, w, events[i], tr);
    tr.after(events[i]);
  }
  out += "]\n}\n";
  return out;
}

}  // namespace cmwq
