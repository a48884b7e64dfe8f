// The lab query language (see query.h).
#include "core/lab/query.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>

#include "core/scenario/suggest.h"
#include "core/trace/text.h"
#include "core/trace/fields.h"
#include "core/world_view.h"

namespace cmwq {
namespace {

struct EventName {
  const char* name;
  EventType type;
};
const EventName kEvents[] = {
    {"mayday", EventType::MaydaySent},          {"mayday_timeout", EventType::MaydayTimeout},
    {"rescuer_wake", EventType::RescuerWake},   {"rescue", EventType::RescuerAssign},
    {"worker_created", EventType::WorkerCreated}, {"worker_destroyed", EventType::WorkerDestroyed},
    {"create_failed", EventType::CreateFailed}, {"lockup", EventType::WatchdogLockup},
    {"warn", EventType::Warn},                  {"start", EventType::ExecuteStart},
    {"end", EventType::ExecuteEnd},             {"queue", EventType::QueueWork},
    {"activate", EventType::ActivateWork},      {"sleep", EventType::WorkOp},
    {"alloc_blocked", EventType::AllocBlocked}, {"reclaim", EventType::PagesFreed},
    {"cpu_hog", EventType::CpuHog},             {"kick", EventType::KickPool},
    {"wake", EventType::WorkOpDone},            {"gp_start", EventType::RcuGpStart},
    {"gp_end", EventType::RcuGpEnd},            {"cursor_place", EventType::MaydayCursorPlace},
    {"cursor_del", EventType::MaydayCursorDel}};
const std::vector<std::string> kMetrics = {"workers", "idle", "running", "worklist", "free_pages", "nr_active"};

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    const size_t b = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

std::optional<int64_t> to_number(const std::string& s) {
  int64_t v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

std::vector<std::string> event_names() {
  std::vector<std::string> v;
  for (const EventName& e : kEvents) v.push_back(e.name);
  return v;
}

// The parsed form of a query, with names still as text.
struct Parsed {
  std::string verb;
  std::string event;  // or metric / goal subject
  EventType type = EventType::Warn;
  std::string work, wq, pool;
  std::optional<Nanos> after, before, at;
  std::optional<int64_t> limit;  // max_nr_active <= N
  std::string cmp;               // time/count/value X CMP Y: "<=", ">=", "==", "<", ">"
  std::string cmp_value;         // Y as written (a duration, a number or "never")
};

// The word after the verb that some verbs take: an event, a metric or a work. Sets @p i
// to the index of the first word after it.
bool parse_subject(const std::vector<std::string>& w, Parsed& p, size_t& i, std::string& error) {
  i = 1;
  if (p.verb == "time" || p.verb == "count") {
    if (w.size() < 2) return (error = "`" + p.verb + "` needs an event, e.g. `" + p.verb + " mayday`"), false;
    p.event = w[1];
    i = 2;
    const auto known = std::find_if(std::begin(kEvents), std::end(kEvents),
                                    [&](const EventName& e) { return p.event == e.name; });
    if (known == std::end(kEvents))
      return (error = "unknown event `" + p.event + "`" + did_you_mean(p.event, event_names())), false;
    p.type = known->type;
  } else if (p.verb == "value") {
    if (w.size() < 2) return (error = "`value` needs a metric: workers, idle, running, worklist, free_pages, nr_active"), false;
    p.event = w[1];
    i = 2;
    if (std::find(kMetrics.begin(), kMetrics.end(), p.event) == kMetrics.end())
      return (error = "unknown metric `" + p.event + "`" + did_you_mean(p.event, kMetrics)), false;
  } else if (p.verb == "completes") {
    if (w.size() < 2) return (error = "`completes` needs a work name"), false;
    p.work = w[1];
    i = 2;
  }
  return true;
}

bool is_comparison(const std::string& t) { return t == "<=" || t == ">=" || t == "==" || t == "<" || t == ">"; }

// X CMP Y after time, count or value: Y a time (or never) for time, a number otherwise.
bool parse_comparison(const std::string& t, const std::string& value, Parsed& p, std::string& error) {
  p.cmp = t;
  p.cmp_value = value;
  if (p.verb == "time" && p.cmp_value != "never" && !parse_duration(p.cmp_value))
    return (error = "expected a time such as 15ms after " + t + ", not `" + p.cmp_value + "`"), false;
  if (p.verb != "time" && !to_number(p.cmp_value))
    return (error = "expected a number after " + t + ", not `" + p.cmp_value + "`"), false;
  return true;
}

// key=value: work=, wq=, pool=, after=, before=, at=.
bool parse_filter(const std::string& t, Parsed& p, std::string& error) {
  const size_t eq = t.find('=');
  if (eq == std::string::npos) return (error = "unexpected `" + t + "`: expected key=value"), false;
  const std::string key = t.substr(0, eq), val = t.substr(eq + 1);
  if (key == "work") p.work = val;
  else if (key == "wq") p.wq = val;
  else if (key == "pool") p.pool = val;
  else if (key == "after" || key == "before" || key == "at") {
    const auto d = parse_duration(val);
    if (!d) return (error = "bad duration `" + val + "` in " + key + "=: expected e.g. 20ms"), false;
    (key == "after" ? p.after : key == "before" ? p.before : p.at) = *d;
  } else {
    return (error = "unknown filter `" + key + "`" + did_you_mean(key, {"work", "wq", "pool", "after", "before", "at"})), false;
  }
  return true;
}

// What each verb cannot do without.
bool check_complete(const Parsed& p, std::string& error) {
  if (p.verb == "value" && !p.at) return (error = "`value` needs at=TIME"), false;
  if (p.verb == "ran_on" && p.work.empty()) return (error = "`ran_on` needs work=NAME"), false;
  if (p.verb == "max_nr_active" && (p.wq.empty() || !p.limit)) return (error = "`max_nr_active` needs wq=NAME <= N"), false;
  if (p.verb == "value" && p.event == "nr_active" && p.wq.empty()) return (error = "`value nr_active` needs wq=NAME"), false;
  if (p.verb == "value" && p.event != "nr_active" && p.event != "free_pages" && p.pool.empty())
    return (error = "`value " + p.event + "` needs pool=cpuN, cpuNH, unbound or a pool id"), false;
  return true;
}

bool parse(const std::string& q, Parsed& p, std::string& error) {
  const auto w = words(q);
  if (w.empty()) return (error = "empty query"), false;
  p.verb = w[0];
  static const std::vector<std::string> verbs = {"time", "count", "value", "first_started", "ran_on",
                                                 "completes", "no_lockup", "no_warn", "max_nr_active"};
  if (std::find(verbs.begin(), verbs.end(), p.verb) == verbs.end())
    return (error = "unknown query `" + p.verb + "`" + did_you_mean(p.verb, verbs)), false;
  size_t i = 1;
  if (!parse_subject(w, p, i, error)) return false;
  for (; i < w.size(); ++i) {
    const std::string& t = w[i];
    if ((p.verb == "time" || p.verb == "count" || p.verb == "value") && is_comparison(t)) {
      if (i + 1 >= w.size()) return (error = "`" + t + "` needs a value after it"), false;
      if (!parse_comparison(t, w[++i], p, error)) return false;
    } else if (p.verb == "max_nr_active" && t == "<=" && i + 1 < w.size()) {
      p.limit = to_number(w[++i]);
      if (!p.limit) return (error = "expected a number after <=, not `" + w[i] + "`"), false;
    } else if (!parse_filter(t, p, error)) {
      return false;
    }
  }
  return check_complete(p, error);
}

bool names_exist(const Parsed& p, const std::vector<std::string>& works, const std::vector<std::string>& wqs,
                 std::string& error) {
  // rcu_gp_work is the kernel's grace-period work, present in every world.
  if (!p.work.empty() && p.work != "rcu_gp_work" && std::find(works.begin(), works.end(), p.work) == works.end())
    return (error = "unknown work `" + p.work + "`" + did_you_mean(p.work, works)), false;
  if (!p.wq.empty() && std::find(wqs.begin(), wqs.end(), p.wq) == wqs.end())
    return (error = "unknown workqueue `" + p.wq + "`" + did_you_mean(p.wq, wqs)), false;
  return true;
}

// pool=cpuN (normal), cpuNH (highpri), unbound (default unbound pool) or an id.
std::optional<int32_t> resolve_pool(const std::string& s, const World& w, std::string& error) {
  if (s.empty()) return -1;
  if (s == "unbound") {
    for (int32_t id : w.wq.unbound_pools)
      if (w.wq.pools[static_cast<size_t>(id)].attrs.nice == 0) return id;
  } else if (s.rfind("cpu", 0) == 0) {
    const bool high = s.back() == 'H';
    const auto cpu = to_number(s.substr(3, s.size() - 3 - (high ? 1 : 0)));
    const auto* pools = cpu ? find_in(w.wq.cpu_pools, *cpu) : nullptr;
    if (pools) return (*pools)[high ? 1 : 0];
  } else if (const auto id = to_number(s); id && find_pool(w, *id)) {
    return static_cast<int32_t>(*id);
  }
  error = "unknown pool `" + s + "`: expected cpuN, cpuNH, unbound or a pool id";
  return std::nullopt;
}

bool is_user_work(const LabRun& run, int32_t work) {
  for (const auto& [name, id] : run.sw.works)
    if (id == work) return true;
  return false;
}

int32_t wq_of(const LabRun& run, const Event& e) {
  if (e.wq >= 0) return e.wq;
  const PoolWorkqueue* pwq = find_pwq(run.sw.world, e.pwq);
  return pwq ? pwq->wq : -1;
}

bool matches(const Parsed& p, const LabRun& run, const Event& e, int32_t work, int32_t wq, int32_t pool) {
  if (e.type != p.type) return false;
  if ((p.type == EventType::WorkOp || p.type == EventType::WorkOpDone) && event_op(e) != OpCode::Sleep) return false;
  if (p.type == EventType::PagesFreed && freed_reason(e) != PagesFreedReason::Reclaim) return false;
  // Regular workers, not rescuers (created with their workqueue, stopped by destroy_workqueue()).
  const bool worker_event = p.type == EventType::WorkerCreated || p.type == EventType::WorkerDestroyed;
  if (worker_event && worker_is_rescuer(e)) return false;
  if (work >= 0 && e.work != work) return false;
  if (wq >= 0 && wq_of(run, e) != wq) return false;
  if (pool >= 0 && e.pool != pool) return false;
  if (p.after && e.time < *p.after) return false;
  if (p.before && e.time > *p.before) return false;
  return true;
}

}  // namespace

std::string QueryValue::text() const {
  switch (kind) {
    case Kind::Time: return format_duration(time);
    case Kind::Number: return std::to_string(number);
    case Kind::Name: return name;
    case Kind::Never: return "never";
    case Kind::Bool: return number ? "yes" : "no";
  }
  return "";
}

LabRun run_scenario_for_lab(const Scenario& s) {
  LabRun run{build_world(s), {}};
  World& w = run.sw.world;
  for (const Event& e : take_events(w)) run.events.push_back(e);
  while (next_action_time(w) >= 0 && next_action_time(w) <= s.until) {
    step(w);
    for (const Event& e : take_events(w)) run.events.push_back(e);
  }
  return run;
}

bool check_query(const std::string& query, const Scenario& s, std::string& error) {
  Parsed p;
  if (!parse(query, p, error)) return false;
  std::vector<std::string> works, wqs = system_workqueue_names(s.machine.kernel);
  for (const WorkSpec& w : s.works) works.push_back(w.name);
  for (const WorkqueueSpec& q : s.workqueues) wqs.push_back(q.name);
  return names_exist(p, works, wqs, error);
}

namespace {
std::optional<QueryValue> evaluate_parsed(const Parsed& p, const LabRun& run, std::string& error);

// X CMP Y for a time or a number; "never" compares as later than any time.
bool compare(const QueryValue& v, const std::string& cmp, const std::string& rhs) {
  int64_t l = 0, r = 0;
  if (v.kind == QueryValue::Kind::Time || v.kind == QueryValue::Kind::Never) {
    l = v.kind == QueryValue::Kind::Never ? INT64_MAX : v.time;
    r = rhs == "never" ? INT64_MAX : parse_duration(rhs).value_or(0);
  } else {
    l = v.number;
    r = to_number(rhs).value_or(0);
  }
  if (cmp == "<=") return l <= r;
  if (cmp == ">=") return l >= r;
  if (cmp == "<") return l < r;
  if (cmp == ">") return l > r;
  return l == r;
}
}  // namespace

std::optional<QueryValue> evaluate_query(const std::string& query, const LabRun& run, std::string& error) {
  Parsed p;
  if (!parse(query, p, error)) return std::nullopt;
  auto v = evaluate_parsed(p, run, error);
  if (!v || p.cmp.empty()) return v;
  QueryValue b;
  b.kind = QueryValue::Kind::Bool;
  b.number = compare(*v, p.cmp, p.cmp_value) ? 1 : 0;
  return b;
}

namespace {
// The ids a query's names resolve to (-1: not given).
struct Target {
  int32_t work = -1;
  int32_t wq = -1;
  int32_t pool = -1;
};

QueryValue kind_of(QueryValue::Kind kind) {
  QueryValue v;
  v.kind = kind;
  return v;
}

// time EVENT: the first match (or never); count EVENT: how many match.
QueryValue time_or_count(const Parsed& p, const LabRun& run, const Target& t) {
  int64_t n = 0;
  for (const Event& e : run.events) {
    if (!matches(p, run, e, t.work, t.wq, t.pool)) continue;
    if (p.verb == "time") {
      QueryValue v = kind_of(QueryValue::Kind::Time);
      v.time = e.time;
      return v;
    }
    ++n;
  }
  if (p.verb == "time") return QueryValue{};  // never
  QueryValue v = kind_of(QueryValue::Kind::Number);
  v.number = n;
  return v;
}

// Sum over the workqueue's pwqs of their latest nr_active at or before @p at.
int64_t wq_nr_active(const LabRun& run, int32_t wq, Nanos at) {
  std::map<int32_t, int64_t> per_pwq;
  for (const Event& e : run.events)
    if (e.type == EventType::PwqCounters && e.wq == wq && e.time <= at) per_pwq[e.pwq] = pwq_counts(e).nr_active;
  int64_t sum = 0;
  for (const auto& [pwq, n] : per_pwq) sum += n;
  return sum;
}

// value METRIC at=T: the metric's last sample at or before T.
QueryValue metric_value(const Parsed& p, const LabRun& run, const Target& t) {
  QueryValue v = kind_of(QueryValue::Kind::Number);
  const Nanos at = *p.at;
  if (p.event == "nr_active") {
    v.number = wq_nr_active(run, t.wq, at);
    return v;
  }
  if (p.event == "free_pages") {
    for (const Event& e : run.events)
      if (e.type == EventType::MemCounters && e.time <= at) v.number = mem_counts(e).free;
    return v;
  }
  for (const Event& e : run.events) {
    if (e.type != EventType::PoolCounters || e.pool != t.pool || e.time > at) continue;
    const PoolCounts c = pool_counts(e);
    if (p.event == "running") v.number = c.nr_running;
    if (p.event == "idle") v.number = c.nr_idle;
    if (p.event == "workers") v.number = c.nr_workers;
    if (p.event == "worklist") v.number = c.worklist;
  }
  return v;
}

// first_started: the first user work that started (in the wq, pool and time window given).
QueryValue first_started(const Parsed& p, const LabRun& run, const Target& t) {
  for (const Event& e : run.events) {
    if (e.type != EventType::ExecuteStart || !is_user_work(run, e.work)) continue;
    if ((t.wq >= 0 && wq_of(run, e) != t.wq) || (t.pool >= 0 && e.pool != t.pool)) continue;
    if ((p.after && e.time < *p.after) || (p.before && e.time > *p.before)) continue;
    QueryValue v = kind_of(QueryValue::Kind::Name);
    v.name = work_name(run.sw.world, e.work);
    return v;
  }
  return QueryValue{};
}

// ran_on work=W: "rescuer" or "worker", by the task of its first execution.
QueryValue ran_on(const LabRun& run, const Target& t) {
  for (const Event& e : run.events) {
    if (e.type != EventType::ExecuteStart || e.work != t.work) continue;
    QueryValue v = kind_of(QueryValue::Kind::Name);
    const Task* task = find_task(run.sw.world, e.task);
    v.name = task && task->kind == TaskKind::Rescuer ? "rescuer" : "worker";
    return v;
  }
  return QueryValue{};
}

QueryValue yes_no(bool yes) {
  QueryValue v = kind_of(QueryValue::Kind::Bool);
  v.number = yes ? 1 : 0;
  return v;
}

// completes W: an execute_end of W (before the time given).
bool completes(const Parsed& p, const LabRun& run, const Target& t) {
  return std::any_of(run.events.begin(), run.events.end(), [&](const Event& e) {
    return e.type == EventType::ExecuteEnd && e.work == t.work && (!p.before || e.time <= *p.before);
  });
}

bool none_of_type(const LabRun& run, EventType type) {
  return std::none_of(run.events.begin(), run.events.end(), [&](const Event& e) { return e.type == type; });
}

// max_nr_active wq=Q <= N: the workqueue's nr_active summed over its pwqs never went above N.
bool max_nr_active_at_most(const Parsed& p, const LabRun& run, const Target& t) {
  std::map<int32_t, int64_t> per_pwq;
  int64_t peak = 0;
  for (const Event& e : run.events) {
    if (e.type != EventType::PwqCounters || e.wq != t.wq) continue;
    per_pwq[e.pwq] = pwq_counts(e).nr_active;
    int64_t sum = 0;
    for (const auto& [pwq, n] : per_pwq) sum += n;
    peak = std::max(peak, sum);
  }
  return peak <= *p.limit;
}

std::optional<QueryValue> evaluate_parsed(const Parsed& p, const LabRun& run, std::string& error) {
  const World& w = run.sw.world;
  std::vector<std::string> works, wqs;
  for (const auto& [name, id] : run.sw.works) works.push_back(name);
  for (const auto& [name, id] : run.sw.workqueues) wqs.push_back(name);
  if (!names_exist(p, works, wqs, error)) return std::nullopt;
  const auto pool = resolve_pool(p.pool, w, error);
  if (!pool) return std::nullopt;
  Target t;
  t.work = p.work.empty() ? -1 : p.work == "rcu_gp_work" ? w.rcu.gp_work : run.sw.works.at(p.work);
  t.wq = p.wq.empty() ? -1 : run.sw.workqueues.at(p.wq);
  t.pool = *pool;
  if (p.verb == "time" || p.verb == "count") return time_or_count(p, run, t);
  if (p.verb == "value") return metric_value(p, run, t);
  if (p.verb == "first_started") return first_started(p, run, t);
  if (p.verb == "ran_on") return ran_on(run, t);
  if (p.verb == "completes") return yes_no(completes(p, run, t));
  if (p.verb == "no_lockup") return yes_no(none_of_type(run, EventType::WatchdogLockup));
  if (p.verb == "no_warn") return yes_no(none_of_type(run, EventType::Warn));
  return yes_no(max_nr_active_at_most(p, run, t));  // max_nr_active
}

}  // namespace

}  // namespace cmwq
