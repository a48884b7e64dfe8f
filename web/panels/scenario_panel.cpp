// The Scenario panel.
#include "web/panels/scenario_panel.h"

#include <algorithm>

#include "imgui.h"
#include "imgui_internal.h"
#include "web/panels/imgui_util.h"
#include "web/model/lab_book.h"
#include "web/model/scenario_library.h"
#include "web/platform/widget_rects.h"

namespace cmwq::web {
namespace {

const ImVec4 kErrorColor(1.0f, 0.45f, 0.45f, 1.0f);

}  // namespace

void ScenarioPanel::draw(PanelContext& ctx) {
  if (!ImGui::Begin("Scenario", nullptr, ctx.window_flags)) {
    ImGui::End();
    return;
  }
  const Session& session = ctx.session;
  const bool edited = ctx.editor_text != session.text();

  // The picker.
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##scenario", session.name().c_str())) {
    for (const EmbeddedScenario& e : embedded_scenarios()) {
      const std::string file(e.file);
      if (ImGui::Selectable(file.c_str(), file == session.name())) {
        if (edited) {
          pending_file_ = file;
        } else {
          ctx.req.load = LoadRequest{file, std::string(e.text)};
        }
      }
    }
    ImGui::EndCombo();
  }
  track_widget("scenario picker");
  if (!pending_file_.empty()) ImGui::OpenPopup("Discard your edits?");
  if (ImGui::BeginPopupModal("Discard your edits?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::Text("Your edits to %s are not applied.", session.name().c_str());
    ImGui::Text("Load %s and lose them?", pending_file_.c_str());
    if (ImGui::Button("Load it")) {
      if (const EmbeddedScenario* e = find_embedded_scenario(pending_file_))
        ctx.req.load = LoadRequest{pending_file_, std::string(e->text)};
      pending_file_.clear();
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Keep editing")) {
      pending_file_.clear();
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }

  // Title and description of the running scenario.
  const Scenario& sc = session.scenario();
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(sc.title.c_str());
  ImGui::PopTextWrapPos();
  if (!sc.description.empty()) {
    const float h = std::min(ImGui::GetTextLineHeightWithSpacing() * 5.5f, ImGui::GetContentRegionAvail().y * 0.35f);
    ImGui::BeginChild("##description", ImVec2(0, h), false);
    ImGui::PushTextWrapPos(0);
    // Reflow: the TOML breaks lines where the file did; keep only blank-line paragraphs.
    std::string text;
    for (size_t i = 0; i < sc.description.size(); ++i) {
      const char c = sc.description[i];
      const bool paragraph = c == '\n' && i + 1 < sc.description.size() && sc.description[i + 1] == '\n';
      if (paragraph) {
        text += "\n\n";
        ++i;
      } else {
        text += c == '\n' ? ' ' : c;
      }
    }
    ImGui::TextDisabled("%s", text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
  }

  // Apply / revert, and the state of the text.
  const ScenarioError* err = ctx.load_error ? &*ctx.load_error : nullptr;
  ImGui::BeginDisabled(!edited && err == nullptr);
  if (ImGui::Button("Apply")) {
    const EmbeddedScenario* shipped = find_embedded_scenario(session.name());
    const std::optional<std::string_view> lab_file = find_lab_scenario(session.name());
    const bool is_shipped =
        (shipped != nullptr && shipped->text == ctx.editor_text) || (lab_file && *lab_file == ctx.editor_text);
    ctx.req.load = LoadRequest{is_shipped ? session.name() : std::string("edited.toml"), ctx.editor_text};
  }
  track_widget("apply scenario");
  ImGui::SameLine();
  if (ImGui::Button("Revert")) ctx.editor_text = session.text();
  track_widget("revert scenario");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (err != nullptr) {
    ImGui::TextColored(kErrorColor, "not applied: error at line %d", err->pos.line);
  } else if (edited) {
    ImGui::TextColored(ImVec4(1.0f, 0.85f, 0.3f, 1.0f), "edited, not applied");
  } else {
    ImGui::TextDisabled("running");
  }
  if (err != nullptr) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(err->format().c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }

  // The editor.
  input_string_multiline("##toml", ctx.editor_text, -1, -1, ImGuiInputTextFlags_AllowTabInput);
  track_widget("scenario editor");

  // Highlight the error's line inside the editor (its text is drawn in a child window
  // from Pos + FramePadding, one font size per line) and scroll to it once.
  ImGuiWindow* parent = ImGui::GetCurrentWindow();
  if (err != nullptr && err->pos.line > 0 && !parent->DC.ChildWindows.empty()) {
    ImGuiWindow* editor = parent->DC.ChildWindows.back();
    const ImGuiStyle& style = ImGui::GetStyle();
    const float font = ImGui::GetFontSize();
    const float line_y = static_cast<float>(err->pos.line - 1) * font;
    if (shown_error_ != err || shown_error_line_ != err->pos.line) {
      shown_error_ = err;
      shown_error_line_ = err->pos.line;
      ImGui::SetScrollY(editor, std::max(0.0f, line_y - editor->Size.y * 0.4f));
    }
    const float y = editor->Pos.y + style.FramePadding.y - editor->Scroll.y + line_y;
    const ImVec2 a(editor->Pos.x, y), b(editor->Pos.x + editor->Size.x, y + font);
    editor->DrawList->PushClipRect(editor->InnerClipRect.Min, editor->InnerClipRect.Max, true);
    editor->DrawList->AddRectFilled(a, b, IM_COL32(220, 60, 60, 70));
    // The column, measured on the editor's text of that line.
    size_t start = 0;
    for (int l = 1; l < err->pos.line && start != std::string::npos; ++l) {
      start = ctx.editor_text.find('\n', start);
      if (start != std::string::npos) ++start;
    }
    float col_dx = 0;
    if (start != std::string::npos) {
      const size_t end =
          std::min(ctx.editor_text.size(), start + static_cast<size_t>(std::max(0, err->pos.column - 1)));
      const size_t nl = ctx.editor_text.find('\n', start);
      const size_t stop = std::min(end, nl == std::string::npos ? ctx.editor_text.size() : nl);
      col_dx = ImGui::CalcTextSize(ctx.editor_text.data() + start, ctx.editor_text.data() + stop).x;
    }
    const float col_x = editor->Pos.x + style.FramePadding.x + col_dx;
    editor->DrawList->AddLine(ImVec2(col_x, y + font), ImVec2(col_x + font, y + font), IM_COL32(255, 90, 90, 255),
                              2.0f);
    editor->DrawList->PopClipRect();
  } else {
    shown_error_ = nullptr;
  }
  ImGui::End();
}

}  // namespace cmwq::web
