// The Controls panel.
#include "web/panels/controls_panel.h"

#include <cmath>

#include "core/version.h"
#include "core/world_view.h"
#include "imgui.h"
#include "web/model/palette.h"
#include "web/model/text_util.h"
#include "web/panels/imgui_util.h"
#include "web/platform/widget_rects.h"

namespace cmwq::web {
namespace {

constexpr double kMinSpeed = 1e4;   // 10 us of virtual time per real second
constexpr double kMaxSpeed = 1e10;  // 10 s per second

// A button recorded for the automation API under @p name.
bool named_button(const char* label, const char* name, const ImVec2& size = ImVec2(0, 0)) {
  const bool pressed = ImGui::Button(label, size);
  track_widget(name);
  return pressed;
}

}  // namespace

// The kernel generation the run follows (the selector), and compare mode: Compare opens
// the chooser; while comparing, go to the first difference, change what is compared, leave.
void ControlsPanel::draw_kernel_and_compare(PanelContext& ctx) {
  const KernelGeneration running = ctx.runs.kernel();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Kernel");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.5f);
  if (ImGui::BeginCombo("##kernel", kernel_version_name(running))) {
    for (const KernelVersion& v : kernel_versions()) {
      if (ImGui::Selectable(v.name, v.gen == running)) ctx.req.kernel = v.gen;
      track_widget(std::string("kernel item ") + v.name);
      item_tooltip(v.summary);
    }
    ImGui::EndCombo();
  }
  track_widget("kernel");
  item_tooltip("Whose workqueue code the model follows. Changing it runs the scenario again under that kernel, "
               "with your commands given at the same times.");
  if (!ctx.runs.comparing()) {
    same_line_or_wrap(button_width("Compare..."));
    if (named_button("Compare...", "compare") || ctx.ui.open_compare) chooser_.open(ctx);
    item_tooltip("C: run the scenario twice with one thing changed (kernel, a flag, max_active, CPUs, an action) "
                 "and see where the runs part.");
  } else {
    same_line_or_wrap(button_width("Difference"));
    if (named_button("Difference", "compare difference")) ctx.req.run_to_difference = true;
    item_tooltip("Go to the first event where the two runs differ (running both until they do).");
    same_line_or_wrap(button_width("Change..."));
    if (named_button("Change...", "compare change") || ctx.ui.open_compare) chooser_.open(ctx);
    item_tooltip("Compare with another change.");
    same_line_or_wrap(button_width("Leave"));
    if (named_button("Leave", "compare leave")) ctx.req.leave_compare = true;
    item_tooltip("C: back to one run (the first run goes on as it is).");
  }
  ctx.ui.open_compare = false;
  chooser_.draw(ctx);
}

void ControlsPanel::draw(PanelContext& ctx) {
  if (!ImGui::Begin("Controls")) {
    ImGui::End();
    return;
  }
  draw_buttons(ctx);
  draw_step_size(ctx);
  draw_time(ctx);
  draw_kernel_and_compare(ctx);
  draw_runs(ctx);
  draw_export(ctx);
  draw_status(ctx);
  ImGui::End();
}

// What Step does (keys 1, 2, 3), and the task a line step follows.
void ControlsPanel::draw_step_size(PanelContext& ctx) {
  UiState& ui = ctx.ui;
  struct Size {
    StepSize size;
    const char* label;
    const char* widget;
    const char* tip;
  };
  static constexpr Size kSizes[] = {
      {StepSize::Line, "line", "step line", "1: Step runs one kernel line of the followed worker or rescuer."},
      {StepSize::Event, "event", "step event", "2: Step shows one more event."},
      {StepSize::Over, "action", "step over", "3: Step runs to the next action that changes something."},
  };
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Step by");
  for (const Size& s : kSizes) {
    ImGui::SameLine();
    const bool on = ui.step_size == s.size;
    if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (named_button(s.label, s.widget)) ui.step_size = s.size;
    if (on) ImGui::PopStyleColor();
    item_tooltip(s.tip);
  }
  if (ui.step_size != StepSize::Line) return;
  const World& w = ctx.session.sim().world();
  const std::string who = worker_of_task(w, ui.selected_task) >= 0 ? "following " + task_name(w, ui.selected_task)
                                                                   : "following the latest event's worker";
  same_line_or_wrap(ImGui::CalcTextSize(who.c_str()).x);
  ImGui::TextDisabled("%s", who.c_str());
  item_tooltip("Click a worker or rescuer in Pools (or its Timeline row) to follow it.");
}

// Play, step back, step, reset; the Labs, Docs and Help buttons and the text size, in one
// row (the left column is made wide enough for it: App::left_column_width()).
void ControlsPanel::draw_buttons(PanelContext& ctx) {
  UiState& ui = ctx.ui;
  // Play and Pause take the same room, so the row does not move when it toggles.
  if (named_button(ui.playing ? "Pause" : "Play", "play", ImVec2(button_width("Pause"), 0))) ui.playing = !ui.playing;
  item_tooltip("Space: play or pause. Virtual time advances at the chosen speed.");
  ImGui::SameLine();
  if (named_button("< Back", "step back")) ui.step_back = true;
  item_tooltip("Left arrow: undo the last step (restores a snapshot and replays).");
  ImGui::SameLine();
  if (named_button("Step >", "step")) ui.step_forward = true;
  item_tooltip(ui.step_size == StepSize::Line    ? "Right arrow: the followed task runs one kernel line."
               : ui.step_size == StepSize::Event ? "Right arrow: one event of the stream."
                                                 : "Right arrow: run to the next action that changes something.");
  ImGui::SameLine();
  if (named_button("Reset", "reset")) ctx.req.reset = true;
  item_tooltip("Start the scenario over (your commands are dropped).");
  same_line_or_wrap(button_width("Labs"));
  if (ctx.status.labs_shown) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
  if (named_button("Labs", "labs")) ctx.req.toggle_labs = true;
  if (ctx.status.labs_shown) ImGui::PopStyleColor();
  item_tooltip(ctx.status.labs_shown ? "Back to the sandbox layout (Queue work and Scenario side by side)."
                                     : "Guided labs: predict what the kernel does, check it, fix a scenario.");
  same_line_or_wrap(button_width("Docs"));
  ImGui::BeginDisabled(!ctx.status.docs_served);
  if (named_button("Docs", "docs")) ctx.req.open_docs = true;
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(ctx.status.docs_served
                          ? "The documentation in a new tab: architecture, kernel map, scenario format, lab "
                            "authoring, JSON format, automation API and the API reference."
                          : "The documentation is not served next to this page (the web build copies it there "
                            "when Doxygen is installed).");
  same_line_or_wrap(button_width("Help"));
  if (named_button("Help", "help")) ctx.req.open_welcome = true;
  item_tooltip("The welcome again: what this is, lab 1, and a guided tour of the rescuer.");
  draw_text_size(ctx);
}

// A- and A+: the student's text size, on top of the size that follows the window.
void ControlsPanel::draw_text_size(PanelContext& ctx) {
  const std::string tip = "Text size " + std::to_string(std::lround(ctx.status.text_factor * 100)) +
                          "% of the window's (Ctrl - / Ctrl + / Ctrl 0; remembered)";
  same_line_or_wrap(button_width("A-") * 2 + ImGui::GetStyle().ItemSpacing.x);
  if (named_button("A-", "text smaller")) ctx.req.text_size_step = -1;
  item_tooltip(tip.c_str());
  ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
  if (named_button("A+", "text bigger")) ctx.req.text_size_step = +1;
  item_tooltip(tip.c_str());
}

// The time, the scenario's end, the events so far and the kernel followed.
void ControlsPanel::draw_time(PanelContext& ctx) {
  const Simulation& sim = ctx.session.sim();
  ImGui::Text("t = %s", format_time(ctx.runs.now()).c_str());
  track_widget("time");
  ImGui::SameLine();
  std::string status = std::string("kernel ") + kernel_version_name(ctx.runs.kernel()) + ", until " +
                       format_time(sim.until()) + ", " + std::to_string(sim.events().size());
  if (ctx.runs.comparing()) status += " + " + std::to_string(ctx.runs.second().sim().events().size());
  status += " events";
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s", status.c_str());
  ImGui::PopTextWrapPos();
  track_widget("status");
  item_tooltip("The scenario's [run] until: play pauses there once. Events: the log so far (while comparing, the "
               "first run's + the second's). The kernel whose workqueue the model follows.");

}

// The speed, run to the next event of a kind, run until a time.
void ControlsPanel::draw_runs(PanelContext& ctx) {
  UiState& ui = ctx.ui;
  // Speed: a log slider over virtual time per real second.
  double speed = static_cast<double>(ui.speed);
  const std::string speed_text = format_speed(ui.speed);
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 3.5f);
  if (ImGui::SliderScalar("speed", ImGuiDataType_Double, &speed, &kMinSpeed, &kMaxSpeed, speed_text.c_str(),
                          ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp))
    ui.speed = static_cast<Nanos>(std::llround(speed));
  track_widget("speed");
  item_tooltip("Virtual time per real second, from 10 us/s to 10 s/s.");

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Run to next");
  for (const RunKind& k : run_kinds()) {
    const std::string label = std::string(k.label) + "##next";
    same_line_or_wrap(button_width(label.c_str()));
    if (named_button(label.c_str(), (std::string("run to next ") + k.key).c_str())) ctx.req.run_to = k.type;
    item_tooltip(k.help);
  }

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Run until");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  ImGui::InputDouble("##until", &until_ms_, 0, 0, "%.3f ms");
  track_widget("run until time");
  ImGui::SameLine();
  if (named_button("Go", "run until")) ctx.req.run_until = static_cast<Nanos>(std::llround(until_ms_ * 1e6));
  item_tooltip("Run to this time (or go back to it).");
  if (ctx.status.running) {
    ImGui::SameLine();
    if (named_button("Stop", "stop run")) ctx.req.cancel_run = true;
  }

}

// Links and traces out of the app, and the tiles.
void ControlsPanel::draw_export(PanelContext& ctx) {
  if (named_button("Copy link", "copy link")) ctx.req.copy_link = true;
  item_tooltip("A link to this exact state: scenario, your actions, time and panel.");
  same_line_or_wrap(button_width("Perfetto JSON"));
  if (named_button("Perfetto JSON", "download perfetto")) ctx.req.download_trace = true;
  item_tooltip("Download the trace so far as Chrome Trace Event JSON (opens in ui.perfetto.dev).");
  same_line_or_wrap(button_width("Open in Perfetto"));
  if (named_button("Open in Perfetto", "open perfetto")) ctx.req.open_perfetto = true;
  item_tooltip("Open the trace so far in ui.perfetto.dev (a new tab; needs the internet).");
  same_line_or_wrap(button_width("Tile"));
  if (named_button("Tile", "tile windows")) ctx.req.relayout = true;
  item_tooltip("Put every window back in its tile.");

}

// A long run in progress or the latest message, then the keys.
void ControlsPanel::draw_status(PanelContext& ctx) {
  const UiState& ui = ctx.ui;
  // Status: a long run in progress, or the latest message.
  if (ctx.status.running) {
    const std::string line =
        "Running to the next " + ctx.status.running_what + "... (t = " + format_time(ctx.runs.now()) + ")";
    ImGui::TextColored(to_vec4(palette::kCautionText), "%s", line.c_str());
    track_notice(line);
  } else if (ui.playing && ctx.status.behind) {
    const std::string line = "Busy: playing slower than " + format_speed(ui.speed);
    ImGui::TextColored(to_vec4(palette::kCautionText), "%s", line.c_str());
    track_notice(line);
  } else if (!ctx.status.message.empty() && ctx.status.message_age < 10.0) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", ctx.status.message.c_str());
    ImGui::PopTextWrapPos();
    track_notice(ctx.status.message);
  }
  ImGui::Separator();
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("Keys: Space play, <- -> step, 1/2/3 step by line/event/action, Up/Down walk events, W/S zoom, A/D pan, C compare");
  ImGui::PopTextWrapPos();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("By key position, so other keyboard layouts work too.\ncmwq-lab %s, modelling Linux %s",
                      cmwq::core_version(), cmwq::modelled_kernel());
}

}  // namespace cmwq::web
