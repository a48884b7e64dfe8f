// What a run did, as times both a kernel trace and the model show, compared row by row.
#include "core/trace/trace_compare.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "core/trace/text.h"
#include "core/trace/tracker.h"
#include "core/world_view.h"

namespace cmwq {
namespace {

// "cpu 0", "cpu 0 highpri" or "unbound".
std::string pool_name(const World& w, int32_t pool) {
  const WorkerPool* p = find_pool(w, pool);
  if (!p) return "";
  if (p->cpu < 0) return "unbound";
  return "cpu " + std::to_string(p->cpu) + (p->attrs.nice < 0 ? " highpri" : "");
}

// The pool a task works for, if it is a pool's worker (not a rescuer).
int32_t worker_pool_of(const World& w, int32_t task) {
  const Task* t = find_task(w, task);
  if (!t || t->kind != TaskKind::Worker) return -1;
  const Worker* wk = find_worker(w, t->worker);
  return wk ? wk->pool : -1;
}

class FactReader {
 public:
  FactReader(const World& w, const std::vector<std::string>& works) : w_(w), works_(works.begin(), works.end()) {}

  void read(const Event& e, bool blocking);
  RunFacts done();

 private:
  WorkRun* current(int32_t task) {
    const auto it = running_.find(task);
    return it == running_.end() || it->second < 0 ? nullptr : &facts_.runs[static_cast<size_t>(it->second)];
  }
  PoolFacts& pool(int32_t id) { return pools_[id]; }
  void execute_start(const Event& e, bool);
  void execute_end(const Event& e, bool);
  void work_op(const Event& e, bool blocking);
  void wakeup(const Event& e, bool);
  void work_op_done(const Event& e, bool) { asleep_[e.task] = false; }
  void queue_work(const Event& e, bool);
  void task_new(const Event& e, bool);
  void mayday_armed(const Event& e, bool) { pool(e.pool).mayday_armed.push_back(e.time); }
  void mayday_fired(const Event& e, bool) { pool(e.pool).mayday_fired.push_back(e.time); }

  struct Reader {
    EventType type;
    void (FactReader::*read)(const Event&, bool);
  };
  static const Reader kReaders[];

  const World& w_;
  std::set<std::string, std::less<>> works_;
  RunFacts facts_;
  std::map<int32_t, int> running_;   // task -> index of its run, -1 when none
  std::map<int32_t, bool> asleep_;   // task -> asleep inside its run
  std::map<int32_t, PoolFacts> pools_;
  std::set<int32_t> pools_used_;     // pools that queued or ran the works asked for
};

void FactReader::execute_start(const Event& e, bool) {
  const Work* wk = find_work(w_, e.work);
  if (!wk || !works_.count(wk->name)) return;
  const Task* t = find_task(w_, e.task);
  WorkRun r;
  r.work = wk->name;
  r.rescuer = t && t->kind == TaskKind::Rescuer;
  r.start = e.time;
  running_[e.task] = static_cast<int>(facts_.runs.size());
  asleep_[e.task] = false;
  facts_.runs.push_back(r);
  const int32_t p = r.rescuer ? e.pool : worker_pool_of(w_, e.task);
  if (p >= 0) pools_used_.insert(p);
}

void FactReader::work_op(const Event& e, bool blocking) {  // a blocking operation begins: the work sleeps
  if (WorkRun* r = current(e.task); r && blocking) {
    r->sleeps.push_back(e.time);
    r->wakes.push_back(-1);
    asleep_[e.task] = true;
  }
}

// A task asleep in a work may be woken before its operation ends (send_mayday() wakes a
// rescuer asleep in the item it rescues; it sleeps again): the last wake-up before the
// operation returns is the work's wake.
void FactReader::wakeup(const Event& e, bool) {
  if (WorkRun* r = current(e.task); r && asleep_[e.task]) r->wakes.back() = e.time;
}

void FactReader::execute_end(const Event& e, bool) {
  if (WorkRun* r = current(e.task)) r->finish = e.time;
  running_[e.task] = -1;
}

void FactReader::queue_work(const Event& e, bool) {
  const Work* wk = find_work(w_, e.work);
  if (wk && works_.count(wk->name) && e.pool >= 0) pools_used_.insert(e.pool);
}

void FactReader::task_new(const Event& e, bool) {
  if (const int32_t p = worker_pool_of(w_, e.task); p >= 0) pool(p).workers_forked.push_back(e.time);
}

// The events read, one row each (every other type is passed over).
const FactReader::Reader FactReader::kReaders[] = {
    {EventType::ExecuteStart, &FactReader::execute_start},
    {EventType::ExecuteEnd, &FactReader::execute_end},
    {EventType::WorkOp, &FactReader::work_op},
    {EventType::SchedWakeup, &FactReader::wakeup},
    {EventType::WorkOpDone, &FactReader::work_op_done},
    {EventType::QueueWork, &FactReader::queue_work},
    {EventType::MaydayTimerArm, &FactReader::mayday_armed},
    {EventType::MaydayTimeout, &FactReader::mayday_fired},
    {EventType::TaskNew, &FactReader::task_new},
};

void FactReader::read(const Event& e, bool blocking) {
  ++facts_.events;
  for (const Reader& r : kReaders)
    if (r.type == e.type) (this->*r.read)(e, blocking);
}

RunFacts FactReader::done() {
  for (const int32_t p : pools_used_) {
    PoolFacts f = pools_[p];
    f.pool = pool_name(w_, p);
    facts_.pools.push_back(f);
  }
  std::stable_sort(facts_.runs.begin(), facts_.runs.end(), [](const WorkRun& a, const WorkRun& b) { return a.start < b.start; });
  return facts_;
}

// --- comparing ---------------------------------------------------------------------------------

std::string times_text(const std::vector<Nanos>& ts) {
  std::string out;
  for (const Nanos t : ts) out += (out.empty() ? "" : ", ") + format_ms(t);
  return out.empty() ? "none" : out;
}

std::string run_text(const WorkRun& r) {
  std::string out = "start " + format_ms(r.start);
  for (size_t i = 0; i < r.sleeps.size(); ++i)
    out += ", sleep " + format_ms(r.sleeps[i]) + ", wake " + (r.wakes[i] < 0 ? "-" : format_ms(r.wakes[i]));
  out += ", finish " + (r.finish < 0 ? std::string("-") : format_ms(r.finish));
  return out + (r.rescuer ? " (rescuer)" : " (worker)");
}

bool past(Nanos t, Nanos until) { return t < 0 || t > until; }

// Keeps the pairs (by index) up to the last one in which either side is at or before
// @p until; the pairs after it happen past the end on both sides.
void trim_pairs(std::vector<Nanos>& a, std::vector<Nanos>& b, Nanos until) {
  size_t keep = 0;
  for (size_t j = 0; j < std::max(a.size(), b.size()); ++j)
    if ((j < a.size() && !past(a[j], until)) || (j < b.size() && !past(b[j], until))) keep = j + 1;
  a.resize(std::min(a.size(), keep));
  b.resize(std::min(b.size(), keep));
}

// A run with what follows @p until left out (times past it read as absent).
WorkRun trimmed(const WorkRun& r, size_t sleeps, Nanos until) {
  WorkRun t = r;
  t.sleeps.resize(std::min(t.sleeps.size(), sleeps));
  t.wakes.resize(t.sleeps.size());
  for (Nanos& w : t.wakes)
    if (past(w, until)) w = -1;
  if (past(t.finish, until)) t.finish = -1;
  return t;
}

// Two times, either of which may be -1 (absent): updates the row's largest difference.
bool close(Nanos a, Nanos b, Nanos tol, CompareRow& row) {
  if (a < 0 || b < 0) return a < 0 && b < 0;
  const Nanos d = a > b ? a - b : b - a;
  row.largest = std::max(row.largest, d);
  return d <= tol;
}

CompareRow compare_runs(const std::string& name, const WorkRun* kr, const WorkRun* mr, Nanos tol, Nanos until) {
  CompareRow row;
  row.name = name;
  std::optional<WorkRun> kt, mt;
  if (kr && mr) {  // both sides' facts up to the end (a pair counts when either side is in time)
    std::vector<Nanos> ks = kr->sleeps, ms = mr->sleeps;
    trim_pairs(ks, ms, until);
    kt = trimmed(*kr, ks.size(), until);
    mt = trimmed(*mr, ms.size(), until);
    // A wake or finish counts when either side has it in time.
    for (size_t i = 0; i < std::min(kt->wakes.size(), mt->wakes.size()); ++i)
      if (kt->wakes[i] >= 0 || mt->wakes[i] >= 0) kt->wakes[i] = kr->wakes[i], mt->wakes[i] = mr->wakes[i];
    if (kt->finish >= 0 || mt->finish >= 0) kt->finish = kr->finish, mt->finish = mr->finish;
  } else if (kr) {
    kt = trimmed(*kr, kr->sleeps.size(), until);
  } else if (mr) {
    mt = trimmed(*mr, mr->sleeps.size(), until);
  }
  const WorkRun* k = kt ? &*kt : nullptr;
  const WorkRun* m = mt ? &*mt : nullptr;
  row.kernel = k ? run_text(*k) : "did not run";
  row.model = m ? run_text(*m) : "did not run";
  if (!k || !m) {
    row.why = k ? "the model did not run it" : "the kernel did not run it";
    return row;
  }
  bool ok = close(k->start, m->start, tol, row);
  ok = close(k->finish, m->finish, tol, row) && ok;
  const size_t n = std::min(k->sleeps.size(), m->sleeps.size());
  for (size_t i = 0; i < n; ++i) {
    ok = close(k->sleeps[i], m->sleeps[i], tol, row) && ok;
    ok = close(k->wakes[i], m->wakes[i], tol, row) && ok;
  }
  if (k->sleeps.size() != m->sleeps.size())
    row.why = "slept " + std::to_string(k->sleeps.size()) + " times in the kernel, " + std::to_string(m->sleeps.size()) +
              " in the model";
  else if (k->rescuer != m->rescuer)
    row.why = std::string("run by a ") + (k->rescuer ? "rescuer" : "worker") + " in the kernel, by a " +
              (m->rescuer ? "rescuer" : "worker") + " in the model";
  row.match = ok && row.why.empty();
  return row;
}

CompareRow compare_times(const std::string& name, std::vector<Nanos> k, std::vector<Nanos> m, Nanos tol, Nanos until) {
  trim_pairs(k, m, until);
  CompareRow row;
  row.name = name;
  row.kernel = times_text(k);
  row.model = times_text(m);
  bool ok = true;
  for (size_t i = 0; i < std::min(k.size(), m.size()); ++i) ok = close(k[i], m[i], tol, row) && ok;
  if (k.size() != m.size())
    row.why = std::to_string(k.size()) + " in the kernel, " + std::to_string(m.size()) + " in the model";
  row.match = ok && row.why.empty();
  return row;
}

// "w0" for a work's first run, "w0#2" for its second, ...
std::map<std::string, const WorkRun*> runs_by_name(const RunFacts& f, std::vector<std::string>* order) {
  std::map<std::string, const WorkRun*> out;
  std::map<std::string, int> seen;
  for (const WorkRun& r : f.runs) {
    const int n = ++seen[r.work];
    const std::string key = n == 1 ? r.work : r.work + "#" + std::to_string(n);
    out[key] = &r;
    if (order) order->push_back(key);
  }
  return out;
}

const PoolFacts* find_pool_facts(const RunFacts& f, const std::string& name) {
  for (const PoolFacts& p : f.pools)
    if (p.pool == name) return &p;
  return nullptr;
}

void compare_pools(const RunFacts& kernel, const RunFacts& model, Nanos tol, Nanos until, Comparison& c) {
  std::vector<std::string> names;
  for (const RunFacts* f : {&kernel, &model})
    for (const PoolFacts& p : f->pools)
      if (std::find(names.begin(), names.end(), p.pool) == names.end()) names.push_back(p.pool);
  const PoolFacts none;
  for (const std::string& n : names) {
    const PoolFacts* k = find_pool_facts(kernel, n);
    const PoolFacts* m = find_pool_facts(model, n);
    k = k ? k : &none;
    m = m ? m : &none;
    const struct {
      const char* what;
      std::vector<Nanos> PoolFacts::*times;
    } lists[] = {{"mayday armed", &PoolFacts::mayday_armed},
                 {"mayday fired", &PoolFacts::mayday_fired},
                 {"worker forked", &PoolFacts::workers_forked}};
    for (const auto& l : lists) {
      CompareRow row = compare_times(n + " " + l.what, k->*l.times, m->*l.times, tol, until);
      if (row.kernel != "none" || row.model != "none") c.rows.push_back(row);
    }
  }
}

}  // namespace

std::string format_ms(Nanos t) {
  std::string out;
  const Nanos us = (t + (t < 0 ? -500 : 500)) / NSEC_PER_USEC;
  appendf(out, "%s%lld.%03lld", us < 0 ? "-" : "", static_cast<long long>((us < 0 ? -us : us) / 1000),
          static_cast<long long>((us < 0 ? -us : us) % 1000));
  return out;
}

RunFacts run_facts(const World& w, const EventLog& events, size_t first, const std::vector<std::string>& works,
                   Nanos until) {
  FactReader r(w, works);
  const std::vector<bool> blocking = blocking_ops(events);
  for (size_t i = first; i < events.size() && events[i].time <= until; ++i) r.read(events[i], blocking[i]);
  return r.done();
}

Comparison compare_facts(const RunFacts& kernel, const RunFacts& model, Nanos tolerance, Nanos until) {
  Comparison c;
  std::vector<std::string> order;
  const auto k = runs_by_name(kernel, &order);
  std::vector<std::string> model_order;
  const auto m = runs_by_name(model, &model_order);
  for (const std::string& name : model_order)
    if (!k.count(name)) order.push_back(name);
  for (const std::string& name : order) {
    const auto ki = k.find(name);
    const auto mi = m.find(name);
    const WorkRun* kr = ki == k.end() ? nullptr : ki->second;
    const WorkRun* mr = mi == m.end() ? nullptr : mi->second;
    if ((!kr || kr->start > until) && (!mr || mr->start > until)) continue;  // begins after the end
    c.rows.push_back(compare_runs(name, kr, mr, tolerance, until));
  }
  compare_pools(kernel, model, tolerance, until, c);
  for (const CompareRow& r : c.rows) {
    c.largest = std::max(c.largest, r.largest);
    c.match = c.match && r.match;
  }
  return c;
}

}  // namespace cmwq
