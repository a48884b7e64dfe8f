// kthreadd and kthread creation (kernel/kthread.c, kernel/fork.c reduced).
#include "core/kernel/kthread.h"

#include "core/kernel/memory.h"
#include "core/world.h"

namespace cmwq {
namespace {

int32_t new_task(World& w, TaskKind kind, const std::string& comm, int nice, const CpuMask& allowed,
                 int32_t worker) {
  Task t;
  t.pid = static_cast<int32_t>(w.tasks.size()) + 2;  // pid 1 is init (not modelled), kthreadd is 2
  t.comm = comm;
  t.kind = kind;
  t.nice = nice;
  t.allowed = allowed;
  t.cpu = allowed.first() >= 0 ? allowed.first() : 0;
  t.worker = worker;
  w.tasks.push_back(t);
  return static_cast<int32_t>(w.tasks.size() - 1);
}

}  // namespace

void kthreadd_init(World& w) {
  const int32_t tid = new_task(w, TaskKind::Kthreadd, "kthreadd", 0, CpuMask::first_n(static_cast<int>(w.cpus.size())), -1);
  w.kthreadd.task = tid;
  set_current_state(w, tid, TaskState::Interruptible, WaitReason::KthreaddIdle);
  Event& e = emit(w, EventType::TaskNew);
  e.task = tid;
  e.cpu = 0;
}

int32_t kthread_create_at_boot(World& w, TaskKind kind, const std::string& comm, int nice,
                               const CpuMask& allowed, int32_t worker) {
  const int32_t tid = new_task(w, kind, comm, nice, allowed, worker);
  Event& e = emit(w, EventType::TaskNew);
  e.task = tid;
  e.cpu = static_cast<int16_t>(w.tasks[static_cast<size_t>(tid)].cpu);
  return tid;
}

int32_t kthread_run_now(World& w, TaskKind kind, const std::string& comm, int nice, const CpuMask& allowed) {
  const int32_t tid = new_task(w, kind, comm, nice, allowed, -1);
  sched_start_new_task(w, tid);  // emits TaskNew
  return tid;
}

int32_t kthread_run_fifo(World& w, TaskKind kind, const std::string& comm, int cpu) {
  const int32_t tid = new_task(w, kind, comm, 0, CpuMask::of(cpu), -1);
  w.tasks[static_cast<size_t>(tid)].rt_priority = 50;  // sched_set_fifo(): MAX_RT_PRIO / 2
  sched_start_new_task(w, tid);                         // emits TaskNew
  return tid;
}

int32_t kthread_create_on_node(World& w, int32_t creator, TaskKind kind, const std::string& comm,
                               int nice, const CpuMask& allowed, int32_t worker) {
  KthreadCreateRequest r;
  r.creator = creator;
  r.kind = kind;
  r.comm = comm;
  r.nice = nice;
  r.allowed = allowed;
  r.worker = worker;
  w.kthreadd.requests.push_back(r);
  const auto id = static_cast<int32_t>(w.kthreadd.requests.size() - 1);
  w.kthreadd.create_list.push_back(id);
  wake_up_process(w, w.kthreadd.task);
  return id;
}

WaitResult kthread_create_wait(World& w, int32_t creator, int32_t request) {
  if (w.kthreadd.requests[static_cast<size_t>(request)].done) return WaitResult::Done;
  // wait_for_completion_killable(&done)
  set_current_state(w, creator, TaskState::Uninterruptible, WaitReason::KthreadCreate, request);
  return WaitResult::Blocked;
}

StepResult kthreadd_step(World& w, int32_t task) {
  Kthreadd& kd = w.kthreadd;
  for (;;) {
    watch_line_top(w, task);
    if (kd.current < 0) {
      if (kd.create_list.empty()) {
        set_current_state(w, task, TaskState::Interruptible, WaitReason::KthreaddIdle);
        return StepResult::Block;
      }
      kd.current = kd.create_list.front();
      kd.create_list.pop_front();
    }
    const int32_t rid = kd.current;
    WaitResult r = WaitResult::Done;  // the pages are already taken once the fork's cost is paid
    if (!kd.fork_paid) {
      // copy_process(): the task struct and the thread stack.
      const int64_t pages = TASK_STRUCT_PAGES + THREAD_STACK_PAGES;
      const bool may_block = !w.mem.fork_fails_below_min;
      r = alloc_pages(w, may_block ? task : -1, pages, Gfp::KERNEL, PageOwner::KernelObjects);
      if (r == WaitResult::Blocked) return StepResult::Block;
      if (r == WaitResult::Done && w.config.fork_cost > 0) {
        kd.fork_paid = true;  // the rest of copy_process() takes CPU time
        w.tasks[static_cast<size_t>(task)].burn_left = w.config.fork_cost;
        return StepResult::Burn;
      }
    }
    kd.fork_paid = false;
    KthreadCreateRequest req = kd.requests[static_cast<size_t>(rid)];
    kd.current = -1;
    if (r == WaitResult::Failed) {
      // fork failed with -ENOMEM: report it to the creator.
      KthreadCreateRequest& q = kd.requests[static_cast<size_t>(rid)];
      q.failed = true;
      q.done = true;
      wake_up_process(w, req.creator);
      continue;
    }
    const int32_t tid = new_task(w, req.kind, req.comm, req.nice, req.allowed, req.worker);
    Task& t = w.tasks[static_cast<size_t>(tid)];
    t.kthread_phase = 0;
    t.kthread_create_req = rid;
    t.cpu = w.tasks[static_cast<size_t>(task)].cpu;
    kd.requests[static_cast<size_t>(rid)].result = tid;
    sched_start_new_task(w, tid);
  }
}

bool kthread_prologue(World& w, int32_t task, StepResult& result) {
  Task& t = w.tasks[static_cast<size_t>(task)];
  if (t.kthread_phase == 2) return true;
  if (t.kthread_phase == 1) {  // woken by the creator's wake_up_process()
    t.kthread_phase = 2;
    return true;
  }
  // kthread(): report to the creator, then sleep until it wakes us.
  KthreadCreateRequest& req = w.kthreadd.requests[static_cast<size_t>(t.kthread_create_req)];
  req.done = true;
  t.kthread_phase = 1;
  set_current_state(w, task, TaskState::Uninterruptible, WaitReason::KthreadStart);
  wake_up_process(w, req.creator);
  result = StepResult::Block;
  return false;
}

}  // namespace cmwq
