// `cmwq diff`: exit 0 for the same runs, 1 for different ones, 2 for bad input; the
// tables side by side and the first difference's two lines.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "run_cmwq.h"

namespace cmwq::test {
namespace {

TEST(CliDiff, SameRunsExit0) {
  const CmwqRun r = run_cmwq("diff scenarios/doc-max-active-2.toml scenarios/doc-max-active-2.toml");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("\nThe runs are the same: "), std::string::npos) << r.out;
  // No rescuer and no workqueue of 6.12.118's own in this scenario: the two 6.12 kernels
  // run it alike, though their pwqs are numbered differently (6.12.118 makes two more
  // system workqueues at boot), which a reader does not count as a difference.
  const CmwqRun kernels = run_cmwq("diff scenarios/doc-max-active-2.toml --kernel 6.12.0");
  EXPECT_EQ(kernels.status, 0) << kernels.out << kernels.err;
  EXPECT_NE(kernels.out.find("B: scenarios/doc-max-active-2.toml, kernel 6.12.0\n"), std::string::npos) << kernels.out;
}

// starvation-rescuer under 6.12.118 against 6.12.0. The rescuer wakes at 12 ms in both and
// picks up wb. 6.12.0's rescuer_thread() moves every item of the pwq to its scheduled
// list and processes them: wb's execution starts next. 6.12.118's assign_rescuer_work()
// ("workqueue: Process rescuer work items one-by-one using a cursor", 6.12.85) takes one
// item and first puts pwq->mayday_cursor where it took it, so its next search starts
// there: the runs part at that cursor, 12 ms.
TEST(CliDiff, TheTwo612KernelsPartAtTheRescuersCursor) {
  const CmwqRun r = run_cmwq("diff scenarios/starvation-rescuer.toml --kernel 6.12.0");
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  const std::regex first(R"(\nFirst difference: event [0-9]+ at 12 ms \(the [0-9]+ events before it are the same\):\n)"
                         R"(  A: 12 ms  mayday_cursor_place: kworker/R-writeback puts the mayday cursor [^\n]+\n)"
                         R"(  B: 12 ms  workqueue_execute_start: kworker/R-writeback starts executing wb \(wb_workfn\)\n)");
  EXPECT_TRUE(std::regex_search(r.out, first)) << r.out;
}

TEST(CliDiff, DifferentRunsExit1WithTheFirstDifference) {
  // The pre-CMWQ workqueue (2.6.35) has no shared pools: at boot it makes a thread per
  // workqueue and CPU (events/0 for system_wq) where CMWQ makes its pools' workers.
  const CmwqRun r = run_cmwq("diff scenarios/doc-max-active-3.toml --kernel 6.12.118 --kernel 2.6.35");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("A: scenarios/doc-max-active-3.toml, kernel 6.12.118\n"
                       "B: scenarios/doc-max-active-3.toml, kernel 2.6.35\n"),
            std::string::npos)
      << r.out;
  const std::regex first(R"(\nFirst difference: event [0-9]+ at 0 ms \(the [0-9]+ events before it are the same\):\n)"
                         R"(  A: 0 ms  task_newtask: comm=kworker/[^\n]+\n  B: 0 ms  task_newtask: comm=events/0 )");
  EXPECT_TRUE(std::regex_search(r.out, first)) << r.out;
}

TEST(CliDiff, ChangeMakesTheSecondRun) {
  // max_active 1 holds w1 back where max_active 3 activates it (__queue_work()).
  const CmwqRun r = run_cmwq("diff scenarios/doc-max-active-3.toml --change 'max_active q0 1'");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find(", changed: max_active q0 1\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  A: 0 ms  workqueue_activate_work: w1 becomes active"), std::string::npos) << r.out;
  // The tables side by side: w1 starts at 5 ms in A, in B only once w0 has finished.
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\n5  w1 starts and burns CPU +[<|])"))) << r.out;
}

TEST(CliDiff, BadInputExit2WithALocatedError) {
  struct Case {
    const char* args;
    const char* err;
  } cases[] = {
      {"diff scenarios/doc-max-active-3.toml --change 'max_active q9 1'",
       "--change:1:12: error: `max_active`: unknown workqueue `q9`; the scenario declares `q0` (did you mean `q0`?)\n"},
      {"diff scenarios/doc-max-active-3.toml --change 'kernel 6.12.118'",
       "--change:1:8: error: `kernel`: the scenario runs kernel 6.12.118 already\n"},
      {"diff scenarios/doc-max-active-3.toml",
       "cmwq: error: nothing to compare: give a second file, --kernel (once for the second run, or twice) or "
       "--change\n"},
      {"diff no/such.toml --kernel 6.12.0", "no/such.toml: error: cannot read: No such file or directory\n"},
  };
  for (const Case& c : cases) {
    const CmwqRun r = run_cmwq(c.args);
    EXPECT_EQ(r.status, 2) << c.args;
    EXPECT_EQ(r.out, "") << c.args;
    EXPECT_EQ(r.err, c.err) << c.args;
  }
  for (const char* args : {"diff scenarios/doc-max-active-3.toml --kernel 6.13",
                           "diff scenarios/doc-max-active-3.toml --kernel 6.12.0 --kernel 6.12.0 --kernel 2.6.35",
                           "diff scenarios/doc-max-active-3.toml --kernel 6.12.0 --until 5"}) {
    const CmwqRun r = run_cmwq(args);
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_EQ(r.out, "") << args;
    EXPECT_NE(r.err, "") << args;
  }
}

TEST(CliDiff, HelpHasExamples) {
  const CmwqRun r = run_cmwq("diff --help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("cmwq diff scenarios/"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--change"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace cmwq::test
