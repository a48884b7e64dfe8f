// Small ImGui helpers.
#include "web/panels/imgui_util.h"

#include "imgui.h"
#include "web/platform/text_rects.h"

namespace cmwq::web {
namespace {

// std::string as an ImGui text buffer (what misc/cpp/imgui_stdlib.cpp does).
int resize_callback(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* s = static_cast<std::string*>(data->UserData);
    s->resize(static_cast<size_t>(data->BufTextLen));
    data->Buf = s->data();
  }
  return 0;
}

}  // namespace

void same_line_or_wrap(float item_width) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  ImGui::SameLine();
  if (ImGui::GetCursorScreenPos().x + item_width > right) ImGui::NewLine();
}

float button_width(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

bool input_string(const char* label, std::string& s, float width, const char* hint, int flags) {
  ImGui::SetNextItemWidth(width);
  flags |= ImGuiInputTextFlags_CallbackResize;
  const bool edited = hint != nullptr
                          ? ImGui::InputTextWithHint(label, hint, s.data(), s.capacity() + 1, flags, resize_callback, &s)
                          : ImGui::InputText(label, s.data(), s.capacity() + 1, flags, resize_callback, &s);
  allow_cut_text("a text field scrolls its own text");
  return edited;
}

bool input_string_multiline(const char* label, std::string& s, float width, float height, int flags) {
  const bool edited = ImGui::InputTextMultiline(label, s.data(), s.capacity() + 1, ImVec2(width, height),
                                                flags | ImGuiInputTextFlags_CallbackResize, resize_callback, &s);
  allow_cut_text("a text field scrolls its own text");
  return edited;
}

void item_tooltip(const char* text) {
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text);
}

}  // namespace cmwq::web
