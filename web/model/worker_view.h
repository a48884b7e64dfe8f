#pragma once
/// @file
/// @brief How the panels see a worker: one display state (with its colour and words),
/// derived read-only from the world (Worker, Task, WorkerPool).

#include <cstdint>
#include <string>
#include <vector>

#include "core/trace/event_log.h"
#include "web/model/event_index.h"
#include "web/model/palette.h"

namespace cmwq {
struct World;
}

namespace cmwq::web {

/// What a worker (or any task) shows as: the one set of display states of every panel.
/// The Pools panel derives it from the world (worker_show()); the Timeline's state
/// strips from the event stream (TimelineModel), where only Running, Runnable, Sleeping,
/// BlockedMemory, CpuIntensive and Idle occur. When several apply, the first in this order
/// wins: blocked on memory is red everywhere, also for the manager stuck in
/// create_worker() (the heart of the rescuer's story; its summary says it is the manager).
enum class WorkerShow : uint8_t {
  BlockedMemory,  ///< In direct reclaim, waiting for pages.
  Manager,        ///< In manage_workers() (maybe_create_worker()).
  Rescuer,        ///< A rescuer attached to a pool it rescues.
  RescuerIdle,    ///< A rescuer waiting for maydays.
  CpuIntensive,   ///< WORKER_CPU_INTENSIVE: not counted in nr_running.
  Running,        ///< On a CPU.
  Runnable,       ///< TASK_RUNNING, waiting on a runqueue (woken or preempted).
  Sleeping,       ///< Blocked in its work item (sleep, completion, mutex, ...) or waiting for kthreadd.
  Idle,           ///< On the idle list (TASK_IDLE); on the Timeline also a waiting rescuer or kthreadd.
  Dead,           ///< Exited.
  Count,          ///< Number of states.
};

/// Short name of a display state, e.g. "blocked on memory".
const char* worker_show_name(WorkerShow s);
/// Colour of a display state, from the palette (palette.h), as 0xAABBGGRR. Inline: the
/// Timeline asks it for every state interval it draws.
constexpr uint32_t worker_show_color(WorkerShow s) {
  switch (s) {
    case WorkerShow::Manager:
      return palette::kManager;
    case WorkerShow::Rescuer:
      return palette::kRescuer;
    case WorkerShow::RescuerIdle:
      return palette::kRescuerIdle;
    case WorkerShow::BlockedMemory:
      return palette::kBlockedMemory;
    case WorkerShow::CpuIntensive:
      return palette::kCpuIntensive;
    case WorkerShow::Running:
      return palette::kRunning;
    case WorkerShow::Runnable:
      return palette::kRunnable;
    case WorkerShow::Sleeping:
      return palette::kSleeping;
    case WorkerShow::Idle:
      return palette::kIdle;
    case WorkerShow::Dead:
      return palette::kDead;
    case WorkerShow::Count:
      break;
  }
  return palette::rgba(255, 255, 255);
}

/// The display state of worker @p worker (an index into WqState::workers).
WorkerShow worker_show(const World& w, int32_t worker);
/// The worker or rescuer (index into WqState::workers) of the latest event of @p log at
/// or before index @p at that has one, looking back at most 64 events; -1 if none. What
/// the Code panel shows and a line step follows when no worker was picked.
int32_t latest_event_worker(const World& w, const EventLog& log, int64_t at);
/// One line about the worker: state, current work and operation, wait reason.
std::string worker_summary(const World& w, int32_t worker);

/// True for pools the panels show: every pool but the (unused) BH ones.
bool pool_shown(const World& w, int32_t pool);
/// A pool's title: "CPU 0 normal (pool 0)", "CPU 0 highpri (pool 1)", "unbound (pool 4)".
std::string pool_title(const World& w, int32_t pool);
/// Why the pool last woke a worker or tried to create one, in one line with its time,
/// from the latest KickPool, CreateWorker, CreateFailed or MaydayTimeout event of the
/// pool (EventIndex::last_why()); "" if there was none.
std::string pool_why(const World& w, const EventLog& log, const EventIndex& index, int32_t pool);

}  // namespace cmwq::web
