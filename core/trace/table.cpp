// The kernel documentation's timeline table (Documentation/core-api/workqueue.rst),
// derived from the event stream, and a second table of what the workqueue did meanwhile.
#include <string>
#include <vector>

#include "core/trace/format.h"
#include "core/trace/text.h"
#include "core/trace/tracker.h"
#include "core/world.h"

namespace cmwq {
namespace {

bool is_program_event(EventType t) {
  return t == EventType::ExecuteStart || t == EventType::WorkOp || t == EventType::WorkOpDone ||
         t == EventType::ExecuteEnd;
}

const Op* op_of(const World& w, int32_t work, int64_t pc) {
  if (work < 0 || static_cast<size_t>(work) >= w.wq.works.size()) return nullptr;
  const int32_t prog = w.wq.works[static_cast<size_t>(work)].program;
  if (prog < 0 || static_cast<size_t>(prog) >= w.programs.size()) return nullptr;
  const std::vector<Op>& ops = w.programs[static_cast<size_t>(prog)].ops;
  return pc >= 0 && static_cast<size_t>(pc) < ops.size() ? &ops[static_cast<size_t>(pc)] : nullptr;
}

template <typename T>
const std::string& name_in(const std::vector<T>& v, int32_t i) {
  static const std::string none = "?";
  return i >= 0 && static_cast<size_t>(i) < v.size() ? v[static_cast<size_t>(i)].name : none;
}

// What a work item does when an operation blocks it, in the documentation's words.
std::string blocking_phrase(const World& w, const Event& e) {
  const Op* op = op_of(w, e.work, e.b);
  const auto code = static_cast<OpCode>(e.a);
  switch (code) {
    case OpCode::Sleep: return "sleeps";
    case OpCode::Alloc: return "waits for memory";
    case OpCode::FlushWork: return "waits for " + (op ? work_name(w, op->b) : std::string("?")) + " (flush_work)";
    case OpCode::CancelWorkSync:
      return "waits for " + (op ? work_name(w, op->b) : std::string("?")) + " (cancel_work_sync)";
    case OpCode::FlushWorkqueue:
      return "waits for " + (op ? wq_name(w, op->a) : std::string("?")) + " (flush_workqueue)";
    case OpCode::Wait: return "waits for " + (op ? name_in(w.completions, op->a) : std::string("?"));
    case OpCode::Lock: return "waits for mutex " + (op ? name_in(w.mutexes, op->a) : std::string("?"));
    case OpCode::SynchronizeRcu: return "waits for an RCU grace period";
    case OpCode::DrainWorkqueue:
      return "waits for " + (op ? wq_name(w, op->a) : std::string("?")) + " to drain (drain_workqueue)";
    case OpCode::DestroyWorkqueue:
      return "waits for " + (op ? wq_name(w, op->a) : std::string("?")) + " to drain (destroy_workqueue)";
    default: return std::string("blocks in ") + op_name(code);
  }
}

// "pool 2 (cpus=0 nice=0)"
std::string pool_words(const World& w, int32_t pool) {
  std::string s;
  if (pool < 0 || static_cast<size_t>(pool) >= w.wq.pools.size()) return "pool ?";
  const WorkerPool& p = w.wq.pools[static_cast<size_t>(pool)];
  appendf(s, "pool %d (cpus=%s nice=%d)", pool, p.attrs.cpumask.to_list().c_str(), p.attrs.nice);
  return s;
}

struct Line {
  Nanos time;
  std::string text;
};

class TableBuilder {
 public:
  TableBuilder(const World& w, const std::vector<Event>& ev) : w_(w), ev_(ev), tr_(w) { index(); }

  std::string run() {
    for (size_t i = 0; i < ev_.size(); ++i) {
      const Event& e = ev_[i];
      if (is_program_event(e.type)) main_line(i);
      else if (is_dump_begin(e.type)) {
        size_t next = i;
        for (const std::string& s : dump_event_lines(w_, ev_, i, next)) kernel_.push_back(Line{e.time, s});
        for (size_t j = i; j < next; ++j) tr_.after(ev_[j]);
        i = next - 1;
        continue;
      } else {
        kernel_line(e);
      }
      tr_.after(e);
    }
    std::string out = "TIME IN MSECS  EVENT\n";
    for (const Line& l : main_) out += format_msecs(l.time) + "  " + l.text + "\n";
    if (!kernel_.empty()) {
      out += "\nTIME IN MSECS  KERNEL\n";
      // A run of three or more identical lines (the mayday timer re-arming every
      // MAYDAY_INTERVAL) prints its first line and one line saying how often it repeated.
      for (size_t i = 0; i < kernel_.size();) {
        size_t j = i + 1;
        while (j < kernel_.size() && kernel_[j].text == kernel_[i].text) ++j;
        out += format_msecs(kernel_[i].time) + "  " + kernel_[i].text + "\n";
        if (j - i >= 3) {
          out += format_msecs(kernel_[j - 1].time) + "  (the line above repeated " + std::to_string(j - i - 1) +
                 " more times, from " + format_msecs(kernel_[i + 1].time) + " to " + format_msecs(kernel_[j - 1].time) +
                 ")\n";
        } else if (j - i == 2) {
          out += format_msecs(kernel_[i + 1].time) + "  " + kernel_[i + 1].text + "\n";
        }
        i = j;
      }
    }
    return out;
  }

 private:
  static bool is_dump_begin(EventType t) {
    return t == EventType::DumpBegin || t == EventType::DumpHogBegin || t == EventType::DestroyBusy;
  }

  // For each program event, its place in its task's sequence of program events, and
  // for each operation whether it blocked (a WorkOpDone follows, or nothing does).
  void index() {
    pos_.assign(ev_.size(), -1);
    consumed_.assign(ev_.size(), false);
    for (size_t i = 0; i < ev_.size(); ++i) {
      const Event& e = ev_[i];
      if (!is_program_event(e.type) || e.task < 0) continue;
      if (static_cast<size_t>(e.task) >= seq_.size()) seq_.resize(static_cast<size_t>(e.task) + 1);
      auto& s = seq_[static_cast<size_t>(e.task)];
      pos_[i] = static_cast<int64_t>(s.size());
      s.push_back(i);
    }
    blocked_ = blocking_ops(ev_);
  }

  // The next event of the task's program that shows in the table, at the same instant:
  // a burn, a blocking operation, a wake-up or the end. Returns its index or -1.
  int64_t next_significant(size_t i) const {
    const Event& e = ev_[i];
    const auto& s = seq_[static_cast<size_t>(e.task)];
    for (size_t k = static_cast<size_t>(pos_[i]) + 1; k < s.size(); ++k) {
      const Event& n = ev_[s[k]];
      if (n.time != e.time) return -1;
      if (n.type == EventType::WorkOp && n.a != static_cast<int64_t>(OpCode::Burn) && !blocked_[s[k]]) continue;
      return static_cast<int64_t>(s[k]);
    }
    return -1;
  }

  void main_line(size_t i) {
    const Event& e = ev_[i];
    if (e.task < 0 || is_internal_work(w_, e.work)) return;
    const std::string& name = work_name(w_, e.work);
    switch (e.type) {
      case EventType::ExecuteStart:
      case EventType::WorkOpDone: {
        const bool start = e.type == EventType::ExecuteStart;
        std::string text = name + (start ? " starts" : " wakes up");
        const int64_t n = next_significant(i);
        if (n >= 0 && ev_[static_cast<size_t>(n)].type == EventType::WorkOp &&
            ev_[static_cast<size_t>(n)].a == static_cast<int64_t>(OpCode::Burn)) {
          text += " and burns CPU";
        } else if (n >= 0 && ev_[static_cast<size_t>(n)].type == EventType::ExecuteEnd) {
          text += " and finishes";
          consumed_[static_cast<size_t>(n)] = true;
        }
        main_.push_back(Line{e.time, text});
        break;
      }
      case EventType::WorkOp:
        if (blocked_[i]) main_.push_back(Line{e.time, name + " " + blocking_phrase(w_, e)});
        break;
      case EventType::ExecuteEnd:
        if (consumed_[i]) return;
        main_.push_back(Line{e.time, name + " finishes"});
        break;
      default: break;
    }
  }

  void kernel_line(const Event& e) {
    std::string s;
    const std::string& task = task_name(w_, e.task);
    switch (e.type) {
      case EventType::WorkerCreated:
        if (e.b == 0 && tr_.creating(e.pool))
          s = task + " created for " + pool_words(w_, e.pool) + " by its manager " + task_name(w_, tr_.creator(e.pool));
        break;
      case EventType::WorkerDestroyed:
        if (e.b) s = task + " exits: destroy_workqueue() stopped the rescuer of " + wq_name(w_, e.wq);
        else s = task + " of " + pool_words(w_, e.pool) + " exits (idle culling)";
        break;
      case EventType::DrainStart:
        s = task + " calls drain_workqueue(" + wq_name(w_, e.wq) + "): __WQ_DRAINING, only chained queueing is allowed";
        if (e.a > 1) appendf(s, " (%lld drainers)", static_cast<long long>(e.a));
        break;
      case EventType::DrainIncomplete: s = kernel_message(w_, e); break;
      case EventType::DrainEnd:
        s = "drain_workqueue(" + wq_name(w_, e.wq) + ") returns in " + task + ": every pwq is empty";
        if (e.a > 0) appendf(s, " (%lld more flush%s for chained work)", static_cast<long long>(e.a), e.a > 1 ? "es" : "");
        break;
      case EventType::DestroyStart:
        s = task + " calls destroy_workqueue(" + wq_name(w_, e.wq) + "): __WQ_DESTROYING, then drain";
        break;
      case EventType::DestroyEnd:
        if (e.a) {
          s = "destroy_workqueue(" + wq_name(w_, e.wq) + ") returns in " + task + ": " + wq_name(w_, e.wq) +
              " is gone (using it now is a use-after-free)";
        } else {
          s = "destroy_workqueue(" + wq_name(w_, e.wq) + ") gives up in " + task + ": " + wq_name(w_, e.wq) +
              " is leaked";
        }
        break;
      case EventType::AllocBlocked: {
        const int32_t work = tr_.task_work(e.task);
        if (work >= 0) break;  // a work item's alloc: the main table says "waits for memory"
        const int32_t pool = tr_.managing(e.task);
        if (pool >= 0 && tr_.creating(pool)) {
          s = "create_worker() for " + pool_words(w_, pool) + " waits for memory: " + task +
              " sleeps in direct reclaim";
        } else {
          appendf(s, "%s waits for memory (%lld pages, %s)", task.c_str(), static_cast<long long>(e.a),
                  gfp_name(static_cast<Gfp>(e.b)));
        }
        break;
      }
      case EventType::AllocFailed: {
        const int32_t work = tr_.task_work(e.task);
        appendf(s, "%s: allocating %lld pages with %s fails", work >= 0 ? work_name(w_, work).c_str() : task.c_str(),
                static_cast<long long>(e.a), gfp_name(static_cast<Gfp>(e.b)));
        break;
      }
      case EventType::ReclaimQueued:
        s = task + " enters direct reclaim and queues " + work_name(w_, e.work) + " on " + wq_name(w_, e.wq);
        break;
      case EventType::PagesFreed:
        if (e.b == static_cast<int64_t>(PagesFreedReason::Reclaim)) {
          const int32_t work = tr_.last_reclaim_work();
          appendf(s, "%s (writeback) frees %lld pages of page cache", work >= 0 ? work_name(w_, work).c_str() : "reclaim",
                  static_cast<long long>(e.a));
        } else if (e.b == static_cast<int64_t>(PagesFreedReason::Release)) {
          appendf(s, "the memory hog releases %lld pages", static_cast<long long>(e.a));
        }
        break;
      case EventType::CreateFailed: s = "create_worker() for " + pool_words(w_, e.pool) + " fails: -ENOMEM"; break;
      case EventType::CreateCooldown:
        s = task + " waits CREATE_COOLDOWN (1 s) before trying create_worker() again";
        break;
      case EventType::MaydayTimeout:
        s = "mayday timer of " + pool_words(w_, e.pool) + " fires: " +
            (e.a ? "the pool is starving (need_to_create_worker())" : "the pool is not starving");
        break;
      case EventType::MaydaySent:
        s = "send_mayday(): " + wq_name(w_, e.wq) + " asks its rescuer to help " + pool_words(w_, e.pool) +
            " (first item " + work_name(w_, e.work) + ")";
        break;
      case EventType::RescuerWake: s = task + " wakes up and attaches to " + pool_words(w_, e.pool); break;
      case EventType::RescuerAssign: s = task + " picks up " + work_name(w_, e.work); break;
      case EventType::RescuerRequeue:
        s = task + ": " + pool_words(w_, e.pool) + " still needs help, back on the mayday list";
        break;
      case EventType::RescuerDone: s = task + " leaves " + pool_words(w_, e.pool); break;
      case EventType::CpuHog:
        s = work_name(w_, e.work) + " has used the CPU for more than " +
            format_duration(static_cast<Nanos>(w_.wq.params.cpu_intensive_thresh_us) * NSEC_PER_USEC) + ": " + task +
            " leaves concurrency management (WORKER_CPU_INTENSIVE)";
        break;
      case EventType::WatchdogLockup:
      case EventType::CpuHogReport: s = kernel_message(w_, e); break;
      case EventType::Warn: {
        const int32_t work = tr_.task_work(e.task);
        s = kernel_message(w_, e, work >= 0 ? w_.wq.works[static_cast<size_t>(work)].program : -1);
        break;
      }
      case EventType::RcuGpStart: appendf(s, "RCU grace period %lld starts", static_cast<long long>(e.a)); break;
      case EventType::RcuGpEnd: appendf(s, "RCU grace period %lld ends", static_cast<long long>(e.a)); break;
      case EventType::CpuOnline: appendf(s, "CPU %d comes online", e.cpu); break;
      case EventType::CpuOffline: appendf(s, "CPU %d goes offline", e.cpu); break;
      default: break;
    }
    if (!s.empty()) kernel_.push_back(Line{e.time, s});
  }

  const World& w_;
  const std::vector<Event>& ev_;
  TraceTracker tr_;
  std::vector<std::vector<size_t>> seq_;  // per task: indices of its program events
  std::vector<int64_t> pos_;
  std::vector<bool> blocked_;
  std::vector<bool> consumed_;  // ExecuteEnds already said ("wakes up and finishes")
  std::vector<Line> main_;
  std::vector<Line> kernel_;
};

}  // namespace

std::string format_table(const World& w, const std::vector<Event>& events) { return TableBuilder(w, events).run(); }

}  // namespace cmwq
