#pragma once
/// @file
/// @brief A world with its history: the event log, snapshots, stepping forward and back.
///
/// The UI, the command line and the labs drive the model through Simulation. It
/// keeps every event, takes a snapshot (a copy of the World) every few thousand
/// actions, and steps back by restoring the nearest earlier snapshot and replaying.
/// Things a user does (queueing a work from the UI, starving memory) are recorded
/// as injections with the action count they happened at, so replay reproduces them;
/// doing something after stepping back discards the old future, as an editor's
/// undo history does. An injection belongs to its action count: the world is at that
/// count with the injection applied, however it got there (running forward, stepping
/// back, seeking), so Back after a Step always returns to the same world.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/scenario/scenario.h"
#include "core/world.h"

namespace cmwq {

/// A simulation: a scenario's world plus its history.
class Simulation {
 public:
  /// Starts from a built scenario world.
  explicit Simulation(ScenarioWorld sw, Nanos until = 0);

  /// The world at the current point of history.
  const World& world() const { return sw_.world; }
  /// The names the scenario declared and their ids (workqueues, works, completions,
  /// mutexes). Works that `queue` actions make are in world() only: WorldNames sees both.
  const ScenarioWorld& names() const { return sw_; }
  /// Every event up to the current point.
  const std::vector<Event>& events() const { return log_; }
  /// Virtual time now.
  Nanos now() const { return sw_.world.now; }
  /// The scenario's [run] until.
  Nanos until() const { return until_; }
  /// True if no action is left to run.
  bool finished() const { return next_action_time(sw_.world) < 0; }

  /// Runs actions until one emits at least one event (a visible step). False if no
  /// such action comes by @p limit (default: the scenario's until). Periodic timers
  /// such as the watchdog's keep a world busy forever, so every run needs a limit.
  bool step_event(Nanos limit = -1);
  /// Returns to the state before the last visible step. False at the beginning.
  bool step_back();
  /// Runs every action due at or before @p t.
  void run_until(Nanos t);
  /// Runs until an event satisfying @p pred is emitted (stopping right after the action
  /// that emitted it) or until @p limit. Returns the index of that event, or -1.
  int64_t run_until_event(const std::function<bool(const Event&)>& pred, Nanos limit);
  /// Moves to time @p t, forward (running) or back (restoring and replaying). Back to a
  /// time after the last visible step, only the clock moves back: as far as @p t, but
  /// never before the last action that ran (last_action_time()).
  void seek(Nanos t);
  /// When the last action ran (or a user action was applied); the clock may stand later,
  /// moved on by run_until() with nothing due.
  Nanos last_action_time() const { return last_action_; }

  /// Schedules @p a now, as a user action; it is recorded so replays repeat it. (A
  /// `queue` action makes its works when it runs, so the world stays a replayable value.)
  void inject(ScriptedAction a);

  /// Number of actions run so far.
  uint64_t actions() const { return sw_.world.actions_run; }
  /// Number of snapshots held (for tests and the UI's memory display).
  size_t snapshot_count() const { return snapshots_.size(); }

 private:
  struct Snapshot {
    World world;
    size_t log_size = 0;
    size_t injections_applied = 0;  ///< injections_[0 .. this) are in `world`.
  };
  struct Injection {
    uint64_t at_action = 0;
    Nanos at_time = 0;  ///< The clock may have moved past the last action (run_until()).
    ScriptedAction action;
  };
  void run_one();  // one action, with injections, snapshots and the log
  void apply_due_injections();  // the injections recorded at the world's action count
  void apply(const Injection& inj);
  void restore_to_action(uint64_t target);
  void maybe_snapshot();

  ScenarioWorld sw_;
  Nanos until_ = 0;
  std::vector<Event> log_;
  std::vector<Snapshot> snapshots_;
  std::vector<Injection> injections_;
  size_t next_injection_ = 0;
  struct StepMark {
    uint64_t action = 0;  ///< Actions run before the step.
    Nanos time = 0;       ///< Time of the step (after it ran).
  };
  std::vector<StepMark> visible_steps_;  ///< Where each visible step started.
  void mark_step(uint64_t before_action, size_t log_before);
  uint64_t snapshot_interval_ = 4096;
  Nanos last_action_ = 0;  // see last_action_time()
};

}  // namespace cmwq
