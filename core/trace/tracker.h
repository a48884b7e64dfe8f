#pragma once
/// @file
/// @brief What the event stream implies at each point, for the formatters: which task
/// runs on each CPU, which work each task executes, which worker manages which pool.
///
/// Feed every event, in order, to TraceTracker::after() once it has been formatted (or
/// before, for the facts an event establishes about itself). Only the event stream is
/// read; the world serves for names and table sizes.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/trace/event_log.h"

namespace cmwq {

struct World;

/// What the events before an event tell about it, for its description
/// (describe_event()) and for whether the table format shows it. TraceTracker::context()
/// makes one; a reader that keeps no tracker per event may keep these instead.
struct EventContext {
  int32_t task_work = -1;     ///< Work the event's task is executing (execute_start .. _end), or -1.
  int32_t creating = -1;      ///< Pool whose manager the event's task is, while inside create_worker(), or -1.
  int32_t creator = -1;       ///< Manager task inside create_worker() for the event's pool, or -1.
  int32_t reclaim_work = -1;  ///< Work of the last `reclaim` operation started, or -1.
};

/// A running account of the context the events happen in.
class TraceTracker {
 public:
  /// An empty account (tables grow as events arrive).
  TraceTracker() = default;
  /// An empty account with tables sized for world @p w.
  explicit TraceTracker(const World& w);

  /// Updates the account with @p e.
  void after(const Event& e);
  /// The context of @p e: what the events fed so far tell about it (call before after(e)).
  EventContext context(const Event& e) const;

  /// Task running on @p cpu (from sched_switch), -1 for the idle task.
  int32_t cpu_curr(int cpu) const;
  /// CPU of the last event that showed code running somewhere (a queueing, a work
  /// execution or operation, a context switch or a scenario action).
  int last_cpu() const { return last_cpu_; }
  /// Task of that event (-1: no task, as for a scenario action).
  int32_t last_task() const { return last_task_; }
  /// Work the task is executing (between execute_start and execute_end), or -1.
  int32_t task_work(int32_t task) const;
  /// Pool whose manager the task is (between manage_workers and its end), or -1.
  int32_t managing(int32_t task) const;
  /// True if the pool's manager is inside create_worker().
  bool creating(int32_t pool) const;
  /// Manager task creating a worker for the pool, or -1.
  int32_t creator(int32_t pool) const;
  /// Work of the last `reclaim` operation started, or -1.
  int32_t last_reclaim_work() const { return last_reclaim_work_; }

 private:
  static int32_t at(const std::vector<int32_t>& v, int64_t i) {
    return i >= 0 && static_cast<size_t>(i) < v.size() ? v[static_cast<size_t>(i)] : -1;
  }
  static void set(std::vector<int32_t>& v, int64_t i, int32_t value);
  std::vector<int32_t> curr_;      // per CPU
  std::vector<int32_t> work_;      // per task
  std::vector<int32_t> manages_;   // per task
  std::vector<int32_t> creator_;   // per pool
  int last_cpu_ = 0;
  int32_t last_task_ = -1;
  int32_t last_reclaim_work_ = -1;
};

/// For each event: true if it is a WorkOp (other than burn) that blocked its task,
/// that is, the task's next program event (work_op, work_op_done, execute_end) is its
/// work_op_done, or there is none because the run ended while it waited.
std::vector<bool> blocking_ops(const EventLog& events);

/// True for the kernel's own work items: flush barriers, idle_cull_work and mayday cursors.
bool is_internal_work(const World& w, int32_t work);

}  // namespace cmwq
