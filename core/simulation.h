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

#include "core/run_budget.h"
#include "core/scenario/scenario.h"
#include "core/step_marks.h"
#include "core/step_watch.h"
#include "core/trace/event_log.h"
#include "core/world.h"

namespace cmwq {

/// Whether a Simulation keeps snapshots for stepping back.
enum class History : uint8_t {
  StepBack,  ///< Snapshots every few thousand actions: Back and seeks replay a little.
  None,      ///< Only the boot snapshot: for a run that only goes forward (`cmwq run`);
             ///< going back still works, replaying from boot.
};

/// A simulation: a scenario's world plus its history.
///
/// Memory is bounded by the RunBudget: the snapshots together keep under a quarter of
/// it (they become sparser, as they do past 1024 of them), and a run whose log, history
/// and world would pass it, or whose log reaches its event limit, stops there
/// (budget_stop()); stepping back and running again up to that point still work.
class Simulation {
 public:
  /// Starts from a built scenario world; runs stop by @p until (the scenario's [run]
  /// until) when asked to, and at the limits of @p budget whatever they are asked.
  explicit Simulation(ScenarioWorld sw, Nanos until = 0, RunBudget budget = {}, History history = History::StepBack);

  /// The world at the current point of history (inside an action after a line or
  /// event step: the world at that line or event).
  const World& world() const { return inside_ ? inside_->world : sw_.world; }
  /// The world at the end of the action the run stands in (world() at an action's end).
  /// The model's consistency checks (core/invariants.h) hold there; between two kernel
  /// lines some need not, as in the kernel while a function holds pool->lock.
  const World& settled_world() const { return sw_.world; }
  /// The names the scenario declared and their ids (workqueues, works, completions,
  /// mutexes). Works that `queue` actions make are in world() only: WorldNames sees both.
  const ScenarioWorld& names() const { return sw_; }
  /// Every event up to the current point.
  const EventLog& events() const { return log_; }
  /// Virtual time now.
  Nanos now() const { return world().now; }
  /// The scenario's [run] until.
  Nanos until() const { return until_; }
  /// True if no action is left to run, or the run stopped at its budget.
  bool finished() const { return stop_.has_value() || next_action_time(sw_.world) < 0; }
  /// Set when the run stopped at a limit of its budget (and then finished() is true);
  /// cleared by going back.
  const std::optional<BudgetStop>& budget_stop() const { return stop_; }
  /// The run's budget.
  const RunBudget& budget() const { return budget_; }
  /// Sets RunBudget::viewer_bytes_per_event: what a front end measured its models keep per
  /// event (it counts for the whole log from the next budget check on).
  void set_viewer_bytes_per_event(uint64_t bytes) { budget_.viewer_bytes_per_event = bytes; }
  /// The nominal bytes held now: the log's chunks (and RunBudget::viewer_bytes_per_event
  /// for each event), the visible steps' marks, the snapshots and the world.
  uint64_t footprint() const;

  /// Runs actions until one emits at least one event (a visible step). False if no
  /// such action comes by @p limit (default: the scenario's until). Periodic timers
  /// such as the watchdog's keep a world busy forever, so every run needs a limit.
  bool step_event(Nanos limit = -1);
  /// One step of size @p size: Over is step_event(); Line stops after task @p task's
  /// next kernel line, Event after the next event, possibly inside an action (inside()).
  /// False, and nothing moved, if no such point comes by @p limit (default: until).
  bool step(StepSize size, int32_t task = -1, Nanos limit = -1);
  /// Where a line or event step left the run inside an action, or nullopt at an
  /// action's end. Anything but a step (running, a user action, seeking) first finishes
  /// the action, so a command given between two line steps acts after that action.
  std::optional<InsideAction> inside() const;
  /// After a line step: the statement the followed task has just run, or where it
  /// stopped; nullptr when not inside an action by a line step.
  const CodePosition* line() const { return inside_ && inside_->at.size == StepSize::Line ? &inside_->line : nullptr; }
  /// Goes to point @p at inside the next action (from its end, if @p at.boundary is 0),
  /// which must be the next one to run: how a link returns to a line step. False if the
  /// action has no such boundary (the run stays at the action's start).
  bool enter(const InsideAction& at);
  /// Returns to the state before the last step of any size. False at the beginning.
  bool step_back();
  /// Runs every action due at or before @p t.
  void run_until(Nanos t);
  /// Runs actions until @p n have run (or the run finishes), as run_until() does.
  void run_actions(uint64_t n);
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
    uint64_t bytes = 0;  ///< world_footprint(world)
    size_t log_size = 0;
    size_t injections_applied = 0;  ///< injections_[0 .. this) are in `world`.
  };
  struct Injection {
    uint64_t at_action = 0;
    Nanos at_time = 0;  ///< The clock may have moved past the last action (run_until()).
    ScriptedAction action;
  };
  void run_one();  // run_action() on the log's end, if the budget allows
  // Applies the injections recorded at the world's action count; their events go through
  // keep_events(@p log_size). Returns the log's size after them.
  size_t apply_due_injections(size_t log_size);
  void apply(const Injection& inj);  // to the world; its events stay in the world's out
  // The world's new events, as the log's from @p log_size on: counted and dropped when the
  // log holds them already (a replay: the same world emits the same events), logged
  // otherwise (running on). Returns the log's size after them.
  size_t keep_events(size_t log_size);
  void restore_to_action(uint64_t target);
  void maybe_snapshot(size_t log_size);
  // One action, with injections and snapshots, its events kept by keep_events(@p
  // log_size): logged when running on (log_.size()), counted in a replay from a snapshot
  // (three times faster than logging them again). Returns the log's size after it.
  size_t run_action(size_t log_size);
  void thin_snapshots();
  uint64_t snapshot_bytes() const;  // the snapshots' footprints added up
  bool within_budget();  // false, with stop_ set, when the run must stop before the next action
  bool memory_allows(uint64_t extra_bytes) const;
  uint64_t growing_bytes() const;  // what grows with the run: the log, the viewer's share, the step marks

  ScenarioWorld sw_;
  Nanos until_ = 0;
  EventLog log_;
  std::vector<Snapshot> snapshots_;
  std::vector<Injection> injections_;
  size_t next_injection_ = 0;
  struct Inside {
    InsideAction at;
    World world;              // the world at that point
    CodePosition line;        // Line: the statement shown
    std::vector<Event> rest;  // the action's events after that point, not yet in log_
  };
  std::optional<Inside> inside_;
  size_t action_log_start_ = 0;  // log_.size() when the running action's own events began
  size_t action_events_ = 0;     // events the last action emitted itself
  void settle();  // finish the action the run is inside, if any
  bool run_watched(const InsideAction& at);
  StepMark here() const;
  void go_to(const StepMark& m);
  StepMarks visible_steps_;  ///< Where each visible step started.
  void mark_step(StepMark from, size_t log_before);
  // run_one(), a visible step back to @p from if it emitted events; @p from becomes here().
  void run_one_marked(StepMark& from);
  uint64_t snapshot_interval_ = 4096;
  RunBudget budget_;
  History history_ = History::StepBack;
  std::optional<BudgetStop> stop_;
  uint64_t log_checked_chunks_ = 0;  ///< growing_bytes() in chunks when the budget was last checked.
  Nanos last_action_ = 0;  // see last_action_time()
};

}  // namespace cmwq
