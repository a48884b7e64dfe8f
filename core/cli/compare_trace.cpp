// `cmwq compare-trace`: a scenario run by the model beside a real kernel's trace of the
// same scenario (replayed by tests/kernel/module/cmwq_replay.c), row by row.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>

#include "core/cli/commands.h"
#include "core/cli/common.h"
#include "core/simulation.h"
#include "core/trace/import.h"
#include "core/trace/trace_compare.h"

namespace cmwq::cli {
namespace {

constexpr int kExitDiffers = 3;

struct CompareOptions {
  std::string scenario;
  std::string trace;
  std::string section;
  std::string against;
  int hz = 0;
  std::string fork_cost;
  std::string sched = "fifo";
  std::string mode;
  std::string tolerance = "100us";
  std::string known;
  std::string summary;
  std::string output;
};

// A known difference: `| scenario | mode | row | why |` in a markdown table.
struct Known {
  std::string scenario, mode, row, why;
};

std::string cell(const std::string& s) {
  const size_t a = s.find_first_not_of(' '), b = s.find_last_not_of(' ');
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::vector<Known> read_known(const std::string& text) {
  std::vector<Known> out;
  size_t start = 0;
  while (start < text.size()) {
    const size_t nl = std::min(text.find('\n', start), text.size());
    const std::string line = text.substr(start, nl - start);
    start = nl + 1;
    if (line.empty() || line[0] != '|') continue;
    std::vector<std::string> cells;
    for (size_t p = 1; p < line.size();) {
      const size_t bar = std::min(line.find('|', p), line.size());
      cells.push_back(cell(line.substr(p, bar - p)));
      p = bar + 1;
    }
    if (cells.size() >= 4 && cells[0] != "scenario" && cells[0].find("---") == std::string::npos)
      out.push_back(Known{cells[0], cells[1], cells[2], cells[3]});
  }
  return out;
}

const Known* known_for(const std::vector<Known>& known, const std::string& scenario, const std::string& mode,
                       const std::string& row) {
  for (const Known& k : known)
    if (k.scenario == scenario && k.mode == mode && k.row == row) return &k;
  return nullptr;
}

// The model's facts: the scenario run under the scheduler asked for, from its first action on.
RunFacts model_facts(const Scenario& s, const std::vector<std::string>& works) {
  const Nanos end = s.until + kRunMargin;
  Simulation sim(build_world(s), end, s.budget, History::None);  // forward only
  sim.run_until(end);
  size_t first = 0;
  while (first < sim.events().size() && sim.events()[first].type != EventType::Scripted) ++first;
  return run_facts(sim.world(), sim.events(), first, works, end);
}

// Known differences of this scenario and mode whose row matched (or is gone): stale entries
// that would hide a future difference, so the caller names them.
std::vector<std::string> stale_known(const std::vector<Known>& known, const std::string& scenario,
                                     const std::string& mode, const Comparison& c) {
  std::vector<std::string> out;
  for (const Known& k : known) {
    if (k.scenario != scenario || k.mode != mode) continue;
    const auto row = std::find_if(c.rows.begin(), c.rows.end(), [&](const CompareRow& r) { return r.name == k.row; });
    if (row == c.rows.end() || row->match) out.push_back(k.row);
  }
  return out;
}

struct Report {
  std::string text;
  std::string verdict;
  bool failed = false;
};

Report report(const CompareOptions& o, const std::string& name, const Comparison& c, size_t events, Nanos tol,
              const std::vector<Known>& known) {
  Report r;
  std::string rows;
  bool unknown = false, any = false;
  for (const CompareRow& row : c.rows) {
    std::string verdict = row.match ? "match" : "differs";
    if (!row.match) {
      any = true;
      const Known* k = known_for(known, name, o.mode, row.name);
      if (k) verdict += " (known: " + k->why + ")";
      else unknown = true;
      if (!row.why.empty()) verdict += (k ? "; " : " (") + row.why + (k ? "" : ")");
    }
    rows += "| " + row.name + " | " + row.kernel + " | " + row.model + " | " + format_ms(row.largest) + " | " + verdict +
            " |\n";
  }
  r.verdict = !any ? "match" : unknown ? "differs" : "differs (known)";
  r.failed = unknown;
  r.text = "### " + name + ", " + o.mode + "\n\n" + std::to_string(events) + " events in the kernel's trace; tolerance " +
           format_ms(tol) + " ms; largest difference " + format_ms(c.largest) + " ms: " + r.verdict +
           "\n\n| row | kernel (ms) | " + (o.against.empty() ? "model" : "kernel, other boot") +
           " (ms) | largest difference (ms) | verdict |\n|---|---|---|---|---|\n" + rows;
  return r;
}

// The facts of a trace (one section of it, when asked) of scenario @p s.
std::optional<ImportedTrace> read_trace(const std::string& path, const Scenario& s, const std::string& section) {
  const std::optional<std::string> text = read_input(path);
  if (!text) return std::nullopt;
  ImportOptions io;
  io.hz = s.machine.hz;
  io.section = section;
  TraceImport im = import_ftrace(*text, path, io);
  if (im.error) {
    std::cerr << im.error->format() << "\n";
    return std::nullopt;
  }
  return std::move(*im.trace);
}

int compare(const CompareOptions& o) {
  std::optional<Scenario> s = load_scenario(o.scenario);
  const std::optional<Nanos> tol = duration_option("--tolerance", o.tolerance);
  if (!s || !tol) return kExitBadInput;
  if (o.hz > 0) s->machine.hz = o.hz;
  if (!o.fork_cost.empty()) {
    const std::optional<Nanos> cost = duration_option("--fork-cost", o.fork_cost);
    if (!cost) return kExitBadInput;
    s->machine.fork_cost = *cost;
  }
  std::vector<Known> known;
  if (!o.known.empty()) {
    const std::optional<std::string> k = read_input(o.known);
    if (!k) return kExitBadInput;
    known = read_known(*k);
  }
  s->machine.sched = o.sched == "preempt" ? SchedModel::Preempt : SchedModel::Fifo;
  const std::optional<ImportedTrace> t = read_trace(o.trace, *s, o.section);
  if (!t) return kExitBadInput;
  std::vector<std::string> works;
  for (const WorkSpec& w : s->works) works.push_back(w.name);
  const RunFacts kernel = run_facts(t->world, t->events, 0, works, s->until + kRunMargin);
  RunFacts other;
  if (!o.against.empty()) {
    const std::optional<ImportedTrace> t2 = read_trace(o.against, *s, o.section);
    if (!t2) return kExitBadInput;
    other = run_facts(t2->world, t2->events, 0, works, s->until + kRunMargin);
  } else {
    other = model_facts(*s, works);
  }
  const Comparison c = compare_facts(kernel, other, *tol, s->until);
  const std::string name = t->scenario.empty() ? o.section : t->scenario;
  const Report r = report(o, name, c, t->events.size(), *tol, known);
  for (const std::string& row : stale_known(known, name, o.mode, c))
    std::cerr << "cmwq compare-trace: " << name << ", " << o.mode << ": the known difference of row `" << row
              << "` is not one (the row matches); remove it from " << o.known << "\n";
  if (!o.summary.empty()) {
    std::ofstream sum(o.summary, std::ios::app);
    sum << "| " << name << " | " << o.mode << " | " << t->events.size() << " | " << format_ms(c.largest) << " ms | "
        << r.verdict << " |\n";
  }
  const int status = write_output(r.text, o.output);
  return status != kExitOk ? status : r.failed ? kExitDiffers : kExitOk;
}

}  // namespace

Action add_compare_trace(CLI::App& app) {
  auto o = std::make_shared<CompareOptions>();
  CLI::App* sub = app.add_subcommand("compare-trace", "Compare a real kernel's trace of a scenario with the model's run");
  sub->add_option("SCENARIO", o->scenario, "The scenario file the kernel replayed")->required();
  sub->add_option("TRACE", o->trace, "Its ftrace text (a section of scripts/kernel-check's dump, or one run)")->required();
  sub->add_option("--section", o->section, "The `=== cmwq-trace NAME` section of TRACE to read");
  sub->add_option("--against", o->against, "Compare with this other trace of the scenario (another boot) "
                                            "instead of the model: the spread between boots");
  sub->add_option("--hz", o->hz, "The kernel's HZ: the model runs with it instead of the scenario's")
      ->check(CLI::IsMember({100, 250, 300, 1000}));
  sub->add_option("--fork-cost", o->fork_cost, "CPU time the model's kthreadd spends on a fork (MachineConfig::fork_cost)");
  sub->add_option("--sched", o->sched, "The model's scheduler: fifo for the kernel's voluntary preemption, "
                                       "preempt for preempt=full")
      ->check(CLI::IsMember({"fifo", "preempt"}))
      ->capture_default_str();
  sub->add_option("--mode", o->mode, "The kernel's preemption mode, as the report and the known differences name it");
  sub->add_option("--tolerance", o->tolerance, "Times this close match")->capture_default_str();
  sub->add_option("--known", o->known, "Known differences: a markdown table | scenario | mode | row | why |");
  sub->add_option("--summary", o->summary, "Append | scenario | mode | events | largest difference | verdict | here");
  sub->add_option("-o,--output", o->output, "Write the report to this file instead of standard output");
  sub->footer(
      "Per work item its start, each sleep and wake and its finish, and who ran it (worker or\n"
      "rescuer); per pool the mayday timer's starts and firings and the workers forked. A row\n"
      "matches when every time is within the tolerance. Exit status 3 when a row differs that\n"
      "--known does not list. scripts/kernel-check runs this for every scenario and mode.\n\n"
      "Example:\n"
      "  cmwq compare-trace tests/kernel/scenarios/mayday-kthreadd.toml \\\n"
      "      tests/kernel/fixtures/mayday-kthreadd-voluntary.trace --hz 250 --fork-cost 48us");
  return [sub, o]() { return sub->parsed() ? compare(*o) : -1; };
}

}  // namespace cmwq::cli
