#include "core/simulation.h"

#include <algorithm>

namespace cmwq {
namespace {
// Enough that a step back replays under 100 k events even in a 100 M-event run (the
// budget's quarter thins them first when the world is large): 2.5 ms natively.
constexpr size_t kMaxSnapshots = 2048;
// Before each action the budget must have room for one more chunk of the log: one
// action's events (the livelock guard lets a CPU run about a thousand task steps at one
// instant, some ten bytes an event) never fill more than that.
constexpr uint64_t kLogHeadroom = EventLog::kChunkBytes;
// Every this many actions the world's own growth is checked against the budget too.
constexpr uint64_t kWorldCheckInterval = 65536;
constexpr uint64_t mib(uint64_t m) { return m << 20; }
}  // namespace

Simulation::Simulation(ScenarioWorld sw, Nanos until, RunBudget budget, History history)
    : sw_(std::move(sw)), until_(until), budget_(budget), history_(history) {
  for (const Event& e : take_events(sw_.world)) log_.push_back(e);
  snapshots_.push_back(Snapshot{sw_.world, world_footprint(sw_.world), log_.size(), 0});
}

uint64_t Simulation::snapshot_bytes() const {
  uint64_t sum = 0;  // at most kMaxSnapshots of them
  for (const Snapshot& s : snapshots_) sum += s.bytes;
  return sum;
}

uint64_t Simulation::footprint() const {
  return growing_bytes() + snapshot_bytes() +
         world_footprint(sw_.world) + (inside_ ? world_footprint(inside_->world) : 0);
}

uint64_t Simulation::growing_bytes() const {
  return log_.footprint() + log_.size() * budget_.viewer_bytes_per_event + visible_steps_.footprint();
}

bool Simulation::memory_allows(uint64_t extra_bytes) const {
  return footprint() + extra_bytes <= mib(budget_.max_memory_mib);
}

bool Simulation::within_budget() {
  if (stop_) return false;
  const World& w = sw_.world;
  std::optional<BudgetLimit> hit;
  if (log_.size() >= budget_.max_events) {
    hit = BudgetLimit::Events;
  } else if (const uint64_t chunks = growing_bytes() / kLogHeadroom;
             chunks != log_checked_chunks_ || w.actions_run % kWorldCheckInterval == 0) {
    // The log grew by a chunk's worth (or shrank), or it is time for the world's own
    // growth: a few hundred checks in a run, as world_footprint() reads every table.
    log_checked_chunks_ = chunks;
    if (!memory_allows(kLogHeadroom)) hit = BudgetLimit::Memory;
  }
  if (!hit) return true;
  const uint64_t value = *hit == BudgetLimit::Events ? budget_.max_events : budget_.max_memory_mib;
  stop_ = BudgetStop{*hit, value, log_.size(), w.now};
  return false;
}

size_t Simulation::apply_due_injections(size_t log_size) {
  while (next_injection_ < injections_.size() && injections_[next_injection_].at_action == sw_.world.actions_run) {
    apply(injections_[next_injection_++]);
    log_size = keep_events(log_size);
  }
  return log_size;
}

size_t Simulation::keep_events(size_t log_size) {
  World& w = sw_.world;
  if (log_size + w.out.size() <= log_.size()) {
    log_size += w.out.size();
    w.out.clear();  // a replay: the log holds them already (the same world emits the same events)
    return log_size;
  }
  log_.resize(log_size);  // running on (or a replay past the log's end, not expected): log them
  for (const Event& e : take_events(w)) log_.push_back(e);
  return log_.size();
}

void Simulation::apply(const Injection& inj) {
  World& w = sw_.world;
  w.now = std::max(w.now, inj.at_time);
  ScriptedAction a = inj.action;
  a.time = w.now;
  add_scripted_action(w, a);
  last_action_ = w.now;
}

void Simulation::maybe_snapshot(size_t log_size) {
  if (history_ == History::None) return;
  const World& w = sw_.world;
  if (w.actions_run - snapshots_.back().world.actions_run < snapshot_interval_) return;
  snapshots_.push_back(Snapshot{w, world_footprint(w), log_size, next_injection_});
  if (snapshots_.size() > kMaxSnapshots || snapshot_bytes() > mib(budget_.max_memory_mib) / 4) thin_snapshots();
}

void Simulation::thin_snapshots() {
  // Keep the first and every other one after it; snapshots become twice as sparse, and
  // a step back replays up to twice as far.
  std::vector<Snapshot> kept;
  for (size_t i = 0; i < snapshots_.size(); ++i)
    if (i == 0 || i % 2 == 0) kept.push_back(std::move(snapshots_[i]));
  snapshots_ = std::move(kept);
  snapshot_interval_ *= 2;
}

void Simulation::run_one() {
  if (within_budget()) run_action(log_.size());
}

size_t Simulation::run_action(size_t log_size) {
  World& w = sw_.world;
  log_size = apply_due_injections(log_size);
  action_log_start_ = log_size;
  cmwq::step(w);
  last_action_ = w.now;
  action_events_ = w.out.size();
  // A user action given right after this action belongs to it: apply it now, so every
  // way of arriving at this point (running forward, restoring) shows the same world.
  log_size = apply_due_injections(keep_events(log_size));
  maybe_snapshot(log_size);
  return log_size;
}

void Simulation::run_one_marked(StepMark& from) {
  const size_t log_before = log_.size();
  run_one();
  mark_step(from, log_before);
  from = here();
}

void Simulation::mark_step(StepMark from, size_t log_before) {
  if (log_.size() <= log_before) return;
  from.time = now();
  visible_steps_.push_back(from);
}

bool Simulation::step_event(Nanos limit) {
  if (limit < 0) limit = until_;
  const StepMark from = here();
  const size_t log_before = log_.size();  // what the step shows starts here, inside an action too
  settle();
  if (log_.size() > log_before) {  // the rest of the action it was inside showed something
    mark_step(from, log_before);
    return true;
  }
  while (!finished() && next_action_time(sw_.world) <= limit) {
    run_one();
    if (log_.size() > log_before) {
      mark_step(from, log_before);
      return true;
    }
  }
  return false;
}

StepMark Simulation::here() const {
  if (inside_) return StepMark{inside_->at.action, 0, inside_->at};
  return StepMark{sw_.world.actions_run, 0, InsideAction{}};
}

std::optional<InsideAction> Simulation::inside() const {
  if (!inside_) return std::nullopt;
  return inside_->at;
}

void Simulation::settle() {
  if (!inside_) return;
  for (const Event& e : inside_->rest) log_.push_back(e);
  inside_.reset();
}

// Runs the next action with a watch for point @p at of it; true if it passed that point
// (the run is then inside the action, the action itself having run to its end).
bool Simulation::run_watched(const InsideAction& at) {
  StepWatch watch;
  watch.size = at.size;
  watch.task = at.task;
  watch.target = at.boundary;
  sw_.world.watch.watch = &watch;
  run_one();
  sw_.world.watch.watch = nullptr;
  if (!watch.captured) return false;
  Inside in{at, std::move(*watch.captured), std::move(watch.captured_line), {}};
  const size_t shown = std::min(log_.size(), action_log_start_ + in.world.out.size());
  in.rest = log_.slice(shown, log_.size());
  log_.resize(shown);
  in.world.out.clear();
  inside_ = std::move(in);
  return true;
}

bool Simulation::step(StepSize size, int32_t task, Nanos limit) {
  if (size == StepSize::Over) return step_event(limit);
  if (limit < 0) limit = until_;
  const StepMark from = here();
  InsideAction at{sw_.world.actions_run, 1, size, task};
  if (inside_) {  // the next point of the same action: run it again from its start
    at = inside_->at;
    ++at.boundary;
    restore_to_action(at.action);
  }
  while (!finished() && next_action_time(sw_.world) <= limit) {
    at.action = sw_.world.actions_run;
    // An event step whose event is the action's last stops at the action's end.
    if (run_watched(at) || (size == StepSize::Event && action_events_ == at.boundary)) {
      visible_steps_.push_back(StepMark{from.action, now(), from.inside});
      return true;
    }
    at.boundary = 1;
  }
  go_to(from);  // none by the limit: back where it started
  return false;
}

bool Simulation::enter(const InsideAction& at) {
  settle();
  if (at.boundary == 0 || sw_.world.actions_run != at.action || finished()) return false;
  const StepMark from = here();
  if (run_watched(at)) return true;
  go_to(from);
  return false;
}

void Simulation::go_to(const StepMark& m) {
  restore_to_action(m.action);
  if (m.inside.boundary > 0) run_watched(m.inside);
}

void Simulation::restore_to_action(uint64_t target) {
  // The latest snapshot at or before target, then replay.
  size_t i = snapshots_.size();
  while (i > 1 && snapshots_[i - 1].world.actions_run > target) --i;
  const Snapshot& s = snapshots_[i - 1];
  inside_.reset();  // its events past the point are dropped with the rest of the future
  sw_.world = s.world;
  last_action_ = sw_.world.now;  // a snapshot is taken right after an action (or at boot)
  size_t log_size = s.log_size;
  next_injection_ = s.injections_applied;
  snapshots_.resize(i);
  stop_.reset();  // back before the stop: the run may go on to it again
  while (sw_.world.actions_run < target && !finished()) log_size = run_action(log_size);
  // A user action done at this point belongs to it.
  log_.resize(apply_due_injections(log_size));
}

bool Simulation::step_back() {
  if (visible_steps_.empty()) return false;
  const StepMark m = visible_steps_.back();
  visible_steps_.truncate(visible_steps_.size() - 1);
  go_to(m);
  return true;
}

void Simulation::run_until(Nanos t) {
  StepMark from = here();
  settle();
  while (!finished() && next_action_time(sw_.world) <= t) run_one_marked(from);
  World& w = sw_.world;
  if (w.now < t && !stop_) w.now = t;  // a stopped run stays at its stop
}

void Simulation::run_actions(uint64_t n) {
  StepMark from = here();
  settle();
  while (!finished() && sw_.world.actions_run < n) run_one_marked(from);
}

int64_t Simulation::run_until_event(const std::function<bool(const Event&)>& pred, Nanos limit) {
  StepMark from = here();
  const size_t shown = log_.size();
  settle();
  if (log_.size() > shown) {  // the rest of an action the run was inside
    mark_step(from, shown);
    from = here();
    for (size_t i = shown; i < log_.size(); ++i)
      if (pred(log_[i])) return static_cast<int64_t>(i);
  }
  while (!finished() && next_action_time(sw_.world) <= limit) {
    const size_t log_before = log_.size();
    run_one_marked(from);
    for (size_t i = log_before; i < log_.size(); ++i)
      if (pred(log_[i])) return static_cast<int64_t>(i);
  }
  return -1;
}

void Simulation::seek(Nanos t) {
  settle();
  if (t >= now()) {
    run_until(t);
    return;
  }
  // Back: undo every visible step that happened after t, restoring in one go.
  const size_t first_gone = visible_steps_.first_after(t);
  if (first_gone == visible_steps_.size()) {
    // Nothing visible happened after t: only the clock ran on. Any time from the last
    // action on is the very same state, as if run_until() had stopped there.
    sw_.world.now = std::max(t, last_action_);
    return;
  }
  const uint64_t target = visible_steps_.at(first_gone).action;
  visible_steps_.truncate(first_gone);
  restore_to_action(target);
}

void Simulation::inject(ScriptedAction a) {
  settle();  // between two lines of kernel code nothing else runs: it acts after the action
  // Doing something now discards any future beyond this point.
  Injection inj;
  inj.at_action = sw_.world.actions_run;
  inj.at_time = now();
  inj.action = a;
  injections_.resize(next_injection_);
  injections_.push_back(inj);
  apply(injections_.back());
  keep_events(log_.size());
  next_injection_ = injections_.size();
}

}  // namespace cmwq
