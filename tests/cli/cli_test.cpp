// The `cmwq` command line: exit statuses, the one-line error for a bad scenario,
// --help for every subcommand, -o, --until and --at.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>

#include "run_cmwq.h"

namespace cmwq::test {
namespace {

// Writes a scenario file into the temporary directory; returns its path.
std::string scenario_file(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

const char* kGood = R"(
[[workqueue]]
name = "q0"
[[work]]
name = "w0"
program = ["burn 5ms", "sleep 10ms"]
[[at]]
time = "0ms"
do = ["queue_work q0 w0 cpu=0"]
[run]
until = "30ms"
)";

struct BadCase {
  const char* what;
  const char* toml;
  const char* error;  // the expected line after "path:"
};

// A few kinds of bad input, end to end (tests/core/scenario_test.cpp has many more).
const BadCase kBad[] = {
    {"unknown operation", "[[work]]\nname = \"w0\"\nprogram = [\"slep 5ms\"]\n",
     "3:13: error: unknown operation `slep` (did you mean `sleep`?)"},
    {"bad unit", "[[work]]\nname = \"w0\"\nprogram = [\"burn 5 ms\"]\n", ""},
    {"unknown workqueue", "[[work]]\nname = \"w0\"\nprogram = [\"burn 1ms\"]\n[[at]]\ntime = \"0ms\"\ndo = [\"queue_work q9 w0\"]\n",
     ""},
    {"toml syntax", "[machine\ncpus = 1\n", ""},
    {"negative time", "[[at]]\ntime = \"-1ms\"\ndo = []\n", ""},
    {"three brackets (a toml++ 3.3.0 assertion)", "[[[",
     "1:3: error: expected a table name (a bare or quoted key) after the opening bracket"},
};

TEST(Cli, BadScenarioPrintsOneLineAndExits2) {
  const std::regex line(R"(^[^:\n]+:[0-9]+:[0-9]+: error: [^\n]+\n$)");
  for (const BadCase& c : kBad) {
    const std::string path = scenario_file("bad.toml", c.toml);
    for (const char* sub : {"run", "check", "dump"}) {
      const CmwqRun r = run_cmwq(std::string(sub) + " '" + path + "'");
      EXPECT_EQ(r.status, 2) << c.what << " (" << sub << ")";
      EXPECT_EQ(r.out, "") << c.what << " (" << sub << ")";
      EXPECT_TRUE(std::regex_match(r.err, line)) << c.what << " (" << sub << "): " << r.err;
      EXPECT_EQ(r.err.rfind(path + ":", 0), 0u) << r.err;
      if (*c.error) {
        EXPECT_NE(r.err.find(c.error), std::string::npos) << r.err;
      }
    }
  }
}

TEST(Cli, UnreadableFileIsBadInput) {
  const CmwqRun r = run_cmwq("run no/such/file.toml");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "no/such/file.toml: error: cannot read: No such file or directory\n");
}

TEST(Cli, KernelOptionOverridesTheFile) {
  // workqueue.rst's max_active >= 3 example: CMWQ starts w1 when w0 sleeps at 5 ms; the
  // workqueue before CMWQ (one thread per CPU) only after w0 finishes at 20 ms.
  const CmwqRun cmwq = run_cmwq("run scenarios/doc-max-active-3.toml");
  EXPECT_NE(cmwq.out.find("\n5  w1 starts"), std::string::npos) << cmwq.out;
  const CmwqRun legacy = run_cmwq("run scenarios/doc-max-active-3.toml --kernel 2.6.35");
  EXPECT_EQ(legacy.status, 0) << legacy.err;
  EXPECT_NE(legacy.out.find("\n20  w1 starts"), std::string::npos) << legacy.out;
  const CmwqRun bad = run_cmwq("run scenarios/doc-max-active-3.toml --kernel 6.1");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("--kernel: 6.1 not in {6.12.118,6.12.0,2.6.35}"), std::string::npos) << bad.err;
}

TEST(Cli, ADirectoryIsNotAScenario) {
  for (const char* sub : {"run", "check", "dump"}) {
    const CmwqRun r = run_cmwq(std::string(sub) + " scenarios");
    EXPECT_EQ(r.status, 2) << sub;
    EXPECT_EQ(r.out, "") << sub;
    EXPECT_EQ(r.err, "scenarios: error: cannot read: it is a directory\n") << sub;
  }
}

TEST(Cli, HelpForEverySubcommandHasAnExample) {
  for (const char* sub : {"", "run", "dump", "check"}) {
    const CmwqRun r = run_cmwq(std::string(sub) + " --help");
    EXPECT_EQ(r.status, 0) << sub;
    EXPECT_EQ(r.err, "") << sub;
    EXPECT_NE(r.out.find("Usage:"), std::string::npos) << sub << r.out;
    EXPECT_NE(r.out.find("Example"), std::string::npos) << sub << r.out;
    EXPECT_NE(r.out.find(std::string("cmwq ") + (*sub ? sub : "run") + " scenarios/"), std::string::npos) << r.out;
  }
}

TEST(Cli, Version) {
  const CmwqRun r = run_cmwq("--version");
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(std::regex_match(r.out, std::regex(R"(cmwq [0-9.]+ \(models Linux v[0-9.]+ workqueues\)\n)"))) << r.out;
}

TEST(Cli, UsageErrorsExit2) {
  for (const char* args : {"", "frobnicate", "run", "run scenarios/doc-max-active-3.toml --format nope",
                           "run scenarios/doc-max-active-3.toml --until 5", "dump scenarios/doc-max-active-3.toml --at -1ms"}) {
    const CmwqRun r = run_cmwq(args);
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_EQ(r.out, "") << args;
    EXPECT_NE(r.err, "") << args;
  }
  const CmwqRun r = run_cmwq("run scenarios/doc-max-active-3.toml --until 5");
  EXPECT_EQ(r.err, "cmwq: error: --until: bad duration \"5\": expected a number and a unit (ns, us, ms, s), e.g. 50ms\n");
}

TEST(Cli, CheckSaysOk) {
  const std::string path = scenario_file("good.toml", kGood);
  const CmwqRun r = run_cmwq("check '" + path + "' scenarios/doc-max-active-2.toml");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, path + ": ok\nscenarios/doc-max-active-2.toml: ok\n");
}

TEST(Cli, OutputFileHoldsWhatStdoutWouldShow) {
  const std::string out = ::testing::TempDir() + "/cmwq-table.txt";
  const CmwqRun to_file = run_cmwq("run scenarios/doc-max-active-3.toml -o '" + out + "'");
  EXPECT_EQ(to_file.status, 0);
  EXPECT_EQ(to_file.out, "");
  const CmwqRun to_stdout = run_cmwq("run scenarios/doc-max-active-3.toml");
  EXPECT_EQ(slurp(out), to_stdout.out);
  std::remove(out.c_str());
  const CmwqRun unwritable = run_cmwq("run scenarios/doc-max-active-3.toml -o /no/such/dir/x.txt");
  EXPECT_EQ(unwritable.status, 1);
}

TEST(Cli, UntilCutsTheRun) {
  const std::string path = scenario_file("good.toml", kGood);
  const CmwqRun r = run_cmwq("run '" + path + "' --until 12ms");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out.substr(0, r.out.find("\n\n") + 1),
            "TIME IN MSECS  EVENT\n0  w0 starts and burns CPU\n5  w0 sleeps\n");
}

// A work that requeues itself runs without end; [run] max_events stops it (issue 17).
TEST(Cli, ARunStoppedAtItsBudgetKeepsItsOutputAndExits3) {
  const std::string path = scenario_file(
      "loop.toml", slurp(std::string(CMWQ_SOURCE_DIR) + "/tests/scenarios/requeue-loop.toml") + "max_events = 3000\n");

  const CmwqRun r = run_cmwq("run '" + path + "' --format ftrace");
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_EQ(count_lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("loop.toml: The run stopped at "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("its budget of 3000 events ([run] max_events)"), std::string::npos) << r.err;
  EXPECT_GT(count_lines(r.out), 1000) << "the trace of what ran is printed";
  const CmwqRun d = run_cmwq("dump '" + path + "' --at 10s");
  EXPECT_EQ(d.status, 3) << d.err;
  EXPECT_NE(d.out.find("loop_wq"), std::string::npos);
}

TEST(Cli, DumpAtATime) {
  // At 12 ms of the max_active == 2 example, w0 and w1 sleep and w2 waits on inactive_works.
  const CmwqRun r = run_cmwq("dump scenarios/doc-max-active-2.toml --at 12ms");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("workqueue q0: flags=0x0\n  pwq 2: cpus=0 node=0 flags=0x0 nice=0 active=2 refcnt="),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("    inactive: w2_fn\n"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace cmwq::test

namespace cmwq::test {
namespace {

TEST(CliLab, ListShowsEveryLab) {
  const CmwqRun r = run_cmwq("lab list");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_GE(count_lines(r.out), 8);
  EXPECT_NE(r.out.find("05-mem-reclaim  Memory pressure and WQ_MEM_RECLAIM"), std::string::npos) << r.out;
}

TEST(CliLab, CheckAnswersExitStatus) {
  const CmwqRun good = run_cmwq("lab check 05-mem-reclaim --answers tests/labs/05-mem-reclaim/answers.toml");
  EXPECT_EQ(good.status, 0) << good.out << good.err;
  EXPECT_NE(good.out.find("5/5 correct"), std::string::npos) << good.out;
  const CmwqRun bad = run_cmwq("lab check 5 --answers tests/labs/05-mem-reclaim/wrong.toml");
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.out.find("0/5 correct"), std::string::npos) << bad.out;
}

TEST(CliLab, CheckChallengeExitStatus) {
  const CmwqRun pass = run_cmwq("lab check mem-reclaim --scenario tests/labs/05-mem-reclaim/make-it-recover.solution.toml");
  EXPECT_EQ(pass.status, 0) << pass.out << pass.err;
  EXPECT_NE(pass.out.find("challenge make-it-recover: passed"), std::string::npos) << pass.out;
  const CmwqRun fail = run_cmwq("lab check mem-reclaim --scenario labs/05-mem-reclaim/stall.toml");
  EXPECT_EQ(fail.status, 1);
  EXPECT_NE(fail.out.find("not yet: no_lockup"), std::string::npos) << fail.out;
}

TEST(CliLab, ABadChallengeScenarioIsBadInputNamedAsGiven) {
  const std::string path = scenario_file("my-fix.toml", "[machine]\ncpus = \"two\"\n");
  const CmwqRun r = run_cmwq("lab check 5 --scenario '" + path + "'");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind(path + ":2:8: error: ", 0), 0u) << r.err;
  EXPECT_EQ(count_lines(r.err), 1) << r.err;
  const CmwqRun dir = run_cmwq("lab check 5 --answers labs");
  EXPECT_EQ(dir.status, 2);
  EXPECT_EQ(dir.err, "labs: error: cannot read: it is a directory\n");
}

TEST(CliLab, GradeScoresEveryLab) {
  const CmwqRun r = run_cmwq("lab grade tests/labs");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("05-mem-reclaim: 6/6"), std::string::npos) << r.out;
}

TEST(CliLab, BrokenLabFileGivesOneErrorLine) {
  const std::string root = ::testing::TempDir() + "/labs";
  std::filesystem::create_directories(root + "/01-broken");
  std::ofstream(root + "/01-broken/lab.toml") << "title = \"t\"\nscenario = \"s.toml\"\n[[question]]\nid = \"q\"\nask = \"?\"\nquery = \"time start work=nope\"\n";
  std::ofstream(root + "/01-broken/s.toml") << "[[work]]\nname = \"w\"\nprogram = [\"burn 1ms\"]\n";
  const CmwqRun r = run_cmwq("lab --labs '" + root + "' check 1 --answers /dev/null");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(count_lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("01-broken/lab.toml:6:9: error: question `q`: unknown work `nope`"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace cmwq::test
