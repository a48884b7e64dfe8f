#pragma once
/// @file
/// @brief Screen rectangles of named widgets, recorded as they are drawn, so the
/// automation API (window.cmwq.widgetRect()) lets tests click real pixels; and the texts
/// of the messages the frame showed (window.cmwq.notices()).

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
/// Records @p text as a message shown to the student (a status line, a banner, an error)
/// by the last ImGui item (call right after it); not if that item is out of view.
void track_notice(std::string_view text);
/// Ends a frame of records: from now on widget_rect() and notices() answer with this frame's.
void widget_rects_end_frame();
/// The rectangle @p name had in the last ended frame, if it was drawn and visible.
std::optional<WidgetRect> widget_rect(std::string_view name);
/// Every name recorded in the last ended frame.
std::vector<std::string> widget_names();
/// The messages recorded in the last ended frame, in the order they were drawn.
const std::vector<std::string>& notices();

}  // namespace cmwq::web
