// TimelineModel: the timeline's rows, slices, markers, flows and counters, built from
// the event stream of shipped scenarios, and rebuilt after stepping back; the Timeline's
// window of time (time_window.h), the lockup banner (lockup_report.h), worker colours.
#include "web/model/timeline_model.h"

#include <gtest/gtest.h>

#include <set>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "core/scenario/scenario.h"
#include "core/simulation.h"
#include "core/trace/schema.h"
#include "core/world.h"
#include "scenario_files.h"
#include "many_slices_scenario.h"
#include "web/model/lockup_report.h"
#include "web/model/scenario_library.h"
#include "web/model/time_window.h"

namespace cmwq::web {
namespace {

constexpr Nanos ms(int64_t v) { return v * NSEC_PER_MSEC; }

int32_t work_id(const Simulation& sim, const std::string& name) {
  const auto it = sim.names().works.find(name);
  return it == sim.names().works.end() ? -1 : it->second;
}

// The sub-slices of @p row that lie in slice @p sl.
std::vector<const SubSlice*> subs_in(const TaskRow& row, const WorkSlice& sl) {
  std::vector<const SubSlice*> out;
  for (const SubSlice& sub : row.subs)
    if (sub.start >= sl.start && (sl.end < 0 || sub.start < sl.end)) out.push_back(&sub);
  return out;
}

// The slices of work @p work, with the row that ran each.
std::vector<std::pair<const TaskRow*, const WorkSlice*>> slices_of(const TimelineModel& m, int32_t work) {
  std::vector<std::pair<const TaskRow*, const WorkSlice*>> out;
  for (const TaskRow& r : m.rows())
    for (const WorkSlice& s : r.slices)
      if (s.kind == SliceKind::Work && s.work == work) out.emplace_back(&r, &s);
  return out;
}

// The state of a row at time t (the interval containing it).
const StateInterval* state_at(const TaskRow& r, Nanos t) {
  for (const StateInterval& s : r.states)
    if (s.start <= t && (s.end < 0 || t < s.end)) return &s;
  return nullptr;
}

// Stretches of [from, to) in which the row was in @p state, merged, in ms.
std::vector<std::pair<double, double>> stretches(const TaskRow& r, WorkerShow state, Nanos from, Nanos to) {
  std::vector<std::pair<double, double>> out;
  for (const StateInterval& s : r.states) {
    if (s.state != state) continue;
    const Nanos a = std::max(s.start, from);
    const Nanos b = std::min(s.end < 0 ? to : s.end, to);
    if (b <= a) continue;
    const double am = static_cast<double>(a) / 1e6, bm = static_cast<double>(b) / 1e6;
    if (!out.empty() && out.back().second == am)
      out.back().second = bm;
    else
      out.emplace_back(am, bm);
  }
  return out;
}

using Spans = std::vector<std::pair<double, double>>;

TEST(TimelineModel, DocMaxActive3MatchesTheDocumentation) {
  Simulation sim = load_scenario_file("doc-max-active-3.toml");
  sim.run_until(ms(50));
  TimelineModel m;
  m.update(sim);

  struct Expect {
    const char* work;
    double start, end;
    Spans running, sleeping;
  };
  const Expect expect[] = {
      {"w0", 0, 20, {{0, 5}, {15, 20}}, {{5, 15}}},
      {"w1", 5, 20, {{5, 10}}, {{10, 20}}},
      {"w2", 10, 25, {{10, 15}}, {{15, 25}}},
  };
  std::vector<int32_t> tasks;
  for (const Expect& x : expect) {
    SCOPED_TRACE(x.work);
    const auto s = slices_of(m, work_id(sim, x.work));
    ASSERT_EQ(s.size(), 1u);
    const TaskRow& row = *s[0].first;
    const WorkSlice& sl = *s[0].second;
    tasks.push_back(row.task);
    EXPECT_EQ(sl.start, static_cast<Nanos>(x.start * 1e6));
    EXPECT_EQ(sl.end, static_cast<Nanos>(x.end * 1e6));
    EXPECT_EQ(wq_name(sim.world(), m.wq_of(sl)), "q0");
    EXPECT_EQ(stretches(row, WorkerShow::Running, sl.start, sl.end), x.running);
    EXPECT_EQ(stretches(row, WorkerShow::Sleeping, sl.start, sl.end), x.sleeping);
    // The sleep is a sub-slice of the work slice, with its reason.
    const std::vector<const SubSlice*> subs = subs_in(row, sl);
    ASSERT_EQ(subs.size(), 1u);
    const SubSlice& sub = *subs[0];
    EXPECT_EQ(sub.op, OpCode::Sleep);
    EXPECT_EQ(sub.start, static_cast<Nanos>(x.sleeping[0].first * 1e6));
    EXPECT_EQ(sub.end, static_cast<Nanos>(x.sleeping[0].second * 1e6));
    const StateInterval* mid = state_at(row, (sub.start + sub.end) / 2);
    ASSERT_NE(mid, nullptr);
    EXPECT_EQ(mid->why, WaitWhy::WorkSleep);
    // The rows are kworkers of pool 2 (cpus=0 nice=0), after the work they go idle.
    const RowGroup& g = m.groups()[static_cast<size_t>(row.group)];
    EXPECT_EQ(g.kind, GroupKind::Pool);
    EXPECT_EQ(g.title, "pool 2: cpus=0 nice=0");
    const StateInterval* after = state_at(row, ms(40));
    ASSERT_NE(after, nullptr);
    EXPECT_EQ(after->state, WorkerShow::Idle);
  }
  // Three different workers: kworker/0:0, 0:1, 0:2.
  EXPECT_EQ(task_name(sim.world(), tasks[0]), "kworker/0:0");
  EXPECT_EQ(task_name(sim.world(), tasks[1]), "kworker/0:1");
  EXPECT_EQ(task_name(sim.world(), tasks[2]), "kworker/0:2");

  // Flows: each work was queued, activated and started at 0 / 0 / its start.
  for (const Expect& x : expect) {
    const auto& ins = m.instances_of(work_id(sim, x.work));
    ASSERT_EQ(ins.size(), 1u);
    const WorkInstance& in = m.instances()[static_cast<size_t>(ins[0])];
    EXPECT_EQ(in.queued, 0);
    EXPECT_EQ(in.activated, 0);
    EXPECT_EQ(m.started(in), static_cast<Nanos>(x.start * 1e6));
    EXPECT_EQ(m.ended(in), static_cast<Nanos>(x.end * 1e6));
    EXPECT_GE(in.row, 0);
    EXPECT_EQ(m.rows()[static_cast<size_t>(in.row)].slices[static_cast<size_t>(in.slice)].work, in.work);
  }

  // Counters: pool 2's worklist held 3 items at 0 and is empty after 10 ms.
  const RowGroup& g = m.groups()[static_cast<size_t>(m.rows()[static_cast<size_t>(m.row_of(tasks[0]))].group)];
  EXPECT_EQ(g.worklist.max, 3);
  EXPECT_EQ(g.worklist.at(ms(11)), 0);
  EXPECT_EQ(g.nr_running.at(ms(2)), 1);
  // kthreadd is in the kernel group; worker creations are markers.
  bool kthreadd = false;
  for (const TaskRow& r : m.rows())
    if (task_name(sim.world(), r.task) == "kthreadd")
      kthreadd = m.groups()[static_cast<size_t>(r.group)].kind == GroupKind::Kernel;
  EXPECT_TRUE(kthreadd);
  int created = 0;
  for (const TaskRow& r : m.rows())
    for (const Marker& mk : r.markers) created += mk.type == EventType::WorkerCreated;
  EXPECT_GE(created, 3);
}

TEST(TimelineModel, StarvationRescuerRowAndMayday) {
  Simulation sim = load_scenario_file("starvation-rescuer.toml");
  sim.run_until(ms(400));
  TimelineModel m;
  m.update(sim);

  const int32_t wb = work_id(sim, "wb");
  const auto s = slices_of(m, wb);
  ASSERT_EQ(s.size(), 1u);
  const TaskRow& rescuer = *s[0].first;
  EXPECT_TRUE(rescuer.rescuer);
  EXPECT_EQ(m.groups()[static_cast<size_t>(rescuer.group)].kind, GroupKind::Rescuers);
  EXPECT_EQ(task_name(sim.world(), rescuer.task), "kworker/R-writeback");
  EXPECT_EQ(s[0].second->start, ms(12));
  EXPECT_EQ(s[0].second->end, ms(162));
  EXPECT_TRUE(m.instances()[static_cast<size_t>(s[0].second->instance)].rescued);
  // Idle (waiting for maydays) before, asleep in wb's sleep during, idle again after.
  ASSERT_NE(state_at(rescuer, ms(5)), nullptr);
  EXPECT_EQ(state_at(rescuer, ms(5))->state, WorkerShow::Idle);
  EXPECT_EQ(state_at(rescuer, ms(100))->why, WaitWhy::WorkSleep);
  EXPECT_EQ(state_at(rescuer, ms(200))->state, WorkerShow::Idle);

  // The mayday at 12 ms: a pool marker (timer fired, mayday sent) and the rescuer's pick-up.
  bool timeout = false, sent = false, wake = false;
  for (const RowGroup& g : m.groups())
    for (const Marker& mk : g.markers) {
      if (mk.time != ms(12)) continue;
      timeout |= mk.type == EventType::MaydayTimeout;
      sent |= mk.type == EventType::MaydaySent;
    }
  // On the rescuer's row, in the order rescuer_thread() runs them: the pwq off
  // wq->maydays, then worker_attach_to_pool() (the schema marks both).
  std::vector<EventType> at12;
  for (const Marker& mk : rescuer.markers)
    if (mk.time == ms(12)) at12.push_back(mk.type);
  ASSERT_GE(at12.size(), 2u);
  wake = at12[0] == EventType::RescuerWake && at12[1] == EventType::RescuerAttach;
  EXPECT_TRUE(timeout);
  EXPECT_TRUE(sent);
  EXPECT_TRUE(wake);

  // The manager kworker/0:0 is blocked on memory in create_worker() until 162 ms.
  const TaskRow& mgr = m.rows()[static_cast<size_t>(m.row_of(sim.world().tasks.size() > 1 ? 1 : 0))];
  ASSERT_EQ(task_name(sim.world(), mgr.task), "kworker/0:0");
  const StateInterval* st = state_at(mgr, ms(50));
  ASSERT_NE(st, nullptr);
  EXPECT_EQ(st->state, WorkerShow::BlockedMemory);
  ASSERT_FALSE(mgr.slices.empty());
  EXPECT_EQ(mgr.slices[0].kind, SliceKind::Manager);
  // Free pages sat under the min watermark while starving, and rose after reclaim.
  EXPECT_LT(m.free_pages().at(ms(50)), sim.world().mem.wmark.min);
  EXPECT_GT(m.free_pages().at(ms(300)), sim.world().mem.wmark.high);
}

bool same_series(const CounterSeries& a, const CounterSeries& b) { return a.t == b.t && a.v == b.v && a.max == b.max; }

// Compares everything two models drew from the same history, field by field.
void expect_same(const TimelineModel& x, const TimelineModel& y) {
  ASSERT_EQ(x.rows().size(), y.rows().size());
  EXPECT_EQ(x.events_read(), y.events_read());
  EXPECT_EQ(x.last_time(), y.last_time());
  EXPECT_EQ(x.slice_count(), y.slice_count());
  EXPECT_EQ(x.instances(), y.instances());
  for (size_t i = 0; i < x.rows().size(); ++i) {
    const TaskRow& a = x.rows()[i];
    const TaskRow& b = y.rows()[i];
    SCOPED_TRACE("row " + std::to_string(i));
    EXPECT_EQ(a.task, b.task);
    EXPECT_EQ(a.group, b.group);
    EXPECT_EQ(a.rescuer, b.rescuer);
    EXPECT_EQ(a.born, b.born);
    EXPECT_EQ(a.died, b.died);
    EXPECT_EQ(a.states, b.states);
    EXPECT_EQ(a.slices, b.slices);
    EXPECT_EQ(a.subs, b.subs);
    EXPECT_EQ(a.markers, b.markers);
    EXPECT_EQ(x.row_of(a.task), y.row_of(b.task));
  }
  ASSERT_EQ(x.groups().size(), y.groups().size());
  EXPECT_EQ(x.group_order(), y.group_order());
  for (size_t i = 0; i < x.groups().size(); ++i) {
    const RowGroup& a = x.groups()[i];
    const RowGroup& b = y.groups()[i];
    SCOPED_TRACE("group " + a.title);
    EXPECT_EQ(a.title, b.title);
    EXPECT_EQ(a.rows, b.rows);
    EXPECT_EQ(a.markers, b.markers);
    EXPECT_EQ(a.mayday_timer.bars, b.mayday_timer.bars);
    EXPECT_EQ(a.executed, b.executed);
    EXPECT_TRUE(same_series(a.nr_running, b.nr_running));
    EXPECT_TRUE(same_series(a.nr_idle, b.nr_idle));
    EXPECT_TRUE(same_series(a.nr_workers, b.nr_workers));
    EXPECT_TRUE(same_series(a.worklist, b.worklist));
  }
  for (const WorkInstance& in : x.instances()) EXPECT_EQ(x.instances_of(in.work), y.instances_of(in.work));
  EXPECT_EQ(x.global_markers(), y.global_markers());
  EXPECT_TRUE(same_series(x.free_pages(), y.free_pages()));
  EXPECT_TRUE(same_series(x.cache_pages(), y.cache_pages()));
  EXPECT_EQ(x.cpu_slices(), y.cpu_slices());
  EXPECT_EQ(x.cause_arrows(), y.cause_arrows());
  for (size_t t = 0; t < kEventTypeCount; ++t)
    EXPECT_EQ(x.marked(static_cast<EventType>(t)), y.marked(static_cast<EventType>(t)));
}

TEST(TimelineModel, IncrementalUpdatesEqualOneBuild) {
  Simulation sim = load_scenario_file("starvation-rescuer.toml");
  TimelineModel inc;
  while (sim.now() < ms(200) && sim.step_event(ms(200))) inc.update(sim);
  EXPECT_EQ(inc.rebuilds(), 0u);
  TimelineModel once;
  once.update(sim);
  expect_same(inc, once);
}

// A long run is read a bounded number of events per frame; the pieces add up to the
// same model, and behind() counts down to 0.
TEST(TimelineModel, ReadingInBoundedPiecesEqualsOneRead) {
  Simulation sim = load_scenario_file("starvation-rescuer.toml");
  sim.run_until(ms(400));
  ASSERT_GT(sim.events().size(), 100u);
  TimelineModel pieces;
  pieces.update(sim, 7);
  EXPECT_EQ(pieces.events_read(), 7u);
  EXPECT_EQ(pieces.behind(), sim.events().size() - 7);
  size_t calls = 1;
  while (pieces.behind() > 0) {
    pieces.update(sim, 7);
    ++calls;
  }
  EXPECT_EQ(calls, (sim.events().size() + 6) / 7);
  EXPECT_EQ(pieces.rebuilds(), 0u);
  TimelineModel once;
  once.update(sim);
  EXPECT_EQ(once.behind(), 0u);
  expect_same(pieces, once);
}

TEST(TimelineModel, RebuildsAfterStepBack) {
  Simulation sim = load_scenario_file("doc-max-active-3.toml");
  int steps = 0;
  while (sim.now() < ms(30) && sim.step_event(ms(30))) ++steps;
  ASSERT_GE(steps, 8);
  TimelineModel m;
  EXPECT_FALSE(m.update(sim));
  const size_t slices = m.slice_count();
  // Nothing new: no rebuild.
  EXPECT_FALSE(m.update(sim));
  for (int i = 0; i < steps / 2; ++i) ASSERT_TRUE(sim.step_back());
  EXPECT_TRUE(m.update(sim));
  EXPECT_EQ(m.rebuilds(), 1u);
  EXPECT_EQ(m.events_read(), sim.events().size());
  TimelineModel fresh;
  fresh.update(sim);
  expect_same(m, fresh);
  EXPECT_LE(m.slice_count(), slices);
  // Forward to 30 ms reads on; seeking back to 12 ms rebuilds: w2 has started, not ended.
  sim.seek(ms(30));
  EXPECT_FALSE(m.update(sim));
  sim.seek(ms(12));
  EXPECT_TRUE(m.update(sim));
  const auto w2 = slices_of(m, work_id(sim, "w2"));
  ASSERT_EQ(w2.size(), 1u);
  EXPECT_EQ(w2[0].second->start, ms(10));
  EXPECT_EQ(w2[0].second->end, -1);
  // And forward again: same as a fresh build.
  sim.seek(ms(30));
  m.update(sim);
  TimelineModel again;
  again.update(sim);
  expect_same(m, again);
}

TEST(TimelineModel, RebuildsWhenTheLogIsReplacedBySameSizeHistory) {
  Simulation a = load_scenario_file("doc-max-active-3.toml");
  a.run_until(ms(30));
  Simulation b = load_scenario_file("doc-max-active-2.toml");
  b.run_until(ms(30));
  TimelineModel m;
  m.update(a);
  // A different history (another scenario) is noticed even if it is longer.
  EXPECT_TRUE(m.update(b));
  TimelineModel fresh;
  fresh.update(b);
  expect_same(m, fresh);
}

// Every shipped scenario: reading in chunks equals one read, and every row is well formed
// (states contiguous, slices and sub-slices sorted and disjoint, sub-slices inside slices).
TEST(TimelineModel, EveryShippedScenarioGivesWellFormedRows) {
  const char* names[] = {"cpu-hog.toml",
                         "dependent-reclaim-one-wq.toml",
                         "dependent-reclaim-two-wqs.toml",
                         "doc-cpu-intensive.toml",
                         "doc-max-active-1.toml",
                         "doc-max-active-2.toml",
                         "doc-max-active-3.toml",
                         "doc-original-wq.toml",
                         "drain-destroy.toml",
                         "flush-dependency.toml",
                         "hotplug.toml",
                         "idle-culling.toml",
                         "ordered.toml",
                         "rcu-max-active-trap.toml",
                         "rcu-pressure-no-reclaim.toml",
                         "rcu-pressure-reclaim.toml",
                         "rcu-same-wq.toml",
                         "starvation-no-reclaim.toml",
                         "starvation-rescuer.toml",
                         "starvation-sandbox.toml"};
  for (const char* name : names) {
    SCOPED_TRACE(name);
    Simulation sim = load_scenario_file(name);
    const Nanos end = std::min<Nanos>(sim.until(), 70 * NSEC_PER_SEC);
    TimelineModel inc;
    for (int k = 1; k <= 16; ++k) {
      sim.run_until(end * k / 16);
      inc.update(sim);
    }
    TimelineModel once;
    once.update(sim);
    expect_same(inc, once);
    EXPECT_EQ(inc.rebuilds(), 0u);
    for (const TaskRow& r : inc.rows()) {
      SCOPED_TRACE(task_name(sim.world(), r.task));
      ASSERT_GE(r.group, 0);
      for (size_t i = 0; i < r.states.size(); ++i) {
        const StateInterval& st = r.states[i];
        if (st.end >= 0) {
          EXPECT_LT(st.start, st.end);
        }
        if (i + 1 < r.states.size()) {
          EXPECT_EQ(st.end, r.states[i + 1].start);
        }
      }
      for (size_t i = 0; i < r.slices.size(); ++i) {
        const WorkSlice& sl = r.slices[i];
        if (i + 1 < r.slices.size()) {
          ASSERT_GE(sl.end, 0);
          EXPECT_LE(sl.end, r.slices[i + 1].start);
        }
      }
      for (const SubSlice& sub : r.subs) {  // inside a slice of the work it belongs to
        const auto after = std::upper_bound(r.slices.begin(), r.slices.end(), sub.start,
                                            [](Nanos t, const WorkSlice& sl) { return t < sl.start; });
        ASSERT_NE(after, r.slices.begin());
        const WorkSlice& sl = *std::prev(after);
        EXPECT_EQ(sl.work, sub.work);
        if (sl.end >= 0) {
          EXPECT_GE(sub.end, 0);
          EXPECT_LE(sub.end, sl.end);
        }
      }
      for (size_t i = 0; i + 1 < r.subs.size(); ++i) {
        ASSERT_GE(r.subs[i].end, 0);
        EXPECT_LE(r.subs[i].end, r.subs[i + 1].start);
      }
      for (size_t i = 0; i + 1 < r.markers.size(); ++i) {
        EXPECT_LE(r.markers[i].time, r.markers[i + 1].time);
      }
    }
  }
}

// Where a model taking a checkpoint every @p every events takes its first: the first event
// at least @p every events in whose time is later than its predecessor's.
size_t first_checkpoint(const EventLog& log, size_t every) {
  for (size_t i = every; i < log.size(); ++i)
    if (log[i].time > log[i - 1].time) return i;
  return SIZE_MAX;
}

// A cut of history (a step back) goes back to the model's last checkpoint before it and
// reads on from there: at every cut, in every shipped scenario, the model equals a fresh
// read of the events before the cut, and reading the rest again equals a fresh read of it
// all. Checkpoints every 5 events put many of them at awkward places (inside slices,
// sub-slices, timer bars, pending instances). A cut before the first checkpoint reads
// again from the start.
TEST(TimelineModel, GoingBackToACheckpointEqualsAFreshRead) {
  for (const EmbeddedScenario& file : embedded_scenarios()) {
    SCOPED_TRACE(std::string(file.file));
    Simulation sim = load_scenario_file(std::string(file.file));
    sim.run_until(std::min<Nanos>(sim.until(), 70 * NSEC_PER_SEC));
    const EventLog& log = sim.events();
    ASSERT_GT(log.size(), 30u);
    TimelineModel m;
    m.set_checkpoint_every(5);
    m.update(sim.world(), log);
    TimelineModel whole;
    whole.update(sim.world(), log);
    const size_t n = log.size();
    for (size_t cut : {n - 1, n * 7 / 8, n / 2 + 3, n / 3, n / 5 + 1, size_t{23}, size_t{6}}) {
      SCOPED_TRACE("cut at " + std::to_string(cut));
      const EventLog before(log.slice(0, cut));
      const uint64_t rewinds = m.rewinds(), rebuilds = m.rebuilds();
      EXPECT_TRUE(m.update(sim.world(), before, SIZE_MAX, cut));
      const bool after_first = first_checkpoint(log, 5) <= cut;
      EXPECT_EQ(m.rewinds(), rewinds + (after_first ? 1 : 0));
      EXPECT_EQ(m.rebuilds(), rebuilds + (after_first ? 0 : 1));
      TimelineModel fresh;
      fresh.update(sim.world(), before);
      expect_same(m, fresh);
      m.update(sim.world(), log, SIZE_MAX, SIZE_MAX);  // the same history again, read on
      expect_same(m, whole);
    }
  }
}

// Many checkpoints are thinned to every other one, taken half as often from then on; a
// cut still goes back to one of them, and the model still equals a fresh read.
TEST(TimelineModel, CheckpointsAreThinnedAndStillExact) {
  Simulation sim = load_test_scenario("requeue-loop.toml");
  sim.run_until(ms(3));
  const EventLog& log = sim.events();
  ASSERT_GT(log.size(), 5000u);
  TimelineModel m;
  m.set_checkpoint_every(1);
  m.update(sim.world(), log);
  EXPECT_LE(m.checkpoints(), 512u);
  EXPECT_GT(m.checkpoints(), 256u);
  EXPECT_GE(m.checkpoint_every(), 4u);
  const size_t cut = log.size() * 3 / 5;
  const EventLog before(log.slice(0, cut));
  m.update(sim.world(), before, SIZE_MAX, cut);
  EXPECT_EQ(m.rewinds(), 1u);
  EXPECT_EQ(m.rebuilds(), 0u);
  TimelineModel fresh;
  fresh.update(sim.world(), before);
  expect_same(m, fresh);
  // Unknown history (no unchanged prefix) that differs: read again from the start.
  m.update(sim.world(), EventLog(log.slice(0, cut / 2)));
  EXPECT_EQ(m.rebuilds(), 1u);
  // clear() forgets the thinning.
  m.clear();
  EXPECT_EQ(m.checkpoint_every(), 1u);
  EXPECT_EQ(m.checkpoints(), 0u);
}

// Each event type the schema marks on the Timeline has its own name in the legend, so a
// new marked type shows there without another edit.
TEST(TimelineModel, EveryMarkedEventTypeHasItsOwnLegend) {
  std::set<std::string> legends;
  size_t marked = 0;
  for (size_t t = 0; t < kEventTypeCount; ++t) {
    const EventSchema& sc = event_schema(static_cast<EventType>(t));
    if (sc.mark == TimelineMark::None) continue;
    ++marked;
    const std::string legend = sc.legend ? sc.legend : sc.name;
    EXPECT_TRUE(legends.insert(legend).second) << legend << " used twice";
  }
  EXPECT_GE(marked, 16u);
}

TEST(TimelineModel, CounterSeriesRangeMatchesAPlainScan) {
  CounterSeries s;
  uint64_t x = 12345;
  for (int i = 0; i < 5000; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    s.add(i / 3, static_cast<int64_t>((x >> 33) % 1000));  // several samples per instant
  }
  ASSERT_GT(s.v.size(), 1000u);
  for (size_t i = 0; i < s.v.size(); i += 97) {
    for (size_t j = i + 1; j <= s.v.size(); j += 131) {
      int64_t lo = 0, hi = 0;
      s.range(i, j, lo, hi);
      EXPECT_EQ(lo, *std::min_element(s.v.begin() + static_cast<std::ptrdiff_t>(i),
                                      s.v.begin() + static_cast<std::ptrdiff_t>(j)));
      EXPECT_EQ(hi, *std::max_element(s.v.begin() + static_cast<std::ptrdiff_t>(i),
                                      s.v.begin() + static_cast<std::ptrdiff_t>(j)));
    }
  }
  // Samples replaced at the same instant after a summary was taken stay correct.
  int64_t lo = 0, hi = 0;
  s.range(0, s.v.size(), lo, hi);
  s.add(s.t.back(), 5000);
  s.range(0, s.v.size(), lo, hi);
  EXPECT_EQ(hi, 5000);
  EXPECT_EQ(s.at(s.t.back()), 5000);
}

// Not a timed test: prints how long the model takes for 50 000 slices.
TEST(TimelineModel, Builds50000SlicesBenchmark) {
  Simulation sim = simulation_from_text(cmwq::test::kManySlicesScenario, "many.toml");
  const auto t0 = std::chrono::steady_clock::now();
  sim.run_until(ms(500));
  const auto t1 = std::chrono::steady_clock::now();
  TimelineModel m;
  m.update(sim);
  const auto t2 = std::chrono::steady_clock::now();
  EXPECT_GE(m.slice_count(), 50000u);
  const double sim_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
  const double build_ms = std::chrono::duration<double, std::milli>(t2 - t1).count();
  std::printf("[ bench    ] %zu events, %zu slices: simulation %.1f ms, timeline model %.1f ms (%.0f ns/event)\n",
              sim.events().size(), m.slice_count(), sim_ms, build_ms,
              build_ms * 1e6 / static_cast<double>(sim.events().size()));
}

}  // namespace
}  // namespace cmwq::web

namespace cmwq::web {
namespace {

// The Timeline's window of time (web/model/time_window.h).

TEST(TimeWindow, ScenarioOpensOnItsOwnRange) {
  // A 160 ms story shows its 160 ms, whatever the last scenario showed (30 s).
  const TimeWindow story = fit_scenario(160 * NSEC_PER_MSEC, 0);
  EXPECT_LT(story.t0, 0.0);
  EXPECT_GE(story.t1, 160e6);
  EXPECT_LT(story.t1, 200e6);
  // A sandbox that runs for minutes opens on its first 100 ms.
  const TimeWindow sandbox = fit_scenario(400 * NSEC_PER_SEC, 0);
  EXPECT_GE(sandbox.t1, 100e6);
  EXPECT_LT(sandbox.t1, 200e6);
  // Already at 3 s (a link): now is in the window.
  EXPECT_GE(fit_scenario(50 * NSEC_PER_MSEC, 3 * NSEC_PER_SEC).t1, 3e9);
}

TEST(TimeWindow, RevealKeepsTheZoomAndBringsTheCursorIn) {
  const TimeWindow view{80e6, 150e6};  // zoomed on 80-150 ms
  // An event-log click went back to 10 ms: the window slides left, as wide as before.
  const TimeWindow back = reveal_time(view, 10e6);
  EXPECT_NEAR(back.t1 - back.t0, 70e6, 1);
  EXPECT_LE(back.t0, 10e6);
  EXPECT_GE(back.t1, 10e6);
  EXPECT_GE(back.t0, 0.0);
  // Run to next lockup went to 30 s: the window slides right, as wide as before.
  const TimeWindow ahead = reveal_time(view, 30e9);
  EXPECT_NEAR(ahead.t1 - ahead.t0, 70e6, 1);
  EXPECT_LE(ahead.t0, 30e9);
  EXPECT_GE(ahead.t1, 30e9);
  // Already in view: nothing moves.
  const TimeWindow same = reveal_time(view, 100e6);
  EXPECT_EQ(same.t0, view.t0);
  EXPECT_EQ(same.t1, view.t1);
}

TEST(TimeWindow, FollowNowSlidesWhilePlayingAndWidensOnAJumpFromTheStart) {
  const TimeWindow start{-1e6, 50e6};
  const TimeWindow jump = follow_now(start, 300e6, false);
  EXPECT_EQ(jump.t0, start.t0);  // the start stays in view
  EXPECT_GE(jump.t1, 300e6);
  const TimeWindow play = follow_now(TimeWindow{100e6, 150e6}, 160e6, true);
  EXPECT_NEAR(play.t1 - play.t0, 50e6, 1);
  EXPECT_GE(play.t1, 160e6);
  EXPECT_LE(play.t0, 160e6);
  const TimeWindow back = follow_now(TimeWindow{100e6, 150e6}, 20e6, false);
  EXPECT_LE(back.t0, 20e6);
  EXPECT_NEAR(back.t1 - back.t0, 50e6, 1);
}

// WORKER_CPU_INTENSIVE shows on the Timeline as in the Pools panel: a WQ_CPU_INTENSIVE
// workqueue's work (doc-cpu-intensive) and a worker wq_worker_tick() found hogging its CPU
// (cpu-hog) run as CPU-intensive, not as plain running.
TEST(TimelineModel, CpuIntensiveWorkersShowAsCpuIntensive) {
  for (const char* name : {"doc-cpu-intensive.toml", "cpu-hog.toml"}) {
    Simulation sim = load_scenario_file(name);
    sim.run_until(sim.until());
    TimelineModel m;
    m.update(sim);
    size_t intensive = 0;
    for (const TaskRow& r : m.rows())
      for (const StateInterval& st : r.states) intensive += st.state == WorkerShow::CpuIntensive;
    EXPECT_GT(intensive, 0u) << name;
  }
}

// One palette: the manager kworker/0:0, blocked on memory in create_worker() (the
// test above), shows red ("blocked on memory") in the Pools panel and state() too, as
// on the Timeline, and its summary still says it is the pool's manager.
TEST(WorkerShow, ManagerBlockedOnMemoryIsBlockedOnMemory) {
  Simulation sim = load_scenario_file("starvation-rescuer.toml");
  sim.run_until(ms(50));
  const World& w = sim.world();
  int32_t manager = -1;
  for (const WorkerPool& p : w.wq.pools)
    if (p.manager >= 0) manager = p.manager;
  ASSERT_GE(manager, 0);
  EXPECT_EQ(task_name(w, w.wq.workers[static_cast<size_t>(manager)].task), "kworker/0:0");
  EXPECT_EQ(worker_show(w, manager), WorkerShow::BlockedMemory);
  EXPECT_EQ(worker_show_color(worker_show(w, manager)), palette::kBlockedMemory);
  const std::string summary = worker_summary(w, manager);
  EXPECT_NE(summary.find("blocked on memory"), std::string::npos) << summary;
  EXPECT_NE(summary.find("the pool's manager"), std::string::npos) << summary;
}

// The lockup banner (web/model/lockup_report.h): the starvation scenario's documented
// report (its description quotes the kernel's line), while it is the run's latest news.
TEST(LockupReport, StarvationNoReclaimStopsAtTheKernelsLine) {
  Simulation sim = load_scenario_file("starvation-no-reclaim.toml");
  EXPECT_TRUE(latest_lockups(sim.world(), sim.events()).empty());
  const int64_t lockup =
      sim.run_until_event([](const Event& e) { return e.type == EventType::WatchdogLockup; }, sim.until());
  ASSERT_GE(lockup, 0);
  const std::vector<LockupReport> r = latest_lockups(sim.world(), sim.events());
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(sim.events()[static_cast<size_t>(r[0].event)].type, EventType::WatchdogLockup);
  EXPECT_EQ(r[0].pool, sim.events()[static_cast<size_t>(r[0].event)].pool);
  EXPECT_NE(r[0].text.find("BUG: workqueue lockup - pool cpus=0"), std::string::npos) << r[0].text;
  EXPECT_NE(r[0].text.find("stuck for 30s!"), std::string::npos) << r[0].text;
  // Once anything but the report and its dump happens, the banner goes.
  const int64_t news = sim.run_until_event(
      [](const Event& e) { return e.type != EventType::WatchdogLockup && !event_schema(e.type).dump; }, sim.until());
  ASSERT_GE(news, 0);
  EXPECT_TRUE(latest_lockups(sim.world(), sim.events()).empty());
}

}  // namespace
}  // namespace cmwq::web
