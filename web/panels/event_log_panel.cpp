// The Event log panel.
#include "web/panels/event_log_panel.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "core/world.h"
#include "imgui.h"
#include "web/model/lockup_report.h"
#include "web/model/palette.h"
#include "web/model/text_util.h"
#include "web/panels/imgui_util.h"
#include "web/platform/widget_rects.h"

namespace cmwq::web {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

ImVec4 group_color(EventGroup g) {
  switch (g) {
    case EventGroup::Workqueue:
      return to_vec4(palette::kLogWorkqueue);
    case EventGroup::Sched:
      return to_vec4(palette::kLogSched);
    case EventGroup::WorkOps:
      return to_vec4(palette::kLogWorkOps);
    case EventGroup::Workers:
      return to_vec4(palette::kLogWorkers);
    case EventGroup::Mayday:
      return to_vec4(palette::kMaydayText);
    case EventGroup::Memory:
      return to_vec4(palette::kLogMemory);
    case EventGroup::Watchdog:
      return to_vec4(palette::kLogWatchdog);
    default:
      return to_vec4(palette::kLogOther);
  }
}

}  // namespace

EventLogPanel::EventLogPanel() { groups_.fill(true); }

bool EventLogPanel::filtering() const {
  return !filter_.empty() || std::find(groups_.begin(), groups_.end(), false) != groups_.end();
}

void EventLogPanel::refilter(PanelContext& ctx) {
  const Simulation& sim = ctx.session.sim();
  const World& w = sim.world();
  const EventLog& log = sim.events();
  const std::string f = lower(filter_);
  if (f != applied_filter_ || groups_ != applied_groups_) {
    rows_.clear();
    scanned_ = 0;
    applied_filter_ = f;
    applied_groups_ = groups_;
  }
  if (history_ != ctx.session.history_id()) {
    const size_t keep = std::min(ctx.session.unchanged_prefix(history_), scanned_);
    rows_.erase(std::lower_bound(rows_.begin(), rows_.end(), static_cast<uint32_t>(std::min<size_t>(keep, UINT32_MAX))),
                rows_.end());
    scanned_ = keep;
    history_ = ctx.session.history_id();
  }
  scanned_ = std::min(scanned_, log.size());
  // Type filters alone are cheap; text needs each line formatted: spread it over frames.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(4);
  for (size_t n = 0; scanned_ < log.size(); ++n) {
    if ((n & 255) == 255 && std::chrono::steady_clock::now() >= deadline) break;
    const size_t i = scanned_++;
    if (!groups_[static_cast<size_t>(event_group(log[i].type))]) continue;
    if (!f.empty() && lower(ctx.text.line(w, log, i)).find(f) == std::string::npos) continue;
    rows_.push_back(static_cast<uint32_t>(i));
  }
}

void EventLogPanel::draw(PanelContext& ctx) {
  if (!ImGui::Begin("Event log")) {
    ImGui::End();
    return;
  }
  const Simulation& sim = ctx.session.sim();
  const World& w = sim.world();
  const EventLog& log = sim.events();

  // Filters.
  input_string("##filter", filter_, ImGui::GetFontSize() * 14, "filter, e.g. mayday or kworker/0:1");
  track_widget("event filter");
  ImGui::SameLine();
  if (ImGui::Button("Kinds")) ImGui::OpenPopup("##kinds");
  track_widget("event kinds");
  if (ImGui::BeginPopup("##kinds")) {
    if (ImGui::SmallButton("all")) groups_.fill(true);
    ImGui::SameLine();
    if (ImGui::SmallButton("none")) groups_.fill(false);
    for (size_t g = 0; g < groups_.size(); ++g) {
      ImGui::PushStyleColor(ImGuiCol_Text, group_color(static_cast<EventGroup>(g)));
      bool on = groups_[g];
      if (ImGui::Checkbox(event_group_name(static_cast<EventGroup>(g)), &on)) groups_[g] = on;
      ImGui::PopStyleColor();
    }
    ImGui::EndPopup();
  }
  const bool filtered = filtering();
  if (filtered) refilter(ctx);
  const size_t count = filtered ? rows_.size() : log.size();
  ImGui::SameLine();
  if (filtered && scanned_ < log.size())
    ImGui::TextDisabled("%zu found, searching %zu%%", count, scanned_ * 100 / std::max<size_t>(1, log.size()));
  else if (filtered)
    ImGui::TextDisabled("%zu of %zu events", count, log.size());
  else
    ImGui::TextDisabled("%zu events", log.size());

  // The lines.
  ImGui::BeginChild("##lines", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  const float line_h = ImGui::GetTextLineHeightWithSpacing();
  const bool at_bottom = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f;

  // Bring a newly selected event (run to next, a click elsewhere) into view, or else the
  // watchdog's new lockup report (its dump would push it above the end the log follows).
  const int64_t sel = ctx.ui.selected_event;
  const std::vector<LockupReport> lockups = latest_lockups(w, log);
  const int64_t lockup = lockups.empty() ? -1 : lockups.front().event;
  bool scrolled = false;
  bool to_bottom = false;
  int64_t reveal = -1;
  if (sel != shown_selection_) {
    to_bottom = sel < 0;  // selection cleared (a step, play): follow the end again
    shown_selection_ = sel;
    reveal = sel;
  }
  if (lockup != shown_lockup_) {
    shown_lockup_ = lockup;
    if (sel < 0) reveal = lockup;
  }
  if (reveal >= 0) {
    size_t row = static_cast<size_t>(reveal);
    if (filtered)
      row = static_cast<size_t>(std::lower_bound(rows_.begin(), rows_.end(), static_cast<uint32_t>(reveal)) -
                                rows_.begin());
    ImGui::SetScrollY(std::max(0.0f, static_cast<float>(row) * line_h - ImGui::GetWindowHeight() * 0.5f));
    scrolled = true;
  }

  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(count), line_h);
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const size_t i = filtered ? rows_[static_cast<size_t>(r)] : static_cast<size_t>(r);
      const Event& e = log[i];
      std::string line = ctx.text.line(w, log, i);
      line.erase(0, std::min(line.find_first_not_of(' '), line.size()));  // trace-cmd's comm padding
      ImGui::PushID(static_cast<int>(i));
      ImGui::PushStyleColor(ImGuiCol_Text, group_color(event_group(e.type)));
      const bool selected = static_cast<int64_t>(i) == sel;
      if (ImGui::Selectable(line.c_str(), selected, ImGuiSelectableFlags_None,
                            ImVec2(ImGui::CalcTextSize(line.c_str()).x, 0))) {
        ctx.ui.selected_event = static_cast<int64_t>(i);
        shown_selection_ = ctx.ui.selected_event;
        if (e.time < sim.now()) ctx.ui.seek_to = e.time;
      }
      ImGui::PopStyleColor();
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("#%zu at %s\nClick: select it and go back to its time", i, format_time(e.time).c_str());
      ImGui::PopID();
    }
  }
  clipper.End();
  // Stay at the bottom while new events arrive, unless the user scrolled up.
  // (Not SetScrollHereY(): after a clipper it aims at the last line drawn, not the last
  // line. A target past the end is clamped to it when the next frame begins.)
  if ((at_bottom || to_bottom) && !scrolled && sel < 0) ImGui::SetScrollY(1e9f);
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace cmwq::web
