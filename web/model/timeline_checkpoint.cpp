// TimelineModel's checkpoints: what it notes every checkpoint_every() events, and how it
// goes back to one when history is cut (a step back), instead of reading the log again
// from the start. Checkpoint (timeline_track.h) says why restoring is exact.
#include <algorithm>

#include "web/model/timeline_model.h"
#include "web/model/timeline_track.h"

namespace cmwq::web {

namespace {

template <typename Seq>
uint32_t size32(const Seq& v) {
  return static_cast<uint32_t>(v.size());
}

// Keeps the first @p n elements, the last of them as it was (@p last).
template <typename Seq>
void cut(Seq& v, uint32_t n, const typename Seq::value_type& last) {
  v.resize(n);
  if (n > 0) v.back() = last;
}

}  // namespace

size_t TimelineModel::checkpoints() const { return checkpoints_.size(); }

// Notes the model as it stands, before event read_; past kMaxCheckpoints, every other one
// goes and they are taken half as often.
void TimelineModel::take_checkpoint() {
  auto mark = [](const CounterSeries& s) { return Checkpoint::Series{size32(s.t), s.max}; };
  Checkpoint c;
  c.read = read_;
  c.last = last_;
  c.rows.reserve(rows_.size());
  for (size_t i = 0; i < rows_.size(); ++i) {
    const TaskRow& r = rows_[i];
    Checkpoint::Row cr;
    cr.track = tracks_[i];
    cr.group = r.group, cr.rescuer = r.rescuer, cr.born = r.born, cr.died = r.died;
    cr.states = size32(r.states), cr.slices = size32(r.slices), cr.subs = size32(r.subs);
    cr.markers = size32(r.markers);
    if (!r.states.empty()) cr.last_state = r.states.back();
    if (!r.slices.empty()) cr.last_slice = r.slices.back();
    if (!r.subs.empty()) cr.last_sub = r.subs.back();
    const int32_t open = tracks_[i].open_slice;
    if (open >= 0 && r.slices[static_cast<size_t>(open)].instance >= 0) {
      const int32_t in = r.slices[static_cast<size_t>(open)].instance;
      c.open_instances.emplace_back(in, instances_[static_cast<size_t>(in)]);
    }
    c.rows.push_back(cr);
  }
  for (const RowGroup& g : groups_) {
    Checkpoint::Group cg;
    cg.executed = g.executed;
    cg.markers = size32(g.markers);
    cg.bars = size32(g.mayday_timer.bars);
    if (!g.mayday_timer.bars.empty()) cg.last_bar = g.mayday_timer.bars.back();
    cg.nr_running = mark(g.nr_running), cg.nr_idle = mark(g.nr_idle);
    cg.nr_workers = mark(g.nr_workers), cg.worklist = mark(g.worklist);
    c.groups.push_back(cg);
  }
  c.instances = size32(instances_);
  for (size_t work = 0; work < pending_instance_.size(); ++work) {
    const int32_t in = pending_instance_[work];
    if (in < 0) continue;
    c.pending.emplace_back(static_cast<int32_t>(work), in);
    c.open_instances.emplace_back(in, instances_[static_cast<size_t>(in)]);
  }
  c.global_markers = size32(global_markers_);
  c.free_pages = mark(free_pages_), c.cache_pages = mark(cache_pages_);
  for (const auto& cs : cpu_slices_) {
    c.cpu_slices.push_back(size32(cs));
    c.cpu_last.push_back(cs.empty() ? CpuSlice{} : cs.back());
  }
  c.cpu_current = cpu_current_;
  c.causes = causes_.without_arrows();
  c.arrows = causes_.arrows().size();
  c.marked = marked_types_;
  c.slice_count = slice_count_;
  checkpoints_.push_back(std::move(c));
  if (checkpoints_.size() <= kMaxCheckpoints) return;
  size_t kept = 0;
  for (size_t i = 0; i < checkpoints_.size(); i += 2) checkpoints_[kept++] = std::move(checkpoints_[i]);
  checkpoints_.resize(kept);
  checkpoint_every_ *= 2;
}

// Goes back to the last checkpoint within the first @p keep events of @p events; false
// (and no checkpoints left) if there is none, or the model is not as that checkpoint expects.
bool TimelineModel::rewind(const EventLog& events, size_t keep) {
  while (!checkpoints_.empty() && checkpoints_.back().read > std::min(keep, events.size())) checkpoints_.pop_back();
  if (checkpoints_.empty()) return false;
  const Checkpoint& c = checkpoints_.back();
  bool fits = rows_.size() >= c.rows.size() && groups_.size() >= c.groups.size() &&
              instances_.size() >= c.instances && cpu_slices_.size() >= c.cpu_slices.size();
  for (size_t i = 0; fits && i < c.rows.size(); ++i) {
    const TaskRow& r = rows_[i];
    fits = r.states.size() >= c.rows[i].states && r.slices.size() >= c.rows[i].slices &&
           r.subs.size() >= c.rows[i].subs && r.markers.size() >= c.rows[i].markers;
  }
  if (!fits) {  // not expected (see Checkpoint's invariant); read from the start instead
    checkpoints_.clear();
    return false;
  }
  restore(c);
  ++rewinds_;
  return true;
}

void TimelineModel::restore(const Checkpoint& c) {
  restore_instances(c);  // first: it reads the instances of the rows' slices made since
  restore_rows(c);
  restore_groups(c);
  restore_cpus(c);
  global_markers_.resize(c.global_markers);
  free_pages_.truncate(c.free_pages.size, c.free_pages.max);
  cache_pages_.truncate(c.cache_pages.size, c.cache_pages.max);
  causes_.rewind_to(c.causes, c.arrows);
  marked_types_ = c.marked;
  slice_count_ = c.slice_count;
  read_ = c.read;
  last_ = c.last;
  last_time_ = c.last.time;
}

void TimelineModel::restore_rows(const Checkpoint& c) {
  for (size_t i = c.rows.size(); i < rows_.size(); ++i) row_of_task_[static_cast<size_t>(rows_[i].task)] = -1;
  rows_.resize(c.rows.size());
  tracks_.resize(c.rows.size());
  for (size_t i = 0; i < c.rows.size(); ++i) {
    const Checkpoint::Row& cr = c.rows[i];
    TaskRow& r = rows_[i];
    tracks_[i] = cr.track;
    r.group = cr.group, r.rescuer = cr.rescuer, r.born = cr.born, r.died = cr.died;
    cut(r.states, cr.states, cr.last_state);
    cut(r.slices, cr.slices, cr.last_slice);
    cut(r.subs, cr.subs, cr.last_sub);
    r.markers.resize(cr.markers);
  }
}

// Groups made since go; each group's rows are listed again from the rows' groups then.
void TimelineModel::restore_groups(const Checkpoint& c) {
  for (int32_t& g : group_of_pool_)
    if (g >= static_cast<int32_t>(c.groups.size())) g = -1;
  groups_.resize(c.groups.size());
  for (size_t i = 0; i < c.groups.size(); ++i) {
    const Checkpoint::Group& cg = c.groups[i];
    RowGroup& g = groups_[i];
    g.executed = cg.executed;
    g.markers.resize(cg.markers);
    cut(g.mayday_timer.bars, cg.bars, cg.last_bar);
    g.nr_running.truncate(cg.nr_running.size, cg.nr_running.max);
    g.nr_idle.truncate(cg.nr_idle.size, cg.nr_idle.max);
    g.nr_workers.truncate(cg.nr_workers.size, cg.nr_workers.max);
    g.worklist.truncate(cg.worklist.size, cg.worklist.max);
    g.rows.clear();
  }
  for (size_t i = 0; i < rows_.size(); ++i)
    if (rows_[i].group >= 0) groups_[static_cast<size_t>(rows_[i].group)].rows.push_back(static_cast<int32_t>(i));
  groups_dirty_ = true;
}

// Instances made since go (from their works' lists too); those not ended come back as they were.
void TimelineModel::restore_instances(const Checkpoint& c) {
  for (size_t i = instances_.size(); i-- > c.instances;) {
    auto& of_work = instances_of_work_[static_cast<size_t>(instances_[i].work)];
    if (!of_work.empty() && of_work.back() == static_cast<int32_t>(i)) of_work.pop_back();
  }
  instances_.resize(c.instances);
  for (const auto& [index, copy] : c.open_instances) instances_[static_cast<size_t>(index)] = copy;
  std::fill(pending_instance_.begin(), pending_instance_.end(), -1);
  for (const auto& [work, index] : c.pending) pending_instance_[static_cast<size_t>(work)] = index;
}

void TimelineModel::restore_cpus(const Checkpoint& c) {
  cpu_slices_.resize(c.cpu_slices.size());
  for (size_t cpu = 0; cpu < c.cpu_slices.size(); ++cpu) cut(cpu_slices_[cpu], c.cpu_slices[cpu], c.cpu_last[cpu]);
  cpu_current_ = c.cpu_current;
}

}  // namespace cmwq::web
