#pragma once
/// @file
/// @brief StepMarks: where each visible step of a run started, for Back and seeks.
///
/// Running forward marks one step per action that emitted events (Back then undoes one
/// action at a time), so a 100 M-event run has some 17 M of them: they are kept at 16
/// bytes each, and the rare steps that start inside an action (a line or event step)
/// apart, by index.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/kernel/time.h"
#include "core/step_watch.h"

namespace cmwq {

/// A point of the run inside an action, which a line or event step stopped at (see
/// core/step_watch.h): the action, the boundary in it, and what the step watched.
struct InsideAction {
  uint64_t action = 0;             ///< Actions run before the action.
  uint32_t boundary = 0;           ///< Its boundary number (from 1); 0: not inside any action.
  StepSize size = StepSize::Line;  ///< Line (boundaries of @ref task's lines) or Event (events).
  int32_t task = -1;               ///< Line: the followed task.
  /// Same action, boundary, size and task.
  bool operator==(const InsideAction&) const = default;
};

/// Where one visible step started.
struct StepMark {
  uint64_t action = 0;  ///< Actions run before the step.
  Nanos time = 0;       ///< Time of the step (after it ran).
  InsideAction inside;  ///< The point inside that action it started from (boundary 0: its start).
};

/// The visible steps of a run, oldest first; their times never decrease.
class StepMarks {
 public:
  /// Number of steps.
  size_t size() const { return plain_.size(); }
  /// True when there are none.
  bool empty() const { return plain_.empty(); }
  /// Step @p i.
  StepMark at(size_t i) const;
  /// The last step (there must be one).
  StepMark back() const { return at(size() - 1); }
  /// Appends @p m (its time not before the last one's).
  void push_back(const StepMark& m);
  /// Keeps the first @p n steps.
  void truncate(size_t n);
  /// Index of the first step whose time is after @p t, or size().
  size_t first_after(Nanos t) const;
  /// Nominal bytes held (16 a step, 32 a step inside an action).
  uint64_t footprint() const { return plain_.size() * 16 + insides_.size() * 32; }

 private:
  struct Plain {
    uint64_t action = 0;
    Nanos time = 0;
  };
  std::vector<Plain> plain_;
  std::vector<std::pair<size_t, InsideAction>> insides_;  // (index, point) of the steps inside an action, by index
};

}  // namespace cmwq
