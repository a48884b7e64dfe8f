// Parsed actions and operations with their names turned into ids.
#include "core/scenario/action.h"

namespace cmwq {

std::optional<NameKind> target_kind(OpCode code) {
  switch (code) {
    case OpCode::QueueWork:
    case OpCode::QueueDelayed:
    case OpCode::FlushWork:
    case OpCode::CancelWorkSync:
      return NameKind::Work;
    case OpCode::Wait:
    case OpCode::Complete:
    case OpCode::CompleteAll:
      return NameKind::Completion;
    case OpCode::Lock:
    case OpCode::Unlock:
      return NameKind::Mutex;
    default:
      return std::nullopt;
  }
}

std::optional<NameKind> target_kind(ScriptOp op) {
  switch (op) {
    case ScriptOp::QueueWork:
    case ScriptOp::QueueDelayedWork:
      return NameKind::Work;
    case ScriptOp::Complete:
    case ScriptOp::CompleteAll:
      return NameKind::Completion;
    default:
      return std::nullopt;
  }
}

Op resolve_op(const OpSpec& s, const ActionNames& names) {
  Op op;
  op.code = s.code;
  op.ns = s.ns;
  op.count = s.count;
  op.gfp = s.gfp;
  op.cpu = s.cpu;
  if (!s.wq.empty()) op.a = names.find(NameKind::Workqueue, s.wq);
  if (const std::optional<NameKind> kind = target_kind(s.code))
    (*kind == NameKind::Work ? op.b : op.a) = names.find(*kind, s.target);  // a may hold the workqueue
  return op;
}

ScriptedAction resolve_action(const ActionSpec& a, const ActionNames& names) {
  ScriptedAction sa;
  sa.time = a.time;
  sa.op = a.op;
  sa.cpu = a.cpu;
  sa.from_cpu = a.from_cpu;
  sa.count = a.count;
  sa.delay = a.delay;
  sa.text = a.text;
  if (!a.wq.empty()) sa.wq = names.find(NameKind::Workqueue, a.wq);
  if (const std::optional<NameKind> kind = target_kind(a.op))
    (*kind == NameKind::Work ? sa.work : sa.a) = names.find(*kind, a.target);
  if (a.op == ScriptOp::QueueNewWorks) {
    sa.name = a.name;
    sa.program.func = a.name + "_fn";
    for (const OpSpec& op : a.program) sa.program.ops.push_back(resolve_op(op, names));
  }
  return sa;
}

}  // namespace cmwq
