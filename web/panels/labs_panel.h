#pragma once
/// @file
/// @brief The Labs panel: the guided labs with the student's progress; for the open lab,
/// its README (web/model/markdown.h), then its questions, each asking for a prediction before
/// anything is revealed, and its challenges, checked against the Scenario panel's editor.
///
/// Opening a lab from the list loads its scenario. A question's "Load the scenario" loads
/// its scenario (under the question's kernel, if it names one) through the session (so a
/// link holds it) at time 0: nothing is revealed. "Check" asks the model
/// (LabBook::answer()): a right answer says so (on the first try or not) and unlocks the
/// explanation; a wrong one says "not yet", opens the next hint and offers "Try again"
/// and "Show the answer"; the answer shows only when asked for or when no hint is left.
/// An answer the checker cannot read is not marked wrong. Hints also open one at a time
/// on request. A challenge's "Load the starting scenario" puts its scenario in the editor
/// (and runs it); "Check my scenario" runs the editor's text against the goals.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "web/model/lab_book.h"
#include "web/model/markdown.h"
#include "web/panels/panel_context.h"

namespace cmwq::web {

/// Draws the "Labs" window.
class LabsPanel {
 public:
  /// Draws the panel for this frame. Checking answers and challenges updates @p book;
  /// loading scenarios goes through ctx.req.load.
  void draw(PanelContext& ctx, LabBook& book);

  /// The open lab, or nullopt when the panel lists the labs.
  std::optional<size_t> open_lab() const { return lab_; }
  /// Opens lab @p lab (nullopt: back to the list).
  void open(std::optional<size_t> lab);
  /// Asks (through ctx.req.load) for lab @p lab's starting scenario, unless it runs already.
  void load_start_scenario(PanelContext& ctx, const LabBook& book, size_t lab);

 private:
  enum class Jump { None, Top, Questions, Challenges };
  struct QuestionUi {
    std::string input;            // the prediction being typed (or the choice picked)
    std::optional<Attempt> last;  // the last check in this session
    bool reveal = false;          // scroll the verdict into view once drawn
  };
  struct ChallengeUi {
    int hints = 0;                       // hints revealed
    std::optional<ChallengeCheck> last;  // the last check in this session
    bool loaded = false;                 // its starting scenario was loaded
    bool reveal = false;                 // scroll the goal lines into view once drawn
  };

  void draw_list(PanelContext& ctx, LabBook& book);
  void draw_lab(PanelContext& ctx, LabBook& book, size_t lab);
  void draw_question(PanelContext& ctx, LabBook& book, size_t lab, size_t q);
  bool draw_prediction(const LabQuestion& question, const QuestionProgress& progress, QuestionUi& ui);
  void draw_verdict(LabBook& book, size_t lab, size_t q, QuestionUi& ui);
  void draw_question_actions(PanelContext& ctx, LabBook& book, size_t lab, size_t q, QuestionUi& ui);
  void draw_challenge(PanelContext& ctx, LabBook& book, size_t lab, size_t c);
  const std::vector<MdBlock>& readme(const LabBook& book, size_t lab);

  std::optional<size_t> lab_;
  Jump jump_ = Jump::None;
  std::map<std::pair<size_t, size_t>, QuestionUi> questions_;
  std::map<std::pair<size_t, size_t>, ChallengeUi> challenges_;
  std::map<size_t, std::vector<MdBlock>> readmes_;
};

/// Draws Markdown blocks (parse_markdown()) wrapped to the window's width: headings,
/// reflowed paragraphs, list items with a hanging indent, `code` spans on a tinted
/// background, **bold** brighter, code blocks as they are.
void draw_markdown(const std::vector<MdBlock>& blocks);

}  // namespace cmwq::web
