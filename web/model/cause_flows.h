#pragma once
/// @file
/// @brief Cause-and-effect arrows between events of the one event stream, for two
/// stories the Timeline draws:
///
/// - mayday: the mayday timer fired (pool_mayday_timeout()) -> send_mayday() -> the
///   rescuer woken for that pwq -> the rescuer takes a work (assign_rescuer_work()) ->
///   the rescuer starts executing that work;
/// - reclaim: an allocation blocked in direct reclaim -> the writeback work queued by
///   that reclaim -> the pages that work freed -> each allocation blocked at the time
///   returns -> when the allocation was create_worker()'s, the worker created.
///
/// Found from the events alone (never from the model's private state), as they are
/// read, so the Timeline feeds each event once. No ImGui here, so tests check it natively.

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "core/trace/event_log.h"

namespace cmwq::web {

/// Which story an arrow belongs to.
enum class CauseStory : uint8_t {
  Mayday,   ///< Mayday timer -> send_mayday() -> rescuer -> the rescued work.
  Reclaim,  ///< Direct reclaim -> writeback -> pages freed -> allocation returns -> worker created.
};

/// One arrow: from the event that caused to the event caused (indices into the event
/// log). It never points back in time; it may point back in the log within one instant
/// (an allocation logs entering direct reclaim just after the queueing of writeback it
/// caused), so the later of its two events is `std::max(from, to)`.
struct CauseArrow {
  uint32_t from = 0;                       ///< Index of the cause.
  uint32_t to = 0;                         ///< Index of the effect.
  CauseStory story = CauseStory::Mayday;   ///< Its story.
  const char* label = "";                  ///< What the effect is, in a few words (a static string).
  friend bool operator==(const CauseArrow&, const CauseArrow&) = default;  ///< Equal in every field.
};

/// Finds the arrows of both stories in an event log read once, in order.
class CauseFlowFinder {
 public:
  /// Reads event @p e, at index @p index of the log (indices must increase).
  void read(const Event& e, uint32_t index);
  /// Forgets everything (the log was rewound or replaced).
  void clear() { *this = CauseFlowFinder{}; }
  /// Every arrow found so far, in the order of the later of their two events.
  const std::vector<CauseArrow>& arrows() const { return arrows_; }
  /// A copy of what it knows, without the arrows (a checkpoint: arrows are only appended).
  CauseFlowFinder without_arrows() const;
  /// Goes back to @p saved (from without_arrows()), keeping the first @p arrows arrows.
  void rewind_to(const CauseFlowFinder& saved, size_t arrows);

 private:
  void add(uint32_t from, uint32_t to, CauseStory story, const char* label);
  // One step of a story per event type (read()'s table).
  void on_mayday_timeout(const Event& e, uint32_t index);
  void on_mayday_sent(const Event& e, uint32_t index);
  void on_rescuer_wake(const Event& e, uint32_t index);
  void on_rescuer_assign(const Event& e, uint32_t index);
  void on_execute_start(const Event& e, uint32_t index);
  void on_alloc_blocked(const Event& e, uint32_t index);
  void on_queue_work(const Event& e, uint32_t index);
  void on_reclaim_queued(const Event& e, uint32_t index);
  void on_work_op(const Event& e, uint32_t index);
  void on_pages_freed(const Event& e, uint32_t index);
  void on_alloc_done(const Event& e, uint32_t index);
  void on_create_worker(const Event& e, uint32_t index);
  void worker_created(const Event& e, uint32_t index);

  std::vector<CauseArrow> arrows_;
  struct Queueing {
    int32_t work = -1;
    uint32_t index = 0;
    Nanos time = -1;
  };
  // What the stories have seen so far (all but the arrows: a checkpoint copies it).
  struct Keys {
    // Mayday story: the latest step seen, keyed by pool, pwq, rescuer task and work.
    std::unordered_map<int32_t, uint32_t> timeout_of_pool;   // MaydayTimeout
    std::unordered_map<int32_t, uint32_t> mayday_of_pwq;     // MaydaySent
    std::unordered_map<int32_t, uint32_t> wake_of_rescuer;   // RescuerWake
    std::unordered_map<int32_t, uint32_t> assign_of_work;    // RescuerAssign
    std::unordered_map<int32_t, int32_t> rescuer_of_work;    // the task that took it
    // Reclaim story.
    std::unordered_map<int32_t, uint32_t> blocked_of_task;   // AllocBlocked, until AllocDone
    Queueing last_queue;                                          // the latest QueueWork
    std::unordered_map<int32_t, uint32_t> queue_of_reclaimer;     // ReclaimQueued: its QueueWork, by task
    std::unordered_map<int32_t, uint32_t> reclaim_queue_of_work;  // the same, by work, until its pages are freed
    int32_t reclaim_work = -1;                               // work of the last `reclaim` operation
    int64_t freed = -1;                                      // latest PagesFreed by reclaim, or -1
    std::unordered_map<int32_t, int32_t> creating_of_task;   // CreateWorker: manager -> pool
    std::unordered_map<int32_t, uint32_t> returned_of_pool;  // AllocDone of create_worker(), by pool
  };
  Keys keys_;
};

/// The arrows of both stories in @p events[first, last) (clamped to the log): a window
/// sees only causes inside it.
std::vector<CauseArrow> find_cause_flows(const EventLog& events, size_t first = 0,
                                         size_t last = static_cast<size_t>(-1));

/// Short name of a story, for the legend and tests: "mayday -> rescuer", "memory reclaim".
const char* cause_story_name(CauseStory story);

}  // namespace cmwq::web
