// Compare mode's model (web/model/run_pair.h): two runs of one scenario with one change, moved
// together, the first divergence found as they grow; the kernel selector; the link.
#include "web/model/run_pair.h"

#include <gtest/gtest.h>

#include <utility>

#include "core/world.h"
#include "core/world_view.h"
#include "core/scenario/change.h"
#include "web/model/change_choice.h"
#include "web/model/event_index.h"
#include "web/model/event_text.h"
#include "web/model/scenario_library.h"
#include "web/model/state_json.h"
#include "web/model/url_state.h"

namespace cmwq::web {
namespace {

constexpr Nanos kMs = NSEC_PER_MSEC;
const char* kNoReclaim = "flags writeback -WQ_MEM_RECLAIM";

void load(RunPair& runs, const char* name) {
  const EmbeddedScenario* sc = find_embedded_scenario(name);
  ASSERT_NE(sc, nullptr) << name;
  std::string note;
  ASSERT_TRUE(runs.load(std::string(sc->text), std::string(sc->file), {}, note).ok);
}

std::string state_of(const Session& s) {
  EventIndex index;
  EventFormatter text;
  index.update(s.sim().events(), 0);
  text.update(s.sim().world(), s.sim().events(), 0);
  return state_json(s, index, text);
}

// The index of the first event of @p type in @p s's log from @p from on, or -1.
int64_t find(const Session& s, EventType type, size_t from = 0) {
  const EventLog& log = s.sim().events();
  for (size_t i = from; i < log.size(); ++i)
    if (log[i].type == type) return static_cast<int64_t>(i);
  return -1;
}

// The starvation sandbox, writeback without WQ_MEM_RECLAIM. alloc_workqueue() calls
// init_rescuer() only for a WQ_MEM_RECLAIM workqueue; it allocates the rescuer
// (alloc_worker()) and starts kthread_create_on_node(rescuer_thread, ..., "kworker/R-%s").
// Both runs boot the same machine up to that point; the second, without a rescuer, has
// nothing left at 0 ms (the sandbox has no timed actions). So the first divergence is the
// first run's boot event right after the second run's last one, at 0 ms, and what follows
// in the first run is the rescuer's creation.
TEST(Compare, MemReclaimRemovedDivergesAtTheRescuersCreation) {
  RunPair runs;
  load(runs, "starvation-sandbox");
  ASSERT_EQ(runs.compare(kNoReclaim), "");
  ASSERT_TRUE(runs.comparing());
  const Session& a = runs.first();
  const Session& b = runs.second();
  ASSERT_TRUE(runs.difference());
  const Divergence& d = *runs.difference();
  EXPECT_EQ(d.time, 0);
  EXPECT_EQ(d.index, b.sim().events().size());
  EXPECT_FALSE(d.b);
  ASSERT_TRUE(d.a);
  // The rescuer's memory, then its task and worker, in the first run only.
  EXPECT_EQ(d.a->type, EventType::MemCounters);
  const int64_t task = find(a, EventType::TaskNew, d.index);
  ASSERT_GE(task, 0);
  EXPECT_EQ(task_name(a.sim().world(), a.sim().events()[static_cast<size_t>(task)].task), "kworker/R-writeback");
  EXPECT_EQ(find(b, EventType::WorkerCreated, 0) >= 0, true);  // the pools' workers
  for (const Event& e : b.sim().events()) EXPECT_FALSE(e.type == EventType::WorkerCreated && e.b == 1);
  EXPECT_EQ(b.sim().world().config.kernel, a.sim().world().config.kernel);
}

// The rest of the story, stepped together: starve memory, queue three blocking works.
// Both runs send no mayday before the mayday timer (MAYDAY_INITIAL_TIMEOUT, 10 ms after
// the manager began waiting); then the first run's send_mayday() wakes its rescuer, while
// the second has no rescuer to send one to (send_mayday() returns when !wq->rescuer) and
// never runs wb: its writeback stays on the starving pool's worklist.
TEST(Compare, SteppingTogetherKeepsOneTime) {
  RunPair runs;
  load(runs, "starvation-sandbox");
  ASSERT_EQ(runs.compare(kNoReclaim), "");
  EXPECT_EQ(runs.command("hog all"), "");
  EXPECT_EQ(runs.command("queue q0 cpu=0 count=3 name=blk: alloc 16 GFP_KERNEL; burn 1ms; free 16"), "");
  for (int i = 0; i < 2000 && runs.now() < 200 * kMs; ++i) {
    ASSERT_TRUE(runs.step());
    // Both stand at now(): neither is past it, neither has an action due before it.
    for (const Session* s : {&std::as_const(runs).first(), &std::as_const(runs).second()}) {
      EXPECT_LE(s->sim().now(), runs.now()) << "step " << i;
      const Nanos next = next_action_time(s->sim().world());
      EXPECT_TRUE(next < 0 || next >= runs.now()) << "step " << i;
    }
  }
  EXPECT_EQ(runs.first().commands().size(), 2u);
  EXPECT_EQ(runs.second().commands().size(), 2u);
  EXPECT_GE(find(runs.first(), EventType::RescuerWake), 0);
  EXPECT_GE(find(runs.first(), EventType::MaydaySent), 0);
  EXPECT_EQ(find(runs.second(), EventType::MaydaySent), -1);
  EXPECT_GE(find(runs.second(), EventType::MaydayTimeout), 0);  // the timer fires all the same
  EXPECT_EQ(find(runs.second(), EventType::ExecuteStart), -1);  // nothing ran: the pool starves

  // And back: one time again after every step back, though run A's clock had run on
  // past its last event while run B's mayday timer kept firing.
  runs.run_until(300 * kMs);
  int backs = 0;
  for (; backs < 100 && runs.step_back(); ++backs) {
    for (const Session* s : {&std::as_const(runs).first(), &std::as_const(runs).second()}) {
      EXPECT_LE(s->sim().now(), runs.now()) << "back " << backs;
      const Nanos next = next_action_time(s->sim().world());
      EXPECT_TRUE(next < 0 || next >= runs.now()) << "back " << backs << ": next action at " << next << ", now "
                                                  << runs.now();
    }
  }
  EXPECT_GE(backs, 10);
  EXPECT_EQ(runs.now(), 0);  // back where the commands were given
}

// max_active q0 1 in the sandbox, two works queued at once: __queue_work() activates the
// first in both runs and holds the second back in the second run (pwq_tryinc_nr_active()
// finds no room): no divergence before the step that queues them, then the second run's
// event where the first activates blk's second work.
TEST(Compare, DivergenceFoundIncrementallyAtTheHeldBackItem) {
  RunPair runs;
  load(runs, "starvation-sandbox");
  ASSERT_EQ(runs.compare("max_active q0 1"), "");
  EXPECT_FALSE(runs.difference());
  ASSERT_EQ(runs.command("queue q0 cpu=0 count=2 name=blk: burn 5ms"), "");
  runs.update();
  EXPECT_FALSE(runs.difference());  // the command's action has not run yet
  ASSERT_TRUE(runs.step());
  runs.update();
  ASSERT_TRUE(runs.difference());
  const Divergence& d = *runs.difference();
  ASSERT_TRUE(d.a && d.b);
  EXPECT_EQ(d.a->type, EventType::ActivateWork);
  const Event& held = runs.first().sim().events()[d.index];
  const std::string second_work = work_name(runs.first().sim().world(), held.work);
  EXPECT_EQ(d.b->type, EventType::PwqCounters);
  // The event before: that work's queueing, in both runs.
  const Event& queued = runs.second().sim().events()[d.index - 1];
  EXPECT_EQ(queued.type, EventType::QueueWork);
  EXPECT_EQ(work_name(runs.second().sim().world(), queued.work), second_work);
  EXPECT_NE(find(runs.first(), EventType::ActivateWork), static_cast<int64_t>(d.index));  // the first work's came earlier
  // Stepping back before it forgets it; stepping again finds it at the same event.
  const size_t index = d.index;
  ASSERT_TRUE(runs.step_back());
  runs.update();
  EXPECT_FALSE(runs.difference());
  ASSERT_TRUE(runs.step());
  runs.update();
  ASSERT_TRUE(runs.difference());
  EXPECT_EQ(runs.difference()->index, index);
}

TEST(Compare, StepBackReturnsBothRunsToTheirStatesBefore) {
  RunPair runs;
  load(runs, "starvation-sandbox");
  ASSERT_EQ(runs.compare(kNoReclaim), "");
  runs.command("hog all");
  runs.command("queue q0 cpu=0 count=3 name=blk: alloc 16 GFP_KERNEL; burn 1ms; free 16");
  // A point both runs reached by visible steps (a clock moved by run_until() alone is not
  // a step: stepping back returns to the last step before it, as in a single run).
  runs.run_until(0);
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(runs.step());
  const std::string a = state_of(runs.first()), b = state_of(runs.second());
  ASSERT_NE(a, b);
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(runs.step());
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(runs.step_back());
  EXPECT_EQ(state_of(runs.first()), a);
  EXPECT_EQ(state_of(runs.second()), b);
  // Seeking back undoes every step after the time in both (nothing happens from 0 to 11 ms).
  runs.seek(5 * kMs);
  for (const Session* s : {&std::as_const(runs).first(), &std::as_const(runs).second()}) {
    EXPECT_LE(s->sim().events().back().time, 5 * kMs);
    EXPECT_GT(next_action_time(s->sim().world()), 5 * kMs);
  }
}

TEST(Compare, StartingLateReplaysTheCommandsAtTheirInstants) {
  RunPair runs;
  load(runs, "starvation-sandbox");
  runs.first().run_until(3 * kMs);
  runs.first().command("hog all");
  runs.first().run_until(7 * kMs);
  runs.first().command("queue q0 cpu=0 count=3 name=blk: alloc 16 GFP_KERNEL; burn 1ms; free 16");
  runs.first().run_until(30 * kMs);
  ASSERT_EQ(runs.compare("cpus 3"), "");
  const Session& b = runs.second();
  EXPECT_EQ(b.sim().now(), 30 * kMs);
  ASSERT_EQ(b.commands().size(), 2u);
  EXPECT_EQ(b.commands()[0].at.time, 3 * kMs);
  EXPECT_EQ(b.commands()[1].at.time, 7 * kMs);
  EXPECT_EQ(b.sim().world().config.cpus, 3);
  // A bad change leaves the comparison as it was.
  EXPECT_EQ(runs.compare("cpus 0"), "1:6: error: `cpus`: the number of CPUs must be a number from 1 to 256, not `0`");
  EXPECT_EQ(runs.change(), "cpus 3");
  runs.stop_comparing();
  EXPECT_FALSE(runs.comparing());
  EXPECT_EQ(runs.first().sim().now(), 30 * kMs);
}

TEST(Compare, KernelSelectorRebuildsTheRunKeepingItsCommandsAndTime) {
  RunPair runs;
  load(runs, "starvation-sandbox");
  runs.command("hog all");
  runs.run_until(4 * kMs);
  std::string note;
  runs.set_kernel(KernelGeneration::Legacy_2_6_35, note);
  EXPECT_EQ(note, "");
  EXPECT_EQ(runs.kernel(), KernelGeneration::Legacy_2_6_35);
  EXPECT_EQ(runs.first().sim().now(), 4 * kMs);
  ASSERT_EQ(runs.first().commands().size(), 1u);
  EXPECT_EQ(runs.first().sim().world().mem.free, 0);  // the hog was given again
  // Comparing against the kernel the run now follows changes nothing: refused.
  EXPECT_EQ(runs.compare("kernel 2.6.35"), "1:8: error: `kernel`: the scenario runs kernel 2.6.35 already");
  ASSERT_EQ(runs.compare("kernel 6.12.118"), "");
  runs.set_kernel(KernelGeneration::V6_12_118, note);  // now the change changes nothing: comparing stops
  EXPECT_FALSE(runs.comparing());
  EXPECT_NE(note.find("Stopped comparing"), std::string::npos) << note;
}

// starvation-rescuer with the second run on 6.12.0: both rescuers wake at 12 ms and pick up
// wb; 6.12.118's assign_rescuer_work() then puts the pwq's mayday cursor where it took the
// item ("workqueue: Process rescuer work items one-by-one using a cursor", 6.12.85), while
// 6.12.0's rescuer_thread(), having moved every item to its scheduled list, starts wb.
// The pwqs are numbered differently (6.12.118 has two more system workqueues), which does
// not count: the first difference is the cursor.
TEST(Compare, KernelChangeOnStarvationRescuerPartsAtTheCursor) {
  RunPair runs;
  load(runs, "starvation-rescuer");
  ASSERT_EQ(runs.compare("kernel 6.12.0"), "");
  EXPECT_EQ(runs.second().sim().world().config.kernel, KernelGeneration::V6_12_0);
  runs.run_until(11 * kMs);
  runs.update();
  EXPECT_FALSE(runs.difference());  // the same until the rescuer runs
  runs.run_until(400 * kMs);
  runs.update();
  ASSERT_TRUE(runs.difference());
  const Divergence& d = *runs.difference();
  EXPECT_EQ(d.time, 12 * kMs);
  ASSERT_TRUE(d.a && d.b);
  EXPECT_EQ(d.a->type, EventType::MaydayCursorPlace);
  EXPECT_EQ(d.b->type, EventType::ExecuteStart);
  const Event& before = runs.first().sim().events()[d.index - 1];
  EXPECT_EQ(before.type, EventType::RescuerAssign);
  EXPECT_EQ(work_name(runs.first().sim().world(), before.work), "wb");
}

TEST(Compare, ALinkKeepsTheComparisonAndTheKernel) {
  RunPair runs;
  load(runs, "starvation-sandbox");
  std::string note;
  runs.set_kernel(KernelGeneration::V6_12_0, note);
  ASSERT_EQ(runs.compare(kNoReclaim), "");
  runs.command("hog all");
  runs.command("queue q0 cpu=0 count=3 name=blk: alloc 16 GFP_KERNEL; burn 1ms; free 16");
  for (int i = 0; i < 40; ++i) runs.step();
  LinkState link;
  link.scenario = "starvation-sandbox";
  link.at = runs.first().position();
  link.commands = runs.first().commands();
  link.kernel = kernel_version_name(runs.kernel());
  link.compare = runs.change();
  link.second_at = runs.second().position();
  link.second_commands = runs.second().commands();
  const LinkRead read = read_link(encode_link(link));
  ASSERT_TRUE(read.problems.empty()) << read.problems.front();
  const LinkState* back = &read.state;
  EXPECT_EQ(back->kernel, "6.12.0");
  EXPECT_EQ(back->compare, kNoReclaim);
  ASSERT_TRUE(back->second_at);
  EXPECT_EQ(*back->second_at, runs.second().position());
  ASSERT_EQ(back->second_commands.size(), 2u);

  // What App::apply_link() does with it.
  RunPair other;
  const EmbeddedScenario* sc = find_embedded_scenario("starvation-sandbox");
  LoadOptions options;
  options.kernel = parse_kernel_version(back->kernel);
  ASSERT_TRUE(other.load(std::string(sc->text), std::string(sc->file), options, note).ok);
  EXPECT_EQ(other.first().restore(back->commands, back->at), "");
  ASSERT_EQ(other.compare(back->compare), "");
  EXPECT_EQ(other.restore_second(back->second_commands, *back->second_at), "");
  EXPECT_EQ(state_of(other.first()), state_of(runs.first()));
  EXPECT_EQ(state_of(other.second()), state_of(runs.second()));
  const LinkRead bad = read_link("scenario=a&compare=x&b=1,2");
  EXPECT_EQ(bad.problems, std::vector<std::string>{"`b=1,2`: the second run's point is written T,EV,SETTLED"});
  EXPECT_FALSE(bad.state.second_at);
  EXPECT_EQ(bad.state.compare, "x");
}

// The chooser starts where the labs' stories are (writeback losing its rescuer), and
// every kind makes a change that parses and changes something.
TEST(ChangeChoice, EveryKindMakesAValidChange) {
  RunPair runs;
  load(runs, "starvation-rescuer");
  const Scenario& s = runs.first().scenario();
  ChangeChoice c = default_choice(s);
  EXPECT_EQ(c.kind, ChangeKind::Flag);
  EXPECT_EQ(change_text(c, s), kNoReclaim);
  c.wq = "q0";
  EXPECT_EQ(change_text(c, s), "flags q0 +WQ_MEM_RECLAIM");
  const std::pair<ChangeKind, const char*> kinds[] = {{ChangeKind::Kernel, "kernel 6.12.0"},
                                                      {ChangeKind::MaxActive, "max_active q0 1"},
                                                      {ChangeKind::Cpus, "cpus 2"},
                                                      {ChangeKind::Action, "at 1 1ms"}};
  for (const auto& [kind, text] : kinds) {
    c.kind = kind;
    EXPECT_EQ(change_text(c, s), text);
    EXPECT_TRUE(change_scenario(s, change_text(c, s)).ok()) << text;
  }
  c.kind = ChangeKind::Action;
  c.drop = true;
  c.action = 2;
  EXPECT_EQ(change_text(c, s), "drop 2");
  c.kind = ChangeKind::Text;
  c.text = "cpus 4; max_active q0 2";
  EXPECT_EQ(change_text(c, s), c.text);
  // A scenario with no workqueue of its own: another kernel.
  RunPair empty;
  std::string note;
  ASSERT_TRUE(empty.load("", "empty.toml", {}, note).ok);
  EXPECT_EQ(default_choice(empty.first().scenario()).kind, ChangeKind::Kernel);
}

}  // namespace
}  // namespace cmwq::web
