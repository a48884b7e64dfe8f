// Cause-and-effect arrows of the mayday and the memory-reclaim stories, found from the
// event stream alone: each step remembers the event index of the latest step before it,
// keyed by what the events share (pool, pwq, rescuer task, work, allocating task).
#include "web/model/cause_flows.h"

#include <algorithm>

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

// pool_mayday_timeout() -> send_mayday() -> rescuer_thread() picks the pwq ->
// assign_rescuer_work() takes a work -> process_scheduled_works() starts it.
void CauseFlowFinder::mayday(const Event& e, uint32_t index) {
  uint32_t from = 0;
  switch (e.type) {
    case EventType::MaydayTimeout:
      timeout_of_pool_[e.pool] = index;
      break;
    case EventType::MaydaySent:
      // send_mayday() runs inside pool_mayday_timeout() of the pwq's pool.
      if (const auto it = timeout_of_pool_.find(e.pool); it != timeout_of_pool_.end())
        add(it->second, index, CauseStory::Mayday, "send_mayday()");
      mayday_of_pwq_[e.pwq] = index;
      break;
    case EventType::RescuerWake:
      if (take(mayday_of_pwq_, e.pwq, from)) add(from, index, CauseStory::Mayday, "rescuer woken");
      wake_of_rescuer_[e.task] = index;
      break;
    case EventType::RescuerAssign:
      if (const auto it = wake_of_rescuer_.find(e.task); it != wake_of_rescuer_.end())
        add(it->second, index, CauseStory::Mayday, "rescuer takes the work");
      assign_of_work_[e.work] = index;
      rescuer_of_work_[e.work] = e.task;
      break;
    case EventType::ExecuteStart:
      // Only the rescuer that took the work starts the rescue; a worker running it
      // later is another story.
      if (const auto it = rescuer_of_work_.find(e.work); it != rescuer_of_work_.end()) {
        if (it->second == e.task && take(assign_of_work_, e.work, from))
          add(from, index, CauseStory::Mayday, "rescuer runs the work");
        if (it->second == e.task) rescuer_of_work_.erase(it);
      }
      break;
    default:
      break;
  }
}

// Direct reclaim -> the writeback work queued -> its pages freed -> every allocation
// blocked then returns -> create_worker()'s allocation returned: the worker created.
void CauseFlowFinder::reclaim(const Event& e, uint32_t index) {
  uint32_t from = 0;
  switch (e.type) {
    case EventType::AllocBlocked:
      // The allocation entered direct reclaim, which queued the writeback work: logged
      // after that queueing, at the same instant, so this arrow points back in the log.
      if (take(queue_of_reclaimer_, e.task, from)) add(index, from, CauseStory::Reclaim, "writeback queued");
      blocked_of_task_[e.task] = index;
      break;
    case EventType::QueueWork:
      last_queue_ = {e.work, index, e.time};
      break;
    case EventType::ReclaimQueued:
      // Direct reclaim's queue_work() is logged just before (same work, same instant);
      // without it (the work was already pending) there is no queueing to point at.
      if (last_queue_.work == e.work && last_queue_.time == e.time) {
        queue_of_reclaimer_[e.task] = last_queue_.index;
        reclaim_queue_of_work_[e.work] = last_queue_.index;
      }
      break;
    case EventType::WorkOp:
      if (static_cast<OpCode>(e.a) == OpCode::Reclaim) reclaim_work_ = e.work;
      break;
    case EventType::PagesFreed:
      if (static_cast<PagesFreedReason>(e.b) != PagesFreedReason::Reclaim) break;
      if (take(reclaim_queue_of_work_, reclaim_work_, from)) add(from, index, CauseStory::Reclaim, "pages freed");
      freed_ = index;
      break;
    case EventType::AllocDone:
      if (take(blocked_of_task_, e.task, from) && freed_ > static_cast<int64_t>(from)) {
        add(static_cast<uint32_t>(freed_), index, CauseStory::Reclaim, "allocation returns");
        if (const auto c = creating_of_task_.find(e.task); c != creating_of_task_.end())
          returned_of_pool_[c->second] = index;
      }
      break;
    case EventType::CreateWorker:
      creating_of_task_[e.task] = e.pool;
      break;
    case EventType::WorkerCreated:
    case EventType::CreateFailed:
      worker_created(e, index);
      break;
    default:
      break;
  }
}

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
  mayday(e, index);
  reclaim(e, index);
}

std::vector<CauseArrow> find_cause_flows(const std::vector<Event>& events, size_t first, size_t last) {
  CauseFlowFinder finder;
  last = std::min(last, events.size());
  for (size_t i = first; i < last; ++i) finder.read(events[i], static_cast<uint32_t>(i));
  return finder.arrows();
}

const char* cause_story_name(CauseStory story) {
  return story == CauseStory::Mayday ? "mayday -> rescuer" : "memory reclaim";
}

}  // namespace cmwq::web
