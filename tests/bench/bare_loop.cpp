// The anchor of every figure: a (time, seq) binary-heap event loop doing nothing else.
#include <cstdint>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

#include "bench.h"

namespace cmwq::bench {
namespace {

// About as many pending timers and wake-ups as a busy 64-CPU world holds.
constexpr uint64_t kPending = 4096;

}  // namespace

double bare_loop_ns_per_event(uint64_t events) {
  using Entry = std::pair<int64_t, uint64_t>;  // (time, seq): seq orders events at one instant
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap;
  uint64_t seq = 0;
  uint64_t rng = 88172645463325252ULL;  // xorshift64: cheap, deterministic delays
  auto next_delay = [&rng] {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return static_cast<int64_t>(rng % 250000);  // up to 250 us, as the works' burn + sleep
  };
  for (uint64_t i = 0; i < kPending; ++i) heap.push({next_delay(), seq++});
  const double start = cpu_seconds();
  int64_t checksum = 0;
  for (uint64_t i = 0; i < events; ++i) {
    const Entry e = heap.top();
    heap.pop();
    checksum += e.first;
    heap.push({e.first + next_delay(), seq++});
  }
  const double s = cpu_seconds() - start;
  // Keep the loop's result alive so the compiler cannot drop the loop.
  volatile int64_t sink = checksum;
  (void)sink;
  return s * 1e9 / static_cast<double>(events);
}

}  // namespace cmwq::bench
