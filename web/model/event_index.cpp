// Incremental facts about the event log.
#include "web/model/event_index.h"

namespace cmwq::web {

void EventIndex::clear() {
  counts_.fill(0);
  last_.fill(-1);
  why_.clear();
  read_ = 0;
}

int64_t EventIndex::last_why(int32_t pool) const {
  return pool >= 0 && static_cast<size_t>(pool) < why_.size() ? why_[static_cast<size_t>(pool)] : -1;
}

void EventIndex::update(const std::vector<Event>& log, uint64_t history_id) {
  if (history_id != history_ || log.size() < read_) clear();
  history_ = history_id;
  for (size_t i = read_; i < log.size(); ++i) {
    const Event& e = log[i];
    const auto t = static_cast<size_t>(e.type);
    if (t >= kEventTypeCount) continue;
    ++counts_[t];
    last_[t] = static_cast<int64_t>(i);
    switch (e.type) {
      case EventType::KickPool:
      case EventType::CreateWorker:
      case EventType::CreateFailed:
      case EventType::MaydayTimeout:
        if (e.pool >= 0) {
          if (static_cast<size_t>(e.pool) >= why_.size()) why_.resize(static_cast<size_t>(e.pool) + 1, -1);
          why_[static_cast<size_t>(e.pool)] = static_cast<int64_t>(i);
        }
        break;
      default:
        break;
    }
  }
  read_ = log.size();
}

}  // namespace cmwq::web
