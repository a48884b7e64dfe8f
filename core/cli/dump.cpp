// `cmwq dump`: the workqueue state at a time, in the shape of tools/workqueue/wq_dump.py.
#include <CLI/CLI.hpp>
#include <memory>

#include "core/cli/commands.h"
#include "core/cli/common.h"
#include "core/cli/progress.h"
#include "core/simulation.h"
#include "core/trace/format.h"

namespace cmwq::cli {
namespace {

struct DumpOptions {
  std::string file;
  std::string kernel;
  std::string at;
  std::string output;
};

int dump(const DumpOptions& o) {
  std::optional<Scenario> s = load_scenario(o.file, o.kernel);
  if (!s) return kExitBadInput;
  std::optional<Nanos> at = s->until;  // default: the scenario's [run] until
  if (!o.at.empty()) at = duration_option("--at", o.at);
  if (!at) return kExitBadInput;
  Simulation sim(build_world(*s), *at, s->budget, History::None);  // forward only
  run_with_progress(sim, *at);
  return budget_status(sim, o.file, write_output(format_dump(sim.world()), o.output));
}

}  // namespace

Action add_dump(CLI::App& app) {
  auto o = std::make_shared<DumpOptions>();
  CLI::App* sub = app.add_subcommand("dump", "Show pools, workqueues and workers at a time, as wq_dump.py does");
  sub->add_option("FILE", o->file, "Scenario file (TOML, see docs/scenario-format.md)")->required();
  add_kernel_option(*sub, o->kernel);
  sub->add_option("--at", o->at, "Run the scenario up to this time first, e.g. 12ms (default: its [run] until)");
  sub->add_option("-o,--output", o->output, "Write to this file instead of standard output");
  sub->footer(
      "The output has wq_dump.py's sections (Affinity Scopes, Worker Pools, Workqueue CPU -> pool,\n"
      "Workqueue -> rescuer, Unbound workqueue -> node_nr/max_active), then what the kernel's\n"
      "show_all_workqueues() would print at that time.\n\n"
      "Example:\n"
      "  cmwq dump scenarios/doc-max-active-2.toml --at 12ms");
  return [sub, o]() { return sub->parsed() ? dump(*o) : -1; };
}

}  // namespace cmwq::cli
