#pragma once
/// @file
/// @brief TimelineModel's private reading state: what it knows of one task while it reads
/// events (Track), and what it notes to go back to an event index (Checkpoint). Only the
/// model's .cpp files include this: timeline_model.cpp reads, timeline_checkpoint.cpp goes back.

#include <bitset>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/world.h"
#include "web/model/timeline_model.h"

namespace cmwq::web {

/// Scheduler and wait state of one task while reading events.
struct TimelineModel::Track {
  /// Where the scheduler has the task.
  enum class Sched : uint8_t { New, OnCpu, OnRq, Asleep, Dead };
  Sched sched = Sched::New;  ///< Where it is now.
  char sleep_char = 0;       ///< prev_state when it last switched out asleep
  bool preempted = false;    ///< switched out in state R
  bool mem_blocked = false;  ///< AllocBlocked since it last woke
  bool idle = false;         ///< WorkerIdle .. WorkerBusy
  bool intensive = false;    ///< WORKER_CPU_INTENSIVE: CpuHog, or a WQ_CPU_INTENSIVE work, until its end
  bool kthread_new = true;   ///< has not yet run past kthread()'s first park
  bool ran = false;          ///< has been on a CPU
  uint8_t manager_wait = 0;  ///< 1: waiting for kthreadd, 2: CREATE_COOLDOWN
  TaskKind kind = TaskKind::Worker;  ///< What the task is.
  int16_t cpu = -1;                  ///< CPU it runs on or last ran on.
  int32_t open_slice = -1;  ///< index in row.slices of a slice without end
  int32_t open_sub = -1;    ///< index in row.subs of a sub-slice without end
  int cur_op = -1;          ///< blocking OpCode in progress, or -1

  /// What the task does from @p t on, as the timeline colours it.
  StateInterval state(Nanos t) const {
    StateInterval s;
    s.start = t;
    s.cpu = cpu;
    if (sched == Sched::OnCpu) {
      s.state = intensive ? WorkerShow::CpuIntensive : WorkerShow::Running;
    } else if (sched == Sched::OnRq) {
      s.state = WorkerShow::Runnable;
      s.why = preempted ? WaitWhy::Preempted : WaitWhy::Woken;
    } else {
      off_cpu(s);
    }
    return s;
  }

  /// New, asleep or dead: blocked on memory, idle, or asleep for a reason the events tell.
  void off_cpu(StateInterval& s) const {
    if (mem_blocked) {
      s.state = WorkerShow::BlockedMemory;
      s.why = WaitWhy::Memory;
    } else if (kind == TaskKind::Kthreadd) {
      s.state = WorkerShow::Idle;
      s.why = WaitWhy::KthreaddIdle;
    } else if (idle || sleep_char == 'I' || (kind == TaskKind::Rescuer && !ran)) {
      s.state = WorkerShow::Idle;
      s.why = kind == TaskKind::Rescuer ? WaitWhy::RescuerIdle : WaitWhy::WorkerIdle;
    } else {
      s.state = WorkerShow::Sleeping;
      s.why = sleep_why();
    }
  }

  /// Why it sleeps, as far as the events tell.
  WaitWhy sleep_why() const;
};

/// The model as it stood before event `read`, as far as the events after it can change it.
/// I: events[read - 1].time < events[read].time, so every element the later events change
///    was open here (its copy below) or begins after here (cut off by the sizes).
struct TimelineModel::Checkpoint {
  size_t read = 0;  ///< Events read before it.
  Event last{};     ///< events[read - 1].
  /// One row then.
  struct Row {
    Track track;               ///< Its reading state.
    int32_t group = -1;        ///< TaskRow::group.
    bool rescuer = false;      ///< TaskRow::rescuer.
    Nanos born = 0;            ///< TaskRow::born.
    Nanos died = -1;           ///< TaskRow::died.
    uint32_t states = 0;       ///< states.size().
    uint32_t slices = 0;       ///< slices.size().
    uint32_t subs = 0;         ///< subs.size().
    uint32_t markers = 0;      ///< markers.size().
    StateInterval last_state;  ///< states.back(), if any.
    WorkSlice last_slice;      ///< slices.back(), if any.
    SubSlice last_sub;         ///< subs.back(), if any.
  };
  std::vector<Row> rows;  ///< Every row then, by index.
  /// A CounterSeries then.
  struct Series {
    uint32_t size = 0;  ///< Samples.
    int64_t max = 0;    ///< Its max.
  };
  /// One group then.
  struct Group {
    bool executed = false;  ///< RowGroup::executed.
    uint32_t markers = 0;   ///< markers.size().
    uint32_t bars = 0;      ///< mayday_timer.bars.size().
    TimerBar last_bar;      ///< mayday_timer.bars.back(), if any.
    Series nr_running;      ///< RowGroup::nr_running.
    Series nr_idle;         ///< RowGroup::nr_idle.
    Series nr_workers;      ///< RowGroup::nr_workers.
    Series worklist;        ///< RowGroup::worklist.
  };
  std::vector<Group> groups;                                     ///< Every group then, by index.
  uint32_t instances = 0;                                        ///< instances_.size().
  std::vector<std::pair<int32_t, WorkInstance>> open_instances;  ///< (index, copy) of those not yet ended.
  std::vector<std::pair<int32_t, int32_t>> pending;              ///< (work, instance) of pending_instance_.
  uint32_t global_markers = 0;                                   ///< global_markers_.size().
  Series free_pages;                                             ///< free_pages_.
  Series cache_pages;                                            ///< cache_pages_.
  std::vector<uint32_t> cpu_slices;                              ///< Per CPU: cpu_slices_[cpu].size().
  std::vector<CpuSlice> cpu_last;                                ///< Per CPU: its back(), if any.
  std::vector<int32_t> cpu_current;                              ///< cpu_current_.
  CauseFlowFinder causes;                                        ///< causes_ without its arrows.
  size_t arrows = 0;                                             ///< causes_.arrows().size().
  std::bitset<kEventTypeCount> marked;                           ///< marked_types_.
  size_t slice_count = 0;                                        ///< slice_count_.
};

}  // namespace cmwq::web
