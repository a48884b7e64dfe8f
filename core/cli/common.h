#pragma once
// Shared pieces of the `cmwq` subcommands: loading a scenario, parsing durations,
// writing the output. Exit statuses: 0 success, 1 output could not be written,
// 2 bad input (a bad scenario, an unreadable file, a bad option), 3 the run stopped at
// its budget ([run] max_events or max_memory_mib) and the output covers what ran.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/scenario/scenario.h"
#include "core/simulation.h"
#include "core/trace/event_log.h"
#include "core/trace/format.h"

namespace CLI {
class App;
}

namespace cmwq::cli {

constexpr int kExitOk = 0;
constexpr int kExitOutput = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitBudget = 3;

/// Reads a whole input file. On failure (missing, unreadable, a directory) prints one
/// line to stderr, "PATH: error: cannot read: REASON", and returns nullopt.
std::optional<std::string> read_input(const std::string& path);

/// Adds `--kernel VERSION` (one of kernel_versions()) to a subcommand, stored in @p out.
void add_kernel_option(CLI::App& sub, std::string& out);

/// Reads and checks a scenario file. On failure prints one line to stderr
/// ("file:line:column: error: ..." or "file: error: cannot read: ...") and returns nullopt.
/// @p kernel, when not empty, is a `--kernel` value that overrides the file's `[machine] kernel`.
std::optional<Scenario> load_scenario(const std::string& path, const std::string& kernel = "");

/// Parses a duration option ("50ms", "1.5s"); on failure prints one line naming the
/// option and returns nullopt.
std::optional<Nanos> duration_option(const std::string& option, const std::string& text);

/// After writing a run's output: if @p sim stopped at its budget, prints the stop's
/// sentence to stderr ("cmwq: FILE: ...") and returns kExitBudget, else @p status.
int budget_status(const Simulation& sim, const std::string& file, int status);

/// The output formats of `cmwq run` and `cmwq import`, for CLI::IsMember.
const std::vector<std::string>& run_formats();
/// The help text of their --format option.
extern const char* const kRunFormatHelp;

/// Writes what @p write gives its sink, piece by piece, to @p path, or to stdout if @p path
/// is empty or "-". Returns an exit status (kExitOutput, with one line on stderr, on failure).
int write_output_stream(const std::string& path, const std::function<void(const TextSink&)>& write);

/// A run (its world, its events, the time it stopped at) in format @p format, one of
/// run_formats(), written to @p path as write_output() does; json, ftrace and perfetto
/// are streamed (memory independent of the run's length).
int write_run(const World& w, const EventLog& events, Nanos end, const std::string& format,
              const std::string& path);

/// Writes @p text to @p path, or to stdout if @p path is empty or "-". Returns an exit status.
int write_output(const std::string& text, const std::string& path);

}  // namespace cmwq::cli
