#pragma once
/// @file
/// @brief The Pools panel: memory with its watermarks, then every worker pool (per-CPU
/// normal and highpri, unbound; not the unused BH pools) with its workers as boxes
/// coloured by state, nr_running, nr_idle, nr_workers, the worklist, the mayday timer
/// and why the pool last woke or created a worker. In compare mode, both runs side by side.

#include "web/panels/panel_context.h"

namespace cmwq::web {

/// Draws the "Pools" window.
class PoolsPanel {
 public:
  /// Draws the panel for this frame; clicking a worker selects it (ctx.ui.selected_task).
  void draw(PanelContext& ctx);

 private:
  void draw_pools(PanelContext& ctx, const Simulation& sim, const EventIndex& index, bool second);
  bool all_pools_ = false;  // also show quiet highpri and unbound pools
};

/// Draws one worker's box (coloured by state, outlined when selected); returns true
/// when it was clicked. @p label is the text inside the box.
bool worker_box(const World& w, int32_t worker, const char* label, bool selected);
/// The short label of a kworker's box: "0:1", "0:0H", "u4:2", "R-writeback".
std::string worker_label(const World& w, int32_t worker);

}  // namespace cmwq::web
