#include "core/kernel/timer.h"

namespace cmwq {
namespace {
// kernel/time/timer.c: LVL_CLK_SHIFT 3, LVL_BITS 6.
constexpr unsigned LVL_CLK_SHIFT = 3;
constexpr unsigned LVL_BITS = 6;
constexpr uint64_t LVL_SIZE = uint64_t{1} << LVL_BITS;
constexpr unsigned lvl_shift(unsigned n) { return n * LVL_CLK_SHIFT; }
// LVL_START(n): first distance that lands in level n.
constexpr uint64_t lvl_start(unsigned n) { return (LVL_SIZE - 1) << ((n - 1) * LVL_CLK_SHIFT); }
constexpr uint64_t WHEEL_TIMEOUT_CUTOFF = lvl_start(TIMER_WHEEL_DEPTH);
constexpr uint64_t WHEEL_TIMEOUT_MAX = WHEEL_TIMEOUT_CUTOFF - (uint64_t{1} << lvl_shift(TIMER_WHEEL_DEPTH - 1));

// calc_index(): round up to the level's granularity so the timer never fires early.
uint64_t calc_index_expiry(uint64_t expires, unsigned lvl) {
  return ((expires >> lvl_shift(lvl)) + 1) << lvl_shift(lvl);
}
}  // namespace

uint64_t timer_wheel_bucket_expiry(uint64_t expires, uint64_t clk) {
  // calc_wheel_index(): pick the level from the distance, then round.
  // Already expired: filed at base->clk, which the next tick collects.
  if (static_cast<int64_t>(expires - clk) < 0) return clk + 1;
  const uint64_t delta = expires - clk;
  for (unsigned lvl = 0; lvl + 1 < TIMER_WHEEL_DEPTH; ++lvl)
    if (delta < lvl_start(lvl + 1)) return calc_index_expiry(expires, lvl);
  if (delta >= WHEEL_TIMEOUT_CUTOFF) expires = clk + WHEEL_TIMEOUT_MAX;
  return calc_index_expiry(expires, TIMER_WHEEL_DEPTH - 1);
}

}  // namespace cmwq
