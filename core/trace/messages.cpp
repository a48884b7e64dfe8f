// The kernel's message texts and show_all_workqueues()'s lines, shared by the formatters.
#include <algorithm>

#include "core/trace/fields.h"
#include "core/trace/format.h"
#include "core/trace/text.h"
#include "core/trace/schema.h"
#include "core/world_view.h"

namespace cmwq {
namespace {

// %ps of a function: its name, or 0x0 for NULL.
std::string ps(const World& w, int32_t program) { return program < 0 ? std::string("0x0") : func_name(w, program); }

std::string mutex_name(const World& w, int64_t id) {
  const Mutex* m = find_mutex(w, id);
  return m ? m->name : std::string("?");
}

int pid_of(const World& w, int32_t task) {
  const Task* t = find_task(w, task);
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
  switch (warn_kind(e)) {
    case WarnKind::FlushDependency: {
      const PoolWorkqueue* cur = find_pwq(w, e.pwq);
      const int32_t cur_wq = cur ? cur->wq : -1;
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
      if (e.work >= 0) appendf(s, " of %s", ps(w, program_of_work(w, e.work)).c_str());
      appendf(s, " on workqueue %s after destroy_workqueue(): a use-after-free in a real kernel; ignored",
              wq_name(w, e.wq).c_str());
      return s;
    }
    // is_chained_work() read worker->current_pwq->wq; wq is the second field of
    // struct pool_workqueue, so the fault address is 8. The oops kills the task.
    case WarnKind::RecursiveLocking:  // print_deadlock_bug(), kernel/locking/lockdep.c (its first lines)
      appendf(s,
              "WARNING: possible recursive locking detected: %s/%d is trying to acquire lock %s at %s but task is "
              "already holding lock %s; *** DEADLOCK ***",
              task_name(w, e.task).c_str(), pid_of(w, e.task), mutex_name(w, e.b).c_str(),
              ps(w, program_of_work(w, e.work)).c_str(), mutex_name(w, e.b).c_str());
      return s;
    case WarnKind::LeakedLock: {  // process_one_work()
      const LockDepths d = lock_depths(e);
      appendf(s, "BUG: workqueue leaked atomic, lock or RCU: %s[%d] preempt=0x00000000 lock=%lld->%lld RCU=0->0 workfn=%s",
              task_name(w, e.task).c_str(), pid_of(w, e.task), static_cast<long long>(d.start),
              static_cast<long long>(d.end), ps(w, program_of_work(w, e.work)).c_str());
      return s;
    }
    case WarnKind::NullPwqOops:
      appendf(s,
              "BUG: kernel NULL pointer dereference, address: 0000000000000008 (CPU: %d PID: %d Comm: %s, "
              "RIP: __queue_work: is_chained_work() of %s on draining workqueue %s; the task dies)",
              e.cpu < 0 ? 0 : e.cpu, pid_of(w, e.task), task_name(w, e.task).c_str(),
              ps(w, program_of_work(w, e.work)).c_str(), wq_name(w, e.wq).c_str());
      return s;
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
    const Work* wk = find_work(w, work);
    if (!wk) return;
    if (wk->barrier) {
      flush(c, kNone, w);
      appendf(out, "%s BAR(%d)", c ? "," : "", barrier_pid);
    } else {
      if (!c) flush(c, kNone, w);
      flush(c, wk->program, w);
    }
  }
};

// The task a barrier's flusher sleeps in (barr->task), or 0 if none waits yet.
int barrier_pid(const World& w, int32_t work) {
  const Work* wk = find_work(w, work);
  const Completion* c = wk ? find_completion(w, wk->ctx) : nullptr;
  return c && !c->waiters.empty() ? pid_of(w, c->waiters.front()) : 0;
}

// Reads a run of Dump events into the lines show_all_workqueues() prints. Each step
// reads one item (with the events that continue it) and returns its line.
class DumpReader {
 public:
  DumpReader(const World& w, const EventLog& events, size_t first) : w_(w), ev_(events), i_(first) {}

  std::vector<std::string> lines() {
    while (i_ < ev_.size() && is_dump_event(ev_[i_].type)) {
      const Event& e = ev_[i_];
      switch (e.type) {
        case EventType::DumpBegin: add_line("Showing busy workqueues and worker pools:"); break;
        case EventType::DestroyBusy: add_line(kernel_message(w_, e)); break;
        case EventType::DumpWorkqueue: add_line(workqueue_line(e)); break;
        case EventType::DumpPwq: add_line(pwq_line(e)); break;
        case EventType::DumpInFlight: lines_.push_back(in_flight_line(e)); break;
        case EventType::DumpPending:
        case EventType::DumpInactive: lines_.push_back(work_list_line(e)); break;
        case EventType::DumpPool: lines_.push_back(pool_line(e)); break;
        case EventType::DumpHogBegin:
          add_line("Showing backtraces of running workers in stalled CPU-bound worker pools:");
          break;
        case EventType::DumpHog: hog_lines(e); break;
        default: ++i_; break;  // a DumpIdle only counts after its DumpPool
      }
    }
    return lines_;
  }
  size_t next() const { return i_; }

 private:
  // A line made of one event.
  void add_line(const std::string& s) {
    lines_.push_back(s);
    ++i_;
  }

  bool continues(EventType t, const Event& item) const {
    return i_ < ev_.size() && ev_[i_].type == t && ev_[i_].pwq == item.pwq;
  }

  std::string workqueue_line(const Event& e) const {
    std::string s;
    appendf(s, "workqueue %s: flags=0x%llx", wq_name(w_, e.wq).c_str(), static_cast<unsigned long long>(e.a));
    return s;
  }

  std::string pwq_line(const Event& e) const {
    const DumpPwqInfo p = dump_pwq_info(e);
    std::string s;
    appendf(s, "  pwq %d:%s active=%lld refcnt=%lld%s", e.pool, pool_info(w_, e.pool).c_str(),
            static_cast<long long>(p.nr_active), static_cast<long long>(p.refcnt), p.mayday ? " MAYDAY" : "");
    return s;
  }

  // One entry per busy worker: its current work, then the items on its scheduled list.
  std::string in_flight_line(const Event& e) {
    std::string s = "    in-flight:";
    ContWork pc{s};
    bool comma = false;
    while (continues(EventType::DumpInFlight, e)) {
      const int32_t task = ev_[i_].task;
      appendf(s, " %s%d%s:%s", comma ? "," : "", pid_of(w_, task), ev_[i_].a ? "(RESCUER)" : "",
              ps(w_, program_of_work(w_, ev_[i_].work)).c_str());
      ++i_;
      while (continues(EventType::DumpInFlight, e) && ev_[i_].task == task) {
        pc.work(false, ev_[i_].work, w_, barrier_pid(w_, ev_[i_].work));
        ++i_;
      }
      pc.flush(comma, ContWork::kNone, w_);
      comma = true;
    }
    return s;
  }

  // "    pending:" or "    inactive:" and their items; a linked item continues without a comma.
  std::string work_list_line(const Event& e) {
    std::string s = e.type == EventType::DumpPending ? "    pending:" : "    inactive:";
    ContWork pc{s};
    bool comma = false;
    while (continues(e.type, e)) {
      const int32_t work = ev_[i_].work;
      pc.work(comma, work, w_, barrier_pid(w_, work));
      const Work* wk = find_work(w_, work);
      comma = !(wk && (wk->data & WORK_STRUCT_LINKED));
      ++i_;
    }
    pc.flush(comma, ContWork::kNone, w_);
    return s;
  }

  // The pool line, with the pids of its idle workers (the DumpIdle events after it).
  std::string pool_line(const Event& e) {
    const DumpPoolInfo p = dump_pool_info(e);
    std::string s;
    appendf(s, "pool %d:%s hung=%llds workers=%lld", e.pool, pool_info(w_, e.pool).c_str(),
            static_cast<long long>(p.hung_s), static_cast<long long>(p.nr_workers));
    if (p.manager_pid >= 0) appendf(s, " manager: %lld", static_cast<long long>(p.manager_pid));
    ++i_;
    bool first_idle = true;
    while (i_ < ev_.size() && ev_[i_].type == EventType::DumpIdle && ev_[i_].pool == e.pool) {
      appendf(s, " %s%d", first_idle ? "idle: " : "", pid_of(w_, ev_[i_].task));
      first_idle = false;
      ++i_;
    }
    return s;
  }

  // "pool N:", then sched_show_task()'s first line, shortened (the stack usage and thread
  // flags it also prints are not modelled), then print_worker_info()'s line; no stack
  // trace. Only running workers are shown (task_is_running()), so the state is R.
  void hog_lines(const Event& e) {
    std::string s;
    appendf(s, "pool %d:", e.pool);
    lines_.push_back(s);
    s.clear();
    appendf(s, "task:%-15.15s state:R pid:%d", task_name(w_, e.task).c_str(), pid_of(w_, e.task));
    lines_.push_back(s);
    if (e.wq >= 0) {
      // process_one_work() copies the wq's name into worker->desc, so desc == name and
      // no " (desc)" follows.
      s.clear();
      appendf(s, "Workqueue: %s %s", wq_name(w_, e.wq).c_str(), ps(w_, static_cast<int32_t>(e.a)).c_str());
      lines_.push_back(s);
    }
    ++i_;
  }

  const World& w_;
  const EventLog& ev_;
  size_t i_;
  std::vector<std::string> lines_;
};

}  // namespace

uint64_t work_struct_address(int32_t work) {
  return 0xffff888100000000ull + static_cast<uint64_t>(static_cast<uint32_t>(work)) * 0x40ull;
}

std::string pool_info(const World& w, int32_t pool) {
  std::string s;
  const WorkerPool* p = find_pool(w, pool);
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
              ps(w, program_of_work(w, e.work)).c_str(), static_cast<long long>(e.a), static_cast<long long>(e.b));
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

bool is_dump_event(EventType t) { return event_schema(t).dump; }

std::vector<std::string> dump_event_lines(const World& w, const EventLog& events, size_t first,
                                          size_t& next) {
  DumpReader reader(w, events, first);
  std::vector<std::string> lines = reader.lines();
  next = reader.next();
  return lines;
}

}  // namespace cmwq
