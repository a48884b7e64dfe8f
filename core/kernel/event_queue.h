#pragma once
/// @file
/// @brief The one queue of future happenings, ordered by (time, sequence).
///
/// Every future happening in the simulated machine (a timer tick that expires a
/// timer, the end of a CPU burn, the end of an hrtimer sleep, a CPU that must pick
/// its next task, a scripted action) is an Action here. Actions at the same instant
/// run in the order they were scheduled, except that a tick's HogTick runs first (it is
/// hardirq work, before the timer softirq). Cancelling is lazy: each action carries the
/// generation of its target, and a stale generation makes it a no-op when popped.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/kernel/time.h"

namespace cmwq {

/// What an Action does when its time comes.
enum class ActionKind : uint8_t {
  TimerExpire,  ///< target = timer id: run the timer_list function.
  SleepDone,    ///< target = task: an hrtimer sleep ended, wake the task.
  BurnDone,     ///< target = cpu: the running task used up its CPU burst.
  CpuRun,       ///< target = cpu: the CPU must run or pick a task (a reschedule).
  HogTick,      ///< target = cpu: the tick at which wq_worker_tick() sees a CPU hog.
  Scripted,     ///< target = index of a scripted action (scenario [[at]] entries).
};

/// One scheduled happening.
struct Action {
  Nanos time = 0;    ///< When it happens.
  uint64_t seq = 0;  ///< Tie-break: order of scheduling.
  ActionKind kind = ActionKind::CpuRun;  ///< What it does.
  int32_t target = -1;                   ///< Timer, task, CPU or script index (see ActionKind).
  uint32_t gen = 0;  ///< Generation of the target when scheduled; stale means cancelled.
};

/// A binary min-heap of Actions keyed by (time, seq). A plain value: copying it is a snapshot.
class EventQueue {
 public:
  /// Schedules an action; returns its sequence number.
  uint64_t push(Nanos time, ActionKind kind, int32_t target, uint32_t gen);
  /// True if nothing is scheduled.
  bool empty() const { return heap_.empty(); }
  /// Number of scheduled actions (stale ones included).
  size_t size() const { return heap_.size(); }
  /// The earliest action; the queue must not be empty.
  const Action& top() const { return heap_.front(); }
  /// Removes and returns the earliest action; the queue must not be empty.
  Action pop();

 private:
  std::vector<Action> heap_;
  uint64_t next_seq_ = 0;
};

}  // namespace cmwq
