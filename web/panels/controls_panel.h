#pragma once
/// @file
/// @brief The Controls panel: play/pause, speed, step, step back, run to the next event
/// of a kind, run until a time, reset, links and trace export, and the keyboard help.

#include "web/panels/panel_context.h"

namespace cmwq::web {

/// Draws the "Controls" window.
class ControlsPanel {
 public:
  /// Draws the panel for this frame; its buttons fill in ctx.ui and ctx.req.
  void draw(PanelContext& ctx);

 private:
  double until_ms_ = 100.0;  // "run until" field, milliseconds
};

}  // namespace cmwq::web
