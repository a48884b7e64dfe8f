#pragma once
/// @file
/// @brief A page allocator with watermarks, GFP flags and writeback-driven reclaim.
///
/// Pages are in one of five places: free, page cache that reclaim can free once it
/// is written back, pinned by a memory hog, held by kernel objects (worker structs,
/// task structs and stacks), or held by work items that allocated them. An
/// allocation succeeds while the free count stays at or above the watermark its GFP
/// flags may use (__zone_watermark_ok()). A GFP_KERNEL or GFP_NOIO allocation that
/// would dip below the min watermark enters direct reclaim: here, reclaim can only
/// make progress by running writeback work, so the allocating task queues the
/// scenario's writeback work (GFP_NOIO may not start I/O, so it only waits) and
/// sleeps until pages are freed. That dependency on a work item is what makes
/// memory pressure able to stall a workqueue, and what WQ_MEM_RECLAIM guards.

#include <cstdint>
#include <vector>

namespace cmwq {

/// The GFP flag combinations the model knows (include/linux/gfp_types.h).
enum class Gfp : uint8_t {
  KERNEL,  ///< GFP_KERNEL: may sleep, may start I/O; uses the min watermark.
  NOIO,    ///< GFP_NOIO: may sleep but must not start I/O; waits for others' reclaim.
  NOWAIT,  ///< GFP_NOWAIT: never sleeps; min watermark; fails instead.
  ATOMIC,  ///< GFP_ATOMIC: never sleeps; may use part of the reserve below min.
};

/// Kernel name of a Gfp value, e.g. "GFP_KERNEL".
const char* gfp_name(Gfp g);
/// True if the allocation may sleep in direct reclaim (__GFP_DIRECT_RECLAIM).
bool gfp_may_block(Gfp g);

/// Who holds allocated pages.
enum class PageOwner : uint8_t {
  KernelObjects,  ///< worker structs, task structs, stacks.
  Works,          ///< work item programs (`alloc`/`free`).
};

/// Pages a create_worker() needs: the worker struct (its slab page), the task
/// struct and the thread stack (THREAD_SIZE = 16 KiB on x86-64).
constexpr int64_t WORKER_STRUCT_PAGES = 1;
constexpr int64_t TASK_STRUCT_PAGES = 2;   ///< struct task_struct and friends.
constexpr int64_t THREAD_STACK_PAGES = 4;  ///< THREAD_SIZE (16 KiB).

/// Zone watermarks in pages (struct zone's _watermark[]).
struct Watermarks {
  int64_t min = 0;   ///< WMARK_MIN: below it only reclaim-context and atomic reserves allocate.
  int64_t low = 0;   ///< WMARK_LOW: kswapd wakes below it.
  int64_t high = 0;  ///< WMARK_HIGH: kswapd stops above it.
};

/// __setup_per_zone_wmarks() for one zone of @p managed_pages (4 KiB pages):
/// min_free_kbytes = int_sqrt(lowmem_kbytes * 16) clamped to [128, 262144];
/// low = min + max(min/4, managed * watermark_scale_factor(10) / 10000); high = min + 2*that.
Watermarks default_watermarks(int64_t managed_pages);

/// The page allocator's state (one zone).
struct Memory {
  int64_t total = 0;        ///< Managed pages.
  int64_t free = 0;         ///< Free pages.
  int64_t cache = 0;        ///< Page cache that writeback can make free.
  int64_t hogged = 0;       ///< Pinned by the scenario's memory hog.
  int64_t kernel_objects = 0;  ///< Held by worker/task structs and stacks.
  int64_t works = 0;        ///< Held by work item programs.
  Watermarks wmark;  ///< The zone's watermarks.
  std::vector<int32_t> reclaim_waiters;  ///< Tasks sleeping in direct reclaim, FIFO.
  int32_t reclaim_wq = -1;    ///< Workqueue the writeback work is queued on, or -1.
  int32_t reclaim_work = -1;  ///< The writeback work item, or -1 (no reclaim possible).
  bool fork_fails_below_min = false;  ///< kthreadd's fork fails (-ENOMEM) instead of blocking.
  int64_t alloc_failures = 0;  ///< Allocations that failed (non-blocking ones below their watermark).
};

/// The free-page level an allocation with @p gfp must leave (alloc flags to watermark).
int64_t gfp_watermark(const Memory& m, Gfp gfp);

}  // namespace cmwq

#include "core/kernel/task.h"
#include "core/trace/event.h"

namespace cmwq {

struct World;

/// Allocates @p pages for @p task (-1: a context that cannot sleep). Below the
/// watermark a GFP_KERNEL/GFP_NOIO caller enters direct reclaim and sleeps (Blocked);
/// call again once woken. GFP_NOWAIT/GFP_ATOMIC fail instead (Failed).
WaitResult alloc_pages(World& w, int32_t task, int64_t pages, Gfp gfp, PageOwner owner);
/// Frees pages held by @p owner and wakes tasks waiting in direct reclaim.
void free_pages(World& w, int64_t pages, PageOwner owner, PagesFreedReason why);
/// Writeback: turns up to @p pages of page cache into free pages; returns how many.
int64_t reclaim_pages(World& w, int64_t pages);
/// The memory hog pins up to @p pages free pages; returns how many.
int64_t hog_pages(World& w, int64_t pages);
/// The memory hog releases up to @p pages pinned pages; returns how many.
int64_t release_hogged_pages(World& w, int64_t pages);

}  // namespace cmwq
