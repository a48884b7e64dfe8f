#include "core/kernel/memory.h"

#include <algorithm>
#include <cmath>

namespace cmwq {

const char* gfp_name(Gfp g) {
  switch (g) {
    case Gfp::KERNEL: return "GFP_KERNEL";
    case Gfp::NOIO: return "GFP_NOIO";
    case Gfp::NOWAIT: return "GFP_NOWAIT";
    case Gfp::ATOMIC: return "GFP_ATOMIC";
  }
  return "?";
}

bool gfp_may_block(Gfp g) { return g == Gfp::KERNEL || g == Gfp::NOIO; }

Watermarks default_watermarks(int64_t managed_pages) {
  // calculate_min_free_kbytes(): int_sqrt(lowmem_kbytes * 16), clamped.
  const int64_t lowmem_kbytes = managed_pages * 4;
  auto min_free_kbytes = static_cast<int64_t>(std::sqrt(static_cast<double>(lowmem_kbytes) * 16.0));
  min_free_kbytes = std::clamp<int64_t>(min_free_kbytes, 128, 262144);
  Watermarks w;
  w.min = min_free_kbytes / 4;  // pages of 4 KiB
  // __setup_per_zone_wmarks(): tmp = max(min/4, managed * watermark_scale_factor / 10000).
  const int64_t tmp = std::max(w.min / 4, managed_pages * 10 / 10000);
  w.low = w.min + tmp;
  w.high = w.min + 2 * tmp;
  return w;
}

int64_t gfp_watermark(const Memory& m, Gfp gfp) {
  int64_t min = m.wmark.min;
  if (gfp == Gfp::ATOMIC) {
    // __zone_watermark_ok(): ALLOC_MIN_RESERVE halves min, ALLOC_NON_BLOCK takes a further quarter.
    min -= min / 2;
    min -= min / 4;
  }
  return min;
}

}  // namespace cmwq
