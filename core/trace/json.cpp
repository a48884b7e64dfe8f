// Our own full event stream as JSON (docs/json-format.md).
#include "core/trace/format.h"
#include "core/trace/text.h"
#include "core/trace/tracker.h"
#include "core/trace/schema.h"
#include "core/world_view.h"

namespace cmwq {
namespace {

// Kernel names of WQ_* flags, e.g. "WQ_UNBOUND|WQ_MEM_RECLAIM" ("" for none, where
// wq_flags_string() says "0" as the kernel's dumps do).
std::string wq_flag_names(uint32_t flags) {
  std::string names = wq_flags_string(flags);
  return names == "0" ? std::string() : names;
}

void key(std::string& out, const char* k) {
  out += ",\"";
  out += k;
  out += "\":";
}
void num(std::string& out, const char* k, int64_t v) {
  key(out, k);
  appendf(out, "%lld", static_cast<long long>(v));
}
void str(std::string& out, const char* k, const std::string& v) {
  key(out, k);
  append_json_string(out, v);
}

// The event's head: its position, time and type.
void head_json(std::string& out, const Event& e) {
  appendf(out, "{\"seq\":%llu,\"time\":%lld", static_cast<unsigned long long>(e.seq), static_cast<long long>(e.time));
  str(out, "type", event_type_name(e.type));
}

// The ids it names (those that are set), with their names.
void ids_json(std::string& out, const World& w, const Event& e) {
  if (e.cpu >= 0) num(out, "cpu", e.cpu);
  if (e.task >= 0) {
    num(out, "task", e.task);
    str(out, "comm", task_name(w, e.task));
  }
  if (e.work >= 0) {
    num(out, "work", e.work);
    str(out, "work_name", work_name(w, e.work));
    if (find_work(w, e.work)) str(out, "function", func_name(w, program_of_work(w, e.work)));
  }
  if (e.pool >= 0) num(out, "pool", e.pool);
  if (e.pwq >= 0) num(out, "pwq", e.pwq);
  if (e.wq >= 0) {
    num(out, "wq", e.wq);
    str(out, "wq_name", wq_name(w, e.wq));
  }
}

void event_json(std::string& out, const World& w, const Event& e, const EventContext& ctx) {
  head_json(out, e);
  ids_json(out, w, e);
  num(out, "a", e.a);
  num(out, "b", e.b);
  // a and b decoded, as the schema declares them.
  for (const EventField& f : event_schema(e.type).fields) {
    if (!f.name) break;
    const std::string value = field_json(w, e, f, &ctx);
    if (value.empty()) continue;
    key(out, f.name);
    out += value;
  }
  out += "}";
}

// The machine the run used.
void machine_json(std::string& out, const World& w) {
  const MachineConfig& c = w.config;
  appendf(out, "\"machine\":{\"cpus\":%d,\"hz\":%d,\"sched\":\"%s\",\"timers\":\"%s\",\"memory_pages\":%lld", c.cpus,
          c.hz, c.sched == SchedModel::Fifo ? "fifo" : "preempt", c.timers == TimerModel::Wheel ? "wheel" : "exact",
          static_cast<long long>(c.memory_pages));
  appendf(out, ",\"wmark_min\":%lld,\"wmark_low\":%lld,\"wmark_high\":%lld,\"seed\":%llu},\n",
          static_cast<long long>(w.mem.wmark.min), static_cast<long long>(w.mem.wmark.low),
          static_cast<long long>(w.mem.wmark.high), static_cast<unsigned long long>(c.seed));
}

// The tables the events' ids index: tasks, pools, workqueues and works.
void tasks_json(std::string& out, const World& w) {
  for (size_t i = 0; i < w.tasks.size(); ++i) {
    const Task& t = w.tasks[i];
    appendf(out, "%s\n {\"id\":%zu,\"pid\":%d,\"comm\":", i ? "," : "", i, t.pid);
    append_json_string(out, t.comm);
    appendf(out, ",\"nice\":%d}", t.nice);
  }
}

void pools_json(std::string& out, const World& w) {
  for (size_t i = 0; i < w.wq.pools.size(); ++i) {
    const WorkerPool& p = w.wq.pools[i];
    appendf(out, "%s\n {\"id\":%d,\"cpu\":%d,\"cpus\":\"%s\",\"nice\":%d}", i ? "," : "", p.id, p.cpu,
            p.attrs.cpumask.to_list().c_str(), p.attrs.nice);
  }
}

void workqueues_json(std::string& out, const World& w) {
  for (size_t i = 0; i < w.wq.wqs.size(); ++i) {
    const Workqueue& q = w.wq.wqs[i];
    appendf(out, "%s\n {\"id\":%zu,\"name\":", i ? "," : "", i);
    append_json_string(out, q.name);
    out += ",\"flags\":";
    append_json_string(out, wq_flag_names(q.flags));
    appendf(out, ",\"max_active\":%d}", q.saved_max_active);
  }
}

void works_json(std::string& out, const World& w) {
  for (size_t i = 0; i < w.wq.works.size(); ++i) {
    const Work& k = w.wq.works[i];
    appendf(out, "%s\n {\"id\":%zu,\"name\":", i ? "," : "", i);
    append_json_string(out, k.name);
    out += ",\"function\":";
    append_json_string(out, func_name(w, k.program));
    const uint64_t address = work_struct_address(static_cast<int32_t>(i));
    appendf(out, ",\"address\":\"0x%llx\"}", static_cast<unsigned long long>(address));
  }
}

}  // namespace

std::string field_json(const World& w, const Event& e, const EventField& f, const EventContext* ctx) {
  const int64_t v = f.get ? f.get(e) : 0;
  std::string out;
  switch (f.type) {
    case FieldType::Number: appendf(out, "%lld", static_cast<long long>(v)); break;
    case FieldType::Flag: out = v != 0 ? "true" : "false"; break;
    case FieldType::Comm:
      append_json_string(out, v < 0 ? "swapper/" + std::to_string(e.cpu) : task_name(w, static_cast<int32_t>(v)));
      break;
    case FieldType::StateChar: append_json_string(out, std::string(1, static_cast<char>(v))); break;
    case FieldType::Op: append_json_string(out, op_name(static_cast<OpCode>(v))); break;
    case FieldType::Gfp: append_json_string(out, gfp_name(static_cast<Gfp>(v))); break;
    case FieldType::KickReason: append_json_string(out, kick_reason_name(static_cast<KickReason>(v))); break;
    case FieldType::FreedReason: append_json_string(out, freed_reason_name(static_cast<PagesFreedReason>(v))); break;
    case FieldType::WarnKind: append_json_string(out, warn_kind_name(static_cast<WarnKind>(v))); break;
    case FieldType::Message: {
      const int32_t func = ctx && ctx->task_work >= 0 ? program_of_work(w, ctx->task_work) : -1;
      append_json_string(out, kernel_message(w, e, func));
      break;
    }
    case FieldType::Action:
      if (const ScriptedAction* a = find_action(w, v)) append_json_string(out, a->text);
      break;
  }
  return out;
}

void write_json(const World& w, const EventLog& events, Nanos end, const TextSink& sink) {
  SinkBuffer buf(sink);
  std::string& out = buf.text;
  out = "{\n\"format\":\"cmwq-events\",\n\"version\":1,\n\"time_unit\":\"ns\",\n";
  appendf(out, "\"end\":%lld,\n", static_cast<long long>(end));
  machine_json(out, w);
  out += "\"tasks\":[";
  tasks_json(out, w);
  out += "],\n\"pools\":[";
  pools_json(out, w);
  out += "],\n\"workqueues\":[";
  workqueues_json(out, w);
  out += "],\n\"works\":[";
  works_json(out, w);
  out += "],\n\"events\":[";
  TraceTracker tr(w);
  for (size_t i = 0; i < events.size(); ++i) {
    out += i ? ",\n " : "\n ";
    event_json(out, w, events[i], tr.context(events[i]));
    tr.after(events[i]);
    buf.flush();
  }
  out += "]\n}\n";
  buf.finish();
}

std::string format_json(const World& w, const EventLog& events, Nanos end) {
  return collect_text([&](const TextSink& sink) { write_json(w, events, end, sink); });
}

}  // namespace cmwq
