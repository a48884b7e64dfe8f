#include "core/kernel/event_queue.h"

#include <algorithm>

namespace cmwq {
namespace {
// At one instant the tick's hardirq work (wq_worker_tick()) runs before the timer
// softirq and everything else; otherwise actions run in scheduling order.
int rank(ActionKind k) { return k == ActionKind::HogTick ? 0 : 1; }

// std heaps are max-heaps: "a comes after b" puts the earliest action on top.
bool later(const Action& a, const Action& b) {
  if (a.time != b.time) return a.time > b.time;
  if (rank(a.kind) != rank(b.kind)) return rank(a.kind) > rank(b.kind);
  return a.seq > b.seq;
}
}  // namespace

uint64_t EventQueue::push(Nanos time, ActionKind kind, int32_t target, uint32_t gen) {
  const uint64_t seq = next_seq_++;
  heap_.push_back(Action{time, seq, kind, target, gen});
  std::push_heap(heap_.begin(), heap_.end(), later);
  return seq;
}

Action EventQueue::pop() {
  std::pop_heap(heap_.begin(), heap_.end(), later);
  Action a = heap_.back();
  heap_.pop_back();
  return a;
}

}  // namespace cmwq
