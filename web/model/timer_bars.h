#pragma once
/// @file
/// @brief The Timeline's timer bars: each arming of a pool's mayday timer, from
/// mod_timer() until it fired, was stopped (timer_delete_sync()) or was armed again, with
/// the jiffy it asked for and the jiffy the timer wheel runs it at, in nanoseconds.
///
/// Built from the events MaydayTimerArm (a = expires, b = the fire jiffy after the
/// wheel's rounding), MaydayTimerStop and MaydayTimeout; TimelineModel feeds them to the
/// pool's TimerTrack. No ImGui here, so tests check it natively.

#include <cstdint>
#include <string>
#include <vector>

#include "core/kernel/time.h"

namespace cmwq::web {

/// How a timer bar ended.
enum class TimerBarEnd : uint8_t {
  Armed,    ///< Not yet: still armed at the last event read.
  Fired,    ///< The timer ran (pool_mayday_timeout()).
  Stopped,  ///< timer_delete_sync() before it ran.
  Rearmed,  ///< mod_timer() again before it ran: the next bar starts there.
};

/// One arming of a timer_list timer.
struct TimerBar {
  Nanos start = 0;                       ///< mod_timer().
  Nanos expires = 0;                     ///< The tick of the jiffy it asked for (`expires`).
  Nanos fires = 0;                       ///< The tick of the jiffy the wheel runs it at (never before `expires`).
  Nanos end = -1;                        ///< When it fired, was stopped or armed again; -1 while armed.
  TimerBarEnd how = TimerBarEnd::Armed;  ///< How it ended.
  uint64_t expires_jiffy = 0;            ///< `expires`, in jiffies.
  uint64_t fire_jiffy = 0;               ///< The wheel bucket's jiffy.
  uint32_t event = 0;                    ///< Index of its MaydayTimerArm in the event log.
  /// Where the bar is drawn to: its end, or while armed the time the wheel runs it.
  Nanos drawn_end() const { return end < 0 ? fires : end; }
  friend bool operator==(const TimerBar&, const TimerBar&) = default;  ///< Equal in every field.
};

/// The bars of one timer, by start, not overlapping (an arming ends the bar before it;
/// one bar may end where the next starts).
struct TimerTrack {
  std::vector<TimerBar> bars;  ///< Every arming so far, by start.

  /// mod_timer() at @p t for jiffy @p expires_jiffy, filed by the wheel for @p fire_jiffy
  /// (jiffies to nanoseconds by @p jif); ends the armed bar, if any, as re-armed.
  void arm(Nanos t, uint64_t expires_jiffy, uint64_t fire_jiffy, const Jiffies& jif, uint32_t event);
  /// The timer ran at @p t: the armed bar ends, fired.
  void fire(Nanos t);
  /// timer_delete_sync() at @p t: the armed bar, if any, ends, stopped.
  void stop(Nanos t);
  /// The bar still armed, or nullptr.
  const TimerBar* armed() const;
};

/// What is left of armed bar @p bar at @p now, for a label: "mayday in 3 ms", or
/// "mayday due now" once its tick has come (its timer runs at this instant).
std::string timer_countdown(const char* what, const TimerBar& bar, Nanos now);

/// What bar @p bar says in a tooltip: when it was armed, the jiffy asked for and the
/// jiffy the wheel runs it at, and how it ended (relative to @p now while armed).
std::string timer_bar_text(const char* timer, const TimerBar& bar, Nanos now);

}  // namespace cmwq::web
