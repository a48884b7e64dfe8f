#pragma once
/// @file
/// @brief A real kernel's ftrace text read into our event stream (`cmwq import`).
///
/// Reads what `/sys/kernel/tracing/trace` prints (with its `#` header and flags column)
/// or what `trace-cmd report` prints, for these events:
///
/// | ftrace event                          | becomes                                           |
/// |---------------------------------------|---------------------------------------------------|
/// | workqueue_queue_work                  | QueueWork (the pool of its cpu=, normal)          |
/// | workqueue_activate_work               | ActivateWork                                      |
/// | workqueue_execute_start / _end        | ExecuteStart / ExecuteEnd                         |
/// | sched_switch                          | SchedSwitch; while a task executes a work, a switch-out asleep is also a WorkOp (sleep) and its next switch-in a WorkOpDone |
/// | sched_wakeup                          | SchedWakeup                                       |
/// | task_newtask                          | TaskNew; for a kworker also WorkerCreated         |
/// | timer_start of pool_mayday_timeout    | MaydayTimerArm (jiffies counted from the run's start) |
/// | timer_expire_entry of pool_mayday_timeout | MaydayTimeout                                 |
///
/// Lines of other events are skipped. It builds a World that names what the trace
/// names, so every formatter and the web app can read the stream: a task per pid (its
/// last comm, its priority as nice or SCHED_FIFO), a worker per kworker (pool and
/// worker id from its comm: `kworker/0:1` is CPU 0's normal pool, `kworker/0:1H` its
/// highpri pool, `kworker/u8:2` unbound pool 8, `kworker/R-name` the rescuer of the
/// workqueue whose name starts with `name`), a workqueue per name, a work per work struct
/// address (named by its function, or by a `cmwq-work` marker), a pool workqueue per
/// (workqueue, pool) queued to. Everything the trace does not show stays empty: flags and
/// max_active of workqueues, pool counters, the manager, maydays and the rescuer's steps
/// (send_mayday() and assign_rescuer_work() are inlined, not traced).
///
/// Markers written by tests/kernel/module/cmwq_replay.c (trace_printk) are honoured:
/// `cmwq-begin NAME t0=NS` makes NS (to the microsecond) time 0 (events before it only teach names),
/// `cmwq-work NAME ADDR` names a work, `cmwq-op NAME OP` and `cmwq-op-done NAME` are a
/// WorkOp and its WorkOpDone (without them, a work's task leaving the CPU asleep is a
/// WorkOp and its first switch-in after a wake-up the WorkOpDone), `cmwq-end NAME` ends
/// the run. Without them time 0
/// is the first event's time. A file holding several runs (the serial dump of
/// scripts/kernel-check, `=== cmwq-trace NAME` sections) needs ImportOptions::section.
///
/// Errors name the line, and the column of the field at fault:
/// "trace.txt:123:45: error: sched_switch: expected prev_pid=NUMBER". Nothing in the
/// text can make it crash, allocate without bound or loop.

#include <optional>
#include <string>
#include <string_view>

#include "core/scenario/action.h"
#include "core/trace/event.h"
#include "core/world.h"

namespace cmwq {

/// What import_ftrace() is told beyond the text.
struct ImportOptions {
  int hz = 250;         ///< The traced kernel's HZ (Debian's 6.12 has 250); jiffies derive from it.
  std::string section;  ///< Read only the `=== cmwq-trace NAME` section of this name ("" = the whole text).
};

/// A trace read into a world and its events.
struct ImportedTrace {
  World world;                ///< Names the trace's tasks, workers, pools, workqueues and works.
  std::vector<Event> events;  ///< The events, time 0 at the run's start, in trace order.
  Nanos end = 0;              ///< The run's end: the `cmwq-end` marker, else the last event.
  std::string scenario;       ///< The `cmwq-begin` marker's name, "" without one.
  size_t skipped = 0;         ///< Trace lines of events that are not read.
};

/// import_ftrace()'s answer: the trace, or the first error.
struct TraceImport {
  std::optional<ImportedTrace> trace;  ///< Set when the text was read.
  std::optional<ScenarioError> error;  ///< Set when it was not (file, line, column, message).
};

/// Reads ftrace text @p text; @p file names it in errors.
TraceImport import_ftrace(std::string_view text, const std::string& file, const ImportOptions& options = {});

}  // namespace cmwq
