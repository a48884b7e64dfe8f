#pragma once
/// @file
/// @brief Crisp text on high-DPI screens: the font atlas follows the framebuffer's pixel ratio.

namespace cmwq::web {

/// Keeps Dear ImGui's font rasterised at the display's pixel ratio.
///
/// ImGui lays out in window units (CSS pixels in the browser) and the backends scale the
/// geometry by ImGuiIO::DisplayFramebufferScale, but a font atlas made for ratio 1 would be
/// magnified and blurry on a ratio-2 screen. FontScale rebuilds the atlas at
/// base size x ratio and sets ImGuiIO::FontGlobalScale to 1 / ratio, so text keeps its
/// size and gets one texel per device pixel. It rebuilds only when the ratio changes
/// (first frame, browser zoom, moving the window to another screen).
class FontScale {
 public:
  /// Call every frame after both backends' NewFrame() and before ImGui::NewFrame().
  void update();

  /// The pixel ratio the current atlas was built for (0 before the first update()).
  float ratio() const { return ratio_; }

 private:
  float ratio_ = 0.0f;
};

}  // namespace cmwq::web
