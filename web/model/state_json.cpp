// The automation API's JSON summary of the state.
#include "web/model/state_json.h"

#include <algorithm>

#include "core/trace/text.h"
#include "core/workqueue/sched_hooks.h"
#include "core/workqueue/types.h"
#include "core/world.h"
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

void event_json(Json& j, const World& w, const std::vector<Event>& log, const EventFormatter& text, int64_t i) {
  if (i < 0 || static_cast<size_t>(i) >= log.size()) {
    j.null();
    return;
  }
  const Event& e = log[static_cast<size_t>(i)];
  j.open('{');
  j.key("index").num(i);
  j.key("type").str(event_type_name(e.type));
  j.key("time_ns").num(e.time);
  j.key("pool").num(e.pool);
  j.key("task").str(e.task >= 0 ? task_name(w, e.task) : "");
  j.key("work").str(e.work >= 0 ? work_name(w, e.work) : "");
  j.key("wq").str(e.wq >= 0 ? wq_name(w, e.wq) : "");
  j.key("text").str(text.line(w, log, static_cast<size_t>(i)));
  j.close('}');
}

}  // namespace

std::string state_json(const Session& session, const EventIndex& index, const EventFormatter& text) {
  const Simulation& sim = session.sim();
  const World& w = sim.world();
  const std::vector<Event>& log = sim.events();
  Json j;
  j.open('{');
  j.key("scenario").str(session.name());
  j.key("title").str(session.scenario().title);
  j.key("seed").num(static_cast<int64_t>(session.seed()));
  j.key("time_ns").num(sim.now());
  j.key("time").str(format_time(sim.now()));
  j.key("events").num(static_cast<int64_t>(log.size()));
  j.key("actions").num(static_cast<int64_t>(sim.actions()));

  const Memory& m = w.mem;
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

  j.key("pools").open('[');
  for (size_t p = 0; p < w.wq.pools.size(); ++p) {
    const auto pool_id = static_cast<int32_t>(p);
    if (!pool_shown(w, pool_id)) continue;
    const WorkerPool& pool = w.wq.pools[p];
    j.open('{');
    j.key("id").num(pool_id);
    j.key("title").str(pool_title(w, pool_id));
    j.key("cpu").num(pool.cpu);
    j.key("nr_running").num(pool.nr_running);
    j.key("nr_idle").num(pool.nr_idle);
    j.key("nr_workers").num(pool.nr_workers);
    j.key("worklist").open('[');
    for (int32_t work = pool.worklist.first; work >= 0; work = w.wq.works[static_cast<size_t>(work)].entry.next)
      j.str(work_name(w, work));
    j.close(']');
    j.key("manager").str(pool.manager >= 0 ? task_name(w, w.wq.workers[static_cast<size_t>(pool.manager)].task) : "");
    const TimerList* t = pool.mayday_timer >= 0 ? &w.timers[static_cast<size_t>(pool.mayday_timer)] : nullptr;
    j.key("mayday_timer_pending").boolean(t && t->pending);
    if (t && t->pending) j.key("mayday_fires_in_ns").num(w.jif.time_of(t->fire_jiffy) - w.now);
    j.key("why").str(pool_why(w, log, index, pool_id));
    j.key("workers").open('[');
    for (int32_t id : pool.workers) {
      const Worker& wk = w.wq.workers[static_cast<size_t>(id)];
      j.open('{');
      j.key("task").str(task_name(w, wk.task));
      j.key("state").str(worker_show_name(worker_show(w, id)));
      j.key("work").str(wk.current_work >= 0 ? work_name(w, wk.current_work) : "");
      j.key("rescuer").boolean(wk.rescue_wq >= 0);
      j.close('}');
    }
    j.close(']');
    j.close('}');
  }
  j.close(']');

  j.key("workqueues").open('[');
  for (const Workqueue& wq : w.wq.wqs) {
    j.open('{');
    j.key("name").str(wq.name);
    j.key("flags").str(wq_flags_string(wq.flags));
    j.key("max_active").num(wq.max_active);
    const auto st = wq_stats_now(w, wq.id);
    j.key("pwqs").open('[');
    for (int32_t p : wq.pwqs) {
      const PoolWorkqueue& pwq = w.wq.pwqs[static_cast<size_t>(p)];
      j.open('{');
      j.key("pool").num(pwq.pool);
      j.key("active").num(pwq.nr_active);
      j.key("inactive").num(pwq.inactive_works.count);
      j.key("on_mayday").boolean(pwq.on_mayday);
      j.close('}');
    }
    j.close(']');
    if (wq.rescuer >= 0) {
      const Worker& r = w.wq.workers[static_cast<size_t>(wq.rescuer)];
      j.key("rescuer").open('{');
      j.key("task").str(task_name(w, r.task));
      j.key("state").str(worker_show_name(worker_show(w, wq.rescuer)));
      j.key("pool").num(r.pool);
      j.close('}');
    } else {
      j.key("rescuer").null();
    }
    j.key("maydays").num(static_cast<int64_t>(wq.maydays.size()));
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
    j.close('}');
  }
  j.close(']');

  j.key("event_counts").open('{');
  for (size_t t = 0; t < kEventTypeCount; ++t) {
    const auto type = static_cast<EventType>(t);
    if (index.count(type) > 0) j.key(event_type_name(type)).num(static_cast<int64_t>(index.count(type)));
  }
  j.close('}');

  j.key("last").open('{');
  j.key("mayday_timeout");
  event_json(j, w, log, text, index.last(EventType::MaydayTimeout));
  j.key("mayday");
  event_json(j, w, log, text, index.last(EventType::MaydaySent));
  j.key("rescuer_wake");
  event_json(j, w, log, text, index.last(EventType::RescuerWake));
  j.key("rescuer_assign");
  event_json(j, w, log, text, index.last(EventType::RescuerAssign));
  j.key("rescuer_done");
  event_json(j, w, log, text, index.last(EventType::RescuerDone));
  j.key("worker_created");
  event_json(j, w, log, text, index.last(EventType::WorkerCreated));
  j.key("lockup");
  event_json(j, w, log, text, index.last(EventType::WatchdogLockup));
  j.key("warn");
  event_json(j, w, log, text, index.last(EventType::Warn));
  j.close('}');

  j.key("latest").open('[');
  const size_t from = log.size() > 10 ? log.size() - 10 : 0;
  for (size_t i = from; i < log.size(); ++i) j.str(text.line(w, log, i));
  j.close(']');

  j.key("commands").open('[');
  for (const Command& c : session.commands()) j.str(c.text);
  j.close(']');
  j.close('}');
  return j.out;
}

}  // namespace cmwq::web
