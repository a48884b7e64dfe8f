#pragma once
/// @file
/// @brief Typed reading and writing of an Event's two values, `a` and `b`.
///
/// Every reader and emitter goes through these instead of casting or shifting `a` and
/// `b` by hand: the packing of a counter set into one 64-bit value is written here
/// once. Which accessor fits which event type is said by each one's comment and by the
/// event schema (core/trace/schema.h), whose fields read through them.

#include <cstdint>

#include "core/kernel/memory.h"
#include "core/kernel/program.h"
#include "core/trace/event.h"

namespace cmwq {

// --- Counters -------------------------------------------------------------------------

/// A worker pool's counters (PoolCounters). `a` packs nr_running and nr_idle in 16 bits
/// each and nr_workers above them: nr_running | nr_idle << 16 | nr_workers << 32;
/// `b` is the worklist length.
struct PoolCounts {
  int64_t nr_running = 0;  ///< pool->nr_running.
  int64_t nr_idle = 0;     ///< pool->nr_idle.
  int64_t nr_workers = 0;  ///< pool->nr_workers.
  int64_t worklist = 0;    ///< Items on pool->worklist.
};

/// The counters a PoolCounters event carries.
inline PoolCounts pool_counts(const Event& e) { return PoolCounts{e.a & 0xffff, (e.a >> 16) & 0xffff, e.a >> 32, e.b}; }

/// Stores @p c in a PoolCounters event (nr_running and nr_idle keep their low 16 bits).
inline void set_pool_counts(Event& e, const PoolCounts& c) {
  e.a = (c.nr_running & 0xffff) | ((c.nr_idle & 0xffff) << 16) | (c.nr_workers << 32);
  e.b = c.worklist;
}

/// A pool workqueue's counters (PwqCounters): `a` = nr_active, `b` = inactive items.
struct PwqCounts {
  int64_t nr_active = 0;    ///< pwq->nr_active.
  int64_t nr_inactive = 0;  ///< Items on pwq->inactive_works.
};

/// The counters a PwqCounters event carries.
inline PwqCounts pwq_counts(const Event& e) { return PwqCounts{e.a, e.b}; }

/// The page allocator's counters (MemCounters): `a` = free pages, `b` = page cache.
struct MemCounts {
  int64_t free = 0;   ///< Free pages.
  int64_t cache = 0;  ///< Page-cache pages (what writeback can free).
};

/// The counters a MemCounters event carries.
inline MemCounts mem_counts(const Event& e) { return MemCounts{e.a, e.b}; }

// --- Lock checking ---------------------------------------------------------------------

/// A LeakedLock WARN's lock depths (process_one_work()'s "lock=%d->%d"): `b` packs the
/// depth when the work started (low 32 bits) and when it returned (above).
struct LockDepths {
  int64_t start = 0;  ///< lockdep_start_depth.
  int64_t end = 0;    ///< lockdep_depth(current) after the work function.
};

/// The depths a LeakedLock WARN carries.
inline LockDepths lock_depths(const Event& e) { return LockDepths{e.b & 0xffffffff, e.b >> 32}; }

/// Stores @p d in a LeakedLock WARN.
inline void set_lock_depths(Event& e, const LockDepths& d) { e.b = (d.start & 0xffffffff) | (d.end << 32); }

// --- show_all_workqueues() lines ------------------------------------------------------

/// What a DumpPwq line shows: `a` = active, `b` packs refcnt (low 32 bits) and whether
/// the pwq is on its workqueue's mayday list (bit 32).
struct DumpPwqInfo {
  int64_t nr_active = 0;  ///< pwq->nr_active ("active=").
  int64_t refcnt = 0;     ///< pwq->refcnt ("refcnt=").
  bool mayday = false;    ///< On wq->maydays (" MAYDAY").
};

/// The values of a DumpPwq event.
inline DumpPwqInfo dump_pwq_info(const Event& e) { return DumpPwqInfo{e.a, e.b & 0xffffffff, (e.b >> 32) != 0}; }

/// Stores @p p in a DumpPwq event.
inline void set_dump_pwq_info(Event& e, const DumpPwqInfo& p) {
  e.a = p.nr_active;
  e.b = (p.refcnt & 0xffffffff) | (static_cast<int64_t>(p.mayday) << 32);
}

/// What a DumpPool line shows: `a` = hung seconds, `b` packs nr_workers (low 32 bits)
/// and the manager's pid + 1 (above; 0 for no manager).
struct DumpPoolInfo {
  int64_t hung_s = 0;        ///< Seconds the pool's work has waited ("hung=").
  int64_t nr_workers = 0;    ///< pool->nr_workers ("workers=").
  int64_t manager_pid = -1;  ///< Pid of the manager (" manager: "), -1 for none.
};

/// The values of a DumpPool event.
inline DumpPoolInfo dump_pool_info(const Event& e) { return DumpPoolInfo{e.a, e.b & 0xffffffff, (e.b >> 32) - 1}; }

/// Stores @p p in a DumpPool event.
inline void set_dump_pool_info(Event& e, const DumpPoolInfo& p) {
  e.a = p.hung_s;
  e.b = (p.nr_workers & 0xffffffff) | ((p.manager_pid + 1) << 32);
}

// --- Values that are an enum or an id -----------------------------------------------

/// The operation of a WorkOp or WorkOpDone event (`a`).
inline OpCode event_op(const Event& e) { return static_cast<OpCode>(e.a); }
/// The index of that operation in its work's program (`b`).
inline int64_t event_pc(const Event& e) { return e.b; }
/// The allocation flags of an AllocBlocked, AllocDone or AllocFailed event (`b`).
inline Gfp event_gfp(const Event& e) { return static_cast<Gfp>(e.b); }
/// Why kick_pool() ran, for a KickPool event (`a`).
inline KickReason kick_reason(const Event& e) { return static_cast<KickReason>(e.a); }
/// Why pages became free, for a PagesFreed event (`b`).
inline PagesFreedReason freed_reason(const Event& e) { return static_cast<PagesFreedReason>(e.b); }
/// The kind of a Warn event (`a`).
inline WarnKind warn_kind(const Event& e) { return static_cast<WarnKind>(e.a); }
/// True if a WorkerCreated or WorkerDestroyed event is about a rescuer (`b`).
inline bool worker_is_rescuer(const Event& e) { return e.b != 0; }
/// The task a SchedSwitch switches to (`a`), -1 for the idle task.
inline int32_t switch_next(const Event& e) { return static_cast<int32_t>(e.a); }
/// The state letter the previous task of a SchedSwitch leaves in (`b`): R, S, D, I or X.
inline char switch_prev_state(const Event& e) { return static_cast<char>(e.b); }

// --- Names of those values ----------------------------------------------------------

/// Stable short name of a kick reason, e.g. "queue" (the JSON export's "reason").
const char* kick_reason_name(KickReason r);
/// Stable short name of a PagesFreedReason, e.g. "reclaim".
const char* freed_reason_name(PagesFreedReason r);
/// Stable short name of a WarnKind, e.g. "flush_dependency".
const char* warn_kind_name(WarnKind k);

}  // namespace cmwq
