// The `cmwq` command line: runs scenarios, exports traces, dumps and checks them.
// Each subcommand lives in its own file (run.cpp, dump.cpp, check.cpp, diff.cpp, lab.cpp).
#include <CLI/CLI.hpp>
#include <iostream>

#include "core/cli/commands.h"
#include "core/cli/common.h"
#include "core/version.h"

int main(int argc, char** argv) {
  using namespace cmwq::cli;
  CLI::App app("cmwq: run Linux CMWQ scenarios in a simulated kernel and export their traces", "cmwq");
  app.set_version_flag("--version", std::string("cmwq ") + cmwq::core_version() + " (models Linux " +
                                        cmwq::modelled_kernel() + " workqueues)");
  app.require_subcommand(1);
  app.failure_message([](const CLI::App* a, const CLI::Error& e) {
    std::string help = "cmwq";
    for (const CLI::App* sub : a->get_subcommands()) help += " " + sub->get_name();
    return std::string("cmwq: error: ") + e.what() + "\nRun '" + help + " --help' for more information.\n";
  });
  app.footer(
      "Examples:\n"
      "  cmwq run scenarios/doc-max-active-3.toml\n"
      "  cmwq run scenarios/starvation-rescuer.toml --format perfetto -o trace.json\n"
      "  cmwq dump scenarios/doc-max-active-2.toml --at 12ms\n"
      "  cmwq check scenarios/*.toml\n"
      "  cmwq diff scenarios/starvation-rescuer.toml --change \"flags writeback -WQ_MEM_RECLAIM\"\n"
      "  cmwq lab list\n"
      "Run 'cmwq SUBCOMMAND --help' for a subcommand's options.");
  const Action actions[] = {add_run(app), add_dump(app),       add_check(app),  add_diff(app),
                            add_lab(app), add_export_ops(app), add_import(app), add_compare_trace(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  for (const Action& a : actions) {
    const int status = a();
    if (status >= 0) return status;
  }
  return kExitBadInput;
}
