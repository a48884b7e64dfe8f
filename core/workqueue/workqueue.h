#pragma once
/// @file
/// @brief The public workqueue API (include/linux/workqueue.h), on a World.
///
/// Functions keep their kernel names. Calls that may sleep in the kernel
/// (flush_work(), flush_workqueue(), cancel_work_sync(), drain_workqueue(),
/// destroy_workqueue()) are only available to work programs, which run inside a task
/// (see core/kernel/program.h), and, for drain_workqueue() and destroy_workqueue(), to
/// scripted actions (ScriptOp::DrainWorkqueue, ScriptOp::DestroyWorkqueue), which start a
/// task of their own to make the call.

#include <cstdint>
#include <string>

#include "core/workqueue/constants.h"

namespace cmwq {

struct World;

/// alloc_workqueue(): returns the new workqueue's id, or -1 (after a WARN) on bad
/// arguments. @p max_active 0 means WQ_DFL_ACTIVE; values are clamped to
/// [1, WQ_MAX_ACTIVE] with the kernel's warning. WQ_MEM_RECLAIM creates a rescuer.
int32_t alloc_workqueue(World& w, const std::string& name, uint32_t flags, int max_active);
/// alloc_ordered_workqueue(): WQ_UNBOUND | __WQ_ORDERED with max_active 1.
int32_t alloc_ordered_workqueue(World& w, const std::string& name, uint32_t flags);
/// Finds a workqueue by name; -1 if none.
int32_t find_workqueue(const World& w, const std::string& name);

/// queue_work_on(): queues @p work on @p wq for @p cpu (WORK_CPU_UNBOUND: the local
/// CPU for per-cpu workqueues). Returns false if the work was already pending.
bool queue_work_on(World& w, int cpu, int32_t wq, int32_t work);
/// queue_delayed_work_on(): queues after @p delay jiffies (0: immediately).
bool queue_delayed_work_on(World& w, int cpu, int32_t wq, int32_t work, uint64_t delay);
/// cancel_work() / cancel_delayed_work(): takes a pending work off its queue or timer
/// without waiting for a running instance. Returns true if it was pending.
bool cancel_work(World& w, int32_t work);
/// workqueue_set_max_active().
void workqueue_set_max_active(World& w, int32_t wq, int max_active);

/// True once destroy_workqueue() has finished on @p wq: the kernel would have freed it,
/// so any later call on it is a use-after-free (the model WARNs and ignores the call).
bool workqueue_destroyed(const World& w, int32_t wq);

/// work_pending(): the PENDING bit.
bool work_pending(const World& w, int32_t work);
/// work_busy(): WORK_BUSY_PENDING (1) | WORK_BUSY_RUNNING (2).
unsigned work_busy(const World& w, int32_t work);

}  // namespace cmwq
