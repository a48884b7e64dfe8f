#pragma once
/// @file
/// @brief Trace formatters: the event stream of a run as text, one format per function.
///
/// Every formatter is a pure function of a World (for names and, for the state views,
/// its state) and the events of a run; it returns the whole output as a string. The
/// per-event formats also stream (write_json(), write_perfetto(), write_ftrace()): their
/// text goes to a TextSink about 1 MiB at a time, which is how `cmwq run` writes them. None
/// does I/O, throws or keeps global state, so the command line, the tests and the web
/// UI share them. A typical use:
/// @code
///   cmwq::Simulation sim(cmwq::build_world(scenario), scenario.until);
///   sim.run_until(scenario.until);
///   std::string text = cmwq::format_table(sim.world(), sim.events());
/// @endcode
/// The world must be the one that emitted the events (or a later state of it): ids
/// are never reused, so names resolve at any later point.
///
/// | format   | function           | form                                                      |
/// |----------|--------------------|-----------------------------------------------------------|
/// | table    | format_table()     | Documentation/core-api/workqueue.rst's timeline tables    |
/// | ftrace   | format_ftrace()    | `trace-cmd report` lines of the workqueue and sched events |
/// | perfetto | format_perfetto()  | Chrome Trace Event JSON for ui.perfetto.dev               |
/// | json     | format_json()      | our full event stream (docs/json-format.md)               |
/// | summary  | format_summary()   | tools/workqueue/wq_monitor.py's table                     |
/// | dump     | format_dump()      | tools/workqueue/wq_dump.py, then show_all_workqueues()    |

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/trace/event_log.h"

namespace cmwq {

struct World;

/// Receives a streaming formatter's output in order, a piece (about 1 MiB) at a time, so
/// writing a long run's trace needs memory independent of its length.
using TextSink = std::function<void(std::string_view)>;

/// The kernel documentation's table: a header `TIME IN MSECS  EVENT`, then one line
/// per step of a user work item, time and text separated by two spaces. Times are
/// milliseconds, whole ones without decimals ("15"), others with the decimals they need
/// ("12.1"). The steps, derived from the events of the work's worker:
/// - execute_start: "w0 starts", "w0 starts and burns CPU" if its first operation at that
///   instant is a burn, "w0 starts and finishes" if it ends at once;
/// - an operation that blocks: "w0 sleeps", "w0 waits for memory", "w0 waits for c" (a
///   completion), "w0 waits for mutex m", "w0 waits for w1 (flush_work)",
///   "w0 waits for q0 (flush_workqueue)", "w0 waits for w1 (cancel_work_sync)",
///   "w0 waits for an RCU grace period" (operations that do not block print nothing);
/// - its return: "w0 wakes up", "... and burns CPU", "... and finishes" as for a start;
/// - execute_end: "w0 finishes".
/// The kernel's own work items (flush barriers, idle_cull_work) are left out. If the run
/// had any, a blank line and a second table `TIME IN MSECS  KERNEL` follow with what the
/// workqueue did meanwhile, in plain words or in the kernel's own message text: workers
/// created by a pool's manager, create_worker() waiting for memory, the mayday timer,
/// maydays, the rescuer, writeback freeing pages, the watchdog's "BUG: workqueue lockup"
/// with its show_all_workqueues() dump, the CPU-hog report, WARN messages, and
/// drain_workqueue()/destroy_workqueue() (their calls, "isn't complete after N tries", the
/// rescuer stopped, the busy-pwq report with its dump, the workqueue gone). Three or
/// more identical consecutive lines there (the mayday timer re-arming every 100 ms) print
/// as the first one and a line saying how often it repeated.
std::string format_table(const World& w, const EventLog& events);

/// The events as `trace-cmd report` prints them (without the latency flags column):
/// `COMM-PID [CPU] SECS.USECS: EVENT: FIELDS`, for workqueue_queue_work,
/// workqueue_activate_work, workqueue_execute_start, workqueue_execute_end (with their
/// v6.10+ TP_printk formats), sched_switch and sched_wakeup. Work structs print as the
/// fake kernel addresses of work_struct_address().
std::string format_ftrace(const World& w, const EventLog& events);
/// format_ftrace()'s text, given to @p sink as it is made.
void write_ftrace(const World& w, const EventLog& events, const TextSink& sink);

class TraceTracker;

/// One line of format_ftrace() (without its newline) for event @p e, given the context
/// @p tracker has accumulated from the events before it; empty if @p e is not one of the
/// traced events. Feed @p e to the tracker afterwards (TraceTracker::after()).
std::string ftrace_line(const World& w, const Event& e, const TraceTracker& tracker);

/// Chrome Trace Event Format JSON that ui.perfetto.dev and chrome://tracing open: a
/// process per worker pool (and one for rescuers, one for scenario actions, one for
/// memory), a thread per kworker, B/E slices for work executions with nested slices
/// for blocking operations, flow arrows from each queueing to its execution, counter
/// tracks (nr_running, nr_idle, nr_workers, worklist length, free and cache pages) and
/// instant events (mayday, rescuer, worker created/destroyed, watchdog lockup).
/// Slices still open at @p end are closed there.
std::string format_perfetto(const World& w, const EventLog& events, Nanos end);
/// format_perfetto()'s text, given to @p sink as it is made (two passes over the events:
/// the first finds the tracks whose names come first).
void write_perfetto(const World& w, const EventLog& events, Nanos end, const TextSink& sink);

/// Our own full event stream as JSON, names resolved, documented in docs/json-format.md.
/// @p end is the time the run stopped at.
std::string format_json(const World& w, const EventLog& events, Nanos end);
/// format_json()'s text, given to @p sink as it is made.
void write_json(const World& w, const EventLog& events, Nanos end, const TextSink& sink);

/// Collects a streaming formatter's pieces: what the format_*() functions return.
std::string collect_text(const std::function<void(const TextSink&)>& write);

/// A streaming formatter's buffer: text is appended to `text`; flush() gives it to the
/// sink once it holds about 1 MiB (finish() gives the rest).
struct SinkBuffer {
  /// Writes into @p sink.
  explicit SinkBuffer(const TextSink& sink) : sink_(sink) {}
  std::string text;  ///< Not yet given to the sink.
  /// Gives the text to the sink if it is long enough.
  void flush() {
    if (text.size() >= (size_t{1} << 20)) finish();
  }
  /// Gives all the text to the sink.
  void finish() {
    if (!text.empty()) sink_(text);
    text.clear();
  }

 private:
  const TextSink& sink_;
};

/// Per-workqueue statistics at the world's current time, as tools/workqueue/wq_monitor.py
/// prints them (a blank line, the header, one row per workqueue; PoolWorkqueue::stats
/// summed over the workqueue's pwqs).
std::string format_summary(const World& w);

/// The workqueue configuration and state at the world's current time in the shape of
/// tools/workqueue/wq_dump.py (Affinity Scopes, Worker Pools, Workqueue CPU -> pool,
/// Workqueue -> rescuer, Unbound workqueue -> node_nr/max_active), followed by what
/// show_all_workqueues() would print now (busy workqueues, their pwqs with in-flight,
/// pending and inactive items, and pools with busy workers).
std::string format_dump(const World& w);

// --- Pieces the formatters share, useful to a UI as well -----------------------------

/// A stable fake kernel address for work item @p work (what %p of its work_struct
/// prints): 0xffff888100000000 + work * 0x40.
uint64_t work_struct_address(int32_t work);

/// pr_cont_pool_info(): " cpus=%*pbl node=%d flags=0x%x nice=%d" for pool @p pool
/// (with its leading space, as the kernel appends it).
std::string pool_info(const World& w, int32_t pool);

/// The kernel's message text for an event that prints one (WatchdogLockup, CpuHogReport,
/// Warn, DrainIncomplete, DestroyBusy), e.g. "BUG: workqueue lockup - pool cpus=0 node=0 flags=0x0 nice=0 stuck for 30s!";
/// empty for other events. @p current_func is the function (program id) the task named by
/// the event was running, for the messages that print it (-1 if none).
std::string kernel_message(const World& w, const Event& e, int32_t current_func = -1);

/// True for the Dump* events show_all_workqueues() and the CPU-hog report emit, one per line,
/// and for DestroyBusy, which begins destroy_workqueue()'s show_pwq()/show_one_workqueue() dump
/// (EventSchema::dump).
bool is_dump_event(EventType t);

struct EventField;
struct EventContext;

/// Decoded value @p f of event @p e as JSON text (`12`, `true`, `"GFP_KERNEL"`), as the
/// json format writes it and the perfetto format's arguments do; empty when the value
/// is left out (a scripted action that is not in the world). @p ctx gives the function
/// a WARN's message prints (nullptr: none).
std::string field_json(const World& w, const Event& e, const EventField& f, const EventContext* ctx);

/// The lines show_all_workqueues() prints for a run of Dump* events (DumpBegin up to the
/// last Dump event before a non-Dump one), starting at @p events[first]. Sets @p next to
/// the index after the last event used.
std::vector<std::string> dump_event_lines(const World& w, const EventLog& events, size_t first,
                                          size_t& next);

}  // namespace cmwq
