// The event schema (see schema.h): one entry per EventType, in the enum's order.
#include "core/trace/schema.h"

#include "core/trace/format.h"
#include "core/trace/text.h"
#include "core/trace/words.h"
#include "core/world_view.h"

namespace cmwq {

std::string EventWords::task() const { return task_name(w, e.task); }
std::string EventWords::work() const { return work_name(w, e.work); }
std::string EventWords::wq() const { return wq_name(w, e.wq); }
std::string EventWords::pool() const { return pool_words(w, e.pool); }
std::string EventWords::pool_id() const { return "pool " + std::to_string(e.pool); }
std::string EventWords::pwq() const { return pwq_words(w, e.pwq); }

namespace {

// --- Building blocks of the entries ---------------------------------------------------

constexpr int64_t value_a(const Event& e) { return e.a; }
constexpr int64_t value_b(const Event& e) { return e.b; }

constexpr EventField number(const char* name, int64_t (*get)(const Event&)) {
  return EventField{name, FieldType::Number, get};
}
constexpr EventField typed(const char* name, FieldType type, int64_t (*get)(const Event&)) {
  return EventField{name, type, get};
}
constexpr EventField message() { return EventField{"message", FieldType::Message, nullptr}; }

constexpr bool always(const Event&, const EventContext&) { return true; }

std::string num(int64_t v) { return std::to_string(v); }

// The function the event's task runs (its current work's), for the messages that print it.
int32_t current_func(const EventWords& d) {
  return d.ctx && d.ctx->task_work >= 0 ? program_of_work(d.w, d.ctx->task_work) : -1;
}

std::string kernel_text(const EventWords& d) { return kernel_message(d.w, d.e, current_func(d)); }

// Who allocates: the work item if a program does, else the task.
std::string allocator(const EventWords& d) {
  if (d.e.work >= 0) return d.work();
  if (d.ctx && d.ctx->task_work >= 0) return work_name(d.w, d.ctx->task_work);
  return d.task();
}

std::string pages_gfp(const Event& e) { return num(e.a) + " pages " + gfp_name(event_gfp(e)); }

// One item of a show_all_workqueues() dump as its own line (a hog's three lines joined).
std::string dump_item(const EventWords& d) {
  size_t next = 0;
  std::string joined;
  for (const std::string& line : dump_event_lines(d.w, std::vector<Event>{d.e}, 0, next))
    joined += (joined.empty() ? "" : "  ") + line;
  return joined;
}

std::string rescuer_created(const EventWords& d) { return d.task() + " created: the rescuer of " + d.wq(); }

std::string worker_created(const EventWords& d) {
  std::string s = d.task() + " created for " + d.pool();
  if (d.ctx && d.ctx->creator >= 0) s += " by its manager " + task_name(d.w, d.ctx->creator);
  return s;
}

std::string pages_freed(const EventWords& d) {
  const std::string pages = num(d.e.a) + " pages";
  switch (freed_reason(d.e)) {
    case PagesFreedReason::Reclaim: {
      const int32_t work = d.ctx ? d.ctx->reclaim_work : -1;
      return (work >= 0 ? work_name(d.w, work) : std::string("reclaim")) + " (writeback) frees " + pages +
             " of page cache";
    }
    case PagesFreedReason::Free:
      return "a work item frees " + pages;
    case PagesFreedReason::Release:
      return "the memory hog releases " + pages;
    case PagesFreedReason::WorkerExit:
      return "a worker exits: " + pages + " of its struct, task and stack are free";
  }
  return pages + " free";
}

// --- The table ------------------------------------------------------------------------

constexpr EventSchema kSchema[] = {
    // --- Scheduler ---
    {.type = EventType::SchedSwitch,
     .name = "sched_switch",
     .group = EventGroup::Sched,
     .ids = kIdCpu | kIdTask,
     .fields = {number("next", value_a), typed("next_comm", FieldType::Comm, value_a),
                typed("prev_state", FieldType::StateChar, value_b)},
     .ftrace = true,
     .describe =
         [](const EventWords& d) {
           const int32_t next = switch_next(d.e);
           return "CPU " + num(d.e.cpu) + " switches from " + (d.e.task >= 0 ? d.task() : "the idle task") + " (" +
                  (d.e.task >= 0 ? std::string(1, switch_prev_state(d.e)) : "R") + ") to " +
                  (next >= 0 ? task_name(d.w, next) : "the idle task");
         }},
    {.type = EventType::SchedWakeup,
     .name = "sched_wakeup",
     .group = EventGroup::Sched,
     .ids = kIdCpu | kIdTask,
     .ftrace = true,
     .describe = [](const EventWords& d) { return d.task() + " is woken up on CPU " + num(d.e.cpu); }},
    {.type = EventType::SchedMigrate,
     .name = "sched_migrate_task",
     .group = EventGroup::Sched,
     .ids = kIdCpu | kIdTask,
     .fields = {number("orig_cpu", value_a)},
     .describe =
         [](const EventWords& d) {
           return "comm=" + d.task() + " orig_cpu=" + num(d.e.a) + " dest_cpu=" + num(d.e.cpu);
         }},
    {.type = EventType::TaskNew,
     .name = "task_newtask",
     .group = EventGroup::Sched,
     .ids = kIdCpu | kIdTask,
     .describe = [](const EventWords& d) { return "comm=" + d.task() + " (new kernel thread)"; }},
    {.type = EventType::TaskExit,
     .name = "sched_process_exit",
     .group = EventGroup::Sched,
     .ids = kIdCpu | kIdTask,
     .describe = [](const EventWords& d) { return "comm=" + d.task() + " exited"; }},
    // --- Workqueue tracepoints ---
    {.type = EventType::QueueWork,
     .name = "workqueue_queue_work",
     .group = EventGroup::Workqueue,
     .ids = kIdCpu | kIdTask | kIdWork | kIdPool | kIdPwq | kIdWq,
     .fields = {number("req_cpu", value_a), number("pool_cpu", value_b)},
     .ftrace = true,
     .describe = [](const EventWords& d) { return d.work() + " is queued on " + d.wq() + " for " + d.pool(); }},
    {.type = EventType::ActivateWork,
     .name = "workqueue_activate_work",
     .group = EventGroup::Workqueue,
     .ids = kIdCpu | kIdTask | kIdWork | kIdPool | kIdPwq | kIdWq,
     .ftrace = true,
     .describe = [](const EventWords& d) { return d.work() + " becomes active on the worklist of " + d.pool(); }},
    {.type = EventType::ExecuteStart,
     .name = "workqueue_execute_start",
     .group = EventGroup::Workqueue,
     .ids = kIdCpu | kIdTask | kIdWork | kIdPool | kIdPwq | kIdWq,
     .ftrace = true,
     .describe =
         [](const EventWords& d) {
           return d.task() + " starts executing " + d.work() + " (" + func_name(d.w, program_of_work(d.w, d.e.work)) +
                  ")";
         }},
    {.type = EventType::ExecuteEnd,
     .name = "workqueue_execute_end",
     .group = EventGroup::Workqueue,
     .ids = kIdCpu | kIdTask | kIdWork | kIdPool | kIdPwq | kIdWq,
     .ftrace = true,
     .describe = [](const EventWords& d) { return d.task() + " finishes executing " + d.work(); }},
    // --- Work programs ---
    {.type = EventType::WorkOp,
     .name = "work_op",
     .group = EventGroup::WorkOps,
     .ids = kIdCpu | kIdTask | kIdWork | kIdPool | kIdPwq,
     .fields = {typed("op", FieldType::Op, value_a), number("pc", value_b)},
     .describe =
         [](const EventWords& d) { return d.work() + " starts `" + op_text_at(d.w, d.e.work, event_pc(d.e)) + "`"; }},
    {.type = EventType::WorkOpDone,
     .name = "work_op_done",
     .group = EventGroup::WorkOps,
     .ids = kIdCpu | kIdTask | kIdWork | kIdPool | kIdPwq,
     .fields = {typed("op", FieldType::Op, value_a), number("pc", value_b)},
     .describe =
         [](const EventWords& d) {
           return d.work() + " returns from `" + op_text_at(d.w, d.e.work, event_pc(d.e)) + "`";
         }},
    // --- Worker lifecycle and concurrency management ---
    {.type = EventType::WorkerCreated,
     .name = "worker_created",
     .group = EventGroup::Workers,
     .ids = kIdTask | kIdPool | kIdWq,
     .fields = {number("worker_id", value_a), typed("rescuer", FieldType::Flag, value_b)},
     .kernel_table = [](const Event& e, const EventContext& c) { return !worker_is_rescuer(e) && c.creator >= 0; },
     .mark = TimelineMark::Task,
     .glyph = MarkerGlyph::Plus,
     .tone = MarkerTone::Created,
     .legend = "worker created",
     .context = true,
     .describe = [](const EventWords& d) { return worker_is_rescuer(d.e) ? rescuer_created(d) : worker_created(d); }},
    {.type = EventType::WorkerDestroyed,
     .name = "worker_destroyed",
     .group = EventGroup::Workers,
     .ids = kIdTask | kIdPool | kIdWq,
     .fields = {number("worker_id", value_a), typed("rescuer", FieldType::Flag, value_b)},
     .kernel_table = always,
     .mark = TimelineMark::Task,
     .glyph = MarkerGlyph::Cross,
     .tone = MarkerTone::Destroyed,
     .legend = "worker destroyed",
     .describe =
         [](const EventWords& d) {
           if (worker_is_rescuer(d.e)) return d.task() + " exits: destroy_workqueue() stopped the rescuer of " + d.wq();
           return d.task() + " of " + d.pool() + " exits (idle culling)";
         }},
    {.type = EventType::WorkerIdle,
     .name = "worker_enter_idle",
     .group = EventGroup::Workers,
     .ids = kIdTask | kIdPool,
     .describe = [](const EventWords& d) { return d.task() + " enters idle in " + d.pool_id(); }},
    {.type = EventType::WorkerBusy,
     .name = "worker_leave_idle",
     .group = EventGroup::Workers,
     .ids = kIdTask | kIdPool,
     .describe = [](const EventWords& d) { return d.task() + " leaves idle in " + d.pool_id(); }},
    {.type = EventType::WorkerFlags,
     .name = "worker_flags",
     .group = EventGroup::Workers,
     .ids = kIdTask | kIdPool,
     .fields = {number("flags", value_a), number("old_flags", value_b)},
     .describe =
         [](const EventWords& d) {
           return d.task() + " flags " + worker_flags_text(static_cast<uint32_t>(d.e.b)) + " -> " +
                  worker_flags_text(static_cast<uint32_t>(d.e.a));
         }},
    {.type = EventType::KickPool,
     .name = "kick_pool",
     .group = EventGroup::Workers,
     .ids = kIdTask | kIdPool,
     .fields = {typed("reason", FieldType::KickReason, value_a)},
     .describe =
         [](const EventWords& d) {
           return d.pool_id() + " woke " + d.task() + ": " + kick_reason_text(kick_reason(d.e));
         }},
    {.type = EventType::ManagerStart,
     .name = "manage_workers",
     .group = EventGroup::Workers,
     .ids = kIdTask | kIdPool,
     .describe = [](const EventWords& d) { return d.task() + " becomes the manager of " + d.pool_id(); }},
    {.type = EventType::ManagerEnd,
     .name = "manage_workers_done",
     .group = EventGroup::Workers,
     .ids = kIdTask | kIdPool,
     .describe = [](const EventWords& d) { return d.task() + " is done managing " + d.pool_id(); }},
    {.type = EventType::CreateWorker,
     .name = "create_worker",
     .group = EventGroup::Workers,
     .ids = kIdTask | kIdPool,
     .describe =
         [](const EventWords& d) {
           return d.task() + " calls create_worker() for " + d.pool_id() + " (new id " + num(d.e.a) + ")";
         }},
    {.type = EventType::CreateFailed,
     .name = "create_worker_failed",
     .group = EventGroup::Workers,
     .ids = kIdTask | kIdPool,
     .fields = {number("errno", value_a)},
     .kernel_table = always,
     .mark = TimelineMark::Task,
     .glyph = MarkerGlyph::Cross,
     .tone = MarkerTone::Failure,
     .legend = "create_worker() failed",
     .describe =
         [](const EventWords& d) {
           return "create_worker() for " + d.pool() +
                  " fails: " + (d.e.a == 12 ? std::string("-ENOMEM") : "-" + num(d.e.a));
         }},
    {.type = EventType::CreateCooldown,
     .name = "create_cooldown",
     .group = EventGroup::Workers,
     .ids = kIdTask | kIdPool,
     .kernel_table = always,
     .describe =
         [](const EventWords& d) {
           return d.task() + " waits CREATE_COOLDOWN (1 s) before trying create_worker() again";
         }},
    {.type = EventType::PoolCounters,
     .name = "pool_counters",
     .group = EventGroup::Workers,
     .ids = kIdCpu | kIdPool,
     .fields = {number("nr_running", [](const Event& e) { return pool_counts(e).nr_running; }),
                number("nr_idle", [](const Event& e) { return pool_counts(e).nr_idle; }),
                number("nr_workers", [](const Event& e) { return pool_counts(e).nr_workers; }),
                number("worklist", [](const Event& e) { return pool_counts(e).worklist; })},
     .describe =
         [](const EventWords& d) {
           const PoolCounts c = pool_counts(d.e);
           return d.pool_id() + " nr_running=" + num(c.nr_running) + " nr_idle=" + num(c.nr_idle) +
                  " nr_workers=" + num(c.nr_workers) + " worklist=" + num(c.worklist);
         }},
    {.type = EventType::PwqCounters,
     .name = "pwq_counters",
     .group = EventGroup::Workers,
     .ids = kIdPool | kIdPwq | kIdWq,
     .fields = {number("nr_active", [](const Event& e) { return pwq_counts(e).nr_active; }),
                number("nr_inactive", [](const Event& e) { return pwq_counts(e).nr_inactive; })},
     .describe =
         [](const EventWords& d) {
           const PwqCounts c = pwq_counts(d.e);
           return d.pwq() + " active=" + num(c.nr_active) + " inactive=" + num(c.nr_inactive);
         }},
    // --- Mayday and rescue ---
    {.type = EventType::MaydayTimerArm,
     .name = "mayday_timer_arm",
     .group = EventGroup::Mayday,
     .ids = kIdPool,
     .fields = {number("expires", value_a), number("fires", value_b)},
     .describe =
         [](const EventWords& d) {
           return d.pool_id() + " mayday timer expires=" + num(d.e.a) + ", fires at jiffy " + num(d.e.b);
         }},
    {.type = EventType::MaydayTimerStop,
     .name = "mayday_timer_stop",
     .group = EventGroup::Mayday,
     .ids = kIdPool,
     .describe = [](const EventWords& d) { return d.pool_id() + " mayday timer stopped (the manager is done)"; }},
    {.type = EventType::MaydayTimeout,
     .name = "pool_mayday_timeout",
     .group = EventGroup::Mayday,
     .ids = kIdPool,
     .fields = {typed("need_to_create_worker", FieldType::Flag, value_a)},
     .kernel_table = always,
     .mark = TimelineMark::Pool,
     .glyph = MarkerGlyph::FlagDown,
     .tone = MarkerTone::Mayday,
     .legend = "mayday timer fired",
     .describe =
         [](const EventWords& d) {
           return "mayday timer of " + d.pool() +
                  " fires: " + (d.e.a ? "the pool is starving (need_to_create_worker())" : "the pool is not starving");
         }},
    {.type = EventType::MaydaySent,
     .name = "send_mayday",
     .group = EventGroup::Mayday,
     .ids = kIdWork | kIdPool | kIdPwq | kIdWq,
     .kernel_table = always,
     .mark = TimelineMark::Pool,
     .glyph = MarkerGlyph::FlagDown,
     .tone = MarkerTone::MaydaySent,
     .legend = "mayday sent",
     .describe =
         [](const EventWords& d) {
           return "send_mayday(): " + d.wq() + " asks its rescuer to help " + d.pool() + " (first item " + d.work() +
                  ")";
         }},
    {.type = EventType::RescuerWake,
     .name = "rescuer_wake",
     .group = EventGroup::Mayday,
     .ids = kIdTask | kIdPool | kIdPwq | kIdWq,
     .kernel_table = always,
     .mark = TimelineMark::Task,
     .glyph = MarkerGlyph::Dot,
     .tone = MarkerTone::Rescuer,
     .legend = "rescuer woke for a pwq",
     .describe =
         [](const EventWords& d) {
           return d.task() + " takes " + d.wq() + "'s pwq for " + d.pool() + " off the mayday list";
         }},
    {.type = EventType::RescuerAssign,
     .name = "rescuer_assign",
     .group = EventGroup::Mayday,
     .ids = kIdTask | kIdWork | kIdPool | kIdPwq,
     .kernel_table = always,
     .mark = TimelineMark::Task,
     .glyph = MarkerGlyph::Diamond,
     .tone = MarkerTone::Rescuer,
     .legend = "rescuer took a work",
     .describe = [](const EventWords& d) { return d.task() + " picks up " + d.work(); }},
    {.type = EventType::RescuerRequeue,
     .name = "rescuer_requeue",
     .group = EventGroup::Mayday,
     .ids = kIdTask | kIdPool | kIdPwq | kIdWq,
     .kernel_table = always,
     .describe =
         [](const EventWords& d) {
           return d.task() + " puts " + d.wq() + "'s pwq for " + d.pool() +
                  " back on the mayday list: the pool still needs help";
         }},
    {.type = EventType::RescuerDone,
     .name = "rescuer_done",
     .group = EventGroup::Mayday,
     .ids = kIdTask | kIdPool | kIdPwq,
     .kernel_table = always,
     .mark = TimelineMark::Task,
     .glyph = MarkerGlyph::Square,
     .tone = MarkerTone::Rescuer,
     .legend = "rescuer left the pool",
     .describe = [](const EventWords& d) { return d.task() + " leaves " + d.pool(); }},
    // --- Memory ---
    {.type = EventType::MemCounters,
     .name = "mem_counters",
     .group = EventGroup::Memory,
     .fields = {number("free", [](const Event& e) { return mem_counts(e).free; }),
                number("cache", [](const Event& e) { return mem_counts(e).cache; })},
     .describe =
         [](const EventWords& d) {
           const MemCounts c = mem_counts(d.e);
           return "free=" + num(c.free) + " cache=" + num(c.cache) + " pages";
         }},
    {.type = EventType::AllocBlocked,
     .name = "alloc_blocked",
     .group = EventGroup::Memory,
     .ids = kIdTask | kIdWork,
     .fields = {number("pages", value_a), typed("gfp", FieldType::Gfp, value_b)},
     .kernel_table = [](const Event&,
                        const EventContext& c) { return c.task_work < 0; },  // else: "w0 waits for memory"
     .context = true,
     .describe =
         [](const EventWords& d) {
           if (d.ctx && d.ctx->creating >= 0)
             return "create_worker() for " + pool_words(d.w, d.ctx->creating) + " waits for memory: " + d.task() +
                    " sleeps in direct reclaim";
           return allocator(d) + " enters direct reclaim for " + pages_gfp(d.e);
         }},
    {.type = EventType::AllocDone,
     .name = "alloc_done",
     .group = EventGroup::Memory,
     .ids = kIdTask | kIdWork,
     .fields = {number("pages", value_a), typed("gfp", FieldType::Gfp, value_b)},
     .describe = [](const EventWords& d) { return allocator(d) + " gets " + pages_gfp(d.e); }},
    {.type = EventType::AllocFailed,
     .name = "alloc_failed",
     .group = EventGroup::Memory,
     .ids = kIdTask,
     .fields = {number("pages", value_a), typed("gfp", FieldType::Gfp, value_b)},
     .kernel_table = always,
     .mark = TimelineMark::Task,
     .glyph = MarkerGlyph::Dot,
     .tone = MarkerTone::Failure,
     .legend = "allocation failed",
     .context = true,
     .describe = [](const EventWords& d) { return allocator(d) + " fails to get " + pages_gfp(d.e); }},
    {.type = EventType::ReclaimQueued,
     .name = "reclaim_queued",
     .group = EventGroup::Memory,
     .ids = kIdTask | kIdWork | kIdWq,
     .kernel_table = always,
     .describe =
         [](const EventWords& d) {
           return d.task() + " enters direct reclaim and queues " + d.work() + " on " + d.wq();
         }},
    {.type = EventType::PagesFreed,
     .name = "pages_freed",
     .group = EventGroup::Memory,
     .fields = {number("pages", value_a), typed("reason", FieldType::FreedReason, value_b)},
     .kernel_table =
         [](const Event& e, const EventContext&) {
           return freed_reason(e) == PagesFreedReason::Reclaim || freed_reason(e) == PagesFreedReason::Release;
         },
     .context = true,
     .describe = pages_freed},
    // --- Synchronisation ---
    {.type = EventType::RcuGpStart,
     .name = "rcu_gp_start",
     .group = EventGroup::Other,
     .fields = {number("gp", value_a)},
     .kernel_table = always,
     .describe = [](const EventWords& d) { return "RCU grace period " + num(d.e.a) + " starts"; }},
    {.type = EventType::RcuGpEnd,
     .name = "rcu_gp_end",
     .group = EventGroup::Other,
     .fields = {number("gp", value_a)},
     .kernel_table = always,
     .describe = [](const EventWords& d) { return "RCU grace period " + num(d.e.a) + " ends"; }},
    // --- Watchdog and warnings ---
    {.type = EventType::WatchdogLockup,
     .name = "workqueue_lockup",
     .group = EventGroup::Watchdog,
     .ids = kIdCpu | kIdPool,
     .fields = {number("stuck_s", value_a), message()},
     .kernel_table = always,
     .mark = TimelineMark::Pool,
     .glyph = MarkerGlyph::Square,
     .tone = MarkerTone::Lockup,
     .legend = "watchdog: workqueue lockup",
     .describe = kernel_text},
    {.type = EventType::DumpBegin,
     .name = "show_all_workqueues",
     .group = EventGroup::Watchdog,
     .dump = true,
     .describe = dump_item},
    {.type = EventType::DumpWorkqueue,
     .name = "show_one_workqueue",
     .group = EventGroup::Watchdog,
     .ids = kIdWq,
     .fields = {number("flags", value_a)},
     .dump = true,
     .describe = dump_item},
    {.type = EventType::DumpPwq,
     .name = "show_pwq",
     .group = EventGroup::Watchdog,
     .ids = kIdPool | kIdPwq | kIdWq,
     .fields = {number("nr_active", [](const Event& e) { return dump_pwq_info(e).nr_active; }),
                number("refcnt", [](const Event& e) { return dump_pwq_info(e).refcnt; }),
                typed("mayday", FieldType::Flag, [](const Event& e) { return int64_t{dump_pwq_info(e).mayday}; })},
     .dump = true,
     .describe = dump_item},
    {.type = EventType::DumpInFlight,
     .name = "show_pwq_in_flight",
     .group = EventGroup::Watchdog,
     .ids = kIdTask | kIdWork | kIdPwq,
     .fields = {typed("rescuer", FieldType::Flag, value_a)},
     .dump = true,
     .describe = dump_item},
    {.type = EventType::DumpPending,
     .name = "show_pwq_pending",
     .group = EventGroup::Watchdog,
     .ids = kIdWork | kIdPwq,
     .dump = true,
     .describe = dump_item},
    {.type = EventType::DumpInactive,
     .name = "show_pwq_inactive",
     .group = EventGroup::Watchdog,
     .ids = kIdWork | kIdPwq,
     .dump = true,
     .describe = dump_item},
    {.type = EventType::DumpPool,
     .name = "show_one_worker_pool",
     .group = EventGroup::Watchdog,
     .ids = kIdCpu | kIdPool,
     .fields = {number("hung_s", [](const Event& e) { return dump_pool_info(e).hung_s; }),
                number("nr_workers", [](const Event& e) { return dump_pool_info(e).nr_workers; }),
                number("manager_pid", [](const Event& e) { return dump_pool_info(e).manager_pid; })},
     .dump = true,
     .describe = dump_item},
    {.type = EventType::DumpIdle,
     .name = "show_one_worker_pool_idle",
     .group = EventGroup::Watchdog,
     .ids = kIdTask | kIdPool,
     .dump = true,
     .describe =
         [](const EventWords& d) {  // alone, without its "pool N:" line
           const Task* t = find_task(d.w, d.e.task);
           return "idle: " + num(t ? t->pid : 0);
         }},
    {.type = EventType::DumpHogBegin,
     .name = "show_cpu_pools_hogs",
     .group = EventGroup::Watchdog,
     .dump = true,
     .describe = dump_item},
    {.type = EventType::DumpHog,
     .name = "show_cpu_pool_hog",
     .group = EventGroup::Watchdog,
     .ids = kIdTask | kIdWork | kIdPool | kIdPwq | kIdWq,
     .dump = true,
     .describe = dump_item},
    {.type = EventType::CpuHog,
     .name = "cpu_hog",
     .group = EventGroup::Watchdog,
     .ids = kIdTask | kIdWork | kIdPool | kIdPwq,
     .kernel_table = always,
     .mark = TimelineMark::Task,
     .glyph = MarkerGlyph::Diamond,
     .tone = MarkerTone::CpuHog,
     .legend = "CPU hog: worker made CPU_INTENSIVE",
     .describe =
         [](const EventWords& d) {
           return d.work() + " has used the CPU for more than " +
                  format_duration(static_cast<Nanos>(d.w.wq.params.cpu_intensive_thresh_us) * NSEC_PER_USEC) + ": " +
                  d.task() + " leaves concurrency management (WORKER_CPU_INTENSIVE)";
         }},
    {.type = EventType::CpuHogReport,
     .name = "cpu_hog_report",
     .group = EventGroup::Watchdog,
     .ids = kIdWork,
     .fields = {number("thresh_us", value_a), number("count", value_b), message()},
     .kernel_table = always,
     .mark = TimelineMark::Task,
     .glyph = MarkerGlyph::Diamond,
     .tone = MarkerTone::CpuHog,
     .legend = "hogged CPU report",
     .describe = kernel_text},
    {.type = EventType::Warn,
     .name = "warn",
     .group = EventGroup::Watchdog,
     .ids = kIdCpu | kIdTask | kIdWork | kIdPool | kIdPwq | kIdWq,
     .fields = {typed("warn", FieldType::WarnKind, value_a), message()},
     .kernel_table = always,
     .mark = TimelineMark::Task,
     .glyph = MarkerGlyph::FlagUp,
     .tone = MarkerTone::Warn,
     .legend = "WARN",
     .context = true,
     .describe = kernel_text},
    // --- Timeline annotations ---
    {.type = EventType::CpuOnline,
     .name = "cpu_online",
     .group = EventGroup::Other,
     .ids = kIdCpu,
     .kernel_table = always,
     .mark = TimelineMark::Task,
     .glyph = MarkerGlyph::Square,
     .tone = MarkerTone::Hotplug,
     .legend = "CPU online",
     .describe = [](const EventWords& d) { return "CPU " + num(d.e.cpu) + " comes online"; }},
    {.type = EventType::CpuOffline,
     .name = "cpu_offline",
     .group = EventGroup::Other,
     .ids = kIdCpu,
     .kernel_table = always,
     .mark = TimelineMark::Task,
     .glyph = MarkerGlyph::Square,
     .tone = MarkerTone::Hotplug,
     .legend = "CPU offline",
     .describe = [](const EventWords& d) { return "CPU " + num(d.e.cpu) + " goes offline"; }},
    {.type = EventType::Scripted,
     .name = "scripted",
     .group = EventGroup::Other,
     .ids = kIdCpu,
     .fields = {typed("action", FieldType::Action, value_a)},
     .mark = TimelineMark::Task,
     .glyph = MarkerGlyph::Pin,
     .tone = MarkerTone::Action,
     .legend = "action",
     .describe =
         [](const EventWords& d) {
           const ScriptedAction* a = find_action(d.w, d.e.a);
           return a ? a->text : "action " + num(d.e.a);
         }},
    // --- Draining and destroying a workqueue ---
    {.type = EventType::DrainStart,
     .name = "drain_workqueue",
     .group = EventGroup::Workqueue,
     .ids = kIdCpu | kIdTask | kIdWq,
     .fields = {number("nr_drainers", value_a)},
     .kernel_table = always,
     .describe =
         [](const EventWords& d) {
           return d.task() + " calls drain_workqueue(" + d.wq() + "): __WQ_DRAINING, only chained queueing is allowed" +
                  (d.e.a > 1 ? " (" + num(d.e.a) + " drainers)" : "");
         }},
    {.type = EventType::DrainIncomplete,
     .name = "drain_workqueue_incomplete",
     .group = EventGroup::Watchdog,
     .ids = kIdCpu | kIdTask | kIdWq,
     .fields = {number("tries", value_a), message()},
     .kernel_table = always,
     .describe = kernel_text},
    {.type = EventType::DrainEnd,
     .name = "drain_workqueue_done",
     .group = EventGroup::Workqueue,
     .ids = kIdCpu | kIdTask | kIdWq,
     .fields = {number("tries", value_a)},
     .kernel_table = always,
     .describe =
         [](const EventWords& d) {
           std::string s = "drain_workqueue(" + d.wq() + ") returns in " + d.task() + ": every pwq is empty";
           if (d.e.a > 0) s += " (" + num(d.e.a) + " more flush" + (d.e.a > 1 ? "es" : "") + " for chained work)";
           return s;
         }},
    {.type = EventType::DestroyStart,
     .name = "destroy_workqueue",
     .group = EventGroup::Workqueue,
     .ids = kIdCpu | kIdTask | kIdWq,
     .kernel_table = always,
     .describe =
         [](const EventWords& d) {
           return d.task() + " calls destroy_workqueue(" + d.wq() + "): __WQ_DESTROYING, then drain";
         }},
    {.type = EventType::DestroyBusy,
     .name = "destroy_workqueue_busy",
     .group = EventGroup::Watchdog,
     .ids = kIdPool | kIdPwq | kIdWq,
     .fields = {message()},
     .dump = true,
     .describe = kernel_text},
    {.type = EventType::DestroyEnd,
     .name = "destroy_workqueue_done",
     .group = EventGroup::Workqueue,
     .ids = kIdCpu | kIdTask | kIdWq,
     .fields = {typed("destroyed", FieldType::Flag, value_a)},
     .kernel_table = always,
     .describe =
         [](const EventWords& d) {
           const std::string call = "destroy_workqueue(" + d.wq() + ")";
           if (d.e.a)
             return call + " returns in " + d.task() + ": " + d.wq() + " is gone (using it now is a use-after-free)";
           return call + " gives up in " + d.task() + ": " + d.wq() + " is leaked";
         }},
    // --- Appended later ---
    {.type = EventType::RescuerAttach,
     .name = "rescuer_attach",
     .group = EventGroup::Mayday,
     .ids = kIdTask | kIdPool | kIdPwq | kIdWq,
     .kernel_table = always,
     .mark = TimelineMark::Task,
     .glyph = MarkerGlyph::Dot,
     .tone = MarkerTone::Rescuer,
     .legend = "rescuer attached to the pool",
     .describe =
         [](const EventWords& d) {
           return d.task() + " attaches to " + d.pool() + ": worker_attach_to_pool() moves it to the pool's CPUs";
         }},
    {.type = EventType::MaydayCursorPlace,
     .name = "mayday_cursor_place",
     .group = EventGroup::Mayday,
     .ids = kIdTask | kIdWork | kIdPool | kIdPwq,
     .fields = {number("before", value_a)},
     .describe =
         [](const EventWords& d) {
           return d.task() + " puts the mayday cursor of " + d.pwq() + " where it took its item, " +
                  (d.e.a >= 0 ? "before " + work_name(d.w, static_cast<int32_t>(d.e.a)) : std::string("at the tail")) +
                  ": its next search starts there";
         }},
    {.type = EventType::MaydayCursorDel,
     .name = "mayday_cursor_del",
     .group = EventGroup::Mayday,
     .ids = kIdTask | kIdWork | kIdPool | kIdPwq,
     .fields = {typed("by_worker", FieldType::Flag, value_a)},
     .kernel_table = always,
     .describe =
         [](const EventWords& d) {
           if (d.e.a)
             return d.task() + " meets the mayday cursor of " + d.pwq() +
                    " at the head of the worklist: assign_work() drops it";
           return d.task() + " removes the mayday cursor of " + d.pwq() + " from " + d.pool() +
                  "'s worklist: the pwq is not on the mayday list";
         }},
    {.type = EventType::RescuerBatch,
     .name = "rescuer_batch",
     .group = EventGroup::Mayday,
     .ids = kIdTask | kIdPool | kIdPwq | kIdWq,
     .fields = {number("count", value_a), typed("requeued", FieldType::Flag, value_b)},
     .kernel_table = always,
     .describe =
         [](const EventWords& d) {
           return d.task() + " took " + num(d.e.a) + " items for " + d.pwq() +
                  " (more than RESCUER_BATCH) while other pwqs wait on the mayday list: " +
                  (d.e.b ? "puts it back at the tail and lets them go first" : "lets them go first (it is queued already)");
         }},
};

constexpr size_t kSchemaSize = sizeof kSchema / sizeof kSchema[0];

// Entry i declares type i, and every type has its entry: event_schema() is an index.
constexpr bool in_enum_order() {
  for (size_t i = 0; i < kSchemaSize; ++i)
    if (static_cast<size_t>(kSchema[i].type) != i || !kSchema[i].describe) return false;
  return kSchemaSize == kEventTypeCount;
}
static_assert(in_enum_order(), "kSchema needs one entry per EventType, in the enum's order, each with a description");

constexpr EventSchema kUnknown{};

}  // namespace

const EventSchema& event_schema(EventType t) {
  const auto i = static_cast<size_t>(t);
  return i < kSchemaSize ? kSchema[i] : kUnknown;
}

const char* event_type_name(EventType t) { return event_schema(t).name; }

const char* event_group_name(EventGroup g) {
  switch (g) {
    case EventGroup::Workqueue:
      return "workqueue tracepoints";
    case EventGroup::Sched:
      return "scheduler";
    case EventGroup::WorkOps:
      return "work operations";
    case EventGroup::Workers:
      return "workers & pools";
    case EventGroup::Mayday:
      return "mayday & rescuer";
    case EventGroup::Memory:
      return "memory";
    case EventGroup::Watchdog:
      return "watchdog & WARN";
    case EventGroup::Other:
      return "RCU, CPUs, actions";
    case EventGroup::Count:
      break;
  }
  return "?";
}

std::string describe_event(const World& w, const Event& e, const EventContext* ctx) {
  const EventSchema& s = event_schema(e.type);
  return s.describe ? s.describe(EventWords{w, e, ctx}) : std::string();
}

std::string kernel_table_line(const World& w, const Event& e, const EventContext& ctx) {
  const EventSchema& s = event_schema(e.type);
  if (!s.kernel_table || !s.kernel_table(e, ctx)) return "";
  return describe_event(w, e, &ctx);
}

}  // namespace cmwq
