#pragma once
/// @file
/// @brief What the Code panel shows: the kernel function a worker, a rescuer or the
/// mayday timer is executing at this point of the run, as short pseudo-code in the
/// structure and names of kernel/workqueue.c, with the current line marked.
///
/// The listings are our own summaries of the kernel functions (not kernel source, see
/// code_listings.h). Where a worker is comes from the model (code_position() in
/// core/workqueue/code_position.h); this view adds the listings and words, which
/// depend on the task's state and wait reason.

#include <cstdint>
#include <string>
#include <vector>

#include "core/trace/event_log.h"
#include "core/workqueue/code_position.h"

namespace cmwq {
struct World;
}

namespace cmwq::web {

/// One function on the (modelled) call stack.
struct CodeFrame {
  std::string function;  ///< e.g. "maybe_create_worker".
  /// Where the kernel line numbers come from, e.g. "kernel/workqueue.c, 6.12.118"; empty
  /// for a work's own function.
  std::string source;
  std::vector<std::string> lines;  ///< Pseudo-code, one line each (2-space indents).
  /// Per line of `lines`, the number of the kernel line it stands for, or -1 (none: a
  /// brace, a comment, any line on 2.6.35); empty for a work's own function.
  std::vector<int> kernel_lines;
  int current = -1;  ///< Index of the marked line, or -1.
  std::string note;  ///< What is happening at that line, in words.
};

/// A call stack, outermost function first.
struct CodeView {
  std::string who;               ///< "kworker/0:1 (worker of pool 0)", "mayday timer of pool 0".
  std::vector<CodeFrame> stack;  ///< Outermost first; the last frame is where it is now.
};

/// The code worker @p worker (index into WqState::workers) is executing, or where it
/// sleeps. Works for rescuers too (rescuer_thread()). @p at, if given, is its position
/// instead of code_position()'s (a line step's, Simulation::line()).
CodeView worker_code(const World& w, int32_t worker, const CodePosition* at = nullptr);

/// pool_mayday_timeout() (and send_mayday()) if event @p focus of @p log (-1: the latest
/// event) belongs to a run of the mayday timer; an empty view otherwise.
CodeView timer_code(const World& w, const EventLog& log, int64_t focus);

/// The code line that emitted event @p i of @p log, for events of workers and rescuers
/// (rescuer_wake, rescuer_assign, workqueue_execute_start, work_op, create_worker ...),
/// so a student can walk through the events of one step line by line; an empty view
/// for events no code line stands for.
CodeView event_code(const World& w, const EventLog& log, int64_t i);

}  // namespace cmwq::web
