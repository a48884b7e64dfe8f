// The progress bar of long runs (see progress.h).
#include "core/cli/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace cmwq::cli {
namespace {

constexpr int kBarWidth = 20;
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);
// Reading the clock for every event would cost more than the event: look every so many.
constexpr uint64_t kEventsBetweenClockReads = 4096;

// 1234 -> "1234", 1234567 -> "1.2M", 1234567890 -> "1.2G"
std::string count_text(uint64_t n) {
  char buf[32];
  if (n < 100000) std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(n));
  else if (n < 1000000000) std::snprintf(buf, sizeof buf, "%.1fM", static_cast<double>(n) / 1e6);
  else std::snprintf(buf, sizeof buf, "%.1fG", static_cast<double>(n) / 1e9);
  return buf;
}

}  // namespace

std::string progress_line(Nanos now, Nanos until, uint64_t events) {
  const double fraction = until > 0 ? std::clamp(static_cast<double>(now) / static_cast<double>(until), 0.0, 1.0) : 1.0;
  const int filled = static_cast<int>(fraction * kBarWidth);
  std::string bar = "[" + std::string(filled, '#') + std::string(kBarWidth - filled, ' ') + "]";
  char rest[96];
  std::snprintf(rest, sizeof rest, " %3d%%  %.3f s / %.3f s simulated, ", static_cast<int>(fraction * 100),
                static_cast<double>(now) / 1e9, static_cast<double>(until) / 1e9);
  return bar + rest + count_text(events) + " events";
}

void run_with_progress(Simulation& sim, Nanos until) {
  if (!isatty(STDERR_FILENO)) {
    sim.run_until(until);
    return;
  }
  using Clock = std::chrono::steady_clock;
  Clock::time_point last_draw = Clock::now();
  uint64_t seen = 0;
  bool drawn = false;
  // run_until_event() with a predicate that never matches runs what run_until() runs
  // (every action due by `until`); run_until() then only moves the clock on to `until`.
  sim.run_until_event(
      [&](const Event&) {
        if (++seen % kEventsBetweenClockReads != 0) return false;
        const Clock::time_point t = Clock::now();
        if (t - last_draw < kRedrawInterval) return false;
        last_draw = t;
        drawn = true;
        std::fprintf(stderr, "\r%s", progress_line(sim.now(), until, sim.events().size()).c_str());
        std::fflush(stderr);
        return false;
      },
      until);
  sim.run_until(until);
  if (drawn) std::fputs("\r\033[K", stderr);  // erase the bar: what follows starts a clean line
}

}  // namespace cmwq::cli
