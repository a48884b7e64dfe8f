// The Timeline panel: rows per worker grouped by pool, work slices, state strips,
// markers, flows and counter tracks, drawn with ImDrawList from a TimelineModel.
// This file runs one frame: its steps in order, and the geometry they share.
#include "web/timeline/timeline_panel.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>

#include "core/simulation.h"
#include "core/world.h"
#include "imgui.h"
#include "web/model/time_window.h"
#include "web/model/timeline_model.h"
#include "web/timeline/timeline_frame.h"

namespace cmwq::web {

TimelineFrame::TimelineFrame(const Simulation& s, const TimelineModel& model, TimelineView& view, UiState& u)
    : sim(s),
      w(s.world()),
      m(model),
      v(view),
      ui(u),
      io(ImGui::GetIO()),
      style(ImGui::GetStyle()),
      now(s.now()),
      font(ImGui::GetFontSize()) {}

bool group_open_default(const RowGroup& g) {
  if (g.kind != GroupKind::Pool) return true;
  return g.executed || !g.markers.empty() || g.worklist.max > 0;
}

TimelinePanel::TimelinePanel()
    : model_(std::make_unique<TimelineModel>()),
      view_(std::make_unique<TimelineView>()),
      model_b_(std::make_unique<TimelineModel>()),
      view_b_(std::make_unique<TimelineView>()) {}
TimelinePanel::~TimelinePanel() = default;

bool TimelinePanel::reading() const { return model_->behind() > 0 || model_b_->behind() > 0; }
uint64_t TimelinePanel::footprint(bool second) const { return (second ? model_b_ : model_)->footprint(); }
size_t TimelinePanel::events_read(bool second) const { return (second ? model_b_ : model_)->events_read(); }

void TimelinePanel::draw(const Simulation& sim, UiState& ui, const TimelineSecondRun* second, size_t unchanged) {
  const auto started = std::chrono::steady_clock::now();
  model_->update(sim, kEventsPerFrame, unchanged);
  place_view(sim, ui.loads);
  if (!ImGui::Begin("Timeline", nullptr, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
    ImGui::End();
    return;
  }
  TimelineFrame f(sim, *model_, *view_, ui);
  draw_run_reports(f);
  draw_toolbar(f);
  draw_followed_work(f);
  if (second)
    draw_compare(*second, f);
  else
    draw_run(f, 0);
  ImGui::End();

  TimelineView& v = *view_;
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  v.frame_ms = v.frame_ms == 0 ? ms : v.frame_ms * 0.9 + ms * 0.1;
}

// One run's axis and rows, @p height tall (0: all the room left).
void TimelinePanel::draw_run(TimelineFrame& f, float height) {
  if (!measure(f, height)) return;
  keys_and_follow(f);
  draw_axis(f);
  reveal_selection(f);
  lay_out_rows(f);
  begin_rows(f);
  handle_mouse(f);
  draw_grid(f);
  draw_items(f);
  draw_cause_flows(f);
  draw_flows(f);
  draw_time_cursor(f);
  draw_timer_marks(f);
  draw_difference(f);
  apply_clicks(f);
  show_tooltip(f);
  ImGui::EndChild();
}

// Another scenario (loaded again, or its names, length or machine differ): place the view afresh.
void TimelinePanel::place_view(const cmwq::Simulation& sim, uint64_t loads) {
  TimelineView& v = *view_;
  const World& w = sim.world();
  const Nanos now = sim.now();
  uint64_t identity = 1469598103934665603ull;  // FNV-1a over what identifies a scenario
  auto mix = [&](std::string_view text) {
    for (const char c : text) identity = (identity ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    identity = (identity ^ 0xff) * 1099511628211ull;
  };
  for (const auto& [name, id] : sim.names().works) mix(name);
  for (const auto& [name, id] : sim.names().workqueues) mix(name);
  mix(std::to_string(sim.until()) + "/" + std::to_string(w.config.cpus) + "/" + std::to_string(loads));
  if (identity != v.identity) {
    v.identity = identity;
    v.placed = false;
  }
  if (v.placed) return;
  const TimeWindow win = fit_scenario(sim.until(), now);
  v.t0 = win.t0;
  v.t1 = win.t1;
  v.follow = true;
  v.placed = true;
  v.open.clear();
}

// Where the axis, the names column and the time area go, in @p height (0: all the room
// left); false if there is no room.
bool TimelinePanel::measure(TimelineFrame& f, float height) {
  f.origin = ImGui::GetCursorScreenPos();
  f.avail = ImGui::GetContentRegionAvail();
  if (height > 0) f.avail.y = std::min(f.avail.y, height);
  float title_w = f.min_label_w - f.font * 1.6f;
  for (const RowGroup& g : f.m.groups()) title_w = std::max(title_w, ImGui::CalcTextSize(g.title.c_str()).x);
  f.label_w = std::clamp(std::max(f.font * 10.0f, title_w + f.font * 1.6f), 110.0f, std::max(110.0f, f.avail.x * 0.3f));
  f.axis_h = std::floor(f.font * 1.8f);
  f.map.x0 = f.origin.x + f.label_w;
  f.map.x1 = f.origin.x + f.avail.x - f.style.ScrollbarSize;
  return !(f.avail.y < f.axis_h + f.font * 2 || f.map.x1 - f.map.x0 < 40);
}

}  // namespace cmwq::web
