#pragma once
/// @file
/// @brief The Controls panel: play/pause, speed, step, step back, run to the next event
/// of a kind, run until a time, reset, the kernel selector, compare mode, links and trace
/// export, and the keyboard help.

#include "web/panels/compare_chooser.h"
#include "web/panels/panel_context.h"

namespace cmwq::web {

/// Draws the "Controls" window.
class ControlsPanel {
 public:
  /// Draws the panel for this frame; its buttons fill in ctx.ui and ctx.req.
  void draw(PanelContext& ctx);

 private:
  void draw_buttons(PanelContext& ctx);
  void draw_text_size(PanelContext& ctx);
  void draw_step_size(PanelContext& ctx);
  void draw_time(PanelContext& ctx);
  void draw_kernel_and_compare(PanelContext& ctx);
  void draw_runs(PanelContext& ctx);
  void draw_export(PanelContext& ctx);
  void draw_status(PanelContext& ctx);

  double until_ms_ = 100.0;  // "run until" field, milliseconds
  CompareChooser chooser_;
};

}  // namespace cmwq::web
