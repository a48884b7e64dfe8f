// The Code panel's listings: kernel/workqueue.c functions as short pseudo-code (our own
// summaries, in the kernel's structure and names), and where a worker is in them.
#include "web/model/code_view.h"

#include <cstring>
#include <utility>

#include "core/world.h"
#include "core/world_view.h"
#include "web/model/text_util.h"

namespace cmwq::web {
namespace {

// A line of a listing: a tag naming it (or "") and its text.
using Line = std::pair<const char*, const char*>;

const std::vector<Line> kWorkerThread = {
    {"", "static int worker_thread(void *__worker)"},
    {"", "{"},
    {"", "  struct worker *worker = __worker;"},
    {"", "  struct worker_pool *pool = worker->pool;"},
    {"woke_up", "woke_up:"},
    {"", "  raw_spin_lock_irq(&pool->lock);"},
    {"die", "  if (unlikely(worker->flags & WORKER_DIE)) {"},
    {"", "    ida_free(&pool->worker_ida, worker->id);"},
    {"", "    worker_detach_from_pool(worker);"},
    {"dead", "    return 0;"},
    {"", "  }"},
    {"leave_idle", "  worker_leave_idle(worker);"},
    {"recheck", "recheck:"},
    {"", "  if (!need_more_worker(pool))"},
    {"", "    goto sleep;"},
    {"", "  /* do we need to manage? */"},
    {"manage", "  if (unlikely(!may_start_working(pool)) && manage_workers(worker))"},
    {"", "    goto recheck;"},
    {"clr_prep", "  worker_clr_flags(worker, WORKER_PREP | WORKER_REBOUND);"},
    {"", "  do {"},
    {"", "    struct work_struct *work ="},
    {"", "      list_first_entry(&pool->worklist, struct work_struct, entry);"},
    {"", "    if (assign_work(work, worker, NULL))"},
    {"process", "      process_scheduled_works(worker);"},
    {"", "  } while (keep_working(pool));"},
    {"", "  worker_set_flags(worker, WORKER_PREP);"},
    {"", "sleep:"},
    {"enter_idle", "  worker_enter_idle(worker);"},
    {"", "  __set_current_state(TASK_IDLE);"},
    {"", "  raw_spin_unlock_irq(&pool->lock);"},
    {"schedule", "  schedule();"},
    {"", "  goto woke_up;"},
    {"", "}"},
};

const std::vector<Line> kManageWorkers = {
    {"", "static bool manage_workers(struct worker *worker)"},
    {"", "{"},
    {"", "  struct worker_pool *pool = worker->pool;"},
    {"", "  if (pool->flags & POOL_MANAGER_ACTIVE)"},
    {"", "    return false;"},
    {"active", "  pool->flags |= POOL_MANAGER_ACTIVE;"},
    {"", "  pool->manager = worker;"},
    {"call", "  maybe_create_worker(pool);"},
    {"", "  pool->manager = NULL;"},
    {"inactive", "  pool->flags &= ~POOL_MANAGER_ACTIVE;"},
    {"", "  rcuwait_wake_up(&manager_wait);"},
    {"", "  return true;"},
    {"", "}"},
};

const std::vector<Line> kMaybeCreateWorker = {
    {"", "static void maybe_create_worker(struct worker_pool *pool)"},
    {"", "{"},
    {"restart", "restart:"},
    {"", "  raw_spin_unlock_irq(&pool->lock);"},
    {"", "  /* if we don't make progress in MAYDAY_INITIAL_TIMEOUT, call for help */"},
    {"mod_timer", "  mod_timer(&pool->mayday_timer, jiffies + MAYDAY_INITIAL_TIMEOUT);"},
    {"", "  while (true) {"},
    {"create", "    if (create_worker(pool) || !need_to_create_worker(pool))"},
    {"", "      break;"},
    {"cooldown", "    schedule_timeout_interruptible(CREATE_COOLDOWN);"},
    {"", "    if (!need_to_create_worker(pool))"},
    {"", "      break;"},
    {"", "  }"},
    {"del_timer", "  timer_delete_sync(&pool->mayday_timer);"},
    {"", "  raw_spin_lock_irq(&pool->lock);"},
    {"", "  /* the new worker may already be busy: need another? */"},
    {"", "  if (need_to_create_worker(pool))"},
    {"", "    goto restart;"},
    {"", "}"},
};

const std::vector<Line> kCreateWorker = {
    {"", "static struct worker *create_worker(struct worker_pool *pool)"},
    {"", "{"},
    {"ida", "  id = ida_alloc(&pool->worker_ida, GFP_KERNEL);"},
    {"alloc", "  worker = alloc_worker(pool->node);   /* kzalloc(GFP_KERNEL) */"},
    {"", "  if (!worker)"},
    {"", "    goto fail;"},
    {"", "  worker->id = id;"},
    {"kthread", "  worker->task = kthread_create_on_node(worker_thread, worker, pool->node,"},
    {"", "                                        \"kworker/%s\", id_buf);"},
    {"", "  if (IS_ERR(worker->task)) {"},
    {"fail", "    pr_err_once(\"workqueue: Failed to create a worker thread: %pe\", ...);"},
    {"", "    goto fail;"},
    {"", "  }"},
    {"", "  set_user_nice(worker->task, pool->attrs->nice);"},
    {"", "  worker_attach_to_pool(worker, pool);"},
    {"", "  worker->pool->nr_workers++;"},
    {"", "  worker_enter_idle(worker);"},
    {"created", "  wake_up_process(worker->task);"},
    {"", "  return worker;"},
    {"", "fail:"},
    {"", "  ida_free(&pool->worker_ida, id);"},
    {"", "  kfree(worker);"},
    {"", "  return NULL;"},
    {"", "}"},
};

const std::vector<Line> kProcessScheduledWorks = {
    {"", "static void process_scheduled_works(struct worker *worker)"},
    {"", "{"},
    {"", "  struct work_struct *work;"},
    {"", "  bool first = true;"},
    {"pick", "  while ((work = list_first_entry_or_null(&worker->scheduled,"},
    {"", "                                           struct work_struct, entry))) {"},
    {"", "    if (first) {"},
    {"", "      worker->pool->watchdog_ts = jiffies;"},
    {"", "      first = false;"},
    {"", "    }"},
    {"call", "    process_one_work(worker, work);"},
    {"", "  }"},
    {"", "}"},
};

const std::vector<Line> kProcessOneWork = {
    {"", "static void process_one_work(struct worker *worker, struct work_struct *work)"},
    {"", "{"},
    {"", "  struct pool_workqueue *pwq = get_work_pwq(work);"},
    {"", "  struct worker_pool *pool = worker->pool;"},
    {"", "  hash_add(pool->busy_hash, &worker->hentry, (unsigned long)work);"},
    {"", "  worker->current_work = work;"},
    {"", "  worker->current_func = work->func;"},
    {"", "  worker->current_pwq = pwq;"},
    {"", "  list_del_init(&work->entry);"},
    {"", "  if (unlikely(pwq->wq->flags & WQ_CPU_INTENSIVE))"},
    {"", "    worker_set_flags(worker, WORKER_CPU_INTENSIVE);"},
    {"", "  kick_pool(pool);   /* chain execution if we don't count */"},
    {"", "  set_work_pool_and_clear_pending(work, pool->id, 0);"},
    {"", "  pwq->stats[PWQ_STAT_STARTED]++;"},
    {"", "  raw_spin_unlock_irq(&pool->lock);"},
    {"exec_start", "  trace_workqueue_execute_start(work);"},
    {"func", "  worker->current_func(work);"},
    {"exec_end", "  trace_workqueue_execute_end(work, worker->current_func);"},
    {"", "  pwq->stats[PWQ_STAT_COMPLETED]++;"},
    {"resched", "  cond_resched();"},
    {"", "  raw_spin_lock_irq(&pool->lock);"},
    {"", "  worker_clr_flags(worker, WORKER_CPU_INTENSIVE);"},
    {"", "  hash_del(&worker->hentry);"},
    {"", "  worker->current_work = NULL;"},
    {"", "  worker->current_func = NULL;"},
    {"", "  worker->current_pwq = NULL;"},
    {"", "  pwq_dec_nr_in_flight(pwq, work_data);"},
    {"", "}"},
};

const std::vector<Line> kRescuerThread = {
    {"", "static int rescuer_thread(void *__rescuer)"},
    {"", "{"},
    {"", "  struct worker *rescuer = __rescuer;"},
    {"", "  struct workqueue_struct *wq = rescuer->rescue_wq;"},
    {"", "  set_user_nice(current, RESCUER_NICE_LEVEL);"},
    {"repeat", "repeat:"},
    {"", "  set_current_state(TASK_IDLE);"},
    {"", "  raw_spin_lock_irq(&wq_mayday_lock);"},
    {"while", "  while (!list_empty(&wq->maydays)) {"},
    {"", "    struct pool_workqueue *pwq = list_first_entry(&wq->maydays,"},
    {"", "                                   struct pool_workqueue, mayday_node);"},
    {"", "    struct worker_pool *pool = pwq->pool;"},
    {"", "    __set_current_state(TASK_RUNNING);"},
    {"", "    list_del_init(&pwq->mayday_node);"},
    {"", "    raw_spin_unlock_irq(&wq_mayday_lock);"},
    {"attach", "    worker_attach_to_pool(rescuer, pool);   /* migrates to the pool's CPU */"},
    {"", "    raw_spin_lock_irq(&pool->lock);"},
    {"", "    /* Slurp in all works issued via this workqueue and process'em. */"},
    {"slurp", "    list_for_each_entry_safe(work, n, &pool->worklist, entry) {"},
    {"assign", "      if (get_work_pwq(work) == pwq && assign_work(work, rescuer, &n))"},
    {"", "        pwq->stats[PWQ_STAT_RESCUED]++;"},
    {"", "    }"},
    {"", "    if (!list_empty(&rescuer->scheduled)) {"},
    {"process", "      process_scheduled_works(rescuer);"},
    {"", "      /* more to rescue? requeue the pwq instead of waiting for the timer */"},
    {"", "      if (pwq->nr_active && need_to_create_worker(pool)) {"},
    {"", "        get_pwq(pwq);"},
    {"requeue", "        list_add_tail(&pwq->mayday_node, &wq->maydays);"},
    {"", "      }"},
    {"", "    }"},
    {"", "    /* Leave this pool. Notify regular workers; otherwise, we end up"},
    {"", "     * with 0 concurrency and stalling the execution. */"},
    {"kick", "    kick_pool(pool);"},
    {"", "    raw_spin_unlock_irq(&pool->lock);"},
    {"", "    worker_detach_from_pool(rescuer);"},
    {"done", "    put_pwq_unlocked(pwq);"},
    {"", "    raw_spin_lock_irq(&wq_mayday_lock);"},
    {"", "  }"},
    {"", "  raw_spin_unlock_irq(&wq_mayday_lock);"},
    {"schedule", "  schedule();"},
    {"", "  goto repeat;"},
    {"", "}"},
};

const std::vector<Line> kPoolMaydayTimeout = {
    {"", "static void pool_mayday_timeout(struct timer_list *t)"},
    {"", "{"},
    {"", "  struct worker_pool *pool = from_timer(pool, t, mayday_timer);"},
    {"", "  struct work_struct *work;"},
    {"", "  raw_spin_lock_irq(&pool->lock);"},
    {"", "  raw_spin_lock(&wq_mayday_lock);"},
    {"if", "  if (need_to_create_worker(pool)) {"},
    {"", "    /* We've been trying to create a new worker but haven't been"},
    {"", "     * successful. We might be hitting an allocation deadlock."},
    {"", "     * Send distress signals to rescuers. */"},
    {"", "    list_for_each_entry(work, &pool->worklist, entry)"},
    {"send", "      send_mayday(work);"},
    {"", "  }"},
    {"", "  raw_spin_unlock(&wq_mayday_lock);"},
    {"", "  raw_spin_unlock_irq(&pool->lock);"},
    {"mod_timer", "  mod_timer(&pool->mayday_timer, jiffies + MAYDAY_INTERVAL);"},
    {"", "}"},
};

const std::vector<Line> kSendMayday = {
    {"", "static void send_mayday(struct work_struct *work)"},
    {"", "{"},
    {"", "  struct pool_workqueue *pwq = get_work_pwq(work);"},
    {"", "  struct workqueue_struct *wq = pwq->wq;"},
    {"", "  /* mayday mayday mayday */"},
    {"", "  if (!wq->rescuer)"},
    {"", "    return;"},
    {"", "  if (list_empty(&pwq->mayday_node)) {"},
    {"", "    get_pwq(pwq);   /* the rescuer drops it when done */"},
    {"", "    list_add_tail(&pwq->mayday_node, &wq->maydays);"},
    {"wake", "    wake_up_process(wq->rescuer->task);"},
    {"", "    pwq->stats[PWQ_STAT_MAYDAY]++;"},
    {"", "  }"},
    {"", "}"},
};

CodeFrame frame(const char* function, const std::vector<Line>& listing, const char* tag, std::string note = "") {
  CodeFrame f;
  f.function = function;
  for (size_t i = 0; i < listing.size(); ++i) {
    f.lines.emplace_back(listing[i].second);
    if (tag && std::strcmp(listing[i].first, tag) == 0) f.current = static_cast<int>(i);
  }
  f.note = std::move(note);
  return f;
}

// A work function's program as C-like pseudo-code.
std::string op_code(const World& w, const Op& op) {
  const std::string d = op_text(w, op);
  const std::string arg = d.find(' ') == std::string::npos ? "" : d.substr(d.find(' ') + 1);
  switch (op.code) {
    case OpCode::Burn:
      return "burn_cpu(" + arg + ");";
    case OpCode::Sleep:
      return "fsleep(" + arg + ");";
    case OpCode::Alloc:
      return "pages = alloc_pages(" + std::string(gfp_name(op.gfp)) + ", " + std::to_string(op.count) + ");";
    case OpCode::Free:
      return "free_pages(pages, " + std::to_string(op.count) + ");";
    case OpCode::Reclaim:
      return "writeback_and_free(" + std::to_string(op.count) + " pages);";
    case OpCode::QueueWork:
      return "queue_work_on(" + (op.cpu >= 0 ? std::to_string(op.cpu) : std::string("WORK_CPU_UNBOUND")) + ", " +
             wq_name(w, op.a) + ", &" + work_name(w, op.b) + ");";
    case OpCode::QueueDelayed:
      return "queue_delayed_work(" + wq_name(w, op.a) + ", &" + work_name(w, op.b) + ", " + format_time(op.ns) + ");";
    case OpCode::FlushWork:
      return "flush_work(&" + work_name(w, op.b) + ");";
    case OpCode::FlushWorkqueue:
      return "flush_workqueue(" + wq_name(w, op.a) + ");";
    case OpCode::CancelWorkSync:
      return "cancel_work_sync(&" + work_name(w, op.b) + ");";
    case OpCode::DrainWorkqueue:
      return "drain_workqueue(" + wq_name(w, op.a) + ");";
    case OpCode::DestroyWorkqueue:
      return "destroy_workqueue(" + wq_name(w, op.a) + ");";
    case OpCode::Wait:
      return "wait_for_completion(&" + arg + ");";
    case OpCode::Complete:
      return "complete(&" + arg + ");";
    case OpCode::CompleteAll:
      return "complete_all(&" + arg + ");";
    case OpCode::SynchronizeRcu:
      return "synchronize_rcu();";
    case OpCode::Lock:
      return "mutex_lock(&" + arg + ");";
    case OpCode::Unlock:
      return "mutex_unlock(&" + arg + ");";
    case OpCode::RcuGpDone:
      return "rcu_report_gp_done();";
    case OpCode::BarrierDone:
      return "complete(&barr->done);   /* wq_barrier_func */";
    case OpCode::IdleCull:
      return "idle_cull_fn(pool);";
  }
  return d + ";";
}

std::string wait_note(const World& w, const Task& t) {
  switch (t.wait) {
    case WaitReason::Memory:
      return "TASK_UNINTERRUPTIBLE in direct reclaim: it waits until writeback (the reclaim work) frees pages";
    case WaitReason::KthreadCreate:
      return "waits for kthreadd to fork the new kworker (which needs memory too)";
    case WaitReason::Timeout:
      return "sleeps CREATE_COOLDOWN after a failed create_worker()";
    case WaitReason::Hrtimer:
      return "sleeps on an hrtimer (wq_worker_sleeping() ran: nr_running dropped)";
    case WaitReason::Completion:
      return "waits in wait_for_completion()";
    case WaitReason::Mutex:
      return "waits for a mutex";
    case WaitReason::Rcu:
      return "waits for an RCU grace period";
    default:
      return "";
  }
}

// A work function's program as a listing, line @p pc marked (-1: none).
CodeFrame program_frame(const World& w, int32_t work, int32_t pc, std::string note) {
  CodeFrame f;
  const int32_t prog =
      work >= 0 && static_cast<size_t>(work) < w.wq.works.size() ? w.wq.works[static_cast<size_t>(work)].program : -1;
  f.function = func_name(w, prog);
  f.lines.push_back("static void " + f.function + "(struct work_struct *work)   /* " + work_name(w, work) + " */");
  f.lines.emplace_back("{");
  if (prog >= 0 && static_cast<size_t>(prog) < w.programs.size()) {
    const auto& ops = w.programs[static_cast<size_t>(prog)].ops;
    for (size_t i = 0; i < ops.size(); ++i) {
      f.lines.push_back("  " + op_code(w, ops[i]));
      if (static_cast<int32_t>(i) == pc) f.current = static_cast<int>(f.lines.size() - 1);
    }
    if (pc >= static_cast<int32_t>(ops.size())) f.current = static_cast<int>(f.lines.size());
  }
  f.lines.emplace_back("}");
  f.note = std::move(note);
  return f;
}

// The work function frame for a worker in process_one_work()'s current_func(work).
CodeFrame work_frame(const World& w, const Worker& wk, const Task& t) {
  std::string note;
  if (t.state != TaskState::Running)
    note = wait_note(w, t);
  else if (t.on_cpu)
    note = "running on CPU " + std::to_string(t.cpu);
  else
    note = "runnable: waits for CPU " + std::to_string(t.cpu);
  return program_frame(w, wk.current_work, wk.pc, note);
}

// process_scheduled_works() -> process_one_work() -> the work function.
void push_processing(const World& w, const Worker& wk, const Task& t, CodeView& v) {
  if (wk.process_step == ProcessStep::Pick) {
    v.stack.push_back(frame("process_scheduled_works", kProcessScheduledWorks, "pick", "takes the next item"));
    return;
  }
  v.stack.push_back(frame("process_scheduled_works", kProcessScheduledWorks, "call"));
  if (wk.process_step == ProcessStep::Finish) {
    v.stack.push_back(frame("process_one_work", kProcessOneWork, "resched",
                            "cond_resched(): lets a task already waiting on this CPU run first"));
    return;
  }
  v.stack.push_back(frame("process_one_work", kProcessOneWork, "func"));
  v.stack.push_back(work_frame(w, wk, t));
}

// The outer frames of a worker or rescuer executing a work item.
void push_executing(CodeView& v, bool rescuer, const char* line_in_process_one_work) {
  if (rescuer)
    v.stack.push_back(frame("rescuer_thread", kRescuerThread, "process"));
  else
    v.stack.push_back(frame("worker_thread", kWorkerThread, "process"));
  v.stack.push_back(frame("process_scheduled_works", kProcessScheduledWorks, "call"));
  v.stack.push_back(frame("process_one_work", kProcessOneWork, line_in_process_one_work));
}

// The program counter of the latest work_op of @p task at or before event @p i.
int32_t last_pc(const std::vector<Event>& log, int64_t i, int32_t task) {
  for (int64_t k = i; k >= 0 && k > i - 256; --k) {
    const Event& e = log[static_cast<size_t>(k)];
    if (e.task != task) continue;
    if (e.type == EventType::WorkOp || e.type == EventType::WorkOpDone) return static_cast<int32_t>(e.b);
    if (e.type == EventType::ExecuteStart) return 0;
  }
  return -1;
}

}  // namespace

CodeView event_code(const World& w, const std::vector<Event>& log, int64_t i) {
  CodeView v;
  if (i < 0 || i >= static_cast<int64_t>(log.size())) return v;
  const Event& e = log[static_cast<size_t>(i)];
  const int32_t worker = worker_of_task(w, e.task);
  if (worker < 0) return v;
  const bool rescuer = w.wq.workers[static_cast<size_t>(worker)].rescue_wq >= 0;
  const std::string pool = "pool " + std::to_string(e.pool);
  v.who = task_name(w, e.task) + " at " + format_time(e.time) + ", event #" + std::to_string(i) + " (" +
          event_type_name(e.type) + ")";
  switch (e.type) {
    case EventType::RescuerWake:
      v.stack.push_back(frame("rescuer_thread", kRescuerThread, "attach",
                              "took a pwq off wq->maydays and attaches to " + pool + " (moving to its CPU)"));
      break;
    case EventType::RescuerAssign:
      v.stack.push_back(frame("rescuer_thread", kRescuerThread, "assign",
                              "takes " + work_name(w, e.work) + " off " + pool + "'s worklist: PWQ_STAT_RESCUED++"));
      break;
    case EventType::RescuerRequeue:
      v.stack.push_back(frame("rescuer_thread", kRescuerThread, "requeue",
                              "the pool still starves: the pwq goes back on wq->maydays"));
      break;
    case EventType::RescuerDone:
      v.stack.push_back(frame("rescuer_thread", kRescuerThread, "done", "detached from " + pool + ": back to repeat:"));
      break;
    case EventType::KickPool:
      if (rescuer && e.a == static_cast<int64_t>(KickReason::Rescuer)) {
        v.stack.push_back(frame("rescuer_thread", kRescuerThread, "kick",
                                "leaving " + pool + ": wakes a regular worker so concurrency is not stuck at 0"));
        break;
      }
      return CodeView{};
    case EventType::ExecuteStart:
      push_executing(v, rescuer, "exec_start");
      v.stack.back().note = "starts " + work_name(w, e.work);
      break;
    case EventType::ExecuteEnd:
      push_executing(v, rescuer, "exec_end");
      v.stack.back().note = work_name(w, e.work) + " returned";
      break;
    case EventType::WorkOp:
    case EventType::WorkOpDone:
      push_executing(v, rescuer, "func");
      v.stack.push_back(
          program_frame(w, e.work, static_cast<int32_t>(e.b),
                        e.type == EventType::WorkOp ? "starts this operation" : "this operation returned"));
      break;
    case EventType::AllocBlocked:
    case EventType::AllocDone:
    case EventType::AllocFailed: {
      const char* what = e.type == EventType::AllocBlocked ? "blocks in direct reclaim"
                         : e.type == EventType::AllocDone  ? "got its pages"
                                                           : "failed to get pages";
      if (e.work >= 0) {
        push_executing(v, rescuer, "func");
        v.stack.push_back(program_frame(w, e.work, last_pc(log, i, e.task), std::string("the allocation ") + what));
      } else {
        v.stack.push_back(frame("worker_thread", kWorkerThread, "manage"));
        v.stack.push_back(frame("manage_workers", kManageWorkers, "call"));
        v.stack.push_back(frame("maybe_create_worker", kMaybeCreateWorker, "create"));
        v.stack.push_back(frame("create_worker", kCreateWorker, "alloc", std::string("alloc_worker() ") + what));
      }
      break;
    }
    case EventType::ManagerStart:
      v.stack.push_back(
          frame("worker_thread", kWorkerThread, "manage", "no idle worker left (may_start_working() is false)"));
      v.stack.push_back(frame("manage_workers", kManageWorkers, "active", "takes the manager role of " + pool));
      break;
    case EventType::ManagerEnd:
      v.stack.push_back(frame("worker_thread", kWorkerThread, "manage"));
      v.stack.push_back(
          frame("manage_workers", kManageWorkers, "inactive", "an idle worker exists: manager role dropped"));
      break;
    case EventType::CreateWorker:
    case EventType::WorkerCreated:
    case EventType::CreateFailed:
      if (e.type == EventType::WorkerCreated && e.b != 0) return CodeView{};
      v.stack.push_back(frame("worker_thread", kWorkerThread, "manage"));
      v.stack.push_back(frame("manage_workers", kManageWorkers, "call"));
      v.stack.push_back(frame("maybe_create_worker", kMaybeCreateWorker, "create"));
      v.stack.push_back(frame("create_worker", kCreateWorker,
                              e.type == EventType::CreateWorker   ? "ida"
                              : e.type == EventType::CreateFailed ? "fail"
                                                                  : "created",
                              e.type == EventType::CreateWorker   ? "a new worker id for " + pool
                              : e.type == EventType::CreateFailed ? std::string("kthread_create_on_node() failed")
                                                                  : task_name(w, e.task) + " is ready and idle"));
      break;
    case EventType::CreateCooldown:
      v.stack.push_back(frame("worker_thread", kWorkerThread, "manage"));
      v.stack.push_back(frame("manage_workers", kManageWorkers, "call"));
      v.stack.push_back(
          frame("maybe_create_worker", kMaybeCreateWorker, "cooldown", "create_worker() failed: wait, then retry"));
      break;
    case EventType::WorkerBusy:
      if (rescuer) return CodeView{};
      v.stack.push_back(frame("worker_thread", kWorkerThread, "leave_idle", "woke up and leaves the idle list"));
      break;
    case EventType::WorkerIdle:
      if (rescuer) return CodeView{};
      v.stack.push_back(frame("worker_thread", kWorkerThread, "enter_idle", "nothing more to do: joins the idle list"));
      break;
    default:
      return CodeView{};
  }
  return v;
}

CodeView worker_code(const World& w, int32_t worker) {
  CodeView v;
  if (worker < 0 || static_cast<size_t>(worker) >= w.wq.workers.size()) return v;
  const Worker& wk = w.wq.workers[static_cast<size_t>(worker)];
  if (wk.task < 0) return v;
  const Task& t = w.tasks[static_cast<size_t>(wk.task)];
  const bool sleeping = t.state != TaskState::Running;
  const bool runnable = t.state == TaskState::Running && !t.on_cpu;

  if (wk.rescue_wq >= 0) {
    v.who = t.comm + " (rescuer of " + wq_name(w, wk.rescue_wq) + ")";
    switch (wk.label) {
      case WorkerLabel::RescuerRepeat:
        if (sleeping)
          v.stack.push_back(
              frame("rescuer_thread", kRescuerThread, "schedule", "TASK_IDLE: waits until send_mayday() wakes it"));
        else
          v.stack.push_back(frame("rescuer_thread", kRescuerThread, "while",
                                  "woken by send_mayday(): takes the first pwq off wq->maydays"));
        break;
      case WorkerLabel::RescuerSlurp:
        v.stack.push_back(
            frame("rescuer_thread", kRescuerThread, "slurp",
                  runnable ? "moved to pool " + std::to_string(wk.pool) + "'s CPU; waits to run there"
                           : "takes every item of the pwq off pool " + std::to_string(wk.pool) + "'s worklist"));
        break;
      case WorkerLabel::RescuerProcess:
        v.stack.push_back(frame("rescuer_thread", kRescuerThread, "process"));
        push_processing(w, wk, t, v);
        break;
      case WorkerLabel::RescuerLeave:
        v.stack.push_back(frame("rescuer_thread", kRescuerThread, "kick",
                                "leaves pool " + std::to_string(wk.pool) + " and wakes a regular worker"));
        break;
      default:
        v.stack.push_back(frame("rescuer_thread", kRescuerThread, nullptr, "exited"));
        break;
    }
    return v;
  }

  v.who = t.comm + " (worker of pool " + std::to_string(wk.pool) + ")";
  switch (wk.label) {
    case WorkerLabel::Dead:
      v.stack.push_back(frame("worker_thread", kWorkerThread, "dead", "exited"));
      break;
    case WorkerLabel::WokeUp:
      if (wk.flags & WORKER_DIE)
        v.stack.push_back(frame("worker_thread", kWorkerThread, "die", "idle culling asked it to exit"));
      else if (sleeping)
        v.stack.push_back(frame("worker_thread", kWorkerThread, "schedule",
                                "idle (TASK_IDLE): waits until kick_pool() or the manager wakes it"));
      else
        v.stack.push_back(
            frame("worker_thread", kWorkerThread, "woke_up",
                  runnable ? "woken: waits for its CPU, then resumes at woke_up:" : "resumes at woke_up:"));
      break;
    case WorkerLabel::Recheck:
      v.stack.push_back(frame("worker_thread", kWorkerThread, "recheck", "checks need_more_worker()"));
      break;
    case WorkerLabel::Manage: {
      v.stack.push_back(frame("worker_thread", kWorkerThread, "manage",
                              "no idle worker left (may_start_working() is false): it becomes the manager"));
      v.stack.push_back(frame("manage_workers", kManageWorkers, "call"));
      const std::string note = sleeping ? wait_note(w, t) : (runnable ? "runnable" : "");
      switch (wk.create_step) {
        case CreateStep::Restart:
          v.stack.push_back(frame("maybe_create_worker", kMaybeCreateWorker, "mod_timer",
                                  "arms the mayday timer: help comes if this takes too long"));
          break;
        case CreateStep::Create:
          v.stack.push_back(frame("maybe_create_worker", kMaybeCreateWorker, "create"));
          v.stack.push_back(frame("create_worker", kCreateWorker, "ida", note));
          break;
        case CreateStep::AllocWorker:
          v.stack.push_back(frame("maybe_create_worker", kMaybeCreateWorker, "create"));
          v.stack.push_back(frame("create_worker", kCreateWorker, "alloc", note));
          break;
        case CreateStep::KthreadWait:
          v.stack.push_back(frame("maybe_create_worker", kMaybeCreateWorker, "create"));
          v.stack.push_back(frame("create_worker", kCreateWorker, "kthread", note));
          break;
        case CreateStep::Cooldown:
          v.stack.push_back(frame("maybe_create_worker", kMaybeCreateWorker, "cooldown", note));
          break;
        case CreateStep::Done:
          v.stack.push_back(
              frame("maybe_create_worker", kMaybeCreateWorker, "del_timer", "a worker exists: stops the mayday timer"));
          break;
      }
      break;
    }
    case WorkerLabel::Process:
      v.stack.push_back(frame("worker_thread", kWorkerThread, "process"));
      push_processing(w, wk, t, v);
      break;
    default:
      v.stack.push_back(frame("worker_thread", kWorkerThread, nullptr));
      break;
  }
  return v;
}

CodeView timer_code(const World& w, const std::vector<Event>& log, int64_t focus) {
  CodeView v;
  if (log.empty()) return v;
  if (focus < 0 || focus >= static_cast<int64_t>(log.size())) focus = static_cast<int64_t>(log.size()) - 1;
  const Event& at = log[static_cast<size_t>(focus)];
  const bool timer_event =
      at.type == EventType::MaydayTimeout || at.type == EventType::MaydaySent || at.type == EventType::MaydayTimerArm;
  if (!timer_event) return v;
  // The pool_mayday_timeout() run this event belongs to: a MaydayTimeout at the same instant.
  int64_t timeout = -1;
  for (int64_t i = focus; i >= 0 && log[static_cast<size_t>(i)].time == at.time; --i)
    if (log[static_cast<size_t>(i)].type == EventType::MaydayTimeout) {
      timeout = i;
      break;
    }
  if (timeout < 0) return v;  // a MaydayTimerArm of maybe_create_worker(), not of the timer
  const Event& to = log[static_cast<size_t>(timeout)];
  int maydays = 0;
  for (size_t i = static_cast<size_t>(timeout) + 1; i < log.size() && log[i].time == to.time; ++i) {
    if (log[i].type == EventType::MaydaySent && log[i].pool == to.pool) ++maydays;
    if (log[i].type == EventType::MaydayTimerArm) break;
  }
  v.who = "the mayday timer of pool " + std::to_string(to.pool) + " at " + format_time(to.time) +
          " (a timer callback, no task)";
  if (at.type == EventType::MaydaySent) {
    v.stack.push_back(frame("pool_mayday_timeout", kPoolMaydayTimeout, "send",
                            "still no idle worker: a mayday for every item on the worklist (" +
                                std::to_string(maydays) + " sent this time)"));
    v.stack.push_back(frame("send_mayday", kSendMayday, "wake",
                            "puts " + wq_name(w, at.wq) + "'s pwq on wq->maydays and wakes its rescuer"));
  } else if (at.type == EventType::MaydayTimerArm) {
    v.stack.push_back(frame("pool_mayday_timeout", kPoolMaydayTimeout, "mod_timer",
                            std::to_string(maydays) + " mayday(s) sent; it re-arms itself for another round in "
                                                      "MAYDAY_INTERVAL (100 ms)"));
  } else {
    v.stack.push_back(frame(
        "pool_mayday_timeout", kPoolMaydayTimeout, "if",
        to.a ? "need_to_create_worker(): yes, the pool is starving" : "need_to_create_worker(): no, nothing to do"));
  }
  return v;
}

}  // namespace cmwq::web
