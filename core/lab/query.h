#pragma once
/// @file
/// @brief A small query language over a finished run, for lab questions and goals.
///
/// Lab files never contain answers: they contain queries, and the answer is what the
/// model says when the scenario runs. Queries (one per line of a lab file):
///
///     time EVENT [filters]          first time EVENT happened, or never
///     count EVENT [filters]         how many times
///     value METRIC at=T [filters]   a counter at time T: workers, idle, running,
///                                   worklist (pool=...), free_pages, nr_active (wq=...)
///     first_started [filters]       name of the first user work to start
///     ran_on work=W                 "rescuer", "worker" or "never"
///
/// EVENT is one of mayday, mayday_timeout, rescuer_wake, rescue, worker_created,
/// worker_destroyed, create_failed, lockup, warn, start, end, queue, activate, sleep,
/// wake (back from a sleep), kick (kick_pool() woke a worker), alloc_blocked, reclaim,
/// cpu_hog, gp_start, gp_end, cursor_place and cursor_del (6.12.118's mayday cursor put on
/// or taken off a worklist, by the rescuer or by a worker that meets it). Filters: work=NAME (also rcu_gp_work, the kernel's
/// grace-period work), wq=NAME, pool=cpuN|cpuNH|unbound|ID, after=T, before=T
/// (inclusive; durations like 20ms).
///
/// A time, count or value query followed by a comparison (<=, >=, ==, <, >) and a
/// value is a yes/no query, usable as a challenge goal: `time start work=d3 <= 15ms`,
/// `value workers pool=cpu0 at=400s <= 6`; "never" compares as later than any time.
///
/// Challenge goals use the same filters:
///
///     completes WORK [before=T]      the work finished (by T)
///     no_lockup                      the watchdog never reported a lockup
///     no_warn                        no WARN fired
///     max_nr_active wq=Q <= N        nr_active of Q never went above N

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/scenario/scenario.h"
#include "core/trace/event_log.h"

namespace cmwq {

/// A finished run of a scenario: its names, final world and full event stream.
struct LabRun {
  ScenarioWorld sw;            ///< Names and the world at the end of the run.
  EventLog events;             ///< Every event of the run.
  std::optional<BudgetStop> stop;  ///< Set when the run stopped at its budget before [run] until.
};

/// Runs @p s to its [run] until (or to its budget, through Simulation as every front end).
LabRun run_scenario_for_lab(const Scenario& s);

/// The answer a query gives.
struct QueryValue {
  /// Which kind of value a query gave.
  enum class Kind : uint8_t { Time, Number, Name, Never, Bool };
  Kind kind = Kind::Never;  ///< Which of the fields below holds the answer.
  Nanos time = 0;           ///< For Time.
  int64_t number = 0;       ///< For Number (and Bool: 0 or 1).
  std::string name;         ///< For Name.
  /// The answer as a student would write it: "12ms", "3", "w1", "never", "yes"/"no".
  std::string text() const;
};

/// Evaluates @p query against @p run. On a malformed query, or one naming a work,
/// workqueue or pool the scenario does not have, returns nullopt and sets @p error.
std::optional<QueryValue> evaluate_query(const std::string& query, const LabRun& run, std::string& error);

/// Checks that @p query is well formed and that its names exist in @p s, without running.
bool check_query(const std::string& query, const Scenario& s, std::string& error);

}  // namespace cmwq
