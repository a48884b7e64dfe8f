// Page allocation, freeing and writeback-driven reclaim (mm/page_alloc.c, mm/vmscan.c, reduced).
#include <algorithm>

#include "core/kernel/memory.h"
#include "core/kernel/sched.h"
#include "core/workqueue/workqueue.h"
#include "core/world.h"

namespace cmwq {
namespace {

void emit_counters(World& w) {
  Event& e = emit(w, EventType::MemCounters);
  e.a = w.mem.free;
  e.b = w.mem.cache;
}

void wake_reclaim_waiters(World& w) {
  std::vector<int32_t> waiters;
  waiters.swap(w.mem.reclaim_waiters);
  for (int32_t t : waiters) wake_up_process(w, t);
}

// The work item a kworker is executing, or -1 (for the event stream).
int32_t current_work_of(const World& w, int32_t task) {
  const Task& t = w.tasks[static_cast<size_t>(task)];
  return t.worker >= 0 ? w.wq.workers[static_cast<size_t>(t.worker)].current_work : -1;
}

int64_t& owner_count(Memory& m, PageOwner owner) {
  return owner == PageOwner::Works ? m.works : m.kernel_objects;
}

}  // namespace

WaitResult alloc_pages(World& w, int32_t task, int64_t pages, Gfp gfp, PageOwner owner) {
  Memory& m = w.mem;
  const bool memalloc = task >= 0 && (w.tasks[static_cast<size_t>(task)].flags & PF_MEMALLOC);
  const int64_t mark = memalloc ? 0 : gfp_watermark(m, gfp);  // ALLOC_NO_WATERMARKS for PF_MEMALLOC
  if (m.free - pages >= mark) {
    m.free -= pages;
    owner_count(m, owner) += pages;
    emit_counters(w);
    if (task >= 0 && w.tasks[static_cast<size_t>(task)].in_reclaim) {
      w.tasks[static_cast<size_t>(task)].in_reclaim = false;
      Event& e = emit(w, EventType::AllocDone);
      e.task = task;
      e.work = current_work_of(w, task);
      e.a = pages;
      e.b = static_cast<int64_t>(gfp);
    }
    return WaitResult::Done;
  }
  if (task < 0 || !gfp_may_block(gfp)) {
    ++m.alloc_failures;
    Event& e = emit(w, EventType::AllocFailed);
    e.task = task;
    e.a = pages;
    e.b = static_cast<int64_t>(gfp);
    return WaitResult::Failed;
  }
  // Direct reclaim: only writeback can make page cache free, so kick it (a
  // GFP_NOIO caller may not start I/O) and wait for pages to come back.
  if (gfp == Gfp::KERNEL && m.reclaim_work >= 0 && m.reclaim_wq >= 0) {
    const bool queued = queue_work_on(w, WORK_CPU_UNBOUND, m.reclaim_wq, m.reclaim_work);
    // An oops in __queue_work() (v6.12.0's is_chained_work() on a draining workqueue)
    // killed the task: nothing after it runs; the scheduler ends the task.
    if (w.tasks[static_cast<size_t>(task)].oops) return WaitResult::Blocked;
    if (queued) {
      Event& e = emit(w, EventType::ReclaimQueued);
      e.task = task;
      e.work = m.reclaim_work;
      e.wq = m.reclaim_wq;
    }
  }
  if (std::find(m.reclaim_waiters.begin(), m.reclaim_waiters.end(), task) == m.reclaim_waiters.end())
    m.reclaim_waiters.push_back(task);
  set_current_state(w, task, TaskState::Uninterruptible, WaitReason::Memory);
  w.tasks[static_cast<size_t>(task)].in_reclaim = true;
  Event& e = emit(w, EventType::AllocBlocked);
  e.task = task;
  e.work = current_work_of(w, task);
  e.a = pages;
  e.b = static_cast<int64_t>(gfp);
  return WaitResult::Blocked;
}

void free_pages(World& w, int64_t pages, PageOwner owner, PagesFreedReason why) {
  Memory& m = w.mem;
  pages = std::min(pages, owner_count(m, owner));
  if (pages <= 0) return;
  owner_count(m, owner) -= pages;
  m.free += pages;
  Event& e = emit(w, EventType::PagesFreed);
  e.a = pages;
  e.b = static_cast<int64_t>(why);
  emit_counters(w);
  wake_reclaim_waiters(w);
}

namespace {
// Moves up to @p pages from @p from (page cache, hogged) to the free list.
int64_t make_free(World& w, int64_t& from, int64_t pages, PagesFreedReason why) {
  const int64_t n = std::clamp<int64_t>(pages, 0, from);
  from -= n;
  w.mem.free += n;
  Event& e = emit(w, EventType::PagesFreed);
  e.a = n;
  e.b = static_cast<int64_t>(why);
  emit_counters(w);
  if (n > 0) wake_reclaim_waiters(w);
  return n;
}
}  // namespace

int64_t reclaim_pages(World& w, int64_t pages) { return make_free(w, w.mem.cache, pages, PagesFreedReason::Reclaim); }

int64_t hog_pages(World& w, int64_t pages) {
  Memory& m = w.mem;
  const int64_t n = std::clamp<int64_t>(pages, 0, m.free);
  m.free -= n;
  m.hogged += n;
  emit_counters(w);
  return n;
}

int64_t release_hogged_pages(World& w, int64_t pages) {
  return make_free(w, w.mem.hogged, pages, PagesFreedReason::Release);
}

}  // namespace cmwq
