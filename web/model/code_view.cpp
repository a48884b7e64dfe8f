// The Code panel's view: where a worker, a rescuer or the mayday timer is, as listings
// (code_listings.h) with the current line marked and words about it. The model says
// where a task is (core/workqueue/code_position.h); this file maps a position to its
// listing and words, and an event to the line that emitted it.
#include "web/model/code_view.h"

#include <algorithm>
#include <utility>

#include "core/workqueue/code_position.h"
#include "core/world.h"
#include "core/world_view.h"
#include "web/model/code_listings.h"
#include "web/model/text_util.h"

namespace cmwq::web {
namespace {

// Why a sleeping task sleeps, in words.
std::string wait_note(const Task& t) {
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

// Where a task that is not asleep runs, or why it sleeps.
std::string run_note(const Task& t) {
  if (t.state != TaskState::Running) return wait_note(t);
  if (t.on_cpu) return "running on CPU " + std::to_string(t.cpu);
  return "runnable: waits for CPU " + std::to_string(t.cpu);
}

// A work function's program as a listing, operation @p pc marked (-1: none; the
// program's size: its closing brace).
CodeFrame program_frame(const World& w, int32_t work, int32_t pc, std::string note) {
  CodeFrame f;
  f.function = func_name(w, program_of_work(w, work));
  f.lines = program_listing(w, work);
  const Program* prog = find_program(w, program_of_work(w, work));
  const auto ops = static_cast<int32_t>(prog ? prog->ops.size() : 0);
  if (prog && pc >= 0) f.current = kProgramFirstOpLine + std::min(pc, ops);  // past the end: the closing brace
  f.note = std::move(note);
  return f;
}

// Which file and generation a listing's line numbers are from, said once above it. The
// model runs CMWQ's code for 2.6.35 too, and shows it without numbers.
std::string source_label(KernelFunction f, KernelGeneration g) {
  if (legacy_workqueue(g)) return std::string("CMWQ's ") + kernel_source_file(f) + ": 2.6.35 has no such lines";
  return std::string(kernel_source_file(f)) + ", " + kernel_version_name(g);
}

// Frame @p k as its function's listing with its line marked, and @p note.
CodeFrame show(const World& w, const KernelFrame& k, std::string note = "") {
  if (k.function == KernelFunction::WorkFunction) return program_frame(w, k.work, k.line, std::move(note));
  CodeFrame f;
  f.function = kernel_function_name(k.function);
  const KernelGeneration gen = w.config.kernel;
  if (const std::vector<ListingLine>* listing = kernel_listing(k.function, gen)) {
    f.source = source_label(k.function, gen);
    for (const ListingLine& l : *listing) {
      if (l.line == k.line && f.current < 0) f.current = static_cast<int>(f.lines.size());
      f.lines.emplace_back(l.text);
      f.kernel_lines.push_back(kernel_line_of(l, gen));
    }
  }
  f.note = std::move(note);
  return f;
}

// --- Words for where a worker or rescuer is (worker_code()) -------------------------

bool runnable(const Task& t) { return t.state == TaskState::Running && !t.on_cpu; }

std::string worker_thread_note(const Worker& wk, const Task& t, WorkerThreadLine line) {
  switch (line) {
    case WorkerThreadLine::Return:
      return "exited";
    case WorkerThreadLine::Die:
      return "idle culling asked it to exit";
    case WorkerThreadLine::Schedule:
      return (wk.flags & WORKER_DIE) ? "idle culling marked it to die: it exits once kthread_stop() wakes it"
                                     : "idle (TASK_IDLE): waits until kick_pool() or the manager wakes it";
    case WorkerThreadLine::WokeUp:
      return runnable(t) ? "woken: waits for its CPU, then resumes at woke_up:" : "resumes at woke_up:";
    case WorkerThreadLine::Recheck:
      return "checks need_more_worker()";
    case WorkerThreadLine::Manage:
      return "no idle worker left (may_start_working() is false): it becomes the manager";
    default:
      return "";
  }
}

std::string rescuer_thread_note(const Worker& r, const Task& t, RescuerThreadLine line) {
  const std::string pool = "pool " + std::to_string(r.pool);
  switch (line) {
    case RescuerThreadLine::Schedule:
      return "TASK_IDLE: waits until send_mayday() wakes it";
    case RescuerThreadLine::Maydays:
      return "woken by send_mayday(): takes the first pwq off wq->maydays";
    case RescuerThreadLine::Attach:
      return "attaches to " + pool;
    case RescuerThreadLine::Slurp:
      return runnable(t) ? "moved to " + pool + "'s CPU; waits to run there"
                         : "takes every item of the pwq off " + pool + "'s worklist";
    case RescuerThreadLine::AssignRescuerWork:
      return runnable(t) ? "moved to " + pool + "'s CPU; waits to run there"
                         : "asks for the pwq's next item on " + pool + "'s worklist";
    case RescuerThreadLine::Requeue:
      return "more to rescue? the pwq goes back on wq->maydays";
    case RescuerThreadLine::Batch:
      return std::to_string(r.rescue_count) + " items this turn: past RESCUER_BATCH with other pwqs waiting?";
    case RescuerThreadLine::CursorDel:
      return "done with the pwq: the cursor leaves the worklist unless the pwq is on wq->maydays again";
    case RescuerThreadLine::Kick:
      return "leaves " + pool + " and wakes a regular worker";
    case RescuerThreadLine::Detach:
      return "detaches from " + pool;
    case RescuerThreadLine::PutPwq:
    case RescuerThreadLine::PutPwqUnlocked:
      return "drops the reference send_mayday() took";
    case RescuerThreadLine::Return:
      return "exited";
    default:
      return "";
  }
}

// The manager inside create_worker() or its cooldown: why it waits, if it does.
std::string manager_note(const Task& t) {
  if (t.state != TaskState::Running) return wait_note(t);
  return runnable(t) ? "runnable" : "";
}

std::string maybe_create_worker_note(const Task& t, MaybeCreateWorkerLine line) {
  switch (line) {
    case MaybeCreateWorkerLine::ModTimer:
      return "arms the mayday timer: help comes if this takes too long";
    case MaybeCreateWorkerLine::Cooldown:
      return manager_note(t);
    case MaybeCreateWorkerLine::DelTimer:
      return "a worker exists: stops the mayday timer";
    default:
      return "";
  }
}

std::string kthread_note(const Task& t, KthreadLine line) {
  switch (line) {
    case KthreadLine::Complete:
      return "a new thread: tells its creator it exists, then parks";
    case KthreadLine::Schedule:
      return "parked until its creator (create_worker()) wakes it";
    case KthreadLine::Threadfn:
      return runnable(t) ? "woken: starts worker_thread() once it gets its CPU" : "starts worker_thread()";
  }
  return "";
}

std::string drain_note(const World& w, const KernelFrame& k) {
  const std::string wq = wq_name(w, k.wq);
  if (k.function == KernelFunction::DrainWorkqueue && k.line == static_cast<int32_t>(DrainWorkqueueLine::Flush))
    return "flushes " + wq + " again until every pwq is empty";
  if (k.function == KernelFunction::DestroyWorkqueue && k.line == static_cast<int32_t>(DestroyWorkqueueLine::Drain))
    return "drains " + wq + " before destroying it";
  if (k.function == KernelFunction::DestroyWorkqueue &&
      k.line == static_cast<int32_t>(DestroyWorkqueueLine::KthreadStop))
    return "waits for the rescuer of " + wq + " to exit";
  return "";
}

// Words for frame @p k of the position of worker or rescuer @p wk.
std::string frame_note(const World& w, const Worker& wk, const Task& t, const KernelFrame& k) {
  switch (k.function) {
    case KernelFunction::WorkerThread:
      return worker_thread_note(wk, t, static_cast<WorkerThreadLine>(k.line));
    case KernelFunction::RescuerThread:
      return rescuer_thread_note(wk, t, static_cast<RescuerThreadLine>(k.line));
    case KernelFunction::AssignRescuerWork:
      return k.line == static_cast<int32_t>(AssignRescuerWorkLine::NeedRescue)
                 ? "does the pwq still have active items, and does its pool still need a worker?"
                 : "";
    case KernelFunction::MaybeCreateWorker:
      return maybe_create_worker_note(t, static_cast<MaybeCreateWorkerLine>(k.line));
    case KernelFunction::CreateWorker:
      return manager_note(t);
    case KernelFunction::ProcessScheduledWorks:
      return k.line == static_cast<int32_t>(ProcessScheduledWorksLine::Next) ? "takes the next item" : "";
    case KernelFunction::ProcessOneWork:
      return k.line == static_cast<int32_t>(ProcessOneWorkLine::CondResched)
                 ? "cond_resched(): lets a task already waiting on this CPU run first"
                 : "";
    case KernelFunction::WorkFunction:
      return run_note(t);
    case KernelFunction::Kthread:
      return kthread_note(t, static_cast<KthreadLine>(k.line));
    case KernelFunction::DrainWorkqueue:
    case KernelFunction::DestroyWorkqueue:
      return drain_note(w, k);
    default:
      return "";
  }
}

// --- The line an event was emitted from (event_code()) -------------------------------

// A worker or rescuer executing work @p work, down to process_one_work()'s @p line.
void push_executing(const World& w, CodeView& v, bool rescuer, ProcessOneWorkLine line, int32_t work,
                    std::string note = "") {
  v.stack.push_back(rescuer ? show(w, KernelFrame(RescuerThreadLine::Process))
                            : show(w, KernelFrame(WorkerThreadLine::Process)));
  v.stack.push_back(show(w, KernelFrame(ProcessScheduledWorksLine::ProcessOneWork)));
  v.stack.push_back(show(w, KernelFrame(line, work), std::move(note)));
}

// The manager inside maybe_create_worker(), at @p line.
void push_managing(const World& w, CodeView& v, MaybeCreateWorkerLine line, std::string note = "") {
  v.stack.push_back(show(w, KernelFrame(WorkerThreadLine::Manage)));
  v.stack.push_back(show(w, KernelFrame(ManageWorkersLine::MaybeCreateWorker)));
  v.stack.push_back(show(w, KernelFrame(line), std::move(note)));
}

// The program counter of the latest work_op of @p task at or before event @p i.
int32_t last_pc(const EventLog& log, int64_t i, int32_t task) {
  for (int64_t k = i; k >= 0 && k > i - 256; --k) {
    const Event& e = log[static_cast<size_t>(k)];
    if (e.task != task) continue;
    if (e.type == EventType::WorkOp || e.type == EventType::WorkOpDone) return static_cast<int32_t>(e.b);
    if (e.type == EventType::ExecuteStart) return 0;
  }
  return -1;
}

const char* alloc_outcome(EventType type) {
  return type == EventType::AllocBlocked ? "blocks in direct reclaim"
         : type == EventType::AllocDone  ? "got its pages"
                                         : "failed to get pages";
}

// The rescuer inside assign_rescuer_work() (6.12.118) at @p line.
void push_assigning(const World& w, CodeView& v, AssignRescuerWorkLine line, std::string note) {
  v.stack.push_back(show(w, KernelFrame(RescuerThreadLine::AssignRescuerWork)));
  v.stack.push_back(show(w, KernelFrame(line), std::move(note)));
}

// Events of the one-by-one rescuer of 6.12.118: its cursor and its batch limit.
bool cursor_event(const World& w, const Event& e, bool rescuer, CodeView& v) {
  const std::string pool = "pool " + std::to_string(e.pool);
  switch (e.type) {
    case EventType::MaydayCursorPlace:
      push_assigning(w, v, AssignRescuerWorkLine::MoveCursor,
                     e.a >= 0 ? "the cursor now stands before " + work_name(w, static_cast<int32_t>(e.a))
                              : std::string("the cursor now stands at the tail of the worklist"));
      return true;
    case EventType::MaydayCursorDel:
      if (!rescuer) {
        v.stack.push_back(show(w, KernelFrame(WorkerThreadLine::Process),
                               "assign_work() meets a mayday cursor at the head of " + pool +
                                   "'s worklist: it takes it off and returns false"));
        return true;
      }
      v.stack.push_back(show(w, KernelFrame(RescuerThreadLine::CursorDel),
                             "the pwq is not on wq->maydays: nobody would watch the cursor, so it goes"));
      return true;
    case EventType::RescuerBatch:
      v.stack.push_back(show(w, KernelFrame(RescuerThreadLine::BatchRequeue),
                             std::to_string(e.a) + " items done and other pwqs wait: " +
                                 (e.b ? "the pwq goes to the tail of wq->maydays" : "it is on wq->maydays already") +
                                 ", then break"));
      return true;
    default:
      return false;
  }
}

// Events of rescuer_thread()'s own loop.
bool rescuer_event(const World& w, const Event& e, bool rescuer, CodeView& v) {
  const std::string pool = "pool " + std::to_string(e.pool);
  const bool one_by_one = rescuer_cursor_one_by_one(w.config.kernel);
  switch (e.type) {
    case EventType::RescuerWake:
      v.stack.push_back(show(w, KernelFrame(RescuerThreadLine::Maydays),
                             "takes the first pwq off wq->maydays, the one of " + pool));
      return true;
    case EventType::RescuerAttach:
      v.stack.push_back(
          show(w, KernelFrame(RescuerThreadLine::Attach), "attaches to " + pool + " (moving to its CPUs)"));
      return true;
    case EventType::RescuerAssign:
      if (one_by_one) {
        push_assigning(w, v, AssignRescuerWorkLine::AssignWork,
                       "the next item of the pwq after the cursor: " + work_name(w, e.work) + ", PWQ_STAT_RESCUED++");
        return true;
      }
      v.stack.push_back(show(w, KernelFrame(RescuerThreadLine::Assign),
                             "takes " + work_name(w, e.work) + " off " + pool + "'s worklist: PWQ_STAT_RESCUED++"));
      return true;
    case EventType::RescuerRequeue:
      v.stack.push_back(
          show(w, KernelFrame(RescuerThreadLine::Requeue), "the pool still starves: the pwq goes back on wq->maydays"));
      return true;
    case EventType::RescuerDone:
      // The last statement of the turn: put_pwq_unlocked() since 6.12.16, the detach before.
      v.stack.push_back(show(w,
                             KernelFrame(rescuer_put_after_detach(w.config.kernel) ? RescuerThreadLine::PutPwqUnlocked
                                                                                   : RescuerThreadLine::Detach),
                             "detached from " + pool + ": back to repeat:"));
      return true;
    case EventType::KickPool:
      if (!rescuer || e.a != static_cast<int64_t>(KickReason::Rescuer)) return false;
      v.stack.push_back(show(w, KernelFrame(RescuerThreadLine::Kick),
                             "leaving " + pool + ": wakes a regular worker so concurrency is not stuck at 0"));
      return true;
    default:
      return false;
  }
}

// Events of process_one_work() and the work's function.
bool execution_event(const World& w, const EventLog& log, int64_t i, bool rescuer, CodeView& v) {
  const Event& e = log[static_cast<size_t>(i)];
  switch (e.type) {
    case EventType::ExecuteStart:
      push_executing(w, v, rescuer, ProcessOneWorkLine::ExecuteStart, e.work, "starts " + work_name(w, e.work));
      return true;
    case EventType::ExecuteEnd:
      push_executing(w, v, rescuer, ProcessOneWorkLine::ExecuteEnd, e.work, work_name(w, e.work) + " returned");
      return true;
    case EventType::WorkOp:
    case EventType::WorkOpDone:
      push_executing(w, v, rescuer, ProcessOneWorkLine::CurrentFunc, e.work);
      v.stack.push_back(
          program_frame(w, e.work, static_cast<int32_t>(e.b),
                        e.type == EventType::WorkOp ? "starts this operation" : "this operation returned"));
      return true;
    case EventType::AllocBlocked:
    case EventType::AllocDone:
    case EventType::AllocFailed:
      if (e.work < 0) return false;  // the manager's alloc_worker(): manager_event()
      push_executing(w, v, rescuer, ProcessOneWorkLine::CurrentFunc, e.work);
      v.stack.push_back(
          program_frame(w, e.work, last_pc(log, i, e.task), std::string("the allocation ") + alloc_outcome(e.type)));
      return true;
    default:
      return false;
  }
}

// Events of manage_workers(), maybe_create_worker() and create_worker().
bool manager_event(const World& w, const Event& e, CodeView& v) {
  const std::string pool = "pool " + std::to_string(e.pool);
  switch (e.type) {
    case EventType::AllocBlocked:
    case EventType::AllocDone:
    case EventType::AllocFailed:
      push_managing(w, v, MaybeCreateWorkerLine::CreateWorker);
      v.stack.push_back(
          show(w, KernelFrame(CreateWorkerLine::AllocWorker), std::string("alloc_worker() ") + alloc_outcome(e.type)));
      return true;
    case EventType::ManagerStart:
      v.stack.push_back(
          show(w, KernelFrame(WorkerThreadLine::Manage), "no idle worker left (may_start_working() is false)"));
      v.stack.push_back(show(w, KernelFrame(ManageWorkersLine::Active), "takes the manager role of " + pool));
      return true;
    case EventType::ManagerEnd:
      v.stack.push_back(show(w, KernelFrame(WorkerThreadLine::Manage)));
      v.stack.push_back(
          show(w, KernelFrame(ManageWorkersLine::Inactive), "an idle worker exists: manager role dropped"));
      return true;
    case EventType::CreateWorker:
      push_managing(w, v, MaybeCreateWorkerLine::CreateWorker);
      v.stack.push_back(show(w, KernelFrame(CreateWorkerLine::IdaAlloc), "a new worker id for " + pool));
      return true;
    case EventType::CreateFailed:
      push_managing(w, v, MaybeCreateWorkerLine::CreateWorker);
      v.stack.push_back(show(w, KernelFrame(CreateWorkerLine::Fail), "kthread_create_on_node() failed"));
      return true;
    case EventType::WorkerCreated:
      if (e.b != 0) return false;  // a rescuer, made by alloc_workqueue()
      push_managing(w, v, MaybeCreateWorkerLine::CreateWorker);
      v.stack.push_back(show(w, KernelFrame(CreateWorkerLine::WakeUp), task_name(w, e.task) + " is ready and idle"));
      return true;
    case EventType::CreateCooldown:
      push_managing(w, v, MaybeCreateWorkerLine::Cooldown, "create_worker() failed: wait, then retry");
      return true;
    default:
      return false;
  }
}

// A worker leaving or joining its pool's idle list.
bool idle_event(const World& w, const Event& e, bool rescuer, CodeView& v) {
  if (rescuer) return false;
  if (e.type == EventType::WorkerBusy) {
    v.stack.push_back(show(w, KernelFrame(WorkerThreadLine::LeaveIdle), "woke up and leaves the idle list"));
    return true;
  }
  if (e.type == EventType::WorkerIdle) {
    v.stack.push_back(show(w, KernelFrame(WorkerThreadLine::EnterIdle), "nothing more to do: joins the idle list"));
    return true;
  }
  return false;
}

}  // namespace

CodeView event_code(const World& w, const EventLog& log, int64_t i) {
  CodeView v;
  if (i < 0 || i >= static_cast<int64_t>(log.size())) return v;
  const Event& e = log[static_cast<size_t>(i)];
  const Worker* wk = find_worker(w, worker_of_task(w, e.task));
  if (!wk) return v;
  const bool rescuer = wk->rescue_wq >= 0;
  v.who = task_name(w, e.task) + " at " + format_time(e.time) + ", event #" + std::to_string(i) + " (" +
          event_type_name(e.type) + ")";
  const bool shown = rescuer_event(w, e, rescuer, v) || cursor_event(w, e, rescuer, v) ||
                     execution_event(w, log, i, rescuer, v) || manager_event(w, e, v) || idle_event(w, e, rescuer, v);
  return shown ? v : CodeView{};
}

CodeView worker_code(const World& w, int32_t worker, const CodePosition* at) {
  CodeView v;
  const Worker* wk = find_worker(w, worker);
  const Task* t = wk ? find_task(w, wk->task) : nullptr;
  if (!t) return v;
  v.who = wk->rescue_wq >= 0 ? t->comm + " (rescuer of " + wq_name(w, wk->rescue_wq) + ")"
                             : t->comm + " (worker of pool " + std::to_string(wk->pool) + ")";
  const CodePosition here = at ? *at : code_position(w, wk->task);
  for (const KernelFrame& k : here.frames) v.stack.push_back(show(w, k, frame_note(w, *wk, *t, k)));
  return v;
}

CodeView timer_code(const World& w, const EventLog& log, int64_t focus) {
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
    v.stack.push_back(show(w, KernelFrame(PoolMaydayTimeoutLine::SendMayday),
                           "still no idle worker: a mayday for every item on the worklist (" + std::to_string(maydays) +
                               " sent this time)"));
    v.stack.push_back(show(w, KernelFrame(SendMaydayLine::WakeRescuer),
                           "puts " + wq_name(w, at.wq) + "'s pwq on wq->maydays and wakes its rescuer"));
  } else if (at.type == EventType::MaydayTimerArm) {
    v.stack.push_back(show(w, KernelFrame(PoolMaydayTimeoutLine::ModTimer),
                           std::to_string(maydays) + " mayday(s) sent; it re-arms itself for another round in "
                                                     "MAYDAY_INTERVAL (100 ms)"));
  } else {
    v.stack.push_back(show(
        w, KernelFrame(PoolMaydayTimeoutLine::NeedToCreate),
        to.a ? "need_to_create_worker(): yes, the pool is starving" : "need_to_create_worker(): no, nothing to do"));
  }
  return v;
}

}  // namespace cmwq::web
