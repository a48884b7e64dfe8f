#include "web/platform/font_scale.h"

#include <cmath>
#include <cstdio>
#include <vector>

#include "imgui_impl_opengl3.h"

namespace cmwq::web {

namespace {

constexpr float kStylePixels = 13.0f;  // the size ImGui's default style is made for

#ifndef __EMSCRIPTEN__
// The font file's bytes, read once (empty if it is missing): natively the app reads the
// installed font, as the wasm build compiled it in.
const std::vector<char>& font_file() {
  static const std::vector<char> bytes = [] {
    std::vector<char> b;
    if (std::FILE* f = std::fopen(CMWQ_APP_FONT, "rb")) {
      char buf[65536];
      for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) b.insert(b.end(), buf, buf + n);
      std::fclose(f);
    }
    return b;
  }();
  return bytes;
}
#endif

}  // namespace

void FontScale::add_font(ImFontAtlas& atlas, float atlas_pixels) {
  size_t size = 0;
#ifdef __EMSCRIPTEN__
  const char* data = embedded_font(size);
#else
  const char* data = font_file().empty() ? nullptr : font_file().data();
  size = font_file().size();
#endif
  ImFontConfig config;
  config.SizePixels = atlas_pixels;
  if (data != nullptr && size > 0) {
    config.FontDataOwnedByAtlas = false;  // static bytes: the atlas must not free them
    config.OversampleH = 2;               // the default 3 costs atlas space for no visible gain here
    if (atlas.AddFontFromMemoryTTF(const_cast<char*>(data), static_cast<int>(size), atlas_pixels, &config) != nullptr)
      return;
  }
  atlas.AddFontDefault(&config);  // no font file: ImGui's ProggyClean, scaled
}

void FontScale::update(float pixels) {
  ImGuiIO& io = ImGui::GetIO();
  float ratio = io.DisplayFramebufferScale.x;
  if (!(ratio > 0.0f)) ratio = 1.0f;  // minimised window: keep a sane value
  // Round to quarter steps so tiny float noise does not trigger rebuilds.
  ratio = std::round(ratio * 4.0f) / 4.0f;
  pixels = std::round(pixels);
  if (ratio == ratio_ && pixels == pixels_) return;
  ratio_ = ratio;
  pixels_ = pixels;
  ++rebuilds_;

  io.Fonts->Clear();
  add_font(*io.Fonts, std::round(pixels * ratio));
  io.FontGlobalScale = 1.0f / ratio;

  ImGuiStyle& style = ImGui::GetStyle();
  if (!have_base_style_) {
    base_style_ = style;
    have_base_style_ = true;
  }
  style = base_style_;
  style.ScaleAllSizes(pixels / kStylePixels);

  // Upload the new atlas; the old texture is released first.
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

}  // namespace cmwq::web
