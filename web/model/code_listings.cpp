// The Code panel's listings: kernel functions as short pseudo-code (our own summaries,
// in the kernel's structure and names), each marked line tagged with its line enum.
// A row is {{its kernel line in v6.12.0, in 6.12.118}, line enum, text}; {} for a row
// that stands for no kernel statement (code_listings.h says where the numbers come from).
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
    {{3336, 3373}, kNone, "static int worker_thread(void *__worker)"},
    {{}, kNone, "{"},
    {{3338, 3375}, kNone, "  struct worker *worker = __worker;"},
    {{3339, 3376}, kNone, "  struct worker_pool *pool = worker->pool;"},
    {{3343, 3380}, at(WorkerThreadLine::WokeUp), "woke_up:"},
    {{3344, 3381}, kNone, "  raw_spin_lock_irq(&pool->lock);"},
    {{3347, 3384}, at(WorkerThreadLine::Die), "  if (unlikely(worker->flags & WORKER_DIE)) {"},
    {{3348, 3385}, kNone, "    raw_spin_unlock_irq(&pool->lock);"},
    {{3349, 3386}, kNone, "    set_pf_worker(false);"},
    {{3354, 3391}, kNone, "    worker->pool = NULL;   /* detach_dying_workers() detached it */"},
    {{3355, 3392}, kNone, "    ida_free(&pool->worker_ida, worker->id);"},
    {{3356, 3393}, at(WorkerThreadLine::Return), "    return 0;"},
    {{}, kNone, "  }"},
    {{3359, 3396}, at(WorkerThreadLine::LeaveIdle), "  worker_leave_idle(worker);"},
    {{3360, 3397}, at(WorkerThreadLine::Recheck), "recheck:"},
    {{3362, 3399}, kNone, "  if (!need_more_worker(pool))"},
    {{3363, 3400}, kNone, "    goto sleep;"},
    {{}, kNone, "  /* do we need to manage? */"},
    {{3366, 3403}, at(WorkerThreadLine::Manage), "  if (unlikely(!may_start_working(pool)) && manage_workers(worker))"},
    {{3367, 3404}, kNone, "    goto recheck;"},
    {{3383, 3420}, at(WorkerThreadLine::ClearPrep), "  worker_clr_flags(worker, WORKER_PREP | WORKER_REBOUND);"},
    {{3385, 3422}, kNone, "  do {"},
    {{3386, 3423}, kNone, "    struct work_struct *work ="},
    {{3387, 3424}, kNone, "      list_first_entry(&pool->worklist, struct work_struct, entry);"},
    {{3390, 3427}, kNone, "    if (assign_work(work, worker, NULL))"},
    {{3391, 3428}, at(WorkerThreadLine::Process), "      process_scheduled_works(worker);"},
    {{3392, 3429}, kNone, "  } while (keep_working(pool));"},
    {{3394, 3431}, kNone, "  worker_set_flags(worker, WORKER_PREP);"},
    {{3395, 3432}, kNone, "sleep:"},
    {{3403, 3440}, at(WorkerThreadLine::EnterIdle), "  worker_enter_idle(worker);"},
    {{3404, 3441}, kNone, "  __set_current_state(TASK_IDLE);"},
    {{3405, 3442}, kNone, "  raw_spin_unlock_irq(&pool->lock);"},
    {{3406, 3443}, at(WorkerThreadLine::Schedule), "  schedule();"},
    {{3407, 3444}, kNone, "  goto woke_up;"},
    {{}, kNone, "}"},
};

const std::vector<ListingLine> kManageWorkers = {
    {{3096, 3133}, kNone, "static bool manage_workers(struct worker *worker)"},
    {{}, kNone, "{"},
    {{3098, 3135}, kNone, "  struct worker_pool *pool = worker->pool;"},
    {{3100, 3137}, kNone, "  if (pool->flags & POOL_MANAGER_ACTIVE)"},
    {{3101, 3138}, kNone, "    return false;"},
    {{3103, 3140}, at(ManageWorkersLine::Active), "  pool->flags |= POOL_MANAGER_ACTIVE;"},
    {{3104, 3141}, kNone, "  pool->manager = worker;"},
    {{3106, 3143}, at(ManageWorkersLine::MaybeCreateWorker), "  maybe_create_worker(pool);"},
    {{3108, 3145}, kNone, "  pool->manager = NULL;"},
    {{3109, 3146}, at(ManageWorkersLine::Inactive), "  pool->flags &= ~POOL_MANAGER_ACTIVE;"},
    {{3110, 3147}, kNone, "  rcuwait_wake_up(&manager_wait);"},
    {{3111, 3148}, kNone, "  return true;"},
    {{}, kNone, "}"},
};

const std::vector<ListingLine> kMaybeCreateWorker = {
    {{3043, 3080}, kNone, "static void maybe_create_worker(struct worker_pool *pool)"},
    {{}, kNone, "{"},
    {{3047, 3084}, kNone, "restart:"},
    {{3048, 3085}, kNone, "  raw_spin_unlock_irq(&pool->lock);"},
    {{}, kNone, "  /* if we don't make progress in MAYDAY_INITIAL_TIMEOUT, call for help */"},
    {{3051, 3088},
     at(MaybeCreateWorkerLine::ModTimer),
     "  mod_timer(&pool->mayday_timer, jiffies + MAYDAY_INITIAL_TIMEOUT);"},
    {{3053, 3090}, kNone, "  while (true) {"},
    {{3054, 3091},
     at(MaybeCreateWorkerLine::CreateWorker),
     "    if (create_worker(pool) || !need_to_create_worker(pool))"},
    {{3055, 3092}, kNone, "      break;"},
    {{3057, 3094}, at(MaybeCreateWorkerLine::Cooldown), "    schedule_timeout_interruptible(CREATE_COOLDOWN);"},
    {{3059, 3096}, kNone, "    if (!need_to_create_worker(pool))"},
    {{3060, 3097}, kNone, "      break;"},
    {{}, kNone, "  }"},
    {{3063, 3100}, at(MaybeCreateWorkerLine::DelTimer), "  del_timer_sync(&pool->mayday_timer);"},
    {{3064, 3101}, kNone, "  raw_spin_lock_irq(&pool->lock);"},
    {{}, kNone, "  /* the new worker may already be busy: need another? */"},
    {{3070, 3107}, kNone, "  if (need_to_create_worker(pool))"},
    {{3071, 3108}, kNone, "    goto restart;"},
    {{}, kNone, "}"},
};

const std::vector<ListingLine> kCreateWorker = {
    {{2768, 2805}, kNone, "static struct worker *create_worker(struct worker_pool *pool)"},
    {{}, kNone, "{"},
    {{2774, 2811}, at(CreateWorkerLine::IdaAlloc), "  id = ida_alloc(&pool->worker_ida, GFP_KERNEL);"},
    {{2781, 2818},
     at(CreateWorkerLine::AllocWorker),
     "  worker = alloc_worker(pool->node);   /* kzalloc(GFP_KERNEL) */"},
    {{2782, 2819}, kNone, "  if (!worker)"},
    {{2784, 2821}, kNone, "    goto fail;"},
    {{2787, 2824}, kNone, "  worker->id = id;"},
    {{2793, 2830},
     at(CreateWorkerLine::KthreadCreate),
     "  worker->task = kthread_create_on_node(worker_thread, worker,"},
    {{2794, 2831},
     kNone,
     "                                        pool->node, \"%s\", id_buf);   /* id_buf: \"kworker/0:1\" */"},
    {{2795, 2832}, kNone, "  if (IS_ERR(worker->task)) {"},
    {{2800, 2837},
     at(CreateWorkerLine::Fail),
     "    pr_err_once(\"workqueue: Failed to create a worker thread: %pe\", ...);"},
    {{2803, 2840}, kNone, "    goto fail;"},
    {{}, kNone, "  }"},
    {{2806, 2843}, kNone, "  set_user_nice(worker->task, pool->attrs->nice);"},
    {{2811, 2848}, kNone, "  worker_attach_to_pool(worker, pool);"},
    {{2816, 2853}, kNone, "  worker->pool->nr_workers++;"},
    {{2817, 2854}, kNone, "  worker_enter_idle(worker);"},
    {{2825, 2862}, at(CreateWorkerLine::WakeUp), "  wake_up_process(worker->task);"},
    {{2829, 2866}, kNone, "  return worker;"},
    {{2831, 2868}, kNone, "fail:"},
    {{2832, 2869}, kNone, "  ida_free(&pool->worker_ida, id);"},
    {{2833, 2870}, kNone, "  kfree(worker);"},
    {{2834, 2871}, kNone, "  return NULL;"},
    {{}, kNone, "}"},
};

const std::vector<ListingLine> kProcessScheduledWorks = {
    {{3299, 3336}, kNone, "static void process_scheduled_works(struct worker *worker)"},
    {{}, kNone, "{"},
    {{3301, 3338}, kNone, "  struct work_struct *work;"},
    {{3302, 3339}, kNone, "  bool first = true;"},
    {{3304, 3341},
     at(ProcessScheduledWorksLine::Next),
     "  while ((work = list_first_entry_or_null(&worker->scheduled,"},
    {{3305, 3342}, kNone, "                                           struct work_struct, entry))) {"},
    {{3306, 3343}, kNone, "    if (first) {"},
    {{3307, 3344}, kNone, "      worker->pool->watchdog_ts = jiffies;"},
    {{3308, 3345}, kNone, "      first = false;"},
    {{}, kNone, "    }"},
    {{3310, 3347}, at(ProcessScheduledWorksLine::ProcessOneWork), "    process_one_work(worker, work);"},
    {{}, kNone, "  }"},
    {{}, kNone, "}"},
};

const std::vector<ListingLine> kProcessOneWork = {
    {{3128, 3165}, kNone, "static void process_one_work(struct worker *worker, struct work_struct *work)"},
    {{}, kNone, "{"},
    {{3132, 3169}, kNone, "  struct pool_workqueue *pwq = get_work_pwq(work);"},
    {{3133, 3170}, kNone, "  struct worker_pool *pool = worker->pool;"},
    {{3155, 3192}, kNone, "  hash_add(pool->busy_hash, &worker->hentry, (unsigned long)work);"},
    {{3156, 3193}, kNone, "  worker->current_work = work;"},
    {{3157, 3194}, kNone, "  worker->current_func = work->func;"},
    {{3158, 3195}, kNone, "  worker->current_pwq = pwq;"},
    {{3170, 3207}, kNone, "  list_del_init(&work->entry);"},
    {{3178, 3215}, kNone, "  if (unlikely(pwq->wq->flags & WQ_CPU_INTENSIVE))"},
    {{3179, 3216}, kNone, "    worker_set_flags(worker, WORKER_CPU_INTENSIVE);"},
    {{3187, 3224}, kNone, "  kick_pool(pool);   /* chain execution if we don't count */"},
    {{3195, 3232}, kNone, "  set_work_pool_and_clear_pending(work, pool->id, pool_offq_flags(pool));"},
    {{3197, 3234}, kNone, "  pwq->stats[PWQ_STAT_STARTED]++;"},
    {{3198, 3235}, kNone, "  raw_spin_unlock_irq(&pool->lock);"},
    {{3228, 3265}, at(ProcessOneWorkLine::ExecuteStart), "  trace_workqueue_execute_start(work);"},
    {{3229, 3266}, at(ProcessOneWorkLine::CurrentFunc), "  worker->current_func(work);"},
    {{3234, 3271}, at(ProcessOneWorkLine::ExecuteEnd), "  trace_workqueue_execute_end(work, worker->current_func);"},
    {{3235, 3272}, kNone, "  pwq->stats[PWQ_STAT_COMPLETED]++;"},
    {{3262, 3299}, at(ProcessOneWorkLine::CondResched), "  cond_resched();"},
    {{3264, 3301}, kNone, "  raw_spin_lock_irq(&pool->lock);"},
    {{3271, 3308}, kNone, "  worker_clr_flags(worker, WORKER_CPU_INTENSIVE);"},
    {{3277, 3314}, kNone, "  hash_del(&worker->hentry);"},
    {{3278, 3315}, kNone, "  worker->current_work = NULL;"},
    {{3279, 3316}, kNone, "  worker->current_func = NULL;"},
    {{3280, 3317}, kNone, "  worker->current_pwq = NULL;"},
    {{3284, 3321}, kNone, "  pwq_dec_nr_in_flight(pwq, work_data);"},
    {{}, kNone, "}"},
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
    {{3434, 3500}, kNone, "  wq = the workqueue this rescuer serves"},
    {{3437, 3503}, kNone, "  nice -20; PF_WQ_WORKER set, WORKER_PREP never cleared (not counted)"},
    {{3444, 3510}, kNone, "repeat:"},
    {{3445, 3511}, kNone, "  state = TASK_IDLE; should_stop = kthread_should_stop()"},
    {{3458, 3524}, kNone, "  lock wq_mayday_lock"},
    {{3460, 3526}, at(RescuerThreadLine::Maydays), "  while wq->maydays has a pwq:"},
};

const std::vector<ListingLine> kRescuerAttach = {
    {{3466, 3532}, kNone, "    state = TASK_RUNNING; take pwq off wq->maydays"},
    {{3469, 3535}, kNone, "    unlock wq_mayday_lock"},
    {{3471, 3537},
     at(RescuerThreadLine::Attach),
     "    worker_attach_to_pool(rescuer, pool)   /* onto the pool's CPUs */"},
    {{3473, 3539}, kNone, "    lock pool->lock"},
};

const std::vector<ListingLine> kRescuerSleep = {
    {{3528, 3587}, kNone, "    lock wq_mayday_lock"},
    {{3531, 3590}, kNone, "  unlock wq_mayday_lock"},
    {{3536, 3595}, at(RescuerThreadLine::Return), "  if should_stop: clear PF_WQ_WORKER; return 0"},
    {{3541, 3600}, at(RescuerThreadLine::Schedule), "  schedule()   /* until send_mayday() wakes it */"},
    {{3542, 3601}, kNone, "  goto repeat"},
};

const std::vector<ListingLine> kRescuerThreadV6_12_0 = joined({
    {{{3431, 0}, kNone, "rescuer_thread(rescuer):   /* v6.12.0: takes every item of a pwq at once */"}},
    kRescuerRepeat,
    {{{3461, 0}, kNone, "    pwq = first pwq of wq->maydays; pool = its pool"}},
    kRescuerAttach,
    {{{3480, 0}, at(RescuerThreadLine::Slurp), "    for each work on pool->worklist:   /* the slurp */"},
     {{3481, 0},
      at(RescuerThreadLine::Assign),
      "      if work belongs to pwq and assign_work(work, rescuer) takes it:"},
     {{3483, 0}, kNone, "        pwq->stats[PWQ_STAT_RESCUED] += 1"},
     {{3486, 0}, kNone, "    if rescuer->scheduled is not empty:"},
     {{3487, 0},
      at(RescuerThreadLine::Process),
      "      process_scheduled_works(rescuer)   /* all of them, in order */"},
     {{3498, 0}, kNone, "      if pwq->nr_active and need_to_create_worker(pool):   /* still starving */"},
     {{3504, 0}, kNone, "        if wq still has its rescuer and pwq is off wq->maydays:"},
     {{3506, 0}, at(RescuerThreadLine::Requeue), "          get_pwq(pwq); append pwq to wq->maydays"},
     {{3516, 0},
      at(RescuerThreadLine::PutPwq),
      "    put_pwq(pwq)   /* send_mayday()'s reference, pool still locked */"},
     {{3522, 0}, at(RescuerThreadLine::Kick), "    kick_pool(pool)   /* wake a regular worker before leaving */"},
     {{3524, 0}, kNone, "    unlock pool->lock"},
     {{3526, 0}, at(RescuerThreadLine::Detach), "    worker_detach_from_pool(rescuer)"}},
    kRescuerSleep,
});

const std::vector<ListingLine> kRescuerThreadV6_12_118 = joined({
    {{{0, 3497}, kNone, "rescuer_thread(rescuer):   /* 6.12.118: one item at a time, behind a cursor */"}},
    kRescuerRepeat,
    {{{0, 3527}, kNone, "    pwq = first pwq of wq->maydays; pool = its pool; count = 0"}},
    kRescuerAttach,
    {{{0, 3543},
      at(RescuerThreadLine::AssignRescuerWork),
      "    while assign_rescuer_work(pwq, rescuer) found an item:"},
     {{0, 3544}, at(RescuerThreadLine::Process), "      process_scheduled_works(rescuer)   /* that one item */"},
     {{0, 3551}, at(RescuerThreadLine::Batch), "      if ++count > RESCUER_BATCH and wq->maydays is not empty"},
     {{0, 3552}, kNone, "         and pwq->nr_active and need_to_create_worker(pool):"},
     {{0, 3558}, kNone, "        if wq still has its rescuer and pwq is off wq->maydays:"},
     {{0, 3560}, at(RescuerThreadLine::BatchRequeue), "          get_pwq(pwq); append pwq to wq->maydays"},
     {{0, 3563}, kNone, "        break   /* the other pwqs go first */"},
     {{0, 3568}, kNone, "    if the cursor is on the worklist and pwq is off wq->maydays:"},
     {{0, 3569},
      at(RescuerThreadLine::CursorDel),
      "      take the cursor off the worklist   /* nobody would watch it */"},
     {{0, 3575}, at(RescuerThreadLine::Kick), "    kick_pool(pool)   /* wake a regular worker before leaving */"},
     {{0, 3577}, kNone, "    unlock pool->lock"},
     {{0, 3579}, at(RescuerThreadLine::Detach), "    worker_detach_from_pool(rescuer)"},
     {{0, 3585},
      at(RescuerThreadLine::PutPwqUnlocked),
      "    put_pwq_unlocked(pwq)   /* send_mayday()'s reference, once detached */"}},
    kRescuerSleep,
});

const std::vector<ListingLine> kAssignRescuerWork = {
    {{0, 3447}, kNone, "assign_rescuer_work(pwq, rescuer):   /* 6.12.118, pool->lock held */"},
    {{0, 3449}, kNone, "  pool = pwq->pool; cursor = pwq->mayday_cursor"},
    {{0, 3454},
     at(AssignRescuerWorkLine::NeedRescue),
     "  if pwq->nr_active is 0 or not need_to_create_worker(pool): return false"},
    {{0, 3458},
     at(AssignRescuerWorkLine::Search),
     "  work = cursor on the worklist ? the entry after it : the worklist's head"},
    {{0, 3464}, at(AssignRescuerWorkLine::Walk), "  for work and each entry after it, to the worklist's end:"},
    {{0, 3465},
     at(AssignRescuerWorkLine::AssignWork),
     "    if work belongs to pwq and assign_work(work, rescuer, &n) takes it:"},
    {{0, 3466}, at(AssignRescuerWorkLine::Rescued), "      pwq->stats[PWQ_STAT_RESCUED] += 1"},
    {{0, 3468},
     at(AssignRescuerWorkLine::MoveCursor),
     "      move the cursor to just before n   /* where the next search starts */"},
    {{0, 3469}, at(AssignRescuerWorkLine::ReturnTrue), "      return true"},
    {{0, 3473}, at(AssignRescuerWorkLine::ReturnFalse), "  return false"},
};

const std::vector<ListingLine> kPoolMaydayTimeout = {
    {{3000, 3037}, kNone, "static void pool_mayday_timeout(struct timer_list *t)"},
    {{}, kNone, "{"},
    {{3002, 3039}, kNone, "  struct worker_pool *pool = from_timer(pool, t, mayday_timer);"},
    {{3003, 3040}, kNone, "  struct work_struct *work;"},
    {{3005, 3042}, kNone, "  raw_spin_lock_irq(&pool->lock);"},
    {{3006, 3043}, kNone, "  raw_spin_lock(&wq_mayday_lock);"},
    {{3008, 3045}, at(PoolMaydayTimeoutLine::NeedToCreate), "  if (need_to_create_worker(pool)) {"},
    {{}, kNone, "    /* We've been trying to create a new worker but haven't been"},
    {{}, kNone, "     * successful. We might be hitting an allocation deadlock."},
    {{}, kNone, "     * Send distress signals to rescuers. */"},
    {{3015, 3052}, kNone, "    list_for_each_entry(work, &pool->worklist, entry)"},
    {{3016, 3053}, at(PoolMaydayTimeoutLine::SendMayday), "      send_mayday(work);"},
    {{}, kNone, "  }"},
    {{3019, 3056}, kNone, "  raw_spin_unlock(&wq_mayday_lock);"},
    {{3020, 3057}, kNone, "  raw_spin_unlock_irq(&pool->lock);"},
    {{3022, 3059}, at(PoolMaydayTimeoutLine::ModTimer), "  mod_timer(&pool->mayday_timer, jiffies + MAYDAY_INTERVAL);"},
    {{}, kNone, "}"},
};

const std::vector<ListingLine> kSendMayday = {
    {{2976, 3013}, kNone, "static void send_mayday(struct work_struct *work)"},
    {{}, kNone, "{"},
    {{2978, 3015}, kNone, "  struct pool_workqueue *pwq = get_work_pwq(work);"},
    {{2979, 3016}, kNone, "  struct workqueue_struct *wq = pwq->wq;"},
    {{}, kNone, "  /* mayday mayday mayday */"},
    {{2983, 3020}, kNone, "  if (!wq->rescuer)"},
    {{2984, 3021}, kNone, "    return;"},
    {{2987, 3024}, kNone, "  if (list_empty(&pwq->mayday_node)) {"},
    {{2993, 3030}, kNone, "    get_pwq(pwq);   /* the rescuer drops it when done */"},
    {{2994, 3031}, kNone, "    list_add_tail(&pwq->mayday_node, &wq->maydays);"},
    {{2995, 3032}, at(SendMaydayLine::WakeRescuer), "    wake_up_process(wq->rescuer->task);"},
    {{2996, 3033}, kNone, "    pwq->stats[PWQ_STAT_MAYDAY]++;"},
    {{}, kNone, "  }"},
    {{}, kNone, "}"},
};

const std::vector<ListingLine> kKthread = {
    {{341, 341}, kNone, "static int kthread(void *_create)   /* kernel/kthread.c */"},
    {{}, kNone, "{"},
    {{345, 345}, kNone, "  struct kthread_create_info *create = _create;"},
    {{346, 346}, kNone, "  int (*threadfn)(void *data) = create->threadfn;"},
    {{347, 347}, kNone, "  void *data = create->data;"},
    {{}, kNone, "  /* OK, tell user we're spawned, wait for stop or wakeup */"},
    {{374, 374}, kNone, "  __set_current_state(TASK_UNINTERRUPTIBLE);"},
    {{375, 375}, kNone, "  create->result = current;"},
    {{381, 381}, at(KthreadLine::Complete), "  complete(done);"},
    {{382, 382}, at(KthreadLine::Schedule), "  schedule_preempt_disabled();"},
    {{385, 385}, kNone, "  ret = -EINTR;"},
    {{386, 386}, kNone, "  if (!test_bit(KTHREAD_SHOULD_STOP, &self->flags))"},
    {{389, 389}, at(KthreadLine::Threadfn), "    ret = threadfn(data);   /* worker_thread(worker) */"},
    {{391, 391}, kNone, "  kthread_exit(ret);"},
    {{}, kNone, "}"},
};

const std::vector<ListingLine> kDrainWorkqueue = {
    {{4071, 4134}, kNone, "void drain_workqueue(struct workqueue_struct *wq)"},
    {{}, kNone, "{"},
    {{4073, 4136}, kNone, "  unsigned int flush_cnt = 0;"},
    {{4081, 4144}, kNone, "  mutex_lock(&wq->mutex);"},
    {{4082, 4145}, at(DrainWorkqueueLine::Draining), "  if (!wq->nr_drainers++)"},
    {{4083, 4146}, kNone, "    wq->flags |= __WQ_DRAINING;   /* only chained queueing from now */"},
    {{4084, 4147}, kNone, "  mutex_unlock(&wq->mutex);"},
    {{4085, 4148}, kNone, "reflush:"},
    {{4086, 4149}, at(DrainWorkqueueLine::Flush), "  __flush_workqueue(wq);"},
    {{4088, 4151}, kNone, "  mutex_lock(&wq->mutex);"},
    {{4090, 4153}, kNone, "  for_each_pwq(pwq, wq) {"},
    {{4094, 4157}, kNone, "    if (pwq_is_empty(pwq))   /* under pool->lock */"},
    {{4098, 4161}, kNone, "      continue;"},
    {{4100, 4163}, kNone, "    if (++flush_cnt == 10 || (flush_cnt % 100 == 0 && flush_cnt <= 1000))"},
    {{4102, 4165},
     at(DrainWorkqueueLine::Incomplete),
     "      pr_warn(\"workqueue %s: %s() isn't complete after %u tries\\n\", ...);"},
    {{4105, 4168}, kNone, "    mutex_unlock(&wq->mutex);"},
    {{4106, 4169}, kNone, "    goto reflush;"},
    {{}, kNone, "  }"},
    {{4109, 4172}, at(DrainWorkqueueLine::Done), "  if (!--wq->nr_drainers)"},
    {{4110, 4173}, kNone, "    wq->flags &= ~__WQ_DRAINING;"},
    {{4111, 4174}, kNone, "  mutex_unlock(&wq->mutex);"},
    {{}, kNone, "}"},
};

const std::vector<ListingLine> kDestroyWorkqueue = {
    {{5813, 5892}, kNone, "void destroy_workqueue(struct workqueue_struct *wq)"},
    {{}, kNone, "{"},
    {{}, kNone, "  /* mark the workqueue destruction is in progress */"},
    {{5825, 5904}, kNone, "  mutex_lock(&wq->mutex);"},
    {{5826, 5905}, at(DestroyWorkqueueLine::Destroying), "  wq->flags |= __WQ_DESTROYING;"},
    {{5827, 5906}, kNone, "  mutex_unlock(&wq->mutex);"},
    {{}, kNone, "  /* drain it before proceeding with destruction */"},
    {{5830, 5909}, at(DestroyWorkqueueLine::Drain), "  drain_workqueue(wq);"},
    {{}, kNone, "  /* kill rescuer, if sanity checks fail, leave it w/o rescuer */"},
    {{5833, 5912}, kNone, "  if (wq->rescuer) {"},
    {{5834, 5913}, kNone, "    struct worker *rescuer = wq->rescuer;"},
    {{5837, 5916}, kNone, "    raw_spin_lock_irq(&wq_mayday_lock);"},
    {{5838, 5917}, kNone, "    wq->rescuer = NULL;   /* this prevents new queueing */"},
    {{5839, 5918}, kNone, "    raw_spin_unlock_irq(&wq_mayday_lock);"},
    {{}, kNone, "    /* rescuer will empty maydays list before exiting */"},
    {{5842, 5921}, at(DestroyWorkqueueLine::KthreadStop), "    kthread_stop(rescuer->task);"},
    {{5843, 5922}, kNone, "    kfree(rescuer);"},
    {{}, kNone, "  }"},
    {{}, kNone, "  /* sanity checks */"},
    {{5852, 5931}, kNone, "  for_each_pwq(pwq, wq) {"},
    {{5854, 5933}, at(DestroyWorkqueueLine::SanityCheck), "    if (WARN_ON(pwq_busy(pwq))) {"},
    {{5855, 5934}, kNone, "      pr_warn(\"%s: %s has the following busy pwq\\n\", __func__, wq->name);"},
    {{5857, 5936}, kNone, "      show_pwq(pwq);"},
    {{5861, 5940}, kNone, "      show_one_workqueue(wq);"},
    {{5862, 5941}, kNone, "      return;   /* the workqueue is leaked */"},
    {{}, kNone, "    }"},
    {{}, kNone, "  }"},
    {{5872, 5951}, kNone, "  list_del_rcu(&wq->list);"},
    {{}, kNone, "  /* put the base ref of every pwq: the last put frees @wq */"},
    {{}, kNone, "}"},
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

const char* kernel_source_file(KernelFunction f) {
  if (f == KernelFunction::WorkFunction) return nullptr;
  const bool kthread = f == KernelFunction::Kthread || f == KernelFunction::Kthreadd;
  return kthread ? "kernel/kthread.c" : "kernel/workqueue.c";
}

int kernel_line_of(const ListingLine& row, KernelGeneration g) {
  int32_t n = 0;
  switch (g) {
    case KernelGeneration::V6_12_0:
      n = row.source.v6_12_0;
      break;
    case KernelGeneration::V6_12_118:
      n = row.source.v6_12_118;
      break;
    case KernelGeneration::Legacy_2_6_35:
      break;  // the listings are CMWQ code: 2.6.35's workqueue.c has none of it
  }
  return n > 0 ? n : -1;
}

int kernel_line_number(const KernelFrame& frame, KernelGeneration g) {
  const std::vector<ListingLine>* listing = kernel_listing(frame.function, g);
  if (!listing) return -1;
  for (const ListingLine& row : *listing)
    if (row.line == frame.line) return kernel_line_of(row, g);
  return -1;
}

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
