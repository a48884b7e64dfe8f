// The Timeline panel's model: reads the event stream into rows of state intervals,
// work slices, markers, flows and counters. See timeline_model.h.
#include "web/model/timeline_model.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <utility>

#include "core/simulation.h"
#include "core/trace/schema.h"
#include "core/world_view.h"
#include "web/model/timeline_track.h"

namespace cmwq::web {

// A long run holds one of each per work execution (the page's budget counts them).
static_assert(sizeof(WorkSlice) == 32);
static_assert(sizeof(WorkInstance) == 40);

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

void CounterSeries::truncate(size_t n, int64_t max_then) {
  if (n < t.size()) {
    t.resize(n);
    v.resize(n);
    touched(n);
  }
  max = max_then;
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


TimelineModel::TimelineModel() = default;
TimelineModel::~TimelineModel() = default;

namespace {

bool same_event(const Event& x, const Event& y) {
  return x.time == y.time && x.seq == y.seq && x.type == y.type && x.cpu == y.cpu && x.task == y.task &&
         x.work == y.work && x.pool == y.pool && x.pwq == y.pwq && x.wq == y.wq && x.a == y.a && x.b == y.b;
}

bool blocking_op(OpCode op) {
  switch (op) {
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

bool same_state(const StateInterval& x, const StateInterval& y) {
  return x.state == y.state && x.why == y.why && x.cpu == y.cpu;
}

// The task exited: its last interval ends (one that began now is dropped).
void end_states(std::deque<StateInterval>& states, Nanos t) {
  if (states.empty() || states.back().end >= 0) return;
  if (states.back().start == t && states.size() > 1) {
    states.pop_back();
    if (states.back().end == t) return;
  }
  states.back().end = t;
}

// Appends @p s unless it equals the open interval; an interval that began at the same
// instant is replaced (or merged back into the one before it).
void append_state(std::deque<StateInterval>& states, const StateInterval& s) {
  if (!states.empty()) {
    StateInterval& back = states.back();
    if (same_state(back, s)) return;
    if (back.start == s.start) {  // a zero-length interval: replace it
      if (states.size() >= 2 && states[states.size() - 2].end == s.start && same_state(states[states.size() - 2], s)) {
        states.pop_back();
        states.back().end = -1;
        return;
      }
      back = s;
      return;
    }
    back.end = s.start;
  }
  states.push_back(s);
}

}  // namespace

WaitWhy TimelineModel::Track::sleep_why() const {
  if (cur_op >= 0) return op_wait(cur_op);
  if (manager_wait == 1) return WaitWhy::KthreadCreate;
  if (manager_wait == 2) return WaitWhy::Cooldown;
  if (kthread_new) return WaitWhy::KthreadStart;
  return WaitWhy::None;
}

const std::vector<int32_t>& TimelineModel::instances_of(int32_t work) const {
  static const std::vector<int32_t> kNone;
  if (work < 0 || static_cast<size_t>(work) >= instances_of_work_.size()) return kNone;
  return instances_of_work_[static_cast<size_t>(work)];
}

// The slice instance @p in ran as, or nullptr (not started).
static const WorkSlice* slice_of(const std::vector<TaskRow>& rows, const WorkInstance& in) {
  if (in.row < 0 || in.slice < 0) return nullptr;
  return &rows[static_cast<size_t>(in.row)].slices[static_cast<size_t>(in.slice)];
}

Nanos TimelineModel::started(const WorkInstance& in) const {
  const WorkSlice* s = slice_of(rows_, in);
  return s ? s->start : -1;
}

Nanos TimelineModel::ended(const WorkInstance& in) const {
  const WorkSlice* s = slice_of(rows_, in);
  return s ? s->end : -1;
}

int32_t TimelineModel::wq_of(const WorkSlice& s) const {
  return s.instance >= 0 ? instances_[static_cast<size_t>(s.instance)].wq : -1;
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
  marked_types_.reset();
  causes_.clear();
  checkpoints_.clear();
  checkpoint_every_ = checkpoint_base_;
}

bool TimelineModel::update(const Simulation& sim, size_t max_read, size_t unchanged) {
  return update(sim.world(), sim.events(), max_read, unchanged);
}

bool TimelineModel::update(const World& w, const EventLog& events, size_t max_read, size_t unchanged) {
  bool rebuilt = false;
  if (events.size() < read_ || unchanged < read_ || (read_ > 0 && !same_event(events[read_ - 1], last_))) {
    // Known cut: back to a checkpoint before it. Unknown history: from the start.
    if (unchanged == SIZE_MAX || !rewind(events, unchanged)) {
      clear();
      ++rebuilds_;
    }
    rebuilt = true;
  }
  const size_t end = events.size() - read_ > max_read ? read_ + max_read : events.size();
  for (; read_ < end; ++read_) {
    const Event e = events[read_];
    if (checkpoint_due(e.time)) take_checkpoint();
    read(w, e, static_cast<uint32_t>(read_));
    last_ = e;
  }
  behind_ = events.size() - read_;
  last_time_ = read_ > 0 ? last_.time : 0;
  if (groups_dirty_) sort_groups();
  return rebuilt;
}

// A checkpoint goes before the next event when enough were read since the last one and
// time moves on there (Checkpoint's invariant).
bool TimelineModel::checkpoint_due(Nanos next_time) const {
  if (read_ == 0 || next_time <= last_.time) return false;
  const size_t since = checkpoints_.empty() ? 0 : checkpoints_.back().read;
  return read_ - since >= checkpoint_every_;
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
  if (const WorkerPool* p = find_pool(w, pool)) {
    grp.cpu = p->cpu;
    std::snprintf(buf, sizeof buf, "pool %d: cpus=%s nice=%d%s", pool, p->attrs.cpumask.to_list().c_str(),
                  p->attrs.nice, p->cpu < 0 ? " (unbound)" : "");
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
  if (const Task* ts = find_task(w, task)) {
    tk.kind = ts->kind;
    tk.cpu = static_cast<int16_t>(ts->cpu);
    const Worker* worker = ts->kind == TaskKind::Worker ? find_worker(w, ts->worker) : nullptr;
    if (ts->kind == TaskKind::Rescuer) {
      tr.rescuer = true;
    } else if (worker) {
      group = worker->pool >= 0 ? worker->pool : -2;  // a pool id for now
    } else if (ts->kind == TaskKind::Worker) {
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

// The row's state from now on: a new interval, unless it goes on as it was.
void TimelineModel::refresh_state(int32_t row, Nanos t) {
  TaskRow& r = rows_[static_cast<size_t>(row)];
  const Track& k = tracks_[static_cast<size_t>(row)];
  if (k.sched == Track::Sched::Dead) {
    end_states(r.states, t);
    return;
  }
  append_state(r.states, k.state(t));
}

void TimelineModel::close_sub(int32_t row, Nanos t) {
  Track& k = tracks_[static_cast<size_t>(row)];
  if (k.open_sub < 0) return;
  TaskRow& r = rows_[static_cast<size_t>(row)];
  SubSlice& sub = r.subs[static_cast<size_t>(k.open_sub)];
  if (sub.start == t && !sub.memory) {  // never blocked: drop it
    r.subs.pop_back();
  } else {
    sub.end = t;
  }
  k.open_sub = -1;
}

// A marker where the schema puts it: on its pool's header or its task's row, else on the axis.
void TimelineModel::add_marker(const World& w, const Event& e, uint32_t index) {
  const TimelineMark mark = event_schema(e.type).mark;
  if (mark == TimelineMark::None) return;
  marked_types_.set(static_cast<size_t>(e.type));
  Marker m;
  m.time = e.time;
  m.type = e.type;
  m.pwq = e.pwq;
  m.task = e.task;
  m.pool = e.pool;
  m.work = e.work;
  m.wq = e.wq;
  m.cpu = e.cpu;
  m.a = e.a;
  m.b = e.b;
  m.event = index;
  if (mark == TimelineMark::Pool && e.pool >= 0) {
    groups_[static_cast<size_t>(ensure_pool_group(w, e.pool))].markers.push_back(m);
  } else if (mark == TimelineMark::Task && e.task >= 0) {
    rows_[static_cast<size_t>(ensure_row(w, e.task, e.time))].markers.push_back(m);
  } else {
    global_markers_.push_back(m);
  }
}

void TimelineModel::read(const World& w, const Event& e, uint32_t index) {
  causes_.read(e, index);
  switch (e.type) {
    case EventType::TaskNew: task_new(w, e); break;
    case EventType::TaskExit: task_exit(w, e); break;
    case EventType::SchedSwitch: sched_switch(w, e); break;
    case EventType::SchedWakeup: woken(w, e); break;
    case EventType::SchedMigrate: migrated(w, e); break;
    case EventType::QueueWork: queued(w, e); break;
    case EventType::ActivateWork: activated(e); break;
    case EventType::RescuerAssign: rescued(e); break;
    case EventType::ExecuteStart: execute_start(w, e); break;
    case EventType::ExecuteEnd: execute_end(w, e); break;
    case EventType::WorkOp: work_op(w, e); break;
    case EventType::WorkOpDone: work_op_done(w, e); break;
    case EventType::AllocBlocked: alloc_blocked(w, e); break;
    case EventType::WorkerCreated: worker_created(w, e); break;
    case EventType::WorkerIdle: worker_idle(w, e, true); break;
    case EventType::WorkerBusy: worker_idle(w, e, false); break;
    case EventType::ManagerStart: manager_start(w, e); break;
    case EventType::ManagerEnd: manager_end(w, e); break;
    case EventType::CreateWorker: manager_waits(w, e, 1); break;
    case EventType::CreateCooldown: manager_waits(w, e, 2); break;
    case EventType::PoolCounters: pool_counters(w, e); break;
    case EventType::CpuHog: cpu_intensive(w, e, true); break;
    case EventType::MaydayTimerArm:
      mayday_timer(w, e).arm(e.time, static_cast<uint64_t>(e.a), static_cast<uint64_t>(e.b), w.jif, index);
      break;
    case EventType::MaydayTimerStop: mayday_timer(w, e).stop(e.time); break;
    case EventType::MaydayTimeout: mayday_timer(w, e).fire(e.time); break;
    case EventType::MemCounters:
      free_pages_.add(e.time, mem_counts(e).free);
      cache_pages_.add(e.time, mem_counts(e).cache);
      break;
    default: break;
  }
  add_marker(w, e, index);
}

void TimelineModel::task_new(const World& w, const Event& e) {
  const int32_t row = ensure_row(w, e.task, e.time);
  rows_[static_cast<size_t>(row)].born = e.time;
  Track& k = tracks_[static_cast<size_t>(row)];
  if (e.cpu >= 0) k.cpu = e.cpu;
  refresh_state(row, e.time);
}

void TimelineModel::task_exit(const World& w, const Event& e) {
  const int32_t row = ensure_row(w, e.task, e.time);
  rows_[static_cast<size_t>(row)].died = e.time;
  tracks_[static_cast<size_t>(row)].sched = Track::Sched::Dead;
  refresh_state(row, e.time);
}

void TimelineModel::sched_switch(const World& w, const Event& e) {
  if (e.cpu >= 0) cpu_switch(e.cpu, switch_next(e), e.time);
  if (e.task >= 0) switched_out(w, e);
  if (switch_next(e) >= 0) switched_in(w, switch_next(e), e.cpu, e.time);
}

// The CPU track: the running slice ends, the next task's begins (or continues).
void TimelineModel::cpu_switch(int cpu, int32_t next, Nanos t) {
  grow(cpu_slices_, static_cast<size_t>(cpu), std::deque<CpuSlice>{});
  grow(cpu_current_, static_cast<size_t>(cpu), -1);
  auto& cs = cpu_slices_[static_cast<size_t>(cpu)];
  if (!cs.empty() && cs.back().end < 0) {
    if (cs.back().start == t)
      cs.pop_back();
    else
      cs.back().end = t;
  }
  if (next >= 0) {
    if (!cs.empty() && cs.back().end == t && cs.back().task == next)
      cs.back().end = -1;  // merge
    else
      cs.push_back(CpuSlice{t, -1, next});
  }
  cpu_current_[static_cast<size_t>(cpu)] = next;
}

// The previous task leaves the CPU: preempted (R), exiting (X) or asleep.
void TimelineModel::switched_out(const World& w, const Event& e) {
  const int32_t row = ensure_row(w, e.task, e.time);
  Track& k = tracks_[static_cast<size_t>(row)];
  const char c = switch_prev_state(e);
  if (c == 'R') {
    k.sched = Track::Sched::OnRq;
    k.preempted = true;
  } else if (c == 'X') {
    k.sched = Track::Sched::Dead;
  } else {
    k.sched = Track::Sched::Asleep;
    k.sleep_char = c;
  }
  refresh_state(row, e.time);
}

void TimelineModel::switched_in(const World& w, int32_t task, int cpu, Nanos t) {
  const int32_t row = ensure_row(w, task, t);
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

void TimelineModel::woken(const World& w, const Event& e) {
  const int32_t row = ensure_row(w, e.task, e.time);
  if (row < 0) return;
  Track& k = tracks_[static_cast<size_t>(row)];
  if (k.sched != Track::Sched::OnCpu && k.sched != Track::Sched::Dead) {
    k.sched = Track::Sched::OnRq;
    k.preempted = false;
  }
  k.mem_blocked = false;
  if (e.cpu >= 0) k.cpu = e.cpu;
  refresh_state(row, e.time);
}

void TimelineModel::migrated(const World& w, const Event& e) {
  const int32_t row = ensure_row(w, e.task, e.time);
  if (row < 0) return;
  if (e.cpu >= 0) tracks_[static_cast<size_t>(row)].cpu = e.cpu;
  refresh_state(row, e.time);
}

// A new instance of the work: queued now, pending until it starts.
int32_t TimelineModel::new_instance(const Event& e) {
  WorkInstance in;
  in.work = e.work;
  in.wq = e.wq;
  in.pool = static_cast<int16_t>(e.pool);
  const auto idx = static_cast<int32_t>(instances_.size());
  instances_.push_back(in);
  grow(instances_of_work_, static_cast<size_t>(e.work), std::vector<int32_t>{});
  instances_of_work_[static_cast<size_t>(e.work)].push_back(idx);
  return idx;
}

void TimelineModel::queued(const World& w, const Event& e) {
  if (e.work < 0) return;
  const int32_t idx = new_instance(e);
  WorkInstance& in = instances_[static_cast<size_t>(idx)];
  in.queued = e.time;
  if (const int32_t* curr = find_in(cpu_current_, e.cpu)) in.queued_by = *curr;
  grow(pending_instance_, static_cast<size_t>(e.work), -1);
  pending_instance_[static_cast<size_t>(e.work)] = idx;
  if (e.pool >= 0) ensure_pool_group(w, e.pool);
}

// The work's queued, not yet started instance, or nullptr.
WorkInstance* TimelineModel::pending(int32_t work) {
  const int32_t* in = find_in(pending_instance_, work);
  return in && *in >= 0 ? &instances_[static_cast<size_t>(*in)] : nullptr;
}

void TimelineModel::activated(const Event& e) {
  if (WorkInstance* in = pending(e.work)) in->activated = e.time;
}

void TimelineModel::rescued(const Event& e) {
  if (WorkInstance* in = pending(e.work)) in->rescued = true;
}

void TimelineModel::execute_start(const World& w, const Event& e) {
  const int32_t row = ensure_row(w, e.task, e.time);
  if (row < 0) return;
  TaskRow& r = rows_[static_cast<size_t>(row)];
  Track& k = tracks_[static_cast<size_t>(row)];
  close_sub(row, e.time);
  if (k.open_slice >= 0) r.slices[static_cast<size_t>(k.open_slice)].end = e.time;  // defensive
  WorkSlice s;
  s.start = e.time;
  s.kind = SliceKind::Work;
  s.work = e.work;
  s.pool = e.pool;
  if (e.work >= 0) s.instance = start_instance(e, row, static_cast<int32_t>(r.slices.size()));
  k.open_slice = static_cast<int32_t>(r.slices.size());
  k.cur_op = -1;
  r.slices.push_back(s);
  ++slice_count_;
  if (r.group >= 0) groups_[static_cast<size_t>(r.group)].executed = true;
  // process_one_work(): a WQ_CPU_INTENSIVE workqueue's work runs outside concurrency management.
  const Workqueue* wq = find_wq(w, s.instance >= 0 ? wq_of(s) : e.wq);
  if (wq && (wq->flags & WQ_CPU_INTENSIVE)) cpu_intensive(w, e, true);
}

// WORKER_CPU_INTENSIVE set (wq_worker_tick() or a WQ_CPU_INTENSIVE work) or cleared (the work's end).
void TimelineModel::cpu_intensive(const World& w, const Event& e, bool on) {
  const int32_t row = ensure_row(w, e.task, e.time);
  if (row < 0) return;
  Track& k = tracks_[static_cast<size_t>(row)];
  if (k.intensive == on) return;
  k.intensive = on;
  refresh_state(row, e.time);
}

// The pending instance of the work starts on the row's slice; one queued before the
// model could see it gets an instance without a queueing.
int32_t TimelineModel::start_instance(const Event& e, int32_t row, int32_t slice) {
  grow(pending_instance_, static_cast<size_t>(e.work), -1);
  int32_t in = pending_instance_[static_cast<size_t>(e.work)];
  if (in < 0) in = new_instance(e);
  pending_instance_[static_cast<size_t>(e.work)] = -1;
  WorkInstance& wi = instances_[static_cast<size_t>(in)];
  wi.row = row;
  wi.slice = slice;
  return in;
}

void TimelineModel::execute_end(const World& w, const Event& e) {
  const int32_t row = ensure_row(w, e.task, e.time);
  if (row < 0) return;
  TaskRow& r = rows_[static_cast<size_t>(row)];
  Track& k = tracks_[static_cast<size_t>(row)];
  close_sub(row, e.time);
  if (k.open_slice >= 0) {
    r.slices[static_cast<size_t>(k.open_slice)].end = e.time;
  }
  k.open_slice = -1;
  k.cur_op = -1;
  k.intensive = false;  // process_one_work() clears WORKER_CPU_INTENSIVE after the work
  refresh_state(row, e.time);
}

// An operation that may block opens a sub-slice (close_sub() drops it if it did not).
void TimelineModel::work_op(const World& w, const Event& e) {
  const int32_t row = ensure_row(w, e.task, e.time);
  if (row < 0) return;
  TaskRow& r = rows_[static_cast<size_t>(row)];
  Track& k = tracks_[static_cast<size_t>(row)];
  close_sub(row, e.time);
  k.cur_op = -1;
  if (!blocking_op(event_op(e))) return;
  k.cur_op = static_cast<int>(event_op(e));
  SubSlice sub;
  sub.start = e.time;
  sub.op = event_op(e);
  sub.work = e.work;
  k.open_sub = static_cast<int32_t>(r.subs.size());
  r.subs.push_back(sub);
}

void TimelineModel::work_op_done(const World& w, const Event& e) {
  const int32_t row = ensure_row(w, e.task, e.time);
  if (row < 0) return;
  close_sub(row, e.time);
  Track& k = tracks_[static_cast<size_t>(row)];
  k.cur_op = -1;
  k.mem_blocked = false;
  refresh_state(row, e.time);
}

void TimelineModel::alloc_blocked(const World& w, const Event& e) {
  const int32_t row = ensure_row(w, e.task, e.time);
  if (row < 0) return;
  Track& k = tracks_[static_cast<size_t>(row)];
  k.mem_blocked = true;
  if (k.open_sub >= 0) rows_[static_cast<size_t>(row)].subs[static_cast<size_t>(k.open_sub)].memory = true;
  refresh_state(row, e.time);
}

// A new worker joins its pool's group, a rescuer the rescuers'.
void TimelineModel::worker_created(const World& w, const Event& e) {
  const int32_t row = ensure_row(w, e.task, e.time);
  if (row < 0) return;
  if (worker_is_rescuer(e)) {
    rows_[static_cast<size_t>(row)].rescuer = true;
    assign_group(row, special_group(GroupKind::Rescuers));
  } else if (e.pool >= 0) {
    assign_group(row, ensure_pool_group(w, e.pool));
  }
}

void TimelineModel::worker_idle(const World& w, const Event& e, bool idle) {
  const int32_t row = ensure_row(w, e.task, e.time);
  if (row < 0) return;
  tracks_[static_cast<size_t>(row)].idle = idle;
  refresh_state(row, e.time);
}

void TimelineModel::manager_start(const World& w, const Event& e) {
  const int32_t row = ensure_row(w, e.task, e.time);
  if (row < 0) return;
  TaskRow& r = rows_[static_cast<size_t>(row)];
  Track& k = tracks_[static_cast<size_t>(row)];
  if (k.open_slice >= 0) return;  // inside a work: not expected, keep slices disjoint
  WorkSlice s;
  s.start = e.time;
  s.kind = SliceKind::Manager;
  s.pool = e.pool;
  k.open_slice = static_cast<int32_t>(r.slices.size());
  r.slices.push_back(s);
  ++slice_count_;
}

void TimelineModel::manager_end(const World& w, const Event& e) {
  const int32_t row = ensure_row(w, e.task, e.time);
  if (row < 0) return;
  TaskRow& r = rows_[static_cast<size_t>(row)];
  Track& k = tracks_[static_cast<size_t>(row)];
  if (k.open_slice >= 0 && r.slices[static_cast<size_t>(k.open_slice)].kind == SliceKind::Manager) {
    r.slices[static_cast<size_t>(k.open_slice)].end = e.time;
    k.open_slice = -1;
  }
  k.manager_wait = 0;
  refresh_state(row, e.time);
}

// The manager waits: for kthreadd in create_worker() (1) or CREATE_COOLDOWN (2).
void TimelineModel::manager_waits(const World& w, const Event& e, uint8_t why) {
  const int32_t row = ensure_row(w, e.task, e.time);
  if (row < 0) return;
  tracks_[static_cast<size_t>(row)].manager_wait = why;
  refresh_state(row, e.time);
}

void TimelineModel::pool_counters(const World& w, const Event& e) {
  if (e.pool < 0) return;
  RowGroup& g = groups_[static_cast<size_t>(ensure_pool_group(w, e.pool))];
  const PoolCounts c = pool_counts(e);
  g.nr_running.add(e.time, c.nr_running);
  g.nr_idle.add(e.time, c.nr_idle);
  g.nr_workers.add(e.time, c.nr_workers);
  g.worklist.add(e.time, c.worklist);
}

// The pool's mayday timer (the core always names the pool; without one, the kernel group's).
TimerTrack& TimelineModel::mayday_timer(const World& w, const Event& e) {
  return groups_[static_cast<size_t>(ensure_pool_group(w, e.pool))].mayday_timer;
}

}  // namespace cmwq::web
