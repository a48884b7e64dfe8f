// The Code panel's listings: kernel functions as short pseudo-code (our own summaries,
// in the kernel's structure and names), each marked line tagged with its line enum.
#include "web/model/code_listings.h"

#include "core/world.h"
#include "core/world_view.h"
#include "web/model/text_util.h"

namespace cmwq::web {
namespace {

constexpr int32_t kNone = -1;

// The id of a marked line: the value of its function's line enum.
template <typename Line>
constexpr int32_t at(Line l) {
  return static_cast<int32_t>(l);
}

const std::vector<ListingLine> kWorkerThread = {
    {kNone, "static int worker_thread(void *__worker)"},
    {kNone, "{"},
    {kNone, "  struct worker *worker = __worker;"},
    {kNone, "  struct worker_pool *pool = worker->pool;"},
    {at(WorkerThreadLine::WokeUp), "woke_up:"},
    {kNone, "  raw_spin_lock_irq(&pool->lock);"},
    {at(WorkerThreadLine::Die), "  if (unlikely(worker->flags & WORKER_DIE)) {"},
    {kNone, "    ida_free(&pool->worker_ida, worker->id);"},
    {kNone, "    worker_detach_from_pool(worker);"},
    {at(WorkerThreadLine::Return), "    return 0;"},
    {kNone, "  }"},
    {at(WorkerThreadLine::LeaveIdle), "  worker_leave_idle(worker);"},
    {at(WorkerThreadLine::Recheck), "recheck:"},
    {kNone, "  if (!need_more_worker(pool))"},
    {kNone, "    goto sleep;"},
    {kNone, "  /* do we need to manage? */"},
    {at(WorkerThreadLine::Manage), "  if (unlikely(!may_start_working(pool)) && manage_workers(worker))"},
    {kNone, "    goto recheck;"},
    {at(WorkerThreadLine::ClearPrep), "  worker_clr_flags(worker, WORKER_PREP | WORKER_REBOUND);"},
    {kNone, "  do {"},
    {kNone, "    struct work_struct *work ="},
    {kNone, "      list_first_entry(&pool->worklist, struct work_struct, entry);"},
    {kNone, "    if (assign_work(work, worker, NULL))"},
    {at(WorkerThreadLine::Process), "      process_scheduled_works(worker);"},
    {kNone, "  } while (keep_working(pool));"},
    {kNone, "  worker_set_flags(worker, WORKER_PREP);"},
    {kNone, "sleep:"},
    {at(WorkerThreadLine::EnterIdle), "  worker_enter_idle(worker);"},
    {kNone, "  __set_current_state(TASK_IDLE);"},
    {kNone, "  raw_spin_unlock_irq(&pool->lock);"},
    {at(WorkerThreadLine::Schedule), "  schedule();"},
    {kNone, "  goto woke_up;"},
    {kNone, "}"},
};

const std::vector<ListingLine> kManageWorkers = {
    {kNone, "static bool manage_workers(struct worker *worker)"},
    {kNone, "{"},
    {kNone, "  struct worker_pool *pool = worker->pool;"},
    {kNone, "  if (pool->flags & POOL_MANAGER_ACTIVE)"},
    {kNone, "    return false;"},
    {at(ManageWorkersLine::Active), "  pool->flags |= POOL_MANAGER_ACTIVE;"},
    {kNone, "  pool->manager = worker;"},
    {at(ManageWorkersLine::MaybeCreateWorker), "  maybe_create_worker(pool);"},
    {kNone, "  pool->manager = NULL;"},
    {at(ManageWorkersLine::Inactive), "  pool->flags &= ~POOL_MANAGER_ACTIVE;"},
    {kNone, "  rcuwait_wake_up(&manager_wait);"},
    {kNone, "  return true;"},
    {kNone, "}"},
};

const std::vector<ListingLine> kMaybeCreateWorker = {
    {kNone, "static void maybe_create_worker(struct worker_pool *pool)"},
    {kNone, "{"},
    {kNone, "restart:"},
    {kNone, "  raw_spin_unlock_irq(&pool->lock);"},
    {kNone, "  /* if we don't make progress in MAYDAY_INITIAL_TIMEOUT, call for help */"},
    {at(MaybeCreateWorkerLine::ModTimer), "  mod_timer(&pool->mayday_timer, jiffies + MAYDAY_INITIAL_TIMEOUT);"},
    {kNone, "  while (true) {"},
    {at(MaybeCreateWorkerLine::CreateWorker), "    if (create_worker(pool) || !need_to_create_worker(pool))"},
    {kNone, "      break;"},
    {at(MaybeCreateWorkerLine::Cooldown), "    schedule_timeout_interruptible(CREATE_COOLDOWN);"},
    {kNone, "    if (!need_to_create_worker(pool))"},
    {kNone, "      break;"},
    {kNone, "  }"},
    {at(MaybeCreateWorkerLine::DelTimer), "  timer_delete_sync(&pool->mayday_timer);"},
    {kNone, "  raw_spin_lock_irq(&pool->lock);"},
    {kNone, "  /* the new worker may already be busy: need another? */"},
    {kNone, "  if (need_to_create_worker(pool))"},
    {kNone, "    goto restart;"},
    {kNone, "}"},
};

const std::vector<ListingLine> kCreateWorker = {
    {kNone, "static struct worker *create_worker(struct worker_pool *pool)"},
    {kNone, "{"},
    {at(CreateWorkerLine::IdaAlloc), "  id = ida_alloc(&pool->worker_ida, GFP_KERNEL);"},
    {at(CreateWorkerLine::AllocWorker), "  worker = alloc_worker(pool->node);   /* kzalloc(GFP_KERNEL) */"},
    {kNone, "  if (!worker)"},
    {kNone, "    goto fail;"},
    {kNone, "  worker->id = id;"},
    {at(CreateWorkerLine::KthreadCreate), "  worker->task = kthread_create_on_node(worker_thread, worker, pool->node,"},
    {kNone, "                                        \"kworker/%s\", id_buf);"},
    {kNone, "  if (IS_ERR(worker->task)) {"},
    {at(CreateWorkerLine::Fail), "    pr_err_once(\"workqueue: Failed to create a worker thread: %pe\", ...);"},
    {kNone, "    goto fail;"},
    {kNone, "  }"},
    {kNone, "  set_user_nice(worker->task, pool->attrs->nice);"},
    {kNone, "  worker_attach_to_pool(worker, pool);"},
    {kNone, "  worker->pool->nr_workers++;"},
    {kNone, "  worker_enter_idle(worker);"},
    {at(CreateWorkerLine::WakeUp), "  wake_up_process(worker->task);"},
    {kNone, "  return worker;"},
    {kNone, "fail:"},
    {kNone, "  ida_free(&pool->worker_ida, id);"},
    {kNone, "  kfree(worker);"},
    {kNone, "  return NULL;"},
    {kNone, "}"},
};

const std::vector<ListingLine> kProcessScheduledWorks = {
    {kNone, "static void process_scheduled_works(struct worker *worker)"},
    {kNone, "{"},
    {kNone, "  struct work_struct *work;"},
    {kNone, "  bool first = true;"},
    {at(ProcessScheduledWorksLine::Next), "  while ((work = list_first_entry_or_null(&worker->scheduled,"},
    {kNone, "                                           struct work_struct, entry))) {"},
    {kNone, "    if (first) {"},
    {kNone, "      worker->pool->watchdog_ts = jiffies;"},
    {kNone, "      first = false;"},
    {kNone, "    }"},
    {at(ProcessScheduledWorksLine::ProcessOneWork), "    process_one_work(worker, work);"},
    {kNone, "  }"},
    {kNone, "}"},
};

const std::vector<ListingLine> kProcessOneWork = {
    {kNone, "static void process_one_work(struct worker *worker, struct work_struct *work)"},
    {kNone, "{"},
    {kNone, "  struct pool_workqueue *pwq = get_work_pwq(work);"},
    {kNone, "  struct worker_pool *pool = worker->pool;"},
    {kNone, "  hash_add(pool->busy_hash, &worker->hentry, (unsigned long)work);"},
    {kNone, "  worker->current_work = work;"},
    {kNone, "  worker->current_func = work->func;"},
    {kNone, "  worker->current_pwq = pwq;"},
    {kNone, "  list_del_init(&work->entry);"},
    {kNone, "  if (unlikely(pwq->wq->flags & WQ_CPU_INTENSIVE))"},
    {kNone, "    worker_set_flags(worker, WORKER_CPU_INTENSIVE);"},
    {kNone, "  kick_pool(pool);   /* chain execution if we don't count */"},
    {kNone, "  set_work_pool_and_clear_pending(work, pool->id, 0);"},
    {kNone, "  pwq->stats[PWQ_STAT_STARTED]++;"},
    {kNone, "  raw_spin_unlock_irq(&pool->lock);"},
    {at(ProcessOneWorkLine::ExecuteStart), "  trace_workqueue_execute_start(work);"},
    {at(ProcessOneWorkLine::CurrentFunc), "  worker->current_func(work);"},
    {at(ProcessOneWorkLine::ExecuteEnd), "  trace_workqueue_execute_end(work, worker->current_func);"},
    {kNone, "  pwq->stats[PWQ_STAT_COMPLETED]++;"},
    {at(ProcessOneWorkLine::CondResched), "  cond_resched();"},
    {kNone, "  raw_spin_lock_irq(&pool->lock);"},
    {kNone, "  worker_clr_flags(worker, WORKER_CPU_INTENSIVE);"},
    {kNone, "  hash_del(&worker->hentry);"},
    {kNone, "  worker->current_work = NULL;"},
    {kNone, "  worker->current_func = NULL;"},
    {kNone, "  worker->current_pwq = NULL;"},
    {kNone, "  pwq_dec_nr_in_flight(pwq, work_data);"},
    {kNone, "}"},
};

// rescuer_thread() and assign_rescuer_work() of each generation, as pseudo-code in our
// own words: one line per kernel statement, the kernel's names for what it calls. The two
// rescuer_thread() listings share their first and last lines.
std::vector<ListingLine> joined(std::initializer_list<std::vector<ListingLine>> parts) {
  std::vector<ListingLine> out;
  for (const std::vector<ListingLine>& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

const std::vector<ListingLine> kRescuerRepeat = {
    {kNone, "  wq = the workqueue this rescuer serves"},
    {kNone, "  nice -20; PF_WQ_WORKER set, WORKER_PREP never cleared (not counted)"},
    {kNone, "repeat:"},
    {kNone, "  state = TASK_IDLE; should_stop = kthread_should_stop()"},
    {kNone, "  lock wq_mayday_lock"},
    {at(RescuerThreadLine::Maydays), "  while wq->maydays has a pwq:"},
};

const std::vector<ListingLine> kRescuerAttach = {
    {kNone, "    state = TASK_RUNNING; take pwq off wq->maydays"},
    {kNone, "    unlock wq_mayday_lock"},
    {at(RescuerThreadLine::Attach), "    worker_attach_to_pool(rescuer, pool)   /* onto the pool's CPUs */"},
    {kNone, "    lock pool->lock"},
};

const std::vector<ListingLine> kRescuerSleep = {
    {kNone, "    lock wq_mayday_lock"},
    {kNone, "  unlock wq_mayday_lock"},
    {at(RescuerThreadLine::Return), "  if should_stop: clear PF_WQ_WORKER; return 0"},
    {at(RescuerThreadLine::Schedule), "  schedule()   /* until send_mayday() wakes it */"},
    {kNone, "  goto repeat"},
};

const std::vector<ListingLine> kRescuerThreadV6_12_0 = joined({
    {{kNone, "rescuer_thread(rescuer):   /* v6.12.0: takes every item of a pwq at once */"}},
    kRescuerRepeat,
    {{kNone, "    pwq = first pwq of wq->maydays; pool = its pool"}},
    kRescuerAttach,
    {{at(RescuerThreadLine::Slurp), "    for each work on pool->worklist:   /* the slurp */"},
     {at(RescuerThreadLine::Assign), "      if work belongs to pwq and assign_work(work, rescuer) takes it:"},
     {kNone, "        pwq->stats[PWQ_STAT_RESCUED] += 1"},
     {kNone, "    if rescuer->scheduled is not empty:"},
     {at(RescuerThreadLine::Process), "      process_scheduled_works(rescuer)   /* all of them, in order */"},
     {kNone, "      if pwq->nr_active and need_to_create_worker(pool):   /* still starving */"},
     {kNone, "        if wq still has its rescuer and pwq is off wq->maydays:"},
     {at(RescuerThreadLine::Requeue), "          get_pwq(pwq); append pwq to wq->maydays"},
     {at(RescuerThreadLine::PutPwq), "    put_pwq(pwq)   /* send_mayday()'s reference, pool still locked */"},
     {at(RescuerThreadLine::Kick), "    kick_pool(pool)   /* wake a regular worker before leaving */"},
     {kNone, "    unlock pool->lock"},
     {at(RescuerThreadLine::Detach), "    worker_detach_from_pool(rescuer)"}},
    kRescuerSleep,
});

const std::vector<ListingLine> kRescuerThreadV6_12_118 = joined({
    {{kNone, "rescuer_thread(rescuer):   /* 6.12.118: one item at a time, behind a cursor */"}},
    kRescuerRepeat,
    {{kNone, "    pwq = first pwq of wq->maydays; pool = its pool; count = 0"}},
    kRescuerAttach,
    {{at(RescuerThreadLine::AssignRescuerWork), "    while assign_rescuer_work(pwq, rescuer) found an item:"},
     {at(RescuerThreadLine::Process), "      process_scheduled_works(rescuer)   /* that one item */"},
     {at(RescuerThreadLine::Batch), "      if ++count > RESCUER_BATCH and wq->maydays is not empty"},
     {kNone, "         and pwq->nr_active and need_to_create_worker(pool):"},
     {kNone, "        if wq still has its rescuer and pwq is off wq->maydays:"},
     {at(RescuerThreadLine::BatchRequeue), "          get_pwq(pwq); append pwq to wq->maydays"},
     {kNone, "        break   /* the other pwqs go first */"},
     {kNone, "    if the cursor is on the worklist and pwq is off wq->maydays:"},
     {at(RescuerThreadLine::CursorDel), "      take the cursor off the worklist   /* nobody would watch it */"},
     {at(RescuerThreadLine::Kick), "    kick_pool(pool)   /* wake a regular worker before leaving */"},
     {kNone, "    unlock pool->lock"},
     {at(RescuerThreadLine::Detach), "    worker_detach_from_pool(rescuer)"},
     {at(RescuerThreadLine::PutPwqUnlocked), "    put_pwq_unlocked(pwq)   /* send_mayday()'s reference, once detached */"}},
    kRescuerSleep,
});

const std::vector<ListingLine> kAssignRescuerWork = {
    {kNone, "assign_rescuer_work(pwq, rescuer):   /* 6.12.118, pool->lock held */"},
    {kNone, "  pool = pwq->pool; cursor = pwq->mayday_cursor"},
    {at(AssignRescuerWorkLine::NeedRescue), "  if pwq->nr_active is 0 or not need_to_create_worker(pool): return false"},
    {at(AssignRescuerWorkLine::Search), "  work = cursor on the worklist ? the entry after it : the worklist's head"},
    {at(AssignRescuerWorkLine::Walk), "  for work and each entry after it, to the worklist's end:"},
    {at(AssignRescuerWorkLine::AssignWork), "    if work belongs to pwq and assign_work(work, rescuer, &n) takes it:"},
    {at(AssignRescuerWorkLine::Rescued), "      pwq->stats[PWQ_STAT_RESCUED] += 1"},
    {at(AssignRescuerWorkLine::MoveCursor), "      move the cursor to just before n   /* where the next search starts */"},
    {at(AssignRescuerWorkLine::ReturnTrue), "      return true"},
    {at(AssignRescuerWorkLine::ReturnFalse), "  return false"},
};

const std::vector<ListingLine> kPoolMaydayTimeout = {
    {kNone, "static void pool_mayday_timeout(struct timer_list *t)"},
    {kNone, "{"},
    {kNone, "  struct worker_pool *pool = from_timer(pool, t, mayday_timer);"},
    {kNone, "  struct work_struct *work;"},
    {kNone, "  raw_spin_lock_irq(&pool->lock);"},
    {kNone, "  raw_spin_lock(&wq_mayday_lock);"},
    {at(PoolMaydayTimeoutLine::NeedToCreate), "  if (need_to_create_worker(pool)) {"},
    {kNone, "    /* We've been trying to create a new worker but haven't been"},
    {kNone, "     * successful. We might be hitting an allocation deadlock."},
    {kNone, "     * Send distress signals to rescuers. */"},
    {kNone, "    list_for_each_entry(work, &pool->worklist, entry)"},
    {at(PoolMaydayTimeoutLine::SendMayday), "      send_mayday(work);"},
    {kNone, "  }"},
    {kNone, "  raw_spin_unlock(&wq_mayday_lock);"},
    {kNone, "  raw_spin_unlock_irq(&pool->lock);"},
    {at(PoolMaydayTimeoutLine::ModTimer), "  mod_timer(&pool->mayday_timer, jiffies + MAYDAY_INTERVAL);"},
    {kNone, "}"},
};

const std::vector<ListingLine> kSendMayday = {
    {kNone, "static void send_mayday(struct work_struct *work)"},
    {kNone, "{"},
    {kNone, "  struct pool_workqueue *pwq = get_work_pwq(work);"},
    {kNone, "  struct workqueue_struct *wq = pwq->wq;"},
    {kNone, "  /* mayday mayday mayday */"},
    {kNone, "  if (!wq->rescuer)"},
    {kNone, "    return;"},
    {kNone, "  if (list_empty(&pwq->mayday_node)) {"},
    {kNone, "    get_pwq(pwq);   /* the rescuer drops it when done */"},
    {kNone, "    list_add_tail(&pwq->mayday_node, &wq->maydays);"},
    {at(SendMaydayLine::WakeRescuer), "    wake_up_process(wq->rescuer->task);"},
    {kNone, "    pwq->stats[PWQ_STAT_MAYDAY]++;"},
    {kNone, "  }"},
    {kNone, "}"},
};

const std::vector<ListingLine> kKthread = {
    {kNone, "static int kthread(void *_create)   /* kernel/kthread.c */"},
    {kNone, "{"},
    {kNone, "  struct kthread_create_info *create = _create;"},
    {kNone, "  int (*threadfn)(void *data) = create->threadfn;"},
    {kNone, "  void *data = create->data;"},
    {kNone, "  /* OK, tell user we're spawned, wait for stop or wakeup */"},
    {kNone, "  __set_current_state(TASK_UNINTERRUPTIBLE);"},
    {kNone, "  create->result = current;"},
    {at(KthreadLine::Complete), "  complete(done);"},
    {at(KthreadLine::Schedule), "  schedule_preempt_disabled();"},
    {kNone, "  ret = -EINTR;"},
    {kNone, "  if (!test_bit(KTHREAD_SHOULD_STOP, &self->flags))"},
    {at(KthreadLine::Threadfn), "    ret = threadfn(data);   /* worker_thread(worker) */"},
    {kNone, "  do_exit(ret);"},
    {kNone, "}"},
};

const std::vector<ListingLine> kDrainWorkqueue = {
    {kNone, "void drain_workqueue(struct workqueue_struct *wq)"},
    {kNone, "{"},
    {kNone, "  unsigned int flush_cnt = 0;"},
    {kNone, "  mutex_lock(&wq->mutex);"},
    {at(DrainWorkqueueLine::Draining), "  if (!wq->nr_drainers++)"},
    {kNone, "    wq->flags |= __WQ_DRAINING;   /* only chained queueing from now */"},
    {kNone, "  mutex_unlock(&wq->mutex);"},
    {kNone, "reflush:"},
    {at(DrainWorkqueueLine::Flush), "  __flush_workqueue(wq);"},
    {kNone, "  mutex_lock(&wq->mutex);"},
    {kNone, "  for_each_pwq(pwq, wq) {"},
    {kNone, "    if (pwq_is_empty(pwq))   /* under pool->lock */"},
    {kNone, "      continue;"},
    {kNone, "    if (++flush_cnt == 10 || (flush_cnt % 100 == 0 && flush_cnt <= 1000))"},
    {at(DrainWorkqueueLine::Incomplete),
     "      pr_warn(\"workqueue %s: %s() isn't complete after %u tries\\n\", ...);"},
    {kNone, "    mutex_unlock(&wq->mutex);"},
    {kNone, "    goto reflush;"},
    {kNone, "  }"},
    {at(DrainWorkqueueLine::Done), "  if (!--wq->nr_drainers)"},
    {kNone, "    wq->flags &= ~__WQ_DRAINING;"},
    {kNone, "  mutex_unlock(&wq->mutex);"},
    {kNone, "}"},
};

const std::vector<ListingLine> kDestroyWorkqueue = {
    {kNone, "void destroy_workqueue(struct workqueue_struct *wq)"},
    {kNone, "{"},
    {kNone, "  /* mark the workqueue destruction is in progress */"},
    {kNone, "  mutex_lock(&wq->mutex);"},
    {at(DestroyWorkqueueLine::Destroying), "  wq->flags |= __WQ_DESTROYING;"},
    {kNone, "  mutex_unlock(&wq->mutex);"},
    {kNone, "  /* drain it before proceeding with destruction */"},
    {at(DestroyWorkqueueLine::Drain), "  drain_workqueue(wq);"},
    {kNone, "  /* kill rescuer, if sanity checks fail, leave it w/o rescuer */"},
    {kNone, "  if (wq->rescuer) {"},
    {kNone, "    struct worker *rescuer = wq->rescuer;"},
    {kNone, "    raw_spin_lock_irq(&wq_mayday_lock);"},
    {kNone, "    wq->rescuer = NULL;   /* this prevents new queueing */"},
    {kNone, "    raw_spin_unlock_irq(&wq_mayday_lock);"},
    {kNone, "    /* rescuer will empty maydays list before exiting */"},
    {at(DestroyWorkqueueLine::KthreadStop), "    kthread_stop(rescuer->task);"},
    {kNone, "    kfree(rescuer);"},
    {kNone, "  }"},
    {kNone, "  /* sanity checks */"},
    {kNone, "  for_each_pwq(pwq, wq) {"},
    {at(DestroyWorkqueueLine::SanityCheck), "    if (WARN_ON(pwq_busy(pwq))) {"},
    {kNone, "      pr_warn(\"%s: %s has the following busy pwq\\n\", __func__, wq->name);"},
    {kNone, "      show_pwq(pwq);"},
    {kNone, "      show_one_workqueue(wq);"},
    {kNone, "      return;   /* the workqueue is leaked */"},
    {kNone, "    }"},
    {kNone, "  }"},
    {kNone, "  list_del_rcu(&wq->list);"},
    {kNone, "  /* put the base ref of every pwq: the last put frees @wq */"},
    {kNone, "}"},
};

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

}  // namespace

std::vector<std::string> program_listing(const World& w, int32_t work) {
  const int32_t program = program_of_work(w, work);
  std::vector<std::string> lines;
  lines.push_back("static void " + func_name(w, program) + "(struct work_struct *work)   /* " + work_name(w, work) +
                  " */");
  lines.emplace_back("{");
  if (const Program* prog = find_program(w, program))
    for (const Op& op : prog->ops) lines.push_back("  " + op_code(w, op));
  lines.emplace_back("}");
  return lines;
}

const std::vector<ListingLine>* kernel_listing(KernelFunction f, KernelGeneration g) {
  switch (f) {
    case KernelFunction::Kthread:
      return &kKthread;
    case KernelFunction::WorkerThread:
      return &kWorkerThread;
    case KernelFunction::ManageWorkers:
      return &kManageWorkers;
    case KernelFunction::MaybeCreateWorker:
      return &kMaybeCreateWorker;
    case KernelFunction::CreateWorker:
      return &kCreateWorker;
    case KernelFunction::ProcessScheduledWorks:
      return &kProcessScheduledWorks;
    case KernelFunction::ProcessOneWork:
      return &kProcessOneWork;
    case KernelFunction::RescuerThread:
      return rescuer_cursor_one_by_one(g) ? &kRescuerThreadV6_12_118 : &kRescuerThreadV6_12_0;
    case KernelFunction::AssignRescuerWork:
      return rescuer_cursor_one_by_one(g) ? &kAssignRescuerWork : nullptr;
    case KernelFunction::PoolMaydayTimeout:
      return &kPoolMaydayTimeout;
    case KernelFunction::SendMayday:
      return &kSendMayday;
    case KernelFunction::DrainWorkqueue:
      return &kDrainWorkqueue;
    case KernelFunction::DestroyWorkqueue:
      return &kDestroyWorkqueue;
    case KernelFunction::Kthreadd:
    case KernelFunction::WorkFunction:
      break;
  }
  return nullptr;
}

}  // namespace cmwq::web
