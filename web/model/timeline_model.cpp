// The Timeline panel's model: reads the event stream into rows of state intervals,
// work slices, markers, flows and counters. See timeline_model.h.
#include "web/model/timeline_model.h"

#include <algorithm>
#include <cstdio>

#include "core/simulation.h"
#include "core/world.h"

namespace cmwq::web {

const char* wait_why_name(WaitWhy w) {
  switch (w) {
    case WaitWhy::None:
      return "";
    case WaitWhy::Preempted:
      return "preempted: waits for its CPU";
    case WaitWhy::Woken:
      return "woken: waits for its CPU";
    case WaitWhy::WorkSleep:
      return "the work's sleep (hrtimer)";
    case WaitWhy::Memory:
      return "direct reclaim: waiting for free pages";
    case WaitWhy::Completion:
      return "wait_for_completion()";
    case WaitWhy::Mutex:
      return "mutex_lock()";
    case WaitWhy::Flush:
      return "flush_work() / flush_workqueue(): waiting for a barrier";
    case WaitWhy::Rcu:
      return "synchronize_rcu(): waiting for a grace period";
    case WaitWhy::KthreadCreate:
      return "create_worker(): waiting for kthreadd";
    case WaitWhy::Cooldown:
      return "maybe_create_worker(): CREATE_COOLDOWN after a failure";
    case WaitWhy::KthreadStart:
      return "kthread(): parked until its creator wakes it";
    case WaitWhy::WorkerIdle:
      return "worker_thread(): idle, on the pool's idle list";
    case WaitWhy::RescuerIdle:
      return "rescuer_thread(): waiting for maydays";
    case WaitWhy::KthreaddIdle:
      return "kthreadd: nothing to create";
    case WaitWhy::Count:
      break;
  }
  return "";
}

const char* marker_kind_name(MarkerKind k) {
  switch (k) {
    case MarkerKind::WorkerCreated:
      return "worker created";
    case MarkerKind::WorkerDestroyed:
      return "worker destroyed";
    case MarkerKind::CreateFailed:
      return "create_worker() failed";
    case MarkerKind::MaydayTimeout:
      return "mayday timer fired";
    case MarkerKind::MaydaySent:
      return "mayday sent";
    case MarkerKind::RescuerWake:
      return "rescuer woke for a pwq";
    case MarkerKind::RescuerAssign:
      return "rescuer took a work";
    case MarkerKind::RescuerDone:
      return "rescuer left the pool";
    case MarkerKind::WatchdogLockup:
      return "watchdog: workqueue lockup";
    case MarkerKind::Warn:
      return "WARN";
    case MarkerKind::CpuHog:
      return "CPU hog: worker made CPU_INTENSIVE";
    case MarkerKind::CpuHogReport:
      return "hogged CPU report";
    case MarkerKind::AllocFailed:
      return "allocation failed";
    case MarkerKind::CpuOnline:
      return "CPU online";
    case MarkerKind::CpuOffline:
      return "CPU offline";
    case MarkerKind::Scripted:
      return "action";
    case MarkerKind::Count:
      break;
  }
  return "?";
}

void CounterSeries::touched(size_t index) { blocks_ok_ = std::min(blocks_ok_, index / kBlock); }

void CounterSeries::add(Nanos time, int64_t value) {
  max = std::max(max, value);
  if (!t.empty() && t.back() == time) {
    touched(v.size() - 1);
    v.back() = value;
    if (v.size() >= 2 && v[v.size() - 2] == value) {  // back to the previous value
      t.pop_back();
      v.pop_back();
    }
    return;
  }
  if (!v.empty() && v.back() == value) return;
  t.push_back(time);
  v.push_back(value);
}

int64_t CounterSeries::at(Nanos time, int64_t none) const {
  const auto it = std::upper_bound(t.begin(), t.end(), time);
  if (it == t.begin()) return none;
  return v[static_cast<size_t>(it - t.begin()) - 1];
}

void CounterSeries::range(size_t i, size_t j, int64_t& lo, int64_t& hi) const {
  j = std::min(j, v.size());
  lo = hi = i < v.size() ? v[i] : 0;
  if (i >= j) return;
  const size_t complete = v.size() / kBlock;
  if (blocks_ok_ < complete) {
    block_lo_.resize(complete);
    block_hi_.resize(complete);
    for (size_t b = blocks_ok_; b < complete; ++b) {
      const auto [mn, mx] = std::minmax_element(v.begin() + static_cast<std::ptrdiff_t>(b * kBlock),
                                                v.begin() + static_cast<std::ptrdiff_t>((b + 1) * kBlock));
      block_lo_[b] = *mn;
      block_hi_[b] = *mx;
    }
    blocks_ok_ = complete;
  }
  size_t k = i;
  for (; k < j && k % kBlock != 0; ++k) {
    lo = std::min(lo, v[k]);
    hi = std::max(hi, v[k]);
  }
  for (; k + kBlock <= j; k += kBlock) {
    lo = std::min(lo, block_lo_[k / kBlock]);
    hi = std::max(hi, block_hi_[k / kBlock]);
  }
  for (; k < j; ++k) {
    lo = std::min(lo, v[k]);
    hi = std::max(hi, v[k]);
  }
}

// Scheduler and wait state of one task while reading events.
struct TimelineModel::Track {
  enum class Sched : uint8_t { New, OnCpu, OnRq, Asleep, Dead };
  Sched sched = Sched::New;
  char sleep_char = 0;       // prev_state when it last switched out asleep
  bool preempted = false;    // switched out in state R
  bool mem_blocked = false;  // AllocBlocked since it last woke
  bool idle = false;         // WorkerIdle .. WorkerBusy
  bool kthread_new = true;   // has not yet run past kthread()'s first park
  bool ran = false;          // has been on a CPU
  uint8_t manager_wait = 0;  // 1: waiting for kthreadd, 2: CREATE_COOLDOWN
  TaskKind kind = TaskKind::Worker;
  int16_t cpu = -1;
  int32_t open_slice = -1;  // index in row.slices of a slice without end
  int32_t open_sub = -1;    // index in row.subs of a sub-slice without end
  int cur_op = -1;          // blocking OpCode in progress, or -1
};

TimelineModel::TimelineModel() = default;
TimelineModel::~TimelineModel() = default;

namespace {

bool same_event(const Event& x, const Event& y) {
  return x.time == y.time && x.seq == y.seq && x.type == y.type && x.cpu == y.cpu && x.task == y.task &&
         x.work == y.work && x.pool == y.pool && x.pwq == y.pwq && x.wq == y.wq && x.a == y.a && x.b == y.b;
}

bool blocking_op(int op) {
  switch (static_cast<OpCode>(op)) {
    case OpCode::Sleep:
    case OpCode::Alloc:
    case OpCode::FlushWork:
    case OpCode::FlushWorkqueue:
    case OpCode::CancelWorkSync:
    case OpCode::DrainWorkqueue:
    case OpCode::DestroyWorkqueue:
    case OpCode::Wait:
    case OpCode::Lock:
    case OpCode::SynchronizeRcu:
      return true;
    default:
      return false;
  }
}

WaitWhy op_wait(int op) {
  switch (static_cast<OpCode>(op)) {
    case OpCode::Sleep:
      return WaitWhy::WorkSleep;
    case OpCode::Alloc:
      return WaitWhy::Memory;
    case OpCode::FlushWork:
    case OpCode::FlushWorkqueue:
    case OpCode::CancelWorkSync:
    case OpCode::DrainWorkqueue:
    case OpCode::DestroyWorkqueue:
      return WaitWhy::Flush;
    case OpCode::Wait:
      return WaitWhy::Completion;
    case OpCode::Lock:
      return WaitWhy::Mutex;
    case OpCode::SynchronizeRcu:
      return WaitWhy::Rcu;
    default:
      return WaitWhy::None;
  }
}

template <typename T>
void grow(std::vector<T>& v, size_t index, const T& fill) {
  if (v.size() <= index) v.resize(index + 1, fill);
}

}  // namespace

const std::vector<int32_t>& TimelineModel::instances_of(int32_t work) const {
  static const std::vector<int32_t> kNone;
  if (work < 0 || static_cast<size_t>(work) >= instances_of_work_.size()) return kNone;
  return instances_of_work_[static_cast<size_t>(work)];
}

int32_t TimelineModel::row_of(int32_t task) const {
  if (task < 0 || static_cast<size_t>(task) >= row_of_task_.size()) return -1;
  return row_of_task_[static_cast<size_t>(task)];
}

void TimelineModel::clear() {
  rows_.clear();
  tracks_.clear();
  row_of_task_.clear();
  groups_.clear();
  group_of_pool_.clear();
  group_order_.clear();
  instances_.clear();
  instances_of_work_.clear();
  pending_instance_.clear();
  global_markers_.clear();
  free_pages_ = CounterSeries{};
  cache_pages_ = CounterSeries{};
  cpu_slices_.clear();
  cpu_current_.clear();
  read_ = 0;
  last_ = Event{};
  last_time_ = 0;
  slice_count_ = 0;
  groups_dirty_ = false;
}

bool TimelineModel::update(const Simulation& sim) { return update(sim.world(), sim.events()); }

bool TimelineModel::update(const World& w, const std::vector<Event>& events) {
  bool rebuilt = false;
  if (events.size() < read_ || (read_ > 0 && !same_event(events[read_ - 1], last_))) {
    clear();
    ++rebuilds_;
    rebuilt = true;
  }
  for (; read_ < events.size(); ++read_) read(w, events[read_], static_cast<uint32_t>(read_));
  if (read_ > 0) {
    last_ = events[read_ - 1];
    last_time_ = last_.time;
  }
  if (groups_dirty_) sort_groups();
  return rebuilt;
}

int32_t TimelineModel::special_group(GroupKind kind) {
  for (size_t i = 0; i < groups_.size(); ++i)
    if (groups_[i].kind == kind) return static_cast<int32_t>(i);
  RowGroup g;
  g.kind = kind;
  g.title = kind == GroupKind::Rescuers ? "rescuers" : "kernel";
  groups_.push_back(std::move(g));
  groups_dirty_ = true;
  return static_cast<int32_t>(groups_.size() - 1);
}

int32_t TimelineModel::ensure_pool_group(const World& w, int32_t pool) {
  if (pool < 0) return special_group(GroupKind::Kernel);
  grow(group_of_pool_, static_cast<size_t>(pool), -1);
  int32_t& g = group_of_pool_[static_cast<size_t>(pool)];
  if (g >= 0) return g;
  RowGroup grp;
  grp.kind = GroupKind::Pool;
  grp.pool = pool;
  char buf[160];
  if (static_cast<size_t>(pool) < w.wq.pools.size()) {
    const WorkerPool& p = w.wq.pools[static_cast<size_t>(pool)];
    grp.cpu = p.cpu;
    std::snprintf(buf, sizeof buf, "pool %d: cpus=%s nice=%d%s", pool, p.attrs.cpumask.to_list().c_str(), p.attrs.nice,
                  p.cpu < 0 ? " (unbound)" : "");
  } else {
    std::snprintf(buf, sizeof buf, "pool %d", pool);
  }
  grp.title = buf;
  groups_.push_back(std::move(grp));
  groups_dirty_ = true;
  g = static_cast<int32_t>(groups_.size() - 1);
  return g;
}

void TimelineModel::assign_group(int32_t row, int32_t group) {
  TaskRow& r = rows_[static_cast<size_t>(row)];
  if (r.group == group) return;
  if (r.group >= 0) {
    auto& old = groups_[static_cast<size_t>(r.group)].rows;
    old.erase(std::remove(old.begin(), old.end(), row), old.end());
  }
  r.group = group;
  auto& rows = groups_[static_cast<size_t>(group)].rows;
  rows.insert(std::upper_bound(rows.begin(), rows.end(), row), row);
}

void TimelineModel::sort_groups() {
  group_order_.resize(groups_.size());
  for (size_t i = 0; i < groups_.size(); ++i) group_order_[i] = static_cast<int32_t>(i);
  auto key = [this](int32_t i) {
    const RowGroup& g = groups_[static_cast<size_t>(i)];
    const int64_t kind = g.kind == GroupKind::Pool ? 0 : g.kind == GroupKind::Rescuers ? 1 : 2;
    const int64_t cpu = g.kind == GroupKind::Pool ? (g.cpu < 0 ? 1 << 20 : g.cpu) : 0;
    return (kind << 40) | (cpu << 20) | std::max<int64_t>(g.pool, 0);
  };
  std::sort(group_order_.begin(), group_order_.end(), [&](int32_t x, int32_t y) { return key(x) < key(y); });
  groups_dirty_ = false;
}

int32_t TimelineModel::ensure_row(const World& w, int32_t task, Nanos t) {
  if (task < 0) return -1;
  grow(row_of_task_, static_cast<size_t>(task), -1);
  int32_t& r = row_of_task_[static_cast<size_t>(task)];
  if (r >= 0) return r;
  r = static_cast<int32_t>(rows_.size());
  const int32_t row = r;
  TaskRow tr;
  tr.task = task;
  tr.born = t;
  Track tk;
  int32_t group = -1;
  if (static_cast<size_t>(task) < w.tasks.size()) {
    const Task& ts = w.tasks[static_cast<size_t>(task)];
    tk.kind = ts.kind;
    tk.cpu = static_cast<int16_t>(ts.cpu);
    if (ts.kind == TaskKind::Rescuer) {
      tr.rescuer = true;
    } else if (ts.kind == TaskKind::Worker && ts.worker >= 0 && static_cast<size_t>(ts.worker) < w.wq.workers.size()) {
      group = w.wq.workers[static_cast<size_t>(ts.worker)].pool;  // a pool id for now
      if (group < 0) group = -2;
    } else if (ts.kind == TaskKind::Worker) {
      group = -2;
    }
  }
  rows_.push_back(std::move(tr));
  tracks_.push_back(tk);
  if (rows_[static_cast<size_t>(row)].rescuer) {
    assign_group(row, special_group(GroupKind::Rescuers));
  } else if (group >= 0) {
    assign_group(row, ensure_pool_group(w, group));
  } else {
    assign_group(row, special_group(GroupKind::Kernel));
  }
  refresh_state(row, t);
  return row;
}

void TimelineModel::refresh_state(int32_t row, Nanos t) {
  TaskRow& r = rows_[static_cast<size_t>(row)];
  const Track& k = tracks_[static_cast<size_t>(row)];
  if (k.sched == Track::Sched::Dead) {
    if (!r.states.empty() && r.states.back().end < 0) {
      if (r.states.back().start == t && r.states.size() > 1) {
        r.states.pop_back();
        if (r.states.back().end == t) return;
      }
      r.states.back().end = t;
    }
    return;
  }
  StateInterval s;
  s.start = t;
  s.cpu = k.cpu;
  switch (k.sched) {
    case Track::Sched::OnCpu:
      s.state = WorkerShow::Running;
      break;
    case Track::Sched::OnRq:
      s.state = WorkerShow::Runnable;
      s.why = k.preempted ? WaitWhy::Preempted : WaitWhy::Woken;
      break;
    case Track::Sched::New:
    case Track::Sched::Asleep:
    case Track::Sched::Dead:
      if (k.mem_blocked) {
        s.state = WorkerShow::BlockedMemory;
        s.why = WaitWhy::Memory;
      } else if (k.kind == TaskKind::Kthreadd) {
        s.state = WorkerShow::Idle;
        s.why = WaitWhy::KthreaddIdle;
      } else if (k.idle || k.sleep_char == 'I' || (k.kind == TaskKind::Rescuer && !k.ran)) {
        s.state = WorkerShow::Idle;
        s.why = k.kind == TaskKind::Rescuer ? WaitWhy::RescuerIdle : WaitWhy::WorkerIdle;
      } else {
        s.state = WorkerShow::Sleeping;
        if (k.cur_op >= 0)
          s.why = op_wait(k.cur_op);
        else if (k.manager_wait == 1)
          s.why = WaitWhy::KthreadCreate;
        else if (k.manager_wait == 2)
          s.why = WaitWhy::Cooldown;
        else if (k.kthread_new)
          s.why = WaitWhy::KthreadStart;
      }
      break;
  }
  auto same = [](const StateInterval& x, const StateInterval& y) {
    return x.state == y.state && x.why == y.why && x.cpu == y.cpu;
  };
  if (!r.states.empty()) {
    StateInterval& back = r.states.back();
    if (same(back, s)) return;
    if (back.start == t) {  // a zero-length interval: replace it
      if (r.states.size() >= 2 && r.states[r.states.size() - 2].end == t && same(r.states[r.states.size() - 2], s)) {
        r.states.pop_back();
        r.states.back().end = -1;
        return;
      }
      back = s;
      return;
    }
    back.end = t;
  }
  r.states.push_back(s);
}

void TimelineModel::close_sub(int32_t row, Nanos t) {
  Track& k = tracks_[static_cast<size_t>(row)];
  if (k.open_sub < 0) return;
  TaskRow& r = rows_[static_cast<size_t>(row)];
  SubSlice& sub = r.subs[static_cast<size_t>(k.open_sub)];
  if (sub.start == t && !sub.memory) {  // never blocked: drop it
    r.subs.pop_back();
    if (k.open_slice >= 0) --r.slices[static_cast<size_t>(k.open_slice)].sub_count;
  } else {
    sub.end = t;
  }
  k.open_sub = -1;
}

void TimelineModel::add_marker(const World& w, const Event& e, uint32_t index, MarkerKind kind) {
  Marker m;
  m.time = e.time;
  m.kind = kind;
  m.task = e.task;
  m.pool = e.pool;
  m.work = e.work;
  m.wq = e.wq;
  m.cpu = e.cpu;
  m.a = e.a;
  m.b = e.b;
  m.event = index;
  switch (kind) {
    case MarkerKind::MaydayTimeout:
    case MarkerKind::MaydaySent:
    case MarkerKind::WatchdogLockup:
      if (e.pool >= 0) {
        groups_[static_cast<size_t>(ensure_pool_group(w, e.pool))].markers.push_back(m);
        return;
      }
      break;
    default:
      if (e.task >= 0) {
        const int32_t row = ensure_row(w, e.task, e.time);
        rows_[static_cast<size_t>(row)].markers.push_back(m);
        return;
      }
      break;
  }
  global_markers_.push_back(m);
}

void TimelineModel::read(const World& w, const Event& e, uint32_t index) {
  const Nanos t = e.time;
  switch (e.type) {
    case EventType::TaskNew: {
      const int32_t row = ensure_row(w, e.task, t);
      rows_[static_cast<size_t>(row)].born = t;
      Track& k = tracks_[static_cast<size_t>(row)];
      if (e.cpu >= 0) k.cpu = e.cpu;
      refresh_state(row, t);
      break;
    }
    case EventType::TaskExit: {
      const int32_t row = ensure_row(w, e.task, t);
      rows_[static_cast<size_t>(row)].died = t;
      tracks_[static_cast<size_t>(row)].sched = Track::Sched::Dead;
      refresh_state(row, t);
      break;
    }
    case EventType::SchedSwitch: {
      const int cpu = e.cpu;
      if (cpu >= 0) {
        grow(cpu_slices_, static_cast<size_t>(cpu), std::vector<CpuSlice>{});
        grow(cpu_current_, static_cast<size_t>(cpu), -1);
        auto& cs = cpu_slices_[static_cast<size_t>(cpu)];
        if (!cs.empty() && cs.back().end < 0) {
          if (cs.back().start == t)
            cs.pop_back();
          else
            cs.back().end = t;
        }
        const int32_t next = static_cast<int32_t>(e.a);
        if (next >= 0) {
          if (!cs.empty() && cs.back().end == t && cs.back().task == next)
            cs.back().end = -1;  // merge
          else
            cs.push_back(CpuSlice{t, -1, next});
        }
        cpu_current_[static_cast<size_t>(cpu)] = next;
      }
      if (e.task >= 0) {
        const int32_t row = ensure_row(w, e.task, t);
        Track& k = tracks_[static_cast<size_t>(row)];
        const char c = static_cast<char>(e.b);
        if (c == 'R') {
          k.sched = Track::Sched::OnRq;
          k.preempted = true;
        } else if (c == 'X') {
          k.sched = Track::Sched::Dead;
        } else {
          k.sched = Track::Sched::Asleep;
          k.sleep_char = c;
        }
        refresh_state(row, t);
      }
      if (e.a >= 0) {
        const int32_t row = ensure_row(w, static_cast<int32_t>(e.a), t);
        Track& k = tracks_[static_cast<size_t>(row)];
        if (k.ran) k.kthread_new = false;
        k.ran = true;
        k.sched = Track::Sched::OnCpu;
        k.preempted = false;
        k.mem_blocked = false;
        k.sleep_char = 0;
        if (cpu >= 0) k.cpu = static_cast<int16_t>(cpu);
        refresh_state(row, t);
      }
      break;
    }
    case EventType::SchedWakeup: {
      const int32_t row = ensure_row(w, e.task, t);
      if (row < 0) break;
      Track& k = tracks_[static_cast<size_t>(row)];
      if (k.sched != Track::Sched::OnCpu && k.sched != Track::Sched::Dead) {
        k.sched = Track::Sched::OnRq;
        k.preempted = false;
      }
      k.mem_blocked = false;
      if (e.cpu >= 0) k.cpu = e.cpu;
      refresh_state(row, t);
      break;
    }
    case EventType::SchedMigrate: {
      const int32_t row = ensure_row(w, e.task, t);
      if (row < 0) break;
      if (e.cpu >= 0) tracks_[static_cast<size_t>(row)].cpu = e.cpu;
      refresh_state(row, t);
      break;
    }
    case EventType::QueueWork: {
      if (e.work < 0) break;
      WorkInstance in;
      in.work = e.work;
      in.wq = e.wq;
      in.pool = e.pool;
      in.queued = t;
      if (e.cpu >= 0 && static_cast<size_t>(e.cpu) < cpu_current_.size())
        in.queued_by = cpu_current_[static_cast<size_t>(e.cpu)];
      const auto idx = static_cast<int32_t>(instances_.size());
      instances_.push_back(in);
      grow(instances_of_work_, static_cast<size_t>(e.work), std::vector<int32_t>{});
      instances_of_work_[static_cast<size_t>(e.work)].push_back(idx);
      grow(pending_instance_, static_cast<size_t>(e.work), -1);
      pending_instance_[static_cast<size_t>(e.work)] = idx;
      if (e.pool >= 0) ensure_pool_group(w, e.pool);
      break;
    }
    case EventType::ActivateWork: {
      if (e.work < 0 || static_cast<size_t>(e.work) >= pending_instance_.size()) break;
      const int32_t in = pending_instance_[static_cast<size_t>(e.work)];
      if (in >= 0) instances_[static_cast<size_t>(in)].activated = t;
      break;
    }
    case EventType::RescuerAssign: {
      if (e.work >= 0 && static_cast<size_t>(e.work) < pending_instance_.size()) {
        const int32_t in = pending_instance_[static_cast<size_t>(e.work)];
        if (in >= 0) instances_[static_cast<size_t>(in)].rescued = true;
      }
      add_marker(w, e, index, MarkerKind::RescuerAssign);
      break;
    }
    case EventType::ExecuteStart: {
      const int32_t row = ensure_row(w, e.task, t);
      if (row < 0) break;
      TaskRow& r = rows_[static_cast<size_t>(row)];
      Track& k = tracks_[static_cast<size_t>(row)];
      close_sub(row, t);
      if (k.open_slice >= 0) r.slices[static_cast<size_t>(k.open_slice)].end = t;  // defensive
      WorkSlice s;
      s.start = t;
      s.kind = SliceKind::Work;
      s.work = e.work;
      s.wq = e.wq;
      s.pool = e.pool;
      s.first_sub = static_cast<uint32_t>(r.subs.size());
      int32_t in = -1;
      if (e.work >= 0) {
        grow(pending_instance_, static_cast<size_t>(e.work), -1);
        in = pending_instance_[static_cast<size_t>(e.work)];
        if (in < 0) {  // queued before we could see it: an instance without a queueing
          WorkInstance wi;
          wi.work = e.work;
          wi.wq = e.wq;
          wi.pool = e.pool;
          in = static_cast<int32_t>(instances_.size());
          instances_.push_back(wi);
          grow(instances_of_work_, static_cast<size_t>(e.work), std::vector<int32_t>{});
          instances_of_work_[static_cast<size_t>(e.work)].push_back(in);
        }
        pending_instance_[static_cast<size_t>(e.work)] = -1;
        WorkInstance& wi = instances_[static_cast<size_t>(in)];
        wi.started = t;
        wi.row = row;
        wi.slice = static_cast<int32_t>(r.slices.size());
        if (s.wq < 0) s.wq = wi.wq;
      }
      s.instance = in;
      k.open_slice = static_cast<int32_t>(r.slices.size());
      k.cur_op = -1;
      r.slices.push_back(s);
      ++slice_count_;
      if (r.group >= 0) groups_[static_cast<size_t>(r.group)].executed = true;
      break;
    }
    case EventType::ExecuteEnd: {
      const int32_t row = ensure_row(w, e.task, t);
      if (row < 0) break;
      TaskRow& r = rows_[static_cast<size_t>(row)];
      Track& k = tracks_[static_cast<size_t>(row)];
      close_sub(row, t);
      if (k.open_slice >= 0) {
        WorkSlice& s = r.slices[static_cast<size_t>(k.open_slice)];
        s.end = t;
        if (s.instance >= 0) instances_[static_cast<size_t>(s.instance)].ended = t;
      }
      k.open_slice = -1;
      k.cur_op = -1;
      refresh_state(row, t);
      break;
    }
    case EventType::WorkOp: {
      const int32_t row = ensure_row(w, e.task, t);
      if (row < 0) break;
      TaskRow& r = rows_[static_cast<size_t>(row)];
      Track& k = tracks_[static_cast<size_t>(row)];
      close_sub(row, t);
      k.cur_op = -1;
      if (blocking_op(static_cast<int>(e.a))) {
        k.cur_op = static_cast<int>(e.a);
        SubSlice sub;
        sub.start = t;
        sub.op = static_cast<OpCode>(e.a);
        sub.work = e.work;
        k.open_sub = static_cast<int32_t>(r.subs.size());
        r.subs.push_back(sub);
        if (k.open_slice >= 0) ++r.slices[static_cast<size_t>(k.open_slice)].sub_count;
      }
      break;
    }
    case EventType::WorkOpDone: {
      const int32_t row = ensure_row(w, e.task, t);
      if (row < 0) break;
      close_sub(row, t);
      Track& k = tracks_[static_cast<size_t>(row)];
      k.cur_op = -1;
      k.mem_blocked = false;
      refresh_state(row, t);
      break;
    }
    case EventType::AllocBlocked: {
      const int32_t row = ensure_row(w, e.task, t);
      if (row < 0) break;
      Track& k = tracks_[static_cast<size_t>(row)];
      k.mem_blocked = true;
      if (k.open_sub >= 0) rows_[static_cast<size_t>(row)].subs[static_cast<size_t>(k.open_sub)].memory = true;
      refresh_state(row, t);
      break;
    }
    case EventType::AllocFailed:
      add_marker(w, e, index, MarkerKind::AllocFailed);
      break;
    case EventType::WorkerCreated: {
      const int32_t row = ensure_row(w, e.task, t);
      if (row >= 0) {
        if (e.b == 1) {
          rows_[static_cast<size_t>(row)].rescuer = true;
          assign_group(row, special_group(GroupKind::Rescuers));
        } else if (e.pool >= 0) {
          assign_group(row, ensure_pool_group(w, e.pool));
        }
      }
      add_marker(w, e, index, MarkerKind::WorkerCreated);
      break;
    }
    case EventType::WorkerDestroyed:
      add_marker(w, e, index, MarkerKind::WorkerDestroyed);
      break;
    case EventType::WorkerIdle:
    case EventType::WorkerBusy: {
      const int32_t row = ensure_row(w, e.task, t);
      if (row < 0) break;
      tracks_[static_cast<size_t>(row)].idle = e.type == EventType::WorkerIdle;
      refresh_state(row, t);
      break;
    }
    case EventType::ManagerStart: {
      const int32_t row = ensure_row(w, e.task, t);
      if (row < 0) break;
      TaskRow& r = rows_[static_cast<size_t>(row)];
      Track& k = tracks_[static_cast<size_t>(row)];
      if (k.open_slice >= 0) break;  // inside a work: not expected, keep slices disjoint
      WorkSlice s;
      s.start = t;
      s.kind = SliceKind::Manager;
      s.pool = e.pool;
      s.first_sub = static_cast<uint32_t>(r.subs.size());
      k.open_slice = static_cast<int32_t>(r.slices.size());
      r.slices.push_back(s);
      ++slice_count_;
      break;
    }
    case EventType::ManagerEnd: {
      const int32_t row = ensure_row(w, e.task, t);
      if (row < 0) break;
      TaskRow& r = rows_[static_cast<size_t>(row)];
      Track& k = tracks_[static_cast<size_t>(row)];
      if (k.open_slice >= 0 && r.slices[static_cast<size_t>(k.open_slice)].kind == SliceKind::Manager) {
        r.slices[static_cast<size_t>(k.open_slice)].end = t;
        k.open_slice = -1;
      }
      k.manager_wait = 0;
      refresh_state(row, t);
      break;
    }
    case EventType::CreateWorker:
    case EventType::CreateCooldown: {
      const int32_t row = ensure_row(w, e.task, t);
      if (row < 0) break;
      tracks_[static_cast<size_t>(row)].manager_wait = e.type == EventType::CreateWorker ? 1 : 2;
      refresh_state(row, t);
      break;
    }
    case EventType::CreateFailed:
      add_marker(w, e, index, MarkerKind::CreateFailed);
      break;
    case EventType::PoolCounters: {
      if (e.pool < 0) break;
      RowGroup& g = groups_[static_cast<size_t>(ensure_pool_group(w, e.pool))];
      const auto a = static_cast<uint64_t>(e.a);
      g.nr_running.add(t, static_cast<int64_t>(a & 0xffff));
      g.nr_idle.add(t, static_cast<int64_t>((a >> 16) & 0xffff));
      g.nr_workers.add(t, static_cast<int64_t>(a >> 32));
      g.worklist.add(t, e.b);
      break;
    }
    case EventType::MemCounters:
      free_pages_.add(t, e.a);
      cache_pages_.add(t, e.b);
      break;
    case EventType::MaydayTimeout:
      add_marker(w, e, index, MarkerKind::MaydayTimeout);
      break;
    case EventType::MaydaySent:
      add_marker(w, e, index, MarkerKind::MaydaySent);
      break;
    case EventType::RescuerWake:
      add_marker(w, e, index, MarkerKind::RescuerWake);
      break;
    case EventType::RescuerDone:
      add_marker(w, e, index, MarkerKind::RescuerDone);
      break;
    case EventType::WatchdogLockup:
      add_marker(w, e, index, MarkerKind::WatchdogLockup);
      break;
    case EventType::Warn:
      add_marker(w, e, index, MarkerKind::Warn);
      break;
    case EventType::CpuHog:
      add_marker(w, e, index, MarkerKind::CpuHog);
      break;
    case EventType::CpuHogReport:
      add_marker(w, e, index, MarkerKind::CpuHogReport);
      break;
    case EventType::CpuOnline:
      add_marker(w, e, index, MarkerKind::CpuOnline);
      break;
    case EventType::CpuOffline:
      add_marker(w, e, index, MarkerKind::CpuOffline);
      break;
    case EventType::Scripted:
      add_marker(w, e, index, MarkerKind::Scripted);
      break;
    default:
      break;
  }
}

}  // namespace cmwq::web
