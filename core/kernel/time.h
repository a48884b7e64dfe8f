#pragma once
/// @file
/// @brief Virtual time: integer nanoseconds, and jiffies derived from HZ.
///
/// The kernel counts time in jiffies (one per scheduler tick, HZ per second) for
/// timer_list timers, and in nanoseconds for runtimes and hrtimers. We keep one
/// clock in nanoseconds and derive jiffies from it. Our jiffies start at 0; the
/// kernel's start at INITIAL_JIFFIES (-300*HZ) so that wrap bugs show early.

#include <cstdint>

namespace cmwq {

/// A point or span of virtual time, in nanoseconds.
using Nanos = int64_t;

constexpr Nanos NSEC_PER_USEC = 1000;                 ///< Nanoseconds per microsecond.
constexpr Nanos NSEC_PER_MSEC = 1000 * NSEC_PER_USEC;  ///< Nanoseconds per millisecond.
constexpr Nanos NSEC_PER_SEC = 1000 * NSEC_PER_MSEC;   ///< Nanoseconds per second.

/// Jiffies arithmetic for one HZ setting (include/linux/jiffies.h).
struct Jiffies {
  int hz = 1000;  ///< Ticks per second: 100, 250, 300 or 1000.

  /// TICK_NSEC: length of one tick, rounded as the kernel rounds it.
  Nanos tick_nsec() const { return (NSEC_PER_SEC + hz / 2) / hz; }
  /// The jiffies counter at time @p t (the last tick at or before @p t).
  uint64_t at(Nanos t) const { return static_cast<uint64_t>(t / tick_nsec()); }
  /// The time of the tick that makes jiffies equal @p j.
  Nanos time_of(uint64_t j) const { return static_cast<Nanos>(j) * tick_nsec(); }
  /// nsecs_to_jiffies rounded up, as msecs_to_jiffies() rounds: a delay never shrinks.
  uint64_t from_nanos_up(Nanos d) const {
    if (d <= 0) return 0;
    const Nanos t = tick_nsec();
    return static_cast<uint64_t>((d + t - 1) / t);
  }
  /// jiffies_to_msecs().
  uint64_t to_msecs(uint64_t j) const { return j * 1000 / static_cast<uint64_t>(hz); }
};

}  // namespace cmwq
