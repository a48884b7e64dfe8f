// The kernel documentation's timeline table (Documentation/core-api/workqueue.rst),
// derived from the event stream, and a second table of what the workqueue did meanwhile.
#include <string>
#include <vector>

#include "core/trace/format.h"
#include "core/trace/text.h"
#include "core/trace/tracker.h"
#include "core/trace/schema.h"
#include "core/world_view.h"

namespace cmwq {
namespace {

bool is_program_event(EventType t) {
  return t == EventType::ExecuteStart || t == EventType::WorkOp || t == EventType::WorkOpDone ||
         t == EventType::ExecuteEnd;
}

// What a work item does when an operation blocks it, in the documentation's words.
std::string blocking_phrase(const World& w, const Event& e) {
  const Op* op = find_op(w, e.work, event_pc(e));
  const OpCode code = event_op(e);
  const auto work = [&] { return op ? work_name(w, op->b) : std::string("?"); };
  const auto wq = [&] { return op ? wq_name(w, op->a) : std::string("?"); };
  const auto named = [](const auto* thing) { return thing ? thing->name : std::string("?"); };
  switch (code) {
    case OpCode::Sleep: return "sleeps";
    case OpCode::Alloc: return "waits for memory";
    case OpCode::FlushWork: return "waits for " + work() + " (flush_work)";
    case OpCode::CancelWorkSync: return "waits for " + work() + " (cancel_work_sync)";
    case OpCode::FlushWorkqueue: return "waits for " + wq() + " (flush_workqueue)";
    case OpCode::Wait: return "waits for " + named(op ? find_completion(w, op->a) : nullptr);
    case OpCode::Lock: return "waits for mutex " + named(op ? find_mutex(w, op->a) : nullptr);
    case OpCode::SynchronizeRcu: return "waits for an RCU grace period";
    case OpCode::DrainWorkqueue: return "waits for " + wq() + " to drain (drain_workqueue)";
    case OpCode::DestroyWorkqueue: return "waits for " + wq() + " to drain (destroy_workqueue)";
    default: return std::string("blocks in ") + op_name(code);
  }
}

struct Line {
  Nanos time;
  std::string text;
};

class TableBuilder {
 public:
  TableBuilder(const World& w, const EventLog& ev) : w_(w), ev_(ev), tr_(w) { index(); }

  std::string run() {
    read_events();
    std::string out = "TIME IN MSECS  EVENT\n";
    for (const Line& l : main_) out += format_msecs(l.time) + "  " + l.text + "\n";
    if (!kernel_.empty()) out += "\nTIME IN MSECS  KERNEL\n" + kernel_section();
    return out;
  }

 private:
  static bool is_dump_begin(EventType t) {
    return t == EventType::DumpBegin || t == EventType::DumpHogBegin || t == EventType::DestroyBusy;
  }

  // Each event to the main table (a work's steps) or the KERNEL one; a dump as its lines.
  void read_events() {
    for (size_t i = 0; i < ev_.size(); ++i) {
      const Event& e = ev_[i];
      if (is_dump_begin(e.type)) {
        i = dump_lines(i) - 1;
        continue;
      }
      if (is_program_event(e.type)) main_line(i);
      else kernel_line(e);
      tr_.after(e);
    }
  }

  // The lines of the dump starting at event i; returns the index after it.
  size_t dump_lines(size_t i) {
    size_t next = i;
    for (const std::string& s : dump_event_lines(w_, ev_, i, next)) kernel_.push_back(Line{ev_[i].time, s});
    for (size_t j = i; j < next; ++j) tr_.after(ev_[j]);
    return next;
  }

  // A run of three or more identical lines (the mayday timer re-arming every
  // MAYDAY_INTERVAL) prints its first line and one line saying how often it repeated.
  std::string kernel_section() const {
    std::string out;
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
    return out;
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

  bool is_burn(const Event& e) const { return e.type == EventType::WorkOp && event_op(e) == OpCode::Burn; }

  // The next event of the task's program that shows in the table, at the same instant:
  // a burn, a blocking operation, a wake-up or the end. Returns its index or -1.
  int64_t next_significant(size_t i) const {
    const Event& e = ev_[i];
    const auto& s = seq_[static_cast<size_t>(e.task)];
    for (size_t k = static_cast<size_t>(pos_[i]) + 1; k < s.size(); ++k) {
      const Event& n = ev_[s[k]];
      if (n.time != e.time) return -1;
      if (n.type == EventType::WorkOp && !is_burn(n) && !blocked_[s[k]]) continue;
      return static_cast<int64_t>(s[k]);
    }
    return -1;
  }

  // A work's step: it starts or wakes up, an operation blocks it, or it finishes.
  void main_line(size_t i) {
    const Event& e = ev_[i];
    if (e.task < 0 || is_internal_work(w_, e.work)) return;
    if (e.type == EventType::WorkOp) blocked_line(i);
    else if (e.type == EventType::ExecuteEnd) end_line(i);
    else resume_line(i);
  }

  // execute_start or a blocking operation's return: "w0 starts", "w0 wakes up", with
  // "and burns CPU" or "and finishes" when that follows at the same instant.
  void resume_line(size_t i) {
    const Event& e = ev_[i];
    std::string text = work_name(w_, e.work) + (e.type == EventType::ExecuteStart ? " starts" : " wakes up");
    const int64_t n = next_significant(i);
    if (n >= 0 && is_burn(ev_[static_cast<size_t>(n)])) {
      text += " and burns CPU";
    } else if (n >= 0 && ev_[static_cast<size_t>(n)].type == EventType::ExecuteEnd) {
      text += " and finishes";
      consumed_[static_cast<size_t>(n)] = true;
    }
    main_.push_back(Line{e.time, text});
  }

  void blocked_line(size_t i) {
    const Event& e = ev_[i];
    if (blocked_[i]) main_.push_back(Line{e.time, work_name(w_, e.work) + " " + blocking_phrase(w_, e)});
  }

  void end_line(size_t i) {
    if (!consumed_[i]) main_.push_back(Line{ev_[i].time, work_name(w_, ev_[i].work) + " finishes"});
  }

  // What the workqueue did, as the event schema words it for this table.
  void kernel_line(const Event& e) {
    const std::string s = kernel_table_line(w_, e, tr_.context(e));
    if (!s.empty()) kernel_.push_back(Line{e.time, s});
  }

  const World& w_;
  const EventLog& ev_;
  TraceTracker tr_;
  std::vector<std::vector<size_t>> seq_;  // per task: indices of its program events
  std::vector<int64_t> pos_;
  std::vector<bool> blocked_;
  std::vector<bool> consumed_;  // ExecuteEnds already said ("wakes up and finishes")
  std::vector<Line> main_;
  std::vector<Line> kernel_;
};

}  // namespace

std::string format_table(const World& w, const EventLog& events) { return TableBuilder(w, events).run(); }

}  // namespace cmwq
