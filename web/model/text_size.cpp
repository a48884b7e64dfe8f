// The app's text size: the window's, times the student's factor.
#include "web/model/text_size.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace cmwq::web {
namespace {

constexpr float kBaseWidth = 1280, kBaseHeight = 800, kBasePixels = 13;
constexpr float kGrowth = 2.0f / 3.0f;  // the text grows by two thirds of the window's growth

}  // namespace

float window_font_pixels(float css_width, float css_height) {
  if (!(css_width > 0) || !(css_height > 0)) return kBasePixels;
  const float scale = std::min(css_width / kBaseWidth, css_height / kBaseHeight);
  return std::max(10.0f, kBasePixels * (1.0f + kGrowth * (scale - 1.0f)));
}

TextSize::TextSize(const std::optional<std::string>& stored) {
  if (!stored || stored->empty()) return;
  char* end = nullptr;
  const double f = std::strtod(stored->c_str(), &end);
  if (end != nullptr && *end == '\0') set(f);
}

bool TextSize::set(double factor) {
  if (!std::isfinite(factor)) return false;
  factor_ = std::round(std::clamp(factor, kMin, kMax) * 100.0) / 100.0;
  return true;
}

void TextSize::step(int steps) {
  const double grid = std::round(factor_ / kStep);
  set((grid + steps) * kStep);
}

float TextSize::pixels(float css_width, float css_height) const {
  return std::max(8.0f, std::round(window_font_pixels(css_width, css_height) * static_cast<float>(factor_)));
}

std::string TextSize::stored() const {
  if (factor_ == 1.0) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", factor_);
  return buf;
}

}  // namespace cmwq::web
