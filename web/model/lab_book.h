#pragma once
/// @file
/// @brief The guided labs as the web app sees them: every labs/*/* file embedded at
/// build time (web/platform/embed_labs.cmake), each lab loaded and validated with load_lab(),
/// answers and challenges checked with LabChecker, and the student's progress, which
/// the browser keeps in local storage (one key per lab and question or challenge id)
/// and the link keeps as one compact bitmask per lab. No ImGui here: tests drive it
/// natively; the Labs panel (web/panels/labs_panel.h) draws it.

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

/// The student's progress on one question.
struct QuestionProgress {
  bool answered = false;  ///< An answer the checker could read was checked.
  bool correct = false;   ///< The last such answer matched the model.
  std::string answer;     ///< That answer, as typed ("" when it came from a link).
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

  /// Questions of lab @p i answered (readably), answered correctly, and challenges solved.
  int answered(size_t i) const;
  /// See answered().
  int correct(size_t i) const;
  /// See answered().
  int solved(size_t i) const;

  /// Checks the student's answer to question @p q of lab @p i with LabChecker. An
  /// answer it can read is recorded (answered, correct or not); one it cannot read
  /// ("soon", an unknown choice) changes nothing and comes back with understood = false.
  AnswerCheck answer(size_t i, size_t q, const std::string& text);
  /// The model's answer to question @p q of lab @p i, as text ("12ms", "rescuer", ...).
  std::string expected(size_t i, size_t q);
  /// Runs @p scenario_text for challenge @p c of lab @p i; a pass marks it solved.
  ChallengeCheck check_challenge(size_t i, size_t c, const std::string& scenario_text);

  /// The local-storage key of a question or challenge: "cmwq-lab:DIR:ID".
  static std::string storage_key(std::string_view dir, std::string_view id);
  /// Reads the progress stored under storage_key() for every question and challenge,
  /// through @p get (which returns nullopt for a missing key). Values: "correct ANSWER",
  /// "wrong ANSWER", "solved"; anything else is ignored.
  void load_storage(const std::function<std::optional<std::string>(const std::string&)>& get);
  /// The storage writes (key, value) for everything that changed since the last call;
  /// an empty value means "remove the key".
  std::vector<std::pair<std::string, std::string>> take_storage_writes();

  /// The progress as a link value: one `DIR.A.C.S` per lab with any progress, joined by
  /// `~`, where A, C and S are hexadecimal bitmasks over the lab's questions (answered,
  /// correct) and challenges (solved) in file order; "" when there is none.
  std::string encode_progress() const;
  /// Adds the progress of a link value (encode_progress()) to what is known: answered,
  /// correct and solved marks are only ever added. Unknown labs and bits beyond a lab's
  /// questions are skipped. Returns false and sets @p error if the value is malformed.
  bool merge_progress(std::string_view value, std::string& error);

 private:
  LabChecker& checker(size_t i);
  void mark_question(size_t i, size_t q);
  void mark_challenge(size_t i, size_t c);

  std::vector<LabEntry> labs_;
  std::vector<std::pair<size_t, size_t>> dirty_questions_;   // (lab, question)
  std::vector<std::pair<size_t, size_t>> dirty_challenges_;  // (lab, challenge)
};

}  // namespace cmwq::web
