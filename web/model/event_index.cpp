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
  facts_ = Facts{};
  facts_.first.fill(-1);
  facts_.last.fill(-1);
  checkpoints_.clear();
  read_ = 0;
}

int64_t EventIndex::last_why(int32_t pool) const {
  const int64_t* why = find_in(facts_.why, pool);
  return why ? *why : -1;
}

void EventIndex::update(const EventLog& log, size_t unchanged) {
  const size_t keep = std::min({unchanged, read_, log.size()});
  if (keep == 0) {
    clear();
  } else if (keep < read_) {  // rewound: from the checkpoint before the cut
    const size_t k = keep / kEvery;
    facts_ = checkpoints_[k];
    checkpoints_.resize(k + 1);
    read_ = k * kEvery;
  }
  for (size_t i = read_; i < log.size(); ++i) read(log[i], i);
  read_ = log.size();
}

void EventIndex::read(const Event& e, size_t i) {
  if (i % kEvery == 0) checkpoints_.push_back(facts_);
  const auto t = static_cast<size_t>(e.type);
  if (t >= kEventTypeCount) return;
  ++facts_.counts[t];
  if (facts_.first[t] < 0) facts_.first[t] = static_cast<int64_t>(i);
  facts_.last[t] = static_cast<int64_t>(i);
  if (explains_pool(e.type) && e.pool >= 0) {
    std::vector<int64_t>& why = facts_.why;
    if (static_cast<size_t>(e.pool) >= why.size()) why.resize(static_cast<size_t>(e.pool) + 1, -1);
    why[static_cast<size_t>(e.pool)] = static_cast<int64_t>(i);
  }
}

}  // namespace cmwq::web
