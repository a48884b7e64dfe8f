// `cmwq check`: validate scenario files without running them.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "core/cli/commands.h"
#include "core/cli/common.h"

namespace cmwq::cli {
namespace {

int check(const std::vector<std::string>& files, const std::string& kernel) {
  int status = kExitOk;
  for (const std::string& f : files) {
    if (load_scenario(f, kernel)) std::cout << f << ": ok\n";
    else status = kExitBadInput;
  }
  return status;
}

}  // namespace

Action add_check(CLI::App& app) {
  auto files = std::make_shared<std::vector<std::string>>();
  auto kernel = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand("check", "Check scenario files without running them");
  sub->add_option("FILE", *files, "Scenario files (TOML, see docs/scenario-format.md)")->required();
  add_kernel_option(*sub, *kernel);
  sub->footer(
      "Prints \"FILE: ok\" for a good file; for a bad one, one line\n"
      "\"FILE:LINE:COLUMN: error: ...\" on standard error, and the exit status is 2.\n\n"
      "Example:\n"
      "  cmwq check scenarios/*.toml");
  return [sub, files, kernel]() { return sub->parsed() ? check(*files, *kernel) : -1; };
}

}  // namespace cmwq::cli
