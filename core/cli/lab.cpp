// `cmwq lab`: list, show, check and grade the guided labs under labs/.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "core/cli/commands.h"
#include "core/cli/common.h"
#include "core/lab/lab.h"

namespace cmwq::cli {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> lab_dirs(const std::string& root) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root, ec))
    if (e.is_directory() && fs::exists(e.path() / "lab.toml")) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// A lab by folder name, or by its number ("5", "05") or the rest of its name ("mem-reclaim").
std::optional<fs::path> find_lab(const std::string& root, const std::string& name) {
  for (const fs::path& d : lab_dirs(root)) {
    const std::string dir = d.filename().string();
    const size_t dash = dir.find('-');
    const std::string number = dir.substr(0, dash), rest = dash == std::string::npos ? "" : dir.substr(dash + 1);
    const std::string trimmed = number.find_first_not_of('0') == std::string::npos ? "0" : number.substr(number.find_first_not_of('0'));
    if (name == dir || name == number || name == trimmed || name == rest) return d;
  }
  std::cerr << "cmwq lab: error: no lab `" << name << "` in " << root << " (see `cmwq lab list`)\n";
  return std::nullopt;
}

LabFiles files_of(const fs::path& dir) {
  LabFiles f;
  f.dir = dir.filename().string();
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) f.files[e.path().filename().string()] = slurp(e.path());
  return f;
}

// Loads and validates a lab; prints its error line and returns nullopt if it is broken.
std::optional<Lab> load(const fs::path& dir, const std::string& root) {
  const LabParse p = load_lab(files_of(dir));
  if (!p.lab) {
    ScenarioError e = *p.error;
    e.file = (fs::path(root) / e.file).string();
    std::cerr << e.format() << "\n";
    return std::nullopt;
  }
  return p.lab;
}

int list(const std::string& root) {
  const auto dirs = lab_dirs(root);
  if (dirs.empty()) {
    std::cerr << "cmwq lab: error: no labs in " << root << "\n";
    return kExitBadInput;
  }
  int status = kExitOk;
  for (const fs::path& d : dirs) {
    const auto lab = load(d, root);
    if (!lab) {
      status = kExitBadInput;
      continue;
    }
    const size_t q = lab->questions.size(), c = lab->challenges.size();
    std::cout << d.filename().string() << "  " << lab->title << "  (" << q << (q == 1 ? " question, " : " questions, ") << c
              << (c == 1 ? " challenge)\n" : " challenges)\n");
  }
  return status;
}

int show(const std::string& root, const std::string& name) {
  const auto dir = find_lab(root, name);
  if (!dir) return kExitBadInput;
  const auto lab = load(*dir, root);
  if (!lab) return kExitBadInput;
  std::cout << slurp(*dir / "README.md") << "\n## Questions (answer in a file: [answers] ID = \"...\")\n\n";
  for (const LabQuestion& q : lab->questions) {
    const char* kind = q.kind == AnswerKind::Time ? "a time, e.g. 12ms" : q.kind == AnswerKind::Count ? "a number" : "a choice";
    std::cout << q.id << " (" << kind << ", scenario " << q.scenario;
    if (q.kernel) std::cout << " under kernel " << kernel_version_name(*q.kernel);
    std::cout << "):\n  " << q.ask << "\n";
    if (q.kind == AnswerKind::Choice) {
      std::cout << "  choices:";
      for (const std::string& c : q.choices) std::cout << " " << c;
      std::cout << "\n";
    }
    std::cout << "\n";
  }
  for (const LabChallenge& c : lab->challenges)
    std::cout << "Challenge " << c.id << " (start from " << c.scenario << "):\n  " << c.ask << "\n\n";
  return kExitOk;
}

// Checks answers; prints one line per question. Returns the number correct, or -1 on bad input.
int check_answers(LabChecker& checker, const std::string& path, const std::string& text, bool quiet) {
  ScenarioError err;
  const auto answers = parse_answers(text, path, checker.lab(), err);
  if (!answers) {
    std::cerr << err.format() << "\n";
    return -1;
  }
  int correct = 0;
  const auto& qs = checker.lab().questions;
  for (size_t i = 0; i < qs.size(); ++i) {
    const auto it = answers->find(qs[i].id);
    if (it == answers->end()) {
      if (!quiet) std::cout << qs[i].id << ": not answered\n";
      continue;
    }
    const AnswerCheck c = checker.check_answer(i, it->second);
    correct += c.correct ? 1 : 0;
    if (!quiet) std::cout << qs[i].id << ": " << c.message << "\n";
  }
  return correct;
}

int check(const std::string& root, const std::string& name, const std::string& answers, const std::string& scenario,
          const std::string& challenge_id) {
  const auto dir = find_lab(root, name);
  if (!dir) return kExitBadInput;
  const auto lab = load(*dir, root);
  if (!lab) return kExitBadInput;
  LabChecker checker(*lab, files_of(*dir));
  if (!answers.empty()) {
    const std::optional<std::string> text = read_input(answers);
    if (!text) return kExitBadInput;
    const int correct = check_answers(checker, answers, *text, false);
    if (correct < 0) return kExitBadInput;
    std::cout << correct << "/" << lab->questions.size() << " correct\n";
    return correct == static_cast<int>(lab->questions.size()) ? kExitOk : 1;
  }
  const std::optional<std::string> text = read_input(scenario);
  if (!text) return kExitBadInput;
  size_t index = 0;
  if (!challenge_id.empty()) {
    const auto& cs = lab->challenges;
    const auto it = std::find_if(cs.begin(), cs.end(), [&](const LabChallenge& c) { return c.id == challenge_id; });
    if (it == cs.end()) {
      std::cerr << "cmwq lab: error: lab " << lab->dir << " has no challenge `" << challenge_id << "`\n";
      return kExitBadInput;
    }
    index = static_cast<size_t>(it - cs.begin());
  } else if (lab->challenges.empty()) {
    std::cerr << "cmwq lab: error: lab " << lab->dir << " has no challenge\n";
    return kExitBadInput;
  }
  const ChallengeCheck result = checker.check_challenge(index, *text, scenario);
  if (result.error) {
    std::cerr << result.error->format() << "\n";
    return kExitBadInput;
  }
  for (const std::string& l : result.lines) std::cout << l << "\n";
  std::cout << "challenge " << lab->challenges[index].id << ": " << (result.passed ? "passed" : "not yet") << "\n";
  return result.passed ? kExitOk : 1;
}

// xv6's `make grade`: every lab that has DIR/<lab>/answers.toml, and challenge solutions
// DIR/<lab>/<challenge>.solution.toml, scored.
int grade(const std::string& root, const std::string& dir) {
  int total = 0, got = 0;
  for (const fs::path& d : lab_dirs(root)) {
    const auto lab = load(d, root);
    if (!lab) return kExitBadInput;
    const fs::path mine = fs::path(dir) / d.filename();
    LabChecker checker(*lab, files_of(d));
    int score = 0;
    const int max = static_cast<int>(lab->questions.size() + lab->challenges.size());
    if (fs::exists(mine / "answers.toml")) {
      const int c = check_answers(checker, (mine / "answers.toml").string(), slurp(mine / "answers.toml"), true);
      if (c < 0) return kExitBadInput;
      score += c;
    }
    for (size_t i = 0; i < lab->challenges.size(); ++i) {
      const fs::path sol = mine / (lab->challenges[i].id + ".solution.toml");
      if (!fs::exists(sol)) continue;
      score += checker.check_challenge(i, slurp(sol), sol.string()).passed ? 1 : 0;
    }
    std::cout << d.filename().string() << ": " << score << "/" << max << "\n";
    total += max;
    got += score;
  }
  std::cout << "score: " << got << "/" << total << "\n";
  return got == total ? kExitOk : 1;
}

}  // namespace

Action add_lab(CLI::App& app) {
  struct Opts {
    std::string root = std::string(CMWQ_SOURCE_DIR) + "/labs";
    std::string lab, answers, scenario, challenge, dir;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* sub = app.add_subcommand("lab", "List, show, check and grade the guided labs");
  sub->add_option("--labs", o->root, "Folder of labs (default: the repository's labs/)");
  sub->require_subcommand(1);
  CLI::App* ls = sub->add_subcommand("list", "List the labs with their titles");
  CLI::App* sh = sub->add_subcommand("show", "Print a lab's README, questions and challenges");
  sh->add_option("LAB", o->lab, "Lab folder name or number, e.g. 05-mem-reclaim or 5")->required();
  CLI::App* ck = sub->add_subcommand("check", "Check answers, or a scenario for a challenge");
  ck->add_option("LAB", o->lab, "Lab folder name or number")->required();
  auto* ans = ck->add_option("--answers", o->answers, "Answers file: [answers] ID = \"12ms\" ...");
  auto* scn = ck->add_option("--scenario", o->scenario, "Your scenario for a challenge");
  ck->add_option("--challenge", o->challenge, "Which challenge (default: the first)");
  ans->excludes(scn);
  ck->footer(
      "Exit status: 0 when every answer is correct or the challenge passes, 1 otherwise,\n"
      "2 for bad input (a bad lab, answers or scenario file).\n\n"
      "Examples:\n"
      "  cmwq lab check 05-mem-reclaim --answers my-answers.toml\n"
      "  cmwq lab check 5 --scenario my-stall.toml --challenge make-it-recover");
  CLI::App* gr = sub->add_subcommand("grade", "Score every lab from a folder of answers and solutions");
  gr->add_option("DIR", o->dir, "Folder with <lab>/answers.toml and <lab>/<challenge>.solution.toml")->required();
  gr->footer("Example:\n  cmwq lab grade tests/labs");
  sub->footer(
      "Examples:\n"
      "  cmwq lab list\n"
      "  cmwq lab show 05-mem-reclaim\n"
      "  cmwq lab check 05-mem-reclaim --answers my-answers.toml\n"
      "  cmwq lab grade tests/labs");
  return [=]() -> int {
    if (!sub->parsed()) return -1;
    if (ls->parsed()) return list(o->root);
    if (sh->parsed()) return show(o->root, o->lab);
    if (gr->parsed()) return grade(o->root, o->dir);
    if (o->answers.empty() && o->scenario.empty()) {
      std::cerr << "cmwq lab check: error: give --answers FILE or --scenario FILE\n";
      return kExitBadInput;
    }
    return check(o->root, o->lab, o->answers, o->scenario, o->challenge);
  };
}

}  // namespace cmwq::cli
