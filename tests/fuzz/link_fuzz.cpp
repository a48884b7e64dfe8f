// libFuzzer target: any bytes as the page's URL hash (web/model/url_state.h). Each input
// decodes or is refused with a message; a decoded link that names a shipped scenario is
// replayed by a Session (its commands at their positions) within a bounded time.
#include <cstddef>
#include <cstdint>
#include <string>

#include "web/model/scenario_library.h"
#include "web/model/session.h"
#include "web/model/url_state.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string error;
  const std::string hash(reinterpret_cast<const char*>(data), size);
  const auto link = cmwq::web::decode_link(hash, error);
  if (!link) {
    if (error.empty()) __builtin_trap();
    return 0;
  }
  const cmwq::web::EmbeddedScenario* s = cmwq::web::find_embedded_scenario(link->scenario);
  if (!s) return 0;
  cmwq::web::Session session;
  if (!session.load(std::string(s->text), std::string(s->file), link->seed).ok) return 0;
  // Until links carry limits of their own (issue 14), replay only short runs.
  if (link->at.time > 200 * cmwq::NSEC_PER_MSEC || link->commands.size() > 20) return 0;
  for (const cmwq::web::Command& c : link->commands)
    if (c.at.time > 200 * cmwq::NSEC_PER_MSEC) return 0;
  session.restore(link->commands, link->at);
  return 0;
}
