#pragma once
/// @file
/// @brief State shared by the panels of the web app (selection, playback, requests).
///
/// Panels never change the simulation directly: they read it, and ask for changes
/// through this struct (a seek, a step, a user action); App applies the requests once
/// per frame, in one place, so every change goes through Simulation and is recorded.

#include <cstdint>
#include <optional>

#include "core/kernel/time.h"
#include "core/step_watch.h"

namespace cmwq::web {

/// What the user has selected and asked for.
struct UiState {
  bool playing = false;                          ///< Virtual time advances with real time.
  cmwq::Nanos speed = 10 * cmwq::NSEC_PER_MSEC;  ///< Virtual time per real second (10 us .. 10 s).
  int32_t followed_work = -1;                    ///< Work whose life the timeline highlights.
  int32_t selected_task = -1;                    ///< Worker or task selected in any panel: a line step follows it.
  cmwq::StepSize step_size = cmwq::StepSize::Over;  ///< What Step (the Right arrow) does: keys 1, 2, 3.
  int32_t selected_pool = -1;                    ///< Pool selected in any panel.
  int64_t selected_event = -1;                   ///< Index into Simulation::events().
  std::optional<cmwq::Nanos> seek_to;            ///< Request: move the simulation to this time.
  bool step_forward = false;                     ///< Request: one visible step.
  bool step_back = false;                        ///< Request: undo one visible step.
  bool open_compare = false;                     ///< Request: open the Compare chooser (the C key).
  uint64_t loads = 0;                            ///< Scenarios loaded so far: the Timeline fits each new one.
  /// Keyboard zoom of the timeline for this frame (W/S, by key position): zoom by
  /// 2^timeline_zoom around the view's centre; positive zooms in. App sets it before
  /// the panels draw and clears it after.
  double timeline_zoom = 0;
  /// Keyboard pan of the timeline for this frame (A/D): move the view by this fraction
  /// of its visible width; positive moves later. Set and cleared like timeline_zoom.
  double timeline_pan = 0;
};

}  // namespace cmwq::web
