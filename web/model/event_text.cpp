// Event log lines: ftrace tracepoint lines (format_ftrace()) and our own events described
// by the event schema.
#include "web/model/event_text.h"

#include <algorithm>
#include <cinttypes>

#include "core/trace/format.h"
#include "core/trace/text.h"
#include "core/world_view.h"

namespace cmwq::web {

void EventFormatter::update(const World& w, const EventLog& log, size_t unchanged) {
  const size_t keep = std::min({unchanged, read_, log.size()});
  if (keep < read_ || keep == 0) cursor_.reset();  // the events it stood after may be gone
  if (keep == 0) {
    read_ = 0;
    contexts_.clear();
    checkpoints_.clear();
    tracker_.emplace(w);
  } else if (keep < read_) {
    // History was rewound: restart from the last checkpoint at or before `keep`.
    const size_t k = keep / kEvery;
    tracker_ = checkpoints_[k];
    checkpoints_.resize(k + 1);
    for (size_t i = k * kEvery; i < keep; ++i) tracker_->after(log[i]);
    read_ = keep;
    const auto first_gone = std::lower_bound(contexts_.begin(), contexts_.end(), std::make_pair(keep, EventContext{}),
                                             [](const auto& x, const auto& y) { return x.first < y.first; });
    contexts_.erase(first_gone, contexts_.end());
  }
  for (size_t i = read_; i < log.size(); ++i) {
    if (i % kEvery == 0) checkpoints_.push_back(*tracker_);
    const Event& e = log[i];
    if (event_schema(e.type).context) contexts_.emplace_back(i, tracker_->context(e));
    tracker_->after(e);
  }
  read_ = log.size();
}

EventFormatter::Ctx EventFormatter::ctx_before(const EventLog& log, size_t i) const {
  if (!cursor_ || cursor_at_ > i || i - cursor_at_ >= kEvery) {
    cursor_ = checkpoints_[i / kEvery];
    cursor_at_ = i / kEvery * kEvery;
  }
  while (cursor_at_ < i) cursor_->after(log[cursor_at_++]);
  return Ctx{cursor_->last_task(), cursor_->cpu_curr(log[i].cpu), static_cast<int16_t>(cursor_->last_cpu())};
}

const EventContext* EventFormatter::context_of(size_t i) const {
  const auto it = std::lower_bound(contexts_.begin(), contexts_.end(), i,
                                   [](const std::pair<size_t, EventContext>& x, size_t j) { return x.first < j; });
  return it != contexts_.end() && it->first == i ? &it->second : nullptr;
}

// ftrace_line() with a tracker that holds the context the whole stream had before this
// event: the CPU's current task (a sched_switch) and the last task that ran code (a
// work_op), which is all a tracepoint line reads from it.
std::string EventFormatter::tracepoint_line(const World& w, const Event& e, const Ctx& c) const {
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

std::string EventFormatter::line(const World& w, const EventLog& log, size_t i) const {
  const Event& e = log[i];
  if (event_schema(e.type).ftrace && i < read_) return tracepoint_line(w, e, ctx_before(log, i));
  // Our own events: the same head as trace-cmd's, then the description.
  std::string s;
  const Task* task = find_task(w, e.task);
  const std::string comm = task ? task->comm : std::string("<kernel>");
  const auto us = static_cast<unsigned long long>((e.time + 500) / NSEC_PER_USEC);
  appendf(s, "%16s-%-5d [%03d] %5llu.%06llu: %s: ", comm.c_str(), task ? task->pid : 0, e.cpu < 0 ? 0 : e.cpu,
          us / 1000000, us % 1000000, event_type_name(e.type));
  s += describe_event(w, e, context_of(i));
  return s;
}

}  // namespace cmwq::web
