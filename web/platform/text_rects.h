#pragma once
/// @file
/// @brief Where the last frame drew its text, for the layout tests (window.cmwq.textRects()):
/// each run of glyphs with its rectangle, its window, the clip rectangle it was drawn in and
/// whether the clip cut it. Off until the automation API asks for it, so it costs nothing
/// for a student.

#include <string>
#include <string_view>

struct ImDrawData;

namespace cmwq::web {

/// Switches recording on (it stays on) or off.
void set_text_recording(bool on);
/// Whether text rectangles are being recorded.
bool text_recording();

/// Marks the last ImGui item as a place where cut text is by design (a text field that
/// scrolls its own text, a canvas that clips labels into bars): text drawn inside its
/// rectangle this frame is reported with @p why. Cheap and a no-op while not recording.
void allow_cut_text(std::string_view why);

/// Reads the text of a finished frame out of its draw lists (call after ImGui::Render()).
///
/// Every glyph of ImGui's text is one textured quad of the font atlas, written by
/// ImFont::RenderText() as four vertices and six indices. Walking the draw lists finds
/// them whatever drew them (widgets, ImDrawList::AddText() in a canvas, tables). Glyphs
/// that follow one another on a line in one draw command make a run (a text item, or a
/// line of a wrapped one). A glyph is cut when it reaches out of its draw command's clip
/// rectangle (the GPU scissor cuts it) or when its texture coordinates are a part of the
/// glyph's (ImGui cut it on the CPU, as for button labels). A glyph entirely outside is
/// never drawn, so text cut exactly between two glyphs goes unseen.
void record_text_rects(const ImDrawData* draw_data);

/// The runs of the last recorded frame as a JSON array (docs/automation-api.md, textRects()).
std::string text_rects_json();

}  // namespace cmwq::web
