#pragma once
/// @file
/// @brief Scenarios: a machine, workqueues, works and timed actions, as a student
/// writes them in a TOML file, checked and ready to build a World from.
///
/// The file format is documented in docs/scenario-format.md. Parsing never throws:
/// a bad file gives a ScenarioError naming the file, line and column and saying
/// what was expected. Actions and program operations are read by the action language's
/// parser (core/scenario/action.h), which typed commands share.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/kernel/program.h"
#include "core/run_budget.h"
#include "core/scenario/action.h"
#include "core/world.h"

namespace cmwq {

/// A [[workqueue]] entry.
struct WorkqueueSpec {
  std::string name;     ///< Workqueue name.
  uint32_t flags = 0;   ///< WQ_* flags.
  int max_active = 0;   ///< 0 = WQ_DFL_ACTIVE.
  bool ordered = false; ///< alloc_ordered_workqueue().
  SourcePos pos;        ///< Where it is declared.
};

/// A [[work]] entry.
struct WorkSpec {
  std::string name;      ///< Work item name.
  std::string function;  ///< Function name shown in traces (default: "<name>_fn").
  std::vector<OpSpec> program;  ///< Its operations.
  bool delayed = false;  ///< A delayed_work (has a timer).
  SourcePos pos;         ///< Where it is declared.
};

/// A whole scenario.
struct Scenario {
  std::string file;         ///< File name it was read from.
  std::string title;        ///< One line for menus.
  std::string description;  ///< What it shows, in a few sentences.
  MachineConfig machine;    ///< [machine] and [params].
  std::vector<WorkqueueSpec> workqueues;  ///< [[workqueue]] entries.
  std::vector<WorkSpec> works;            ///< [[work]] entries.
  std::vector<ActionSpec> actions;        ///< [[at]] actions, in file order.
  std::string reclaim_wq;    ///< [memory] reclaim_workqueue
  std::string reclaim_work;  ///< [memory] reclaim_work
  std::string rcu_wq;        ///< [rcu] workqueue ("" = system_wq)
  std::vector<OpSpec> rcu_program;  ///< [rcu] program, run before the grace period completes
  Nanos until = 100 * NSEC_PER_MSEC;  ///< [run] until
  RunBudget budget;                   ///< [run] max_events and max_memory_mib
};

/// The result of parsing: a scenario or an error.
struct ScenarioParse {
  std::optional<Scenario> scenario;    ///< Set when the text is valid.
  std::optional<ScenarioError> error;  ///< Set when it is not.
  /// True if a scenario came out.
  bool ok() const { return scenario.has_value(); }
};

/// What a caller may impose on a scenario file.
struct ScenarioOptions {
  /// The kernel generation to follow instead of the file's `[machine] kernel`
  /// (`cmwq run --kernel`, the web app's selector).
  std::optional<KernelGeneration> kernel;
  /// Texts of at least this many bytes are read a few thousand tables at a time, in
  /// memory bounded by the chunk, not the file (core/scenario/toml_chunks.h); smaller
  /// ones as one toml++ table. Either way gives the same scenario or the same error.
  size_t chunk_min_bytes = size_t{1} << 20;
  /// [[work]] and [[at]] tables in each chunk of a chunked read.
  size_t chunk_tables = 4096;
};

/// Parses and checks scenario text. @p file names it in error messages.
ScenarioParse parse_scenario(std::string_view text, const std::string& file, const ScenarioOptions& options = {});

/// A booted world built from a scenario, and the ids its names resolved to.
struct ScenarioWorld {
  World world;                                ///< The booted machine.
  std::map<std::string, int32_t> workqueues;  ///< Workqueue ids by name (system ones included).
  std::map<std::string, int32_t> works;       ///< Work ids by name.
  std::map<std::string, int32_t> completions; ///< Completion ids by name.
  std::map<std::string, int32_t> mutexes;     ///< Mutex ids by name.
};

/// Boots the scenario's machine, creates its workqueues and works and schedules its
/// actions. The scenario must have parsed without error.
ScenarioWorld build_world(const Scenario& s);

}  // namespace cmwq
