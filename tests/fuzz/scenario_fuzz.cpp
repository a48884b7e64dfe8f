// libFuzzer target: any bytes as a scenario file. Each input either gives one located
// error inside the text, or a scenario whose world boots and runs (bounded) with every
// invariant holding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/scenario/scenario.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const cmwq::ScenarioParse p = cmwq::parse_scenario(text, "fuzz.toml");
  if (!p.ok()) {
    if (!p.error || p.error->pos.line < 1 || p.error->pos.column < 1 || p.error->message.empty()) __builtin_trap();
    return 0;
  }
  cmwq::ScenarioWorld sw = cmwq::build_world(*p.scenario);
  cmwq::fuzz::run_bounded(sw.world, p.scenario->until, 20000);
  return 0;
}
