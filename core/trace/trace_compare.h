#pragma once
/// @file
/// @brief What a run did, as times a kernel trace and the model both show, and the two
/// compared row by row (`cmwq compare-trace`, scripts/kernel-check).
///
/// Only events both sides have are read: workqueue_execute_start/_end, sched_switch,
/// sched_wakeup, task_newtask and the mayday timer. A model run and an imported trace
/// (core/trace/import.h) go through the same code.
/// @code
///   cmwq::RunFacts kernel = cmwq::run_facts(imported.world, imported.events, 0, works);
///   cmwq::RunFacts model = cmwq::run_facts(sim.world(), sim.events(), first_action, works);
///   cmwq::Comparison c = cmwq::compare_facts(kernel, model, 100 * cmwq::NSEC_PER_USEC);
/// @endcode

#include <cstddef>
#include <string>
#include <vector>

#include "core/trace/event_log.h"

namespace cmwq {

struct World;

/// One execution of a work item.
struct WorkRun {
  std::string work;           ///< The work's name.
  bool rescuer = false;       ///< A rescuer ran it (else a pool's worker).
  Nanos start = 0;            ///< workqueue_execute_start.
  std::vector<Nanos> sleeps;  ///< Each time it began an operation that blocked it (a WorkOp that blocked).
  std::vector<Nanos> wakes;   ///< The last wake-up of its task before that operation returned (-1: none).
  Nanos finish = -1;          ///< workqueue_execute_end, or -1 if it did not finish.
};

/// What a CPU pool did: named "cpu N", "cpu N highpri" or "unbound".
struct PoolFacts {
  std::string pool;                   ///< The pool's name.
  std::vector<Nanos> mayday_armed;    ///< Each start of its mayday timer.
  std::vector<Nanos> mayday_fired;    ///< Each run of pool_mayday_timeout().
  std::vector<Nanos> workers_forked;  ///< Each fork of a new worker for it (task_newtask).
};

/// What a run did.
struct RunFacts {
  std::vector<WorkRun> runs;     ///< Executions of the works asked for, by start time.
  std::vector<PoolFacts> pools;  ///< The pools that queued or ran them.
  size_t events = 0;             ///< Events read.
};

/// How long after a scenario's end both sides go on running, so that what happens just
/// after the end on one side, a little later than on the other, is still seen
/// (tests/kernel/module/cmwq_replay.c's RUN_MARGIN_NS).
constexpr Nanos kRunMargin = 20 * NSEC_PER_MSEC;

/// The facts of @p events from index @p first on (a model run's events before its first
/// scenario action are its boot), for the works named in @p works, up to time @p until.
RunFacts run_facts(const World& w, const EventLog& events, size_t first, const std::vector<std::string>& works,
                   Nanos until);

/// One compared row: a work's execution ("w0", "w0#2" for its second) or a pool's list of
/// times ("cpu 0 mayday fired").
struct CompareRow {
  std::string name;    ///< The row.
  std::string kernel;  ///< Its fields on the kernel's side, in words ("start 0.010, sleep 5.014, ...").
  std::string model;   ///< The same for the model.
  Nanos largest = 0;   ///< Largest difference of a time present on both sides.
  bool match = false;  ///< Same fields, each time within the tolerance.
  std::string why;     ///< When it differs for another reason than time: what differs.
};

/// Two runs compared.
struct Comparison {
  std::vector<CompareRow> rows;  ///< Works first (by the kernel's start order), then pools.
  Nanos largest = 0;             ///< Largest difference over all rows.
  bool match = true;             ///< Every row matches.
};

/// Compares @p kernel with @p model: times within @p tolerance of each other match. Facts
/// after @p until on both sides are left out (read both up to until + kRunMargin), so a
/// step a little after the end on one side and a little before it on the other still pairs.
Comparison compare_facts(const RunFacts& kernel, const RunFacts& model, Nanos tolerance, Nanos until);

/// A time in milliseconds with microseconds ("5.014"), as the comparison prints it.
std::string format_ms(Nanos t);

}  // namespace cmwq
