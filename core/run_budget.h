#pragma once
/// @file
/// @brief The run budget: the one limit on how much a run may hold, for every front end.
///
/// A scenario can loop forever (a work that requeues itself, a watchdog that keeps
/// firing) and a big one can outgrow the machine. Simulation stops a run that reaches
/// either limit of its RunBudget, keeps everything that ran (the log, the history, step
/// back) and says which limit it reached; the command line and the web app print that
/// sentence. The memory limit counts a nominal footprint (fixed bytes per table entry,
/// the 64-bit sizes), not the allocator's figures, so a run stops at the same event
/// natively and in wasm: the stop is part of the deterministic run.

#include <cstdint>
#include <string>

#include "core/kernel/time.h"

namespace cmwq {

struct World;

/// The limits of one run: `[run] max_events` and `[run] max_memory_mib`.
struct RunBudget {
  /// Events in the log. The default admits a run of a billion events, ten times the
  /// largest run the project measures; the memory limit usually comes first.
  uint64_t max_events = 1'000'000'000;
  /// Nominal MiB the log, the history's snapshots and the world may hold together. The
  /// default leaves room in the browser's 2 GiB wasm heap for the app around them.
  uint64_t max_memory_mib = 1536;
  /// Nominal bytes a front end keeps per event beside the log (the web app's Timeline:
  /// web/model/session.h), counted with the log against max_memory_mib so the page stops
  /// before its heap would run out. 0 for the command line. Not a scenario key. The web
  /// app starts a run with a cautious figure and replaces it by what its models measure
  /// (Simulation::set_viewer_bytes_per_event()).
  uint64_t viewer_bytes_per_event = 0;
};

/// Which limit stopped a run.
enum class BudgetLimit : uint8_t {
  Events,  ///< RunBudget::max_events.
  Memory,  ///< RunBudget::max_memory_mib.
};

/// Where and why a run stopped before its end.
struct BudgetStop {
  BudgetLimit limit = BudgetLimit::Events;  ///< The limit it reached.
  uint64_t limit_value = 0;                 ///< That limit's value (events, or MiB).
  uint64_t events = 0;                      ///< Events in the log when it stopped.
  Nanos time = 0;                           ///< Virtual time when it stopped.
  /// One sentence for the user: what stopped, where, which key raises the limit.
  std::string message() const;
};

/// The nominal footprint of a world in bytes: each table's entries times a fixed size
/// (the 64-bit sizeof, rounded up; tests check it is never below the real one), plus
/// a fixed cost for the world itself. The same figure on every platform.
uint64_t world_footprint(const World& w);

}  // namespace cmwq
