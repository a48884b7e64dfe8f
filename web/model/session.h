#pragma once
/// @file
/// @brief The web lab's session: the scenario it runs, its Simulation, and the user's
/// actions as replayable commands, so a link can rebuild the very same state.
///
/// Everything the user does to the simulated machine (starve memory, queue works) is a
/// command: one line of the action language a scenario's `[[at]]` uses (see
/// Session::command()). Each command is recorded with the Position it was given at. A
/// Position (time, number of events, whether every
/// action due at that time has run) pins a point of a deterministic run exactly, so
/// replaying the scenario and the commands at their positions (Session::restore())
/// reproduces the world bit for bit. No ImGui here: tests drive it natively.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/scenario/scenario.h"
#include "core/simulation.h"

namespace cmwq::web {

/// The most memory a run of the web app may hold ([run] max_memory_mib is lowered to
/// it): RunBudget's default, what the page's 2 GiB WebAssembly heap leaves room for
/// beside the app's own indexes of the log. The same natively, so runs agree.
constexpr uint64_t kBrowserMemoryMib = 1536;
/// What the page counts per event beside the log (RunBudget::viewer_bytes_per_event) until
/// its models have read enough of the run to measure their own figure (App then sets
/// that, a tenth over, with Session::set_viewer_bytes_per_event()): the Timeline's rows
/// measured at 7.8 B an event on the 4-CPU requeue loop and 14.9 on the 64-CPU
/// burn-and-sleep loop, the event log's filter rows (4 B a matching event), and room to spare.
constexpr uint64_t kViewerBytesPerEvent = 24;

/// A point of a run: reached by running every action before @ref time, then visible
/// steps until the log holds @ref events events, then (if @ref settled) the rest of
/// the actions due at @ref time. A point inside an action (a line or event step's, see
/// Simulation::inside()) is reached by running actions until @ref inside's action is the
/// next, then entering it.
struct Position {
  Nanos time = 0;       ///< Virtual time.
  uint64_t events = 0;  ///< Size of the event log.
  bool settled = true;  ///< Every action due at or before @ref time has run.
  InsideAction inside;  ///< The point inside an action (boundary 0: none).
  /// Equality of all fields.
  bool operator==(const Position&) const = default;
};

/// A user command and where it was given.
struct Command {
  Position at;          ///< Where in the run it was given.
  uint64_t action = 0;  ///< Simulation::actions() when it was given.
  std::string text;     ///< The command, e.g. "hog all".
};

/// What a load may impose on the scenario text.
struct LoadOptions {
  std::optional<uint64_t> seed;            ///< Overrides the scenario's [run] seed.
  std::optional<KernelGeneration> kernel;  ///< Overrides its [machine] kernel (the kernel selector).
  /// A change (core/scenario/change.h) applied after parsing: the second run of a
  /// comparison. "" for none.
  std::string change;
};

/// The outcome of loading scenario text.
struct LoadResult {
  bool ok = false;                     ///< The text parsed and the world was built.
  std::optional<ScenarioError> error;  ///< The parse error, when not ok.
};

/// A scenario, its running Simulation and the user's commands.
class Session {
 public:
  /// An empty session (no scenario yet: sim() must not be called until load() succeeds).
  Session();
  ~Session();
  /// Movable (it owns the Simulation), not copyable.
  Session(Session&&) noexcept;
  /// Moves a session in.
  Session& operator=(Session&&) noexcept;

  /// Parses @p text (named @p name in errors), applies @p options (seed, kernel, change),
  /// builds its world and starts over with no commands. On an error (the text's, or the
  /// change's: "1:COLUMN: error: ...") the running world, its history and the commands
  /// are left untouched.
  LoadResult load(const std::string& text, const std::string& name, const LoadOptions& options = {});
  /// The options of the last successful load.
  const LoadOptions& options() const { return options_; }
  /// True once a scenario has loaded.
  bool loaded() const { return sim_ != nullptr; }
  /// Builds the scenario's world again, dropping history and commands.
  void reset();

  /// The simulation (read it freely; change it through the functions below).
  const Simulation& sim() const { return *sim_; }
  /// The scenario as parsed.
  const Scenario& scenario() const { return scenario_; }
  /// What the page's models measured they keep per event (counted in the run's budget).
  void set_viewer_bytes_per_event(uint64_t bytes) {
    if (sim_) sim_->set_viewer_bytes_per_event(bytes);
  }
  /// The text the running world was built from.
  const std::string& text() const { return text_; }
  /// The file name of that text ("starvation-sandbox.toml", or "edited.toml").
  const std::string& name() const { return name_; }
  /// The seed the world was built with.
  uint64_t seed() const { return scenario_.machine.seed; }
  /// Changes whenever events already in the log may have changed or gone (a reload,
  /// reset, step back or seek back); stays the same while the run only moves forward.
  uint64_t history_id() const { return history_id_; }
  /// How many leading events of the log are unchanged since history_id() was @p since:
  /// SIZE_MAX if it still is, 0 after a reload or when @p since is too old to know.
  size_t unchanged_prefix(uint64_t since) const;

  /// Runs one visible step (an action that emitted events). False if none comes by
  /// @p limit (default: the scenario's [run] until, or 1 s from now once past it);
  /// the clock may still have moved through actions that emitted nothing.
  bool step(Nanos limit = -1);
  /// One step of size @p size (Simulation::step()): Line follows task @p task. False,
  /// and nothing moved, if no such point comes by @p limit (default as step()).
  bool step(StepSize size, int32_t task, Nanos limit = -1);
  /// Undoes the last step of any size. False at the beginning.
  bool step_back();
  /// Runs every action due at or before @p t (forward only).
  void run_until(Nanos t);
  /// Moves to time @p t, forward or back.
  void seek(Nanos t);

  /// Executes a user command, one line of the action language (core/scenario/action.h,
  /// docs/scenario-format.md), exactly as a scenario's `[[at]] do` line: `hog all`,
  /// `release all`, `queue WQ [cpu=N|any] [count=K] [name=PREFIX]: OP; OP; ...`,
  /// `queue_work WQ WORK [cpu=N|any] [from=N]`, `set_max_active WQ N`,
  /// `complete COMPLETION`, `cpu_offline N`, `drain_workqueue WQ`, ... Names resolve in
  /// the running world, which also has the works earlier `queue` commands made. Returns
  /// "" on success, or the error as "line:column: error: message" (line 1).
  std::string command(const std::string& text);
  /// Checks a command against the running world without doing it: its error, if any.
  std::optional<ScenarioError> check_command(const std::string& text) const;
  /// The commands in effect at the current point of history, in order.
  std::vector<Command> commands() const;

  /// The current point of the run.
  Position position() const;
  /// Rebuilds the scenario's world and replays @p commands (each at its position),
  /// then runs to @p target. Returns "" or the first command's error.
  std::string restore(const std::vector<Command>& commands, const Position& target);
  /// Rebuilds the scenario's world and replays the commands another run of the same
  /// scenario was given (a comparison's first run, or this one under another kernel),
  /// each at the same instant after as many of that instant's events as @p their_log
  /// had there, then goes to @p target likewise. Where the runs do not differ yet this
  /// is the very same point; after they part, the same time. Returns "" or the first
  /// command's error.
  std::string replay(const std::vector<Command>& commands, const EventLog& their_log,
                     const Position& target);
  /// How far step() looks by default: the scenario's [run] until, or 1 s from now once
  /// past it.
  Nanos step_limit() const;

 private:
  void reach(const Position& p);
  void reach_instant(Nanos time, uint64_t into, bool settled);
  std::string exec(const std::string& text);

  Scenario scenario_;
  LoadOptions options_;
  std::string text_;
  std::string name_;
  std::unique_ptr<Simulation> sim_;
  std::vector<Command> log_;  // every command given, including undone ones still replayable
  uint64_t history_id_ = 0;
  void rewound(size_t prefix);
  std::vector<std::pair<uint64_t, size_t>> rewinds_;  // (history id it started, events kept)
};

}  // namespace cmwq::web
