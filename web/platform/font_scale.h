#pragma once
/// @file
/// @brief The app's font: DejaVu Sans Mono at the size the window and the student ask for
/// (web/model/text_size.h), rasterised at the framebuffer's pixel ratio for crisp text.

#include <cstddef>

#include "imgui.h"

namespace cmwq::web {

/// The bytes of the TrueType font compiled into the wasm build (web/platform/embed_font.cmake),
/// or nullptr with @p size 0 if the build machine had none. Natively the font is read from
/// its file instead (CMWQ_APP_FONT).
const char* embedded_font(size_t& size);

/// Keeps Dear ImGui's font at the text size asked for, rasterised at the display's pixel ratio.
///
/// ImGui lays out in window units (CSS pixels in the browser) and the backends scale the
/// geometry by ImGuiIO::DisplayFramebufferScale, but a font atlas made for ratio 1 would be
/// magnified and blurry on a ratio-2 screen. FontScale builds the atlas at size x ratio
/// and sets ImGuiIO::FontGlobalScale to 1 / ratio, so text has the size asked for and one
/// texel per device pixel. The style's paddings and spacings scale with the size (13 px is
/// ImGui's own). The font is DejaVu Sans Mono (fonts-dejavu-core): monospace, as the event
/// log's and the Code panel's columns need; without it, ImGui's built-in ProggyClean. It
/// rebuilds only when the size (whole pixels) or the ratio (quarter steps) changes: on the
/// first frame, a resize, browser zoom or the student's A- / A+.
class FontScale {
 public:
  /// Call every frame after both backends' NewFrame() and before ImGui::NewFrame(), with the
  /// font size in window units (TextSize::pixels()).
  void update(float pixels);

  /// The pixel ratio the current atlas was built for (0 before the first update()).
  float ratio() const { return ratio_; }
  /// The font size the current atlas was built for, in window units.
  float pixels() const { return pixels_; }
  /// Atlas rebuilds so far (for the automation API's textSize()).
  int rebuilds() const { return rebuilds_; }

 private:
  void add_font(ImFontAtlas& atlas, float atlas_pixels);

  float ratio_ = 0.0f;
  float pixels_ = 0.0f;
  int rebuilds_ = 0;
  ImGuiStyle base_style_;  // the style at 13 px, scaled from on every rebuild
  bool have_base_style_ = false;
};

}  // namespace cmwq::web
