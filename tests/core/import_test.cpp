// `cmwq import` (core/trace/import.h): ftrace text from a real kernel into our event
// stream and a world that names what the trace names; errors with their line and column.
#include "core/trace/import.h"

#include <gtest/gtest.h>

#include "core/trace/format.h"
#include "core/trace/tracker.h"
#include "core/trace/trace_compare.h"
#include "core/world_view.h"
#include "harness.h"

namespace cmwq::test {
namespace {

// Lines of a real 6.12.118 trace (scripts/kernel-check, doc-max-active-2, preempt=full),
// shortened to one work: the marker's t0 is time 0.
const char* kTrace = R"(# tracer: nop
#
# entries-in-buffer/entries-written: 75/75   #P:1
#
          insmod-168     [000] .....     3.820004: 0xffffffffc02079ac: cmwq-begin doc t0=3824022775
          insmod-168     [000] .....     3.820005: 0xffffffffc02079ac: cmwq-work w0 ffff888005d00b80
          <idle>-0       [000] d.h2.     3.824024: workqueue_queue_work: work struct=ffff888005d00b80 function=replay_work_fn [cmwq_replay] workqueue=q0 req_cpu=0 cpu=0
          <idle>-0       [000] d.h2.     3.824025: workqueue_activate_work: work struct ffff888005d00b80 function=replay_work_fn [cmwq_replay] 
          <idle>-0       [000] dNh5.     3.824027: sched_wakeup: comm=kworker/0:7 pid=159 prio=120 target_cpu=000
          <idle>-0       [000] d..2.     3.824032: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=kworker/0:7 next_pid=159 next_prio=120
     kworker/0:7-159     [000] d..1.     3.824034: timer_start: timer=ffff88800f835418 function=pool_mayday_timeout expires=4294893221 [timeout=2] bucket_expiry=4294893222 cpu=0 idx=38 flags=
     kworker/0:7-159     [000] d..1.     3.824035: timer_start: timer=ffff88800f835500 function=process_timeout expires=4294893221 [timeout=2] bucket_expiry=4294893222 cpu=0 idx=38 flags=
        kthreadd-2       [000] .....     3.824065: task_newtask: pid=169 comm=kworker/0:8 clone_flags=800700 oom_score_adj=0
     kworker/0:7-159     [000] .....     3.824082: workqueue_execute_start: work struct ffff888005d00b80: function replay_work_fn [cmwq_replay]
     kworker/0:7-159     [000] .....     3.829083: 0xffffffffc0201234: cmwq-op w0 sleep
     kworker/0:7-159     [000] d..2.     3.829084: sched_switch: prev_comm=kworker/0:7 prev_pid=159 prev_prio=120 prev_state=R+ ==> next_comm=kworker/0:8 next_pid=169 next_prio=120
     kworker/0:8-169     [000] d..2.     3.832000: sched_switch: prev_comm=kworker/0:8 prev_pid=169 prev_prio=120 prev_state=I ==> next_comm=kworker/0:7 next_pid=159 next_prio=120
     kworker/0:7-159     [000] d..2.     3.832003: sched_switch: prev_comm=kworker/0:7 prev_pid=159 prev_prio=120 prev_state=D ==> next_comm=swapper/0 next_pid=0 next_prio=120
          <idle>-0       [000] ..s1.     3.836005: timer_expire_entry: timer=ffff88800f835418 function=pool_mayday_timeout now=4294893222 baseclk=4294893222
          <idle>-0       [000] dNs6.     3.836008: sched_wakeup: comm=kworker/0:7 pid=159 prio=120 target_cpu=000
          <idle>-0       [000] d..2.     3.836010: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=kworker/0:7 next_pid=159 next_prio=120
     kworker/0:7-159     [000] d..2.     3.836012: sched_switch: prev_comm=kworker/0:7 prev_pid=159 prev_prio=120 prev_state=D ==> next_comm=swapper/0 next_pid=0 next_prio=120
          <idle>-0       [000] dNh4.     3.839085: sched_wakeup: comm=kworker/0:7 pid=159 prio=120 target_cpu=000
          <idle>-0       [000] d..2.     3.839087: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=kworker/0:7 next_pid=159 next_prio=120
     kworker/0:7-159     [000] .....     3.839088: 0xffffffffc0201234: cmwq-op-done w0
     kworker/0:7-159     [000] .....     3.844089: workqueue_execute_end: work struct ffff888005d00b80: function replay_work_fn [cmwq_replay]
          insmod-168     [000] .....     3.874030: 0xffffffffc0207bec: cmwq-end doc
          insmod-168     [000] .....     3.874031: workqueue_execute_end: work struct ffff888005d00b80: function replay_work_fn [cmwq_replay]
)";

ImportedTrace imported(const std::string& text) {
  TraceImport im = import_ftrace(text, "t.trace");
  EXPECT_FALSE(im.error) << im.error->format();
  return im.trace ? std::move(*im.trace) : ImportedTrace{};
}

std::vector<const Event*> of(const ImportedTrace& t, EventType type) {
  std::vector<const Event*> out;
  for (const Event& e : t.events)
    if (e.type == type) out.push_back(&e);
  return out;
}

TEST(Import, TimeZeroIsTheMarkersT0AndTheEndIsItsEndMarker) {
  const ImportedTrace t = imported(kTrace);
  EXPECT_EQ(t.scenario, "doc");
  ASSERT_FALSE(t.events.empty());
  EXPECT_EQ(t.events.front().time, 3824024000 - 3824023000);  // the queueing, 1 us after t0 (to the microsecond)
  EXPECT_EQ(t.end, 3874030000 - 3824023000);
  EXPECT_EQ(of(t, EventType::ExecuteEnd).size(), 1u);  // the line after cmwq-end is not read
  EXPECT_EQ(t.skipped, 1u);  // process_timeout's timer_start
}

TEST(Import, TheWorldNamesWhatTheTraceNames) {
  const ImportedTrace t = imported(kTrace);
  const World& w = t.world;
  EXPECT_EQ(w.config.cpus, 1);
  EXPECT_EQ(w.config.hz, 250);
  const auto start = of(t, EventType::ExecuteStart);
  ASSERT_EQ(start.size(), 1u);
  EXPECT_EQ(work_name(w, start[0]->work), "w0");  // from the cmwq-work marker
  EXPECT_EQ(func_name(w, program_of_work(w, start[0]->work)), "replay_work_fn [cmwq_replay]");
  const Task* worker = find_task(w, start[0]->task);
  ASSERT_TRUE(worker);
  EXPECT_EQ(worker->comm, "kworker/0:7");
  EXPECT_EQ(worker->pid, 159);
  EXPECT_EQ(worker->kind, TaskKind::Worker);
  const Worker* wk = find_worker(w, worker->worker);
  ASSERT_TRUE(wk);
  EXPECT_EQ(wk->id, 7);
  const WorkerPool* pool = find_pool(w, wk->pool);
  ASSERT_TRUE(pool);
  EXPECT_EQ(pool->cpu, 0);
  EXPECT_EQ(pool->attrs.nice, 0);
  EXPECT_EQ(start[0]->pool, wk->pool);
  const auto queued = of(t, EventType::QueueWork);
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_EQ(wq_name(w, queued[0]->wq), "q0");
  EXPECT_EQ(queued[0]->task, -1);  // queued from the idle task's interrupt
}

// The cmwq-op marker is where w0 began to sleep, though the worker was preempted then
// (R+) and left the CPU asleep (D) only 3 ms later; a wake-up at 12 ms does not end its
// sleep (it sleeps again, as a rescuer woken by send_mayday() does), the one at 15 ms
// does: cmwq-op-done is the WorkOpDone.
TEST(Import, ASleepBeginsAtItsMarkerAndEndsBackOnTheCpu) {
  const ImportedTrace t = imported(kTrace);
  const auto ops = of(t, EventType::WorkOp);
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0]->time, 3829083000 - 3824023000);
  EXPECT_EQ(ops[0]->a, static_cast<int64_t>(OpCode::Sleep));
  const auto done = of(t, EventType::WorkOpDone);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0]->time, 3839088000 - 3824023000);
  const RunFacts f = run_facts(t.world, t.events, 0, {"w0"}, ms(100));
  ASSERT_EQ(f.runs.size(), 1u);
  EXPECT_EQ(f.runs[0].sleeps, std::vector<Nanos>{3829083000 - 3824023000});
  EXPECT_EQ(f.runs[0].wakes, std::vector<Nanos>{3839085000 - 3824023000});
  EXPECT_EQ(f.runs[0].finish, 3844089000 - 3824023000);
}

TEST(Import, MaydayTimerAndNewWorker) {
  const ImportedTrace t = imported(kTrace);
  const auto arm = of(t, EventType::MaydayTimerArm);
  ASSERT_EQ(arm.size(), 1u);
  EXPECT_EQ(arm[0]->a, 2);  // expires 2 jiffies after jiffy 0 of the run
  EXPECT_EQ(arm[0]->b, 3);  // from the wheel's bucket a jiffy later
  const auto fired = of(t, EventType::MaydayTimeout);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0]->pool, arm[0]->pool);  // the same timer, known by its address
  const auto created = of(t, EventType::WorkerCreated);
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(task_name(t.world, created[0]->task), "kworker/0:8");
  EXPECT_EQ(created[0]->a, 8);
}

TEST(Import, WorkersOfEveryKindFromTheirComm) {
  const ImportedTrace t = imported(
      "a-1 [001] 0.000001: sched_wakeup: comm=kworker/1:2H pid=20 prio=100 target_cpu=001\n"
      "a-1 [000] 0.000002: sched_wakeup: comm=kworker/u8:3 pid=21 prio=120 target_cpu=000\n"
      "a-1 [000] 0.000003: sched_wakeup: comm=kworker/R-recla pid=22 prio=100 target_cpu=000\n"
      "a-1 [000] 0.000004: workqueue_queue_work: work struct=ffff1 function=f workqueue=reclaim req_cpu=0 cpu=0\n"
      "a-1 [000] 0.000005: sched_wakeup: comm=cmwq-rt/1 pid=23 prio=49 target_cpu=001\n");
  const World& w = t.world;
  EXPECT_EQ(w.config.cpus, 2);
  auto task = [&](int pid) {
    for (const Task& x : w.tasks)
      if (x.pid == pid) return &x;
    return static_cast<const Task*>(nullptr);
  };
  const Task* hi = task(20);
  ASSERT_TRUE(hi && hi->worker >= 0);
  EXPECT_EQ(hi->nice, -20);
  const WorkerPool* hp = find_pool(w, find_worker(w, hi->worker)->pool);
  ASSERT_TRUE(hp);
  EXPECT_EQ(hp->cpu, 1);
  EXPECT_EQ(hp->attrs.nice, -20);
  const Task* ub = task(21);
  ASSERT_TRUE(ub && ub->worker >= 0);
  EXPECT_EQ(find_pool(w, find_worker(w, ub->worker)->pool)->cpu, -1);
  const Task* rescuer = task(22);
  ASSERT_TRUE(rescuer);
  EXPECT_EQ(rescuer->kind, TaskKind::Rescuer);
  const Worker* rw = find_worker(w, rescuer->worker);
  ASSERT_TRUE(rw);
  EXPECT_EQ(wq_name(w, rw->rescue_wq), "reclaim");
  EXPECT_TRUE(w.wq.wqs[static_cast<size_t>(rw->rescue_wq)].flags & WQ_MEM_RECLAIM);
  const Task* rt = task(23);
  ASSERT_TRUE(rt);
  EXPECT_EQ(rt->rt_priority, 50);
  EXPECT_EQ(rt->worker, -1);
}

// The model's own ftrace export (trace-cmd report lines) reads back: the same works start
// and end at the same microseconds.
TEST(Import, ReadsTheModelsFtraceExportBack) {
  Simulation sim = load_shipped("doc-max-active-3.toml");
  sim.run_until(ms(50));
  const std::string text = format_ftrace(sim.world(), sim.events());
  const ImportedTrace t = imported(text);
  std::vector<std::pair<std::string, Nanos>> model, back;
  for (const Event& e : sim.events())
    if (e.type == EventType::ExecuteStart && !is_internal_work(sim.world(), e.work))
      model.emplace_back(work_name(sim.world(), e.work), e.time);
  for (const Event& e : t.events)
    if (e.type == EventType::ExecuteStart) back.emplace_back(func_name(t.world, program_of_work(t.world, e.work)), e.time);
  ASSERT_EQ(model.size(), 3u);
  ASSERT_EQ(model.size(), back.size());
  for (size_t i = 0; i < model.size(); ++i) {
    EXPECT_EQ(model[i].first + "_fn", back[i].first);
    EXPECT_EQ(model[i].second, back[i].second);  // the first event is at 0 in both
  }
}

// Every formatter reads an imported trace.
TEST(Import, EveryFormatReadsIt) {
  const ImportedTrace t = imported(kTrace);
  const std::string table = format_table(t.world, t.events);
  EXPECT_NE(table.find("w0 starts"), std::string::npos) << table;
  EXPECT_NE(table.find("w0 sleeps"), std::string::npos) << table;
  EXPECT_NE(table.find("w0 wakes up"), std::string::npos) << table;
  EXPECT_NE(table.find("w0 finishes"), std::string::npos) << table;
  EXPECT_FALSE(format_ftrace(t.world, t.events).empty());
  EXPECT_FALSE(format_json(t.world, t.events, t.end).empty());
  EXPECT_FALSE(format_perfetto(t.world, t.events, t.end).empty());
  EXPECT_FALSE(format_summary(t.world).empty());
}

TEST(Import, ASectionOfTheSerialDump) {
  const std::string dump = std::string("=== cmwq-boot x\n=== cmwq-trace other ok cpu0_workers=3\n") +
                           "a-1 [000] 1.000000: sched_wakeup: comm=b pid=2 prio=120 target_cpu=000\n" +
                           "=== cmwq-trace-end other\n=== cmwq-trace doc ok cpu0_workers=3\n" + kTrace +
                           "=== cmwq-trace-end doc\n=== cmwq-done\n";
  ImportOptions o;
  o.section = "doc";
  const TraceImport im = import_ftrace(dump, "serial.txt", o);
  ASSERT_TRUE(im.trace) << im.error->format();
  EXPECT_EQ(im.trace->scenario, "doc");
  o.section = "nothing";
  const TraceImport none = import_ftrace(dump, "serial.txt", o);
  ASSERT_TRUE(none.error);
  EXPECT_EQ(none.error->format(), "serial.txt:1:1: error: no section `=== cmwq-trace nothing` in this file");
  const TraceImport both = import_ftrace(dump + kTrace, "serial.txt");
  ASSERT_TRUE(both.error);
  EXPECT_NE(both.error->message.find("a second run begins here"), std::string::npos);
}

TEST(Import, MalformedLinesNameTheirLineAndColumn) {
  struct Case {
    const char* text;
    const char* error;
  };
  const std::string ok = "a-1 [000] 0.000001: sched_wakeup: comm=b pid=2 prio=120 target_cpu=000\n";
  const Case cases[] = {
      {"hello world\n", "t.trace:2:1: error: not a trace line: expected COMM-PID [CPU] TIMESTAMP: EVENT: FIELDS"},
      {"a-1 [000] 12: sched_wakeup: comm=b\n",
       "t.trace:2:10: error: expected a timestamp (SECONDS.MICROSECONDS:) and then EVENT: FIELDS"},
      {"a-1 [000] 0.1234567890: x: y\n",
       "t.trace:2:10: error: expected a timestamp (SECONDS.MICROSECONDS:) and then EVENT: FIELDS"},
      {"a-1 [000] 0.000002: sched_wakeup: comm=b pid=x prio=120 target_cpu=000\n",
       "t.trace:2:46: error: sched_wakeup: expected pid=NUMBER, not `x`"},
      {"a-1 [000] 0.000002: sched_wakeup: comm=b pid=2 prio=120\n",
       "t.trace:2:56: error: sched_wakeup: expected target_cpu=..."},
      {"a-1 [000] 0.000002: sched_wakeup: comm=b pid=2 prio=120 target_cpu=300\n",
       "t.trace:2:71: error: sched_wakeup: target_cpu 300 is not a CPU of this trace"},
      {"a-1 [000] 0.000002: sched_switch: prev_comm=a prev_pid=1 prev_prio=120 prev_state=S\n",
       "t.trace:2:84: error: sched_switch: expected next_comm=..."},
      {"a-1 [000] 0.000002: workqueue_execute_start: work struct\n",
       "t.trace:2:46: error: workqueue_execute_start: expected `work struct ADDRESS`"},
      {"a-1 [999] 0.000002: x: y\n", "t.trace:2:1: error: CPU 999 is beyond the model's 256"},
      {"a-99999999999 [000] 0.000002: x: y\n", "t.trace:2:3: error: the pid or the CPU number is too large"},
      {"CPU:0 [LOST 12 EVENTS]\n", "t.trace:2:1: error: the trace lost events here: enlarge buffer_size_kb and trace again"},
  };
  for (const Case& c : cases) {
    const TraceImport im = import_ftrace(ok + c.text, "t.trace");
    ASSERT_TRUE(im.error) << c.text;
    EXPECT_EQ(im.error->format(), c.error) << c.text;
  }
}

TEST(Import, HeadersBlankLinesAndOtherEventsAreFine) {
  const TraceImport im = import_ftrace(
      "cpus=2\nversion = 6\nCPU 1 is empty\n\n"
      "  <...>-12    [001]  5.000001: irq_handler_entry: irq=1 name=x\n"
      "  a b-c-12    [001]  5.000002: sched_wakeup: comm=a b-c pid=12 prio=120 target_cpu=001\n",
      "t.trace");
  ASSERT_TRUE(im.trace) << im.error->format();
  EXPECT_EQ(im.trace->skipped, 1u);
  ASSERT_EQ(im.trace->events.size(), 1u);
  EXPECT_EQ(im.trace->events[0].time, us(1));
  EXPECT_EQ(task_name(im.trace->world, im.trace->events[0].task), "a b-c");
}

}  // namespace
}  // namespace cmwq::test
