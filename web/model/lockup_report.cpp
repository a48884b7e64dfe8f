// The lockups the run stands at.
#include "web/model/lockup_report.h"

#include <algorithm>

#include "core/trace/schema.h"

namespace cmwq::web {

std::vector<LockupReport> latest_lockups(const World& w, const EventLog& log) {
  std::vector<LockupReport> found;
  size_t i = log.size();
  while (i > 0 && event_schema(log[i - 1].type).dump) --i;  // the dump after the reports
  for (; i > 0 && log[i - 1].type == EventType::WatchdogLockup; --i) {
    const Event& e = log[i - 1];
    found.push_back({static_cast<int64_t>(i - 1), e.pool, describe_event(w, e)});
  }
  std::reverse(found.begin(), found.end());
  return found;
}

}  // namespace cmwq::web
