#include "web/platform/font_scale.h"

#include <cmath>

#include "imgui.h"
#include "imgui_impl_opengl3.h"

namespace cmwq::web {

namespace {
constexpr float kBaseFontPixels = 13.0f;  // ImGui's built-in font (ProggyClean) is drawn for 13 px
}

void FontScale::update() {
  ImGuiIO& io = ImGui::GetIO();
  float ratio = io.DisplayFramebufferScale.x;
  if (!(ratio > 0.0f)) ratio = 1.0f;  // minimised window: keep a sane value
  // Round to quarter steps so tiny float noise does not trigger rebuilds.
  ratio = std::round(ratio * 4.0f) / 4.0f;
  if (ratio == ratio_) return;
  ratio_ = ratio;

  ImFontConfig config;
  config.SizePixels = std::round(kBaseFontPixels * ratio);
  io.Fonts->Clear();
  io.Fonts->AddFontDefault(&config);
  io.FontGlobalScale = 1.0f / ratio;

  // Upload the new atlas; the old texture is released first.
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

}  // namespace cmwq::web
