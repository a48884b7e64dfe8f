#pragma once
// The benchmarks of tests/bench (see docs/performance.md): each figure is measured in
// the same run as our bare event loop, the anchor, and given as a ratio to it, so a
// figure taken on a busy or a slow machine still says how the model compares.

#include <cstdint>
#include <string>
#include <vector>

#include "core/kernel/time.h"
#include "core/scenario/scenario.h"

namespace cmwq::bench {

/// The process's CPU time in seconds (natively; wall time in wasm, which has no other):
/// the machine the figures come from is shared, and time spent waiting for a CPU is
/// not the model's.
double cpu_seconds();

/// One row of the results table.
struct Figure {
  std::string name;   ///< What was measured, with its size ("core, 64 CPUs x 10k works").
  double value = 0;   ///< In `unit`.
  std::string unit;   ///< "events/s", "us", "B/event", "MB/s", ...
  double ratio = 0;   ///< Against the bare loop (see `ratio_unit`).
  std::string ratio_unit;  ///< "x bare" (a rate over the bare loop's) or "bare events" (a time in bare-loop events).
  std::string note;   ///< Anything the figure needs said (a budget stop, an event count).
};

/// The figures of one run, with the anchor they are measured against.
struct Report {
  double bare_ns_per_event = 0;  ///< The bare loop's cost of one event in this run.
  std::vector<Figure> figures;
  /// A rate of events (or events' worth of work) per second, as a ratio of the bare loop's rate.
  void rate(const std::string& name, double per_second, const std::string& unit, const std::string& note = "");
  /// A time, given in @p unit_ns units ("us" for 1e3), and as the bare-loop events that fit in it.
  void time(const std::string& name, double seconds, const std::string& unit, double unit_ns,
            const std::string& note = "");
  /// Any other figure, with a ratio the caller computed.
  void other(Figure f) { figures.push_back(std::move(f)); }
};

/// Sizes of a benchmark run (the command line's options).
struct Sizes {
  std::vector<int> works = {1000, 10000, 100000};               ///< Works of the generated scenarios.
  std::vector<uint64_t> history_events = {1000000, 10000000};   ///< Events of the history runs.
  uint64_t export_events = 1000000;                              ///< Events of the run the exports format.
  uint64_t bare_events = 20000000;                               ///< Events of each bare-loop measurement.
};

/// Our bare event loop, the anchor: a binary heap of (time, seq) pending events, each
/// popped event pushing one successor a pseudo-random time later, doing nothing else.
/// Returns nanoseconds per event over @p events events.
double bare_loop_ns_per_event(uint64_t events);

/// The generated scenario of the core and parse benchmarks: @p cpus CPUs and @p works
/// works, each burning 50 us and sleeping 200 us, queued one by one over the first
/// second (every eighth to an unbound workqueue, the rest to a bound one on CPU i % cpus).
std::string burn_sleep_scenario(int cpus, int works);

/// The generated scenario of the history and export benchmarks: @p cpus works, one per
/// CPU, each burning 50 us, sleeping 200 us and queueing itself again, for @p until: it
/// makes about four million events per simulated second on 64 CPUs, for as long as asked.
std::string requeue_loop_scenario(int cpus, Nanos until);

/// Parses a generated scenario; a generator that writes a bad file ends the benchmark
/// (exit status 2, the parse error on stderr).
Scenario must_parse(const std::string& text);

/// "1k", "10k", "1M": a size for the figures' names.
std::string size_text(uint64_t n);

/// "12.3 MB": a size in megabytes (10^6 bytes).
std::string mb_text(uint64_t bytes);

/// Core events/s and actions/s (the world stepped bare), then the same run through
/// Simulation (the log and the step-back history): one pair of rows per size.
void core_figures(Report& r, const Sizes& s);
/// Scenario parse time per work: parse_scenario() against toml::parse() alone, same text.
void parse_figures(Report& r, const Sizes& s);
/// History bytes per event and step-back time, with a check that a step back gives the
/// world a fresh run reaches. Returns false if that check failed.
bool history_figures(Report& r, const Sizes& s);
/// Export speed of format_json, format_perfetto and format_table on one run.
void export_figures(Report& r, const Sizes& s);

}  // namespace cmwq::bench
