#pragma once
/// @file
/// @brief The Event log panel: the event stream as ftrace lines (and our own events in
/// words), filterable by text and by kind, virtualised with ImGuiListClipper so it stays
/// fast with millions of events. Clicking a line selects the event and goes back to its
/// time (UiState::selected_event, UiState::seek_to).

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "web/model/event_text.h"
#include "web/panels/panel_context.h"

namespace cmwq::web {

/// Draws the "Event log" window.
class EventLogPanel {
 public:
  EventLogPanel();
  /// Draws the panel for this frame.
  void draw(PanelContext& ctx);
  /// Bytes its filter's matching rows hold (for the run's budget).
  uint64_t footprint() const { return rows_.capacity() * sizeof(uint32_t); }

 private:
  bool filtering() const;
  void refilter(PanelContext& ctx);

  std::string filter_;  // text to look for (case-insensitive), as typed
  std::array<bool, static_cast<size_t>(EventGroup::Count)> groups_{};
  // Matching events while filtering, found incrementally (a few ms per frame).
  std::vector<uint32_t> rows_;
  size_t scanned_ = 0;
  uint64_t history_ = UINT64_MAX;
  std::string applied_filter_;  // lower-case filter the rows were found with
  std::array<bool, static_cast<size_t>(EventGroup::Count)> applied_groups_{};
  int64_t shown_selection_ = -1;  // selected event last scrolled into view
  int64_t shown_lockup_ = -1;     // lockup report last scrolled into view
};

}  // namespace cmwq::web
