// `cmwq import`: a real kernel's ftrace text shown in any of `cmwq run`'s formats.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "core/cli/commands.h"
#include "core/cli/common.h"
#include "core/trace/import.h"

namespace cmwq::cli {
namespace {

struct ImportCliOptions {
  std::string file;
  std::string section;
  int hz = 250;
  std::string format = "table";
  std::string output;
};

int import_file(const ImportCliOptions& o) {
  const std::optional<std::string> text = read_input(o.file);
  if (!text) return kExitBadInput;
  ImportOptions options;
  options.hz = o.hz;
  options.section = o.section;
  TraceImport im = import_ftrace(*text, o.file, options);
  if (im.error) {
    std::cerr << im.error->format() << "\n";
    return kExitBadInput;
  }
  const ImportedTrace& t = *im.trace;
  return write_run(t.world, t.events, t.end, o.format, o.output);
}

}  // namespace

Action add_import(CLI::App& app) {
  auto o = std::make_shared<ImportCliOptions>();
  CLI::App* sub = app.add_subcommand("import", "Read a real kernel's ftrace text and print it like a model run");
  sub->add_option("TRACE", o->file, "/sys/kernel/tracing/trace or `trace-cmd report` output")->required();
  sub->add_option("--section", o->section, "In scripts/kernel-check's serial dump, the run of this scenario");
  sub->add_option("--hz", o->hz, "The traced kernel's HZ (for jiffies)")->check(CLI::IsMember({100, 250, 300, 1000}))
      ->capture_default_str();
  sub->add_option("-f,--format", o->format, kRunFormatHelp)->check(CLI::IsMember(run_formats()))->capture_default_str();
  sub->add_option("-o,--output", o->output, "Write to this file instead of standard output");
  sub->footer(
      "Reads the workqueue:*, sched_switch, sched_wakeup, task_newtask and (for pool_mayday_timeout)\n"
      "timer_start/timer_expire_entry events; other lines are skipped. Work items are named by\n"
      "their function, or by cmwq_replay's `cmwq-work` markers; time 0 is the `cmwq-begin` marker's\n"
      "t0, else the first event. A malformed line prints \"TRACE:LINE:COLUMN: error: ...\" and the\n"
      "exit status is 2. docs/kernel-validation.md says what an imported trace shows and lacks.\n\n"
      "Examples:\n"
      "  cmwq import tests/kernel/fixtures/mayday-voluntary.trace\n"
      "  cmwq import /sys/kernel/tracing/trace --format perfetto -o trace.json");
  return [sub, o]() { return sub->parsed() ? import_file(*o) : -1; };
}

}  // namespace cmwq::cli
