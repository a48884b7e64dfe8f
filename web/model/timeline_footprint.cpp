// TimelineModel::footprint(): what the model holds, for the page's run budget (App
// measures bytes per event from it; see kViewerBytesPerEvent in session.h).
#include <deque>
#include <vector>

#include "web/model/timeline_model.h"
#include "web/model/timeline_track.h"

namespace cmwq::web {

namespace {

template <typename T>
uint64_t bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

// A deque's blocks, the last one counted full, and its map.
template <typename T>
uint64_t bytes(const std::deque<T>& d) {
  constexpr uint64_t kBlock = sizeof(T) < 512 ? 512 / sizeof(T) : 1;  // libstdc++'s and libc++'s at least
  return (d.size() / kBlock + 1) * kBlock * sizeof(T) + (d.size() / kBlock + 8) * sizeof(void*);
}

uint64_t bytes(const CounterSeries& s) { return bytes(s.t) + bytes(s.v); }

}  // namespace

uint64_t TimelineModel::footprint() const {
  uint64_t n = bytes(rows_) + bytes(tracks_) + bytes(row_of_task_) + bytes(groups_) + bytes(pending_instance_);
  for (const TaskRow& r : rows_) n += bytes(r.states) + bytes(r.slices) + bytes(r.subs) + bytes(r.markers);
  for (const RowGroup& g : groups_)
    n += bytes(g.rows) + bytes(g.markers) + bytes(g.mayday_timer.bars) + bytes(g.nr_running) + bytes(g.nr_idle) +
         bytes(g.nr_workers) + bytes(g.worklist);
  n += bytes(instances_) + bytes(instances_of_work_);
  for (const auto& of : instances_of_work_) n += bytes(of);
  n += bytes(global_markers_) + bytes(free_pages_) + bytes(cache_pages_) + bytes(cause_arrows());
  for (const auto& cs : cpu_slices_) n += bytes(cs);
  for (const Checkpoint& c : checkpoints_)
    n += sizeof c + bytes(c.rows) + bytes(c.groups) + bytes(c.open_instances) + bytes(c.pending) + bytes(c.cpu_slices) +
         bytes(c.cpu_last) + bytes(c.cpu_current);
  return n;
}

}  // namespace cmwq::web
