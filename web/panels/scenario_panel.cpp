// The Scenario panel.
#include "web/panels/scenario_panel.h"

#include <algorithm>

#include "imgui.h"
#include "imgui_internal.h"
#include "web/model/lab_book.h"
#include "web/model/palette.h"
#include "web/model/scenario_library.h"
#include "web/panels/imgui_util.h"
#include "web/platform/widget_rects.h"

namespace cmwq::web {
namespace {

const ImVec4 kErrorColor = to_vec4(palette::kErrorText);

// The TOML breaks lines where the file did; keep only blank-line paragraphs.
std::string reflow(const std::string& description) {
  std::string text;
  for (size_t i = 0; i < description.size(); ++i) {
    const char c = description[i];
    const bool paragraph = c == '\n' && i + 1 < description.size() && description[i + 1] == '\n';
    if (paragraph) {
      text += "\n\n";
      ++i;
    } else {
      text += c == '\n' ? ' ' : c;
    }
  }
  return text;
}

// Title and description of the running scenario (the description in a short scrolling box).
void draw_description(const Scenario& sc) {
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(sc.title.c_str());
  ImGui::PopTextWrapPos();
  if (sc.description.empty()) return;
  const float h = std::min(ImGui::GetTextLineHeightWithSpacing() * 5.5f, ImGui::GetContentRegionAvail().y * 0.35f);
  ImGui::BeginChild("##description", ImVec2(0, h), false);
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s", reflow(sc.description).c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
}

// Whether the text is applied, edited, or failed to parse; the parse error in full.
void draw_text_state(bool edited, const ScenarioError* err) {
  if (err != nullptr) {
    ImGui::TextColored(kErrorColor, "not applied: error at line %d", err->pos.line);
  } else if (edited) {
    ImGui::TextColored(to_vec4(palette::kCautionText), "edited, not applied");
  } else {
    ImGui::TextDisabled("running");
  }
  if (err == nullptr) return;
  ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
  ImGui::PushTextWrapPos(0);
  const std::string text = err->format();
  ImGui::TextUnformatted(text.c_str());
  track_notice(text);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

// Width of the text of line @p line (1-based) of @p text up to column @p column (1-based).
float column_offset(const std::string& text, int line, int column) {
  size_t start = 0;
  for (int l = 1; l < line && start != std::string::npos; ++l) {
    start = text.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (start == std::string::npos) return 0;
  const size_t end = std::min(text.size(), start + static_cast<size_t>(std::max(0, column - 1)));
  const size_t nl = text.find('\n', start);
  const size_t stop = std::min(end, nl == std::string::npos ? text.size() : nl);
  return ImGui::CalcTextSize(text.data() + start, text.data() + stop).x;
}

}  // namespace

void ScenarioPanel::draw(PanelContext& ctx) {
  if (!ImGui::Begin("Scenario", nullptr, ctx.window_flags)) {
    ImGui::End();
    return;
  }
  const bool edited = ctx.editor_text != ctx.session.text();
  draw_picker(ctx, edited);
  confirm_discard(ctx);
  draw_description(ctx.session.scenario());
  const ScenarioError* err = ctx.load_error ? &*ctx.load_error : nullptr;
  draw_apply_revert(ctx, edited, err);
  ImGui::SameLine();
  draw_text_state(edited, err);
  input_string_multiline("##toml", ctx.editor_text, -1, -1, ImGuiInputTextFlags_AllowTabInput);
  track_widget("scenario editor");
  highlight_error(ctx, err);
  ImGui::End();
}

// The picker of shipped scenarios; with unapplied edits it asks first (confirm_discard()).
void ScenarioPanel::draw_picker(PanelContext& ctx, bool edited) {
  const Session& session = ctx.session;
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##scenario", session.name().c_str())) {
    for (const EmbeddedScenario& e : embedded_scenarios()) {
      const std::string file(e.file);
      const bool picked = ImGui::Selectable(file.c_str(), file == session.name());
      track_widget("scenario item " + file);
      if (picked) {
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
}

// "Discard your edits?" before loading the scenario picked over unapplied edits.
void ScenarioPanel::confirm_discard(PanelContext& ctx) {
  if (!pending_file_.empty()) ImGui::OpenPopup("Discard your edits?");
  if (!ImGui::BeginPopupModal("Discard your edits?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::Text("Your edits to %s are not applied.", ctx.session.name().c_str());
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

// Apply (load the edited text; it keeps the shipped name while it is the shipped text)
// and Revert; both disabled while there is nothing to apply.
void ScenarioPanel::draw_apply_revert(PanelContext& ctx, bool edited, const ScenarioError* err) {
  const Session& session = ctx.session;
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
}

// Highlights the error's line inside the editor (its text is drawn in a child window
// from Pos + FramePadding, one font size per line), underlines its column, and scrolls
// to it once.
void ScenarioPanel::highlight_error(PanelContext& ctx, const ScenarioError* err) {
  ImGuiWindow* parent = ImGui::GetCurrentWindow();
  if (err == nullptr || err->pos.line <= 0 || parent->DC.ChildWindows.empty()) {
    shown_error_ = nullptr;
    return;
  }
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
  editor->DrawList->AddRectFilled(a, b, palette::kErrorLine);
  const float col_x =
      editor->Pos.x + style.FramePadding.x + column_offset(ctx.editor_text, err->pos.line, err->pos.column);
  editor->DrawList->AddLine(ImVec2(col_x, y + font), ImVec2(col_x + font, y + font), palette::kErrorColumn, 2.0f);
  editor->DrawList->PopClipRect();
}

}  // namespace cmwq::web
