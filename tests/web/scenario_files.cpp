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

Simulation load_scenario_file(const std::string& name, const std::string& machine_extra) {
  std::ifstream in(std::string(CMWQ_SOURCE_DIR) + "/scenarios/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const size_t at = text.find("[machine]\n");
  if (at != std::string::npos) text.insert(at + 10, machine_extra);
  return simulation_from_text(text, name);
}

}  // namespace cmwq::web
