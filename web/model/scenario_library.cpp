// Looking up the embedded scenarios (their table is generated: embedded_scenarios.cpp).
#include "web/model/scenario_library.h"

namespace cmwq::web {

const EmbeddedScenario* find_embedded_scenario(std::string_view name) {
  for (const EmbeddedScenario& s : embedded_scenarios()) {
    if (s.file == name) return &s;
    if (s.file.size() == name.size() + 5 && s.file.substr(0, name.size()) == name && s.file.ends_with(".toml"))
      return &s;
  }
  return nullptr;
}

}  // namespace cmwq::web
