#pragma once
/// @file
/// @brief A scenario as the op list the cmwq_replay kernel module replays on a real
/// kernel (tests/kernel/module/cmwq_replay.c, `cmwq export-ops`, scripts/kernel-check).
///
/// One line per item, words separated by single spaces, names and numbers only:
/// @code
///   cmwq-ops 1
///   scenario doc-max-active-2
///   cpus 1
///   param cpu_intensive_thresh_us 10000
///   wq 0 q0 0 2 0                      # index name flags max_active ordered (own workqueues)
///   sys_wq 1 events                    # a system workqueue the scenario uses (system_wq), by its kernel name
///   completion 0 c                     # index name
///   work 0 w0                          # index name, then its program:
///   op 0 burn 5000000                  #   burn NS | sleep NS | queue_work WQ WORK CPU |
///   op 0 sleep 10000000                #   flush_work WORK | wait C | complete C | complete_all C
///   at 0 queue_work 0 0 0 0            # time(ns) queue_work WQ WORK CPU FROM
///   at 0 kthreadd_cpu 1                #          complete C FROM | complete_all C FROM |
///   at 0 rt_busy 1 300000000           #          kthreadd_cpu CPU | rt_busy CPU NS
///   until 50000000
///   end
/// @endcode
/// Workqueues, works and completions are named by their index; CPU -1 is
/// WORK_CPU_UNBOUND (cpu=any); flags are the kernel's WQ_* bits (core/workqueue/constants.h,
/// the same values as include/linux/workqueue.h). Timed actions are in time order, file
/// order within a time. Only what the module can replay is accepted: memory operations
/// (alloc, free, reclaim, hog, release), mutexes, RCU, delayed and cancelled works,
/// hotplug, max_active changes, drain/destroy and `queue` are refused with the line at
/// fault, as are workqueue names longer than the module keeps.

#include <optional>
#include <string>

#include "core/scenario/scenario.h"

namespace cmwq {

/// export_ops()'s answer: the op list, or the first thing the module could not replay.
struct OpsExport {
  std::string text;                    ///< The op list, when the scenario can be replayed.
  std::optional<ScenarioError> error;  ///< Set when it cannot (file and position of the item).
};

/// The op list of scenario @p s, named @p name (the `scenario` line: a word, e.g. the
/// file's stem).
OpsExport export_ops(const Scenario& s, const std::string& name);

}  // namespace cmwq
