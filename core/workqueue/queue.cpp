// Queueing: queue_work_on(), __queue_work(), insert_work(), delayed works, cancel,
// and the max_active machinery (nr_active, inactive_works, per-node counters).
#include <algorithm>

#include "core/kernel/timer.h"
#include "core/workqueue/internal.h"
#include "core/workqueue/workqueue.h"
#include "core/world.h"

namespace cmwq {
namespace {

void warn(World& w, WarnKind kind, int32_t wq = -1, int32_t work = -1, int64_t b = 0) {
  Event& e = emit_warn(w, kind);
  e.wq = wq;
  e.work = work;
  e.b = b;
}

// is_chained_work(): the caller is a worker executing an item of @wq. A kworker that
// executes no item (a manager whose alloc_worker() entered direct reclaim) has no
// current_pwq: 6.12.113 checks for it, v6.12.0 dereferences NULL and the task dies in
// an oops (chained_work_checks_current_pwq()); then Task::oops is set and it is false.
bool is_chained_work(World& w, int32_t wq, int32_t work) {
  const int32_t worker = current_wq_worker(w);
  if (worker < 0) return false;
  const int32_t current_pwq = worker_at(w, worker).current_pwq;
  if (current_pwq >= 0) return pwq_at(w, current_pwq).wq == wq;
  if (!chained_work_checks_current_pwq(w.config.kernel)) {
    Event& e = emit_warn(w, WarnKind::NullPwqOops);
    e.task = w.current;
    e.cpu = static_cast<int16_t>(w.current_cpu);
    e.wq = wq;
    e.work = work;
    w.tasks[static_cast<size_t>(w.current)].oops = true;
  }
  return false;
}

// wq_select_unbound_cpu(): the local CPU, as every CPU is in wq_unbound_cpumask here.
int wq_select_unbound_cpu(World& w, int cpu) {
  if (w.cpus[static_cast<size_t>(cpu)].online) return cpu;
  // Round-robin among online CPUs from the per-CPU cursor.
  int& last = w.wq.wq_rr_cpu_last[static_cast<size_t>(cpu)];
  const int n = static_cast<int>(w.cpus.size());
  for (int i = 1; i <= n; ++i) {
    const int c = (last + i) % n;
    if (w.cpus[static_cast<size_t>(c)].online) {
      last = c;
      return c;
    }
  }
  return cpu;
}

NodeNrActive* wq_node_nr_active(World& w, int32_t wq, int node) {
  Workqueue& q = wq_at(w, wq);
  if (!(q.flags & WQ_UNBOUND)) return nullptr;
  const size_t idx = node < 0 ? q.node_nr_active.size() - 1 : static_cast<size_t>(node);
  return &q.node_nr_active[idx];
}

bool tryinc_node_nr_active(NodeNrActive& nna) {
  if (nna.nr >= nna.max) return false;
  ++nna.nr;
  return true;
}

// __pwq_activate_work(): move an inactive item (and its linked barriers) to the worklist.
void __pwq_activate_work(World& w, int32_t pwq_id, int32_t work) {
  PoolWorkqueue& pwq = pwq_at(w, pwq_id);
  Event& e = emit(w, EventType::ActivateWork);
  e.work = work;
  e.pwq = pwq_id;
  e.pool = pwq.pool;
  e.wq = pwq.wq;
  e.cpu = static_cast<int16_t>(w.current_cpu);
  e.task = w.current;
  WorkerPool& pool = pool_at(w, pwq.pool);
  if (pool.worklist.empty()) pool.watchdog_ts = jiffies(w);
  move_linked_works(w, work, pool.worklist, WorkListKind::PoolWorklist, pwq.pool);
  work_at(w, work).data &= ~WORK_STRUCT_INACTIVE;
  pool_counters_changed(w, pwq.pool);
  pwq_counters_changed(w, pwq_id);
}

// node_activate_pending_pwq(): give a freed per-node count to the next waiting pwq, round-robin.
void node_activate_pending_pwq(World& w, NodeNrActive& nna, int32_t caller_pool) {
  for (;;) {
    if (nna.pending_pwqs.empty()) return;
    const int32_t pwq_id = nna.pending_pwqs.front();
    PoolWorkqueue& pwq = pwq_at(w, pwq_id);
    const int32_t work = pwq.inactive_works.first;
    if (work < 0) {
      nna.pending_pwqs.pop_front();
      pwq.on_pending = false;
      continue;
    }
    if (tryinc_node_nr_active(nna)) {
      ++pwq.nr_active;
      __pwq_activate_work(w, pwq_id, work);
      nna.pending_pwqs.pop_front();
      if (pwq_at(w, pwq_id).inactive_works.empty())
        pwq_at(w, pwq_id).on_pending = false;
      else
        nna.pending_pwqs.push_back(pwq_id);
      if (pwq_at(w, pwq_id).pool != caller_pool) kick_pool(w, pwq_at(w, pwq_id).pool, KickReason::Activate);
    }
    return;
  }
}

// pwq_dec_nr_active(): retire an active count and activate the next inactive item.
void pwq_dec_nr_active(World& w, int32_t pwq_id) {
  PoolWorkqueue& pwq = pwq_at(w, pwq_id);
  const int32_t pool = pwq.pool;
  --pwq.nr_active;
  NodeNrActive* nna = wq_node_nr_active(w, pwq.wq, pool_at(w, pool).node);
  if (!nna) {
    // Per-cpu: activate our own next item. No kick: the finishing worker's
    // keep_working() loop picks it up.
    pwq_activate_first_inactive(w, pwq_id, false);
    pwq_counters_changed(w, pwq_id);
    return;
  }
  pwq_counters_changed(w, pwq_id);
  if (--nna->nr >= nna->max) return;
  if (!nna->pending_pwqs.empty()) node_activate_pending_pwq(w, *nna, pool);
}


}  // namespace

int32_t get_work_pool(const World& w, int32_t work) {
  const Work& wk = w.wq.works[static_cast<size_t>(work)];
  if (wk.data & WORK_STRUCT_PWQ) return w.wq.pwqs[static_cast<size_t>(wk.pwq)].pool;
  return wk.offq_pool;
}

void get_pwq(World& w, int32_t pwq) { ++pwq_at(w, pwq).refcnt; }
void put_pwq(World& w, int32_t pwq) { --pwq_at(w, pwq).refcnt; }

// insert_work(): own the work (data = pwq | PENDING | PWQ | flags), link it, pin the pwq.
void insert_work(World& w, int32_t pwq, int32_t work, WorkList& head, WorkListKind kind, int32_t owner,
                 uint32_t extra_flags) {
  Work& wk = work_at(w, work);
  wk.data = WORK_STRUCT_PENDING | WORK_STRUCT_PWQ | (extra_flags & ~0xF0u);
  wk.color = static_cast<int>((extra_flags >> WORK_STRUCT_COLOR_SHIFT) & 0xF);
  wk.pwq = pwq;
  work_list_add_tail(w.wq.works, head, kind, owner, work);
  get_pwq(w, pwq);
}

// pwq_tryinc_nr_active(): may this pwq run one more item?
bool pwq_tryinc_nr_active(World& w, int32_t pwq_id, bool fill) {
  PoolWorkqueue& pwq = pwq_at(w, pwq_id);
  NodeNrActive* nna = wq_node_nr_active(w, pwq.wq, pool_at(w, pwq.pool).node);
  bool obtained = false;
  if (!nna) {
    obtained = pwq.nr_active < wq_at(w, pwq.wq).max_active;
  } else {
    if (pwq.plugged) return false;
    // Already waiting for a count: don't jump the line (unless max_active grew).
    if (pwq.on_pending && !fill) return false;
    obtained = tryinc_node_nr_active(*nna);
    if (!obtained) {
      if (!pwq.on_pending) {
        nna->pending_pwqs.push_back(pwq_id);
        pwq.on_pending = true;
      } else if (!fill) {
        return false;
      }
      obtained = tryinc_node_nr_active(*nna);
      if (obtained && !fill) {
        nna->pending_pwqs.erase(std::find(nna->pending_pwqs.begin(), nna->pending_pwqs.end(), pwq_id));
        pwq.on_pending = false;
      }
    }
  }
  if (obtained) ++pwq.nr_active;
  return obtained;
}

// pwq_activate_first_inactive()
bool pwq_activate_first_inactive(World& w, int32_t pwq_id, bool fill) {
  const int32_t work = pwq_at(w, pwq_id).inactive_works.first;
  if (work >= 0 && pwq_tryinc_nr_active(w, pwq_id, fill)) {
    __pwq_activate_work(w, pwq_id, work);
    return true;
  }
  return false;
}

// pwq_dec_nr_in_flight(): an item left the queue (completed or cancelled).
void pwq_dec_nr_in_flight(World& w, int32_t pwq_id, uint32_t work_data, int color) {
  if (!(work_data & WORK_STRUCT_INACTIVE)) pwq_dec_nr_active(w, pwq_id);
  PoolWorkqueue& pwq = pwq_at(w, pwq_id);
  --pwq.nr_in_flight[static_cast<size_t>(color)];
  if (pwq.flush_color == color && pwq.nr_in_flight[static_cast<size_t>(color)] == 0) {
    pwq.flush_color = -1;
    Workqueue& wq = wq_at(w, pwq.wq);
    if (--wq.nr_pwqs_to_flush == 0) complete(w, w.wq.flushers[static_cast<size_t>(wq.first_flusher)].done);
  }
  put_pwq(w, pwq_id);
}

// __queue_work()
void __queue_work(World& w, int cpu, int32_t wq_id, int32_t work) {
  const int req_cpu = cpu;
  Workqueue& wq = wq_at(w, wq_id);
  if (wq.destroyed) {
    // A delayed work's timer outliving destroy_workqueue(): a use-after-free in the
    // kernel (destroy_workqueue() does not cancel timers). We WARN and drop the item.
    warn_use_after_destroy(w, wq_id, work, UseAfterDestroyCall::QueueWork);
    work_at(w, work).data &= ~WORK_STRUCT_PENDING;
    return;
  }
  // For a draining wq, only works from the same workqueue are allowed; __WQ_DESTROYING
  // catches queueing after destroy_workqueue() began. v6.12 has WARN_ON_ONCE() and
  // returns with PENDING still set, so the item cannot be queued again (v6.15 prints
  // "workqueue: cannot queue %ps on wq %s" with WARN_ONCE(); later kernels also clear
  // PENDING). The item is dropped every time; the warning prints once per boot.
  if ((wq.flags & (__WQ_DESTROYING | __WQ_DRAINING)) && !is_chained_work(w, wq_id, work)) {
    if (w.current >= 0 && w.tasks[static_cast<size_t>(w.current)].oops) return;  // it died in is_chained_work()
    if (!w.wq.warned_queue_draining) {
      w.wq.warned_queue_draining = true;
      Event& e = emit_warn(w, WarnKind::QueueOnDraining);
      e.task = w.current;
      e.cpu = static_cast<int16_t>(w.current_cpu);
      e.wq = wq_id;
      e.work = work;
    }
    return;
  }
  if (req_cpu == WORK_CPU_UNBOUND)
    cpu = (wq.flags & WQ_UNBOUND) ? wq_select_unbound_cpu(w, w.current_cpu) : w.current_cpu;
  int32_t pwq_id = wq.cpu_pwq[static_cast<size_t>(cpu)];
  int32_t pool_id = pwq_at(w, pwq_id).pool;

  // Non-reentrancy: if the work still runs on its last pool, queue it there.
  const int32_t last_pool = get_work_pool(w, work);
  if (last_pool >= 0 && last_pool != pool_id && !(wq.flags & __WQ_ORDERED)) {
    const int32_t worker = find_worker_executing_work(w, last_pool, work);
    if (worker >= 0 && pwq_at(w, worker_at(w, worker).current_pwq).wq == wq_id) {
      pwq_id = worker_at(w, worker).current_pwq;
      pool_id = pwq_at(w, pwq_id).pool;
    }
  }
  PoolWorkqueue& pwq = pwq_at(w, pwq_id);
  WorkerPool& pool = pool_at(w, pool_id);
  {
    Event& e = emit(w, EventType::QueueWork);
    e.work = work;
    e.wq = wq_id;
    e.pwq = pwq_id;
    e.pool = pool_id;
    e.cpu = static_cast<int16_t>(w.current_cpu);
    e.task = w.current;
    e.a = req_cpu;
    e.b = pool.cpu;
  }
  if (work_at(w, work).entry.kind != WorkListKind::None) {  // WARN_ON(!list_empty(&work->entry))
    warn(w, WarnKind::QueueListNotEmpty, wq_id, work);
    return;
  }

  ++pwq.nr_in_flight[static_cast<size_t>(pwq.work_color)];
  uint32_t work_flags = static_cast<uint32_t>(pwq.work_color) << WORK_STRUCT_COLOR_SHIFT;

  // Limit concurrently active items to max_active; queue behind existing inactive ones.
  if (pwq.inactive_works.empty() && pwq_tryinc_nr_active(w, pwq_id, false)) {
    if (pool.worklist.empty()) pool.watchdog_ts = jiffies(w);
    Event& e = emit(w, EventType::ActivateWork);
    e.work = work;
    e.pwq = pwq_id;
    e.pool = pool_id;
    e.wq = wq_id;
    e.cpu = static_cast<int16_t>(w.current_cpu);
    e.task = w.current;
    insert_work(w, pwq_id, work, pool.worklist, WorkListKind::PoolWorklist, pool_id, work_flags);
    pool_counters_changed(w, pool_id);
    pwq_counters_changed(w, pwq_id);
    kick_pool(w, pool_id, KickReason::Queue);
  } else {
    work_flags |= WORK_STRUCT_INACTIVE;
    insert_work(w, pwq_id, work, pwq.inactive_works, WorkListKind::PwqInactive, pwq_id, work_flags);
    pwq_counters_changed(w, pwq_id);
  }
}

bool queue_work_on(World& w, int cpu, int32_t wq, int32_t work) {
  if (wq_at(w, wq).destroyed) {  // our choice: the kernel would touch freed memory
    warn_use_after_destroy(w, wq, work, UseAfterDestroyCall::QueueWork);
    return false;
  }
  if (cpu != WORK_CPU_UNBOUND && (cpu < 0 || cpu >= static_cast<int>(w.cpus.size()))) {
    warn(w, WarnKind::BadCpu, wq, work, cpu);
    cpu = WORK_CPU_UNBOUND;
  }
  Work& wk = work_at(w, work);
  if (wk.data & WORK_STRUCT_PENDING) return false;  // test_and_set_bit(PENDING)
  if (wk.disable) return false;                     // clear_pending_if_disabled()
  wk.data |= WORK_STRUCT_PENDING;
  __queue_work(w, cpu, wq, work);
  return true;
}

bool queue_delayed_work_on(World& w, int cpu, int32_t wq, int32_t work, uint64_t delay) {
  if (wq_at(w, wq).destroyed) {
    warn_use_after_destroy(w, wq, work, UseAfterDestroyCall::QueueWork);
    return false;
  }
  if (cpu != WORK_CPU_UNBOUND && (cpu < 0 || cpu >= static_cast<int>(w.cpus.size()))) {
    warn(w, WarnKind::BadCpu, wq, work, cpu);
    cpu = WORK_CPU_UNBOUND;
  }
  Work& wk = work_at(w, work);
  if (wk.data & WORK_STRUCT_PENDING) return false;
  if (wk.disable) return false;
  wk.data |= WORK_STRUCT_PENDING;
  // __queue_delayed_work(): no delay means no timer (the earliest tick would be late).
  if (delay == 0 || wk.timer < 0) {
    __queue_work(w, cpu, wq, work);
    return true;
  }
  wk.dwork_wq = wq;
  wk.dwork_cpu = cpu;
  mod_timer(w, wk.timer, jiffies(w) + delay);
  return true;
}

// delayed_work_timer_fn()
void delayed_work_timer_fn(World& w, int32_t work) {
  const Work& wk = work_at(w, work);
  __queue_work(w, wk.dwork_cpu, wk.dwork_wq, work);
}

// __cancel_work() with try_to_grab_pending(): steal the work from its timer or list.
bool cancel_work(World& w, int32_t work) {
  Work& wk = work_at(w, work);
  bool was_pending = false;
  if (wk.timer >= 0 && timer_delete(w, wk.timer)) {
    was_pending = true;
  } else if (wk.data & WORK_STRUCT_PENDING) {
    if (wk.data & WORK_STRUCT_PWQ) {
      const int32_t pwq_id = wk.pwq;
      const int32_t pool_id = pwq_at(w, pwq_id).pool;
      const uint32_t data = wk.data;
      const int color = wk.color;
      // An inactive item may carry linked barriers: move them to the worklist.
      if (data & WORK_STRUCT_INACTIVE) {
        const int32_t next = wk.entry.next;
        if ((data & WORK_STRUCT_LINKED) && next >= 0)
          move_linked_works(w, next, pool_at(w, pool_id).worklist, WorkListKind::PoolWorklist, pool_id);
      }
      work_list_del(w.wq.works, list_of(w, work_at(w, work).entry), work);
      Work& again = work_at(w, work);  // after pwq list surgery (reference lifetime: core/world.h)
      again.data = WORK_STRUCT_PENDING;
      again.pwq = -1;
      again.offq_pool = pool_id;
      pwq_dec_nr_in_flight(w, pwq_id, data, color);
      pool_counters_changed(w, pool_id);
      pwq_counters_changed(w, pwq_id);
    }
    was_pending = true;
  }
  // set_work_pool_and_clear_pending()
  Work& done = work_at(w, work);
  done.data &= ~(WORK_STRUCT_PENDING | WORK_STRUCT_LINKED | WORK_STRUCT_INACTIVE);
  return was_pending;
}

// workqueue_set_max_active() with wq_adjust_max_active().
void workqueue_set_max_active(World& w, int32_t wq_id, int max_active) {
  Workqueue& wq = wq_at(w, wq_id);
  if (wq.flags & __WQ_ORDERED) {
    warn(w, WarnKind::SetMaxActiveOrdered, wq_id);
    return;
  }
  if (max_active < 1 || max_active > WQ_MAX_ACTIVE) warn(w, WarnKind::MaxActiveClamped, wq_id, -1, max_active);
  max_active = std::clamp(max_active, 1, WQ_MAX_ACTIVE);
  wq.saved_max_active = max_active;
  if (wq.flags & WQ_UNBOUND) wq.saved_min_active = std::min(wq.saved_min_active, max_active);
  if (wq.max_active == wq.saved_max_active && wq.min_active == wq.saved_min_active) return;
  wq.max_active = wq.saved_max_active;
  wq.min_active = wq.saved_min_active;
  if (wq.flags & WQ_UNBOUND) {
    // wq_update_node_max_active(): one node holding every CPU.
    for (NodeNrActive& nna : wq.node_nr_active) nna.max = wq.max_active;
  }
  // Round-robin through the pwqs activating inactive items until max_active is filled.
  bool activated = true;
  while (activated) {
    activated = false;
    for (int32_t pwq : wq_at(w, wq_id).pwqs) {
      if (pwq_activate_first_inactive(w, pwq, true)) {
        activated = true;
        kick_pool(w, pwq_at(w, pwq).pool, KickReason::Activate);
      }
    }
  }
}

bool work_pending(const World& w, int32_t work) {
  return w.wq.works[static_cast<size_t>(work)].data & WORK_STRUCT_PENDING;
}

}  // namespace cmwq
