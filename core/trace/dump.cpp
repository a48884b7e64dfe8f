// The workqueue state in the shape of tools/workqueue/wq_dump.py (v6.9 to v6.12), then
// the kernel's show_all_workqueues() for the same instant.
#include <algorithm>

#include "core/trace/format.h"
#include "core/trace/text.h"
#include "core/trace/fields.h"
#include "core/world_view.h"

namespace cmwq {
namespace {

// wq_dump.py's cpumask_str(): 32-bit words, full ones as hex() and the last as %08x.
std::string cpumask_str(const CpuMask& m) {
  std::string out;
  int base = 0;
  uint64_t v = 0;
  for (int cpu = m.first(); cpu >= 0; cpu = m.next(cpu)) {
    while (cpu - base >= 32) {
      appendf(out, "0x%llx ", static_cast<unsigned long long>(v));
      base += 32;
      v = 0;
    }
    v |= uint64_t{1} << (cpu - base);
  }
  if (v > 0) appendf(out, "%08llx", static_cast<unsigned long long>(v));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Python's f'{s:^N}': centred, the odd space on the right.
std::string centre(const std::string& s, size_t n) {
  if (s.size() >= n) return s;
  const size_t pad = n - s.size();
  return std::string(pad / 2, ' ') + s + std::string(pad - pad / 2, ' ');
}

std::string left(const std::string& s, size_t n) { return s.size() >= n ? s : s + std::string(n - s.size(), ' '); }
std::string right(const std::string& s, size_t n) { return s.size() >= n ? s : std::string(n - s.size(), ' ') + s; }

struct PodType {
  const char* name;
  std::vector<CpuMask> pods;
  std::vector<int> cpu_pod;
};

void print_pod_type(std::string& out, const PodType& pt, bool dfl) {
  appendf(out, "\n%s%s\n", pt.name, dfl ? " (default)" : "");
  appendf(out, "  nr_pods  %zu\n", pt.pods.size());
  out += "  pod_cpus";
  for (size_t i = 0; i < pt.pods.size(); ++i) appendf(out, " [%zu]=%s", i, cpumask_str(pt.pods[i]).c_str());
  out += "\n  pod_node";
  for (size_t i = 0; i < pt.pods.size(); ++i) appendf(out, " [%zu]=0", i);
  out += "\n  cpu_pod ";
  for (size_t c = 0; c < pt.cpu_pod.size(); ++c) appendf(out, " [%zu]=%d", c, pt.cpu_pod[c]);
  out += "\n";
}

void affinity_scopes(std::string& out, const World& w) {
  const int ncpu = static_cast<int>(w.cpus.size());
  const CpuMask all = CpuMask::first_n(ncpu);
  out += "Affinity Scopes\n===============\n";
  appendf(out, "wq_unbound_cpumask=%s\n", cpumask_str(all).c_str());
  // No SMT siblings and one NUMA node are modelled; CACHE is the model's pods.
  PodType cpu{"CPU", {}, {}};
  for (int c = 0; c < ncpu; ++c) {
    cpu.pods.push_back(CpuMask::of(c));
    cpu.cpu_pod.push_back(c);
  }
  PodType smt = cpu;
  smt.name = "SMT";
  PodType cache{"CACHE", w.wq.pods, w.wq.cpu_pod};
  PodType numa{"NUMA", {all}, std::vector<int>(static_cast<size_t>(ncpu), 0)};
  PodType system = numa;
  system.name = "SYSTEM";
  print_pod_type(out, cpu, false);
  print_pod_type(out, smt, false);
  print_pod_type(out, cache, true);
  print_pod_type(out, numa, false);
  print_pod_type(out, system, false);
}

bool pool_exists(const WorkerPool& p) { return p.refcnt > 0; }

void worker_pools(std::string& out, const World& w, size_t& max_pool_id_len) {
  out += "\nWorker Pools\n============\n";
  size_t max_ref_len = 0;
  for (const WorkerPool& p : w.wq.pools) {
    if (!pool_exists(p)) continue;
    max_pool_id_len = std::max(max_pool_id_len, std::to_string(p.id).size());
    max_ref_len = std::max(max_ref_len, std::to_string(p.refcnt).size());
  }
  for (const WorkerPool& p : w.wq.pools) {
    if (!pool_exists(p)) continue;
    appendf(out, "pool[%0*d] flags=0x%02x ref=%*d nice=%3d ", static_cast<int>(max_pool_id_len), p.id, p.flags,
            static_cast<int>(max_ref_len), p.refcnt, p.attrs.nice);
    appendf(out, "idle/workers=%3d/%3d ", p.nr_idle, p.nr_workers);
    if (p.cpu >= 0) {
      appendf(out, "cpu=%3d", p.cpu);
      if (p.flags & POOL_BH) out += " bh";
    } else {
      appendf(out, "cpus=%s pod_cpus=%s", cpumask_str(p.attrs.cpumask).c_str(), cpumask_str(p.attrs.pod_cpumask).c_str());
      if (p.attrs.affn_strict) out += " strict";
    }
    out += "\n";
  }
}

int32_t pool_of_pwq(const World& w, int32_t pwq) {
  const PoolWorkqueue* p = find_pwq(w, pwq);
  return p ? p->pool : -1;
}

std::string wq_type_str(const Workqueue& q) {
  std::string t = "percpu";
  if (q.flags & WQ_BH) t = "bh";
  else if ((q.flags & WQ_UNBOUND) && (q.flags & __WQ_ORDERED)) t = "ordered";
  else if (q.flags & WQ_UNBOUND) t = q.unbound_attrs.affn_strict ? "unbound,S" : "unbound";
  return left(t, 9);
}

void cpu_to_pool(std::string& out, const World& w, size_t max_pool_id_len) {
  out += "\nWorkqueue CPU -> pool\n=====================\n";
  appendf(out, "[%s\\ %s", centre("workqueue", WQ_NAME_LEN - 2).c_str(), left("type   CPU", 9).c_str());
  for (size_t c = 0; c < w.cpus.size(); ++c) appendf(out, " %*zu", static_cast<int>(max_pool_id_len), c);
  out += " dfl]\n";
  for (const Workqueue& q : w.wq.wqs) {
    if (q.destroyed) continue;  // destroy_workqueue() took it off the workqueues list
    appendf(out, "%s %s", left(q.name, WQ_NAME_LEN).c_str(), left(wq_type_str(q), 10).c_str());
    for (size_t c = 0; c < w.cpus.size(); ++c) {
      const int32_t pwq = c < q.cpu_pwq.size() ? q.cpu_pwq[c] : -1;
      const size_t field = std::max(std::to_string(c).size(), max_pool_id_len);
      appendf(out, " %*d", static_cast<int>(field), pool_of_pwq(w, pwq));
    }
    if (q.flags & WQ_UNBOUND) appendf(out, " %*d", static_cast<int>(max_pool_id_len), pool_of_pwq(w, q.dfl_pwq));
    out += "\n";
  }
}

void rescuers(std::string& out, const World& w) {
  out += "\nWorkqueue -> rescuer\n====================\n";
  const size_t mask_len = cpumask_str(CpuMask::first_n(static_cast<int>(w.cpus.size()))).size();
  const size_t ucpus_len = std::max(mask_len, std::string("unbound_cpus").size());
  const size_t rcpus_len = std::max(mask_len, std::string("rescuer_cpus").size());
  appendf(out, "[%s\\ %s    pid %s ]\n", centre("workqueue", WQ_NAME_LEN - 2).c_str(),
          left("unbound_cpus", ucpus_len).c_str(), left("rescuer_cpus", rcpus_len).c_str());
  for (const Workqueue& q : w.wq.wqs) {
    if (q.destroyed) continue;  // destroy_workqueue() took it off the workqueues list
    if (!(q.flags & WQ_MEM_RECLAIM) || q.rescuer < 0) continue;
    out += left(q.name, WQ_NAME_LEN);
    if (q.flags & WQ_UNBOUND) appendf(out, " %s", left(cpumask_str(q.unbound_attrs.cpumask), ucpus_len).c_str());
    else appendf(out, " %s", std::string(ucpus_len, ' ').c_str());
    const Worker& r = w.wq.workers[static_cast<size_t>(q.rescuer)];
    const Task& t = w.tasks[static_cast<size_t>(r.task)];
    appendf(out, " %6d", t.pid);
    appendf(out, " %s", left(cpumask_str(t.allowed), rcpus_len).c_str());
    out += "\n";
  }
}

void unbound_max_active(std::string& out, const World& w) {
  out += "\nUnbound workqueue -> node_nr/max_active\n=======================================\n";
  const CpuMask online = [&] {
    CpuMask m;
    for (size_t c = 0; c < w.cpus.size(); ++c)
      if (w.cpus[c].online) m.set(static_cast<int>(c));
    return m;
  }();
  appendf(out, "online_cpus=%s\n", cpumask_str(online).c_str());
  appendf(out, "NODE[00]=%s\n\n", cpumask_str(CpuMask::first_n(static_cast<int>(w.cpus.size()))).c_str());
  appendf(out, "[%s %4s %4s %9s %9s ]\n\n", centre("workqueue", WQ_NAME_LEN - 1).c_str(), "min", "max", "NODE 0", "dfl");
  for (const Workqueue& q : w.wq.wqs) {
    if (q.destroyed) continue;  // destroy_workqueue() took it off the workqueues list
    if (!(q.flags & WQ_UNBOUND)) continue;
    appendf(out, "%s %4d %4d", left(q.name, WQ_NAME_LEN).c_str(), q.min_active, q.max_active);
    for (const NodeNrActive& nna : q.node_nr_active)
      appendf(out, " %s", right(std::to_string(nna.nr) + "/" + std::to_string(nna.max), 9).c_str());
    out += "\n";
  }
}

// show_all_workqueues() as Dump events built from the state, rendered like the
// watchdog's (core/workqueue/watchdog.cpp emits the same events from the model).
class DumpEvents {
 public:
  explicit DumpEvents(const World& w) : w_(w) {}

  std::vector<Event> all() {
    add(EventType::DumpBegin);
    for (const Workqueue& q : w_.wq.wqs)
      if (!q.destroyed && std::any_of(q.pwqs.begin(), q.pwqs.end(), [&](int32_t p) { return busy(p); }))
        workqueue(q);  // destroy_workqueue() took a destroyed one off the workqueues list
    for (const WorkerPool& pool : w_.wq.pools)
      if (pool_exists(pool) && pool.nr_workers != pool.nr_idle) worker_pool(pool);
    return ev_;
  }

 private:
  Event& add(EventType type) {
    Event e;
    e.type = type;
    ev_.push_back(e);
    return ev_.back();
  }

  bool busy(int32_t pwq) const {
    const PoolWorkqueue* p = find_pwq(w_, pwq);
    return p && (p->nr_active || !p->inactive_works.empty());
  }

  // show_one_workqueue(): the workqueue line, then its busy pwqs.
  void workqueue(const Workqueue& q) {
    Event& e = add(EventType::DumpWorkqueue);
    e.wq = q.id;
    e.a = q.flags;
    for (int32_t p : q.pwqs)
      if (busy(p)) pwq(p, q.id);
  }

  // show_pwq(): the pwq line, its in-flight items (each busy worker's current work and
  // scheduled list), its pending items (on the pool's worklist) and its inactive ones.
  void pwq(int32_t p, int32_t wq) {
    const PoolWorkqueue& pwq = w_.wq.pwqs[static_cast<size_t>(p)];
    Event& pe = add(EventType::DumpPwq);
    pe.pwq = p;
    pe.pool = pwq.pool;
    pe.wq = wq;
    set_dump_pwq_info(pe, DumpPwqInfo{pwq.nr_active, pwq.refcnt, pwq.on_mayday});
    const WorkerPool& pool = w_.wq.pools[static_cast<size_t>(pwq.pool)];
    for (int32_t id : pool.busy) {
      const Worker& wk = w_.wq.workers[static_cast<size_t>(id)];
      if (wk.current_pwq != p) continue;
      in_flight(p, wk.task, wk.current_work, wk.rescue_wq >= 0);
      for (int32_t s : work_list_items(w_.wq.works, wk.scheduled)) in_flight(p, wk.task, s, wk.rescue_wq >= 0);
    }
    for (int32_t item : work_list_items(w_.wq.works, pool.worklist))
      if (w_.wq.works[static_cast<size_t>(item)].pwq == p) item_of(EventType::DumpPending, p, item);
    for (int32_t item : work_list_items(w_.wq.works, pwq.inactive_works)) item_of(EventType::DumpInactive, p, item);
  }

  void in_flight(int32_t pwq, int32_t task, int32_t work, bool rescuer) {
    Event& f = add(EventType::DumpInFlight);
    f.pwq = pwq;
    f.task = task;
    f.work = work;
    f.a = rescuer ? 1 : 0;
  }

  void item_of(EventType type, int32_t pwq, int32_t work) {
    Event& f = add(type);
    f.pwq = pwq;
    f.work = work;
  }

  // show_one_worker_pool(): hung time, workers, the manager and the idle workers.
  void worker_pool(const WorkerPool& pool) {
    const uint64_t now = jiffies(w_);
    const int64_t hung =
        pool.worklist.empty() ? 0 : static_cast<int64_t>(w_.jif.to_msecs(now - pool.watchdog_ts) / 1000);
    const Worker* manager = find_worker(w_, pool.manager);
    const Task* manager_task = manager ? find_task(w_, manager->task) : nullptr;
    Event& e = add(EventType::DumpPool);
    e.pool = pool.id;
    set_dump_pool_info(e, DumpPoolInfo{hung, pool.nr_workers, manager_task ? manager_task->pid : -1});
    for (int32_t id : pool.idle_list) {
      Event& f = add(EventType::DumpIdle);
      f.pool = pool.id;
      f.task = w_.wq.workers[static_cast<size_t>(id)].task;
    }
  }

  const World& w_;
  std::vector<Event> ev_;
};

void show_all_workqueues(std::string& out, const World& w) {
  const std::vector<Event> ev = DumpEvents(w).all();
  size_t next = 0;
  for (const std::string& line : dump_event_lines(w, ev, 0, next)) out += line + "\n";
}

}  // namespace

std::string format_dump(const World& w) {
  std::string out;
  size_t max_pool_id_len = 0;
  affinity_scopes(out, w);
  worker_pools(out, w, max_pool_id_len);
  cpu_to_pool(out, w, max_pool_id_len);
  rescuers(out, w);
  unbound_max_active(out, w);
  out += "\n";
  show_all_workqueues(out, w);
  return out;
}

}  // namespace cmwq
