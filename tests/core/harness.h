#pragma once
// A test harness around a World: steps it, checks every invariant after every
// action, and keeps the event stream for assertions.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/invariants.h"
#include "core/world.h"
#include "core/workqueue/workqueue.h"

namespace cmwq::test {

/// Durations in tests read like the documentation: ms(5).
constexpr Nanos ms(int64_t v) { return v * NSEC_PER_MSEC; }
constexpr Nanos us(int64_t v) { return v * NSEC_PER_USEC; }

/// Builds a program from (opcode, duration) pairs: burn/sleep only.
Program burn_sleep(const std::string& func, std::initializer_list<std::pair<OpCode, Nanos>> ops);

class Harness {
 public:
  explicit Harness(const MachineConfig& config = MachineConfig{}) : w(boot(config)) { drain(); }

  /// Runs until @p t, checking invariants after every action. Stops at the first
  /// violation and records it as a test failure naming the action and time.
  void run_until(Nanos t);
  /// All events so far.
  const std::vector<Event>& events() const { return log; }
  /// Events of one type.
  std::vector<Event> of(EventType type) const;
  /// Time of the first event matching, or -1.
  Nanos first_time(EventType type, int32_t work = -1, int64_t op = -1) const;
  /// Times of all events matching.
  std::vector<Nanos> times(EventType type, int32_t work = -1, int64_t op = -1) const;

  World w;

 private:
  void drain();
  std::vector<Event> log;
  bool violated = false;
};

}  // namespace cmwq::test
