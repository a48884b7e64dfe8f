// Plain-English names of pools, pwqs, operations and flags (see words.h).
#include "core/trace/words.h"

#include <utility>

#include "core/trace/text.h"
#include "core/world_view.h"

namespace cmwq {
namespace {

template <typename T>
std::string name_or_unknown(const T* thing) {
  return thing ? thing->name : std::string("?");
}

}  // namespace

std::string pool_words(const World& w, int32_t pool) {
  const WorkerPool* p = find_pool(w, pool);
  if (!p) return "pool ?";
  std::string s;
  appendf(s, "pool %d (cpus=%s nice=%d)", pool, p->attrs.cpumask.to_list().c_str(), p->attrs.nice);
  return s;
}

std::string pwq_words(const World& w, int32_t pwq) {
  const PoolWorkqueue* p = find_pwq(w, pwq);
  if (!p) return "pwq ?";
  return "pwq " + std::to_string(pwq) + " (" + wq_name(w, p->wq) + " on pool " + std::to_string(p->pool) + ")";
}

std::string op_text(const World& w, const Op& op) {
  std::string s = op_name(op.code);
  const std::string cpu = op.cpu >= 0 ? " cpu=" + std::to_string(op.cpu) : "";
  switch (op.code) {
    case OpCode::Burn:
    case OpCode::Sleep:
      return s + " " + format_duration(op.ns);
    case OpCode::Alloc:
      return s + " " + std::to_string(op.count) + " " + gfp_name(op.gfp);
    case OpCode::Free:
    case OpCode::Reclaim:
      return s + " " + std::to_string(op.count);
    case OpCode::QueueWork:
      return s + " " + wq_name(w, op.a) + " " + work_name(w, op.b) + cpu;
    case OpCode::QueueDelayed:
      return s + " " + wq_name(w, op.a) + " " + work_name(w, op.b) + " " + format_duration(op.ns) + cpu;
    case OpCode::FlushWork:
    case OpCode::CancelWorkSync:
      return s + " " + work_name(w, op.b);
    case OpCode::FlushWorkqueue:
    case OpCode::DrainWorkqueue:
    case OpCode::DestroyWorkqueue:
      return s + " " + wq_name(w, op.a);
    case OpCode::Wait:
    case OpCode::Complete:
    case OpCode::CompleteAll:
      return s + " " + name_or_unknown(find_completion(w, op.a));
    case OpCode::Lock:
    case OpCode::Unlock:
      return s + " " + name_or_unknown(find_mutex(w, op.a));
    default:
      return s;
  }
}

std::string op_text_at(const World& w, int32_t work, int64_t pc) {
  const Op* op = find_op(w, work, pc);
  return op ? op_text(w, *op) : std::string("?");
}

std::string worker_flags_text(uint32_t flags) {
  static constexpr std::pair<uint32_t, const char*> kFlags[] = {
      {WORKER_DIE, "DIE"},         {WORKER_IDLE, "IDLE"},
      {WORKER_PREP, "PREP"},       {WORKER_CPU_INTENSIVE, "CPU_INTENSIVE"},
      {WORKER_UNBOUND, "UNBOUND"}, {WORKER_REBOUND, "REBOUND"},
  };
  std::string s;
  for (const auto& [bit, name] : kFlags)
    if (flags & bit) s += (s.empty() ? "" : "|") + std::string(name);
  return s.empty() ? "0" : s;
}

const char* kick_reason_text(KickReason r) {
  switch (r) {
    case KickReason::Queue:
      return "work queued (__queue_work)";
    case KickReason::Process:
      return "process_one_work() chains a NOT_RUNNING worker";
    case KickReason::Sleep:
      return "the last running worker slept (wq_worker_sleeping)";
    case KickReason::Hog:
      return "a worker turned CPU_INTENSIVE (wq_worker_tick)";
    case KickReason::Rescuer:
      return "the rescuer left the pool";
    case KickReason::Activate:
      return "an inactive work was activated";
    case KickReason::Hotplug:
      return "CPU hotplug (unbind_workers)";
  }
  return "?";
}

}  // namespace cmwq
