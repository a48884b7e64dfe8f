#include "core/workqueue/work_list.h"

#include "core/workqueue/types.h"

namespace cmwq {

void work_list_add_tail(std::vector<Work>& works, WorkList& list, WorkListKind kind, int32_t owner,
                        int32_t work) {
  WorkLink& l = works[static_cast<size_t>(work)].entry;
  l.kind = kind;
  l.owner = owner;
  l.prev = list.last;
  l.next = -1;
  if (list.last >= 0)
    works[static_cast<size_t>(list.last)].entry.next = work;
  else
    list.first = work;
  list.last = work;
  ++list.count;
}

void work_list_add_head(std::vector<Work>& works, WorkList& list, WorkListKind kind, int32_t owner,
                        int32_t work) {
  WorkLink& l = works[static_cast<size_t>(work)].entry;
  l.kind = kind;
  l.owner = owner;
  l.prev = -1;
  l.next = list.first;
  if (list.first >= 0)
    works[static_cast<size_t>(list.first)].entry.prev = work;
  else
    list.last = work;
  list.first = work;
  ++list.count;
}

void work_list_insert_after(std::vector<Work>& works, WorkList& list, int32_t pos, int32_t work) {
  WorkLink& p = works[static_cast<size_t>(pos)].entry;
  WorkLink& l = works[static_cast<size_t>(work)].entry;
  l.kind = p.kind;
  l.owner = p.owner;
  l.prev = pos;
  l.next = p.next;
  if (p.next >= 0)
    works[static_cast<size_t>(p.next)].entry.prev = work;
  else
    list.last = work;
  p.next = work;
  ++list.count;
}

void work_list_del(std::vector<Work>& works, WorkList& list, int32_t work) {
  WorkLink& l = works[static_cast<size_t>(work)].entry;
  if (l.prev >= 0)
    works[static_cast<size_t>(l.prev)].entry.next = l.next;
  else
    list.first = l.next;
  if (l.next >= 0)
    works[static_cast<size_t>(l.next)].entry.prev = l.prev;
  else
    list.last = l.prev;
  --list.count;
  l = WorkLink{};
}

std::vector<int32_t> work_list_items(const std::vector<Work>& works, const WorkList& list) {
  std::vector<int32_t> out;
  for (int32_t w = list.first; w >= 0; w = works[static_cast<size_t>(w)].entry.next) out.push_back(w);
  return out;
}

}  // namespace cmwq
