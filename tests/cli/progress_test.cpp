// The progress bar of long runs: its line, and that nothing reaches a standard error
// that is not a terminal (the tests' stderr is a pipe, as in CI and the goldens).
#include "core/cli/progress.h"

#include <gtest/gtest.h>

#include "run_cmwq.h"

namespace cmwq::cli {
namespace {

TEST(Progress, LineShowsSimulatedTimeAgainstUntilAndEvents) {
  // A quarter of the way: 5 of the bar's 20 places.
  EXPECT_EQ(progress_line(NSEC_PER_SEC, 4 * NSEC_PER_SEC, 1234567),
            "[#####               ]  25%  1.000 s / 4.000 s simulated, 1.2M events");
  EXPECT_EQ(progress_line(0, 50 * NSEC_PER_MSEC, 12),
            "[                    ]   0%  0.000 s / 0.050 s simulated, 12 events");
  EXPECT_EQ(progress_line(0, NSEC_PER_SEC, 2500000000ULL),
            "[                    ]   0%  0.000 s / 1.000 s simulated, 2.5G events");
}

TEST(Progress, LineIsFullAtOrPastTheEnd) {
  const std::string full = "[####################] 100%";
  EXPECT_EQ(progress_line(3 * NSEC_PER_SEC, 3 * NSEC_PER_SEC, 0).substr(0, full.size()), full);
  EXPECT_EQ(progress_line(5 * NSEC_PER_SEC, 3 * NSEC_PER_SEC, 0).substr(0, full.size()), full);
  EXPECT_EQ(progress_line(5, 0, 0).substr(0, full.size()), full);  // until 0: nothing left to run
}

TEST(Progress, NothingOnAStandardErrorThatIsNotATerminal) {
  // 40 s of a watchdog scenario: long enough for the bar to be drawn, were stderr a terminal.
  const test::CmwqRun r = test::run_cmwq("run scenarios/starvation-no-reclaim.toml --until 40s --format summary");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "");
}

}  // namespace
}  // namespace cmwq::cli
