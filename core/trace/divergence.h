#pragma once
/// @file
/// @brief Where two runs' event streams first differ, compared by what a reader sees.
///
/// Two runs of one scenario with one thing changed (a kernel generation, a workqueue
/// flag, max_active, CPUs, a timed action) emit the same events until the change makes a
/// difference. Events are compared by their time, their type and their description
/// (describe_event(), the event log's words), never by raw ids: a task, pool or work
/// whose id shifts between the runs but reads the same does not count. The words name
/// tasks, works and workqueues by name; the one number they give that shifts is a pool
/// workqueue's ("pwq 11 (q0 on pool 2)"): pwqs are numbered in creation order, and
/// 6.12.118 makes two more system workqueues than 6.12.0 at boot, so the comparison
/// reads "pwq N" without its number (same_to_reader()). `cmwq diff` and the web app's
/// compare mode both ask a DivergenceFinder.
/// @code
///   cmwq::DivergenceFinder finder;
///   finder.update({sim_a.world(), sim_a.events(), {sim_a.now(), true}},
///                 {sim_b.world(), sim_b.events(), {sim_b.now(), true}});
///   if (finder.found()) print(finder.found()->index);
/// @endcode

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/trace/event_log.h"
#include "core/trace/tracker.h"

namespace cmwq {

struct World;

/// What a reader sees of one event.
struct EventLook {
  Nanos time = 0;                    ///< When it happened.
  EventType type = EventType::Warn;  ///< Its type.
  std::string text;                  ///< describe_event() with the events before it as context.
};

/// True if a reader sees the same in @p a and @p b: the same time, type and text, a pool
/// workqueue's number aside ("pwq 11 (q0 on pool 2)" reads as "pwq 8 (q0 on pool 2)").
bool same_to_reader(const EventLook& a, const EventLook& b);

/// One run as the finder reads it.
struct RunEvents {
  const World& world;               ///< The world that emitted the events (for names).
  const EventLog& events;  ///< Its events so far.
  /// How far the run has got: every event at or before @ref now is in @ref events when
  /// @ref settled (all actions due by then have run); when not, more may come at @ref now.
  struct Point {
    Nanos now = 0;        ///< The run's time.
    bool settled = true;  ///< Every action due at or before @ref now has run.
  } point;               ///< Where the run stands.
};

/// The first event where two runs differ.
struct Divergence {
  size_t index = 0;              ///< Its position in both streams (the events before it match).
  Nanos time = 0;                ///< When: the earlier of the two events.
  std::optional<EventLook> a;    ///< The first run's event there; nullopt if it has none at that time.
  std::optional<EventLook> b;    ///< The second run's; nullopt if it has none at that time.
};

/// Finds the first divergence of two runs while they grow, reading each event once.
class DivergenceFinder {
 public:
  /// Reads the events both runs have that were not compared yet. A run that has no
  /// event at index i while the other's event i is at a time it has passed differs
  /// there too (it has nothing at that time).
  void update(const RunEvents& a, const RunEvents& b);
  /// Forgets what was compared from event @p keep on (the runs stepped back): the next
  /// update() compares from there again.
  void rewind(size_t keep);
  /// The first divergence, once found.
  const std::optional<Divergence>& found() const { return found_; }
  /// How many leading events are known to match.
  size_t matched() const { return matched_; }

 private:
  void rebuild(const RunEvents& a, const RunEvents& b);
  size_t matched_ = 0;
  size_t trackers_at_ = 0;  // events fed to the trackers (== matched_ unless rewound)
  TraceTracker ta_, tb_;
  std::optional<Divergence> found_;
};

/// What a reader sees of event @p e of world @p w, given @p tracker's context of the
/// events before it.
EventLook look_of(const World& w, const Event& e, const TraceTracker& tracker);

/// One line for a divergence's side: "151 ms  rescuer_wake: kworker/R-writeback takes ...",
/// or "151 ms  (no event at this time)" when @p look is nullopt at time @p t.
std::string divergence_line(const std::optional<EventLook>& look, Nanos t);

}  // namespace cmwq
