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

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

LabFiles lab_files(const fs::path& dir) {
  LabFiles f;
  f.dir = dir.filename().string();
  for (const auto& e : fs::directory_iterator(dir)) f.files[e.path().filename().string()] = slurp(e.path());
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
    const auto right = parse_answers(slurp(tests / "answers.toml"), "answers.toml", *lp.lab, err);
    ASSERT_TRUE(right.has_value()) << err.format();
    const auto wrong = parse_answers(slurp(tests / "wrong.toml"), "wrong.toml", *lp.lab, err);
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
      const ChallengeCheck solved = checker.check_challenge(i, slurp(tests / (c.id + ".solution.toml")));
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
