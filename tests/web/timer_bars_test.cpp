// The Timeline's timer bars (web/model/timer_bars.h): each arming of a pool's mayday
// timer, from mod_timer() to its firing, its deletion or the next arming, with the
// jiffies it asked for and the wheel runs it at in nanoseconds.
//
// Expected values are worked out by hand from the kernel's rules, not read back from the
// model: MAYDAY_INITIAL_TIMEOUT is HZ / 100 jiffies (at least 2), MAYDAY_INTERVAL HZ / 10;
// the timer wheel (kernel/time/timer.c, calc_wheel_index() and calc_index()) files a
// timer `delta` jiffies away on level 0 below 63 jiffies, level 1 (8-jiffy buckets)
// below 504, and rounds `expires` up to the next bucket: ((expires >> 3 * lvl) + 1) <<
// 3 * lvl; TICK_NSEC is (NSEC_PER_SEC + HZ / 2) / HZ.
#include "web/model/timer_bars.h"

#include <gtest/gtest.h>

#include <string>

#include "core/scenario/scenario.h"
#include "core/simulation.h"
#include "core/world.h"
#include "scenario_files.h"
#include "web/model/timeline_model.h"

namespace cmwq::web {
namespace {

constexpr Nanos ms(int64_t v) { return v * NSEC_PER_MSEC; }
constexpr Nanos us(int64_t v) { return v * NSEC_PER_USEC; }

const Jiffies kHz1000{1000};
const Jiffies kHz250{250};

// The mayday timer track of pool @p pool's group, or nullptr.
const TimerTrack* pool_timer(const TimelineModel& m, int32_t pool) {
  for (const RowGroup& g : m.groups())
    if (g.kind == GroupKind::Pool && g.pool == pool) return &g.mayday_timer;
  return nullptr;
}

void expect_bar(const TimerBar& b, Nanos start, Nanos expires, Nanos fires, Nanos end, TimerBarEnd how) {
  EXPECT_EQ(b.start, start);
  EXPECT_EQ(b.expires, expires);
  EXPECT_EQ(b.fires, fires);
  EXPECT_EQ(b.end, end);
  EXPECT_EQ(b.how, how);
}

TEST(TimerTrack, ArmThenFire) {
  TimerTrack t;
  // maybe_create_worker() at 1 ms (jiffy 1): expires 1 + 10 = 11; level 0 rounds to 12.
  t.arm(ms(1), 11, 12, kHz1000, 49);
  ASSERT_NE(t.armed(), nullptr);
  EXPECT_EQ(t.armed()->drawn_end(), ms(12));
  t.fire(ms(12));
  ASSERT_EQ(t.bars.size(), 1u);
  expect_bar(t.bars[0], ms(1), ms(11), ms(12), ms(12), TimerBarEnd::Fired);
  EXPECT_EQ(t.bars[0].event, 49u);
  EXPECT_EQ(t.armed(), nullptr);
}

TEST(TimerTrack, ArmThenStop) {
  TimerTrack t;
  t.arm(ms(120), 220, 224, kHz1000, 0);
  t.stop(ms(162));
  ASSERT_EQ(t.bars.size(), 1u);
  expect_bar(t.bars[0], ms(120), ms(220), ms(224), ms(162), TimerBarEnd::Stopped);
  EXPECT_EQ(t.bars[0].drawn_end(), ms(162));  // ends early, where it was stopped
  EXPECT_EQ(t.armed(), nullptr);
  // Deleting or firing a timer that is not armed changes nothing.
  t.stop(ms(170));
  t.fire(ms(171));
  ASSERT_EQ(t.bars.size(), 1u);
  EXPECT_EQ(t.bars[0].end, ms(162));
}

TEST(TimerTrack, ArmingAgainEndsTheArmedBar) {
  TimerTrack t;
  t.arm(0, 10, 11, kHz1000, 1);
  t.arm(ms(5), 15, 16, kHz1000, 2);
  ASSERT_EQ(t.bars.size(), 2u);
  expect_bar(t.bars[0], 0, ms(10), ms(11), ms(5), TimerBarEnd::Rearmed);
  expect_bar(t.bars[1], ms(5), ms(15), ms(16), -1, TimerBarEnd::Armed);
  EXPECT_EQ(t.armed(), &t.bars[1]);
  EXPECT_EQ(t.bars[1].drawn_end(), ms(16));  // while armed: up to when the wheel runs it
  // pool_mayday_timeout() re-arms at the instant it fires: the next bar starts where this ends.
  t.fire(ms(16));
  t.arm(ms(16), 116, 120, kHz1000, 3);
  ASSERT_EQ(t.bars.size(), 3u);
  EXPECT_EQ(t.bars[1].how, TimerBarEnd::Fired);
  EXPECT_EQ(t.bars[1].end, t.bars[2].start);
}

TEST(TimerTrack, JiffiesToNanosecondsFollowHz) {
  TimerTrack t;
  // HZ 250: one tick is 4 ms; jiffy 2 is 8 ms, jiffy 3 is 12 ms.
  t.arm(ms(1), 2, 3, kHz250, 0);
  expect_bar(t.bars[0], ms(1), ms(8), ms(12), -1, TimerBarEnd::Armed);
  // HZ 300: TICK_NSEC is (10^9 + 150) / 300 = 3333333 ns, so jiffy 3 is 9999999 ns.
  TimerTrack h300;
  h300.arm(0, 3, 4, Jiffies{300}, 0);
  EXPECT_EQ(h300.bars[0].expires, 9999999);
  EXPECT_EQ(h300.bars[0].fires, 13333332);
  // A fire jiffy already past (an imported trace) is drawn from the arming, not before it.
  TimerTrack late;
  late.arm(ms(30), 2, 3, kHz1000, 0);
  EXPECT_EQ(late.bars[0].fires, ms(30));
}

TEST(TimerTrack, CountdownAndTooltip) {
  TimerTrack t;
  t.arm(ms(12), 112, 120, kHz1000, 0);
  const TimerBar& b = *t.armed();
  EXPECT_EQ(timer_countdown("mayday", b, ms(100)), "mayday in 20 ms");
  EXPECT_EQ(timer_countdown("mayday", b, ms(117) + us(500)), "mayday in 2.5 ms");
  EXPECT_EQ(timer_countdown("mayday", b, ms(120)), "mayday due now");
  const std::string tip = timer_bar_text("mayday timer", b, ms(100));
  EXPECT_NE(tip.find("armed at 12 ms"), std::string::npos) << tip;
  EXPECT_NE(tip.find("expires at jiffy 112 (112 ms)"), std::string::npos) << tip;
  EXPECT_NE(tip.find("runs it at jiffy 120 (120 ms)"), std::string::npos) << tip;
  EXPECT_NE(tip.find("fires in 20 ms"), std::string::npos) << tip;
}

// starvation-rescuer.toml at HZ 1000: the manager arms the timer at 1 ms (jiffy 1,
// expires 11, level 0: fires at 12); pool_mayday_timeout() re-arms at 12 ms for 112,
// a distance of 100 (level 1: (112 >> 3) + 1 = 15, fires at jiffy 120), and at 120 ms
// for 220 (fires at 28 * 8 = 224); the manager's create_worker() succeeds at 162 ms
// (wb's 150 ms of I/O from 12 ms) and it deletes the timer.
TEST(TimerBars, StarvationRescuerAtHz1000) {
  Simulation sim = load_scenario_file("starvation-rescuer.toml");
  sim.run_until(ms(100));
  TimelineModel m;
  m.update(sim);
  const TimerTrack* t = pool_timer(m, 2);  // pool 2: CPU 0's normal pool
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->bars.size(), 2u);
  expect_bar(t->bars[0], ms(1), ms(11), ms(12), ms(12), TimerBarEnd::Fired);
  expect_bar(t->bars[1], ms(12), ms(112), ms(120), -1, TimerBarEnd::Armed);
  EXPECT_EQ(timer_countdown("mayday", *t->armed(), sim.now()), "mayday in 20 ms");

  sim.run_until(ms(400));
  m.update(sim);
  t = pool_timer(m, 2);
  ASSERT_EQ(t->bars.size(), 3u);
  expect_bar(t->bars[1], ms(12), ms(112), ms(120), ms(120), TimerBarEnd::Fired);
  expect_bar(t->bars[2], ms(120), ms(220), ms(224), ms(162), TimerBarEnd::Stopped);
  EXPECT_EQ(t->armed(), nullptr);

  // Back to 100 ms: the model is rebuilt and the second bar is armed again.
  sim.seek(ms(100));
  EXPECT_TRUE(m.update(sim));
  t = pool_timer(m, 2);
  ASSERT_EQ(t->bars.size(), 2u);
  EXPECT_EQ(t->armed(), &t->bars[1]);
}

// The same story at HZ 250 (4 ms ticks): at 1 ms jiffies is 0; MAYDAY_INITIAL_TIMEOUT is
// 2 jiffies, so expires 2 (8 ms), level 0 fires at 3 (12 ms); MAYDAY_INTERVAL is 25
// jiffies: 3 + 25 = 28 (112 ms) fires at 29 (116 ms); 29 + 25 = 54 (216 ms) would fire at
// 55 (220 ms) but is deleted at 162 ms.
TEST(TimerBars, StarvationRescuerAtHz250) {
  Simulation sim = load_scenario_file("starvation-rescuer.toml", "hz = 250\n");
  ASSERT_EQ(sim.world().jif.hz, 250);
  sim.run_until(ms(400));
  TimelineModel m;
  m.update(sim);
  const TimerTrack* t = pool_timer(m, 2);
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->bars.size(), 3u);
  expect_bar(t->bars[0], ms(1), ms(8), ms(12), ms(12), TimerBarEnd::Fired);
  expect_bar(t->bars[1], ms(12), ms(112), ms(116), ms(116), TimerBarEnd::Fired);
  expect_bar(t->bars[2], ms(116), ms(216), ms(220), ms(162), TimerBarEnd::Stopped);
}

// In every shipped scenario the bars are ordered and disjoint, only the last may be
// armed, and a timer that fired did so at the tick the wheel's rounding predicted.
TEST(TimerBars, EveryShippedScenarioFiresWhereTheWheelSaid) {
  const char* names[] = {"starvation-no-reclaim.toml",        "starvation-rescuer.toml",
                         "starvation-writeback-unbound.toml", "dependent-reclaim-one-wq.toml",
                         "dependent-reclaim-two-wqs.toml",    "rcu-pressure-no-reclaim.toml",
                         "rcu-pressure-reclaim.toml",         "idle-culling.toml"};
  size_t fired = 0;
  for (const char* name : names) {
    SCOPED_TRACE(name);
    Simulation sim = load_scenario_file(name);
    sim.run_until(std::min<Nanos>(sim.until(), 10 * NSEC_PER_SEC));
    TimelineModel m;
    m.update(sim);
    for (const RowGroup& g : m.groups()) {
      const auto& bars = g.mayday_timer.bars;
      for (size_t i = 0; i < bars.size(); ++i) {
        const TimerBar& b = bars[i];
        EXPECT_LE(b.expires, b.fires);
        EXPECT_LE(b.start, b.fires);
        if (i + 1 < bars.size()) {
          ASSERT_GE(b.end, 0);
          EXPECT_LE(b.end, bars[i + 1].start);
        }
        if (b.how == TimerBarEnd::Fired) {
          EXPECT_EQ(b.end, b.fires);
          ++fired;
        }
      }
    }
  }
  EXPECT_GE(fired, 3u);
}

// The legend lists the markers a run has shown so far: none of the mayday's before the
// timer fires at 12 ms, the firing and the mayday sent after it, none again once the run
// is taken back before it.
TEST(TimerBars, LegendListsTheMarkersReadSoFar) {
  Simulation sim = load_scenario_file("starvation-rescuer.toml");
  sim.run_until(ms(5));
  TimelineModel m;
  m.update(sim);
  EXPECT_FALSE(m.marked(EventType::MaydayTimeout));
  EXPECT_FALSE(m.marked(EventType::MaydaySent));
  EXPECT_FALSE(m.marked(EventType::MaydayTimerArm));  // a bar, not a marker
  sim.run_until(ms(20));
  m.update(sim);
  EXPECT_TRUE(m.marked(EventType::MaydayTimeout));
  EXPECT_TRUE(m.marked(EventType::MaydaySent));
  EXPECT_FALSE(m.marked(EventType::WatchdogLockup));
  sim.seek(ms(5));
  m.update(sim);
  EXPECT_FALSE(m.marked(EventType::MaydayTimeout));
}

}  // namespace
}  // namespace cmwq::web
