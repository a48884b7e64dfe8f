#pragma once
/// @file
/// @brief The runs the web app shows and moves: its session, and while comparing, a
/// second session of the same scenario with one change, kept at the same time.
///
/// Compare mode runs a scenario twice with one thing changed (a change of the change
/// language, core/scenario/change.h: the kernel generation, a workqueue's flag,
/// max_active, CPUs, a timed action) on one time axis. Every move (a step, a step back,
/// a run, a seek, a reset, a command) acts on both runs together; update() finds the
/// first event where their streams differ (core/trace/divergence.h) as they grow. Without
/// a comparison every move is the first session's own. No ImGui here: tests drive it
/// natively.
///
/// A compare step runs both sessions to the earlier of their next actions and takes one
/// visible step in each that has something there, so until the runs part they step in
/// lockstep, event for event; a step back undoes the step of the run whose last event
/// is later (both when they are at the same instant). A run with nothing to do at an
/// instant keeps its clock where its last action left it: nothing happens in it until
/// its next action, which is never before now() (the later of the two clocks, the time
/// both runs are shown at). A command first brings both clocks to now().

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/trace/divergence.h"
#include "web/model/session.h"

namespace cmwq::web {

/// The first session, and the second while comparing.
class RunPair {
 public:
  /// No scenario yet (see Session).
  RunPair();
  ~RunPair();
  RunPair(const RunPair&) = delete;
  RunPair& operator=(const RunPair&) = delete;

  /// The session the panels show (the comparison's first run).
  Session& first() { return first_; }
  /// Read-only.
  const Session& first() const { return first_; }
  /// True while comparing.
  bool comparing() const { return second_ != nullptr; }
  /// The comparison's second run (only while comparing).
  const Session& second() const { return *second_; }
  /// The same, to set what the page measured of it (Session::set_viewer_bytes_per_event()).
  Session& second() { return *second_; }
  /// The change that makes the second run, as given ("" when not comparing).
  const std::string& change() const { return change_; }
  /// The first event where the runs differ, once found (call update() first).
  const std::optional<Divergence>& difference() const { return finder_.found(); }

  /// Loads a scenario into the first run (Session::load()). While comparing, the second
  /// run is rebuilt with the same change; if the change does not fit the new scenario,
  /// comparing stops and @p note says why (else it is left empty).
  LoadResult load(const std::string& text, const std::string& name, const LoadOptions& options, std::string& note);
  /// Starts comparing (or compares with another change): a second run of the first's
  /// scenario and options, changed by @p change, given the first run's commands at the
  /// same instants and brought to its point (Session::replay()). Returns "" or the
  /// change's error ("1:COLUMN: error: ...", nothing changed then).
  std::string compare(const std::string& change);
  /// Stops comparing (the first run goes on as it is).
  void stop_comparing();
  /// Follows kernel generation @p kernel (nullopt: the file's own) from now on: the first
  /// run is rebuilt under it with its commands replayed at their instants and brought to
  /// the same time, and so is the second while comparing (comparing stops if its change
  /// no longer fits; @p note says so).
  void set_kernel(std::optional<KernelGeneration> kernel, std::string& note);
  /// The time both runs stand at: the first run's time, or while comparing the later of
  /// the two clocks (neither run has an action due before it).
  Nanos now() const;
  /// The kernel generation the first run follows.
  KernelGeneration kernel() const { return first_.scenario().machine.kernel; }

  /// One visible step of both runs (Session::step() while not comparing). False if
  /// neither has anything by @p limit (default: Session::step_limit()).
  bool step(Nanos limit = -1);
  /// One step of size @p size (Session::step()) following task @p task of the first
  /// run; while comparing every step is an Over step of both runs.
  bool step(StepSize size, int32_t task, Nanos limit = -1);
  /// Undoes the last step (see the file comment). False if neither run can step back.
  bool step_back();
  /// Runs both to time @p t (forward only).
  void run_until(Nanos t);
  /// Moves both to time @p t, forward or back.
  void seek(Nanos t);
  /// Rebuilds both runs' worlds, dropping their commands.
  void reset();
  /// Gives a command to both runs (Session::command()). Returns "" or the first run's
  /// error; if only the second run refuses it, "second run: " and its error.
  std::string command(const std::string& text);
  /// Restores the second run exactly from a link: its commands and point.
  std::string restore_second(const std::vector<Command>& commands, const Position& target);

  /// Compares the events the runs have gained since the last call (a step back makes it
  /// compare again from where they are unchanged). Call after moving them.
  void update();

 private:
  std::unique_ptr<Session> build_second(const std::string& change, std::string& error) const;

  Session first_;
  std::unique_ptr<Session> second_;
  std::string change_;
  DivergenceFinder finder_;
  uint64_t history_a_ = UINT64_MAX;  // Session::history_id() of each run at the last update()
  uint64_t history_b_ = UINT64_MAX;
};

}  // namespace cmwq::web
