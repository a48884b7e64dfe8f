// `trace-cmd report` lines for the workqueue tracepoints and the scheduler events.
#include <cstring>

#include "core/trace/format.h"
#include "core/trace/text.h"
#include "core/trace/tracker.h"
#include "core/trace/fields.h"
#include "core/world_view.h"

namespace cmwq {
namespace {

constexpr int kDefaultPrio = 120;  // MAX_RT_PRIO + NICE_WIDTH / 2: prio of nice 0

struct Comm {
  std::string comm;
  int pid = 0;
  int prio = kDefaultPrio;
};

Comm comm_of(const World& w, int32_t task, int cpu, bool idle_as_swapper) {
  const Task* t = find_task(w, task);
  if (!t) {
    Comm c;
    c.comm = idle_as_swapper ? "swapper/" + std::to_string(cpu < 0 ? 0 : cpu) : "<idle>";
    return c;
  }
  return Comm{t->comm, t->pid, kDefaultPrio + t->nice};
}

// tep's "%16s-%-5d [%03d] %5lu.%06lu: %s: " with the event name padded to 20 columns.
void line_head(std::string& out, const Comm& ctx, int cpu, Nanos t, const char* event) {
  const auto us = static_cast<unsigned long long>((t + 500) / NSEC_PER_USEC);
  appendf(out, "%16s-%-5d [%03d] %5llu.%06llu: %s: ", ctx.comm.c_str(), ctx.pid, cpu < 0 ? 0 : cpu, us / 1000000,
          us % 1000000, event);
  const size_t len = std::strlen(event);
  if (len < 20) out.append(20 - len, ' ');
}

}  // namespace

std::string ftrace_line(const World& w, const Event& e, const TraceTracker& tr) {
  std::string out;
  switch (e.type) {
    case EventType::QueueWork: {
      // Queued from outside any task (a scenario action, a timer): <idle>.
      line_head(out, comm_of(w, e.task, e.cpu, false), e.cpu, e.time, "workqueue_queue_work");
      appendf(out, "work struct=0x%llx function=%s workqueue=%s req_cpu=%lld cpu=%lld",
              static_cast<unsigned long long>(work_struct_address(e.work)),
              func_name(w, program_of_work(w, e.work)).c_str(),
              wq_name(w, e.wq).c_str(), static_cast<long long>(e.a), static_cast<long long>(e.b));
      break;
    }
    case EventType::ActivateWork: {
      // Activated by whatever code ran last: the queueing, or the worker retiring an item.
      line_head(out, comm_of(w, tr.last_task(), tr.last_cpu(), false), tr.last_cpu(), e.time,
                "workqueue_activate_work");
      appendf(out, "work struct 0x%llx function=%s ", static_cast<unsigned long long>(work_struct_address(e.work)),
              func_name(w, program_of_work(w, e.work)).c_str());
      break;
    }
    case EventType::ExecuteStart:
    case EventType::ExecuteEnd: {
      const bool start = e.type == EventType::ExecuteStart;
      line_head(out, comm_of(w, e.task, e.cpu, false), e.cpu, e.time,
                start ? "workqueue_execute_start" : "workqueue_execute_end");
      appendf(out, "work struct 0x%llx: function %s", static_cast<unsigned long long>(work_struct_address(e.work)),
              func_name(w, program_of_work(w, e.work)).c_str());
      break;
    }
    case EventType::SchedSwitch: {
      const Comm prev = comm_of(w, e.task, e.cpu, true);
      const Comm next = comm_of(w, switch_next(e), e.cpu, true);
      // The idle task is always runnable: the kernel prints its prev_state as R.
      line_head(out, comm_of(w, e.task, e.cpu, false), e.cpu, e.time, "sched_switch");
      appendf(out, "prev_comm=%s prev_pid=%d prev_prio=%d prev_state=%c ==> next_comm=%s next_pid=%d next_prio=%d",
              prev.comm.c_str(), prev.pid, prev.prio, e.task < 0 ? 'R' : switch_prev_state(e), next.comm.c_str(),
              next.pid, next.prio);
      break;
    }
    case EventType::SchedWakeup: {
      // The waker is what runs on the woken task's CPU (the model runs one at a time).
      const Comm woken = comm_of(w, e.task, e.cpu, true);
      line_head(out, comm_of(w, tr.cpu_curr(e.cpu), e.cpu, false), e.cpu, e.time, "sched_wakeup");
      appendf(out, "comm=%s pid=%d prio=%d target_cpu=%03d", woken.comm.c_str(), woken.pid, woken.prio,
              e.cpu < 0 ? 0 : e.cpu);
      break;
    }
    default: break;
  }
  return out;
}

void write_ftrace(const World& w, const EventLog& events, const TextSink& sink) {
  SinkBuffer buf(sink);
  appendf(buf.text, "cpus=%zu\n", w.cpus.size());
  TraceTracker tr(w);
  for (const Event& e : events) {
    const std::string line = ftrace_line(w, e, tr);
    if (!line.empty()) buf.text += line + "\n";
    tr.after(e);
    buf.flush();
  }
  buf.finish();
}

std::string format_ftrace(const World& w, const EventLog& events) {
  return collect_text([&](const TextSink& sink) { write_ftrace(w, events, sink); });
}

}  // namespace cmwq
