// `cmwq run`: run a scenario and print its trace in one of the export formats.
#include <CLI/CLI.hpp>
#include <memory>

#include "core/cli/commands.h"
#include "core/cli/common.h"
#include "core/cli/progress.h"
#include "core/simulation.h"

namespace cmwq::cli {
namespace {

struct RunOptions {
  std::string file;
  std::string kernel;
  std::string until;
  std::string format = "table";
  std::string output;
};

int run(const RunOptions& o) {
  std::optional<Scenario> s = load_scenario(o.file, o.kernel);
  if (!s) return kExitBadInput;
  Nanos until = s->until;
  if (!o.until.empty()) {
    const std::optional<Nanos> d = duration_option("--until", o.until);
    if (!d) return kExitBadInput;
    until = *d;
  }
  const RunBudget budget = s->budget;
  ScenarioWorld world = build_world(*s);
  s.reset();  // the world holds all it needs: a million works' specs are some 0.7 GB
  Simulation sim(std::move(world), until, budget, History::None);  // forward only
  run_with_progress(sim, until);
  return budget_status(sim, o.file, write_run(sim.world(), sim.events(), until, o.format, o.output));
}

}  // namespace

Action add_run(CLI::App& app) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* sub = app.add_subcommand("run", "Run a scenario and print its trace");
  sub->add_option("FILE", o->file, "Scenario file (TOML, see docs/scenario-format.md)")->required();
  add_kernel_option(*sub, o->kernel);
  sub->add_option("--until", o->until, "Stop at this time instead of the scenario's [run] until, e.g. 50ms");
  sub->add_option("-f,--format", o->format, kRunFormatHelp)->check(CLI::IsMember(run_formats()))->capture_default_str();
  sub->add_option("-o,--output", o->output, "Write to this file instead of standard output");
  sub->footer(
      "Examples:\n"
      "  cmwq run scenarios/doc-max-active-3.toml\n"
      "  cmwq run scenarios/starvation-rescuer.toml --format perfetto -o trace.json\n"
      "  cmwq run scenarios/starvation-no-reclaim.toml --until 100ms --format ftrace\n"
      "  cmwq run scenarios/starvation-rescuer.toml --kernel 6.12.0\n"
      "A run that reaches its budget ([run] max_events, max_memory_mib) stops there: the output\n"
      "covers what ran, a sentence on standard error names the limit, and the exit status is 3.");
  return [sub, o]() { return sub->parsed() ? run(*o) : -1; };
}

}  // namespace cmwq::cli
