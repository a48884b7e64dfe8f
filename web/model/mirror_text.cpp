// The screen-reader mirror's text, from the functions the Code, Pools and Event log panels use.
#include "web/model/mirror_text.h"

#include "core/world.h"
#include "web/model/worker_view.h"

namespace cmwq::web {

int32_t mirror_pool(const World& w, const EventLog& log, const EventIndex& index, int32_t selected_pool) {
  const auto pools = static_cast<int32_t>(w.wq.pools.size());
  auto has_why = [&](int32_t p) { return pool_shown(w, p) && !pool_why(w, log, index, p).empty(); };
  if (selected_pool >= 0 && selected_pool < pools && has_why(selected_pool)) return selected_pool;
  for (int32_t p = 0; p < pools; ++p)
    if (has_why(p)) return p;
  return -1;
}

std::string mirror_text(const World& w, const EventLog& log, const EventIndex& index,
                        int32_t selected_pool, const std::string& code_note, const std::string& last_event) {
  std::string s;
  auto line = [&s](const char* head, const std::string& text) {
    if (text.empty()) return;
    if (!s.empty()) s += '\n';
    s += head;
    s += text;
  };
  line("Code: ", code_note);
  const int32_t pool = mirror_pool(w, log, index, selected_pool);
  if (pool >= 0) line("Pools: ", pool_title(w, pool) + ", why: " + pool_why(w, log, index, pool));
  line("Last event: ", last_event);
  return s;
}

}  // namespace cmwq::web
