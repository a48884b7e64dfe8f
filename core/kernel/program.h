#pragma once
/// @file
/// @brief Work functions as data: a small program of operations.
///
/// A real work item runs arbitrary C. Here its function is a program the student
/// composes (`burn 5ms`, `sleep 10ms`, `alloc 64 GFP_KERNEL`, `queue_work q0 w1`, ...);
/// process_one_work() runs it in the worker's context, so blocking operations block
/// the worker exactly as the C would.

#include <cstdint>
#include <string>
#include <vector>

#include "core/kernel/memory.h"
#include "core/kernel/time.h"

namespace cmwq {

/// One operation of a work program.
enum class OpCode : uint8_t {
  Burn,            ///< Use the CPU for `ns`.
  Sleep,           ///< Sleep for `ns` (an hrtimer sleep: exact, no jiffy rounding).
  Alloc,           ///< Allocate `count` pages with `gfp` (may block in direct reclaim).
  Free,            ///< Free `count` pages this work allocated earlier.
  Reclaim,         ///< Write back and free up to `count` page-cache pages (writeback work).
  QueueWork,       ///< queue_work_on(`cpu` or WORK_CPU_UNBOUND, wq `a`, work `b`).
  QueueDelayed,    ///< queue_delayed_work_on(..., delay `ns`).
  FlushWork,       ///< flush_work(work `b`).
  FlushWorkqueue,  ///< flush_workqueue(wq `a`).
  CancelWorkSync,  ///< cancel_work_sync(work `b`).
  Wait,            ///< wait_for_completion(completion `a`).
  Complete,        ///< complete(completion `a`).
  CompleteAll,     ///< complete_all(completion `a`).
  SynchronizeRcu,  ///< synchronize_rcu(): wait for a grace period.
  Lock,            ///< mutex_lock(mutex `a`).
  Unlock,          ///< mutex_unlock(mutex `a`).
  // Internal operations used by the kernel's own work items:
  RcuGpDone,       ///< End of the RCU grace-period work: a grace period completes.
  BarrierDone,     ///< wq_barrier_func(): complete the flusher's completion `a`.
  IdleCull,        ///< idle_cull_fn(): cull idle workers of pool `a`.
  // User operations added later (appended so older operations keep their numbers):
  DrainWorkqueue,    ///< drain_workqueue(wq `a`).
  DestroyWorkqueue,  ///< destroy_workqueue(wq `a`).
};

/// Name of an operation as written in scenario programs, e.g. "burn".
const char* op_name(OpCode op);

/// One operation with its operands (which fields matter depends on the code).
struct Op {
  OpCode code = OpCode::Burn;  ///< The operation.
  Nanos ns = 0;        ///< Duration (burn, sleep, delay).
  int64_t count = 0;   ///< Pages.
  Gfp gfp = Gfp::KERNEL;  ///< Allocation flags.
  int32_t a = -1;      ///< Workqueue, completion, mutex or pool id.
  int32_t b = -1;      ///< Work id.
  int cpu = -1;        ///< Target CPU for queueing; -1 = WORK_CPU_UNBOUND.
};

/// A work function: its name (what tracepoints print as function=) and its operations.
struct Program {
  std::string func;     ///< Function name, as tracepoints print it (%ps).
  std::vector<Op> ops;  ///< The operations, run in order.
};

}  // namespace cmwq
