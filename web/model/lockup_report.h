#pragma once
/// @file
/// @brief The watchdog's "BUG: workqueue lockup" the run stands at, for a red banner
/// (above the Timeline) that a run stopped at a lockup cannot miss.

#include <cstdint>
#include <string>
#include <vector>

#include "core/trace/event_log.h"

namespace cmwq {
struct World;
}

namespace cmwq::web {

/// One lockup the watchdog reported.
struct LockupReport {
  int64_t event = -1;  ///< Its index in the event log.
  int32_t pool = -1;   ///< The pool that made no progress.
  std::string text;    ///< The kernel's words: "BUG: workqueue lockup - pool cpus=0 ... stuck for 31s!".
};

/// The lockups of the watchdog's latest report, oldest first, when that report is the
/// run's latest news: the log ends with WatchdogLockup events and the
/// show_all_workqueues() dump items that follow them (the watchdog reports every stuck
/// pool at one instant, then dumps). Empty once anything else happened after them.
std::vector<LockupReport> latest_lockups(const World& w, const EventLog& log);

}  // namespace cmwq::web
