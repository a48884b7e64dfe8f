// Cause-and-effect arrows of the mayday and the memory-reclaim stories, found from the
// event stream alone: each step remembers the event index of the latest step before it,
// keyed by what the events share (pool, pwq, rescuer task, work, allocating task).
#include "web/model/cause_flows.h"

#include <algorithm>
#include <utility>

#include "core/kernel/program.h"

namespace cmwq::web {
namespace {

// Takes (and forgets) the index stored under @p key, or returns false.
template <typename Map>
bool take(Map& m, int32_t key, uint32_t& out) {
  const auto it = m.find(key);
  if (it == m.end()) return false;
  out = it->second;
  m.erase(it);
  return true;
}

}  // namespace

void CauseFlowFinder::add(uint32_t from, uint32_t to, CauseStory story, const char* label) {
  arrows_.push_back({from, to, story, label});
}

// The mayday story: pool_mayday_timeout() -> send_mayday() -> rescuer_thread() picks the
// pwq -> assign_rescuer_work() takes a work -> process_scheduled_works() starts it.
void CauseFlowFinder::on_mayday_timeout(const Event& e, uint32_t index) { keys_.timeout_of_pool[e.pool] = index; }

void CauseFlowFinder::on_mayday_sent(const Event& e, uint32_t index) {
  // send_mayday() runs inside pool_mayday_timeout() of the pwq's pool.
  if (const auto it = keys_.timeout_of_pool.find(e.pool); it != keys_.timeout_of_pool.end())
    add(it->second, index, CauseStory::Mayday, "send_mayday()");
  keys_.mayday_of_pwq[e.pwq] = index;
}

void CauseFlowFinder::on_rescuer_wake(const Event& e, uint32_t index) {
  uint32_t from = 0;
  if (take(keys_.mayday_of_pwq, e.pwq, from)) add(from, index, CauseStory::Mayday, "rescuer woken");
  keys_.wake_of_rescuer[e.task] = index;
}

void CauseFlowFinder::on_rescuer_assign(const Event& e, uint32_t index) {
  if (const auto it = keys_.wake_of_rescuer.find(e.task); it != keys_.wake_of_rescuer.end())
    add(it->second, index, CauseStory::Mayday, "rescuer takes the work");
  keys_.assign_of_work[e.work] = index;
  keys_.rescuer_of_work[e.work] = e.task;
}

void CauseFlowFinder::on_execute_start(const Event& e, uint32_t index) {
  // Only the rescuer that took the work starts the rescue; a worker running it later is
  // another story.
  const auto it = keys_.rescuer_of_work.find(e.work);
  if (it == keys_.rescuer_of_work.end() || it->second != e.task) return;
  uint32_t from = 0;
  if (take(keys_.assign_of_work, e.work, from)) add(from, index, CauseStory::Mayday, "rescuer runs the work");
  keys_.rescuer_of_work.erase(it);
}

// The reclaim story: direct reclaim -> the writeback work queued -> its pages freed ->
// every allocation blocked then returns -> create_worker()'s allocation returned: the
// worker created.
void CauseFlowFinder::on_alloc_blocked(const Event& e, uint32_t index) {
  // The allocation entered direct reclaim, which queued the writeback work: logged after
  // that queueing, at the same instant, so this arrow points back in the log.
  uint32_t from = 0;
  if (take(keys_.queue_of_reclaimer, e.task, from)) add(index, from, CauseStory::Reclaim, "writeback queued");
  keys_.blocked_of_task[e.task] = index;
}

void CauseFlowFinder::on_queue_work(const Event& e, uint32_t index) { keys_.last_queue = {e.work, index, e.time}; }

void CauseFlowFinder::on_reclaim_queued(const Event& e, uint32_t) {
  // Direct reclaim's queue_work() is logged just before (same work, same instant);
  // without it (the work was already pending) there is no queueing to point at.
  if (keys_.last_queue.work != e.work || keys_.last_queue.time != e.time) return;
  keys_.queue_of_reclaimer[e.task] = keys_.last_queue.index;
  keys_.reclaim_queue_of_work[e.work] = keys_.last_queue.index;
}

void CauseFlowFinder::on_work_op(const Event& e, uint32_t) {
  if (static_cast<OpCode>(e.a) == OpCode::Reclaim) keys_.reclaim_work = e.work;
}

void CauseFlowFinder::on_pages_freed(const Event& e, uint32_t index) {
  if (static_cast<PagesFreedReason>(e.b) != PagesFreedReason::Reclaim) return;
  uint32_t from = 0;
  if (take(keys_.reclaim_queue_of_work, keys_.reclaim_work, from)) add(from, index, CauseStory::Reclaim, "pages freed");
  keys_.freed = index;
}

void CauseFlowFinder::on_alloc_done(const Event& e, uint32_t index) {
  uint32_t from = 0;
  if (!take(keys_.blocked_of_task, e.task, from) || keys_.freed <= static_cast<int64_t>(from)) return;
  add(static_cast<uint32_t>(keys_.freed), index, CauseStory::Reclaim, "allocation returns");
  if (const auto c = keys_.creating_of_task.find(e.task); c != keys_.creating_of_task.end()) keys_.returned_of_pool[c->second] = index;
}

void CauseFlowFinder::on_create_worker(const Event& e, uint32_t) { keys_.creating_of_task[e.task] = e.pool; }

// create_worker() ended for the event's pool: an arrow from its manager's allocation
// that reclaim let return, if there was one.
void CauseFlowFinder::worker_created(const Event& e, uint32_t index) {
  uint32_t from = 0;
  if (e.type == EventType::WorkerCreated && e.b == 0 && take(keys_.returned_of_pool, e.pool, from))
    add(from, index, CauseStory::Reclaim, "worker created");
  if (e.type == EventType::CreateFailed || e.b == 0) {
    keys_.returned_of_pool.erase(e.pool);
    for (auto it = keys_.creating_of_task.begin(); it != keys_.creating_of_task.end();)
      it = it->second == e.pool ? keys_.creating_of_task.erase(it) : std::next(it);
  }
}

void CauseFlowFinder::read(const Event& e, uint32_t index) {
  // Which steps of the stories each event type is (a table, not another switch over
  // event types: readers tell events apart through the schema, docs/architecture.md).
  using Step = void (CauseFlowFinder::*)(const Event&, uint32_t);
  static constexpr std::pair<EventType, Step> kSteps[] = {
      {EventType::MaydayTimeout, &CauseFlowFinder::on_mayday_timeout},
      {EventType::MaydaySent, &CauseFlowFinder::on_mayday_sent},
      {EventType::RescuerWake, &CauseFlowFinder::on_rescuer_wake},
      {EventType::RescuerAssign, &CauseFlowFinder::on_rescuer_assign},
      {EventType::ExecuteStart, &CauseFlowFinder::on_execute_start},
      {EventType::AllocBlocked, &CauseFlowFinder::on_alloc_blocked},
      {EventType::QueueWork, &CauseFlowFinder::on_queue_work},
      {EventType::ReclaimQueued, &CauseFlowFinder::on_reclaim_queued},
      {EventType::WorkOp, &CauseFlowFinder::on_work_op},
      {EventType::PagesFreed, &CauseFlowFinder::on_pages_freed},
      {EventType::AllocDone, &CauseFlowFinder::on_alloc_done},
      {EventType::CreateWorker, &CauseFlowFinder::on_create_worker},
      {EventType::WorkerCreated, &CauseFlowFinder::worker_created},
      {EventType::CreateFailed, &CauseFlowFinder::worker_created},
  };
  for (const auto& [type, step] : kSteps)
    if (type == e.type) (this->*step)(e, index);
}

std::vector<CauseArrow> find_cause_flows(const EventLog& events, size_t first, size_t last) {
  CauseFlowFinder finder;
  last = std::min(last, events.size());
  for (size_t i = first; i < last; ++i) finder.read(events[i], static_cast<uint32_t>(i));
  return finder.arrows();
}

const char* cause_story_name(CauseStory story) {
  return story == CauseStory::Mayday ? "mayday -> rescuer" : "memory reclaim";
}

CauseFlowFinder CauseFlowFinder::without_arrows() const {
  CauseFlowFinder c;
  c.keys_ = keys_;
  return c;
}

void CauseFlowFinder::rewind_to(const CauseFlowFinder& saved, size_t arrows) {
  keys_ = saved.keys_;
  if (arrows_.size() > arrows) arrows_.resize(arrows);
}

}  // namespace cmwq::web
