#pragma once
/// @file
/// @brief Scenarios: a machine, workqueues, works and timed actions, as a student
/// writes them in a TOML file, checked and ready to build a World from.
///
/// The file format is documented in docs/scenario-format.md. Parsing never throws:
/// a bad file gives a ScenarioError naming the file, line and column and saying
/// what was expected.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/kernel/program.h"
#include "core/world.h"

namespace cmwq {

/// A 1-based line and column in a scenario file.
struct SourcePos {
  int line = 0;
  int column = 0;
};

/// What is wrong with a scenario, and where.
struct ScenarioError {
  std::string file;
  SourcePos pos;
  std::string message;
  /// "file:line:column: error: message", the form compilers use.
  std::string format() const;
};

/// One operation of a work program, with names still unresolved.
struct OpSpec {
  OpCode code = OpCode::Burn;
  Nanos ns = 0;
  int64_t count = 0;
  Gfp gfp = Gfp::KERNEL;
  std::string wq;      ///< Workqueue name (queue_work, flush_workqueue).
  std::string target;  ///< Work, completion or mutex name.
  int cpu = -1;
  std::string text;    ///< As written.
  SourcePos pos;
};

/// A [[workqueue]] entry.
struct WorkqueueSpec {
  std::string name;
  uint32_t flags = 0;
  int max_active = 0;
  bool ordered = false;
  SourcePos pos;
};

/// A [[work]] entry.
struct WorkSpec {
  std::string name;
  std::string function;  ///< Function name shown in traces (default: "<name>_fn").
  std::vector<OpSpec> program;
  bool delayed = false;  ///< A delayed_work (has a timer).
  SourcePos pos;
};

/// One action of an [[at]] entry.
struct ActionSpec {
  Nanos time = 0;
  ScriptOp op = ScriptOp::QueueWork;
  std::string wq;
  std::string target;  ///< Work or completion name.
  int cpu = -1;
  int from_cpu = 0;
  int64_t count = 0;
  Nanos delay = 0;
  std::string text;
  SourcePos pos;
};

/// A whole scenario.
struct Scenario {
  std::string file;
  std::string title;
  std::string description;
  MachineConfig machine;
  std::vector<WorkqueueSpec> workqueues;
  std::vector<WorkSpec> works;
  std::vector<ActionSpec> actions;
  std::string reclaim_wq;    ///< [memory] reclaim_workqueue
  std::string reclaim_work;  ///< [memory] reclaim_work
  std::string rcu_wq;        ///< [rcu] workqueue ("" = system_wq)
  std::vector<OpSpec> rcu_program;  ///< [rcu] program, run before the grace period completes
  Nanos until = 100 * NSEC_PER_MSEC;  ///< [run] until
};

/// The result of parsing: a scenario or an error.
struct ScenarioParse {
  std::optional<Scenario> scenario;
  std::optional<ScenarioError> error;
  bool ok() const { return scenario.has_value(); }
};

/// Parses and checks scenario text. @p file names it in error messages.
ScenarioParse parse_scenario(std::string_view text, const std::string& file);

/// A booted world built from a scenario, and the ids its names resolved to.
struct ScenarioWorld {
  World world;
  std::map<std::string, int32_t> workqueues;
  std::map<std::string, int32_t> works;
  std::map<std::string, int32_t> completions;
  std::map<std::string, int32_t> mutexes;
};

/// Boots the scenario's machine, creates its workqueues and works and schedules its
/// actions. The scenario must have parsed without error.
ScenarioWorld build_world(const Scenario& s);

/// Names of the system workqueues every world has (workqueue_init_early()).
const std::vector<std::string>& system_workqueue_names();

/// Parses a duration such as "5ms", "1.5s", "250us" or "100ns"; nullopt if malformed.
std::optional<Nanos> parse_duration(std::string_view text);

}  // namespace cmwq
