#pragma once
/// @file
/// @brief The Code panel: the kernel function a worker or rescuer is executing at this
/// point of the run (worker_thread, process_one_work, maybe_create_worker,
/// create_worker, rescuer_thread, or the mayday timer's pool_mayday_timeout) as short
/// pseudo-code with the current line highlighted and each line's number in the kernel
/// source of the selected generation (see code_view.h), so a student can step through
/// rescuer execution line by line.

#include <cstdint>
#include <string>

#include "web/model/code_view.h"
#include "web/panels/panel_context.h"

namespace cmwq::web {

/// Draws the "Code" window.
class CodePanel {
 public:
  /// Draws the panel for this frame. It follows the latest event's task (or the mayday
  /// timer) until the user picks a worker, here or in the Pools panel.
  void draw(PanelContext& ctx);
  /// The note under the call stack the panel shows (what happens at the marked line of
  /// the function on display), or "" (no worker, no note); for the screen-reader mirror.
  std::string note(const PanelContext& ctx) const;

 private:
  void follow_selection(const PanelContext& ctx);
  CodeView current_view(const PanelContext& ctx, int32_t& worker) const;
  void draw_source_picker(PanelContext& ctx, int32_t worker);
  int shown_index(const CodeView& view) const;
  const CodeFrame& draw_call_stack(const CodeView& view);
  void draw_listing(const CodeView& view, const CodeFrame& f);

  bool follow_ = true;
  int32_t seen_selection_ = -1;  // ctx.ui.selected_task when last drawn
  int shown_frame_ = -1;         // frame of the stack on display; -1: the innermost
  std::string scrolled_to_;      // function and line last scrolled into view
};

}  // namespace cmwq::web
