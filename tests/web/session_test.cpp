// The web lab's logic without a window: scenarios compiled in, user commands, links
// that rebuild the same state, and event log lines.
#include "web/model/session.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/trace/format.h"
#include "core/world.h"
#include "core/world_view.h"
#include "core/workqueue/workqueue.h"
#include "web/model/code_listings.h"
#include "web/model/code_view.h"
#include "web/model/event_index.h"
#include "web/model/event_text.h"
#include "web/model/scenario_library.h"
#include "web/model/state_json.h"
#include "web/model/url_state.h"

namespace cmwq::web {
namespace {

const char* kBlocking = "queue q0 cpu=0 count=3 name=blk: alloc 16 GFP_KERNEL; burn 1ms; free 16";

// A session with the shipped scenario @p name loaded (at time 0).
Session shipped(const char* name) {
  Session s;
  const EmbeddedScenario* sc = find_embedded_scenario(name);
  EXPECT_NE(sc, nullptr) << name;
  if (sc) {
    EXPECT_TRUE(s.load(std::string(sc->text), std::string(sc->file)).ok) << name;
  }
  return s;
}

Session sandbox() { return shipped("starvation-sandbox"); }

// A shipped scenario run to its [run] until.
Session finished(const char* name) {
  Session s = shipped(name);
  s.run_until(s.sim().until());
  return s;
}

std::string state_of(const Session& s) {
  EventIndex index;
  EventFormatter text;
  index.update(s.sim().events(), 0);
  text.update(s.sim().world(), s.sim().events(), 0);
  return state_json(s, index, text);
}

// Runs visible steps until an event of @p type, like the Controls panel's "run to next".
int64_t run_to(Session& s, EventType type) {
  for (int i = 0; i < 1000000; ++i) {
    const size_t before = s.sim().events().size();
    if (!s.step()) return -1;
    for (size_t k = before; k < s.sim().events().size(); ++k)
      if (s.sim().events()[k].type == type) return static_cast<int64_t>(k);
  }
  return -1;
}

int64_t index_of_last(const EventLog& log, EventType type) {
  for (int64_t i = static_cast<int64_t>(log.size()) - 1; i >= 0; --i)
    if (log[static_cast<size_t>(i)].type == type) return i;
  return -1;
}

TEST(ScenarioLibrary, EveryShippedScenarioIsEmbeddedAndParses) {
  ASSERT_GE(embedded_scenarios().size(), 10u);
  EXPECT_NE(find_embedded_scenario(kDefaultScenario), nullptr);
  EXPECT_NE(find_embedded_scenario("starvation-sandbox"), nullptr);
  EXPECT_EQ(find_embedded_scenario("no-such-scenario"), nullptr);
  for (const EmbeddedScenario& e : embedded_scenarios()) {
    ScenarioParse p = parse_scenario(e.text, std::string(e.file));
    EXPECT_TRUE(p.ok()) << e.file << ": " << (p.error ? p.error->format() : "");
  }
}

// The run budget in the web app: the memory limit is lowered to what the page's heap
// allows, and a run that reaches a limit stops, stays where it stopped, and says why in
// state() (the status line shows the same sentence).
TEST(Session, ARunStopsAtItsBudgetAndStateSaysWhy) {
  std::ifstream file(CMWQ_SOURCE_DIR "/tests/scenarios/requeue-loop.toml");
  std::stringstream text;
  text << file.rdbuf() << "max_events = 3000\nmax_memory_mib = 100000\n";
  const std::string loop = text.str();
  Session s;
  ASSERT_TRUE(s.load(loop, "loop.toml").ok);
  EXPECT_EQ(s.scenario().budget.max_memory_mib, kBrowserMemoryMib);
  EXPECT_NE(state_of(s).find("\"stopped\":null"), std::string::npos);
  for (int i = 0; i < 100000 && s.step(); ++i) {
  }
  ASSERT_TRUE(s.sim().budget_stop().has_value());
  EXPECT_FALSE(s.step()) << "a stopped run goes no further";
  const Nanos stopped = s.sim().now();
  s.run_until(5 * NSEC_PER_SEC);
  EXPECT_EQ(s.sim().now(), stopped);
  EXPECT_NE(state_of(s).find("\"stopped\":\"The run stopped at "), std::string::npos);
  EXPECT_TRUE(s.step_back());
  EXPECT_NE(state_of(s).find("\"stopped\":null"), std::string::npos) << "going back leaves the stop behind";
}

TEST(Session, BadTextKeepsTheRunningWorld) {
  Session s = sandbox();
  s.run_until(5 * NSEC_PER_MSEC);
  const std::string before = state_of(s);
  LoadResult r = s.load("title = \"x\"\n[machine]\ncpus = zero\n", "edited.toml");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error->pos.line, 3);
  EXPECT_EQ(s.name(), "starvation-sandbox.toml");
  EXPECT_EQ(state_of(s), before);
}

TEST(Session, CommandsReachMaydayAndRescuer) {
  Session s = sandbox();
  EXPECT_EQ(s.command("hog all"), "");
  EXPECT_EQ(s.command(kBlocking), "");
  EXPECT_GE(run_to(s, EventType::MaydaySent), 0);
  EXPECT_GE(run_to(s, EventType::RescuerWake), 0);
  EXPECT_EQ(s.commands().size(), 2u);
}

// Errors are the scenario file's, at the column at fault of the command (line 1).
TEST(Session, CommandErrorsSayWhatIsWrong) {
  Session s = sandbox();
  EXPECT_EQ(s.command("hog lots"), "1:5: error: `hog`: expected a number of pages, not `lots`");
  EXPECT_EQ(s.command("queue nowq cpu=0: burn 1ms").rfind("1:7: error: `queue`: unknown workqueue `nowq`", 0), 0u);
  EXPECT_EQ(s.command("queue q0 cpu=0: burn 1ms; slep 5ms").rfind("1:27: error: unknown operation `slep`", 0), 0u);
  EXPECT_EQ(s.command("queue q0 cpu=9: burn 1ms").rfind("1:10: error: `queue`: CPU must be `any` or between 0 and", 0),
            0u);
  EXPECT_TRUE(s.commands().empty());
}

// `destroy_workqueue WQ` starts a task that drains WQ and frees it: afterwards queueing
// on it is our use-after-free WARN, and a system workqueue is refused.
TEST(Session, DrainAndDestroyCommands) {
  Session s = sandbox();
  EXPECT_NE(s.command("destroy_workqueue system_wq").find("system workqueue"), std::string::npos);
  EXPECT_NE(s.command("drain_workqueue nowq").find("unknown workqueue `nowq`"), std::string::npos);
  EXPECT_EQ(s.command("drain_workqueue q0"), "");
  ASSERT_GE(run_to(s, EventType::DrainEnd), 0);
  EXPECT_EQ(s.command("destroy_workqueue q0"), "");
  ASSERT_GE(run_to(s, EventType::DestroyEnd), 0);
  EXPECT_TRUE(workqueue_destroyed(s.sim().world(), s.sim().names().workqueues.at("q0")));
  EXPECT_EQ(s.commands().size(), 2u);
}

TEST(Session, StepBackReturnsToTheStateBefore) {
  Session s = sandbox();
  s.command("hog all");
  s.command(kBlocking);
  ASSERT_GE(run_to(s, EventType::MaydaySent), 0);
  const std::string before = state_of(s);
  ASSERT_TRUE(s.step());
  EXPECT_NE(state_of(s), before);
  ASSERT_TRUE(s.step_back());
  EXPECT_EQ(state_of(s), before);
}

TEST(Session, ALinkRebuildsTheSameState) {
  Session s = sandbox();
  s.run_until(3 * NSEC_PER_MSEC);
  s.command("hog all");
  s.step();
  s.command(kBlocking);
  ASSERT_GE(run_to(s, EventType::RescuerWake), 0);
  s.step();  // mid-instant points too
  LinkState link;
  link.scenario = "starvation-sandbox";
  link.at = s.position();
  link.commands = s.commands();
  link.panel = "Code";
  const LinkRead read = read_link("#" + encode_link(link));
  ASSERT_TRUE(read.problems.empty()) << read.problems.front();
  const LinkState* back = &read.state;
  EXPECT_EQ(back->panel, "Code");
  ASSERT_EQ(back->commands.size(), 2u);
  EXPECT_EQ(back->commands[1].text, kBlocking);

  Session t = sandbox();
  EXPECT_EQ(t.restore(back->commands, back->at), "");
  EXPECT_EQ(state_of(t), state_of(s));
  EXPECT_EQ(t.position(), s.position());
}

TEST(Session, ALinkAfterStepBackKeepsOnlyTheCommandsInEffect) {
  Session s = sandbox();
  s.command("hog all");
  s.command(kBlocking);
  ASSERT_GE(run_to(s, EventType::AllocBlocked), 0);
  s.command("release all");
  ASSERT_TRUE(s.step());
  ASSERT_TRUE(s.step());
  ASSERT_EQ(s.commands().size(), 3u);
  ASSERT_TRUE(s.step_back());
  ASSERT_TRUE(s.step_back());
  ASSERT_TRUE(s.step_back());  // before the release
  EXPECT_EQ(s.commands().size(), 2u);
  // Forward again to where the release was given: it belongs to that point, so it is in
  // effect as soon as the run arrives there (as after a Back to that point), not one
  // action later; a Back then lands on the same world (the monkey test found the old way).
  s.step();
  EXPECT_EQ(s.commands().size(), 3u);
  const std::string there = state_of(s);
  ASSERT_TRUE(s.step());
  ASSERT_TRUE(s.step_back());
  EXPECT_EQ(state_of(s), there);
  s.step();
  EXPECT_EQ(s.commands().size(), 3u);
  Session t = sandbox();
  t.restore(s.commands(), s.position());
  EXPECT_EQ(state_of(t), state_of(s));
}

TEST(UrlState, EncodesAndDecodesText) {
  LinkState a;
  a.text = "title = \"é & = #\"\n[run]\nuntil = \"1s\"\n";
  a.seed = 42;
  a.at = Position{123, 45, false, InsideAction{7, 3, StepSize::Line, 12}};
  const LinkRead b = read_link(encode_link(a));
  ASSERT_TRUE(b.problems.empty()) << b.problems.front();
  EXPECT_TRUE(b.has_scenario);
  EXPECT_EQ(b.state.text, a.text);
  EXPECT_EQ(*b.state.seed, 42u);
  EXPECT_EQ(b.state.at, a.at);
  EXPECT_EQ(percent_decode(percent_encode("a b;c:d%")), "a b;c:d%");
  for (const std::string s : {"", "a", "ab", "abc", "abcd"}) EXPECT_EQ(*base64url_decode(base64url_encode(s)), s);
}

TEST(UrlState, ALinkWithoutAScenarioSaysSo) {
  const std::string none = "the link names no scenario (scenario=NAME or text=...)";
  EXPECT_EQ(read_link("").problems, std::vector<std::string>{none});
  const LinkRead t = read_link("#t=5");
  EXPECT_FALSE(t.has_scenario);
  EXPECT_EQ(t.problems, std::vector<std::string>{none});
  EXPECT_EQ(t.state.at.time, 5);
  // Garbage: every piece is named, none is taken for a scenario.
  const LinkRead g = read_link("#hello&%%%=1");
  EXPECT_EQ(g.problems,
            (std::vector<std::string>{"`hello`: not a key=value pair", "`%%%=1`: unknown key `%%%`", none}));
}

// One bad part is left out and said; the rest (the scenario first) is kept.
TEST(UrlState, ABadPartKeepsTheValidOnes) {
  const LinkRead r = read_link("#scenario=starvation-sandbox&t=99999999999999999&ev=3&seed=x&panel=Code&task=-2");
  EXPECT_TRUE(r.has_scenario);
  EXPECT_EQ(r.state.scenario, "starvation-sandbox");
  EXPECT_EQ(r.state.panel, "Code");
  EXPECT_EQ(r.state.at, Position{});  // a bad part of the point leaves the run at its start
  EXPECT_FALSE(r.state.seed);
  EXPECT_EQ(r.state.task, -1);
  EXPECT_EQ(r.problems,
            (std::vector<std::string>{
                "`t=99999999999999999`: the time must be a number of ns from 0 to 1000000000000000 (1000000 s); "
                "the run stays at its start",
                "`seed=x`: the seed must be a number from 0 to 18446744073709551615",
                "`task=-2`: the task must be a number from 0 to 2147483647"}));
}

TEST(UrlState, LimitsOfTimesCountsAndCommands) {
  EXPECT_TRUE(read_link("scenario=a&t=1000000000000000&ev=1000000000").problems.empty());
  EXPECT_EQ(read_link("scenario=a&t=1000000000000001").problems.size(), 1u);
  EXPECT_EQ(read_link("scenario=a&ev=1000000001").problems,
            std::vector<std::string>{"`ev=1000000001`: the event count must be a number from 0 to 1000000000; the "
                                     "run stays at its start"});
  EXPECT_EQ(read_link("scenario=a&t=-1").problems.size(), 1u);
  EXPECT_EQ(read_link("scenario=a&settled=2").problems,
            std::vector<std::string>{"`settled=2`: settled must be 0 or 1; the run stays at its start"});
  // A command's point has the same limits; a bad command is left out, the others kept.
  const LinkRead c = read_link("scenario=a&do=1,2&do=99999999999999999,0,1,hog%20all&do=5,6,0,release%20all");
  ASSERT_EQ(c.state.commands.size(), 1u);
  EXPECT_EQ(c.state.commands[0].text, "release all");
  EXPECT_EQ(c.problems,
            (std::vector<std::string>{"`do=1,2`: a command is written T,EV,SETTLED,COMMAND; it is left out",
                                      "`do=99999999999999999,0,1,ho...`: the time must be a number of ns from 0 to "
                                      "1000000000000000 (1000000 s); the command is left out"}));
  std::string many = "scenario=a";
  for (int i = 0; i < 1001; ++i) many += "&do=0,0,1,hog%20all";
  const LinkRead m = read_link(many);
  EXPECT_EQ(m.state.commands.size(), 1000u);
  EXPECT_EQ(m.problems,
            std::vector<std::string>{"`do=0,0,1,hog%20all`: more than 1000 commands; this one is left out"});
}

TEST(UrlState, MalformedValuesAreNamed) {
  EXPECT_EQ(read_link("scenario=a&do=x,2,1,hog%20all").problems.size(), 1u);
  EXPECT_EQ(read_link("text=a*b").problems,
            (std::vector<std::string>{"`text=a*b`: the scenario text is damaged (not base64url)",
                                      "the link names no scenario (scenario=NAME or text=...)"}));
  EXPECT_EQ(read_link("scenario=a&tab=labs&kernel=4.0").problems,
            (std::vector<std::string>{"`tab=labs`: the tab must be scenario or queue",
                                      "`kernel=4.0`: unknown kernel; the model follows 6.12.118, 6.12.0, 2.6.35"}));
  const LinkRead r = read_link("#scenario=a&lab=-&tab=queue&progress=p.1&kernel=6.12.0&do=5,6,0,hog%20all");
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  EXPECT_EQ(r.state.lab, "-");
  EXPECT_EQ(r.state.tab, "queue");
  EXPECT_EQ(r.state.progress, "p.1");
  EXPECT_EQ(r.state.kernel, "6.12.0");
  ASSERT_EQ(r.state.commands.size(), 1u);
  EXPECT_EQ(r.state.commands[0].text, "hog all");
  EXPECT_EQ(r.state.commands[0].at, (Position{5, 6, false, {}}));
}

// The log's tracepoint lines are exactly format_ftrace()'s, line for line.
TEST(EventText, TracepointLinesMatchFormatFtrace) {
  for (const char* name : {"doc-max-active-3", "starvation-rescuer", "cpu-hog"}) {
    const Session s = finished(name);
    const auto& log = s.sim().events();
    EventFormatter f;
    f.update(s.sim().world(), log, 0);
    std::string ours = "cpus=" + std::to_string(s.sim().world().cpus.size()) + "\n";
    for (size_t i = 0; i < log.size(); ++i) {
      if (event_schema(log[i].type).ftrace) ours += f.line(s.sim().world(), log, i) + "\n";
      else EXPECT_FALSE(f.line(s.sim().world(), log, i).empty());
    }
    EXPECT_EQ(ours, format_ftrace(s.sim().world(), log)) << name;
  }
}

// After a rewind the formatter's context follows the new history.
TEST(EventText, ContextSurvivesStepBack) {
  Session s = sandbox();
  s.command("hog all");
  s.command(kBlocking);
  EventFormatter f;
  uint64_t seen = s.history_id();
  for (int i = 0; i < 20000; ++i) s.step();
  f.update(s.sim().world(), s.sim().events(), s.unchanged_prefix(seen));
  seen = s.history_id();
  for (int i = 0; i < 50; ++i) s.step_back();
  for (int i = 0; i < 10; ++i) s.step();
  f.update(s.sim().world(), s.sim().events(), s.unchanged_prefix(seen));
  EventFormatter fresh;
  fresh.update(s.sim().world(), s.sim().events(), 0);
  for (size_t i = 0; i < s.sim().events().size(); i += 7)
    ASSERT_EQ(f.line(s.sim().world(), s.sim().events(), i), fresh.line(s.sim().world(), s.sim().events(), i));
}

// The event log shows one row per event: the CPU-stall hog dump's three lines
// (show_cpu_pool_hog(): "pool N:", sched_show_task(), print_worker_info()) share one row.
TEST(EventText, CpuStallHogIsOneRow) {
  const Session s = finished("cpu-stall");
  const auto& log = s.sim().events();
  EventFormatter f;
  f.update(s.sim().world(), log, 0);
  int hogs = 0;
  for (size_t i = 0; i < log.size(); ++i) {
    if (log[i].type != EventType::DumpHog) continue;
    ++hogs;
    const std::string line = f.line(s.sim().world(), log, i);
    EXPECT_NE(line.find("pool 2:  task:kworker/0:0     state:R pid:"), std::string::npos) << line;
    EXPECT_NE(line.find("  Workqueue: hogq hog_fn"), std::string::npos) << line;
  }
  EXPECT_EQ(hogs, 1);
}

// The table format and the event log word an event the same way (the event schema's one
// description, with the same context): each line of the table's KERNEL section is the
// end of an event-log row. (Scenarios without a show_all_workqueues() dump, whose lines
// gather several events.)
TEST(EventText, TableKernelLinesAreEventLogRows) {
  for (const char* name : {"starvation-rescuer", "dependent-reclaim-two-wqs", "drain-destroy", "hotplug",
                           "flush-dependency", "idle-culling"}) {
    const Session s = finished(name);
    const auto& log = s.sim().events();
    EventFormatter f;
    f.update(s.sim().world(), log, 0);
    std::vector<std::string> rows;
    for (size_t i = 0; i < log.size(); ++i) rows.push_back(f.line(s.sim().world(), log, i));
    const std::string table = format_table(s.sim().world(), log);
    const size_t kernel = table.find("TIME IN MSECS  KERNEL\n");
    ASSERT_NE(kernel, std::string::npos) << name;
    std::istringstream lines(table.substr(kernel + 22));
    std::string line;
    int checked = 0;
    while (std::getline(lines, line)) {
      const std::string text = line.substr(line.find("  ") + 2);  // after the time
      if (text.rfind("(the line above repeated", 0) == 0) continue;
      const bool found = std::any_of(rows.begin(), rows.end(), [&](const std::string& row) {
        return row.size() >= text.size() && row.compare(row.size() - text.size(), text.size(), text) == 0;
      });
      EXPECT_TRUE(found) << name << ": " << text;
      ++checked;
    }
    EXPECT_GT(checked, 0) << name;
  }
}

// A WARN row shows the kernel's own text, as the table format does: the refused queue
// while draining is a bare WARN_ON_ONCE() in __queue_work(), whose output is the
// "WARNING: CPU: ... at kernel/workqueue.c" line; the use after destroy_workqueue() is our
// own message (the kernel would touch freed memory), not dressed up as a kernel WARNING.
TEST(EventText, WarnRowsShowTheKernelText) {
  const Session s = finished("drain-destroy");
  const auto& log = s.sim().events();
  EventFormatter f;
  f.update(s.sim().world(), log, 0);
  std::vector<std::string> rows;
  for (size_t i = 0; i < log.size(); ++i)
    if (log[i].type == EventType::Warn) rows.push_back(f.line(s.sim().world(), log, i));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_NE(rows[0].find(" warn: WARNING: CPU: 0 PID: 0 at kernel/workqueue.c __queue_work"), std::string::npos)
      << rows[0];
  EXPECT_NE(rows[1].find(" warn: cmwq: queue_work_on() of tick_fn on workqueue q after destroy_workqueue(): "
                         "a use-after-free in a real kernel; ignored"),
            std::string::npos)
      << rows[1];
}

// The starvation sandbox starved, three blocking works queued, stepped until the rescuer
// wakes; @p wake is set to that event's index (-1 if it never does).
Session rescuer_woken(int64_t& wake) {
  Session s = sandbox();
  s.command("hog all");
  s.command(kBlocking);
  wake = run_to(s, EventType::RescuerWake);
  return s;
}

// The Code panel walks the rescuer's events of one step line by line.
TEST(CodeView, RescuerEventsMapToTheirLines) {
  int64_t wake = -1;
  const Session s = rescuer_woken(wake);
  ASSERT_GE(wake, 0);
  const World& w = s.sim().world();
  const auto& log = s.sim().events();
  std::vector<std::string> lines;
  for (int64_t i = wake; i < static_cast<int64_t>(log.size()); ++i) {
    const CodeView v = event_code(w, log, i);
    if (v.stack.empty()) continue;
    const CodeFrame& f = v.stack.back();
    ASSERT_GE(f.current, 0) << event_type_name(log[static_cast<size_t>(i)].type);
    lines.push_back(f.function + ": " + f.lines[static_cast<size_t>(f.current)]);
  }
  // rescuer_thread(): the pwq off wq->maydays, worker_attach_to_pool(), then the assign.
  ASSERT_GE(lines.size(), 4u);
  EXPECT_NE(lines[0].find("maydays"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("worker_attach_to_pool"), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find("assign_work"), std::string::npos) << lines[2];
  // The rescuer now sleeps inside the writeback work: worker_code() says where.
  const CodeView now = worker_code(w, worker_of_task(w, log[static_cast<size_t>(wake)].task));
  ASSERT_FALSE(now.stack.empty());
  EXPECT_EQ(now.stack.front().function, "rescuer_thread");
  EXPECT_EQ(now.stack.back().function, "wb_workfn");
  // The mayday timer's run shows pool_mayday_timeout().
  const CodeView timer = timer_code(w, log, index_of_last(log, EventType::MaydaySent));
  ASSERT_FALSE(timer.stack.empty());
  EXPECT_EQ(timer.stack.front().function, "pool_mayday_timeout");
}

// Each frame of the Code panel carries its listing's kernel line numbers and says once
// which file and generation they are from; the work's own function has none.
TEST(CodeView, FramesCarryKernelLineNumbers) {
  int64_t wake = -1;
  const Session s = rescuer_woken(wake);
  ASSERT_GE(wake, 0);
  const World& w = s.sim().world();
  const int32_t task = s.sim().events()[static_cast<size_t>(wake)].task;
  const CodeView v = worker_code(w, worker_of_task(w, task));
  const CodePosition pos = code_position(w, task);
  ASSERT_EQ(v.stack.size(), pos.frames.size());
  for (size_t i = 0; i < v.stack.size(); ++i) {
    const CodeFrame& f = v.stack[i];
    if (pos.frames[i].function == KernelFunction::WorkFunction) {
      EXPECT_TRUE(f.kernel_lines.empty() && f.source.empty()) << f.function;
      continue;
    }
    ASSERT_EQ(f.kernel_lines.size(), f.lines.size()) << f.function;
    EXPECT_EQ(f.source, "kernel/workqueue.c, 6.12.118");
    ASSERT_GE(f.current, 0) << f.function;
    EXPECT_EQ(f.kernel_lines[static_cast<size_t>(f.current)], kernel_line_number(pos.frames[i], w.config.kernel));
  }
  // The rescuer runs the writeback work from `process_scheduled_works(rescuer);`, line 3544
  // of 6.12.118's kernel/workqueue.c (read there by hand).
  const CodeFrame& outer = v.stack.front();
  EXPECT_EQ(outer.function, "rescuer_thread");
  EXPECT_EQ(outer.kernel_lines[static_cast<size_t>(outer.current)], 3544);
}

// The index of the line marked @p line in @p listing, or -1.
template <typename Line>
int marked(const std::vector<ListingLine>* listing, Line line) {
  int found = -1;
  for (size_t i = 0; listing && i < listing->size(); ++i)
    if ((*listing)[i].line == static_cast<int32_t>(line)) {
      EXPECT_EQ(found, -1) << "marked twice: " << (*listing)[i].text;
      found = static_cast<int>(i);
    }
  return found;
}

// rescuer_thread() as each generation has it (the two listings are our own words, one
// line per kernel statement). v6.12.0 drops send_mayday()'s reference with put_pwq()
// before kick_pool() and the detach (0:3516, 3522, 3526); 6.12.118 with
// put_pwq_unlocked() after them (118:3575, 3579, 3585: "workqueue: Put the pwq after
// detaching the rescuer from the pool"). Only 6.12.118 has assign_rescuer_work(), the batch
// test and the cursor removal; only v6.12.0 has the slurp and its requeue.
TEST(CodeListings, RescuerThreadOfEachGeneration) {
  using L = RescuerThreadLine;
  const auto* old = kernel_listing(KernelFunction::RescuerThread, KernelGeneration::V6_12_0);
  const auto* now = kernel_listing(KernelFunction::RescuerThread, KernelGeneration::V6_12_118);
  ASSERT_NE(old, nullptr);
  ASSERT_NE(now, nullptr);
  const std::vector<L> old_order = {L::Maydays, L::Attach, L::Slurp, L::Assign, L::Process,
                                    L::Requeue, L::PutPwq, L::Kick,  L::Detach, L::Return, L::Schedule};
  const std::vector<L> now_order = {L::Maydays,   L::Attach, L::AssignRescuerWork, L::Process,
                                    L::Batch,     L::BatchRequeue, L::CursorDel,   L::Kick,
                                    L::Detach,    L::PutPwqUnlocked, L::Return,    L::Schedule};
  const auto in_order = [](const std::vector<ListingLine>* listing, const std::vector<L>& order) {
    int last = -1;
    for (const L l : order) {
      const int i = marked(listing, l);
      EXPECT_GT(i, last) << static_cast<int>(l);
      last = i;
    }
  };
  in_order(old, old_order);
  in_order(now, now_order);
  for (const L l : {L::AssignRescuerWork, L::Batch, L::BatchRequeue, L::CursorDel, L::PutPwqUnlocked})
    EXPECT_EQ(marked(old, l), -1) << static_cast<int>(l);
  for (const L l : {L::Slurp, L::Assign, L::Requeue, L::PutPwq}) EXPECT_EQ(marked(now, l), -1) << static_cast<int>(l);
  // assign_rescuer_work(), every line once and in order, in 6.12.118 only.
  EXPECT_EQ(kernel_listing(KernelFunction::AssignRescuerWork, KernelGeneration::V6_12_0), nullptr);
  const auto* assign = kernel_listing(KernelFunction::AssignRescuerWork, KernelGeneration::V6_12_118);
  int last = -1;
  for (int l = 0; l <= static_cast<int>(AssignRescuerWorkLine::ReturnFalse); ++l) {
    const int i = marked(assign, static_cast<AssignRescuerWorkLine>(l));
    EXPECT_GT(i, last) << l;
    last = i;
  }
}

}  // namespace
}  // namespace cmwq::web
