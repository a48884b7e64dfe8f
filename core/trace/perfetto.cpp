// Chrome Trace Event Format JSON for ui.perfetto.dev: pools as processes, kworkers as
// threads, work executions as slices, queue -> execute flows, counters and instants.
#include <functional>
#include <map>
#include <set>
#include <utility>

#include "core/trace/format.h"
#include "core/trace/text.h"
#include "core/trace/tracker.h"
#include "core/trace/schema.h"
#include "core/world_view.h"

namespace cmwq {
namespace {

enum class SliceKind : uint8_t { Work, Op, Burn, Manage, Create, Reclaim, Rescue, Queue };

struct Open {
  SliceKind kind;
  int64_t id;
};

// A thread's track: (pid, tid), ordered by pid, then tid.
using Track = std::pair<int64_t, int64_t>;

// The operation a work's program is at, as written in a scenario: "sleep 10ms".
std::string op_text(const World& w, int32_t work, int64_t pc, OpCode code) {
  std::string s = op_name(code);
  const Op* op = find_op(w, work, pc);
  if (!op) return s;
  const auto named = [](const auto* thing) { return thing ? thing->name : std::string("?"); };
  switch (code) {
    case OpCode::Burn:
    case OpCode::Sleep: return s + " " + format_duration(op->ns);
    case OpCode::Alloc: return s + " " + std::to_string(op->count) + " " + gfp_name(op->gfp);
    case OpCode::FlushWork:
    case OpCode::CancelWorkSync: return s + " " + work_name(w, op->b);
    case OpCode::FlushWorkqueue: return s + " " + wq_name(w, op->a);
    case OpCode::Wait: return s + " " + named(find_completion(w, op->a));
    case OpCode::Lock: return s + " " + named(find_mutex(w, op->a));
    default: return s;
  }
}

class PerfettoBuilder {
 public:
  // @p body receives each event line of the trace array (nullptr: a pass that only
  // finds the tracks, whose names come first in the output).
  PerfettoBuilder(const World& w, const EventLog& ev, Nanos end, std::function<void(std::string)> body)
      : w_(w), ev_(ev), end_(end), tr_(w), blocked_(blocking_ops(ev)), body_(std::move(body)) {
    const auto npools = static_cast<int64_t>(w.wq.pools.size());
    pid_rescuers_ = npools + 1;
    pid_actions_ = npools + 2;
    pid_memory_ = npools + 3;
    pid_kthreads_ = npools + 4;
    pid_kernel_ = npools + 5;
    pair_flows();
  }

  // One pass over the events: every trace line goes to the body function.
  void pass() {
    for (size_t i = 0; i < ev_.size(); ++i) {
      handle(i);
      tr_.after(ev_[i]);
    }
    Nanos last = end_;
    if (!ev_.empty() && ev_.back().time > last) last = ev_.back().time;
    for (auto& [track, stack] : stacks_)
      while (!stack.empty()) {
        stack.pop_back();
        slice_end(track.first, track.second, last);
      }
  }

  // The metadata lines naming every process and thread the pass used.
  template <typename Add>
  void tracks(const Add& add) const {
    for (int64_t pid : pids_) add(process_meta(pid));
    for (const Track& track : threads_) add(thread_meta(track.first, track.second));
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
    const Task* t = find_task(w_, task);
    return t ? t->pid : 0;
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
    if (const WorkerPool* p = find_pool(w_, pool))
      appendf(s, " cpus=%s nice=%d", p->attrs.cpumask.to_list().c_str(), p->attrs.nice);
    return s;
  }

  void use_thread(int64_t pid, int64_t tid) {
    pids_.insert(pid);
    threads_.insert(Track{pid, tid});
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
    line(std::move(s));
    stacks_[Track{pid, tid}].push_back(Open{kind, id});
  }

  void slice_end(int64_t pid, int64_t tid, Nanos t) {
    std::string s = head("E", pid, t);
    appendf(s, ",\"tid\":%lld}", static_cast<long long>(tid));
    line(std::move(s));
  }

  // Ends the innermost open slice of this kind and id, and any opened inside it.
  void end_slice(int64_t pid, int64_t tid, Nanos t, SliceKind kind, int64_t id) {
    auto it = stacks_.find(Track{pid, tid});
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
    auto it = stacks_.find(Track{pid, tid});
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
    line(std::move(s));
  }

  void thread_instant(int64_t pid, int64_t tid, Nanos t, const std::string& name, const std::string& args) {
    use_thread(pid, tid);
    std::string s = head("i", pid, t);
    appendf(s, ",\"tid\":%lld,\"s\":\"t\",\"name\":", static_cast<long long>(tid));
    append_json_string(s, name);
    s += ",\"cat\":\"workqueue\"";
    if (!args.empty()) s += ",\"args\":{" + args + "}";
    s += "}";
    line(std::move(s));
  }

  void counter(int64_t pid, Nanos t, const std::string& name, const std::string& args) {
    pids_.insert(pid);
    std::string s = head("C", pid, t);
    s += ",\"name\":";
    append_json_string(s, name);
    s += ",\"args\":{" + args + "}}";
    line(std::move(s));
  }

  void flow(const char* ph, int64_t pid, int64_t tid, Nanos t, int64_t id) {
    std::string s = head(ph, pid, t);
    appendf(s, ",\"tid\":%lld,\"id\":%lld,\"cat\":\"flow\",\"name\":\"queue_work\"%s}", static_cast<long long>(tid),
            static_cast<long long>(id), ph[0] == 'f' ? ",\"bp\":\"e\"" : "");
    line(std::move(s));
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
  // Each event to the tracks it shows on: slices that begin or end, instants, counters.
  void handle(size_t i) {
    const Event& e = ev_[i];
    end_burn(e);
    switch (e.type) {
      case EventType::WorkerCreated: worker_created(e); break;
      case EventType::WorkerDestroyed: worker_destroyed(e); break;
      case EventType::DrainStart: call_instant(e, "drain_workqueue", "", field_args(e)); break;
      case EventType::DrainEnd: call_instant(e, "drain_workqueue", " done", field_args(e)); break;
      case EventType::DestroyStart: call_instant(e, "destroy_workqueue", "", ""); break;
      case EventType::DestroyEnd: call_instant(e, "destroy_workqueue", e.a ? " done" : " gave up (leaked)", ""); break;
      case EventType::DrainIncomplete: message(e, pid_kernel_, "drain incomplete"); break;
      case EventType::DestroyBusy: message(e, pid_kernel_, "busy pwq"); break;
      case EventType::WatchdogLockup: message(e, pool_pid(e.pool), "workqueue lockup"); break;
      case EventType::CpuHogReport: message(e, pid_kernel_, "cpu hog report"); break;
      case EventType::Warn: message(e, pid_kernel_, "WARN"); break;
      case EventType::SchedSwitch: switched_in(e); break;
      case EventType::QueueWork: queued(e, i); break;
      case EventType::ExecuteStart: execute_start(e, i); break;
      case EventType::ExecuteEnd: end_task_slice(e, SliceKind::Work, e.work); break;
      case EventType::WorkOp: work_op(e, i); break;
      case EventType::WorkOpDone: end_task_slice(e, SliceKind::Op, e.task); break;
      case EventType::ManagerStart: begin_task_slice(e, "manage_workers", "manager", "", SliceKind::Manage, e.pool);
        break;
      case EventType::ManagerEnd: end_task_slice(e, SliceKind::Manage, e.pool); break;
      case EventType::CreateWorker: begin_task_slice(e, "create_worker", "manager", "", SliceKind::Create, e.pool);
        break;
      case EventType::CreateFailed: create_failed(e); break;
      case EventType::AllocBlocked: direct_reclaim(e); break;
      case EventType::MaydayTimeout: instant(pool_pid(e.pool), e.time, "mayday timer", field_args(e)); break;
      case EventType::MaydaySent: mayday_sent(e); break;
      case EventType::RescuerWake: rescue_begins(e); break;
      case EventType::RescuerAssign: task_instant(e, "rescuer picks up " + work_name(w_, e.work), ""); break;
      case EventType::RescuerRequeue: task_instant(e, "back on the mayday list", ""); break;
      case EventType::RescuerDone: end_task_slice(e, SliceKind::Rescue, e.pool); break;
      case EventType::CpuHog: task_instant(e, "CPU_INTENSIVE", arg_str("work", work_name(w_, e.work))); break;
      case EventType::PoolCounters: counter(pool_pid(e.pool), e.time, "pool", field_args(e)); break;
      case EventType::PwqCounters: pwq_counters(e); break;
      case EventType::MemCounters: mem_counters(e); break;
      case EventType::RcuGpStart: instant(pid_kernel_, e.time, "RCU grace period starts", field_args(e)); break;
      case EventType::RcuGpEnd: instant(pid_kernel_, e.time, "RCU grace period ends", field_args(e)); break;
      case EventType::CpuOnline: instant(pid_kernel_, e.time, "cpu online", arg_num("cpu", e.cpu)); break;
      case EventType::CpuOffline: instant(pid_kernel_, e.time, "cpu offline", arg_num("cpu", e.cpu)); break;
      default: break;
    }
  }

  // The event's decoded values (as the schema names them) as arguments: "nr_running":1,...
  std::string field_args(const Event& e) const {
    std::string args;
    for (const EventField& f : event_schema(e.type).fields) {
      if (!f.name) break;
      const std::string value = field_json(w_, e, f, nullptr);
      if (!value.empty()) args += (args.empty() ? "\"" : ",\"") + std::string(f.name) + "\":" + value;
    }
    return args;
  }

  // A work's program went on after a burn: the burn slice ends.
  void end_burn(const Event& e) {
    const bool program = e.type == EventType::WorkOp || e.type == EventType::WorkOpDone ||
                         e.type == EventType::ExecuteEnd;
    if (program && e.task >= 0 && top_is(task_pid(e.task), task_tid(e.task), SliceKind::Burn))
      end_slice(task_pid(e.task), task_tid(e.task), e.time, SliceKind::Burn, e.task);
  }

  void begin_task_slice(const Event& e, const std::string& name, const char* cat, const std::string& args,
                        SliceKind kind, int64_t id) {
    slice_begin(task_pid(e.task), task_tid(e.task), e.time, name, cat, args, kind, id);
  }
  void end_task_slice(const Event& e, SliceKind kind, int64_t id) {
    end_slice(task_pid(e.task), task_tid(e.task), e.time, kind, id);
  }
  void task_instant(const Event& e, const std::string& name, const std::string& args) {
    thread_instant(task_pid(e.task), task_tid(e.task), e.time, name, args);
  }
  // An instant carrying the kernel's message for the event.
  void message(const Event& e, int64_t pid, const char* name) {
    const int32_t work = tr_.task_work(e.task);
    instant(pid, e.time, name, arg_str("message", kernel_message(w_, e, program_of_work(w_, work))));
  }

  void worker_created(const Event& e) {
    task_process_[e.task] = worker_is_rescuer(e) ? pid_rescuers_ : pool_pid(e.pool);
    use_thread(task_pid(e.task), task_tid(e.task));
    if (!worker_is_rescuer(e))
      instant(pool_pid(e.pool), e.time, "worker created", arg_str("comm", task_name(w_, e.task)));
  }

  void worker_destroyed(const Event& e) {
    const bool rescuer = worker_is_rescuer(e);
    instant(rescuer ? pid_rescuers_ : pool_pid(e.pool), e.time, rescuer ? "rescuer stopped" : "worker destroyed",
            arg_str("comm", task_name(w_, e.task)));
  }

  // drain_workqueue() or destroy_workqueue() called, or returned (@p outcome), on the caller's thread.
  void call_instant(const Event& e, const char* call, const char* outcome, const std::string& args) {
    const std::string wq = wq_name(w_, e.wq);
    task_instant(e, call + (" " + wq) + outcome, arg_str("workqueue", wq) + (args.empty() ? "" : "," + args));
  }

  // The task switched in ends its direct-reclaim slice.
  void switched_in(const Event& e) {
    const int32_t next = switch_next(e);
    if (next >= 0) end_slice(task_pid(next), task_tid(next), e.time, SliceKind::Reclaim, next);
  }

  // queue_work: an instant-long slice on the caller's thread, where its flow arrow starts.
  void queued(const Event& e, size_t i) {
    const int64_t pid = e.task >= 0 ? task_pid(e.task) : pid_actions_;
    const int64_t tid = e.task >= 0 ? task_tid(e.task) : action_tid(e.cpu);
    const std::string args = arg_str("work", work_name(w_, e.work)) + "," + arg_str("workqueue", wq_name(w_, e.wq)) +
                             "," + arg_num("req_cpu", e.a) + "," + arg_num("pool", e.pool);
    slice_begin(pid, tid, e.time, "queue_work " + work_name(w_, e.work), "workqueue", args, SliceKind::Queue, e.work);
    if (const int64_t id = flow_at(i)) flow("s", pid, tid, e.time, id);
    end_slice(pid, tid, e.time, SliceKind::Queue, e.work);
  }

  void execute_start(const Event& e, size_t i) {
    const int64_t pid = task_pid(e.task), tid = task_tid(e.task);
    const std::string args = arg_str("function", func_name(w_, program_of_work(w_, e.work))) + "," +
                             arg_str("workqueue", wq_name(w_, e.wq)) + "," + arg_num("work", e.work) + "," +
                             arg_num("pwq", e.pwq) + "," + arg_num("pool", e.pool);
    slice_begin(pid, tid, e.time, work_name(w_, e.work), "work", args, SliceKind::Work, e.work);
    if (const int64_t id = flow_at(i)) flow("f", pid, tid, e.time, id);
  }

  // A burn, or an operation that blocked, is a slice inside the work's.
  void work_op(const Event& e, size_t i) {
    const OpCode code = event_op(e);
    if (code == OpCode::Burn)
      begin_task_slice(e, op_text(w_, e.work, event_pc(e), code), "cpu", "", SliceKind::Burn, e.task);
    else if (blocked_[i])
      begin_task_slice(e, op_text(w_, e.work, event_pc(e), code), "blocked", "", SliceKind::Op, e.task);
  }

  void create_failed(const Event& e) {
    end_task_slice(e, SliceKind::Create, e.pool);
    instant(pool_pid(e.pool), e.time, "create_worker failed", arg_num("errno", -e.a));
  }

  // Direct reclaim outside a work (a work's alloc has its operation slice).
  void direct_reclaim(const Event& e) {
    if (tr_.task_work(e.task) < 0)
      begin_task_slice(e, "direct reclaim", "blocked", field_args(e), SliceKind::Reclaim, e.task);
  }

  void mayday_sent(const Event& e) {
    instant(pool_pid(e.pool), e.time, "send_mayday",
            arg_str("workqueue", wq_name(w_, e.wq)) + "," + arg_str("work", work_name(w_, e.work)));
  }

  void rescue_begins(const Event& e) {
    begin_task_slice(e, "rescue pool " + std::to_string(e.pool), "rescuer", arg_str("workqueue", wq_name(w_, e.wq)),
                     SliceKind::Rescue, e.pool);
  }

  void pwq_counters(const Event& e) {
    counter(pool_pid(e.pool), e.time, "pwq " + std::to_string(e.pwq) + " " + wq_name(w_, e.wq), field_args(e));
  }

  // Free pages and page cache, after the watermarks once (they do not change).
  void mem_counters(const Event& e) {
    if (!watermarks_shown_) {
      counter(pid_memory_, e.time, "watermarks",
              arg_num("min", w_.mem.wmark.min) + "," + arg_num("low", w_.mem.wmark.low) + "," +
                  arg_num("high", w_.mem.wmark.high));
      watermarks_shown_ = true;
    }
    counter(pid_memory_, e.time, "pages", field_args(e));
  }

  const World& w_;
  const EventLog& ev_;
  Nanos end_;
  TraceTracker tr_;
  std::vector<bool> blocked_;
  int64_t pid_rescuers_ = 0, pid_actions_ = 0, pid_memory_ = 0, pid_kthreads_ = 0, pid_kernel_ = 0;
  std::map<int32_t, int64_t> task_process_;
  std::map<size_t, int64_t> flow_of_;
  std::map<Track, std::vector<Open>> stacks_;
  std::set<int64_t> pids_;
  std::set<Track> threads_;
  std::function<void(std::string)> body_;
  void line(std::string s) {
    if (body_) body_(std::move(s));
  }
  bool watermarks_shown_ = false;
};

}  // namespace

void write_perfetto(const World& w, const EventLog& events, Nanos end, const TextSink& sink) {
  SinkBuffer buf(sink);
  buf.text = "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"generator\":\"cmwq-lab\"},\"traceEvents\":[\n";
  bool first = true;
  const auto add = [&](const std::string& line) {
    buf.text += first ? "" : ",\n";
    buf.text += line;
    first = false;
    buf.flush();
  };
  PerfettoBuilder names(w, events, end, nullptr);
  names.pass();
  names.tracks(add);
  PerfettoBuilder(w, events, end, add).pass();
  buf.text += "\n]}\n";
  buf.finish();
}

std::string format_perfetto(const World& w, const EventLog& events, Nanos end) {
  return collect_text([&](const TextSink& sink) { write_perfetto(w, events, end, sink); });
}

}  // namespace cmwq
