#pragma once
/// @file
/// @brief Facts the panels look up in the event log every frame, kept up to date
/// incrementally: counts per event type, the latest event of each kind, and per pool
/// the latest event that explains why it woke or created a worker.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/trace/event_log.h"

namespace cmwq::web {

/// Index of the event log. Call update() once per frame: it reads only the new events;
/// when the history was cut (step back, seek back, a user action after them, reload) it
/// goes back to its checkpoint before the cut (one every 65536 events: a step back in a
/// run of 50 M events re-reads at most that many, not the whole log).
class EventIndex {
 public:
  /// An empty index.
  EventIndex() { clear(); }
  /// Brings the index up to date with @p log, of which @p unchanged leading events are
  /// the same as at the previous call (Session::unchanged_prefix(); 0 reads it all again).
  /// After a step back it restarts from its checkpoint before the cut, not from the start.
  void update(const EventLog& log, size_t unchanged);
  /// Forgets everything (the next update() reads the whole log).
  void clear();

  /// Events of type @p t so far.
  uint64_t count(EventType t) const { return facts_.counts[static_cast<size_t>(t)]; }
  /// Index of the first event of type @p t, or -1.
  int64_t first(EventType t) const { return facts_.first[static_cast<size_t>(t)]; }
  /// Index of the latest event of type @p t, or -1.
  int64_t last(EventType t) const { return facts_.last[static_cast<size_t>(t)]; }
  /// Index of the latest KickPool, CreateWorker, CreateFailed or MaydayTimeout event of
  /// pool @p pool (the "why" of its last wakeup or worker creation), or -1.
  int64_t last_why(int32_t pool) const;
  /// Number of events read.
  size_t size() const { return read_; }

 private:
  struct Facts {
    std::array<uint64_t, kEventTypeCount> counts{};
    std::array<int64_t, kEventTypeCount> first{};
    std::array<int64_t, kEventTypeCount> last{};
    std::vector<int64_t> why;  // per pool
  };
  static constexpr size_t kEvery = 65536;  // events between checkpoints
  void read(const Event& e, size_t i);
  Facts facts_;
  std::vector<Facts> checkpoints_;  // [k]: the facts before event k * kEvery
  size_t read_ = 0;
};

}  // namespace cmwq::web
