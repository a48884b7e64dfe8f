#pragma once
/// @file
/// @brief One line of text per event for the Event log: the kernel's tracepoint lines
/// (`trace-cmd report` format, from cmwq::ftrace_line()) for the workqueue and
/// scheduler tracepoints, and the same line head with the event's description
/// (cmwq::describe_event()) for our own events. Groups for the log's filters are the
/// schema's (cmwq::EventGroup, cmwq::event_group()).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/trace/event_log.h"
#include "core/trace/schema.h"
#include "core/trace/tracker.h"

namespace cmwq {
struct World;
}

namespace cmwq::web {

/// Formats events of one log. Lines of ftrace tracepoints depend on what ran before
/// (the waker of a sched_wakeup, the context of an activation), so the formatter keeps
/// a checkpoint of it every kEvery events and replays from there for a line (no bytes per
/// event: a run of 100 M events must fit the page); call update() whenever the log may
/// have changed.
class EventFormatter {
 public:
  /// Brings the stored context up to date. @p unchanged is how many leading events are
  /// known to be the same as at the previous call (0 after a reload).
  void update(const World& w, const EventLog& log, size_t unchanged);
  /// The line of event @p i (update() must have seen it). No trailing newline.
  std::string line(const World& w, const EventLog& log, size_t i) const;

 private:
  struct Ctx {
    int32_t last_task = -1;  // TraceTracker::last_task() before the event
    int32_t curr = -1;       // TraceTracker::cpu_curr(event cpu) before the event
    int16_t last_cpu = 0;    // TraceTracker::last_cpu() before the event
  };
  std::string tracepoint_line(const World& w, const Event& e, const Ctx& c) const;
  const EventContext* context_of(size_t i) const;
  // The context before event @p i (i < read_): the tracker replayed from the checkpoint
  // before it, or moved on from the last line's (lines are mostly read in order).
  Ctx ctx_before(const EventLog& log, size_t i) const;
  size_t read_ = 0;  // events update() has read
  // (index, context) of the events whose description reads one (EventSchema::context), by index.
  std::vector<std::pair<size_t, EventContext>> contexts_;
  std::vector<TraceTracker> checkpoints_;  // [k]: the tracker before event k * kEvery
  std::optional<TraceTracker> tracker_;    // the tracker after the first read_ events
  mutable std::optional<TraceTracker> cursor_;  // the tracker before event cursor_at_
  mutable size_t cursor_at_ = 0;
  static constexpr size_t kEvery = 8192;
};

}  // namespace cmwq::web
