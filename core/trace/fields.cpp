// Stable names of the enum values events carry (see fields.h).
#include "core/trace/fields.h"

namespace cmwq {

const char* kick_reason_name(KickReason r) {
  switch (r) {
    case KickReason::Queue:
      return "queue";
    case KickReason::Process:
      return "process";
    case KickReason::Sleep:
      return "sleep";
    case KickReason::Hog:
      return "hog";
    case KickReason::Rescuer:
      return "rescuer";
    case KickReason::Activate:
      return "activate";
    case KickReason::Hotplug:
      return "hotplug";
  }
  return "?";
}

const char* freed_reason_name(PagesFreedReason r) {
  switch (r) {
    case PagesFreedReason::Reclaim:
      return "reclaim";
    case PagesFreedReason::Free:
      return "free";
    case PagesFreedReason::Release:
      return "release";
    case PagesFreedReason::WorkerExit:
      return "worker_exit";
  }
  return "?";
}

const char* warn_kind_name(WarnKind k) {
  switch (k) {
    case WarnKind::FlushDependency:
      return "flush_dependency";
    case WarnKind::FlushMemalloc:
      return "flush_memalloc";
    case WarnKind::QueueOnDraining:
      return "queue_on_draining";
    case WarnKind::FreeMoreThanHeld:
      return "free_more_than_held";
    case WarnKind::UnlockNotOwner:
      return "unlock_not_owner";
    case WarnKind::EnterIdleRunning:
      return "enter_idle_running";
    case WarnKind::ScheduledNotEmpty:
      return "scheduled_not_empty";
    case WarnKind::CreateFailedMessage:
      return "create_failed";
    case WarnKind::MaxActiveClamped:
      return "max_active_clamped";
    case WarnKind::BadCpu:
      return "bad_cpu";
    case WarnKind::SetMaxActiveOrdered:
      return "set_max_active_ordered";
    case WarnKind::BhNotModelled:
      return "bh_not_modelled";
    case WarnKind::QueueListNotEmpty:
      return "queue_list_not_empty";
    case WarnKind::DestroyBusyPwq:
      return "destroy_busy_pwq";
    case WarnKind::UseAfterDestroy:
      return "use_after_destroy";
    case WarnKind::NullPwqOops:
      return "null_pwq_oops";
    case WarnKind::RecursiveLocking:
      return "recursive_locking";
    case WarnKind::LeakedLock:
      return "leaked_lock";
  }
  return "?";
}

}  // namespace cmwq
