// libFuzzer target: any bytes as the page's URL hash (web/model/url_state.h). Each input
// is read, its bad parts named with a reason; a link that names a shipped scenario is
// replayed (its commands at their positions) within a bounded time, and its compare=
// change parsed, the second run built and compared.
#include <cstddef>
#include <cstdint>
#include <string>

#include "web/model/run_pair.h"
#include "web/model/scenario_library.h"
#include "web/model/url_state.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string hash(reinterpret_cast<const char*>(data), size);
  const cmwq::web::LinkRead read = cmwq::web::read_link(hash);
  for (const std::string& p : read.problems)
    if (p.empty()) __builtin_trap();  // every problem says what and why
  if (!read.has_scenario && read.problems.empty()) __builtin_trap();
  const cmwq::web::LinkState* link = &read.state;
  const cmwq::web::EmbeddedScenario* s = cmwq::web::find_embedded_scenario(link->scenario);
  if (!s) return 0;
  cmwq::web::RunPair runs;
  cmwq::web::LoadOptions options;
  options.seed = link->seed;
  options.kernel = cmwq::parse_kernel_version(link->kernel);
  std::string note;
  if (!runs.load(std::string(s->text), std::string(s->file), options, note).ok) return 0;
  // Links hold times up to 1 000 000 s: replay only short runs.
  const auto short_run = [](const cmwq::web::Position& at, const std::vector<cmwq::web::Command>& commands) {
    if (at.time > 200 * cmwq::NSEC_PER_MSEC || commands.size() > 20) return false;
    for (const cmwq::web::Command& c : commands)
      if (c.at.time > 200 * cmwq::NSEC_PER_MSEC) return false;
    return true;
  };
  if (!short_run(link->at, link->commands)) return 0;
  runs.first().restore(link->commands, link->at);
  // Compare mode: the change (any text: the change language's parser must only refuse it),
  // then the second run's own commands and point.
  if (link->compare.empty() || !runs.compare(link->compare).empty()) return 0;
  if (link->second_at && short_run(*link->second_at, link->second_commands))
    runs.restore_second(link->second_commands, *link->second_at);
  runs.update();
  return 0;
}
