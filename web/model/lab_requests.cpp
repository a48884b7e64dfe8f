// Kinds of "run to next" targets.
#include "web/model/lab_requests.h"

namespace cmwq::web {
namespace {

constexpr RunKind kKinds[] = {
    {"mayday", "mayday", EventType::MaydaySent, "send_mayday(): the mayday timer asks a rescuer for help"},
    {"rescuer", "rescuer", EventType::RescuerWake, "the rescuer wakes and takes a pwq off wq->maydays"},
    {"worker", "worker", EventType::WorkerCreated, "create_worker() finished: a new kworker"},
    {"lockup", "lockup", EventType::WatchdogLockup, "the workqueue watchdog's BUG: workqueue lockup"},
    {"warn", "WARN", EventType::Warn, "a WARN from the workqueue code"},
};

}  // namespace

std::span<const RunKind> run_kinds() { return kKinds; }

std::optional<EventType> find_run_kind(std::string_view key) {
  for (const RunKind& k : kKinds)
    if (key == k.key) return k.type;
  for (int t = 0; t <= static_cast<int>(kLastEventType); ++t)
    if (key == event_type_name(static_cast<EventType>(t))) return static_cast<EventType>(t);
  return std::nullopt;
}

}  // namespace cmwq::web
