// The automation API's JSON summary of the state.
#include "web/model/state_json.h"

#include <algorithm>

#include "core/trace/text.h"
#include "core/workqueue/sched_hooks.h"
#include "core/workqueue/types.h"
#include "core/world.h"
#include "core/world_view.h"
#include "web/model/event_index.h"
#include "web/model/event_text.h"
#include "web/model/session.h"
#include "web/model/text_util.h"
#include "web/model/worker_view.h"

namespace cmwq::web {
namespace {

// A tiny JSON writer: keys and commas handled, values appended by the caller's helpers.
class Json {
 public:
  std::string out;
  void open(char c) {
    comma();
    out += c;
    first_ = true;
  }
  void close(char c) {
    out += c;
    first_ = false;
  }
  Json& key(const char* k) {
    comma();
    append_json_string(out, k);
    out += ':';
    first_ = true;  // the value follows without a comma
    return *this;
  }
  void str(const std::string& s) {
    comma();
    append_json_string(out, s);
  }
  void num(int64_t v) {
    comma();
    out += std::to_string(v);
  }
  void boolean(bool b) {
    comma();
    out += b ? "true" : "false";
  }
  void null() {
    comma();
    out += "null";
  }

 private:
  void comma() {
    if (!first_) out += ',';
    first_ = false;
  }
  bool first_ = true;
};

void event_json(Json& j, const World& w, const EventLog& log, const EventFormatter& text, int64_t i) {
  if (i < 0 || static_cast<uint64_t>(i) >= log.size()) {
    j.null();
    return;
  }
  const Event ev = log[static_cast<size_t>(i)];
  const Event* e = &ev;
  j.open('{');
  j.key("index").num(i);
  j.key("type").str(event_type_name(e->type));
  j.key("time_ns").num(e->time);
  j.key("pool").num(e->pool);
  j.key("task").str(e->task >= 0 ? task_name(w, e->task) : "");
  j.key("work").str(e->work >= 0 ? work_name(w, e->work) : "");
  j.key("wq").str(e->wq >= 0 ? wq_name(w, e->wq) : "");
  j.key("text").str(text.line(w, log, static_cast<size_t>(i)));
  j.close('}');
}

void memory_json(Json& j, const Memory& m) {
  j.key("memory").open('{');
  j.key("total").num(m.total);
  j.key("free").num(m.free);
  j.key("cache").num(m.cache);
  j.key("hogged").num(m.hogged);
  j.key("kernel_objects").num(m.kernel_objects);
  j.key("works").num(m.works);
  j.key("wmark_min").num(m.wmark.min);
  j.key("wmark_low").num(m.wmark.low);
  j.key("wmark_high").num(m.wmark.high);
  j.key("reclaim_waiters").num(static_cast<int64_t>(m.reclaim_waiters.size()));
  j.close('}');
}

// A worker or rescuer as the pools and workqueues list it.
void worker_json(Json& j, const World& w, int32_t id) {
  const Worker* wk = find_worker(w, id);
  j.open('{');
  j.key("task").str(wk ? task_name(w, wk->task) : "");
  j.key("state").str(worker_show_name(worker_show(w, id)));
  j.key("work").str(wk && wk->current_work >= 0 ? work_name(w, wk->current_work) : "");
  j.key("rescuer").boolean(wk && wk->rescue_wq >= 0);
  j.close('}');
}

void pool_json(Json& j, const World& w, const EventLog& log, const EventIndex& index, int32_t pool_id) {
  const WorkerPool& pool = *find_pool(w, pool_id);
  j.open('{');
  j.key("id").num(pool_id);
  j.key("title").str(pool_title(w, pool_id));
  j.key("cpu").num(pool.cpu);
  j.key("nr_running").num(pool.nr_running);
  j.key("nr_idle").num(pool.nr_idle);
  j.key("nr_workers").num(pool.nr_workers);
  j.key("worklist").open('[');
  for (const Work* work = find_work(w, pool.worklist.first); work; work = find_work(w, work->entry.next))
    j.str(work->name);
  j.close(']');
  const Worker* manager = find_worker(w, pool.manager);
  j.key("manager").str(manager ? task_name(w, manager->task) : "");
  const TimerList* t = find_in(w.timers, pool.mayday_timer);
  j.key("mayday_timer_pending").boolean(t && t->pending);
  if (t && t->pending) j.key("mayday_fires_in_ns").num(w.jif.time_of(t->fire_jiffy) - w.now);
  j.key("why").str(pool_why(w, log, index, pool_id));
  j.key("workers").open('[');
  for (int32_t id : pool.workers) worker_json(j, w, id);
  j.close(']');
  j.close('}');
}

// wq_monitor.py's columns for one workqueue.
void stats_json(Json& j, const World& w, const Workqueue& wq) {
  const auto st = wq_stats_now(w, wq.id);
  const bool unbound = wq.flags & WQ_UNBOUND;
  j.key("stats").open('{');
  j.key("total").num(static_cast<int64_t>(st[PWQ_STAT_STARTED]));
  j.key("infl").num(
      static_cast<int64_t>(st[PWQ_STAT_STARTED] - std::min(st[PWQ_STAT_STARTED], st[PWQ_STAT_COMPLETED])));
  j.key("cpu_time_us").num(static_cast<int64_t>(st[PWQ_STAT_CPU_TIME]));
  j.key("cpu_intensive").num(static_cast<int64_t>(st[PWQ_STAT_CPU_INTENSIVE]));
  j.key("cmw_rpr").num(static_cast<int64_t>(unbound ? st[PWQ_STAT_REPATRIATED] : st[PWQ_STAT_CM_WAKEUP]));
  j.key("mayday").num(static_cast<int64_t>(st[PWQ_STAT_MAYDAY]));
  j.key("rescued").num(static_cast<int64_t>(st[PWQ_STAT_RESCUED]));
  j.close('}');
}

void workqueue_json(Json& j, const World& w, const Workqueue& wq) {
  j.open('{');
  j.key("name").str(wq.name);
  j.key("flags").str(wq_flags_string(wq.flags));
  j.key("max_active").num(wq.max_active);
  j.key("pwqs").open('[');
  for (int32_t p : wq.pwqs) {
    const PoolWorkqueue* pwq = find_pwq(w, p);
    if (!pwq) continue;
    j.open('{');
    j.key("pool").num(pwq->pool);
    j.key("active").num(pwq->nr_active);
    j.key("inactive").num(pwq->inactive_works.count);
    j.key("on_mayday").boolean(pwq->on_mayday);
    j.close('}');
  }
  j.close(']');
  if (const Worker* r = find_worker(w, wq.rescuer)) {
    j.key("rescuer").open('{');
    j.key("task").str(task_name(w, r->task));
    j.key("state").str(worker_show_name(worker_show(w, wq.rescuer)));
    j.key("pool").num(r->pool);
    j.close('}');
  } else {
    j.key("rescuer").null();
  }
  j.key("maydays").num(static_cast<int64_t>(wq.maydays.size()));
  stats_json(j, w, wq);
  j.close('}');
}

void event_counts_json(Json& j, const EventIndex& index) {
  j.key("event_counts").open('{');
  for (size_t t = 0; t < kEventTypeCount; ++t) {
    const auto type = static_cast<EventType>(t);
    if (index.count(type) > 0) j.key(event_type_name(type)).num(static_cast<int64_t>(index.count(type)));
  }
  j.close('}');
}

// The latest event of each type the labs and browser tests look at.
void last_events_json(Json& j, const World& w, const EventLog& log, const EventIndex& index,
                      const EventFormatter& text) {
  static const std::pair<const char*, EventType> kLast[] = {
      {"mayday_timeout", EventType::MaydayTimeout}, {"mayday", EventType::MaydaySent},
      {"rescuer_wake", EventType::RescuerWake},     {"rescuer_assign", EventType::RescuerAssign},
      {"rescuer_done", EventType::RescuerDone},     {"worker_created", EventType::WorkerCreated},
      {"lockup", EventType::WatchdogLockup},        {"warn", EventType::Warn},
  };
  j.key("last").open('{');
  for (const auto& [key, type] : kLast) {
    j.key(key);
    event_json(j, w, log, text, index.last(type));
  }
  j.close('}');
}

}  // namespace

std::string state_json(const Session& session, const EventIndex& index, const EventFormatter& text) {
  const Simulation& sim = session.sim();
  const World& w = sim.world();
  const EventLog& log = sim.events();
  Json j;
  j.open('{');
  j.key("scenario").str(session.name());
  j.key("title").str(session.scenario().title);
  j.key("seed").num(static_cast<int64_t>(session.seed()));
  j.key("kernel").str(kernel_version_name(session.scenario().machine.kernel));
  j.key("time_ns").num(sim.now());
  j.key("time").str(format_time(sim.now()));
  j.key("events").num(static_cast<int64_t>(log.size()));
  j.key("actions").num(static_cast<int64_t>(sim.actions()));
  memory_json(j, w.mem);
  j.key("pools").open('[');
  for (size_t p = 0; p < w.wq.pools.size(); ++p)
    if (pool_shown(w, static_cast<int32_t>(p))) pool_json(j, w, log, index, static_cast<int32_t>(p));
  j.close(']');
  j.key("workqueues").open('[');
  for (const Workqueue& wq : w.wq.wqs) workqueue_json(j, w, wq);
  j.close(']');
  event_counts_json(j, index);
  last_events_json(j, w, log, index, text);
  j.key("latest").open('[');
  const size_t from = log.size() > 10 ? log.size() - 10 : 0;
  for (size_t i = from; i < log.size(); ++i) j.str(text.line(w, log, i));
  j.close(']');
  j.key("commands").open('[');
  for (const Command& c : session.commands()) j.str(c.text);
  j.close(']');
  j.key("stopped");
  if (sim.budget_stop()) j.str(sim.budget_stop()->message());
  else j.null();
  j.close('}');
  return j.out;
}

}  // namespace cmwq::web
