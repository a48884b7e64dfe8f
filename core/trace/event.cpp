#include "core/trace/event.h"

namespace cmwq {

const char* event_type_name(EventType t) {
  switch (t) {
    case EventType::SchedSwitch: return "sched_switch";
    case EventType::SchedWakeup: return "sched_wakeup";
    case EventType::SchedMigrate: return "sched_migrate_task";
    case EventType::TaskNew: return "task_newtask";
    case EventType::TaskExit: return "sched_process_exit";
    case EventType::QueueWork: return "workqueue_queue_work";
    case EventType::ActivateWork: return "workqueue_activate_work";
    case EventType::ExecuteStart: return "workqueue_execute_start";
    case EventType::ExecuteEnd: return "workqueue_execute_end";
    case EventType::WorkOp: return "work_op";
    case EventType::WorkOpDone: return "work_op_done";
    case EventType::WorkerCreated: return "worker_created";
    case EventType::WorkerDestroyed: return "worker_destroyed";
    case EventType::WorkerIdle: return "worker_enter_idle";
    case EventType::WorkerBusy: return "worker_leave_idle";
    case EventType::WorkerFlags: return "worker_flags";
    case EventType::KickPool: return "kick_pool";
    case EventType::ManagerStart: return "manage_workers";
    case EventType::ManagerEnd: return "manage_workers_done";
    case EventType::CreateWorker: return "create_worker";
    case EventType::CreateFailed: return "create_worker_failed";
    case EventType::CreateCooldown: return "create_cooldown";
    case EventType::PoolCounters: return "pool_counters";
    case EventType::PwqCounters: return "pwq_counters";
    case EventType::MaydayTimerArm: return "mayday_timer_arm";
    case EventType::MaydayTimerStop: return "mayday_timer_stop";
    case EventType::MaydayTimeout: return "pool_mayday_timeout";
    case EventType::MaydaySent: return "send_mayday";
    case EventType::RescuerWake: return "rescuer_wake";
    case EventType::RescuerAssign: return "rescuer_assign";
    case EventType::RescuerRequeue: return "rescuer_requeue";
    case EventType::RescuerDone: return "rescuer_done";
    case EventType::MemCounters: return "mem_counters";
    case EventType::AllocBlocked: return "alloc_blocked";
    case EventType::AllocDone: return "alloc_done";
    case EventType::AllocFailed: return "alloc_failed";
    case EventType::ReclaimQueued: return "reclaim_queued";
    case EventType::PagesFreed: return "pages_freed";
    case EventType::RcuGpStart: return "rcu_gp_start";
    case EventType::RcuGpEnd: return "rcu_gp_end";
    case EventType::WatchdogLockup: return "workqueue_lockup";
    case EventType::DumpBegin: return "show_all_workqueues";
    case EventType::DumpWorkqueue: return "show_one_workqueue";
    case EventType::DumpPwq: return "show_pwq";
    case EventType::DumpInFlight: return "show_pwq_in_flight";
    case EventType::DumpPending: return "show_pwq_pending";
    case EventType::DumpInactive: return "show_pwq_inactive";
    case EventType::DumpPool: return "show_one_worker_pool";
    case EventType::DumpIdle: return "show_one_worker_pool_idle";
    case EventType::DumpHogBegin: return "show_cpu_pools_hogs";
    case EventType::DumpHog: return "show_cpu_pool_hog";
    case EventType::CpuHog: return "cpu_hog";
    case EventType::CpuHogReport: return "cpu_hog_report";
    case EventType::Warn: return "warn";
    case EventType::CpuOnline: return "cpu_online";
    case EventType::CpuOffline: return "cpu_offline";
    case EventType::Scripted: return "scripted";
    case EventType::DrainStart: return "drain_workqueue";
    case EventType::DrainIncomplete: return "drain_workqueue_incomplete";
    case EventType::DrainEnd: return "drain_workqueue_done";
    case EventType::DestroyStart: return "destroy_workqueue";
    case EventType::DestroyBusy: return "destroy_workqueue_busy";
    case EventType::DestroyEnd: return "destroy_workqueue_done";
  }
  return "?";
}

}  // namespace cmwq
