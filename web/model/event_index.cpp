// Incremental facts about the event log.
#include "web/model/event_index.h"

#include <algorithm>

#include "core/world_view.h"

namespace cmwq::web {
namespace {

// The events that say why a pool woke a worker or created one (EventIndex::last_why()).
constexpr EventType kWhy[] = {EventType::KickPool, EventType::CreateWorker, EventType::CreateFailed,
                              EventType::MaydayTimeout};

bool explains_pool(EventType t) { return std::find(std::begin(kWhy), std::end(kWhy), t) != std::end(kWhy); }

}  // namespace

void EventIndex::clear() {
  counts_.fill(0);
  first_.fill(-1);
  last_.fill(-1);
  why_.clear();
  read_ = 0;
}

int64_t EventIndex::last_why(int32_t pool) const {
  const int64_t* why = find_in(why_, pool);
  return why ? *why : -1;
}

void EventIndex::update(const EventLog& log, uint64_t history_id) {
  if (history_id != history_ || log.size() < read_) clear();
  history_ = history_id;
  for (size_t i = read_; i < log.size(); ++i) {
    const Event& e = log[i];
    const auto t = static_cast<size_t>(e.type);
    if (t >= kEventTypeCount) continue;
    ++counts_[t];
    if (first_[t] < 0) first_[t] = static_cast<int64_t>(i);
    last_[t] = static_cast<int64_t>(i);
    if (explains_pool(e.type) && e.pool >= 0) {
      if (static_cast<size_t>(e.pool) >= why_.size()) why_.resize(static_cast<size_t>(e.pool) + 1, -1);
      why_[static_cast<size_t>(e.pool)] = static_cast<int64_t>(i);
    }
  }
  read_ = log.size();
}

}  // namespace cmwq::web
