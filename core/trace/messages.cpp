// The kernel's message texts and show_all_workqueues()'s lines, shared by the formatters.
#include <algorithm>

#include "core/trace/format.h"
#include "core/trace/text.h"
#include "core/world.h"

namespace cmwq {
namespace {

const WorkerPool* pool_ptr(const World& w, int32_t pool) {
  return pool >= 0 && static_cast<size_t>(pool) < w.wq.pools.size() ? &w.wq.pools[static_cast<size_t>(pool)]
                                                                     : nullptr;
}

const Task* task_ptr(const World& w, int32_t task) {
  return task >= 0 && static_cast<size_t>(task) < w.tasks.size() ? &w.tasks[static_cast<size_t>(task)] : nullptr;
}

int32_t work_program(const World& w, int32_t work) {
  return work >= 0 && static_cast<size_t>(work) < w.wq.works.size() ? w.wq.works[static_cast<size_t>(work)].program
                                                                     : -1;
}

// %ps of a function: its name, or 0x0 for NULL.
std::string ps(const World& w, int32_t program) { return program < 0 ? std::string("0x0") : func_name(w, program); }

int pid_of(const World& w, int32_t task) {
  const Task* t = task_ptr(w, task);
  return t ? t->pid : 0;
}

// A WARN_ON() without a message: the "WARNING: ... at file function" line the kernel prints.
std::string warning_at(const World& w, const Event& e, const char* function) {
  std::string s;
  appendf(s, "WARNING: CPU: %d PID: %d at kernel/workqueue.c %s", e.cpu < 0 ? 0 : e.cpu, pid_of(w, e.task),
          function);
  return s;
}

std::string warn_message(const World& w, const Event& e, int32_t current_func) {
  std::string s;
  switch (static_cast<WarnKind>(e.a)) {
    case WarnKind::FlushDependency: {
      const int32_t cur_wq =
          e.pwq >= 0 && static_cast<size_t>(e.pwq) < w.wq.pwqs.size() ? w.wq.pwqs[static_cast<size_t>(e.pwq)].wq : -1;
      appendf(s, "workqueue: WQ_MEM_RECLAIM %s:%s is flushing !WQ_MEM_RECLAIM %s:%s", wq_name(w, cur_wq).c_str(),
              ps(w, current_func).c_str(), wq_name(w, e.wq).c_str(), ps(w, static_cast<int32_t>(e.b)).c_str());
      return s;
    }
    case WarnKind::FlushMemalloc:
      appendf(s, "workqueue: PF_MEMALLOC task %d(%s) is flushing !WQ_MEM_RECLAIM %s:%s", pid_of(w, e.task),
              task_name(w, e.task).c_str(), wq_name(w, e.wq).c_str(), ps(w, static_cast<int32_t>(e.b)).c_str());
      return s;
    // v6.12's WARN_ON_ONCE(!is_chained_work(wq)) has no message; v6.15 made it
    // WARN_ONCE(..., "workqueue: cannot queue %ps on wq %s\n", work->func, wq->name).
    case WarnKind::QueueOnDraining: return warning_at(w, e, "__queue_work");
    case WarnKind::FreeMoreThanHeld:
      appendf(s, "cmwq: %s frees %lld pages but holds fewer (a page-allocator bug in a real kernel)",
              work_name(w, e.work).c_str(), static_cast<long long>(e.b));
      return s;
    case WarnKind::UnlockNotOwner: return "DEBUG_LOCKS_WARN_ON(__owner_task(owner) != current)";
    case WarnKind::EnterIdleRunning: return warning_at(w, e, "worker_enter_idle");
    case WarnKind::ScheduledNotEmpty: return warning_at(w, e, "worker_thread");
    case WarnKind::CreateFailedMessage: return "workqueue: Failed to create a worker thread: -ENOMEM";
    case WarnKind::MaxActiveClamped:
      appendf(s, "workqueue: max_active %lld requested for %s is out of range, clamping between %d and %d",
              static_cast<long long>(e.b), wq_name(w, e.wq).c_str(), 1, WQ_MAX_ACTIVE);
      return s;
    case WarnKind::BadCpu:
      appendf(s, "cmwq: queue_work_on() for CPU %lld, which this machine does not have; queued as WORK_CPU_UNBOUND",
              static_cast<long long>(e.b));
      return s;
    case WarnKind::SetMaxActiveOrdered: return warning_at(w, e, "workqueue_set_max_active");
    case WarnKind::BhNotModelled: return "cmwq: WQ_BH workqueues run in softirq context, which is not modelled";
    case WarnKind::QueueListNotEmpty: return warning_at(w, e, "__queue_work");
    case WarnKind::DestroyBusyPwq: return warning_at(w, e, "destroy_workqueue");
    case WarnKind::UseAfterDestroy: {
      const char* call = "queue_work_on";
      switch (static_cast<UseAfterDestroyCall>(e.b)) {
        case UseAfterDestroyCall::QueueWork: break;
        case UseAfterDestroyCall::FlushWorkqueue: call = "__flush_workqueue"; break;
        case UseAfterDestroyCall::DrainWorkqueue: call = "drain_workqueue"; break;
        case UseAfterDestroyCall::DestroyWorkqueue: call = "destroy_workqueue"; break;
      }
      appendf(s, "cmwq: %s()", call);
      if (e.work >= 0) appendf(s, " of %s", ps(w, work_program(w, e.work)).c_str());
      appendf(s, " on workqueue %s after destroy_workqueue(): a use-after-free in a real kernel; ignored",
              wq_name(w, e.wq).c_str());
      return s;
    }
  }
  appendf(s, "WARNING: kind %lld", static_cast<long long>(e.a));
  return s;
}

// pr_cont_work() and pr_cont_work_flush(): consecutive items of one function print as N*func.
struct ContWork {
  std::string& out;
  bool comma = false;
  int32_t func = -1;
  long ctr = 0;
  static constexpr int32_t kNone = -2;  // (work_func_t)-1L

  void flush(bool c, int32_t f, const World& w) {
    if (ctr) {
      if (f == func && f != kNone) {
        ++ctr;
        return;
      }
      if (ctr == 1) appendf(out, "%s %s", comma ? "," : "", ps(w, func).c_str());
      else appendf(out, "%s %ld*%s", comma ? "," : "", ctr, ps(w, func).c_str());
      ctr = 0;
    }
    if (f == kNone) return;
    comma = c;
    func = f;
    ctr = 1;
  }
  void work(bool c, int32_t work, const World& w, int barrier_pid) {
    const Work& wk = w.wq.works[static_cast<size_t>(work)];
    if (wk.barrier) {
      flush(c, kNone, w);
      appendf(out, "%s BAR(%d)", c ? "," : "", barrier_pid);
    } else {
      if (!c) flush(c, kNone, w);
      flush(c, wk.program, w);
    }
  }
};

// The task a barrier's flusher sleeps in (barr->task), or 0 if none waits yet.
int barrier_pid(const World& w, int32_t work) {
  const Work& wk = w.wq.works[static_cast<size_t>(work)];
  if (wk.ctx < 0 || static_cast<size_t>(wk.ctx) >= w.completions.size()) return 0;
  const Completion& c = w.completions[static_cast<size_t>(wk.ctx)];
  return c.waiters.empty() ? 0 : pid_of(w, c.waiters.front());
}


}  // namespace

uint64_t work_struct_address(int32_t work) {
  return 0xffff888100000000ull + static_cast<uint64_t>(static_cast<uint32_t>(work)) * 0x40ull;
}

std::string pool_info(const World& w, int32_t pool) {
  std::string s;
  const WorkerPool* p = pool_ptr(w, pool);
  if (!p) return s;
  appendf(s, " cpus=%s", p->attrs.cpumask.to_list().c_str());
  appendf(s, " node=%d", p->node);  // NUMA_NO_NODE never happens here
  appendf(s, " flags=0x%x", p->flags);
  if (p->flags & POOL_BH) appendf(s, " bh%s", p->attrs.nice == HIGHPRI_NICE_LEVEL ? "-hi" : "");
  else appendf(s, " nice=%d", p->attrs.nice);
  return s;
}

std::string kernel_message(const World& w, const Event& e, int32_t current_func) {
  std::string s;
  switch (e.type) {
    case EventType::WatchdogLockup:
      appendf(s, "BUG: workqueue lockup - pool%s stuck for %llds!", pool_info(w, e.pool).c_str(),
              static_cast<long long>(e.a));
      return s;
    case EventType::CpuHogReport:
      appendf(s, "workqueue: %s hogged CPU for >%lldus %lld times, consider switching to WQ_UNBOUND",
              ps(w, work_program(w, e.work)).c_str(), static_cast<long long>(e.a), static_cast<long long>(e.b));
      return s;
    case EventType::Warn: return warn_message(w, e, current_func);
    case EventType::DrainIncomplete:  // pr_warn() in drain_workqueue(); %s() is __func__
      appendf(s, "workqueue %s: drain_workqueue() isn't complete after %lld tries", wq_name(w, e.wq).c_str(),
              static_cast<long long>(e.a));
      return s;
    case EventType::DestroyBusy:  // pr_warn("%s: %s has the following busy pwq\n", __func__, wq->name)
      appendf(s, "destroy_workqueue: %s has the following busy pwq", wq_name(w, e.wq).c_str());
      return s;
    default: return s;
  }
}

bool is_dump_event(EventType t) {
  switch (t) {
    case EventType::DumpBegin:
    case EventType::DumpWorkqueue:
    case EventType::DumpPwq:
    case EventType::DumpInFlight:
    case EventType::DumpPending:
    case EventType::DumpInactive:
    case EventType::DumpPool:
    case EventType::DumpIdle:
    case EventType::DumpHogBegin:
    case EventType::DumpHog:
    case EventType::DestroyBusy: return true;
    default: return false;
  }
}

std::vector<std::string> dump_event_lines(const World& w, const std::vector<Event>& events, size_t first,
                                          size_t& next) {
  std::vector<std::string> lines;
  size_t i = first;
  while (i < events.size() && is_dump_event(events[i].type)) {
    const Event& e = events[i];
    std::string s;
    switch (e.type) {
      case EventType::DumpBegin: s = "Showing busy workqueues and worker pools:"; ++i; break;
      case EventType::DestroyBusy: s = kernel_message(w, e); ++i; break;
      case EventType::DumpWorkqueue:
        appendf(s, "workqueue %s: flags=0x%llx", wq_name(w, e.wq).c_str(), static_cast<unsigned long long>(e.a));
        ++i;
        break;
      case EventType::DumpPwq:
        appendf(s, "  pwq %d:%s active=%lld refcnt=%lld%s", e.pool, pool_info(w, e.pool).c_str(),
                static_cast<long long>(e.a), static_cast<long long>(e.b & 0xffffffff), (e.b >> 32) ? " MAYDAY" : "");
        ++i;
        break;
      case EventType::DumpInFlight: {
        // One entry per busy worker: its current work, then the items on its scheduled list.
        s = "    in-flight:";
        ContWork pc{s};
        bool comma = false;
        while (i < events.size() && events[i].type == EventType::DumpInFlight && events[i].pwq == e.pwq) {
          const int32_t task = events[i].task;
          appendf(s, " %s%d%s:%s", comma ? "," : "", pid_of(w, task), events[i].a ? "(RESCUER)" : "",
                  ps(w, work_program(w, events[i].work)).c_str());
          ++i;
          while (i < events.size() && events[i].type == EventType::DumpInFlight && events[i].task == task &&
                 events[i].pwq == e.pwq) {
            pc.work(false, events[i].work, w, barrier_pid(w, events[i].work));
            ++i;
          }
          pc.flush(comma, ContWork::kNone, w);
          comma = true;
        }
        break;
      }
      case EventType::DumpPending:
      case EventType::DumpInactive: {
        const EventType t = e.type;
        s = t == EventType::DumpPending ? "    pending:" : "    inactive:";
        ContWork pc{s};
        bool comma = false;
        while (i < events.size() && events[i].type == t && events[i].pwq == e.pwq) {
          const int32_t work = events[i].work;
          pc.work(comma, work, w, barrier_pid(w, work));
          comma = !(w.wq.works[static_cast<size_t>(work)].data & WORK_STRUCT_LINKED);
          ++i;
        }
        pc.flush(comma, ContWork::kNone, w);
        break;
      }
      case EventType::DumpPool: {
        appendf(s, "pool %d:%s hung=%llds workers=%lld", e.pool, pool_info(w, e.pool).c_str(),
                static_cast<long long>(e.a), static_cast<long long>(e.b & 0xffffffff));
        const int64_t manager_pid = (e.b >> 32) - 1;
        if (manager_pid >= 0) appendf(s, " manager: %lld", static_cast<long long>(manager_pid));
        ++i;
        bool first_idle = true;
        while (i < events.size() && events[i].type == EventType::DumpIdle && events[i].pool == e.pool) {
          appendf(s, " %s%d", first_idle ? "idle: " : "", pid_of(w, events[i].task));
          first_idle = false;
          ++i;
        }
        break;
      }
      case EventType::DumpIdle: ++i; continue;  // only after its DumpPool
      case EventType::DumpHogBegin:
        s = "Showing backtraces of running workers in stalled CPU-bound worker pools:";
        ++i;
        break;
      case EventType::DumpHog: {
        appendf(s, "pool %d:", e.pool);
        lines.push_back(s);
        s.clear();
        // sched_show_task(): its first line, shortened (the stack usage and thread flags it
        // also prints are not modelled), then print_worker_info()'s line; no stack trace.
        // Only running workers are shown (task_is_running()), so the state is R.
        appendf(s, "task:%-15.15s state:R pid:%d", task_name(w, e.task).c_str(), pid_of(w, e.task));
        if (e.wq >= 0) {
          lines.push_back(s);
          s.clear();
          // process_one_work() copies the wq's name into worker->desc, so desc == name and
          // no " (desc)" follows.
          appendf(s, "Workqueue: %s %s", wq_name(w, e.wq).c_str(), ps(w, static_cast<int32_t>(e.a)).c_str());
        }
        ++i;
        break;
      }
      default: ++i; continue;
    }
    lines.push_back(s);
  }
  next = i;
  return lines;
}

}  // namespace cmwq
