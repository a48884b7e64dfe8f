#pragma once
/// @file
/// @brief The text of the page's screen-reader mirror (an ARIA live region in index.html,
/// window.cmwq.mirror()): the explanation the panels show at this moment, in words.

#include <cstdint>
#include <string>
#include <vector>

#include "core/trace/event_log.h"
#include "web/model/event_index.h"

namespace cmwq {
struct World;
}

namespace cmwq::web {

/// The pool whose "why" line the mirror reads: @p selected_pool if the Pools panel shows
/// it and it has one, else the first shown pool that has one; -1 if none has.
int32_t mirror_pool(const World& w, const EventLog& log, const EventIndex& index, int32_t selected_pool);

/// The mirror's text, one line per part that has something to say: "Code: " and the
/// Code panel's note under the call stack (@p code_note), "Pools: " and a pool's title
/// and its "why" line (mirror_pool(), pool_why()), "Last event: " and @p last_event
/// (the Event log's line of the latest event). "" when all three are empty.
std::string mirror_text(const World& w, const EventLog& log, const EventIndex& index,
                        int32_t selected_pool, const std::string& code_note, const std::string& last_event);

}  // namespace cmwq::web
