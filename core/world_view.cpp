// Read-only look-ups into a World for readers outside the model (see world_view.h).
#include "core/world_view.h"

namespace cmwq {

int32_t program_of_work(const World& w, int64_t work) {
  const Work* wk = find_work(w, work);
  return wk ? wk->program : -1;
}

bool is_mayday_cursor(const World& w, int64_t work) {
  return w.wq.prog_mayday_cursor >= 0 && program_of_work(w, work) == w.wq.prog_mayday_cursor;
}

const Op* find_op(const World& w, int64_t work, int64_t pc) {
  const Program* p = find_program(w, program_of_work(w, work));
  return p ? find_in(p->ops, pc) : nullptr;
}

int32_t worker_of_task(const World& w, int64_t task) {
  const Task* t = find_task(w, task);
  const Worker* wk = t ? find_worker(w, t->worker) : nullptr;
  return wk && wk->task == task ? t->worker : -1;
}

}  // namespace cmwq
