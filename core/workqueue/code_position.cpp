// Where a task is in the kernel's code, read from the model's resume state: the labels
// of worker_thread() and rescuer_thread(), maybe_create_worker()'s and
// process_one_work()'s resume points, the work's program counter, kthread()'s phase
// and the steps of drain_workqueue()/destroy_workqueue(). One comment per case names
// the kernel statement the task is stopped at.
#include "core/workqueue/code_position.h"

#include "core/world.h"
#include "core/world_view.h"

namespace cmwq {
namespace {

// Asleep (TASK_IDLE, TASK_UNINTERRUPTIBLE, ...) rather than running or waiting for a CPU.
bool asleep(const Task& t) { return t.state != TaskState::Running; }

// drain_workqueue(@wq), resuming as @d says.
void drain_position(const DrainCall& d, int32_t wq, CodePosition& p) {
  if (d.drain_step == 0)
    p.frames.emplace_back(DrainWorkqueueLine::Draining, wq);  // if (!wq->nr_drainers++): not begun yet
  else
    p.frames.emplace_back(DrainWorkqueueLine::Flush, wq);  // reflush: __flush_workqueue(wq)
}

// destroy_workqueue(@wq), resuming as @d says.
void destroy_position(const DrainCall& d, int32_t wq, CodePosition& p) {
  switch (d.destroy_step) {
    case 0:
      p.frames.emplace_back(DestroyWorkqueueLine::Destroying, wq);  // wq->flags |= __WQ_DESTROYING: not begun yet
      return;
    case 1:
      p.frames.emplace_back(DestroyWorkqueueLine::Drain, wq);  // drain_workqueue(wq)
      drain_position(d, wq, p);
      return;
    default:
      p.frames.emplace_back(DestroyWorkqueueLine::KthreadStop, wq);  // kthread_stop(rescuer->task)
      return;
  }
}

// worker->current_func(work) at operation wk.pc, and the workqueue call that operation
// is inside when it has steps of its own.
void work_function_position(const World& w, const Worker& wk, CodePosition& p) {
  p.frames.push_back(KernelFrame::work_op(wk.current_work, wk.pc));  // the work's function, at operation pc
  const Program* prog = find_program(w, wk.current_func);
  const Op* op = prog ? find_in(prog->ops, wk.pc) : nullptr;
  if (!op || !wk.op_started) return;
  if (op->code == OpCode::DrainWorkqueue) drain_position(wk.drain, op->a, p);
  if (op->code == OpCode::DestroyWorkqueue) destroy_position(wk.drain, op->a, p);
}

// process_scheduled_works() and process_one_work(), as Worker::process_step says.
void processing_position(const World& w, const Worker& wk, CodePosition& p) {
  switch (wk.process_step) {
    case ProcessStep::Pick:
      // while ((work = list_first_entry_or_null(&worker->scheduled, ...)))
      p.frames.emplace_back(ProcessScheduledWorksLine::Next);
      return;
    case ProcessStep::Func:
      p.frames.emplace_back(ProcessScheduledWorksLine::ProcessOneWork);         // process_one_work(worker, work)
      p.frames.emplace_back(ProcessOneWorkLine::CurrentFunc, wk.current_work);  // worker->current_func(work)
      work_function_position(w, wk, p);
      return;
    case ProcessStep::Finish:
      p.frames.emplace_back(ProcessScheduledWorksLine::ProcessOneWork);         // process_one_work(worker, work)
      p.frames.emplace_back(ProcessOneWorkLine::CondResched, wk.current_work);  // cond_resched()
      return;
  }
}

// manage_workers() -> maybe_create_worker() [-> create_worker()], as Worker::create_step says.
void manager_position(const Worker& wk, CodePosition& p) {
  p.frames.emplace_back(WorkerThreadLine::Manage);              // ... && manage_workers(worker)
  p.frames.emplace_back(ManageWorkersLine::MaybeCreateWorker);  // maybe_create_worker(pool)
  switch (wk.create_step) {
    case CreateStep::Restart:
      // restart: mod_timer(&pool->mayday_timer, jiffies + MAYDAY_INITIAL_TIMEOUT)
      p.frames.emplace_back(MaybeCreateWorkerLine::ModTimer);
      return;
    case CreateStep::Create:
      p.frames.emplace_back(MaybeCreateWorkerLine::CreateWorker);  // if (create_worker(pool) || ...)
      p.frames.emplace_back(CreateWorkerLine::IdaAlloc);           // id = ida_alloc(&pool->worker_ida, GFP_KERNEL)
      return;
    case CreateStep::AllocWorker:
      p.frames.emplace_back(MaybeCreateWorkerLine::CreateWorker);  // if (create_worker(pool) || ...)
      p.frames.emplace_back(CreateWorkerLine::AllocWorker);        // worker = alloc_worker(pool->node)
      return;
    case CreateStep::KthreadWait:
      p.frames.emplace_back(MaybeCreateWorkerLine::CreateWorker);  // if (create_worker(pool) || ...)
      p.frames.emplace_back(CreateWorkerLine::KthreadCreate);      // worker->task = kthread_create_on_node(...)
      return;
    case CreateStep::Cooldown:
      p.frames.emplace_back(MaybeCreateWorkerLine::Cooldown);  // schedule_timeout_interruptible(CREATE_COOLDOWN)
      return;
    case CreateStep::Done:
      p.frames.emplace_back(MaybeCreateWorkerLine::DelTimer);  // del_timer_sync(&pool->mayday_timer)
      return;
  }
}

// worker_thread(), as Worker::label says.
void worker_thread_position(const World& w, const Worker& wk, const Task& t, CodePosition& p) {
  switch (wk.label) {
    case WorkerLabel::WokeUp:
      if (asleep(t))
        p.frames.emplace_back(WorkerThreadLine::Schedule);  // schedule(): idle, TASK_IDLE
      else if (wk.flags & WORKER_DIE)
        p.frames.emplace_back(WorkerThreadLine::Die);  // if (unlikely(worker->flags & WORKER_DIE)): woken to exit
      else
        p.frames.emplace_back(WorkerThreadLine::WokeUp);  // woke_up: woken, resumes at the label
      return;
    case WorkerLabel::Recheck:
      p.frames.emplace_back(WorkerThreadLine::Recheck);  // recheck: if (!need_more_worker(pool))
      return;
    case WorkerLabel::Manage:
      manager_position(wk, p);
      return;
    case WorkerLabel::Process:
      p.frames.emplace_back(WorkerThreadLine::Process);  // process_scheduled_works(worker)
      processing_position(w, wk, p);
      return;
    case WorkerLabel::Dead:
      p.frames.emplace_back(WorkerThreadLine::Return);  // return 0
      return;
    default:  // the rescuer's labels: never a worker_thread() state
      return;
  }
}

// rescuer_thread(), as Worker::label says (one label per statement of its loop).
void rescuer_thread_position(const World& w, const Worker& r, const Task& t, CodePosition& p) {
  switch (r.label) {
    case WorkerLabel::RescuerRepeat:
      if (asleep(t))
        p.frames.emplace_back(RescuerThreadLine::Schedule);  // schedule(): TASK_IDLE until send_mayday()
      else
        p.frames.emplace_back(RescuerThreadLine::Maydays);  // while (!list_empty(&wq->maydays)): woken
      return;
    case WorkerLabel::RescuerAttach:
      p.frames.emplace_back(RescuerThreadLine::Attach);  // worker_attach_to_pool(rescuer, pool)
      return;
    case WorkerLabel::RescuerSlurp:
      // v6.12.0: list_for_each_entry_safe(work, n, &pool->worklist, entry): attached (maybe
      // still waiting to run on the pool's CPU), about to take the pwq's items.
      p.frames.emplace_back(RescuerThreadLine::Slurp);
      return;
    case WorkerLabel::RescuerAssign:
      // 6.12.118: while (assign_rescuer_work(pwq, rescuer)), about to ask for the next item
      // (after attaching it may still wait to run on the pool's CPU).
      p.frames.emplace_back(RescuerThreadLine::AssignRescuerWork);
      p.frames.emplace_back(AssignRescuerWorkLine::NeedRescue);  // if (!pwq->nr_active || ...)
      return;
    case WorkerLabel::RescuerProcess:
      p.frames.emplace_back(RescuerThreadLine::Process);  // process_scheduled_works(rescuer)
      processing_position(w, r, p);
      return;
    case WorkerLabel::RescuerRequeue:
      p.frames.emplace_back(RescuerThreadLine::Requeue);  // v6.12.0: if (pwq->nr_active && ...) list_add_tail()
      return;
    case WorkerLabel::RescuerBatch:
      p.frames.emplace_back(RescuerThreadLine::Batch);  // 6.12.118: if (++count > RESCUER_BATCH && ...)
      return;
    case WorkerLabel::RescuerCursorDel:
      p.frames.emplace_back(RescuerThreadLine::CursorDel);  // 6.12.118: list_del_init(&pwq->mayday_cursor.entry)
      return;
    case WorkerLabel::RescuerPutPwq:
      // put_pwq(pwq) before kick_pool() in v6.12.0; put_pwq_unlocked(pwq) after the detach since 6.12.16.
      p.frames.emplace_back(rescuer_put_after_detach(w.config.kernel) ? RescuerThreadLine::PutPwqUnlocked
                                                                      : RescuerThreadLine::PutPwq);
      return;
    case WorkerLabel::RescuerKick:
      p.frames.emplace_back(RescuerThreadLine::Kick);  // kick_pool(pool)
      return;
    case WorkerLabel::RescuerDetach:
      p.frames.emplace_back(RescuerThreadLine::Detach);  // worker_detach_from_pool(rescuer)
      return;
    case WorkerLabel::Dead:
      p.frames.emplace_back(RescuerThreadLine::Return);  // return 0 (kthread_should_stop())
      return;
    default:  // worker_thread()'s labels: never a rescuer state
      return;
  }
}

// A thread kthreadd made that has not started its thread function (Task::kthread_phase).
void kthread_position(const Task& t, CodePosition& p) {
  if (t.kthread_phase == 0)
    p.frames.emplace_back(KthreadLine::Complete);  // complete(done): tells its creator it exists
  else if (asleep(t))
    p.frames.emplace_back(KthreadLine::Schedule);  // schedule_preempt_disabled(): until the creator wakes it
  else
    p.frames.emplace_back(KthreadLine::Threadfn);  // ret = threadfn(data): woken, about to start
}

// kthreadd()'s loop.
void kthreadd_position(const World& w, const Task& t, CodePosition& p) {
  if (w.kthreadd.current >= 0)
    p.frames.emplace_back(KthreaddLine::CreateKthread);  // create_kthread(create): forking (it may wait for memory)
  else if (asleep(t))
    p.frames.emplace_back(KthreaddLine::Schedule);  // if (list_empty(&kthread_create_list)) schedule()
  else
    p.frames.emplace_back(KthreaddLine::CreateList);  // while (!list_empty(&kthread_create_list)): woken
}

// A task a scenario action started to call drain_workqueue() or destroy_workqueue().
void caller_position(const World& w, const Task& t, CodePosition& p) {
  const WqCaller* c = find_in(w.wq.callers, t.caller);
  if (!c || t.state == TaskState::Dead) return;  // returned: no code left to show
  if (c->kind == WqCallKind::Drain)
    drain_position(c->call, c->wq, p);
  else
    destroy_position(c->call, c->wq, p);
}

// Line tags, in each line enum's order.
const char* const kKthreadTags[] = {"complete", "schedule", "threadfn"};
const char* const kKthreaddTags[] = {"schedule", "create_list", "create_kthread"};
const char* const kWorkerThreadTags[] = {"woke_up", "die",        "return",  "leave_idle", "recheck",
                                         "manage",  "clear_prep", "process", "enter_idle", "schedule"};
const char* const kManageWorkersTags[] = {"active", "maybe_create_worker", "inactive"};
const char* const kMaybeCreateWorkerTags[] = {"mod_timer", "create_worker", "cooldown", "del_timer"};
const char* const kCreateWorkerTags[] = {"ida_alloc", "alloc_worker", "kthread_create", "fail", "wake_up"};
const char* const kProcessScheduledWorksTags[] = {"next", "process_one_work"};
const char* const kProcessOneWorkTags[] = {"execute_start", "current_func", "execute_end", "cond_resched"};
const char* const kRescuerThreadTags[] = {"maydays", "attach",        "slurp",   "assign",
                                          "assign_rescuer_work", "process", "requeue", "batch",
                                          "batch_requeue", "cursor_del", "put_pwq", "kick",
                                          "detach", "put_pwq_unlocked", "return", "schedule"};
const char* const kAssignRescuerWorkTags[] = {"need_rescue", "search",     "walk",        "assign_work",
                                              "rescued",     "move_cursor", "return_true", "return_false"};
const char* const kPoolMaydayTimeoutTags[] = {"need_to_create", "send_mayday", "mod_timer"};
const char* const kSendMaydayTags[] = {"wake_rescuer"};
const char* const kDrainWorkqueueTags[] = {"draining", "flush", "incomplete", "done"};
const char* const kDestroyWorkqueueTags[] = {"destroying", "drain", "kthread_stop", "sanity_check"};

// A tag table has one entry per line of its enum (the enum's last line + 1).
template <typename Line, size_t N>
constexpr bool covers(const char* const (&)[N], Line last) {
  return N == static_cast<size_t>(last) + 1;
}
static_assert(covers(kKthreadTags, KthreadLine::Threadfn));
static_assert(covers(kKthreaddTags, KthreaddLine::CreateKthread));
static_assert(covers(kWorkerThreadTags, WorkerThreadLine::Schedule));
static_assert(covers(kManageWorkersTags, ManageWorkersLine::Inactive));
static_assert(covers(kMaybeCreateWorkerTags, MaybeCreateWorkerLine::DelTimer));
static_assert(covers(kCreateWorkerTags, CreateWorkerLine::WakeUp));
static_assert(covers(kProcessScheduledWorksTags, ProcessScheduledWorksLine::ProcessOneWork));
static_assert(covers(kProcessOneWorkTags, ProcessOneWorkLine::CondResched));
static_assert(covers(kRescuerThreadTags, RescuerThreadLine::Schedule));
static_assert(covers(kAssignRescuerWorkTags, AssignRescuerWorkLine::ReturnFalse));
static_assert(covers(kPoolMaydayTimeoutTags, PoolMaydayTimeoutLine::ModTimer));
static_assert(covers(kSendMaydayTags, SendMaydayLine::WakeRescuer));
static_assert(covers(kDrainWorkqueueTags, DrainWorkqueueLine::Done));
static_assert(covers(kDestroyWorkqueueTags, DestroyWorkqueueLine::SanityCheck));

template <size_t N>
const char* tag_at(const char* const (&tags)[N], int32_t line) {
  return line >= 0 && static_cast<size_t>(line) < N ? tags[line] : "?";
}

}  // namespace

KernelFrame KernelFrame::work_op(int32_t work_item, int32_t pc) {
  KernelFrame f;
  f.function = KernelFunction::WorkFunction;
  f.line = pc;
  f.work = work_item;
  return f;
}

const KernelFrame* CodePosition::find(KernelFunction f) const {
  for (auto it = frames.rbegin(); it != frames.rend(); ++it)
    if (it->function == f) return &*it;
  return nullptr;
}

CodePosition code_position(const World& w, int32_t task) {
  CodePosition p;
  const Task* t = find_task(w, task);
  if (!t) return p;
  if (t->kthread_phase != 2) {
    kthread_position(*t, p);
    return p;
  }
  switch (t->kind) {
    case TaskKind::Kthreadd:
      kthreadd_position(w, *t, p);
      break;
    case TaskKind::Caller:
      caller_position(w, *t, p);
      break;
    case TaskKind::RtBusy:  // a busy loop, no workqueue code
      break;
    case TaskKind::Worker:
    case TaskKind::Rescuer:
      if (const Worker* wk = find_worker(w, t->worker)) {
        if (wk->rescue_wq >= 0)
          rescuer_thread_position(w, *wk, *t, p);
        else
          worker_thread_position(w, *wk, *t, p);
      }
      break;
  }
  return p;
}

const char* kernel_function_name(KernelFunction f) {
  switch (f) {
    case KernelFunction::Kthread:
      return "kthread";
    case KernelFunction::Kthreadd:
      return "kthreadd";
    case KernelFunction::WorkerThread:
      return "worker_thread";
    case KernelFunction::ManageWorkers:
      return "manage_workers";
    case KernelFunction::MaybeCreateWorker:
      return "maybe_create_worker";
    case KernelFunction::CreateWorker:
      return "create_worker";
    case KernelFunction::ProcessScheduledWorks:
      return "process_scheduled_works";
    case KernelFunction::ProcessOneWork:
      return "process_one_work";
    case KernelFunction::WorkFunction:
      return "work_function";
    case KernelFunction::RescuerThread:
      return "rescuer_thread";
    case KernelFunction::AssignRescuerWork:
      return "assign_rescuer_work";
    case KernelFunction::PoolMaydayTimeout:
      return "pool_mayday_timeout";
    case KernelFunction::SendMayday:
      return "send_mayday";
    case KernelFunction::DrainWorkqueue:
      return "drain_workqueue";
    case KernelFunction::DestroyWorkqueue:
      return "destroy_workqueue";
  }
  return "?";
}

const char* line_tag(const KernelFrame& f) {
  switch (f.function) {
    case KernelFunction::Kthread:
      return tag_at(kKthreadTags, f.line);
    case KernelFunction::Kthreadd:
      return tag_at(kKthreaddTags, f.line);
    case KernelFunction::WorkerThread:
      return tag_at(kWorkerThreadTags, f.line);
    case KernelFunction::ManageWorkers:
      return tag_at(kManageWorkersTags, f.line);
    case KernelFunction::MaybeCreateWorker:
      return tag_at(kMaybeCreateWorkerTags, f.line);
    case KernelFunction::CreateWorker:
      return tag_at(kCreateWorkerTags, f.line);
    case KernelFunction::ProcessScheduledWorks:
      return tag_at(kProcessScheduledWorksTags, f.line);
    case KernelFunction::ProcessOneWork:
      return tag_at(kProcessOneWorkTags, f.line);
    case KernelFunction::WorkFunction:
      return "op";
    case KernelFunction::RescuerThread:
      return tag_at(kRescuerThreadTags, f.line);
    case KernelFunction::AssignRescuerWork:
      return tag_at(kAssignRescuerWorkTags, f.line);
    case KernelFunction::PoolMaydayTimeout:
      return tag_at(kPoolMaydayTimeoutTags, f.line);
    case KernelFunction::SendMayday:
      return tag_at(kSendMaydayTags, f.line);
    case KernelFunction::DrainWorkqueue:
      return tag_at(kDrainWorkqueueTags, f.line);
    case KernelFunction::DestroyWorkqueue:
      return tag_at(kDestroyWorkqueueTags, f.line);
  }
  return "?";
}

std::string position_text(const CodePosition& p) {
  std::string out;
  for (const KernelFrame& f : p.frames) {
    if (!out.empty()) out += " > ";
    out += std::string(kernel_function_name(f.function)) + ":" + line_tag(f);
    if (f.function == KernelFunction::WorkFunction) out += "#" + std::to_string(f.line);
  }
  return out;
}

}  // namespace cmwq
