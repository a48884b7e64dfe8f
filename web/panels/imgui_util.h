#pragma once
/// @file
/// @brief Small ImGui helpers the lab's panels share.

#include <cstdint>
#include <string>

#include "imgui.h"

namespace cmwq::web {

/// Continues the current line if an item of width @p item_width still fits in the
/// window, otherwise starts a new line. Call between two items (not before the first).
void same_line_or_wrap(float item_width);
/// Width a button with @p label takes (text plus frame padding).
float button_width(const char* label);
/// A text input over a std::string (grows as needed). Returns true when edited (with
/// ImGuiInputTextFlags_EnterReturnsTrue among @p flags: when Enter is pressed).
/// @p flags are ImGuiInputTextFlags added to the resize callback's.
bool input_string(const char* label, std::string& s, float width, const char* hint = nullptr, int flags = 0);
/// A multi-line text input over a std::string (grows as needed), @p width x @p height
/// (ImGui's sizes: -1 fills). Returns true when edited.
bool input_string_multiline(const char* label, std::string& s, float width, float height, int flags = 0);
/// Shows @p text as a tooltip when the last item is hovered.
void item_tooltip(const char* text);
/// A palette colour (web/model/palette.h) as the ImVec4 that some ImGui calls take.
inline ImVec4 to_vec4(uint32_t colour) { return ImGui::ColorConvertU32ToFloat4(colour); }

}  // namespace cmwq::web
