#pragma once
/// @file
/// @brief Intrusive lists of work items, linked by index (the kernel's work->entry).
///
/// A work item is on at most one list at a time: a pool's worklist, a pwq's
/// inactive_works, or a worker's scheduled list. Links are indices into the world's
/// work table, so copying the world copies the lists with it.

#include <cstdint>
#include <vector>

namespace cmwq {

struct Work;

/// Which list a work item is on.
enum class WorkListKind : uint8_t { None, PoolWorklist, PwqInactive, WorkerScheduled };

/// Links of one work item (struct list_head entry).
struct WorkLink {
  int32_t prev = -1;  ///< Previous item, or -1.
  int32_t next = -1;  ///< Next item, or -1.
  WorkListKind kind = WorkListKind::None;  ///< Which kind of list, or None.
  int32_t owner = -1;  ///< Pool, pwq or worker id owning the list.
};

/// A list head: first and last item and a length.
struct WorkList {
  int32_t first = -1;  ///< First item, or -1.
  int32_t last = -1;   ///< Last item, or -1.
  int32_t count = 0;   ///< Number of items.
  /// list_empty().
  bool empty() const { return first < 0; }
};

/// Appends @p work to @p list (list_add_tail); the work must be on no list.
void work_list_add_tail(std::vector<Work>& works, WorkList& list, WorkListKind kind, int32_t owner,
                        int32_t work);
/// Inserts @p work right after @p pos, which is on @p list (list_add(work, &pos->entry)).
void work_list_insert_after(std::vector<Work>& works, WorkList& list, int32_t pos, int32_t work);
/// Inserts @p work at the head of @p list (list_add).
void work_list_add_head(std::vector<Work>& works, WorkList& list, WorkListKind kind, int32_t owner,
                        int32_t work);
/// Removes @p work from @p list (list_del_init).
void work_list_del(std::vector<Work>& works, WorkList& list, int32_t work);
/// Collects the items of @p list in order (for display and tests).
std::vector<int32_t> work_list_items(const std::vector<Work>& works, const WorkList& list);

}  // namespace cmwq
