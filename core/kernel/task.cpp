#include "core/kernel/task.h"

namespace cmwq {

char task_state_char(TaskState s) {
  switch (s) {
    case TaskState::Running: return 'R';
    case TaskState::Interruptible: return 'S';
    case TaskState::Uninterruptible: return 'D';
    case TaskState::Idle: return 'I';
    case TaskState::Dead: return 'X';
  }
  return '?';
}

const char* wait_reason_name(WaitReason r) {
  switch (r) {
    case WaitReason::None: return "none";
    case WaitReason::WorkerIdle: return "idle";
    case WaitReason::Hrtimer: return "sleep";
    case WaitReason::Timeout: return "timeout";
    case WaitReason::Memory: return "memory";
    case WaitReason::Completion: return "completion";
    case WaitReason::Mutex: return "mutex";
    case WaitReason::KthreadCreate: return "kthread_create";
    case WaitReason::KthreadStart: return "kthread start";
    case WaitReason::KthreaddIdle: return "kthreadd idle";
    case WaitReason::Rcu: return "rcu";
  }
  return "?";
}

}  // namespace cmwq
