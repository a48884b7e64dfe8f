// Shared pieces of the `cmwq` subcommands.
#include "core/cli/common.h"

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/trace/format.h"

namespace cmwq::cli {

std::optional<std::string> read_input(const std::string& path) {
  std::error_code ec;
  const char* reason = nullptr;
  if (std::filesystem::is_directory(path, ec)) reason = "it is a directory";
  std::ifstream in;
  if (!reason) in.open(path, std::ios::binary);
  if (!reason && !in) reason = std::strerror(errno);
  std::stringstream text;
  if (!reason) {
    text << in.rdbuf();
    if (in.bad()) reason = "read error";
  }
  if (reason) {
    std::cerr << path << ": error: cannot read: " << reason << "\n";
    return std::nullopt;
  }
  return text.str();
}

void add_kernel_option(CLI::App& sub, std::string& out) {
  std::vector<std::string> names;
  std::string help = "Follow this kernel's workqueue instead of the file's [machine] kernel:";
  for (const KernelVersion& v : kernel_versions()) {
    names.push_back(v.name);
    help += std::string("\n  ") + v.name + (v.gen == kDefaultKernel ? " (default): " : ": ") + v.summary;
  }
  sub.add_option("--kernel", out, help)->check(CLI::IsMember(names));
}

std::optional<Scenario> load_scenario(const std::string& path, const std::string& kernel) {
  const std::optional<std::string> text = read_input(path);
  if (!text) return std::nullopt;
  ScenarioOptions options;
  if (!kernel.empty()) options.kernel = parse_kernel_version(kernel);
  ScenarioParse p = parse_scenario(*text, path, options);
  if (!p.ok()) {
    std::cerr << p.error->format() << "\n";
    return std::nullopt;
  }
  return std::move(*p.scenario);
}

std::optional<Nanos> duration_option(const std::string& option, const std::string& text) {
  const std::optional<Nanos> d = text.empty() || text[0] == '-' ? std::nullopt : parse_duration(text);
  if (!d)
    std::cerr << "cmwq: error: " << option << ": bad duration \"" << text
              << "\": expected a number and a unit (ns, us, ms, s), e.g. 50ms\n";
  return d;
}

int budget_status(const Simulation& sim, const std::string& file, int status) {
  if (!sim.budget_stop() || status != kExitOk) return status;
  std::cerr << "cmwq: " << file << ": " << sim.budget_stop()->message() << "\n";
  return kExitBudget;
}

const std::vector<std::string>& run_formats() {
  static const std::vector<std::string> formats = {"table", "ftrace", "perfetto", "json", "summary"};
  return formats;
}

const char* const kRunFormatHelp =
    "table (the kernel documentation's timeline), ftrace (trace-cmd report lines), "
    "perfetto (Chrome trace JSON for ui.perfetto.dev), json (the full event stream) or "
    "summary (wq_monitor.py's columns)";

int write_output_stream(const std::string& path, const std::function<void(const TextSink&)>& write) {
  const bool to_stdout = path.empty() || path == "-";
  std::ofstream file;
  if (!to_stdout) file.open(path, std::ios::binary | std::ios::trunc);
  std::ostream& out = to_stdout ? static_cast<std::ostream&>(std::cout) : file;
  if (out) write([&out](std::string_view piece) { out.write(piece.data(), static_cast<std::streamsize>(piece.size())); });
  out.flush();
  if (!to_stdout && file) file.close();
  if (out && (to_stdout || file)) return kExitOk;
  if (to_stdout) std::cerr << "cmwq: error: cannot write the output\n";
  else std::cerr << path << ": error: cannot write: " << std::strerror(errno) << "\n";
  return kExitOutput;
}

int write_output(const std::string& text, const std::string& path) {
  return write_output_stream(path, [&text](const TextSink& sink) { sink(text); });
}

int write_run(const World& w, const EventLog& events, Nanos end, const std::string& format,
              const std::string& path) {
  return write_output_stream(path, [&](const TextSink& sink) {
    if (format == "ftrace") write_ftrace(w, events, sink);
    else if (format == "perfetto") write_perfetto(w, events, end, sink);
    else if (format == "json") write_json(w, events, end, sink);
    else if (format == "table") sink(format_table(w, events));
    else sink(format_summary(w));
  });
}

}  // namespace cmwq::cli
