#pragma once
/// @file
/// @brief The Timeline panel's data: per-task state intervals, work slices, markers,
/// flows and counter series, built incrementally from Simulation::events().
///
/// No ImGui here, so tests can check it natively. TimelineModel::update() reads only
/// the events appended since the last call; when history was rewound (the log shrank,
/// or the last event it read is not the same any more) it rebuilds from the start.
/// Everything a row holds is sorted by start time and does not overlap within its
/// vector, so the view finds the part inside a window of time by binary search.

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/kernel/program.h"
#include "core/kernel/time.h"
#include "core/trace/event_log.h"
#include "web/model/cause_flows.h"
#include "web/model/timer_bars.h"
#include "web/model/worker_view.h"

namespace cmwq {
class Simulation;
struct World;
}  // namespace cmwq

namespace cmwq::web {

/// Why a task sleeps or waits, as far as the event stream tells.
enum class WaitWhy : uint8_t {
  None,           ///< Not waiting, or unknown.
  Preempted,      ///< Runnable: switched out while still running (prev_state R).
  Woken,          ///< Runnable: woken, waiting for its CPU.
  WorkSleep,      ///< A work's `sleep` op (an hrtimer sleep).
  Memory,         ///< Direct reclaim: waiting for free pages.
  Completion,     ///< wait_for_completion() (a work's `wait`).
  Mutex,          ///< mutex_lock() contention.
  Flush,          ///< flush_work(), flush_workqueue() or cancel_work_sync().
  Rcu,            ///< synchronize_rcu().
  KthreadCreate,  ///< The manager waits for kthreadd to make a worker.
  Cooldown,       ///< The manager's CREATE_COOLDOWN after a failed create_worker().
  KthreadStart,   ///< A new kthread parked until its creator wakes it.
  WorkerIdle,     ///< An idle kworker in worker_thread().
  RescuerIdle,    ///< A rescuer in rescuer_thread() waiting for maydays.
  KthreaddIdle,   ///< kthreadd with nothing to create.
  Count,          ///< Number of reasons (not a reason).
};

/// Printable explanation of a WaitWhy, e.g. "wait_for_completion()".
const char* wait_why_name(WaitWhy w);

/// One stretch of time a task spends in one display state.
struct StateInterval {
  Nanos start = 0;                      ///< When it began.
  Nanos end = -1;                       ///< When it ended; -1 while it lasts.
  WorkerShow state = WorkerShow::Idle;  ///< What the task did: Running, CpuIntensive, Runnable, Sleeping, BlockedMemory or Idle.
  WaitWhy why = WaitWhy::None;          ///< Why it waited (sleeping, blocked, runnable).
  int16_t cpu = -1;                     ///< CPU it ran on or waits for, if known.
  friend bool operator==(const StateInterval&, const StateInterval&) = default;  ///< Equal in every field.
};

/// Kinds of slice in a task's slice lane.
enum class SliceKind : uint8_t {
  Work,     ///< process_one_work(): workqueue_execute_start .. _end.
  Manager,  ///< manage_workers(): ManagerStart .. ManagerEnd.
};

/// One execution of a work item (or a manage_workers() call) on a task. 32 bytes: a long
/// run holds one per execution (its workqueue is its instance's, its sub-slices are the
/// row's subs between its start and end).
struct WorkSlice {
  Nanos start = 0;                   ///< workqueue_execute_start (or ManagerStart).
  Nanos end = -1;                    ///< workqueue_execute_end; -1 while it runs.
  int32_t work = -1;                 ///< Work item executed (-1 for a manager slice).
  int32_t pool = -1;                 ///< Pool it ran for.
  int32_t instance = -1;             ///< Index into TimelineModel::instances(), or -1.
  SliceKind kind = SliceKind::Work;  ///< What the slice is.
  friend bool operator==(const WorkSlice&, const WorkSlice&) = default;  ///< Equal in every field.
};

/// A blocking operation inside a work slice: WorkOp .. WorkOpDone.
struct SubSlice {
  Nanos start = 0;            ///< WorkOp: the operation began.
  Nanos end = -1;             ///< WorkOpDone: it returned; -1 while it waits.
  OpCode op = OpCode::Sleep;  ///< The operation.
  bool memory = false;        ///< It blocked in direct reclaim (an `alloc`).
  int32_t work = -1;          ///< Work whose program it belongs to.
  friend bool operator==(const SubSlice&, const SubSlice&) = default;  ///< Equal in every field.
};

/// An instant worth a glyph on the timeline.
/// Its glyph, colour and legend come from the event schema (EventSchema::glyph, tone,
/// legend), its tooltip from describe_event() of event().
struct Marker {
  Nanos time = 0;                          ///< When it happened.
  EventType type = EventType::Scripted;    ///< What happened.
  int32_t pwq = -1;                        ///< Pool workqueue involved, or -1.
  int32_t task = -1;                       ///< Task involved, or -1.
  int32_t pool = -1;                       ///< Pool involved, or -1.
  int32_t work = -1;                       ///< Work involved, or -1.
  int32_t wq = -1;                         ///< Workqueue involved, or -1.
  int32_t cpu = -1;                        ///< CPU involved, or -1.
  int64_t a = 0;                           ///< The event's `a` (see EventType).
  int64_t b = 0;                           ///< The event's `b`.
  uint32_t event = 0;                      ///< Index of the event in Simulation::events().
  friend bool operator==(const Marker&, const Marker&) = default;  ///< Equal in every field.
  /// The event it marks, rebuilt from the fields above (seq is not kept).
  Event as_event() const {
    Event e;
    e.time = time, e.type = type, e.cpu = static_cast<int16_t>(cpu), e.task = task, e.work = work;
    e.pool = pool, e.pwq = pwq, e.wq = wq, e.a = a, e.b = b;
    return e;
  }
};

/// A sampled integer value over time (a step function: each value holds until the next).
struct CounterSeries {
  std::vector<Nanos> t;    ///< Sample times, ascending (one sample per instant).
  std::vector<int64_t> v;  ///< Values, parallel to t.
  int64_t max = 0;         ///< Largest value seen.
  /// Records @p value at @p time (replacing a sample at the same instant; equal values
  /// in a row are kept once).
  void add(Nanos time, int64_t value);
  /// Value at @p time (the last sample at or before it), or @p none before the first.
  int64_t at(Nanos time, int64_t none = 0) const;
  /// Smallest and largest of the values v[i, j) (i < j), in O(j - i) / 64 + 128 steps:
  /// what a pixel column covering many samples must show.
  void range(size_t i, size_t j, int64_t& lo, int64_t& hi) const;
  /// Keeps the first @p n samples and sets max to @p max (what they were at a checkpoint).
  void truncate(size_t n, int64_t max);

 private:
  static constexpr size_t kBlock = 64;
  mutable std::vector<int64_t> block_lo_, block_hi_;  // per complete block of kBlock values
  mutable size_t blocks_ok_ = 0;                      // blocks summarised and still valid
  void touched(size_t index);
};

/// One task's row: its state strip, slice lane, sub-slices and markers.
struct TaskRow {
  int32_t task = -1;                  ///< Task id (world().tasks index).
  int32_t group = -1;                 ///< Index into TimelineModel::groups().
  bool rescuer = false;               ///< A rescuer (kworker/R-*).
  Nanos born = 0;                     ///< TaskNew time.
  Nanos died = -1;                    ///< TaskExit time, or -1.
  std::deque<StateInterval> states;  ///< Contiguous state intervals, by start.
  std::deque<WorkSlice> slices;      ///< Work and manager slices, by start, not overlapping.
  std::deque<SubSlice> subs;         ///< Blocking ops inside slices, by start.
  std::vector<Marker> markers;        ///< Markers of this task, by time.
};

/// How a group of rows is formed.
enum class GroupKind : uint8_t {
  Pool,      ///< The workers of one worker pool (with its counters).
  Rescuers,  ///< Every rescuer (they visit many pools).
  Kernel,    ///< kthreadd and other kernel threads.
};

/// A group of rows under one header ("pool 2: cpus=0 nice=0", "rescuers", "kernel").
struct RowGroup {
  GroupKind kind = GroupKind::Pool;  ///< What it groups.
  int32_t pool = -1;                 ///< Pool id for a pool group.
  int cpu = -1;                      ///< The pool's CPU (-1 unbound), for ordering.
  std::string title;                 ///< Header text.
  std::vector<int32_t> rows;         ///< Indices into TimelineModel::rows(), by creation.
  std::vector<Marker> markers;       ///< Pool-level markers (mayday, lockup), by time.
  TimerTrack mayday_timer;           ///< Each arming of pool->mayday_timer.
  CounterSeries nr_running;          ///< pool->nr_running (PoolCounters).
  CounterSeries nr_idle;             ///< pool->nr_idle.
  CounterSeries nr_workers;          ///< pool->nr_workers.
  CounterSeries worklist;            ///< Length of pool->worklist.
  bool executed = false;             ///< A worker of this group executed a work.
};

/// One queueing of a work item and what became of it: the flow QueueWork ->
/// ActivateWork -> ExecuteStart -> ExecuteEnd (the last two are its slice's start and end:
/// TimelineModel::started() and ended()).
/// 40 bytes: a long run holds one per queueing.
struct WorkInstance {
  int32_t work = -1;       ///< The work item.
  int32_t wq = -1;         ///< Workqueue it was queued on.
  int32_t queued_by = -1;  ///< Task running on the queueing CPU then, or -1 (none).
  int16_t pool = -1;       ///< Pool it was queued to (two per CPU and the unbound ones: 16 bits hold them).
  bool rescued = false;    ///< A rescuer executed it (RescuerAssign).
  Nanos queued = -1;       ///< workqueue_queue_work.
  Nanos activated = -1;    ///< workqueue_activate_work, or -1 (still inactive).
  int32_t row = -1;        ///< Row that executed it, or -1 (not started).
  int32_t slice = -1;      ///< Index of its slice in that row, or -1.
  friend bool operator==(const WorkInstance&, const WorkInstance&) = default;  ///< Equal in every field.
};

/// A stretch of one CPU running one task (for per-CPU tracks).
struct CpuSlice {
  Nanos start = 0;    ///< Switched in.
  Nanos end = -1;     ///< Switched out; -1 while running.
  int32_t task = -1;  ///< The task.
  friend bool operator==(const CpuSlice&, const CpuSlice&) = default;  ///< Equal in every field.
};

/// The timeline's model of a simulation's event stream.
///
/// A step back does not re-read the whole log: every checkpoint_every() events (at an
/// instant where time moves on) the model notes what it needs to go back there: each
/// vector's size, the last elements the next events may still change (an open state,
/// slice, sub-slice, timer bar, CPU slice), the instances not yet ended, and the reading
/// state (Track). Going back restores the last checkpoint before the cut and reads on
/// from it. Events at a later instant than a checkpoint can only change elements that were
/// open at it or began after it, which is what makes this exact (the tests compare it with
/// a fresh read at every cut).
class TimelineModel {
 public:
  /// An empty model; update() fills it.
  TimelineModel();
  /// Frees the rows.
  ~TimelineModel();
  TimelineModel(const TimelineModel&) = delete;             ///< Not copyable (large).
  TimelineModel& operator=(const TimelineModel&) = delete;  ///< Not copyable (large).
  /// Reads the events appended since the last call, or rebuilds everything when
  /// history was rewound or replaced. Returns true if it rebuilt.
  /// Reads at most @p max_read events (the rest at later calls: behind() says how many).
  /// @p unchanged: how many leading events of the log are the same as at the previous call
  /// (Session::unchanged_prefix()); SIZE_MAX when unknown, then a changed history is
  /// noticed by its last event read and read again from the start.
  bool update(const Simulation& sim, size_t max_read = SIZE_MAX, size_t unchanged = SIZE_MAX);
  /// Same as update(const Simulation&), for a world and its event log.
  bool update(const World& w, const EventLog& events, size_t max_read = SIZE_MAX, size_t unchanged = SIZE_MAX);
  /// Takes a checkpoint every @p n events at most (default kCheckpointEvery; tests use few).
  void set_checkpoint_every(size_t n) { checkpoint_every_ = checkpoint_base_ = n == 0 ? 1 : n; }
  /// Events between checkpoints now (doubles when kMaxCheckpoints would be passed).
  size_t checkpoint_every() const { return checkpoint_every_; }
  /// Checkpoints kept.
  size_t checkpoints() const;
  /// Times a changed history was met by going back to a checkpoint instead of the start.
  uint64_t rewinds() const { return rewinds_; }
  /// Bytes its rows, instances, counters and checkpoints hold (element sizes and vector
  /// capacities; deque blocks counted full), for the run's budget.
  uint64_t footprint() const;
  /// Events of the log at the last update() not read yet (a long run after a rebuild
  /// is read over several frames, so the page never freezes).
  size_t behind() const { return behind_; }
  /// Forgets everything.
  void clear();

  /// Task rows, in order of first appearance.
  const std::vector<TaskRow>& rows() const { return rows_; }
  /// Groups in order of first appearance (TaskRow::group indexes this).
  const std::vector<RowGroup>& groups() const { return groups_; }
  /// Indices into groups() in display order: per-CPU pools by CPU (normal before
  /// highpri), unbound pools, rescuers, kernel.
  const std::vector<int32_t>& group_order() const { return group_order_; }
  /// Every queueing of a work item seen so far.
  const std::deque<WorkInstance>& instances() const { return instances_; }
  /// workqueue_execute_start of @p in (its slice's start), or -1 (not started).
  Nanos started(const WorkInstance& in) const;
  /// workqueue_execute_end of @p in (its slice's end), or -1 (not ended).
  Nanos ended(const WorkInstance& in) const;
  /// Workqueue of slice @p s (its instance's), or -1 (a manager slice).
  int32_t wq_of(const WorkSlice& s) const;
  /// Instances (indices into instances()) of work @p work, in queueing order.
  const std::vector<int32_t>& instances_of(int32_t work) const;
  /// Markers that belong to no task or pool (scripted actions, WARNs, hotplug).
  const std::vector<Marker>& global_markers() const { return global_markers_; }
  /// Free pages over time (MemCounters a).
  const CounterSeries& free_pages() const { return free_pages_; }
  /// Page cache over time (MemCounters b).
  const CounterSeries& cache_pages() const { return cache_pages_; }
  /// Per CPU: which task ran when.
  const std::vector<std::deque<CpuSlice>>& cpu_slices() const { return cpu_slices_; }
  /// Row of task @p task, or -1.
  int32_t row_of(int32_t task) const;
  /// Number of events read so far.
  size_t events_read() const { return read_; }
  /// Time of the last event read (0 before any).
  Nanos last_time() const { return last_time_; }
  /// Total work and manager slices over all rows.
  size_t slice_count() const { return slice_count_; }
  /// Times the model was rebuilt from the start (for tests and the UI).
  uint64_t rebuilds() const { return rebuilds_; }
  /// True if a marker of type @p type was read (the Timeline's legend lists those).
  bool marked(EventType type) const { return marked_types_.test(static_cast<size_t>(type)); }
  /// Cause-and-effect arrows of the mayday and memory-reclaim stories read so far, by effect.
  const std::vector<CauseArrow>& cause_arrows() const { return causes_.arrows(); }

 private:
  struct Track;       // per-task tracking state while reading events (timeline_track.h)
  struct Checkpoint;  // what going back to an event index needs (timeline_track.h)
  static constexpr size_t kCheckpointEvery = 65536;
  static constexpr size_t kMaxCheckpoints = 512;
  bool rewind(const EventLog& events, size_t keep);
  bool checkpoint_due(Nanos next_time) const;
  void take_checkpoint();
  void restore(const Checkpoint& c);
  void restore_rows(const Checkpoint& c);
  void restore_groups(const Checkpoint& c);
  void restore_instances(const Checkpoint& c);
  void restore_cpus(const Checkpoint& c);
  void read(const World& w, const Event& e, uint32_t index);
  int32_t ensure_row(const World& w, int32_t task, Nanos t);
  int32_t ensure_pool_group(const World& w, int32_t pool);
  int32_t special_group(GroupKind kind);
  void assign_group(int32_t row, int32_t group);
  void refresh_state(int32_t row, Nanos t);
  void close_sub(int32_t row, Nanos t);
  void add_marker(const World& w, const Event& e, uint32_t index);
  void sort_groups();
  // What each event does to the rows (read() picks one by the event's type).
  void task_new(const World& w, const Event& e);
  void task_exit(const World& w, const Event& e);
  void sched_switch(const World& w, const Event& e);
  void cpu_switch(int cpu, int32_t next, Nanos t);
  void switched_out(const World& w, const Event& e);
  void switched_in(const World& w, int32_t task, int cpu, Nanos t);
  void woken(const World& w, const Event& e);
  void migrated(const World& w, const Event& e);
  int32_t new_instance(const Event& e);
  WorkInstance* pending(int32_t work);
  void queued(const World& w, const Event& e);
  void activated(const Event& e);
  void rescued(const Event& e);
  void execute_start(const World& w, const Event& e);
  int32_t start_instance(const Event& e, int32_t row, int32_t slice);
  void execute_end(const World& w, const Event& e);
  void cpu_intensive(const World& w, const Event& e, bool on);
  void work_op(const World& w, const Event& e);
  void work_op_done(const World& w, const Event& e);
  void alloc_blocked(const World& w, const Event& e);
  void worker_created(const World& w, const Event& e);
  void worker_idle(const World& w, const Event& e, bool idle);
  void manager_start(const World& w, const Event& e);
  void manager_end(const World& w, const Event& e);
  void manager_waits(const World& w, const Event& e, uint8_t why);
  void pool_counters(const World& w, const Event& e);
  TimerTrack& mayday_timer(const World& w, const Event& e);

  std::vector<TaskRow> rows_;
  std::vector<Track> tracks_;
  std::vector<int32_t> row_of_task_;
  std::vector<RowGroup> groups_;
  std::vector<int32_t> group_of_pool_;
  std::vector<int32_t> group_order_;
  std::deque<WorkInstance> instances_;
  std::vector<std::vector<int32_t>> instances_of_work_;
  std::vector<int32_t> pending_instance_;  // per work: queued, not yet started
  std::vector<Marker> global_markers_;
  CounterSeries free_pages_;
  CounterSeries cache_pages_;
  std::vector<std::deque<CpuSlice>> cpu_slices_;
  std::vector<int32_t> cpu_current_;  // per CPU: task on it, -1 idle
  size_t read_ = 0;
  size_t behind_ = 0;
  Event last_{};
  Nanos last_time_ = 0;
  size_t slice_count_ = 0;
  uint64_t rebuilds_ = 0;
  uint64_t rewinds_ = 0;
  size_t checkpoint_base_ = kCheckpointEvery;   // as set; clear() goes back to it
  size_t checkpoint_every_ = kCheckpointEvery;  // doubled each time the checkpoints are thinned
  std::vector<Checkpoint> checkpoints_;  // ascending by Checkpoint::read
  bool groups_dirty_ = false;
  std::bitset<kEventTypeCount> marked_types_;
  CauseFlowFinder causes_;
};

}  // namespace cmwq::web
