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
  int line = 0;    ///< 1-based line.
  int column = 0;  ///< 1-based column.
};

/// What is wrong with a scenario, and where.
struct ScenarioError {
  std::string file;     ///< File name as given to parse_scenario().
  SourcePos pos;        ///< Where the mistake is.
  std::string message;  ///< What is wrong and what was expected.
  /// "file:line:column: error: message", the form compilers use.
  std::string format() const;
};

/// One operation of a work program, with names still unresolved.
struct OpSpec {
  OpCode code = OpCode::Burn;  ///< The operation.
  Nanos ns = 0;                ///< Duration (burn, sleep, delay).
  int64_t count = 0;           ///< Pages.
  Gfp gfp = Gfp::KERNEL;       ///< Allocation flags.
  std::string wq;      ///< Workqueue name (queue_work, flush_workqueue).
  std::string target;  ///< Work, completion or mutex name.
  int cpu = -1;        ///< cpu=N, or -1.
  std::string text;    ///< As written.
  SourcePos pos;       ///< Where it is written.
};

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

/// One action of an [[at]] entry.
struct ActionSpec {
  Nanos time = 0;                     ///< When it runs.
  ScriptOp op = ScriptOp::QueueWork;  ///< What it does.
  std::string wq;                     ///< Workqueue name, if any.
  std::string target;  ///< Work or completion name.
  int cpu = -1;        ///< Target CPU (cpu=N), or -1.
  int from_cpu = 0;    ///< CPU it runs on (from=N).
  int64_t count = 0;   ///< Pages or max_active.
  Nanos delay = 0;     ///< Delay of queue_delayed_work.
  std::string text;    ///< As written.
  SourcePos pos;       ///< Where it is written.
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
};

/// The result of parsing: a scenario or an error.
struct ScenarioParse {
  std::optional<Scenario> scenario;    ///< Set when the text is valid.
  std::optional<ScenarioError> error;  ///< Set when it is not.
  /// True if a scenario came out.
  bool ok() const { return scenario.has_value(); }
};

/// Parses and checks scenario text. @p file names it in error messages.
ScenarioParse parse_scenario(std::string_view text, const std::string& file);

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

/// One program operation with its names (workqueue, work, completion, mutex) turned into
/// the ids @p names holds. Returns nullopt and sets @p missing to the first name @p names
/// lacks; creates nothing.
std::optional<Op> resolve_op(const ScenarioWorld& names, const OpSpec& s, std::string& missing);

/// Names of the system workqueues every world has (workqueue_init_early()).
const std::vector<std::string>& system_workqueue_names();

/// The longest duration a scenario may write: 1 000 000 s (11.6 days). Bounding it keeps
/// times and timer expiries (now + delay, in ns and in jiffies) far from overflowing.
constexpr Nanos kMaxDuration = 1'000'000 * NSEC_PER_SEC;

/// Parses a duration such as "5ms", "1.5s", "250us" or "100ns"; nullopt if malformed or
/// longer than kMaxDuration.
std::optional<Nanos> parse_duration(std::string_view text);

}  // namespace cmwq
