// Chrome Trace Event Format JSON for ui.perfetto.dev: pools as processes, kworkers as
// threads, work executions as slices, queue -> execute flows, counters and instants.
#include <map>
#include <set>

#include "core/trace/format.h"
#include "core/trace/text.h"
#include "core/trace/tracker.h"
#include "core/world.h"

namespace cmwq {
namespace {

enum class SliceKind : uint8_t { Work, Op, Burn, Manage, Create, Reclaim, Rescue, Queue };

struct Open {
  SliceKind kind;
  int64_t id;
};

// The operation a work's program is at, as written in a scenario: "sleep 10ms".
std::string op_text(const World& w, int32_t work, int64_t pc, OpCode code) {
  std::string s = op_name(code);
  if (work < 0 || static_cast<size_t>(work) >= w.wq.works.size()) return s;
  const int32_t prog = w.wq.works[static_cast<size_t>(work)].program;
  if (prog < 0 || static_cast<size_t>(prog) >= w.programs.size()) return s;
  const std::vector<Op>& ops = w.programs[static_cast<size_t>(prog)].ops;
  if (pc < 0 || static_cast<size_t>(pc) >= ops.size()) return s;
  const Op& op = ops[static_cast<size_t>(pc)];
  auto name_of = [](const auto& v, int32_t i) {
    return i >= 0 && static_cast<size_t>(i) < v.size() ? v[static_cast<size_t>(i)].name : std::string("?");
  };
  switch (code) {
    case OpCode::Burn:
    case OpCode::Sleep: return s + " " + format_duration(op.ns);
    case OpCode::Alloc: return s + " " + std::to_string(op.count) + " " + gfp_name(op.gfp);
    case OpCode::FlushWork:
    case OpCode::CancelWorkSync: return s + " " + work_name(w, op.b);
    case OpCode::FlushWorkqueue: return s + " " + wq_name(w, op.a);
    case OpCode::Wait: return s + " " + name_of(w.completions, op.a);
    case OpCode::Lock: return s + " " + name_of(w.mutexes, op.a);
    default: return s;
  }
}

class PerfettoBuilder {
 public:
  PerfettoBuilder(const World& w, const std::vector<Event>& ev, Nanos end)
      : w_(w), ev_(ev), end_(end), tr_(w), blocked_(blocking_ops(ev)) {
    const auto npools = static_cast<int64_t>(w.wq.pools.size());
    pid_rescuers_ = npools + 1;
    pid_actions_ = npools + 2;
    pid_memory_ = npools + 3;
    pid_kthreads_ = npools + 4;
    pid_kernel_ = npools + 5;
    pair_flows();
  }

  std::string run() {
    for (size_t i = 0; i < ev_.size(); ++i) {
      handle(i);
      tr_.after(ev_[i]);
    }
    Nanos last = end_;
    if (!ev_.empty() && ev_.back().time > last) last = ev_.back().time;
    for (auto& [key, stack] : stacks_)
      while (!stack.empty()) {
        stack.pop_back();
        slice_end(key >> 32, key & 0xffffffff, last);
      }
    std::string out = "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"generator\":\"cmwq-lab\"},\"traceEvents\":[\n";
    bool first = true;
    auto add = [&](const std::string& line) {
      out += first ? "" : ",\n";
      out += line;
      first = false;
    };
    for (int64_t pid : pids_) add(process_meta(pid));
    for (int64_t key : threads_) add(thread_meta(key >> 32, key & 0xffffffff));
    for (const std::string& line : body_) add(line);
    out += "\n]}\n";
    return out;
  }

 private:
  // --- tracks ------------------------------------------------------------------------
  int64_t pool_pid(int32_t pool) const { return static_cast<int64_t>(pool) + 1; }
  int64_t action_tid(int cpu) const { return 1000000 + (cpu < 0 ? 0 : cpu); }

  int64_t task_pid(int32_t task) const {
    auto it = task_process_.find(task);
    return it != task_process_.end() ? it->second : pid_kthreads_;
  }
  int64_t task_tid(int32_t task) const {
    return task >= 0 && static_cast<size_t>(task) < w_.tasks.size() ? w_.tasks[static_cast<size_t>(task)].pid : 0;
  }

  std::string process_meta(int64_t pid) const {
    std::string name;
    if (pid == pid_rescuers_) name = "rescuers";
    else if (pid == pid_actions_) name = "scenario actions and timers";
    else if (pid == pid_memory_) name = "memory";
    else if (pid == pid_kthreads_) name = "other kernel threads";
    else if (pid == pid_kernel_) name = "kernel messages";
    else name = "pool " + std::to_string(pid - 1) + ":" + pool_words(static_cast<int32_t>(pid - 1));
    std::string s;
    appendf(s, "{\"ph\":\"M\",\"pid\":%lld,\"name\":\"process_name\",\"args\":{\"name\":", static_cast<long long>(pid));
    append_json_string(s, name);
    appendf(s, "}},\n{\"ph\":\"M\",\"pid\":%lld,\"name\":\"process_sort_index\",\"args\":{\"sort_index\":%lld}}",
            static_cast<long long>(pid), static_cast<long long>(pid));
    return s;
  }

  std::string thread_meta(int64_t pid, int64_t tid) const {
    std::string name;
    if (pid == pid_actions_) name = "cpu " + std::to_string(tid - 1000000);
    else {
      for (size_t t = 0; t < w_.tasks.size(); ++t)
        if (w_.tasks[t].pid == tid) name = w_.tasks[t].comm;
    }
    std::string s;
    appendf(s, "{\"ph\":\"M\",\"pid\":%lld,\"tid\":%lld,\"name\":\"thread_name\",\"args\":{\"name\":",
            static_cast<long long>(pid), static_cast<long long>(tid));
    append_json_string(s, name);
    s += "}}";
    return s;
  }

  // " cpus=0 nice=0"
  std::string pool_words(int32_t pool) const {
    std::string s;
    if (pool < 0 || static_cast<size_t>(pool) >= w_.wq.pools.size()) return s;
    const WorkerPool& p = w_.wq.pools[static_cast<size_t>(pool)];
    appendf(s, " cpus=%s nice=%d", p.attrs.cpumask.to_list().c_str(), p.attrs.nice);
    return s;
  }

  void use_thread(int64_t pid, int64_t tid) {
    pids_.insert(pid);
    threads_.insert((pid << 32) | tid);
  }

  // --- emitting ----------------------------------------------------------------------
  std::string head(const char* ph, int64_t pid, Nanos t) const {
    std::string s;
    appendf(s, "{\"ph\":\"%s\",\"pid\":%lld", ph, static_cast<long long>(pid));
    s += ",\"ts\":";
    append_json_micros(s, t);
    return s;
  }

  void slice_begin(int64_t pid, int64_t tid, Nanos t, const std::string& name, const std::string& cat,
                   const std::string& args, SliceKind kind, int64_t id) {
    use_thread(pid, tid);
    std::string s = head("B", pid, t);
    appendf(s, ",\"tid\":%lld,\"name\":", static_cast<long long>(tid));
    append_json_string(s, name);
    s += ",\"cat\":\"" + cat + "\"";
    if (!args.empty()) s += ",\"args\":{" + args + "}";
    s += "}";
    body_.push_back(s);
    stacks_[(pid << 32) | tid].push_back(Open{kind, id});
  }

  void slice_end(int64_t pid, int64_t tid, Nanos t) {
    std::string s = head("E", pid, t);
    appendf(s, ",\"tid\":%lld}", static_cast<long long>(tid));
    body_.push_back(s);
  }

  // Ends the innermost open slice of this kind and id, and any opened inside it.
  void end_slice(int64_t pid, int64_t tid, Nanos t, SliceKind kind, int64_t id) {
    auto it = stacks_.find((pid << 32) | tid);
    if (it == stacks_.end()) return;
    std::vector<Open>& st = it->second;
    size_t k = st.size();
    while (k > 0 && !(st[k - 1].kind == kind && st[k - 1].id == id)) --k;
    if (k == 0) return;
    while (st.size() >= k) {
      st.pop_back();
      slice_end(pid, tid, t);
    }
  }

  bool top_is(int64_t pid, int64_t tid, SliceKind kind) const {
    auto it = stacks_.find((pid << 32) | tid);
    return it != stacks_.end() && !it->second.empty() && it->second.back().kind == kind;
  }

  void instant(int64_t pid, Nanos t, const std::string& name, const std::string& args) {
    pids_.insert(pid);
    std::string s = head("i", pid, t);
    s += ",\"s\":\"p\",\"name\":";
    append_json_string(s, name);
    s += ",\"cat\":\"workqueue\"";
    if (!args.empty()) s += ",\"args\":{" + args + "}";
    s += "}";
    body_.push_back(s);
  }

  void thread_instant(int64_t pid, int64_t tid, Nanos t, const std::string& name, const std::string& args) {
    use_thread(pid, tid);
    std::string s = head("i", pid, t);
    appendf(s, ",\"tid\":%lld,\"s\":\"t\",\"name\":", static_cast<long long>(tid));
    append_json_string(s, name);
    s += ",\"cat\":\"workqueue\"";
    if (!args.empty()) s += ",\"args\":{" + args + "}";
    s += "}";
    body_.push_back(s);
  }

  void counter(int64_t pid, Nanos t, const std::string& name, const std::string& args) {
    pids_.insert(pid);
    std::string s = head("C", pid, t);
    s += ",\"name\":";
    append_json_string(s, name);
    s += ",\"args\":{" + args + "}}";
    body_.push_back(s);
  }

  void flow(const char* ph, int64_t pid, int64_t tid, Nanos t, int64_t id) {
    std::string s = head(ph, pid, t);
    appendf(s, ",\"tid\":%lld,\"id\":%lld,\"cat\":\"flow\",\"name\":\"queue_work\"%s}", static_cast<long long>(tid),
            static_cast<long long>(id), ph[0] == 'f' ? ",\"bp\":\"e\"" : "");
    body_.push_back(s);
  }

  static std::string arg_str(const char* k, const std::string& v) {
    std::string s = "\"" + std::string(k) + "\":";
    append_json_string(s, v);
    return s;
  }
  static std::string arg_num(const char* k, int64_t v) {
    std::string s;
    appendf(s, "\"%s\":%lld", k, static_cast<long long>(v));
    return s;
  }

  // --- flows: each queueing that leads to an execution ---------------------------------
  void pair_flows() {
    std::map<int32_t, size_t> pending;
    int64_t next_id = 1;
    for (size_t i = 0; i < ev_.size(); ++i) {
      const Event& e = ev_[i];
      if (e.type == EventType::QueueWork) pending[e.work] = i;
      if (e.type == EventType::ExecuteStart) {
        auto it = pending.find(e.work);
        if (it == pending.end()) continue;
        flow_of_[it->second] = next_id;
        flow_of_[i] = next_id;
        ++next_id;
        pending.erase(it);
      }
    }
  }

  int64_t flow_at(size_t i) const {
    auto it = flow_of_.find(i);
    return it == flow_of_.end() ? 0 : it->second;
  }

  // --- events --------------------------------------------------------------------------
  void handle(size_t i) {
    const Event& e = ev_[i];
    const Nanos t = e.time;
    const bool program = e.type == EventType::WorkOp || e.type == EventType::WorkOpDone ||
                         e.type == EventType::ExecuteEnd;
    if (program && e.task >= 0 && top_is(task_pid(e.task), task_tid(e.task), SliceKind::Burn))
      end_slice(task_pid(e.task), task_tid(e.task), t, SliceKind::Burn, e.task);
    switch (e.type) {
      case EventType::WorkerCreated:
        task_process_[e.task] = e.b ? pid_rescuers_ : pool_pid(e.pool);
        use_thread(task_pid(e.task), task_tid(e.task));
        if (e.b == 0) instant(pool_pid(e.pool), t, "worker created", arg_str("comm", task_name(w_, e.task)));
        break;
      case EventType::WorkerDestroyed:
        instant(e.b ? pid_rescuers_ : pool_pid(e.pool), t, e.b ? "rescuer stopped" : "worker destroyed",
                arg_str("comm", task_name(w_, e.task)));
        break;
      case EventType::DrainStart:
        thread_instant(task_pid(e.task), task_tid(e.task), t, "drain_workqueue " + wq_name(w_, e.wq),
                       arg_str("workqueue", wq_name(w_, e.wq)) + "," + arg_num("nr_drainers", e.a));
        break;
      case EventType::DrainEnd:
        thread_instant(task_pid(e.task), task_tid(e.task), t, "drain_workqueue " + wq_name(w_, e.wq) + " done",
                       arg_str("workqueue", wq_name(w_, e.wq)) + "," + arg_num("tries", e.a));
        break;
      case EventType::DestroyStart:
        thread_instant(task_pid(e.task), task_tid(e.task), t, "destroy_workqueue " + wq_name(w_, e.wq),
                       arg_str("workqueue", wq_name(w_, e.wq)));
        break;
      case EventType::DestroyEnd:
        thread_instant(task_pid(e.task), task_tid(e.task), t,
                       "destroy_workqueue " + wq_name(w_, e.wq) + (e.a ? " done" : " gave up (leaked)"),
                       arg_str("workqueue", wq_name(w_, e.wq)));
        break;
      case EventType::DrainIncomplete:
      case EventType::DestroyBusy:
        instant(pid_kernel_, t, e.type == EventType::DrainIncomplete ? "drain incomplete" : "busy pwq",
                arg_str("message", kernel_message(w_, e)));
        break;
      case EventType::SchedSwitch: {
        const auto next = static_cast<int32_t>(e.a);
        if (next >= 0) end_slice(task_pid(next), task_tid(next), t, SliceKind::Reclaim, next);
        break;
      }
      case EventType::QueueWork: {
        const int64_t pid = e.task >= 0 ? task_pid(e.task) : pid_actions_;
        const int64_t tid = e.task >= 0 ? task_tid(e.task) : action_tid(e.cpu);
        const std::string args = arg_str("work", work_name(w_, e.work)) + "," + arg_str("workqueue", wq_name(w_, e.wq)) +
                                 "," + arg_num("req_cpu", e.a) + "," + arg_num("pool", e.pool);
        slice_begin(pid, tid, t, "queue_work " + work_name(w_, e.work), "workqueue", args, SliceKind::Queue, e.work);
        if (const int64_t id = flow_at(i)) flow("s", pid, tid, t, id);
        end_slice(pid, tid, t, SliceKind::Queue, e.work);
        break;
      }
      case EventType::ExecuteStart: {
        const int64_t pid = task_pid(e.task), tid = task_tid(e.task);
        const int32_t prog = w_.wq.works[static_cast<size_t>(e.work)].program;
        const std::string args = arg_str("function", func_name(w_, prog)) + "," +
                                 arg_str("workqueue", wq_name(w_, e.wq)) + "," + arg_num("work", e.work) + "," +
                                 arg_num("pwq", e.pwq) + "," + arg_num("pool", e.pool);
        slice_begin(pid, tid, t, work_name(w_, e.work), "work", args, SliceKind::Work, e.work);
        if (const int64_t id = flow_at(i)) flow("f", pid, tid, t, id);
        break;
      }
      case EventType::ExecuteEnd: end_slice(task_pid(e.task), task_tid(e.task), t, SliceKind::Work, e.work); break;
      case EventType::WorkOp: {
        const auto code = static_cast<OpCode>(e.a);
        if (code == OpCode::Burn)
          slice_begin(task_pid(e.task), task_tid(e.task), t, op_text(w_, e.work, e.b, code), "cpu", "", SliceKind::Burn,
                      e.task);
        else if (blocked_[i])
          slice_begin(task_pid(e.task), task_tid(e.task), t, op_text(w_, e.work, e.b, code), "blocked", "",
                      SliceKind::Op, e.task);
        break;
      }
      case EventType::WorkOpDone: end_slice(task_pid(e.task), task_tid(e.task), t, SliceKind::Op, e.task); break;
      case EventType::ManagerStart:
        slice_begin(task_pid(e.task), task_tid(e.task), t, "manage_workers", "manager", "", SliceKind::Manage, e.pool);
        break;
      case EventType::ManagerEnd: end_slice(task_pid(e.task), task_tid(e.task), t, SliceKind::Manage, e.pool); break;
      case EventType::CreateWorker:
        slice_begin(task_pid(e.task), task_tid(e.task), t, "create_worker", "manager", "", SliceKind::Create, e.pool);
        break;
      case EventType::CreateFailed:
        end_slice(task_pid(e.task), task_tid(e.task), t, SliceKind::Create, e.pool);
        instant(pool_pid(e.pool), t, "create_worker failed", arg_num("errno", -e.a));
        break;
      case EventType::AllocBlocked:
        if (tr_.task_work(e.task) < 0) {  // not a work's alloc (that one has its operation slice)
          slice_begin(task_pid(e.task), task_tid(e.task), t, "direct reclaim", "blocked",
                      arg_num("pages", e.a) + "," + arg_str("gfp", gfp_name(static_cast<Gfp>(e.b))), SliceKind::Reclaim,
                      e.task);
        }
        break;
      case EventType::MaydayTimeout:
        instant(pool_pid(e.pool), t, "mayday timer", std::string("\"need_to_create_worker\":") + (e.a ? "true" : "false"));
        break;
      case EventType::MaydaySent:
        instant(pool_pid(e.pool), t, "send_mayday",
                arg_str("workqueue", wq_name(w_, e.wq)) + "," + arg_str("work", work_name(w_, e.work)));
        break;
      case EventType::RescuerWake:
        slice_begin(task_pid(e.task), task_tid(e.task), t, "rescue pool " + std::to_string(e.pool), "rescuer",
                    arg_str("workqueue", wq_name(w_, e.wq)), SliceKind::Rescue, e.pool);
        break;
      case EventType::RescuerAssign:
        thread_instant(task_pid(e.task), task_tid(e.task), t, "rescuer picks up " + work_name(w_, e.work), "");
        break;
      case EventType::RescuerRequeue:
        thread_instant(task_pid(e.task), task_tid(e.task), t, "back on the mayday list", "");
        break;
      case EventType::RescuerDone: end_slice(task_pid(e.task), task_tid(e.task), t, SliceKind::Rescue, e.pool); break;
      case EventType::PoolCounters:
        counter(pool_pid(e.pool), t, "pool",
                arg_num("nr_running", e.a & 0xffff) + "," + arg_num("nr_idle", (e.a >> 16) & 0xffff) + "," +
                    arg_num("nr_workers", e.a >> 32) + "," + arg_num("worklist", e.b));
        break;
      case EventType::PwqCounters:
        counter(pool_pid(e.pool), t, "pwq " + std::to_string(e.pwq) + " " + wq_name(w_, e.wq),
                arg_num("nr_active", e.a) + "," + arg_num("nr_inactive", e.b));
        break;
      case EventType::MemCounters:
        if (!watermarks_shown_) {
          counter(pid_memory_, t, "watermarks",
                  arg_num("min", w_.mem.wmark.min) + "," + arg_num("low", w_.mem.wmark.low) + "," +
                      arg_num("high", w_.mem.wmark.high));
          watermarks_shown_ = true;
        }
        counter(pid_memory_, t, "pages", arg_num("free", e.a) + "," + arg_num("cache", e.b));
        break;
      case EventType::WatchdogLockup:
        instant(pool_pid(e.pool), t, "workqueue lockup", arg_str("message", kernel_message(w_, e)));
        break;
      case EventType::CpuHogReport: instant(pid_kernel_, t, "cpu hog report", arg_str("message", kernel_message(w_, e))); break;
      case EventType::Warn: {
        const int32_t work = tr_.task_work(e.task);
        instant(pid_kernel_, t, "WARN",
                arg_str("message", kernel_message(w_, e, work >= 0 ? w_.wq.works[static_cast<size_t>(work)].program : -1)));
        break;
      }
      case EventType::CpuHog:
        thread_instant(task_pid(e.task), task_tid(e.task), t, "CPU_INTENSIVE", arg_str("work", work_name(w_, e.work)));
        break;
      case EventType::RcuGpStart: instant(pid_kernel_, t, "RCU grace period starts", arg_num("gp", e.a)); break;
      case EventType::RcuGpEnd: instant(pid_kernel_, t, "RCU grace period ends", arg_num("gp", e.a)); break;
      case EventType::CpuOnline: instant(pid_kernel_, t, "cpu online", arg_num("cpu", e.cpu)); break;
      case EventType::CpuOffline: instant(pid_kernel_, t, "cpu offline", arg_num("cpu", e.cpu)); break;
      default: break;
    }
  }

  const World& w_;
  const std::vector<Event>& ev_;
  Nanos end_;
  TraceTracker tr_;
  std::vector<bool> blocked_;
  int64_t pid_rescuers_ = 0, pid_actions_ = 0, pid_memory_ = 0, pid_kthreads_ = 0, pid_kernel_ = 0;
  std::map<int32_t, int64_t> task_process_;
  std::map<size_t, int64_t> flow_of_;
  std::map<int64_t, std::vector<Open>> stacks_;
  std::set<int64_t> pids_;
  std::set<int64_t> threads_;
  std::vector<std::string> body_;
  bool watermarks_shown_ = false;
};

}  // namespace

std::string format_perfetto(const World& w, const std::vector<Event>& events, Nanos end) {
  return PerfettoBuilder(w, events, end).run();
}

}  // namespace cmwq
