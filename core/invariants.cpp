#include "core/invariants.h"

#include <algorithm>
#include <string>

#include "core/world.h"
#include "core/world_view.h"

namespace cmwq {
namespace {

std::string s(int64_t v) { return std::to_string(v); }

bool contains(const std::vector<int32_t>& v, int32_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// Whether a scripted set_max_active on @p wq has run. max_active bounds activation, not
// the count: workqueue_set_max_active() lowering it (wq_adjust_max_active()) deactivates
// nothing, so items already active keep running and nr_active stays above the new limit
// until they retire. After such a change only WQ_MAX_ACTIVE bounds nr_active.
bool max_active_was_set(const World& w, const Workqueue& wq) {
  for (const ScriptedAction& a : w.script)
    if (a.op == ScriptOp::SetMaxActive && a.wq == wq.id && a.time <= w.now) return true;
  return false;
}

std::string check_pools(const World& w) {
  const WqState& q = w.wq;
  for (const WorkerPool& pool : q.pools) {
    const std::string where = "pool " + s(pool.id) + ": ";
    int running = 0, idle = 0, workers = 0;
    for (size_t i = 0; i < q.workers.size(); ++i) {
      const Worker& wk = q.workers[i];
      if (wk.pool != pool.id || wk.label == WorkerLabel::Dead) continue;
      const auto id = static_cast<int32_t>(i);
      if (wk.rescue_wq < 0 && !(wk.flags & WORKER_DIE)) ++workers;
      if (!(wk.flags & WORKER_NOT_RUNNING) && !wk.sleeping) ++running;
      if (wk.flags & WORKER_IDLE) {
        ++idle;
        if (!contains(pool.idle_list, id)) return where + "idle worker " + s(id) + " not on idle_list";
      }
      if (wk.rescue_wq < 0 && !(wk.flags & WORKER_DIE)) {
        const bool is_idle = wk.flags & WORKER_IDLE;
        const bool busy = contains(pool.busy, id);
        const bool manager = pool.manager == id;
        if (!is_idle && !busy && !manager) return where + "worker " + s(id) + " is neither idle, busy nor manager";
      }
      if ((wk.current_work >= 0) != contains(pool.busy, id))
        return where + "worker " + s(id) + " busy_hash membership disagrees with current_work";
    }
    if (pool.nr_running < 0) return where + "nr_running < 0";
    if (!(pool.flags & POOL_DISASSOCIATED) && pool.nr_running != running)
      return where + "nr_running " + s(pool.nr_running) + " but " + s(running) + " running workers";
    if (pool.nr_idle != idle || pool.nr_idle != static_cast<int>(pool.idle_list.size()))
      return where + "nr_idle " + s(pool.nr_idle) + " idle flags " + s(idle) + " idle_list " + s(pool.idle_list.size());
    if (pool.nr_workers != workers) return where + "nr_workers " + s(pool.nr_workers) + " but " + s(workers);
    int n = 0;
    for (int32_t wk = pool.worklist.first; wk >= 0; wk = q.works[static_cast<size_t>(wk)].entry.next) {
      const Work& work = q.works[static_cast<size_t>(wk)];
      ++n;
      if (!(work.data & WORK_STRUCT_PWQ) || !(work.data & WORK_STRUCT_PENDING))
        return where + "worklist item " + s(wk) + " lacks PENDING|PWQ";
      if (q.pwqs[static_cast<size_t>(work.pwq)].pool != pool.id) return where + "worklist item of another pool";
      // Barriers and mayday cursors are INACTIVE on a worklist (never counted in nr_active).
      if ((work.data & WORK_STRUCT_INACTIVE) && !work.barrier && !is_mayday_cursor(w, wk))
        return where + "INACTIVE item on the worklist";
    }
    if (n != pool.worklist.count) return where + "worklist count mismatch";
  }
  return {};
}

// pwq->mayday_cursor (6.12.118): the pwq's own, INACTIVE and PENDING, and either on no
// list or on the pwq's pool's worklist (never run, scheduled or inactive).
std::string check_mayday_cursor(const World& w, const PoolWorkqueue& pwq, int32_t cursor) {
  const Work& c = w.wq.works[static_cast<size_t>(cursor)];
  if (pwq.mayday_cursor != cursor) return "mayday cursor " + s(cursor) + " is not the pwq's own";
  if ((c.data & (WORK_STRUCT_PENDING | WORK_STRUCT_INACTIVE)) != (WORK_STRUCT_PENDING | WORK_STRUCT_INACTIVE))
    return "mayday cursor lacks PENDING|INACTIVE";
  const bool on_worklist = c.entry.kind == WorkListKind::PoolWorklist && c.entry.owner == pwq.pool;
  if (c.entry.kind != WorkListKind::None && !on_worklist) return "mayday cursor on a list other than its pool's worklist";
  for (const Worker& wk : w.wq.workers)
    if (wk.current_work == cursor) return "mayday cursor executed by a worker";
  return {};
}

std::string check_pwqs(const World& w) {
  const WqState& q = w.wq;
  for (const PoolWorkqueue& pwq : q.pwqs) {
    const std::string where = "pwq " + s(pwq.id) + ": ";
    const Workqueue& wq = q.wqs[static_cast<size_t>(pwq.wq)];
    int active = 0;
    std::array<int, WORK_NR_COLORS> in_flight{};
    for (size_t i = 0; i < q.works.size(); ++i) {
      const Work& work = q.works[i];
      if (!(work.data & WORK_STRUCT_PWQ) || work.pwq != pwq.id) continue;
      if (is_mayday_cursor(w, static_cast<int64_t>(i))) {
        const std::string bad = check_mayday_cursor(w, pwq, static_cast<int32_t>(i));
        if (!bad.empty()) return where + bad;
        continue;  // not an item: counted in neither nr_active nor nr_in_flight
      }
      if (work.entry.kind == WorkListKind::None) return where + "queued item " + work.name + " on no list";
      if (!(work.data & WORK_STRUCT_INACTIVE)) ++active;
      ++in_flight[static_cast<size_t>(work.color)];
      const bool on_inactive = work.entry.kind == WorkListKind::PwqInactive;
      if (!work.barrier && on_inactive != static_cast<bool>(work.data & WORK_STRUCT_INACTIVE))
        return where + "item " + work.name + ": INACTIVE flag disagrees with inactive_works";
    }
    for (const Worker& wk : q.workers) {
      if (wk.current_pwq != pwq.id || wk.current_work < 0) continue;
      if (!(wk.exec_work_data & WORK_STRUCT_INACTIVE)) ++active;
      ++in_flight[static_cast<size_t>(wk.current_color)];
    }
    if (active != pwq.nr_active) return where + "nr_active " + s(pwq.nr_active) + " but " + s(active) + " active items";
    if (!(wq.flags & WQ_UNBOUND) && pwq.nr_active > (max_active_was_set(w, wq) ? WQ_MAX_ACTIVE : wq.max_active))
      return where + "nr_active " + s(pwq.nr_active) + " > max_active " + s(wq.max_active);
    for (size_t c = 0; c < in_flight.size(); ++c)
      if (in_flight[c] != pwq.nr_in_flight[c])
        return where + "nr_in_flight[" + s(static_cast<int64_t>(c)) + "] " + s(pwq.nr_in_flight[c]) + " but " +
               s(in_flight[c]);
  }
  for (const Workqueue& wq : q.wqs) {
    if (!(wq.flags & WQ_UNBOUND)) continue;
    int sum = 0;
    for (int32_t p : wq.pwqs) sum += q.pwqs[static_cast<size_t>(p)].nr_active;
    int nr = 0;
    for (const NodeNrActive& nna : wq.node_nr_active) {
      nr += nna.nr;
      if (nna.nr > (max_active_was_set(w, wq) ? WQ_MAX_ACTIVE : nna.max))
        return "wq " + wq.name + ": node nr_active " + s(nna.nr) + " above max " + s(nna.max);
    }
    if (sum != nr) return "wq " + wq.name + ": pwq nr_active sum " + s(sum) + " but node count " + s(nr);
  }
  return {};
}

std::string check_sched(const World& w) {
  for (size_t c = 0; c < w.cpus.size(); ++c) {
    const Cpu& cpu = w.cpus[c];
    if (cpu.curr >= 0) {
      const Task& t = w.tasks[static_cast<size_t>(cpu.curr)];
      if (!t.on_cpu || t.on_rq) return "cpu " + s(static_cast<int64_t>(c)) + ": curr flags wrong";
    }
    for (int32_t id : cpu.runqueue) {
      const Task& t = w.tasks[static_cast<size_t>(id)];
      if (t.state != TaskState::Running || !t.on_rq || t.on_cpu)
        return "cpu " + s(static_cast<int64_t>(c)) + ": runqueue task " + t.comm + " not runnable";
    }
  }
  for (const Task& t : w.tasks)
    if (t.state != TaskState::Running && (t.on_rq || t.on_cpu) && !t.on_cpu)
      return "task " + t.comm + " sleeping but on a runqueue";
  const Memory& m = w.mem;
  if (m.free + m.cache + m.hogged + m.kernel_objects + m.works != m.total) return "memory does not add up";
  if (m.free < 0) return "negative free memory";
  return {};
}

}  // namespace

std::string check_invariants(const World& w) {
  std::string r = check_pools(w);
  if (r.empty()) r = check_pwqs(w);
  if (r.empty()) r = check_sched(w);
  return r;
}

}  // namespace cmwq
