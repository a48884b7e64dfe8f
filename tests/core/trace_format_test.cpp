// The trace formatters' building blocks and line formats: numbers, JSON strings, the
// kernel's message texts, trace-cmd's line layout, wq_monitor.py's and wq_dump.py's
// columns. Expected strings are written from the kernel sources' format strings.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "core/scenario/scenario.h"
#include "core/simulation.h"
#include "core/trace/format.h"
#include "core/trace/text.h"

namespace cmwq::test {
namespace {

Simulation run_text(const std::string& toml) {
  const ScenarioParse p = parse_scenario(toml, "inline.toml");
  EXPECT_TRUE(p.ok()) << (p.error ? p.error->format() : "");
  Simulation sim(build_world(*p.scenario), p.scenario->until);
  sim.run_until(p.scenario->until);
  return sim;
}

std::string line_with(const std::string& text, const std::string& part) {
  size_t at = text.find(part);
  if (at == std::string::npos) return "";
  const size_t begin = text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
  return text.substr(begin, text.find('\n', at) - begin);
}

const char* kTwoWorks = R"(
[machine]
cpus = 2
[[workqueue]]
name = "q0"
[[work]]
name = "w0"
program = ["burn 1500us", "sleep 2ms"]
[[work]]
name = "u0"
program = ["burn 1ms"]
[[at]]
time = "0ms"
do = ["queue_work q0 w0 cpu=1", "queue_work system_unbound_wq u0"]
[run]
until = "10ms"
)";

TEST(TraceText, MillisecondsPrintLikeTheDocumentation) {
  EXPECT_EQ(format_msecs(0), "0");
  EXPECT_EQ(format_msecs(15 * NSEC_PER_MSEC), "15");
  EXPECT_EQ(format_msecs(1500 * NSEC_PER_USEC), "1.5");
  EXPECT_EQ(format_msecs(12 * NSEC_PER_MSEC + 100 * NSEC_PER_USEC), "12.1");
  EXPECT_EQ(format_msecs(1), "0.000001");
  EXPECT_EQ(format_msecs(30 * NSEC_PER_SEC), "30000");
}

TEST(TraceText, Durations) {
  EXPECT_EQ(format_duration(10 * NSEC_PER_MSEC), "10ms");
  EXPECT_EQ(format_duration(1500 * NSEC_PER_USEC), "1500us");
  EXPECT_EQ(format_duration(2 * NSEC_PER_SEC), "2s");
  EXPECT_EQ(format_duration(7), "7ns");
}

TEST(TraceText, JsonStringsAreEscaped) {
  std::string s;
  append_json_string(s, "a\"b\\c\nd\te\x01" "f\x7f" "\xc3\xa9");
  EXPECT_EQ(s, "\"a\\\"b\\\\c\\nd\\te\\u0001f\\u007f\xc3\xa9\"");
  s.clear();
  append_json_micros(s, 5 * NSEC_PER_MSEC);
  s += ' ';
  append_json_micros(s, 1500);
  s += ' ';
  append_json_micros(s, 1);
  EXPECT_EQ(s, "5000 1.5 0.001");
}

TEST(TraceText, AppendfGrowsForLongText) {
  std::string s = "x";
  const std::string long_text(1000, 'y');
  appendf(s, "%s-%d", long_text.c_str(), 42);
  EXPECT_EQ(s, "x" + long_text + "-42");
}

TEST(KernelMessages, PoolInfoAndLockup) {
  const World w = boot(MachineConfig{});
  // Pools 0 and 1 are CPU 0's BH pools; pool 2 is its normal pool.
  EXPECT_EQ(pool_info(w, 2), " cpus=0 node=0 flags=0x0 nice=0");
  EXPECT_EQ(pool_info(w, 3), " cpus=0 node=0 flags=0x0 nice=-20");
  Event e;
  e.type = EventType::WatchdogLockup;
  e.pool = 2;
  e.a = 30;
  EXPECT_EQ(kernel_message(w, e), "BUG: workqueue lockup - pool cpus=0 node=0 flags=0x0 nice=0 stuck for 30s!");
}

TEST(KernelMessages, HogReportAndWarnings) {
  World w = boot(MachineConfig{});
  const int32_t prog = add_program(w, Program{"gc_worker", {}});
  const int32_t work = init_work(w, "gc", prog);
  Event hog;
  hog.type = EventType::CpuHogReport;
  hog.work = work;
  hog.a = 10000;
  hog.b = 4;
  EXPECT_EQ(kernel_message(w, hog),
            "workqueue: gc_worker hogged CPU for >10000us 4 times, consider switching to WQ_UNBOUND");
  Event clamp;
  clamp.type = EventType::Warn;
  clamp.a = static_cast<int64_t>(WarnKind::MaxActiveClamped);
  clamp.wq = w.wq.system_wq;
  clamp.b = 4096;
  EXPECT_EQ(kernel_message(w, clamp),
            "workqueue: max_active 4096 requested for events is out of range, clamping between 1 and 512");
  Event draining;
  draining.type = EventType::Warn;
  draining.a = static_cast<int64_t>(WarnKind::QueueOnDraining);
  draining.wq = w.wq.system_wq;
  draining.work = work;
  draining.cpu = 0;
  // v6.12's __queue_work() has WARN_ON_ONCE(!is_chained_work(wq)), no message of its own
  // (the "workqueue: cannot queue %ps on wq %s" WARN_ONCE() came in v6.15).
  EXPECT_EQ(kernel_message(w, draining), "WARNING: CPU: 0 PID: 0 at kernel/workqueue.c __queue_work");
  Event create;
  create.type = EventType::Warn;
  create.a = static_cast<int64_t>(WarnKind::CreateFailedMessage);
  EXPECT_EQ(kernel_message(w, create), "workqueue: Failed to create a worker thread: -ENOMEM");
  Event other;
  other.type = EventType::QueueWork;
  EXPECT_EQ(kernel_message(w, other), "");
}

TEST(Ftrace, TraceCmdReportLines) {
  const Simulation sim = run_text(kTwoWorks);
  const std::string t = format_ftrace(sim.world(), sim.events());
  EXPECT_EQ(t.substr(0, 7), "cpus=2\n");
  const std::string w0 = "0x" + [&] {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(work_struct_address(sim.names().works.at("w0"))));
    return std::string(buf);
  }();
  // Queued by a scenario action, outside any task: <idle>-0 on the CPU it ran on.
  EXPECT_EQ(line_with(t, "function=w0_fn workqueue"),
            "          <idle>-0     [000]     0.000000: workqueue_queue_work: work struct=" + w0 +
                " function=w0_fn workqueue=q0 req_cpu=1 cpu=1");
  EXPECT_EQ(line_with(t, "workqueue_activate_work: work struct " + w0),
            "          <idle>-0     [000]     0.000000: workqueue_activate_work: work struct " + w0 +
                " function=w0_fn ");
  // Unbound: req_cpu is WORK_CPU_UNBOUND (256) and an unbound pool's cpu is -1.
  EXPECT_NE(line_with(t, "function=u0_fn workqueue=events_unbound req_cpu=256 cpu=-1"), "");
  const std::string start = line_with(t, "workqueue_execute_start: work struct " + w0);
  EXPECT_NE(start.find("     kworker/1:0-"), std::string::npos) << start;
  EXPECT_NE(start.find("[001]     0.000000: workqueue_execute_start: work struct " + w0 + ": function w0_fn"),
            std::string::npos)
      << start;
  EXPECT_NE(line_with(t, "workqueue_execute_end: work struct " + w0 + ": function w0_fn").find("     0.003500: "),
            std::string::npos);
  // sched_switch from the idle task, in the kernel's TP_printk form.
  const std::string sw = line_with(t, "[001]     0.000000: sched_switch:         prev_comm=swapper/1 prev_pid=0 "
                                      "prev_prio=120 prev_state=R ==> next_comm=kworker/1:0");
  EXPECT_NE(sw, "") << t;
  EXPECT_NE(line_with(t, "sched_wakeup:         comm=kworker/1:0 pid="), "");
  EXPECT_NE(line_with(t, "prio=120 target_cpu=001"), "");
}

TEST(Summary, WqMonitorColumns) {
  const Simulation sim = run_text(kTwoWorks);
  const std::string s = format_summary(sim.world());
  // print(); then the header of wq_monitor.py's table_header_str().
  EXPECT_EQ(s.substr(0, s.find('\n', 1) + 1),
            "\n                            total  infl  CPUtime CPUitsv CMW/RPR  mayday rescued\n");
  EXPECT_EQ(line_with(s, "q0 "), "q0                              1     0      0.0       0       0       -       - ");
  EXPECT_EQ(line_with(s, "events_unbound "),
            "events_unbound                  1     0      0.0       -       0       -       - ");
}

TEST(Dump, WqDumpSections) {
  const Simulation sim = run_text(kTwoWorks);
  const std::string d = format_dump(sim.world());
  for (const char* section : {"Affinity Scopes\n===============\n", "\nWorker Pools\n============\n",
                              "\nWorkqueue CPU -> pool\n=====================\n", "\nWorkqueue -> rescuer\n",
                              "\nUnbound workqueue -> node_nr/max_active\n", "\nShowing busy workqueues and worker pools:\n"})
    EXPECT_NE(d.find(section), std::string::npos) << section;
  EXPECT_NE(d.find("wq_unbound_cpumask=00000003\n"), std::string::npos);
  EXPECT_NE(d.find("\nCACHE (default)\n  nr_pods  1\n  pod_cpus [0]=00000003\n  pod_node [0]=0\n  cpu_pod  [0]=0 [1]=0\n"),
            std::string::npos)
      << d;
  EXPECT_NE(d.find("\npool[2] flags=0x00 ref=1 nice=  0 idle/workers="), std::string::npos) << d;
  EXPECT_NE(d.find("[          workqueue           \\ type   CPU 0 1 dfl]\n"), std::string::npos) << d;
  EXPECT_NE(d.find("\nq0                               percpu     2 6\n"), std::string::npos) << d;
}

TEST(Json, FullStreamWithNames) {
  const Simulation sim = run_text(kTwoWorks);
  const std::string j = format_json(sim.world(), sim.events(), 10 * NSEC_PER_MSEC);
  EXPECT_EQ(j.rfind("{\n\"format\":\"cmwq-events\",\n\"version\":1,\n\"time_unit\":\"ns\",\n", 0), 0u);
  EXPECT_NE(j.find("\"end\":10000000,"), std::string::npos);
  EXPECT_NE(j.find("\"type\":\"workqueue_queue_work\",\"cpu\":0,\"work\":"), std::string::npos);
  EXPECT_NE(j.find("\"work_name\":\"w0\",\"function\":\"w0_fn\""), std::string::npos);
  EXPECT_NE(j.find("\"op\":\"sleep\""), std::string::npos);
  EXPECT_EQ(j.substr(j.size() - 4), "]\n}\n");
}

TEST(Perfetto, TracksSlicesAndFlows) {
  const Simulation sim = run_text(kTwoWorks);
  const std::string p = format_perfetto(sim.world(), sim.events(), 10 * NSEC_PER_MSEC);
  EXPECT_EQ(p.substr(0, 1), "{");
  EXPECT_NE(p.find("\"name\":\"process_name\",\"args\":{\"name\":\"pool 6: cpus=1 nice=0\"}"), std::string::npos) << p;
  EXPECT_NE(p.find("\"name\":\"thread_name\",\"args\":{\"name\":\"kworker/1:0\"}"), std::string::npos);
  EXPECT_NE(p.find("\"ph\":\"B\",\"pid\":7,\"ts\":0,"), std::string::npos);
  EXPECT_NE(p.find("\"name\":\"w0\",\"cat\":\"work\""), std::string::npos);
  EXPECT_NE(p.find("\"name\":\"sleep 2ms\",\"cat\":\"blocked\""), std::string::npos);
  EXPECT_NE(p.find("\"ph\":\"s\""), std::string::npos);
  EXPECT_NE(p.find("\"ph\":\"f\""), std::string::npos);
  EXPECT_NE(p.find("\"ts\":1500,"), std::string::npos);  // the sleep starts at 1.5 ms
}

}  // namespace
}  // namespace cmwq::test
