// `cmwq export-ops`: a scenario as the op list the cmwq_replay kernel module replays.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "core/cli/commands.h"
#include "core/cli/common.h"
#include "core/scenario/export_ops.h"

namespace cmwq::cli {
namespace {

struct ExportOptions {
  std::string file;
  std::string name;
  std::string output;
};

// The file's stem: scenarios/doc-max-active-2.toml -> doc-max-active-2.
std::string stem(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  const size_t dot = base.rfind('.');
  return dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
}

int export_file(const ExportOptions& o) {
  std::optional<Scenario> s = load_scenario(o.file);
  if (!s) return kExitBadInput;
  const OpsExport ops = export_ops(*s, o.name.empty() ? stem(o.file) : o.name);
  if (ops.error) {
    std::cerr << ops.error->format() << "\n";
    return kExitBadInput;
  }
  return write_output(ops.text, o.output);
}

}  // namespace

Action add_export_ops(CLI::App& app) {
  auto o = std::make_shared<ExportOptions>();
  CLI::App* sub = app.add_subcommand("export-ops", "Write a scenario as the op list the cmwq_replay kernel module replays");
  sub->add_option("FILE", o->file, "Scenario file (TOML, see docs/scenario-format.md)")->required();
  sub->add_option("--name", o->name, "The scenario's name in the op list and the trace (default: the file's stem)");
  sub->add_option("-o,--output", o->output, "Write to this file instead of standard output");
  sub->footer(
      "The op list is read by tests/kernel/module/cmwq_replay.c, which scripts/kernel-check loads\n"
      "into Debian's 6.12.118 kernel under QEMU (docs/kernel-validation.md). A scenario using what\n"
      "the module cannot replay (memory, mutexes, RCU, hotplug, ...) is refused with its line.\n\n"
      "Example:\n"
      "  cmwq export-ops tests/kernel/scenarios/doc-max-active-2.toml");
  return [sub, o]() { return sub->parsed() ? export_file(*o) : -1; };
}

}  // namespace cmwq::cli
