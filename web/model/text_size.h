#pragma once
/// @file
/// @brief How big the app's text is: a size that follows the window, times the student's
/// own factor (A- / A+, Ctrl - / Ctrl + / Ctrl 0), remembered in local storage. No ImGui
/// here: web/platform/font_scale.cpp turns the size into a font atlas.

#include <optional>
#include <string>
#include <string_view>

namespace cmwq::web {

/// The local-storage key of the student's text size factor (its value: "1.2"; none for 1).
inline constexpr std::string_view kTextSizeKey = "cmwq-lab:text-size";

/// The font size, in CSS pixels, a window of @p css_width x @p css_height asks for before the
/// student's factor: 13 at 1280x800, 16 at 1920x1080, 20 at 2560x1440. The text grows with
/// the window's smaller scale (width / 1280 or height / 800) but by two thirds of it, so a
/// larger screen shows both larger text and more of the run; at least 10.
float window_font_pixels(float css_width, float css_height);

/// The student's text size factor and the font size it gives.
class TextSize {
 public:
  static constexpr double kMin = 0.7;   ///< Smallest factor.
  static constexpr double kMax = 2.0;   ///< Largest factor.
  static constexpr double kStep = 0.1;  ///< One A- / A+ press.

  /// The factor stored under kTextSizeKey (@p stored), or 1 if none or unreadable.
  explicit TextSize(const std::optional<std::string>& stored = std::nullopt);
  /// The factor (1: the window's size).
  double factor() const { return factor_; }
  /// Sets the factor, clamped to [kMin, kMax] and rounded to hundredths; false if it
  /// is not a number (nothing changes then).
  bool set(double factor);
  /// One step larger (+1) or smaller (-1), on the grid of kStep.
  void step(int steps);
  /// The font size for a window of @p css_width x @p css_height: window_font_pixels()
  /// times the factor, rounded to whole pixels (so the atlas is rebuilt only when that
  /// whole number changes), at least 8.
  float pixels(float css_width, float css_height) const;
  /// What local storage keeps: the factor as text, or "" (remove the key) for 1.
  std::string stored() const;

 private:
  double factor_ = 1.0;
};

}  // namespace cmwq::web
