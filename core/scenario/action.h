#pragma once
/// @file
/// @brief The action language: one line such as `queue_work q0 w0 cpu=1` or
/// `queue q0 count=3 name=blk: alloc 16 GFP_KERNEL; burn 1ms`, and the operations of
/// work programs (`burn 5ms`).
///
/// This is the one parser of those lines, whether a line comes from a scenario file's
/// `[[at]] do = [...]` or `program = [...]`, from the Queue work panel, from
/// `window.cmwq.command()` or from a link's replayed commands. It checks every name
/// through an ActionNames (the file's declarations, or a running world) and reports a
/// mistake as a ScenarioError at the line and column at fault. docs/scenario-format.md
/// lists every action and operation.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/kernel/program.h"
#include "core/scenario/names.h"
#include "core/world.h"

namespace cmwq {

/// A 1-based line and column in a scenario file (or in a typed command: line 1).
struct SourcePos {
  int line = 0;    ///< 1-based line.
  int column = 0;  ///< 1-based column.
};

/// What is wrong with a scenario or an action line, and where.
struct ScenarioError {
  std::string file;     ///< File name as given to parse_scenario(); "" for a typed command.
  SourcePos pos;        ///< Where the mistake is.
  std::string message;  ///< What is wrong and what was expected.
  /// "file:line:column: error: message", the form compilers use ("line:column: error:
  /// message" without a file).
  std::string format() const;
};

/// One operation of a work program, with names checked but not yet turned into ids.
struct OpSpec {
  OpCode code = OpCode::Burn;  ///< The operation.
  Nanos ns = 0;                ///< Duration (burn, sleep, delay).
  int64_t count = 0;           ///< Pages.
  Gfp gfp = Gfp::KERNEL;       ///< Allocation flags.
  std::string wq;              ///< Workqueue name (queue_work, flush_workqueue).
  std::string target;          ///< Work, completion or mutex name.
  int cpu = -1;                ///< cpu=N, or -1 (cpu=any, WORK_CPU_UNBOUND).
  std::string text;            ///< As written.
  SourcePos pos;               ///< Where it is written.
};

/// One action, with names checked but not yet turned into ids.
struct ActionSpec {
  Nanos time = 0;                     ///< When it runs (a file's [[at]] time).
  ScriptOp op = ScriptOp::QueueWork;  ///< What it does.
  std::string wq;                     ///< Workqueue name, if any.
  std::string target;                 ///< Work or completion name.
  int cpu = -1;                 ///< queue_work_on()'s CPU (cpu=N; -1 for cpu=any), or the CPU of cpu_offline/online.
  int from_cpu = 0;             ///< CPU the action runs on (from=N).
  int64_t count = 0;            ///< Pages (hog, release), max_active, or how many works `queue` makes.
  Nanos delay = 0;              ///< Delay of queue_delayed_work, or how long `rt_busy` loops.
  std::string name;             ///< `queue`: the new works are named this and their id (blk12).
  std::vector<OpSpec> program;  ///< `queue`: the new works' program.
  std::string text;             ///< As written.
  SourcePos pos;                ///< Where it is written.
};

/// An action line parsed: the action, or the first mistake in it.
struct ActionParse {
  std::optional<ActionSpec> action;    ///< Set when the line is valid.
  std::optional<ScenarioError> error;  ///< Set when it is not (its file is left "").
};

/// A program operation parsed: the operation, or the mistake in it.
struct OpParse {
  std::optional<OpSpec> op;            ///< Set when the text is valid.
  std::optional<ScenarioError> error;  ///< Set when it is not (its file is left "").
};

/// Parses one action line. @p start is where the line's first character is (for a TOML
/// string, just after its opening quote); errors point at the token at fault.
ActionParse parse_action(std::string_view line, SourcePos start, const ActionNames& names);
/// Parses one program operation (`burn 5ms`); @p start as for parse_action().
OpParse parse_op(std::string_view text, SourcePos start, const ActionNames& names);

/// What an operation's `target` names (a work, completion or mutex), if it has one.
std::optional<NameKind> target_kind(OpCode code);
/// What an action's `target` names (a work or completion), if it has one.
std::optional<NameKind> target_kind(ScriptOp op);

/// The operation with its names turned into ids through @p names, which must know them
/// (parse_op() checked them against the same names, or build_world() made them).
Op resolve_op(const OpSpec& s, const ActionNames& names);
/// The action with its names turned into ids through @p names, ready for
/// add_scripted_action() (its time is the spec's).
ScriptedAction resolve_action(const ActionSpec& a, const ActionNames& names);

/// The longest duration a scenario may write: 1 000 000 s (11.6 days). Bounding it keeps
/// times and timer expiries (now + delay, in ns and in jiffies) far from overflowing.
constexpr Nanos kMaxDuration = 1'000'000 * NSEC_PER_SEC;

/// A word of a line (an action, an operation, a change) and the column it starts at.
struct Token {
  std::string_view text;  ///< The word.
  int column = 0;         ///< 1-based column of its first character.
};

/// The words of @p s, split at spaces and tabs; @p first_column is the column of s[0].
std::vector<Token> tokenize(std::string_view s, int first_column);

/// Parses a duration such as "5ms", "1.5s", "250us" or "100ns"; nullopt if malformed or
/// longer than kMaxDuration.
std::optional<Nanos> parse_duration(std::string_view text);

}  // namespace cmwq
