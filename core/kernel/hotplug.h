#pragma once
/// @file
/// @brief CPU hotplug: taking a CPU offline and bringing it back (kernel/cpu.c, reduced).
///
/// Going down runs the workqueue's teardown callback (workqueue_offline_cpu(): the
/// CPU's pools become DISASSOCIATED and their workers UNBOUND, so pending work keeps
/// running elsewhere without concurrency management), then moves every task off the
/// CPU. Coming up runs workqueue_prepare_cpu() and workqueue_online_cpu() (workers
/// are rebound and marked REBOUND until their next cycle).

#include <cstdint>

namespace cmwq {

struct World;

/// cpu_down(): false if @p cpu is already offline or is the last online CPU.
bool cpu_down(World& w, int cpu);
/// cpu_up(): false if @p cpu is already online.
bool cpu_up(World& w, int cpu);

}  // namespace cmwq
