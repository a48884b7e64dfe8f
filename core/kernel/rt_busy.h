#pragma once
/// @file
/// @brief A real-time busy task: a SCHED_FIFO kthread bound to one CPU that busy-loops
/// for a while, then exits (the scenario action `rt_busy CPU DURATION`).
///
/// Every SCHED_FIFO task runs before every normal one (task_prio()), so while it loops
/// nothing else runs on its CPU: with kthreadd allowed only on that CPU
/// (`kthreadd_cpu CPU`), create_worker() waits for kthreadd, as it does when forking
/// waits for memory, and the mayday timer and the rescuer take over. This is how the
/// real kernel is starved in scripts/kernel-check (docs/kernel-validation.md), where the
/// kernel's RT throttling and 6.12's fair server are switched off, as the model has
/// neither.

#include <cstdint>

#include "core/kernel/sched.h"
#include "core/kernel/time.h"

namespace cmwq {

struct World;

/// Starts a SCHED_FIFO task bound to @p cpu that burns @p ns of CPU and exits; returns its id.
int32_t start_rt_busy(World& w, int cpu, Nanos ns);

/// The busy task's thread function: burn, then return.
StepResult rt_busy_step(World& w, int32_t task);

}  // namespace cmwq
