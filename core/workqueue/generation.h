#pragma once
/// @file
/// @brief The kernel generations the model follows, and the one place that asks which
/// generation runs.
///
/// The model follows one kernel at a time (MachineConfig::kernel): Debian's 6.12 LTS
/// (6.12.118, the default), v6.12.0, or the workqueue before CMWQ (2.6.35). Code never
/// compares versions itself: every behaviour that differs between generations is one
/// named predicate below, whose comment gives the kernel commit's title and the version
/// it arrived in, so a reader sees which kernel change makes a difference and finds
/// every place it matters by searching for the predicate.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace cmwq {

/// A kernel whose workqueue the model can follow, oldest first.
enum class KernelGeneration : uint8_t {
  Legacy_2_6_35,  ///< The workqueue before CMWQ: a thread per CPU per workqueue.
  V6_12_0,        ///< Mainline v6.12 (November 2024).
  V6_12_118,      ///< Debian 12's linux-source-6.12 6.12.118-1~deb12u1: v6.12 plus the stable backports.
};

/// The generation a world follows unless its scenario says otherwise.
constexpr KernelGeneration kDefaultKernel = KernelGeneration::V6_12_118;

/// One generation as scenario files, the command line and links name it.
struct KernelVersion {
  KernelGeneration gen;  ///< The generation.
  const char* name;      ///< Its name in `[machine] kernel`, `--kernel` and links, e.g. "6.12.118".
  const char* summary;   ///< One line for help texts and the web app's selector.
};

/// Every generation, newest first (the order help texts list them in).
std::span<const KernelVersion> kernel_versions();
/// The name of @p g, e.g. "6.12.0".
const char* kernel_version_name(KernelGeneration g);
/// The generation named @p name ("6.12.118", "6.12.0" or "2.6.35"), or nullopt.
std::optional<KernelGeneration> parse_kernel_version(std::string_view name);

// --- Predicates: each behaviour that differs between generations --------------------
//
// The 6.12 stable backports below arrived one Debian version at a time; the model knows
// v6.12.0 and 6.12.118, so each is true from 6.12.118 on. The 2.6.35 workqueue runs the
// model's shared code where it reaches it (it has no rescuers and no system_percpu_wq),
// so these are false for it, as for v6.12.0. docs/kernel-map.md lists the backports
// that change nothing the model shows.

/// The pre-CMWQ workqueue (create_workqueue() of 2.6.35): one thread per CPU per
/// workqueue runs its items one after another; no shared pools, no concurrency
/// management, no max_active, no rescuer. CMWQ replaced it in 2.6.36 ("workqueue:
/// implement concurrency managed dynamic worker pool", Tejun Heo, 2010).
constexpr bool legacy_workqueue(KernelGeneration g) { return g == KernelGeneration::Legacy_2_6_35; }

/// check_flush_dependency() returns at once for a flush made by a cancel
/// (cancel_work_sync(), cancel_delayed_work_sync()), so cancelling an item of a
/// !WQ_MEM_RECLAIM workqueue from a WQ_MEM_RECLAIM one (or a PF_MEMALLOC task) no longer
/// warns: "workqueue: Do not warn when cancelling WQ_MEM_RECLAIM work from
/// !WQ_MEM_RECLAIM worker", Debian 6.12.9 (upstream de35994ecd2d).
constexpr bool flush_dep_skips_cancel(KernelGeneration g) { return g >= KernelGeneration::V6_12_118; }

/// rescuer_thread() drops the mayday reference (put_pwq_unlocked()) after
/// kick_pool() and worker_detach_from_pool(), not before them under pool->lock: "workqueue:
/// Put the pwq after detaching the rescuer from the pool", Debian 6.12.16 (upstream
/// e76946110137, CVE-2025-21786). Only the order of the lines differs in the model
/// (pwqs are never freed here).
constexpr bool rescuer_put_after_detach(KernelGeneration g) { return g >= KernelGeneration::V6_12_118; }

/// assign_rescuer_work() takes nothing unless the pwq has active items and its pool still
/// needs a worker (`if (!pwq->nr_active || !need_to_create_worker(pool)) return false;`):
/// "workqueue: Only assign rescuer work when really needed", Debian 6.12.85 (upstream
/// 7b05c90b3302), after "workqueue: Factor out assign_rescuer_work()" (the same version,
/// upstream 99ed6f62a46e, no change of behaviour).
constexpr bool rescuer_assigns_only_when_needed(KernelGeneration g) { return g >= KernelGeneration::V6_12_118; }

/// The rescuer takes one item at a time behind a cursor work item on the pool's worklist
/// (pwq->mayday_cursor, mayday_cursor_func()), lets other pwqs of its workqueue go first
/// after RESCUER_BATCH items, and removes the cursor when it leaves; assign_work() drops
/// a cursor a normal worker meets. v6.12.0's rescuer takes every item of the pwq at once:
/// "workqueue: Process rescuer work items one-by-one using a cursor", Debian 6.12.85
/// (upstream e5a30c303b07).
constexpr bool rescuer_cursor_one_by_one(KernelGeneration g) { return g >= KernelGeneration::V6_12_118; }

/// workqueue_init_early() also makes system_percpu_wq ("events", right after system_wq)
/// and system_dfl_wq ("events_unbound", WQ_UNBOUND, WQ_MAX_ACTIVE, right after
/// system_unbound_wq): "workqueue: Add system_percpu_wq and system_dfl_wq", Debian 6.12.85
/// (upstream 128ea9f6ccfb).
constexpr bool has_system_percpu_and_dfl_wq(KernelGeneration g) { return g >= KernelGeneration::V6_12_118; }

/// The WQ_PERCPU flag (1 << 8) exists; nothing in kernel/workqueue.c tests it, so it only
/// shows in the workqueue's flags: "workqueue: Add new WQ_PERCPU flag", Debian 6.12.100.
constexpr bool has_wq_percpu_flag(KernelGeneration g) { return g >= KernelGeneration::V6_12_118; }

/// is_chained_work() checks worker->current_pwq before reading current_pwq->wq, so a
/// kworker that executes no item (a manager in direct reclaim) queueing on a draining
/// workqueue gets the WARN, where v6.12.0 dereferences NULL (an oops): "workqueue: Fix
/// NULL current_pwq deref in chained work check", Debian 6.12.113.
constexpr bool chained_work_checks_current_pwq(KernelGeneration g) { return g >= KernelGeneration::V6_12_118; }

}  // namespace cmwq
