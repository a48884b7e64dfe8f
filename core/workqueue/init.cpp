// Setting up pools, pool workqueues and workqueues: workqueue_init_early(),
// alloc_workqueue(), get_unbound_pool(), init_rescuer() and workqueue_init().
#include <algorithm>

#include "core/kernel/kthread.h"
#include "core/kernel/memory.h"
#include "core/kernel/timer.h"
#include "core/workqueue/internal.h"
#include "core/workqueue/workqueue.h"
#include "core/world.h"

namespace cmwq {
namespace {

void warn(World& w, WarnKind kind, int32_t wq = -1, int64_t b = 0) {
  Event& e = emit_warn(w, kind);
  e.wq = wq;
  e.b = b;
}

CpuMask all_cpus(const World& w) { return CpuMask::first_n(static_cast<int>(w.cpus.size())); }

// init_worker_pool(): a new pool starts DISASSOCIATED with its timers and cull work.
int32_t init_worker_pool(World& w, int cpu, const WorkqueueAttrs& attrs) {
  WorkerPool p;
  p.id = static_cast<int32_t>(w.wq.pools.size());  // worker_pool_assign_id()
  p.cpu = cpu;
  p.flags = POOL_DISASSOCIATED;
  p.attrs = attrs;
  p.watchdog_ts = jiffies(w);
  w.wq.pools.push_back(p);
  const int32_t id = p.id;
  const int32_t idle_timer = timer_setup(w, TimerFn::IdleWorkerTimeout, id, /*deferrable=*/true);
  const int32_t mayday_timer = timer_setup(w, TimerFn::PoolMaydayTimeout, id, false);
  const int32_t cull = init_work(w, "idle_cull_work", w.wq.prog_idle_cull);
  work_at(w, cull).ctx = id;
  WorkerPool& pool = pool_at(w, id);
  pool.idle_timer = idle_timer;
  pool.mayday_timer = mayday_timer;
  pool.idle_cull_work = cull;
  return id;
}

// wqattrs_equal() on the fields that identify an unbound pool.
bool wqattrs_equal(const WorkqueueAttrs& a, const WorkqueueAttrs& b) {
  if (a.nice != b.nice || a.affn_strict != b.affn_strict) return false;
  if (!(a.pod_cpumask == b.pod_cpumask)) return false;
  return a.affn_strict || a.cpumask == b.cpumask;
}

// get_unbound_pool(): find or create the unbound pool for @attrs.
int32_t get_unbound_pool(World& w, const WorkqueueAttrs& attrs, bool wq_online) {
  for (int32_t id : w.wq.unbound_pools)
    if (wqattrs_equal(pool_at(w, id).attrs, attrs)) {
      ++pool_at(w, id).refcnt;
      return id;
    }
  const int32_t id = init_worker_pool(w, -1, attrs);
  w.wq.unbound_pools.push_back(id);
  if (wq_online) create_worker_at_boot(w, id);
  return id;
}

// init_pwq(): a pwq of @wq on @pool, not yet linked.
int32_t init_pwq(World& w, int32_t wq, int32_t pool) {
  PoolWorkqueue pwq;
  pwq.id = static_cast<int32_t>(w.wq.pwqs.size());
  pwq.pool = pool;
  pwq.wq = wq;
  w.wq.pwqs.push_back(pwq);
  return pwq.id;
}

// link_pwq(): adopt the workqueue's work colour and join wq->pwqs (once).
void link_pwq(World& w, int32_t pwq) {
  Workqueue& wq = wq_at(w, pwq_at(w, pwq).wq);
  if (std::find(wq.pwqs.begin(), wq.pwqs.end(), pwq) != wq.pwqs.end()) return;
  pwq_at(w, pwq).work_color = wq.work_color;
  wq.pwqs.push_back(pwq);
}

// The pre-2.6.36 workqueue: a dedicated thread per CPU ("<name>/<cpu>"), or a single
// thread ("<name>") for unbound and ordered workqueues, each behind its own pool.
void alloc_legacy_pwqs(World& w, int32_t wq_id, bool wq_online) {
  const size_t ncpu = w.cpus.size();
  const Workqueue& wq = wq_at(w, wq_id);
  const bool single = (wq.flags & (WQ_UNBOUND | __WQ_ORDERED)) != 0;
  const std::string name = wq.name;
  std::vector<int32_t> slots(ncpu, -1);
  for (size_t cpu = 0; cpu < ncpu; ++cpu) {
    if (single && cpu > 0) {
      slots[cpu] = slots[0];
      continue;
    }
    WorkqueueAttrs attrs;
    attrs.cpumask = single ? all_cpus(w) : CpuMask::of(static_cast<int>(cpu));
    attrs.pod_cpumask = attrs.cpumask;
    attrs.affn_strict = true;
    // DISASSOCIATED: the thread never counts in nr_running, so nothing else wakes.
    const int32_t pool = init_worker_pool(w, single ? -1 : static_cast<int>(cpu), attrs);
    pool_at(w, pool).flags |= POOL_LEGACY;
    slots[cpu] = init_pwq(w, wq_id, pool);
    link_pwq(w, slots[cpu]);
    if (wq_online) create_worker_at_boot(w, pool, single ? name : name + "/" + std::to_string(cpu));
    else w.wq.legacy_pending_pools.push_back({pool, single ? name : name + "/" + std::to_string(cpu)});
  }
  wq_at(w, wq_id).cpu_pwq = slots;
}

// alloc_and_link_pwqs(): per-cpu wqs get one pwq per CPU on the CPU's pool; unbound
// wqs get a default pwq and one per CPU on the CPU's pod pool (ordered: all share one).
void alloc_and_link_pwqs(World& w, int32_t wq_id, bool wq_online) {
  const Workqueue& wq = wq_at(w, wq_id);
  const bool highpri = wq.flags & WQ_HIGHPRI;
  const size_t ncpu = w.cpus.size();
  std::vector<int32_t> slots(ncpu, -1);
  int32_t dfl = -1;
  if (!(wq.flags & WQ_UNBOUND)) {
    for (size_t cpu = 0; cpu < ncpu; ++cpu) slots[cpu] = init_pwq(w, wq_id, w.wq.cpu_pools[cpu][highpri ? 1 : 0]);
  } else {
    WorkqueueAttrs attrs;
    attrs.nice = highpri ? HIGHPRI_NICE_LEVEL : 0;
    attrs.cpumask = all_cpus(w);
    attrs.pod_cpumask = attrs.cpumask;
    attrs.affn_strict = false;
    dfl = init_pwq(w, wq_id, get_unbound_pool(w, attrs, wq_online));
    const bool ordered = wq_at(w, wq_id).flags & __WQ_ORDERED;
    for (size_t cpu = 0; cpu < ncpu; ++cpu) {
      if (ordered) {
        slots[cpu] = dfl;
        continue;
      }
      // wq_calc_pod_cpumask(): the CPU's pod within the allowed CPUs.
      WorkqueueAttrs pod = attrs;
      pod.pod_cpumask = w.wq.pods[static_cast<size_t>(w.wq.cpu_pod[cpu])];
      slots[cpu] = init_pwq(w, wq_id, get_unbound_pool(w, pod, wq_online));
    }
  }
  // apply_wqattrs_commit(): install the per-CPU slots, then the default pwq.
  for (int32_t pwq : slots) link_pwq(w, pwq);
  if (dfl >= 0) link_pwq(w, dfl);
  Workqueue& q = wq_at(w, wq_id);
  q.cpu_pwq = slots;
  q.dfl_pwq = dfl;
}

// init_rescuer(): a WQ_MEM_RECLAIM workqueue gets its own rescuer thread.
void init_rescuer(World& w, int32_t wq_id) {
  if (!(wq_at(w, wq_id).flags & WQ_MEM_RECLAIM)) return;
  Worker r;
  r.rescue_wq = wq_id;
  r.flags = WORKER_PREP;  // never cleared: a rescuer is never concurrency managed
  r.label = WorkerLabel::RescuerRepeat;
  w.wq.workers.push_back(r);
  const auto id = static_cast<int32_t>(w.wq.workers.size() - 1);
  alloc_pages(w, -1, WORKER_STRUCT_PAGES + TASK_STRUCT_PAGES + THREAD_STACK_PAGES, Gfp::ATOMIC,
              PageOwner::KernelObjects);
  const int32_t task = kthread_create_at_boot(w, TaskKind::Rescuer, "kworker/R-" + wq_at(w, wq_id).name,
                                              RESCUER_NICE_LEVEL, all_cpus(w), id);
  worker_at(w, id).task = task;
  Task& t = w.tasks[static_cast<size_t>(task)];
  t.flags |= PF_WQ_WORKER;
  t.state = TaskState::Idle;  // asleep in rescuer_thread() waiting for maydays
  t.wait = WaitReason::WorkerIdle;
  t.wakeup_pending_hook = true;
  wq_at(w, wq_id).rescuer = id;
  Event& e = emit(w, EventType::WorkerCreated);
  e.task = task;
  e.wq = wq_id;
  e.a = -1;
  e.b = 1;
}

int32_t alloc_workqueue_impl(World& w, const std::string& name, uint32_t flags, int max_active, bool wq_online) {
  if (flags & WQ_BH) {
    warn(w, WarnKind::BhNotModelled, -1, static_cast<int64_t>(flags));
    return -1;  // BH workqueues run in softirq context, which the model does not have
  }
  if ((flags & WQ_POWER_EFFICIENT) && w.wq.params.power_efficient) flags |= WQ_UNBOUND;
  Workqueue wq;
  wq.id = static_cast<int32_t>(w.wq.wqs.size());
  wq.name = name.substr(0, WQ_NAME_LEN - 1);
  wq.flags = flags;
  if (max_active == 0) max_active = WQ_DFL_ACTIVE;
  if (max_active < 1 || max_active > WQ_MAX_ACTIVE) {
    w.wq.wqs.push_back(wq);  // the warning names the workqueue
    warn(w, WarnKind::MaxActiveClamped, wq.id, max_active);
    w.wq.wqs.pop_back();
  }
  max_active = std::clamp(max_active, 1, WQ_MAX_ACTIVE);
  wq.max_active = wq.saved_max_active = max_active;
  wq.min_active = wq.saved_min_active = std::min(max_active, WQ_DFL_MIN_ACTIVE);
  if (flags & WQ_UNBOUND) {
    // One NUMA node holding every CPU, plus the NUMA_NO_NODE slot; per-node max is
    // clamp(DIV_ROUND_UP(max_active * node_cpus, total_cpus), min, max) = max_active.
    wq.node_nr_active.assign(2, NodeNrActive{});
    for (NodeNrActive& nna : wq.node_nr_active) nna.max = max_active;
  }
  w.wq.wqs.push_back(wq);
  const int32_t id = wq.id;
  if (legacy_workqueue(w.config.kernel)) {
    // No max_active in the old workqueue: the thread itself is the limit.
    Workqueue& q = wq_at(w, id);
    q.max_active = q.saved_max_active = WQ_MAX_ACTIVE;
    alloc_legacy_pwqs(w, id, wq_online);
    return id;
  }
  alloc_and_link_pwqs(w, id, wq_online);
  if (wq_online) init_rescuer(w, id);
  return id;
}

}  // namespace

int32_t alloc_workqueue(World& w, const std::string& name, uint32_t flags, int max_active) {
  return alloc_workqueue_impl(w, name, flags, max_active, /*wq_online=*/true);
}

int32_t alloc_ordered_workqueue(World& w, const std::string& name, uint32_t flags) {
  return alloc_workqueue(w, name, WQ_UNBOUND | __WQ_ORDERED | flags, 1);
}

int32_t find_workqueue(const World& w, const std::string& name) {
  for (const Workqueue& q : w.wq.wqs)
    if (q.name == name) return q.id;
  return -1;
}

unsigned work_busy(const World& w, int32_t work) {
  unsigned ret = 0;
  const Work& wk = w.wq.works[static_cast<size_t>(work)];
  if (wk.data & WORK_STRUCT_PENDING) ret |= 1;  // WORK_BUSY_PENDING
  for (const Worker& worker : w.wq.workers)
    if (worker.current_work == work && worker.current_func == wk.program) ret |= 2;  // WORK_BUSY_RUNNING
  return ret;
}

// workqueue_init_early() + workqueue_init(): pools, system workqueues, first workers,
// rescuers, and the watchdog.
void workqueue_init(World& w) {
  const size_t ncpu = w.cpus.size();
  WqState& s = w.wq;
  s.wq_rr_cpu_last.assign(ncpu, -1);
  // Affinity pods for unbound pools (scope "cache": one pod per LLC).
  const int per_pod = w.config.cpus_per_pod > 0 ? w.config.cpus_per_pod : static_cast<int>(ncpu);
  s.cpu_pod.assign(ncpu, 0);
  for (size_t cpu = 0; cpu < ncpu; ++cpu) {
    const size_t pod = cpu / static_cast<size_t>(per_pod);
    if (pod >= s.pods.size()) s.pods.resize(pod + 1);
    s.pods[pod].set(static_cast<int>(cpu));
    s.cpu_pod[cpu] = static_cast<int>(pod);
  }
  // The kernel's own work functions.
  s.prog_barrier = add_program(w, Program{"wq_barrier_func", {Op{OpCode::BarrierDone}}});
  s.prog_idle_cull = add_program(w, Program{"idle_cull_fn", {Op{OpCode::IdleCull}}});
  // Per-CPU pools. The two BH pools of each CPU come first, as in the kernel, so that
  // pool ids match real dumps (pool 2 is CPU 0's normal pool); BH pools never run work here.
  s.cpu_pools.resize(ncpu);
  for (size_t cpu = 0; cpu < ncpu; ++cpu) {
    // init_cpu_worker_pool(): bound to the CPU, nice 0 or HIGHPRI_NICE_LEVEL.
    auto attrs_of = [cpu](int highpri) {
      WorkqueueAttrs attrs;
      attrs.nice = highpri ? HIGHPRI_NICE_LEVEL : 0;
      attrs.cpumask = CpuMask::of(static_cast<int>(cpu));
      attrs.pod_cpumask = attrs.cpumask;
      attrs.affn_strict = true;
      return attrs;
    };
    for (int i = 0; i < NR_STD_WORKER_POOLS; ++i)
      pool_at(w, init_worker_pool(w, static_cast<int>(cpu), attrs_of(i))).flags |= POOL_BH;
    for (int i = 0; i < NR_STD_WORKER_POOLS; ++i)
      s.cpu_pools[cpu][static_cast<size_t>(i)] = init_worker_pool(w, static_cast<int>(cpu), attrs_of(i));
  }
  // System workqueues (workqueue_init_early()), in the kernel's order: since 6.12.85
  // system_percpu_wq and system_dfl_wq are separate workqueues named like system_wq and
  // system_unbound_wq, each made right after its namesake.
  const bool percpu_and_dfl = has_system_percpu_and_dfl_wq(w.config.kernel);
  s.system_wq = alloc_workqueue_impl(w, "events", 0, 0, false);
  if (percpu_and_dfl) s.system_percpu_wq = alloc_workqueue_impl(w, "events", 0, 0, false);
  s.system_highpri_wq = alloc_workqueue_impl(w, "events_highpri", WQ_HIGHPRI, 0, false);
  s.system_long_wq = alloc_workqueue_impl(w, "events_long", 0, 0, false);
  s.system_unbound_wq = alloc_workqueue_impl(w, "events_unbound", WQ_UNBOUND, WQ_MAX_ACTIVE, false);
  if (percpu_and_dfl) s.system_dfl_wq = alloc_workqueue_impl(w, "events_unbound", WQ_UNBOUND, WQ_MAX_ACTIVE, false);
  s.system_freezable_wq = alloc_workqueue_impl(w, "events_freezable", WQ_FREEZABLE, 0, false);
  s.system_power_efficient_wq = alloc_workqueue_impl(w, "events_power_efficient", WQ_POWER_EFFICIENT, 0, false);
  s.system_freezable_power_efficient_wq =
      alloc_workqueue_impl(w, "events_freezable_pwr_efficient", WQ_FREEZABLE | WQ_POWER_EFFICIENT, 0, false);
  // workqueue_init(): rescuers for existing wqs, then one worker per online CPU pool
  // (now associated with its CPU) and per unbound pool.
  for (size_t i = 0; i < s.wqs.size(); ++i) init_rescuer(w, static_cast<int32_t>(i));
  for (size_t cpu = 0; cpu < ncpu; ++cpu)
    for (int32_t id : w.wq.cpu_pools[cpu]) {
      pool_at(w, id).flags &= ~POOL_DISASSOCIATED;
      create_worker_at_boot(w, id);
    }
  for (int32_t id : std::vector<int32_t>(w.wq.unbound_pools)) create_worker_at_boot(w, id);
  for (const auto& [pool, comm] : std::vector<std::pair<int32_t, std::string>>(w.wq.legacy_pending_pools))
    create_worker_at_boot(w, pool, comm);
  w.wq.legacy_pending_pools.clear();
  wq_watchdog_init(w);
}

}  // namespace cmwq

namespace cmwq {

std::string wq_flags_string(uint32_t flags) {
  static const std::pair<uint32_t, const char*> kNames[] = {
      {WQ_BH, "WQ_BH"},
      {WQ_UNBOUND, "WQ_UNBOUND"},
      {WQ_FREEZABLE, "WQ_FREEZABLE"},
      {WQ_MEM_RECLAIM, "WQ_MEM_RECLAIM"},
      {WQ_HIGHPRI, "WQ_HIGHPRI"},
      {WQ_CPU_INTENSIVE, "WQ_CPU_INTENSIVE"},
      {WQ_SYSFS, "WQ_SYSFS"},
      {WQ_POWER_EFFICIENT, "WQ_POWER_EFFICIENT"},
      {WQ_PERCPU, "WQ_PERCPU"},
      {__WQ_DESTROYING, "__WQ_DESTROYING"},
      {__WQ_DRAINING, "__WQ_DRAINING"},
      {__WQ_ORDERED, "__WQ_ORDERED"},
      {__WQ_LEGACY, "__WQ_LEGACY"}};
  std::string out;
  for (const auto& [bit, name] : kNames)
    if (flags & bit) out += (out.empty() ? "" : "|") + std::string(name);
  return out.empty() ? "0" : out;
}

}  // namespace cmwq
