#pragma once
/// @file
/// @brief One line of text per event for the Event log: the kernel's tracepoint lines
/// (`trace-cmd report` format, from cmwq::ftrace_line()) for the workqueue and
/// scheduler tracepoints, and the same line head with plain words for our own events.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/trace/event.h"
#include "core/trace/tracker.h"

namespace cmwq {
struct World;
}

namespace cmwq::web {

/// The category an event belongs to, for the Event log's filters.
enum class EventGroup : uint8_t {
  Workqueue,  ///< workqueue_queue_work, _activate_work, _execute_start, _execute_end.
  Sched,      ///< sched_switch, sched_wakeup, migrations, task creation and exit.
  WorkOps,    ///< Operations of work programs (burn, sleep, alloc ...).
  Workers,    ///< Worker lifecycle, idle/busy, flags, kick_pool, manager, counters.
  Mayday,     ///< The mayday timer, maydays and the rescuer.
  Memory,     ///< Allocations, reclaim, freed pages, memory counters.
  Watchdog,   ///< Lockups, dumps, CPU hogs, WARNs.
  Other,      ///< RCU, CPU hotplug, scenario and user actions.
  Count,      ///< Number of groups.
};

/// Name of a group for the filter checkboxes.
const char* event_group_name(EventGroup g);
/// The group of an event type.
EventGroup event_group(EventType t);

/// Formats events of one log. Lines of ftrace tracepoints depend on what ran before
/// (the waker of a sched_wakeup, the context of an activation), so the formatter keeps
/// that context per event; call update() whenever the log may have changed.
class EventFormatter {
 public:
  /// Brings the stored context up to date. @p unchanged is how many leading events are
  /// known to be the same as at the previous call (0 after a reload).
  void update(const World& w, const std::vector<Event>& log, size_t unchanged);
  /// The line of event @p i (update() must have seen it). No trailing newline.
  std::string line(const World& w, const std::vector<Event>& log, size_t i) const;

 private:
  struct Ctx {
    int32_t last_task = -1;  // TraceTracker::last_task() before the event
    int32_t curr = -1;       // TraceTracker::cpu_curr(event cpu) before the event
    int16_t last_cpu = 0;    // TraceTracker::last_cpu() before the event
  };
  std::vector<Ctx> ctx_;
  std::vector<TraceTracker> checkpoints_;  // [k]: the tracker before event k * kEvery
  std::optional<TraceTracker> tracker_;    // the tracker after every event in ctx_
  static constexpr size_t kEvery = 8192;
};

}  // namespace cmwq::web
