// Display states of workers.
#include "web/model/worker_view.h"

#include <algorithm>

#include "core/workqueue/code_position.h"
#include "core/world.h"
#include "core/world_view.h"
#include "web/model/text_util.h"

namespace cmwq::web {

const char* worker_show_name(WorkerShow s) {
  switch (s) {
    case WorkerShow::Manager:
      return "manager";
    case WorkerShow::Rescuer:
      return "rescuer visiting";
    case WorkerShow::RescuerIdle:
      return "rescuer waiting";
    case WorkerShow::BlockedMemory:
      return "blocked on memory";
    case WorkerShow::CpuIntensive:
      return "CPU-intensive";
    case WorkerShow::Running:
      return "running";
    case WorkerShow::Runnable:
      return "runnable";
    case WorkerShow::Sleeping:
      return "sleeping";
    case WorkerShow::Idle:
      return "idle";
    case WorkerShow::Dead:
      return "exited";
    case WorkerShow::Count:
      break;
  }
  return "?";
}

namespace {

// True if @p worker holds its pool's manager role (in manage_workers()).
bool is_manager(const World& w, int32_t worker) {
  const int32_t pool = w.wq.workers[static_cast<size_t>(worker)].pool;
  return pool >= 0 && w.wq.pools[static_cast<size_t>(pool)].manager == worker;
}

}  // namespace

int32_t latest_event_worker(const World& w, const EventLog& log, int64_t at) {
  int32_t worker = -1;
  for (int64_t i = std::min<int64_t>(at, static_cast<int64_t>(log.size()) - 1); i >= 0 && i > at - 64 && worker < 0; --i)
    worker = worker_of_task(w, log[static_cast<size_t>(i)].task);
  return worker;
}

WorkerShow worker_show(const World& w, int32_t worker) {
  const Worker& wk = w.wq.workers[static_cast<size_t>(worker)];
  if (wk.task < 0) return WorkerShow::Dead;
  const Task& t = w.tasks[static_cast<size_t>(wk.task)];
  if (t.state == TaskState::Dead) return WorkerShow::Dead;
  if (t.wait == WaitReason::Memory && t.state != TaskState::Running) return WorkerShow::BlockedMemory;
  if (is_manager(w, worker)) return WorkerShow::Manager;
  if (wk.rescue_wq >= 0) return wk.pool >= 0 ? WorkerShow::Rescuer : WorkerShow::RescuerIdle;
  if (wk.flags & WORKER_CPU_INTENSIVE) return WorkerShow::CpuIntensive;
  if (wk.flags & WORKER_IDLE) return WorkerShow::Idle;
  if (t.state == TaskState::Running) return t.on_cpu ? WorkerShow::Running : WorkerShow::Runnable;
  return WorkerShow::Sleeping;
}

std::string worker_summary(const World& w, int32_t worker) {
  const Worker& wk = w.wq.workers[static_cast<size_t>(worker)];
  const WorkerShow show = worker_show(w, worker);
  std::string s = task_name(w, wk.task) + ": " + worker_show_name(show);
  if (show != WorkerShow::Manager && is_manager(w, worker)) s += ", the pool's manager";
  if (wk.current_work >= 0) {
    s += ", executing " + work_name(w, wk.current_work);
    // Inside the work's own function: at which operation.
    const KernelFrame* f = code_position(w, wk.task).find(KernelFunction::WorkFunction);
    if (const Op* op = f ? find_op(w, f->work, f->line) : nullptr) s += " at `" + op_text(w, *op) + "`";
  }
  if (wk.task >= 0) {
    const Task& t = w.tasks[static_cast<size_t>(wk.task)];
    if (t.state != TaskState::Running && t.wait != WaitReason::None && t.wait != WaitReason::WorkerIdle)
      s += std::string(", waiting: ") + wait_reason_name(t.wait);
  }
  return s;
}

bool pool_shown(const World& w, int32_t pool) {
  return pool >= 0 && static_cast<size_t>(pool) < w.wq.pools.size() &&
         !(w.wq.pools[static_cast<size_t>(pool)].flags & POOL_BH);
}

std::string pool_title(const World& w, int32_t pool) {
  const WorkerPool& p = w.wq.pools[static_cast<size_t>(pool)];
  const std::string id = " (pool " + std::to_string(pool) + ")";
  if (p.flags & POOL_LEGACY) return "legacy thread" + id;
  if (p.cpu < 0) return std::string("unbound") + (p.attrs.nice < 0 ? " highpri" : "") + id;
  return "CPU " + std::to_string(p.cpu) + (p.attrs.nice < 0 ? " highpri" : " normal") + id;
}

std::string pool_why(const World& w, const EventLog& log, const EventIndex& index, int32_t pool) {
  const int64_t i = index.last_why(pool);
  if (i < 0 || static_cast<size_t>(i) >= log.size()) return "";
  const Event& e = log[static_cast<size_t>(i)];
  const std::string at = "at " + format_time(e.time) + ": ";
  switch (e.type) {
    case EventType::KickPool: {
      std::string why;
      switch (static_cast<KickReason>(e.a)) {
        case KickReason::Queue:
          why = "a work was queued and no worker was running";
          break;
        case KickReason::Process:
          why = "process_one_work() chained execution (the worker does not count)";
          break;
        case KickReason::Sleep:
          why = "the last running worker went to sleep (wq_worker_sleeping)";
          break;
        case KickReason::Hog:
          why = "a worker hogged the CPU and became CPU_INTENSIVE";
          break;
        case KickReason::Rescuer:
          why = "the rescuer left the pool";
          break;
        case KickReason::Activate:
          why = "an inactive work was activated";
          break;
        case KickReason::Hotplug:
          why = "CPU hotplug unbound the workers";
          break;
      }
      return at + "kick_pool() woke " + task_name(w, e.task) + ": " + why;
    }
    case EventType::CreateWorker:
      return at + task_name(w, e.task) + " called create_worker(): no idle worker was left to take the next item";
    case EventType::CreateFailed:
      return at + "create_worker() failed (-ENOMEM): the manager retries after CREATE_COOLDOWN";
    case EventType::MaydayTimeout:
      return at + (e.a ? "the mayday timer fired: still no new worker, maydays sent to the rescuers"
                       : "the mayday timer fired, but the pool no longer needed a worker");
    default:
      return "";
  }
}

}  // namespace cmwq::web
