#pragma once
/// @file
/// @brief Stepping finer than an action: one kernel line of a followed task, or one event.
///
/// An action of the model (a CPU's scheduling pass, a timer firing) runs many kernel
/// lines of several tasks at one instant, and its C++ stack cannot be saved. So the
/// Simulation reaches a point inside an action by running the whole action with a
/// StepWatch armed: the model calls the watch hooks below where a task goes from one
/// kernel line to the next (the top of its thread function's loops, the passes of
/// assign_rescuer_work()) and before each event is emitted, and the watch copies the
/// World at the boundary asked for. That copy is the world at that line, exactly: the
/// rescuer's pool is set in the copy taken after worker_attach_to_pool(), a work has left
/// the worklist in the one after assign_work(). The action itself always runs to its end,
/// so stepping never changes what happens next. A point inside an action is named by the
/// action (how many ran before it), the boundary's number in it, and the followed task.
///
/// A line boundary shows the statement that has just run: where a loop of the thread
/// function goes on to its next statement, the one before it; where the task's step ends
/// (it sleeps, burns CPU, yields, moves or exits), where it stopped.

#include <cstdint>
#include <memory>

#include "core/workqueue/code_position.h"

namespace cmwq {

struct World;

/// How far one step goes.
enum class StepSize : uint8_t {
  Line,   ///< The followed task runs one kernel line (one statement of the Code panel).
  Event,  ///< One event of the stream.
  Over,   ///< One action that emits events (the whole CPU pass or timer): the classic Step.
};

/// The watch of one action (armed by Simulation, never copied with the World).
struct StepWatch {
  StepSize size = StepSize::Line;  ///< Line or Event.
  int32_t task = -1;               ///< Line: the followed task.
  uint32_t target = 1;             ///< Copy the world at this boundary of the action (from 1).
  uint32_t seen = 0;               ///< Boundaries passed so far.
  CodePosition running;       ///< Line: the statement the task is about to run (its last loop top).
  bool have_running = false;  ///< Line: @ref running is known (the task's code ran in this step).
  bool running_shown = false; ///< Line: an inner boundary (watch_line_ran()) already showed it running.
  std::unique_ptr<World> captured;  ///< The world at the target boundary, once passed.
  CodePosition captured_line;       ///< Line: the statement shown there.
};

/// The World's handle on an armed watch. Not part of the world's value: a copy of the
/// World has none, so snapshots and the captured copy never watch.
struct WatchSlot {
  StepWatch* watch = nullptr;  ///< The armed watch, or nullptr.
  WatchSlot() = default;
  /// A copy watches nothing.
  WatchSlot(const WatchSlot&) {}
  /// Assigning keeps this slot's own watch.
  WatchSlot& operator=(const WatchSlot&) { return *this; }
};

// The hooks' work while a watch is armed; the model calls the inline hooks of core/world.h
// (watch_line_top() and the others), which cost one test of World::watch otherwise.
/// watch_line_top() with a watch armed.
void watched_line_top(World& w, int32_t task);
/// watch_line_ran() with a watch armed.
void watched_line_ran(World& w, int32_t task, const KernelFrame& inner);
/// watch_step_end() with a watch armed.
void watched_step_end(World& w, int32_t task);
/// watch_emit() with a watch armed.
void watched_emit(World& w);

}  // namespace cmwq
