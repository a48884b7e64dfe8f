// libFuzzer target: any bytes as commands typed in the Queue work panel (or sent by
// window.cmwq.command()), one per line, into the starvation sandbox, each followed by a
// few steps of the run. Each command is carried out or refused with a message.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "web/model/scenario_library.h"
#include "web/model/session.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const cmwq::web::EmbeddedScenario* s = cmwq::web::find_embedded_scenario("starvation-sandbox");
  if (!s) __builtin_trap();
  cmwq::web::Session session;
  if (!session.load(std::string(s->text), "starvation-sandbox.toml").ok) __builtin_trap();
  std::istringstream lines(std::string(reinterpret_cast<const char*>(data), size));
  std::string line;
  for (int n = 0; n < 8 && std::getline(lines, line); ++n) {
    session.command(line);
    for (int i = 0; i < 50 && session.step(session.sim().now() + 5 * cmwq::NSEC_PER_MSEC); ++i) {
    }
  }
  return 0;
}
