// The Code panel.
#include "web/panels/code_panel.h"

#include <algorithm>

#include "core/world.h"
#include "core/world_view.h"
#include "imgui.h"
#include "web/model/worker_view.h"
#include "web/panels/imgui_util.h"
#include "web/platform/widget_rects.h"

namespace cmwq::web {
namespace {

// The dimmed number of the kernel line a listing line stands for, right-aligned in four
// columns of the (monospaced) font; blank where it stands for none. Half the usual gap
// after it keeps the code where the old two-digit line index left it, give or take a letter.
void draw_kernel_line_number(int n) {
  if (n > 0) {
    ImGui::TextDisabled("%4d", n);
  } else {
    ImGui::TextUnformatted("    ");
  }
  ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x / 2);
}

}  // namespace

void CodePanel::draw(PanelContext& ctx) {
  if (!ImGui::Begin("Code")) {
    ImGui::End();
    return;
  }
  follow_selection(ctx);
  int32_t worker = -1;
  const CodeView view = current_view(ctx, worker);
  draw_source_picker(ctx, worker);
  if (view.stack.empty()) {
    ImGui::TextDisabled(follow_ ? "The latest event involves no worker." : "Pick a worker (or click one in Pools).");
    ImGui::End();
    return;
  }
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(view.who.c_str());
  ImGui::PopTextWrapPos();
  const CodeFrame& f = draw_call_stack(view);
  if (!f.note.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(1.0f, 0.85f, 0.4f, 1.0f), "%s", f.note.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!f.source.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", f.source.c_str());
    ImGui::PopTextWrapPos();
  }
  draw_listing(view, f);
  ImGui::End();
}

std::string CodePanel::note(const PanelContext& ctx) const {
  int32_t worker = -1;
  const CodeView view = current_view(ctx, worker);
  return view.stack.empty() ? "" : view.stack[static_cast<size_t>(shown_index(view))].note;
}

// The frame of @p view on display: the one picked in the breadcrumb, else the innermost.
int CodePanel::shown_index(const CodeView& view) const {
  const int depth = static_cast<int>(view.stack.size());
  return shown_frame_ >= 0 && shown_frame_ < depth ? shown_frame_ : depth - 1;
}

// A worker picked elsewhere (Pools, Workqueues) switches to it.
void CodePanel::follow_selection(const PanelContext& ctx) {
  if (ctx.ui.selected_task == seen_selection_) return;
  seen_selection_ = ctx.ui.selected_task;
  const World& w = ctx.session.sim().world();
  if (worker_of_task(w, ctx.ui.selected_task) >= 0) follow_ = false;  // kthreadd and others have no listing
  shown_frame_ = -1;
}

// Following: the selected event's code line (walk a step's events with the Up/Down
// keys), or where the latest event's worker is now; else the picked worker. @p worker
// is set to the worker shown, if any.
CodeView CodePanel::current_view(const PanelContext& ctx, int32_t& worker) const {
  const Simulation& sim = ctx.session.sim();
  const World& w = sim.world();
  const EventLog& log = sim.events();
  const int64_t sel = ctx.ui.selected_event;
  CodeView view;
  // After a line step: the followed task at the line it stopped at.
  if (const CodePosition* line = sim.line(); line && sel < 0) {
    worker = worker_of_task(w, sim.inside()->task);
    view = worker_code(w, worker, line);
    view.who += "  (line step)";
    return view;
  }
  if (follow_) {
    view = timer_code(w, log, sel);
    if (view.stack.empty() && sel >= 0) view = event_code(w, log, sel);
    if (!view.stack.empty()) return view;
    worker = latest_event_worker(w, log, sel >= 0 ? sel : static_cast<int64_t>(log.size()) - 1);
  } else {
    worker = worker_of_task(w, ctx.ui.selected_task);
  }
  if (worker < 0) return view;
  view = worker_code(w, worker);
  if (follow_ && sel >= 0 && sel + 1 < static_cast<int64_t>(log.size()))
    view.who += " now (event #" + std::to_string(sel) + " has no code line)";
  return view;
}

// "latest event" or "worker", and the worker picker.
void CodePanel::draw_source_picker(PanelContext& ctx, int32_t worker) {
  const World& w = ctx.session.sim().world();
  if (ImGui::RadioButton("latest event", follow_)) {
    follow_ = true;
    shown_frame_ = -1;
    ctx.ui.selected_event = -1;  // back to the live state
  }
  item_tooltip(
      "Follow the selected event's code line (Up/Down walk the log), or where the latest event's worker is now.");
  track_widget("code follow latest");
  ImGui::SameLine();
  if (ImGui::RadioButton("worker", !follow_)) follow_ = false;
  ImGui::SameLine();
  const int32_t picked = follow_ ? worker : worker_of_task(w, ctx.ui.selected_task);
  const Worker* shown = find_worker(w, picked);
  const std::string current = shown ? task_name(w, shown->task) : "(pick one)";
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##worker", current.c_str())) {
    for (size_t i = 0; i < w.wq.workers.size(); ++i) {
      const Worker& wk = w.wq.workers[i];
      const Task* t = find_task(w, wk.task);
      if (!t || t->state == TaskState::Dead) continue;
      const std::string label = t->comm + "  (" + worker_show_name(worker_show(w, static_cast<int32_t>(i))) + ")";
      if (ImGui::Selectable(label.c_str(), static_cast<int32_t>(i) == picked)) {
        ctx.ui.selected_task = wk.task;
        seen_selection_ = wk.task;
        follow_ = false;
        shown_frame_ = -1;
      }
    }
    ImGui::EndCombo();
  }
  track_widget("code worker picker");
}

// The call stack as a breadcrumb; each function can be shown. Returns the frame shown.
const CodeFrame& CodePanel::draw_call_stack(const CodeView& view) {
  const int depth = static_cast<int>(view.stack.size());
  const int shown = shown_index(view);
  for (int i = 0; i < depth; ++i) {
    if (i > 0) {
      ImGui::SameLine(0, 2);
      ImGui::TextDisabled(">");
      same_line_or_wrap(ImGui::CalcTextSize(view.stack[static_cast<size_t>(i)].function.c_str()).x +
                        ImGui::GetStyle().FramePadding.x * 2);
    }
    const bool on = i == shown;
    if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    ImGui::PushID(i);
    if (ImGui::SmallButton(view.stack[static_cast<size_t>(i)].function.c_str())) shown_frame_ = i == depth - 1 ? -1 : i;
    ImGui::PopID();
    if (on) ImGui::PopStyleColor();
  }
  return view.stack[static_cast<size_t>(shown)];
}

// The listing of @p f, its current line marked and kept in view; each line led by the
// number of the kernel line it stands for, dimmed, where the frame has them.
void CodePanel::draw_listing(const CodeView& view, const CodeFrame& f) {
  ImGui::BeginChild("##listing", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
  const float line_h = ImGui::GetTextLineHeightWithSpacing();
  const bool numbered = std::any_of(f.kernel_lines.begin(), f.kernel_lines.end(), [](int n) { return n > 0; });
  for (int i = 0; i < static_cast<int>(f.lines.size()); ++i) {
    const bool cur = i == f.current;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    if (cur) {
      ImGui::GetWindowDrawList()->AddRectFilled(
          ImVec2(p.x - 4, p.y - 1),
          ImVec2(p.x + ImGui::GetContentRegionAvail().x + ImGui::GetScrollMaxX() + 4, p.y + line_h - 1),
          IM_COL32(90, 80, 20, 255));
    }
    if (numbered) draw_kernel_line_number(f.kernel_lines[static_cast<size_t>(i)]);
    if (cur) {
      ImGui::TextColored(ImVec4(1.0f, 0.9f, 0.3f, 1.0f), "=>");
    } else {
      ImGui::TextUnformatted("  ");
    }
    ImGui::SameLine();
    ImGui::TextUnformatted(f.lines[static_cast<size_t>(i)].c_str());
    if (cur) {
      track_widget("code current line");
      const std::string key = view.who + "/" + f.function + "/" + std::to_string(i);
      if (key != scrolled_to_) {
        scrolled_to_ = key;
        ImGui::SetScrollHereY(0.4f);
      }
    }
  }
  ImGui::EndChild();
}

}  // namespace cmwq::web
