#pragma once
/// @file
/// @brief The JSON of window.cmwq.labs(): the Labs panel's state and the student's progress
/// on every lab (docs/automation-api.md), built from a LabBook without ImGui.

#include <optional>
#include <string>

#include "web/model/lab_book.h"

namespace cmwq::web {

/// What labs() says about the panel itself (App knows it; the book does not).
struct LabsPanelState {
  bool shown = false;               ///< The left column shows the Labs panel and its tabs.
  std::optional<std::string> open;  ///< The open lab's folder; nullopt for the list.
  std::string tab;                  ///< The left column's tab ("Labs", ...), "" when not shown.
};

/// `{shown, open, tab, progress, labs: [...]}`: per lab its counts (answered, correct,
/// first_try, revealed, solved) and per question `{id, answered, correct, tries, revealed,
/// first_try}`, first_try being true, false or null while unanswered.
std::string labs_json(const LabBook& book, const LabsPanelState& panel);

}  // namespace cmwq::web
