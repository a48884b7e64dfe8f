#pragma once
/// @file
/// @brief Read-only, bounds-checked look-ups into a World, for every reader outside the
/// model: the UI, the exporters, the lab checker and the command line.
///
/// The model itself uses the checked-by-invariant accessors of core/workqueue/internal.h.
/// A reader holds ids that come from events or from other tables, and an id can be -1
/// ("none") or, in a damaged or foreign stream, out of range. Each look-up here returns
/// nullptr for such an id instead of every reader checking the table size by hand.
///
/// Lifetime: the pointers point into the World's tables. They stay valid while that
/// World is neither changed nor destroyed, so read, never keep them across a step.

#include <cstdint>
#include <vector>

#include "core/world.h"

namespace cmwq {

/// Element @p id of @p table, or nullptr when @p id is negative or past its end.
template <typename T>
const T* find_in(const std::vector<T>& table, int64_t id) {
  return id >= 0 && static_cast<uint64_t>(id) < table.size() ? &table[static_cast<size_t>(id)] : nullptr;
}

/// Task @p id (Event::task).
inline const Task* find_task(const World& w, int64_t id) { return find_in(w.tasks, id); }
/// Work item @p id (Event::work).
inline const Work* find_work(const World& w, int64_t id) { return find_in(w.wq.works, id); }
/// Worker pool @p id (Event::pool).
inline const WorkerPool* find_pool(const World& w, int64_t id) { return find_in(w.wq.pools, id); }
/// Pool workqueue @p id (Event::pwq).
inline const PoolWorkqueue* find_pwq(const World& w, int64_t id) { return find_in(w.wq.pwqs, id); }
/// Workqueue @p id (Event::wq).
inline const Workqueue* find_wq(const World& w, int64_t id) { return find_in(w.wq.wqs, id); }
/// Worker or rescuer @p id (an index into WqState::workers, not a pool's worker id).
inline const Worker* find_worker(const World& w, int64_t id) { return find_in(w.wq.workers, id); }
/// Work function @p id (Work::program, Worker::current_func).
inline const Program* find_program(const World& w, int64_t id) { return find_in(w.programs, id); }
/// Scripted action @p index (a Scripted event's a).
inline const ScriptedAction* find_action(const World& w, int64_t index) { return find_in(w.script, index); }
/// Completion @p id.
inline const Completion* find_completion(const World& w, int64_t id) { return find_in(w.completions, id); }
/// Mutex @p id.
inline const Mutex* find_mutex(const World& w, int64_t id) { return find_in(w.mutexes, id); }

/// The program (work function) of work @p work, or -1.
int32_t program_of_work(const World& w, int64_t work);
/// True if @p work is a pwq's mayday cursor (6.12.118): `work->func == mayday_cursor_func`.
bool is_mayday_cursor(const World& w, int64_t work);
/// Operation @p pc of work @p work's program (a WorkOp event's work and b), or nullptr.
const Op* find_op(const World& w, int64_t work, int64_t pc);
/// Index into WqState::workers of the worker or rescuer whose task is @p task, or -1.
int32_t worker_of_task(const World& w, int64_t task);

}  // namespace cmwq
