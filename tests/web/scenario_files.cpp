// Shipped scenarios for the Timeline's tests.
#include "scenario_files.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace cmwq::web {

Simulation simulation_from_text(const std::string& text, const std::string& name) {
  const ScenarioParse p = parse_scenario(text, name);
  if (!p.ok()) {
    ADD_FAILURE() << p.error->format();
    std::abort();
  }
  return Simulation(build_world(*p.scenario), p.scenario->until);
}

namespace {

std::string read_source_file(const std::string& path) {
  std::ifstream in(std::string(CMWQ_SOURCE_DIR) + "/" + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

Simulation load_scenario_file(const std::string& name, const std::string& machine_extra) {
  std::string text = read_source_file("scenarios/" + name);
  const size_t at = text.find("[machine]\n");
  if (at != std::string::npos) text.insert(at + 10, machine_extra);
  return simulation_from_text(text, name);
}

Simulation load_test_scenario(const std::string& name) {
  return simulation_from_text(read_source_file("tests/scenarios/" + name), name);
}

}  // namespace cmwq::web
