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

/// Index of the event log. Call update() once per frame: it reads only the new events,
/// and starts over when the history changed (Session::history_id(): step back, seek
/// back, reload).
class EventIndex {
 public:
  /// Brings the index up to date with @p log, whose history is @p history_id.
  void update(const EventLog& log, uint64_t history_id);
  /// Forgets everything (the next update() reads the whole log).
  void clear();

  /// Events of type @p t so far.
  uint64_t count(EventType t) const { return counts_[static_cast<size_t>(t)]; }
  /// Index of the first event of type @p t, or -1.
  int64_t first(EventType t) const { return first_[static_cast<size_t>(t)]; }
  /// Index of the latest event of type @p t, or -1.
  int64_t last(EventType t) const { return last_[static_cast<size_t>(t)]; }
  /// Index of the latest KickPool, CreateWorker, CreateFailed or MaydayTimeout event of
  /// pool @p pool (the "why" of its last wakeup or worker creation), or -1.
  int64_t last_why(int32_t pool) const;
  /// Number of events read.
  size_t size() const { return read_; }

 private:
  std::array<uint64_t, kEventTypeCount> counts_{};
  std::array<int64_t, kEventTypeCount> first_{};
  std::array<int64_t, kEventTypeCount> last_{};
  std::vector<int64_t> why_;  // per pool
  size_t read_ = 0;
  uint64_t history_ = UINT64_MAX;
};

}  // namespace cmwq::web
