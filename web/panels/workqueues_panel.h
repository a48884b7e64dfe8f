#pragma once
/// @file
/// @brief The Workqueues panel: every workqueue's flags and max_active, per-pwq active
/// and inactive counts, its rescuer's state, and tools/workqueue/wq_monitor.py's
/// counters (PoolWorkqueue::stats summed over the workqueue's pwqs).

#include "web/panels/panel_context.h"

namespace cmwq::web {

/// Draws the "Workqueues" window.
class WorkqueuesPanel {
 public:
  /// Draws the panel for this frame; clicking a rescuer selects it.
  void draw(PanelContext& ctx);

 private:
  bool system_ = false;  // also show the system workqueues that did nothing
};

}  // namespace cmwq::web
