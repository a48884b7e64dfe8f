#pragma once
/// @file
/// @brief The Scenario panel: pick a shipped scenario, read its title and description,
/// edit its TOML in place and apply it. A parse error is shown as file:line:column with
/// its message, and its line is highlighted in the editor; the running world and the
/// text stay as they were.

#include <string>

#include "web/panels/panel_context.h"

namespace cmwq::web {

/// Draws the "Scenario" window.
class ScenarioPanel {
 public:
  /// Draws the panel for this frame; Apply and the scenario picker fill in ctx.req.load.
  void draw(PanelContext& ctx);

 private:
  void draw_picker(PanelContext& ctx, bool edited);
  void confirm_discard(PanelContext& ctx);
  void draw_apply_revert(PanelContext& ctx, bool edited, const ScenarioError* err);
  void highlight_error(PanelContext& ctx, const ScenarioError* err);

  std::string pending_file_;           // shipped scenario to load once the user confirms
  const void* shown_error_ = nullptr;  // the error the editor last scrolled to
  int shown_error_line_ = 0;
};

}  // namespace cmwq::web
