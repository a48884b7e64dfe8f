#pragma once
/// @file
/// @brief The event schema: one declaration per EventType of everything a reader needs
/// to know about it.
///
/// For each type, one table entry (core/trace/schema.cpp) gives its stable name, its
/// group, the id fields it fills, what its values `a` and `b` mean (names and types,
/// read through the typed accessors of core/trace/fields.h), where it shows (a
/// tracepoint line, a line of a show_all_workqueues() dump, the table format's KERNEL
/// section, a Timeline marker) and its one description in English. The exports (table,
/// json, perfetto, ftrace), the lab query language and the UI (event log, Timeline)
/// read events through it, so a new event type is one new entry here plus the model
/// code that emits it.
/// @code
///   const cmwq::EventSchema& s = cmwq::event_schema(e.type);
///   std::string text = cmwq::describe_event(world, e);  // "kworker/0:1 leaves pool 2 (cpus=0 nice=0)"
/// @endcode

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/trace/event.h"
#include "core/trace/fields.h"
#include "core/trace/tracker.h"

namespace cmwq {

struct World;

/// The category an event belongs to (the event log's filters).
enum class EventGroup : uint8_t {
  Workqueue,  ///< workqueue_queue_work, _activate_work, _execute_start, _execute_end, drain and destroy.
  Sched,      ///< sched_switch, sched_wakeup, migrations, task creation and exit.
  WorkOps,    ///< Operations of work programs (burn, sleep, alloc ...).
  Workers,    ///< Worker lifecycle, idle/busy, flags, kick_pool, manager, counters.
  Mayday,     ///< The mayday timer, maydays and the rescuer.
  Memory,     ///< Allocations, reclaim, freed pages, memory counters.
  Watchdog,   ///< Lockups, dumps, CPU hogs, WARNs.
  Other,      ///< RCU, CPU hotplug, scenario and user actions.
  Count,      ///< Number of groups.
};

/// Name of a group for the event log's filter checkboxes, e.g. "mayday & rescuer".
const char* event_group_name(EventGroup g);

/// The id fields of an Event, as bits of EventSchema::ids.
enum EventIdField : uint8_t {
  kIdCpu = 1u << 0,   ///< Event::cpu.
  kIdTask = 1u << 1,  ///< Event::task.
  kIdWork = 1u << 2,  ///< Event::work.
  kIdPool = 1u << 3,  ///< Event::pool.
  kIdPwq = 1u << 4,   ///< Event::pwq.
  kIdWq = 1u << 5,    ///< Event::wq.
};

/// How a decoded value reads (its type in the JSON export).
enum class FieldType : uint8_t {
  Number,       ///< An integer.
  Flag,         ///< A yes/no, non-zero for yes.
  Comm,         ///< A task id shown as the task's comm; -1 is the CPU's idle task, "swapper/N".
  StateChar,    ///< A task state letter: R, S, D, I or X.
  Op,           ///< An OpCode, by its scenario name ("sleep").
  Gfp,          ///< Allocation flags, by kernel name ("GFP_KERNEL").
  KickReason,   ///< A KickReason, by kick_reason_name().
  FreedReason,  ///< A PagesFreedReason, by freed_reason_name().
  WarnKind,     ///< A WarnKind, by warn_kind_name().
  Message,      ///< Not a stored value: the kernel's message text for the event (kernel_message()).
  Action,       ///< A scripted action index, shown as the action's text (left out when unknown).
};

/// One decoded value of an event: its name, its type and how to read it from the event.
struct EventField {
  const char* name = nullptr;              ///< Its key ("nr_running"); nullptr marks an unused slot.
  FieldType type = FieldType::Number;      ///< How it reads.
  int64_t (*get)(const Event&) = nullptr;  ///< Its value (through fields.h); nullptr for a Message.
};

/// The most decoded values one event type has.
constexpr size_t kMaxEventFields = 4;

/// Where the Timeline puts a marker for an event.
enum class TimelineMark : uint8_t {
  None,  ///< No marker.
  Task,  ///< On the row of the event's task (on the time axis if it has none).
  Pool,  ///< On the header of the event's pool (on the time axis if it has none).
};

/// The shape of a Timeline marker.
enum class MarkerGlyph : uint8_t {
  Dot,       ///< A filled circle.
  Plus,      ///< Something was created.
  Cross,     ///< Something ended or failed.
  FlagDown,  ///< A triangle pointing down: a call for help.
  FlagUp,    ///< A triangle pointing up: a warning.
  Diamond,   ///< A step of the rescue or the CPU-hog detection.
  Square,    ///< An end of a story (lockup, rescuer leaves, hotplug).
  Pin,       ///< A scenario or user action.
};

/// What a marker's colour says; the web app's palette gives each its colour.
enum class MarkerTone : uint8_t {
  Action,     ///< A scenario or user action.
  Created,    ///< A worker was created.
  Destroyed,  ///< A worker was destroyed.
  Failure,    ///< Something failed.
  Mayday,     ///< The mayday timer.
  MaydaySent, ///< send_mayday().
  Rescuer,    ///< A rescuer's step.
  Lockup,     ///< The watchdog's lockup report.
  Warn,       ///< A WARN.
  CpuHog,     ///< A worker hogging its CPU.
  Hotplug,    ///< A CPU going online or offline.
};

/// What a description reads: the event, the world it came from (for names; ids are
/// never reused, so a later state of the world names them as well) and, when the
/// reader keeps it, what the events before it tell (nullptr when unknown).
struct EventWords {
  const World& w;           ///< The world that emitted the event.
  const Event& e;           ///< The event described.
  const EventContext* ctx;  ///< Its context, or nullptr.
  /// The event's task's comm ("?" if none).
  std::string task() const;
  /// The event's work item's name.
  std::string work() const;
  /// The event's workqueue's name.
  std::string wq() const;
  /// The event's pool with its attributes: "pool 2 (cpus=0 nice=0)".
  std::string pool() const;
  /// The event's pool by id only: "pool 2".
  std::string pool_id() const;
  /// The event's pwq: "pwq 3 (q0 on pool 2)".
  std::string pwq() const;
};

/// Describes an event in English.
using DescribeFn = std::string (*)(const EventWords& d);
/// Says whether the table format's KERNEL section shows an event, given its context.
using ShowFn = bool (*)(const Event& e, const EventContext& ctx);

/// Everything about one event type.
struct EventSchema {
  EventType type = EventType::Warn;                  ///< The type declared.
  const char* name = "?";                            ///< Stable short name, e.g. "workqueue_queue_work".
  EventGroup group = EventGroup::Other;              ///< Its group.
  uint8_t ids = 0;                                   ///< The id fields it may fill (EventIdField bits).
  std::array<EventField, kMaxEventFields> fields{};  ///< Its decoded values, in order.
  bool ftrace = false;                               ///< format_ftrace() prints it as a tracepoint line.
  bool dump = false;                                 ///< One item of a show_all_workqueues()-style dump.
  ShowFn kernel_table = nullptr;                     ///< When format_table()'s KERNEL section shows it; nullptr: never.
  TimelineMark mark = TimelineMark::None;            ///< Where the Timeline marks it.
  MarkerGlyph glyph = MarkerGlyph::Dot;              ///< The marker's shape (when marked).
  MarkerTone tone = MarkerTone::Action;              ///< The marker's colour (when marked).
  const char* legend = nullptr;                      ///< The marker in the legend ("mayday sent"); nullptr: the name.
  bool context = false;                              ///< Its description or kernel_table rule reads the EventContext.
  DescribeFn describe = nullptr;                     ///< Its description in English.
};

/// The declaration of type @p t (a placeholder named "?" for a value outside the enum).
const EventSchema& event_schema(EventType t);

/// The group of type @p t.
inline EventGroup event_group(EventType t) { return event_schema(t).group; }

/// Event @p e in one line of English, as the event log, the table format and the
/// Timeline show it. @p ctx, when given, adds what the events before it tell (the
/// manager that created a worker, the work a task runs); pass it for the types whose
/// EventSchema::context is set. Dump items read as their line of the dump.
std::string describe_event(const World& w, const Event& e, const EventContext* ctx = nullptr);

/// The line format_table()'s KERNEL section shows for @p e in context @p ctx, or "" if
/// it shows none.
std::string kernel_table_line(const World& w, const Event& e, const EventContext& ctx);

}  // namespace cmwq
