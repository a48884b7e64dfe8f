// The lab query language (see query.h).
#include "core/lab/query.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>

#include "core/scenario/suggest.h"
#include "core/trace/text.h"
#include "core/world.h"

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
    {"gp_end", EventType::RcuGpEnd}};
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

bool parse(const std::string& q, Parsed& p, std::string& error) {
  const auto w = words(q);
  if (w.empty()) return (error = "empty query"), false;
  p.verb = w[0];
  size_t i = 1;
  static const std::vector<std::string> verbs = {"time", "count", "value", "first_started", "ran_on",
                                                 "completes", "no_lockup", "no_warn", "max_nr_active"};
  if (std::find(verbs.begin(), verbs.end(), p.verb) == verbs.end())
    return (error = "unknown query `" + p.verb + "`" + did_you_mean(p.verb, verbs)), false;
  if (p.verb == "time" || p.verb == "count") {
    if (w.size() < 2) return (error = "`" + p.verb + "` needs an event, e.g. `" + p.verb + " mayday`"), false;
    p.event = w[1];
    i = 2;
    bool found = false;
    for (const EventName& e : kEvents)
      if (p.event == e.name) {
        p.type = e.type;
        found = true;
      }
    if (!found) return (error = "unknown event `" + p.event + "`" + did_you_mean(p.event, event_names())), false;
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
  for (; i < w.size(); ++i) {
    const std::string& t = w[i];
    if ((p.verb == "time" || p.verb == "count" || p.verb == "value") &&
        (t == "<=" || t == ">=" || t == "==" || t == "<" || t == ">")) {
      if (i + 1 >= w.size()) return (error = "`" + t + "` needs a value after it"), false;
      p.cmp = t;
      p.cmp_value = w[i + 1];
      if (p.verb == "time" && p.cmp_value != "never" && !parse_duration(p.cmp_value))
        return (error = "expected a time such as 15ms after " + t + ", not `" + p.cmp_value + "`"), false;
      if (p.verb != "time" && !to_number(p.cmp_value))
        return (error = "expected a number after " + t + ", not `" + p.cmp_value + "`"), false;
      ++i;
      continue;
    }
    if (p.verb == "max_nr_active" && t == "<=" && i + 1 < w.size()) {
      p.limit = to_number(w[i + 1]);
      if (!p.limit) return (error = "expected a number after <=, not `" + w[i + 1] + "`"), false;
      ++i;
      continue;
    }
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
  }
  if (p.verb == "value" && !p.at) return (error = "`value` needs at=TIME"), false;
  if (p.verb == "ran_on" && p.work.empty()) return (error = "`ran_on` needs work=NAME"), false;
  if (p.verb == "max_nr_active" && (p.wq.empty() || !p.limit)) return (error = "`max_nr_active` needs wq=NAME <= N"), false;
  if (p.verb == "value" && p.event == "nr_active" && p.wq.empty()) return (error = "`value nr_active` needs wq=NAME"), false;
  if (p.verb == "value" && p.event != "nr_active" && p.event != "free_pages" && p.pool.empty())
    return (error = "`value " + p.event + "` needs pool=cpuN, cpuNH, unbound or a pool id"), false;
  return true;
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
    if (cpu && static_cast<size_t>(*cpu) < w.wq.cpu_pools.size()) return w.wq.cpu_pools[static_cast<size_t>(*cpu)][high ? 1 : 0];
  } else if (const auto id = to_number(s); id && static_cast<size_t>(*id) < w.wq.pools.size()) {
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
  if (e.pwq >= 0) return run.sw.world.wq.pwqs[static_cast<size_t>(e.pwq)].wq;
  return -1;
}

bool matches(const Parsed& p, const LabRun& run, const Event& e, int32_t work, int32_t wq, int32_t pool) {
  if (e.type != p.type) return false;
  if ((p.type == EventType::WorkOp || p.type == EventType::WorkOpDone) && e.a != static_cast<int64_t>(OpCode::Sleep))
    return false;
  if (p.type == EventType::PagesFreed && e.b != static_cast<int64_t>(PagesFreedReason::Reclaim)) return false;
  // Regular workers, not rescuers (created with their workqueue, stopped by destroy_workqueue()).
  if ((p.type == EventType::WorkerCreated || p.type == EventType::WorkerDestroyed) && e.b != 0) return false;
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
  std::vector<std::string> works, wqs = system_workqueue_names();
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
std::optional<QueryValue> evaluate_parsed(const Parsed& p, const LabRun& run, std::string& error) {
  const World& w = run.sw.world;
  std::vector<std::string> works, wqs;
  for (const auto& [name, id] : run.sw.works) works.push_back(name);
  for (const auto& [name, id] : run.sw.workqueues) wqs.push_back(name);
  if (!names_exist(p, works, wqs, error)) return std::nullopt;
  const int32_t work = p.work.empty() ? -1 : p.work == "rcu_gp_work" ? w.rcu.gp_work : run.sw.works.at(p.work);
  const int32_t wq = p.wq.empty() ? -1 : run.sw.workqueues.at(p.wq);
  const auto pool = resolve_pool(p.pool, w, error);
  if (!pool) return std::nullopt;
  QueryValue v;
  if (p.verb == "time" || p.verb == "count") {
    int64_t n = 0;
    for (const Event& e : run.events)
      if (matches(p, run, e, work, wq, *pool)) {
        if (p.verb == "time") {
          v.kind = QueryValue::Kind::Time;
          v.time = e.time;
          return v;
        }
        ++n;
      }
    if (p.verb == "count") {
      v.kind = QueryValue::Kind::Number;
      v.number = n;
    }
    return v;  // time: never
  }
  if (p.verb == "value") {
    v.kind = QueryValue::Kind::Number;
    const Nanos at = *p.at;
    if (p.event == "free_pages") {
      for (const Event& e : run.events)
        if (e.type == EventType::MemCounters && e.time <= at) v.number = e.a;
      return v;
    }
    if (p.event == "nr_active") {
      std::map<int32_t, int64_t> per_pwq;
      for (const Event& e : run.events)
        if (e.type == EventType::PwqCounters && e.wq == wq && e.time <= at) per_pwq[e.pwq] = e.a;
      for (const auto& [pwq, n] : per_pwq) v.number += n;
      return v;
    }
    for (const Event& e : run.events)
      if (e.type == EventType::PoolCounters && e.pool == *pool && e.time <= at) {
        if (p.event == "running") v.number = e.a & 0xffff;
        if (p.event == "idle") v.number = (e.a >> 16) & 0xffff;
        if (p.event == "workers") v.number = e.a >> 32;
        if (p.event == "worklist") v.number = e.b;
      }
    return v;
  }
  if (p.verb == "first_started") {
    for (const Event& e : run.events) {
      if (e.type != EventType::ExecuteStart || !is_user_work(run, e.work)) continue;
      if ((wq >= 0 && wq_of(run, e) != wq) || (*pool >= 0 && e.pool != *pool)) continue;
      if ((p.after && e.time < *p.after) || (p.before && e.time > *p.before)) continue;
      v.kind = QueryValue::Kind::Name;
      v.name = work_name(w, e.work);
      return v;
    }
    return v;
  }
  if (p.verb == "ran_on") {
    for (const Event& e : run.events)
      if (e.type == EventType::ExecuteStart && e.work == work) {
        v.kind = QueryValue::Kind::Name;
        v.name = w.tasks[static_cast<size_t>(e.task)].kind == TaskKind::Rescuer ? "rescuer" : "worker";
        return v;
      }
    return v;
  }
  v.kind = QueryValue::Kind::Bool;
  if (p.verb == "completes") {
    for (const Event& e : run.events)
      if (e.type == EventType::ExecuteEnd && e.work == work && (!p.before || e.time <= *p.before)) v.number = 1;
    return v;
  }
  if (p.verb == "no_lockup" || p.verb == "no_warn") {
    v.number = 1;
    const EventType t = p.verb == "no_lockup" ? EventType::WatchdogLockup : EventType::Warn;
    for (const Event& e : run.events)
      if (e.type == t) v.number = 0;
    return v;
  }
  // max_nr_active wq=Q <= N
  std::map<int32_t, int64_t> per_pwq;
  int64_t peak = 0;
  for (const Event& e : run.events) {
    if (e.type != EventType::PwqCounters || e.wq != wq) continue;
    per_pwq[e.pwq] = e.a;
    int64_t sum = 0;
    for (const auto& [pwq, n] : per_pwq) sum += n;
    peak = std::max(peak, sum);
  }
  v.number = peak <= *p.limit ? 1 : 0;
  return v;
}

}  // namespace

}  // namespace cmwq
