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
void CauseFlowFinder::on_mayday_timeout(const Event& e, uint32_t index) { timeout_of_pool_[e.pool] = index; }

void CauseFlowFinder::on_mayday_sent(const Event& e, uint32_t index) {
  // send_mayday() runs inside pool_mayday_timeout() of the pwq's pool.
  if (const auto it = timeout_of_pool_.find(e.pool); it != timeout_of_pool_.end())
    add(it->second, index, CauseStory::Mayday, "send_mayday()");
  mayday_of_pwq_[e.pwq] = index;
}

void CauseFlowFinder::on_rescuer_wake(const Event& e, uint32_t index) {
  uint32_t from = 0;
  if (take(mayday_of_pwq_, e.pwq, from)) add(from, index, CauseStory::Mayday, "rescuer woken");
  wake_of_rescuer_[e.task] = index;
}

void CauseFlowFinder::on_rescuer_assign(const Event& e, uint32_t index) {
  if (const auto it = wake_of_rescuer_.find(e.task); it != wake_of_rescuer_.end())
    add(it->second, index, CauseStory::Mayday, "rescuer takes the work");
  assign_of_work_[e.work] = index;
  rescuer_of_work_[e.work] = e.task;
}

void CauseFlowFinder::on_execute_start(const Event& e, uint32_t index) {
  // Only the rescuer that took the work starts the rescue; a worker running it later is
  // another story.
  const auto it = rescuer_of_work_.find(e.work);
  if (it == rescuer_of_work_.end() || it->second != e.task) return;
  uint32_t from = 0;
  if (take(assign_of_work_, e.work, from)) add(from, index, CauseStory::Mayday, "rescuer runs the work");
  rescuer_of_work_.erase(it);
}

// The reclaim story: direct reclaim -> the writeback work queued -> its pages freed ->
// every allocation blocked then returns -> create_worker()'s allocation returned: the
// worker created.
void CauseFlowFinder::on_alloc_blocked(const Event& e, uint32_t index) {
  // The allocation entered direct reclaim, which queued the writeback work: logged after
  // that queueing, at the same instant, so this arrow points back in the log.
  uint32_t from = 0;
  if (take(queue_of_reclaimer_, e.task, from)) add(index, from, CauseStory::Reclaim, "writeback queued");
  blocked_of_task_[e.task] = index;
}

void CauseFlowFinder::on_queue_work(const Event& e, uint32_t index) { last_queue_ = {e.work, index, e.time}; }

void CauseFlowFinder::on_reclaim_queued(const Event& e, uint32_t) {
  // Direct reclaim's queue_work() is logged just before (same work, same instant);
  // without it (the work was already pending) there is no queueing to point at.
  if (last_queue_.work != e.work || last_queue_.time != e.time) return;
  queue_of_reclaimer_[e.task] = last_queue_.index;
  reclaim_queue_of_work_[e.work] = last_queue_.index;
}

void CauseFlowFinder::on_work_op(const Event& e, uint32_t) {
  if (static_cast<OpCode>(e.a) == OpCode::Reclaim) reclaim_work_ = e.work;
}

void CauseFlowFinder::on_pages_freed(const Event& e, uint32_t index) {
  if (static_cast<PagesFreedReason>(e.b) != PagesFreedReason::Reclaim) return;
  uint32_t from = 0;
  if (take(reclaim_queue_of_work_, reclaim_work_, from)) add(from, index, CauseStory::Reclaim, "pages freed");
  freed_ = index;
}

void CauseFlowFinder::on_alloc_done(const Event& e, uint32_t index) {
  uint32_t from = 0;
  if (!take(blocked_of_task_, e.task, from) || freed_ <= static_cast<int64_t>(from)) return;
  add(static_cast<uint32_t>(freed_), index, CauseStory::Reclaim, "allocation returns");
  if (const auto c = creating_of_task_.find(e.task); c != creating_of_task_.end()) returned_of_pool_[c->second] = index;
}

void CauseFlowFinder::on_create_worker(const Event& e, uint32_t) { creating_of_task_[e.task] = e.pool; }

// create_worker() ended for the event's pool: an arrow from its manager's allocation
// that reclaim let return, if there was one.
void CauseFlowFinder::worker_created(const Event& e, uint32_t index) {
  uint32_t from = 0;
  if (e.type == EventType::WorkerCreated && e.b == 0 && take(returned_of_pool_, e.pool, from))
    add(from, index, CauseStory::Reclaim, "worker created");
  if (e.type == EventType::CreateFailed || e.b == 0) {
    returned_of_pool_.erase(e.pool);
    for (auto it = creating_of_task_.begin(); it != creating_of_task_.end();)
      it = it->second == e.pool ? creating_of_task_.erase(it) : std::next(it);
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

// Every member but arrows_ (a member added to the class must be added here too).
CauseFlowFinder CauseFlowFinder::without_arrows() const {
  CauseFlowFinder c;
  c.timeout_of_pool_ = timeout_of_pool_;
  c.mayday_of_pwq_ = mayday_of_pwq_;
  c.wake_of_rescuer_ = wake_of_rescuer_;
  c.assign_of_work_ = assign_of_work_;
  c.rescuer_of_work_ = rescuer_of_work_;
  c.blocked_of_task_ = blocked_of_task_;
  c.last_queue_ = last_queue_;
  c.queue_of_reclaimer_ = queue_of_reclaimer_;
  c.reclaim_queue_of_work_ = reclaim_queue_of_work_;
  c.reclaim_work_ = reclaim_work_;
  c.freed_ = freed_;
  c.creating_of_task_ = creating_of_task_;
  c.returned_of_pool_ = returned_of_pool_;
  return c;
}

void CauseFlowFinder::rewind_to(const CauseFlowFinder& saved, size_t arrows) {
  std::vector<CauseArrow> kept = std::move(arrows_);
  if (kept.size() > arrows) kept.resize(arrows);
  *this = saved;
  arrows_ = std::move(kept);
}

}  // namespace cmwq::web
