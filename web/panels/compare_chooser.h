#pragma once
/// @file
/// @brief The Compare chooser: a small window where a student picks what the second run
/// of a comparison changes (the kernel generation, a workqueue's flag, max_active, the
/// CPUs, a timed action, or a change typed in the change language), sees the change's
/// text or its error, and starts comparing.

#include "web/model/change_choice.h"
#include "web/panels/panel_context.h"

namespace cmwq::web {

/// The "Compare two runs" modal window of the Controls panel.
class CompareChooser {
 public:
  /// Opens it (next draw) for the running scenario, starting from the change compared
  /// now, if any, or from default_choice().
  void open(const PanelContext& ctx);
  /// Draws it while open; Compare puts the change into ctx.req.compare.
  void draw(PanelContext& ctx);

 private:
  void draw_kind(const Scenario& s);
  void draw_kernel(const Scenario& s);
  void draw_workqueue(const Scenario& s, bool flags);
  void draw_action(const Scenario& s);

  ChangeChoice choice_;
  bool opening_ = false;
};

}  // namespace cmwq::web
