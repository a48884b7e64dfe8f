#pragma once
/// @file
/// @brief Guided labs: questions that ask for a prediction, and challenges that ask
/// for a fix, both checked by running scenarios through the model.
///
/// A lab is a folder under labs/ with a README.md, a lab.toml and scenario files. The
/// lab file holds questions (each with a query whose value, computed by running the
/// scenario, is the correct answer), challenges (a starting scenario and goals the
/// student's edited scenario must meet), hints and explanations. See
/// docs/lab-authoring.md.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/lab/query.h"
#include "core/scenario/scenario.h"

namespace cmwq {

/// The files of one lab folder: name -> text (lab.toml, README.md, *.toml).
struct LabFiles {
  std::string dir;                           ///< Folder name, e.g. "05-mem-reclaim".
  std::map<std::string, std::string> files;  ///< File name -> contents.
};

/// What kind of answer a question expects.
enum class AnswerKind : uint8_t {
  Time,    ///< A time such as "12ms" (compared within the question's tolerance), or "never".
  Count,   ///< A whole number.
  Choice,  ///< One of the question's choices.
};

/// One [[question]].
struct LabQuestion {
  std::string id;                    ///< Stable id (answer files and progress use it).
  std::string ask;                   ///< The question, asking for a prediction.
  AnswerKind kind = AnswerKind::Time;  ///< Expected answer form.
  std::string query;                 ///< How the model computes the answer (query.h).
  std::string scenario;              ///< Scenario file it runs (the lab's default if empty).
  /// The kernel generation it asks about (`kernel = "6.12.0"`), overriding the scenario's
  /// `[machine] kernel`; nullopt: the scenario's own.
  std::optional<KernelGeneration> kernel;
  Nanos tolerance = 0;               ///< Time questions: allowed distance from the model's value.
  std::vector<std::string> choices;  ///< Choice questions: the options.
  std::vector<std::string> hints;    ///< Revealed one at a time.
  std::string explain;               ///< Shown once answered: why the answer is what it is.
  SourcePos pos;                     ///< Where it is declared.
};

/// One [[challenge]].
struct LabChallenge {
  std::string id;                  ///< Stable id.
  std::string ask;                 ///< What to change, and why.
  std::string scenario;            ///< The starting scenario the student edits.
  std::vector<std::string> goals;  ///< Goal queries (query.h) that must all hold.
  std::vector<std::string> hints;  ///< Revealed one at a time.
  std::string explain;             ///< Shown once solved.
  SourcePos pos;                   ///< Where it is declared.
};

/// A parsed and validated lab.
struct Lab {
  std::string dir;                        ///< Folder name.
  std::string title;                      ///< Short title.
  std::string summary;                    ///< One paragraph: what the lab teaches.
  std::string scenario;                   ///< Default scenario of its questions.
  std::vector<LabQuestion> questions;     ///< In order.
  std::vector<LabChallenge> challenges;   ///< In order.
};

/// A lab, or what is wrong with its files.
struct LabParse {
  std::optional<Lab> lab;             ///< Set when the lab is valid.
  std::optional<ScenarioError> error; ///< Set when it is not (file, line, column, message).
};

/// Parses lab.toml and checks everything it refers to: scenarios parse, queries are
/// well formed and name things the scenarios have, and every challenge's starting
/// scenario fails its goals (or the challenge would be solved before it starts).
LabParse load_lab(const LabFiles& files);

/// Reads a student's answers file: a TOML table `[answers]` of question id = answer
/// (strings or numbers), e.g. `first-mayday = "12ms"`. Unknown ids are errors.
std::optional<std::map<std::string, std::string>> parse_answers(const std::string& text, const std::string& file,
                                                                const Lab& lab, ScenarioError& error);

/// The outcome of checking one answer.
struct AnswerCheck {
  bool correct = false;   ///< The answer matches the model (within tolerance).
  bool understood = true; ///< The answer could be read (e.g. "12ms", "3", a choice).
  std::string expected;   ///< The model's value, as text.
  std::string message;    ///< A sentence for the student.
};

/// The result of checking a challenge scenario.
struct ChallengeCheck {
  bool passed = false;                 ///< The scenario read and every goal held.
  std::optional<ScenarioError> error;  ///< The scenario's parse error, if it did not read.
  std::vector<std::string> lines;      ///< One line per goal ("ok: ...", "not yet: ..."), or the parse error.
};

/// Runs and caches the scenarios of one lab, and checks answers and challenges.
class LabChecker {
 public:
  /// @p lab must come from load_lab(@p files).
  LabChecker(Lab lab, LabFiles files);
  /// The lab.
  const Lab& lab() const { return lab_; }
  /// The model's answer to question @p index.
  QueryValue expected(size_t index);
  /// Checks a student's answer to question @p index.
  AnswerCheck check_answer(size_t index, const std::string& answer);
  /// Checks a student's scenario text for challenge @p index: every goal must hold.
  /// A scenario that does not parse gives its error, named @p file (the challenge's
  /// starting file when empty), as the only line.
  ChallengeCheck check_challenge(size_t index, const std::string& scenario_text, const std::string& file = "");

 private:
  const LabRun& run_of(const std::string& scenario, std::optional<KernelGeneration> kernel);
  Lab lab_;
  LabFiles files_;
  std::map<std::pair<std::string, std::optional<KernelGeneration>>, LabRun> runs_;
};

}  // namespace cmwq
