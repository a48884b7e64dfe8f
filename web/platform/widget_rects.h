#pragma once
/// @file
/// @brief Screen rectangles of named widgets, recorded as they are drawn, so the
/// automation API (window.cmwq.widgetRect()) lets tests click real pixels.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cmwq::web {

/// A rectangle in ImGui coordinates, which are CSS pixels in the browser.
struct WidgetRect {
  float x = 0;  ///< Left edge.
  float y = 0;  ///< Top edge.
  float w = 0;  ///< Width.
  float h = 0;  ///< Height.
};

/// Records the rectangle of the last ImGui item under @p name (call right after it).
/// Clipped items (scrolled out of their window) are not recorded.
void track_widget(std::string_view name);
/// Ends a frame of records: from now on widget_rect() answers with this frame's.
void widget_rects_end_frame();
/// The rectangle @p name had in the last ended frame, if it was drawn and visible.
std::optional<WidgetRect> widget_rect(std::string_view name);
/// Every name recorded in the last ended frame.
std::vector<std::string> widget_names();

}  // namespace cmwq::web
