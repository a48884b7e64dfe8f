#pragma once
/// @file
/// @brief The guided labs as the web app sees them: every labs/*/* file embedded at
/// build time (web/platform/embed_labs.cmake), each lab loaded and validated with load_lab(),
/// answers and challenges checked with LabChecker, and the student's progress (tries,
/// whether the first try was right, hints shown, answers shown), which the browser keeps
/// in local storage (one key per lab and question or challenge id) and the link keeps as
/// compact bitmasks and counts per lab. No ImGui here: tests drive it natively; the Labs
/// panel (web/panels/labs_panel.h) draws it.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/lab/lab.h"

namespace cmwq::web {

/// One embedded file of a lab folder.
struct EmbeddedLabFile {
  std::string_view dir;   ///< Lab folder, e.g. "05-mem-reclaim".
  std::string_view file;  ///< File name, e.g. "starvation.toml".
  std::string_view text;  ///< Its contents.
};

/// Every file of every lab folder, sorted by folder, then file name.
std::span<const EmbeddedLabFile> embedded_lab_files();

/// A lab scenario's name as the session and links use it: "05-mem-reclaim/starvation.toml".
std::string lab_scenario_name(std::string_view dir, std::string_view file);

/// The text of a lab's scenario named "DIR/FILE" or "DIR/FILE" without ".toml", or
/// nullopt. Sets @p canonical (if given) to "DIR/FILE.toml".
std::optional<std::string_view> find_lab_scenario(std::string_view name, std::string* canonical = nullptr);

/// The student's progress on one question. A question is done when it is correct or its
/// answer was shown; until then the student may try again, with one more hint each time.
struct QuestionProgress {
  int tries = 0;                  ///< Readable answers checked, the first one included.
  bool correct = false;           ///< An answer matched the model (once right, it stays right).
  bool revealed = false;          ///< The model's answer was shown: asked for, or the hints ran out.
  std::optional<bool> first_try;  ///< Whether the first try was right; nullopt until the first try or a reveal.
  int hints = 0;                  ///< Hints shown so far.
  std::string answer;             ///< The last answer, as typed ("" when it came from a link).
  /// A readable answer was checked.
  bool answered() const { return tries > 0; }
  /// Correct or shown: nothing more to try.
  bool done() const { return correct || revealed; }
};

/// What checking one answer did (LabBook::answer()).
enum class AttemptResult : uint8_t {
  Unreadable,  ///< The checker could not read it ("soon"): nothing recorded.
  Correct,     ///< It matches the model.
  NotYet,      ///< It does not; the answer stays hidden, the next hint (if any) is open, try again.
  Revealed,    ///< It does not, and no hint was left (or the answer was already shown): the answer shows.
};

/// The outcome of one check, with the sentence the Labs panel shows. The model's value is
/// in `check.expected`; `message` names it only when the result is Correct or Revealed.
struct Attempt {
  AttemptResult result = AttemptResult::Unreadable;  ///< What happened.
  AnswerCheck check;                                 ///< The checker's verdict.
  std::string message;                               ///< For the student.
};

/// The student's progress on one challenge.
struct ChallengeProgress {
  bool solved = false;  ///< A scenario met every goal.
};

/// One lab: its files, the parsed lab (or its error), the checker and the progress.
struct LabEntry {
  LabFiles files;                             ///< The folder's files.
  std::optional<Lab> lab;                     ///< The lab, when it loads.
  std::string error;                          ///< Its error ("file:line:column: error: ..."), when not.
  std::vector<QuestionProgress> questions;    ///< Progress, one per question.
  std::vector<ChallengeProgress> challenges;  ///< Progress, one per challenge.
  std::unique_ptr<LabChecker> checker;        ///< Runs the scenarios; made on first use.
};

/// Every lab and the student's progress.
class LabBook {
 public:
  /// Loads every embedded lab.
  LabBook();
  /// Loads the given lab folders (tests).
  explicit LabBook(std::vector<LabFiles> labs);

  /// Number of labs.
  size_t size() const { return labs_.size(); }
  /// Lab @p i, in folder order.
  const LabEntry& entry(size_t i) const { return labs_.at(i); }
  /// The lab whose folder is @p dir, or nullopt.
  std::optional<size_t> find(std::string_view dir) const;
  /// The text of file @p file of lab @p i ("" if it has none).
  std::string_view file_text(size_t i, std::string_view file) const;

  /// Questions of lab @p i answered (readably), answered correctly, right on the first try,
  /// whose answer was shown, and challenges solved.
  int answered(size_t i) const;
  /// See answered().
  int correct(size_t i) const;
  /// See answered().
  int first_try(size_t i) const;
  /// See answered().
  int revealed(size_t i) const;
  /// See answered().
  int solved(size_t i) const;

  /// Checks the student's answer to question @p q of lab @p i with LabChecker and records
  /// the try. The first readable try sets first_try. A wrong answer opens the next hint
  /// and leaves the answer hidden (NotYet); when no hint is left it shows the answer
  /// (Revealed). An answer the checker cannot read ("soon", an unknown choice) changes
  /// nothing; once a question is done (correct, or its answer shown), further checks
  /// change nothing either: typing back an answer that was shown never counts as right.
  Attempt answer(size_t i, size_t q, const std::string& text);
  /// Shows the next hint of question @p q of lab @p i (none past the last).
  void show_hint(size_t i, size_t q);
  /// Shows the answer of question @p q of lab @p i ("Show the answer"): it can no longer
  /// be right on the first try.
  void reveal(size_t i, size_t q);
  /// The model's answer to question @p q of lab @p i, as text ("12ms", "rescuer", ...).
  std::string expected(size_t i, size_t q);
  /// The scenario text question @p q of lab @p i runs: its scenario file, with the
  /// question's kernel written into `[machine]` when the question names one the file
  /// does not follow (what "Load the scenario" loads).
  std::string question_scenario(size_t i, size_t q) const;
  /// The scenario opening lab @p i loads: the lab's `scenario`, else that of its first
  /// question or challenge ("" if it has none, or does not load).
  std::string start_scenario(size_t i) const;
  /// Runs @p scenario_text for challenge @p c of lab @p i; a pass marks it solved.
  ChallengeCheck check_challenge(size_t i, size_t c, const std::string& scenario_text);

  /// The local-storage key of a question or challenge: "cmwq-lab:DIR:ID".
  static std::string storage_key(std::string_view dir, std::string_view id);
  /// Reads the progress stored under storage_key() for every question and challenge,
  /// through @p get (which returns nullopt for a missing key). A question's value is
  /// "tries=N first=yes|no|- revealed=yes|no correct=yes|no hints=N answer=TEXT" (the
  /// answer last, as typed); a challenge's is "solved". The older "correct ANSWER" and
  /// "wrong ANSWER" read as one try, not known to be right the first time (first=no).
  /// Anything else is ignored.
  void load_storage(const std::function<std::optional<std::string>(const std::string&)>& get);
  /// The storage writes (key, value) for everything that changed since the last call;
  /// an empty value means "remove the key".
  std::vector<std::pair<std::string, std::string>> take_storage_writes();

  /// The progress as a link value: one `DIR.A.C.S.F.R.T` per lab with any progress,
  /// joined by `~`, where A, C, S, F and R are hexadecimal bitmasks over the lab's
  /// questions (answered, correct), challenges (solved) and questions again (right on the
  /// first try, answer shown), in file order, and T the questions' tries in decimal,
  /// joined by `-` up to the last that is not 0; "" when there is no progress.
  std::string encode_progress() const;
  /// Adds the progress of a link value (encode_progress(), or the older `DIR.A.C.S`) to
  /// what is known. Marks (correct, shown, solved) are only ever added and tries only
  /// raised; a question's first try is taken from the link only when none is recorded
  /// here, so a link never turns a recorded first try into a better one (an older link,
  /// which does not say, records an answered question as not right the first time).
  /// Unknown labs and bits beyond a lab's questions are skipped. Returns false and sets
  /// @p error if the value is malformed.
  bool merge_progress(std::string_view value, std::string& error);

 private:
  LabChecker& checker(size_t i);
  std::string_view scenario_text(size_t i, const std::string& file) const;
  void mark_question(size_t i, size_t q);
  void mark_challenge(size_t i, size_t c);

  std::vector<LabEntry> labs_;
  std::vector<std::pair<size_t, size_t>> dirty_questions_;   // (lab, question)
  std::vector<std::pair<size_t, size_t>> dirty_challenges_;  // (lab, challenge)
};

}  // namespace cmwq::web
