#pragma once
/// @file
/// @brief The Timeline panel: one row per worker grouped by pool and CPU, work slices,
/// markers and counter tracks, built from the event stream.

#include <memory>

#include "web/model/ui_state.h"

namespace cmwq {
class Simulation;
}

namespace cmwq::web {

class TimelineModel;

/// Draws the timeline of a simulation. Keeps its own model of slices, updated
/// incrementally from Simulation::events() (and rebuilt when history was rewound).
/// Scrubbing, clicks and zoom produce requests in UiState; it never changes the
/// simulation itself.
class TimelinePanel {
 public:
  /// An empty panel; the first draw() reads the simulation's events.
  TimelinePanel();
  /// Frees the model.
  ~TimelinePanel();
  /// Draws the panel's window for this frame.
  void draw(const cmwq::Simulation& sim, UiState& ui);

 private:
  struct View;  // zoom, pan, scroll, collapsed groups, drag state (timeline_panel.cpp)
  std::unique_ptr<TimelineModel> model_;
  std::unique_ptr<View> view_;
};

}  // namespace cmwq::web
