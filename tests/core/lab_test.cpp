// Every shipped lab loads, accepts the answers a person derived from the kernel
// (tests/labs/<lab>/answers.toml), rejects plausible wrong ones (wrong.toml), and its
// challenges accept the reference solution (tests/labs/<lab>/<challenge>.solution.toml).
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/lab/lab.h"
#include "harness.h"

namespace cmwq::test {
namespace {

namespace fs = std::filesystem;

LabFiles lab_files(const fs::path& dir) {
  LabFiles f;
  f.dir = dir.filename().string();
  for (const auto& e : fs::directory_iterator(dir)) f.files[e.path().filename().string()] = read_file(e.path());
  return f;
}

std::vector<fs::path> lab_dirs() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(CMWQ_SOURCE_DIR) / "labs"))
    if (e.is_directory() && fs::exists(e.path() / "lab.toml")) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Labs, EveryLabAnswersCorrectlyAndRejectsWrongAnswers) {
  const auto dirs = lab_dirs();
  ASSERT_FALSE(dirs.empty());
  for (const fs::path& dir : dirs) {
    SCOPED_TRACE(dir.filename().string());
    const LabFiles files = lab_files(dir);
    const LabParse lp = load_lab(files);
    ASSERT_TRUE(lp.lab.has_value()) << lp.error->format();
    LabChecker checker(*lp.lab, files);
    const fs::path tests = fs::path(CMWQ_SOURCE_DIR) / "tests/labs" / dir.filename();
    ScenarioError err;
    const auto right = parse_answers(read_file(tests / "answers.toml"), "answers.toml", *lp.lab, err);
    ASSERT_TRUE(right.has_value()) << err.format();
    const auto wrong = parse_answers(read_file(tests / "wrong.toml"), "wrong.toml", *lp.lab, err);
    ASSERT_TRUE(wrong.has_value()) << err.format();
    for (size_t i = 0; i < lp.lab->questions.size(); ++i) {
      const std::string& id = lp.lab->questions[i].id;
      ASSERT_TRUE(right->count(id)) << "no reference answer for " << id;
      ASSERT_TRUE(wrong->count(id)) << "no wrong answer for " << id;
      const AnswerCheck good = checker.check_answer(i, right->at(id));
      EXPECT_TRUE(good.correct) << id << ": reference answer " << right->at(id) << ", model says " << good.expected;
      const AnswerCheck bad = checker.check_answer(i, wrong->at(id));
      EXPECT_FALSE(bad.correct) << id << ": wrong answer " << wrong->at(id) << " accepted";
    }
    for (size_t i = 0; i < lp.lab->challenges.size(); ++i) {
      const LabChallenge& c = lp.lab->challenges[i];
      EXPECT_FALSE(checker.check_challenge(i, files.files.at(c.scenario)).passed)
          << c.id << ": the starting scenario must not pass";
      const ChallengeCheck solved = checker.check_challenge(i, read_file(tests / (c.id + ".solution.toml")));
      std::string report;
      for (const auto& l : solved.lines) report += l + "\n";
      EXPECT_TRUE(solved.passed) << c.id << ": reference solution fails:\n" << report;
    }
  }
}

LabFiles tiny_lab(const std::string& lab_toml) {
  LabFiles f;
  f.dir = "tiny";
  f.files["lab.toml"] = lab_toml;
  f.files["s.toml"] =
      "[[workqueue]]\nname = \"q0\"\n[[work]]\nname = \"w\"\nprogram = [\"burn 1ms\"]\n"
      "[[at]]\ntime = \"0ms\"\ndo = [\"queue_work q0 w cpu=0\"]\n";
  return f;
}

ScenarioError lab_error(const std::string& lab_toml) {
  const LabParse p = load_lab(tiny_lab(lab_toml));
  EXPECT_FALSE(p.lab.has_value());
  return p.error.value_or(ScenarioError{});
}

TEST(LabErrors, QuestionNamingAnUnknownWork) {
  const ScenarioError e = lab_error(
      "title = \"t\"\nscenario = \"s.toml\"\n[[question]]\nid = \"q\"\nask = \"?\"\nquery = \"time start work=x\"\n");
  EXPECT_NE(e.message.find("unknown work `x`"), std::string::npos) << e.format();
  EXPECT_EQ(e.pos.line, 6);
}

TEST(LabErrors, QueryTheModelCannotAnswer) {
  const ScenarioError e = lab_error(
      "title = \"t\"\nscenario = \"s.toml\"\n[[question]]\nid = \"q\"\nask = \"?\"\nquery = \"time maydy\"\n");
  EXPECT_NE(e.message.find("did you mean `mayday`?"), std::string::npos) << e.format();
}

TEST(LabErrors, UnknownScenario) {
  const ScenarioError e = lab_error("title = \"t\"\nscenario = \"x.toml\"\n[[question]]\nid = \"q\"\nask = \"?\"\nquery = \"time start\"\n");
  EXPECT_NE(e.message.find("unknown scenario `x.toml`"), std::string::npos) << e.format();
}

TEST(LabErrors, ChallengeAlreadySolved) {
  const ScenarioError e = lab_error(
      "title = \"t\"\n[[challenge]]\nid = \"c\"\nask = \"?\"\nscenario = \"s.toml\"\ngoals = [\"completes w\"]\n");
  EXPECT_NE(e.message.find("already meets every goal"), std::string::npos) << e.format();
}

TEST(LabErrors, UnknownKey) {
  const ScenarioError e = lab_error("title = \"t\"\nquestons = 1\n");
  EXPECT_NE(e.message.find("did you mean `question`?"), std::string::npos) << e.format();
}

TEST(LabAnswers, UnreadableAnswerIsNotMarkedWrong) {
  const LabParse p = load_lab(tiny_lab(
      "title = \"t\"\nscenario = \"s.toml\"\n[[question]]\nid = \"q\"\nask = \"?\"\nquery = \"time end work=w\"\n"));
  ASSERT_TRUE(p.lab.has_value()) << p.error->format();
  LabChecker c(*p.lab, tiny_lab(""));
  const AnswerCheck a = c.check_answer(0, "soon");
  EXPECT_FALSE(a.understood);
  EXPECT_TRUE(c.check_answer(0, "1ms").correct);
  EXPECT_TRUE(c.check_answer(0, "1").correct) << "a bare number is milliseconds";
}

// A lab on labs/09-rescuer-one-at-a-time/still-short.toml: three items of one
// WQ_MEM_RECLAIM workqueue queued at 1 ms while a hog holds all memory; R1 sleeps 100 ms,
// R2 and R3 burn 5 ms (the rescuer research's situation (a)). The file is given
// `kernel = "6.12.118"` here, so that the questions' own kernel must win over it.
LabFiles rescuer_lab(const std::string& questions) {
  LabFiles f;
  f.dir = "rescuer";
  f.files["lab.toml"] = "title = \"t\"\nscenario = \"s.toml\"\n" + questions;
  std::string text = read_file(fs::path(CMWQ_SOURCE_DIR) / "labs/09-rescuer-one-at-a-time/still-short.toml");
  const size_t machine = text.find("[machine]\n");
  EXPECT_NE(machine, std::string::npos);
  if (machine != std::string::npos) text.insert(machine + 10, "kernel = \"6.12.118\"\n");
  f.files["s.toml"] = text;
  return f;
}

// A question's `kernel` key runs its scenario under that generation, whatever the file's
// [machine] says. At 30 ms the rescuer (woken by the 12 ms mayday) is inside R1's sleep:
// v6.12.0's rescuer_thread() moved R1, R2 and R3 to its scheduled list at once (0:3480-3484),
// leaving pool->worklist empty; 6.12.118's assign_rescuer_work() took R1 only and put the
// pwq's mayday cursor where R1 was (118:3468): the worklist is [cursor, R2, R3], 3 entries.
TEST(LabKernel, QuestionKernelOverridesTheScenario) {
  const std::string q = "[[question]]\nid = \"now\"\nask = \"?\"\nkind = \"count\"\n"
                        "query = \"value worklist pool=cpu0 at=30ms\"\n"
                        "[[question]]\nid = \"old\"\nask = \"?\"\nkind = \"count\"\nkernel = \"6.12.0\"\n"
                        "query = \"value worklist pool=cpu0 at=30ms\"\n"
                        "[[question]]\nid = \"new\"\nask = \"?\"\nkernel = \"6.12.118\"\n"
                        "query = \"time cursor_place\"\n"
                        "[[question]]\nid = \"none\"\nask = \"?\"\nkernel = \"6.12.0\"\n"
                        "query = \"time cursor_place\"\n";
  const LabFiles files = rescuer_lab(q);
  const LabParse p = load_lab(files);
  ASSERT_TRUE(p.lab.has_value()) << p.error->format();
  EXPECT_FALSE(p.lab->questions[0].kernel.has_value());
  ASSERT_TRUE(p.lab->questions[1].kernel.has_value());
  EXPECT_EQ(*p.lab->questions[1].kernel, KernelGeneration::V6_12_0);
  LabChecker c(*p.lab, files);
  EXPECT_EQ(c.expected(0).text(), "3") << "the file's kernel, 6.12.118: cursor, R2, R3";
  EXPECT_EQ(c.expected(1).text(), "0") << "v6.12.0 slurped all three";
  // The cursor goes on the worklist when the rescuer takes R1 at 12 ms; v6.12.0 has none.
  EXPECT_EQ(c.expected(2).text(), "12ms");
  EXPECT_EQ(c.expected(3).text(), "never");
}

TEST(LabErrors, UnknownKernelIsLocated) {
  const ScenarioError e = lab_error(
      "title = \"t\"\nscenario = \"s.toml\"\n[[question]]\nid = \"q\"\nask = \"?\"\nquery = \"time start\"\n"
      "kernel = \"6.12.1\"\n");
  EXPECT_NE(e.message.find("unknown kernel \"6.12.1\""), std::string::npos) << e.format();
  EXPECT_NE(e.message.find("\"6.12.118\", \"6.12.0\", \"2.6.35\""), std::string::npos) << e.format();
  EXPECT_EQ(e.file, "tiny/lab.toml");
  EXPECT_EQ(e.pos.line, 7);
  EXPECT_EQ(e.pos.column, 10);
}

TEST(LabErrors, KernelMustBeAString) {
  const ScenarioError e = lab_error(
      "title = \"t\"\nscenario = \"s.toml\"\n[[question]]\nid = \"q\"\nask = \"?\"\nquery = \"time start\"\n"
      "kernel = 6\n");
  EXPECT_NE(e.message.find("`kernel` must be a string"), std::string::npos) << e.format();
  EXPECT_EQ(e.pos.line, 7);
}

// A question may ask about a generation under which its query names something the
// scenario's kernel lacks: WQ_PERCPU exists only in 6.12.118, so a 6.12.0 question on a
// scenario using it fails to load, naming the scenario's line.
TEST(LabErrors, ScenarioThatDoesNotParseUnderTheQuestionsKernel) {
  LabFiles files = tiny_lab(
      "title = \"t\"\nscenario = \"s.toml\"\n[[question]]\nid = \"q\"\nask = \"?\"\nquery = \"time start\"\n"
      "kernel = \"6.12.0\"\n");
  files.files["s.toml"] = "[[workqueue]]\nname = \"q0\"\nflags = [\"WQ_PERCPU\"]\n";
  const LabParse p = load_lab(files);
  ASSERT_FALSE(p.lab.has_value());
  EXPECT_EQ(p.error->file, "tiny/s.toml");
  EXPECT_EQ(p.error->pos.line, 3);
  EXPECT_NE(p.error->message.find("WQ_PERCPU does not exist in kernel 6.12.0"), std::string::npos) << p.error->format();
}

}  // namespace
}  // namespace cmwq::test

namespace cmwq::test {
namespace {

// The query language on the documentation's example (w0 burns 0-5, sleeps 5-15, ...).
TEST(LabQueries, ComparisonsAndEventsOnTheDocExample) {
  std::ifstream in(std::string(CMWQ_SOURCE_DIR) + "/scenarios/doc-max-active-3.toml");
  std::stringstream ss;
  ss << in.rdbuf();
  const ScenarioParse p = parse_scenario(ss.str(), "doc");
  ASSERT_TRUE(p.ok());
  const LabRun run = run_scenario_for_lab(*p.scenario);
  auto eval = [&](const std::string& q) {
    std::string error;
    const auto v = evaluate_query(q, run, error);
    EXPECT_TRUE(v.has_value()) << q << ": " << error;
    return v.value_or(QueryValue{}).text();
  };
  EXPECT_EQ(eval("time start work=w2"), "10ms");
  EXPECT_EQ(eval("time wake work=w0"), "15ms");
  EXPECT_EQ(eval("time start work=w2 <= 10ms"), "yes");
  EXPECT_EQ(eval("time start work=w2 < 10ms"), "no");
  EXPECT_EQ(eval("count end >= 3"), "yes");
  EXPECT_EQ(eval("time lockup <= 1s"), "no") << "never is later than any time";
  EXPECT_EQ(eval("time lockup == never"), "yes");
  EXPECT_EQ(eval("count kick after=5ms before=5ms"), "1") << "w0's sleep kicks the next worker at 5 ms";
  std::string error;
  EXPECT_FALSE(evaluate_query("time start work=w2 <= soon", run, error).has_value());
  EXPECT_NE(error.find("expected a time"), std::string::npos) << error;
}

}  // namespace
}  // namespace cmwq::test
