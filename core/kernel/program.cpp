#include "core/kernel/program.h"

namespace cmwq {

const char* op_name(OpCode op) {
  switch (op) {
    case OpCode::Burn: return "burn";
    case OpCode::Sleep: return "sleep";
    case OpCode::Alloc: return "alloc";
    case OpCode::Free: return "free";
    case OpCode::Reclaim: return "reclaim";
    case OpCode::QueueWork: return "queue_work";
    case OpCode::QueueDelayed: return "queue_delayed_work";
    case OpCode::FlushWork: return "flush_work";
    case OpCode::FlushWorkqueue: return "flush_workqueue";
    case OpCode::CancelWorkSync: return "cancel_work_sync";
    case OpCode::Wait: return "wait";
    case OpCode::Complete: return "complete";
    case OpCode::CompleteAll: return "complete_all";
    case OpCode::SynchronizeRcu: return "synchronize_rcu";
    case OpCode::Lock: return "lock";
    case OpCode::Unlock: return "unlock";
    case OpCode::RcuGpDone: return "rcu_gp_done";
    case OpCode::BarrierDone: return "complete_barrier";
    case OpCode::IdleCull: return "idle_cull";
    case OpCode::DrainWorkqueue: return "drain_workqueue";
    case OpCode::DestroyWorkqueue: return "destroy_workqueue";
  }
  return "?";
}

}  // namespace cmwq
