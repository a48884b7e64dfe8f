// What the Timeline does with keys and the mouse: zoom (W/S, the wheel), pan (A/D, a
// drag), follow "now", scroll the rows, drag the time cursor or click the axis to seek,
// and clicks that select a task, an event, or a work to follow.
#include <algorithm>
#include <cmath>

#include "core/simulation.h"
#include "imgui.h"
#include "web/model/time_window.h"
#include "web/timeline/timeline_frame.h"
#include "web/timeline/timeline_panel.h"

namespace cmwq::web {
namespace {

using Drag = TimelineView::Drag;

// The window of time as the view has it now.
void sync_map(TimelineFrame& f) {
  f.map.t0 = f.v.t0;
  f.map.t1 = f.v.t1;
}

// Keep "now" in view (not while scrubbing): with "Follow now" as the run moves, and
// after any jump of the run (an event-log click, run to next, Back) whatever the zoom.
void keep_now_in_view(TimelineFrame& f) {
  TimelineView& v = f.v;
  if (v.drag == Drag::Cursor) return;
  const bool jumped = f.now != v.shown_now;
  v.shown_now = f.now;
  TimeWindow win{v.t0, v.t1};
  const auto nowd = static_cast<double>(f.now);
  if (v.follow)
    win = follow_now(win, nowd, f.ui.playing);
  else if (jumped && !f.ui.playing)
    win = reveal_time(win, nowd);
  v.t0 = win.t0;
  v.t1 = win.t1;
}

// Wheel: zoom over the time area, scroll the rows over the names (or with shift).
void wheel(TimelineFrame& f) {
  if (!(f.area_hovered || f.names_hovered || f.axis_hovered) || f.io.MouseWheel == 0) return;
  if (f.names_hovered || f.io.KeyShift) {
    ImGui::SetScrollY(std::clamp(f.scroll_y - f.io.MouseWheel * f.row_h * 3, 0.0f, ImGui::GetScrollMaxY()));
  } else {
    zoom_at(f, f.map.t(f.io.MousePos.x), std::pow(1.25, -static_cast<double>(f.io.MouseWheel)));
    f.v.follow = false;
    sync_map(f);
  }
}

// The row under the mouse, or nullptr.
const Item* hovered_item(const TimelineFrame& f) {
  if (!f.area_hovered && !f.names_hovered) return nullptr;
  const std::vector<Item>& items = f.v.items;
  const float my = f.io.MousePos.y - f.top + f.scroll_y;
  const auto it = std::partition_point(items.begin(), items.end(), [&](const Item& x) { return x.y + x.h <= my; });
  return it != items.end() && my >= it->y ? &*it : nullptr;
}

// A press in the time area: near the cursor it scrubs; elsewhere it pans or clicks.
void press(TimelineFrame& f) {
  TimelineView& v = f.v;
  const float cursor_x = f.map.x(static_cast<double>(f.cursor_time()));
  if (!f.area_activated) return;
  v.press = f.io.MousePos;
  v.press_t0 = v.t0;
  v.press_t1 = v.t1;
  v.press_scroll = f.scroll_y;
  if (ImGui::IsMouseDown(ImGuiMouseButton_Left) && std::fabs(f.io.MousePos.x - cursor_x) <= 4.0f) {
    v.drag = Drag::Cursor;
    f.ui.playing = false;
  } else {
    v.drag = Drag::Pending;
  }
}

// A press that moves more than 3 px pans (time and rows); released unmoved, it clicks.
void pan_or_click(TimelineFrame& f) {
  TimelineView& v = f.v;
  if (v.drag != Drag::Pending && v.drag != Drag::Pan) return;
  const bool any_down = ImGui::IsMouseDown(ImGuiMouseButton_Left) || ImGui::IsMouseDown(ImGuiMouseButton_Middle) ||
                        ImGui::IsMouseDown(ImGuiMouseButton_Right);
  const ImVec2 d(f.io.MousePos.x - v.press.x, f.io.MousePos.y - v.press.y);
  if (v.drag == Drag::Pending && (std::fabs(d.x) > 3 || std::fabs(d.y) > 3)) v.drag = Drag::Pan;
  if (v.drag == Drag::Pan) {
    const double shift = static_cast<double>(d.x) * (v.press_t1 - v.press_t0) / (f.map.x1 - f.map.x0);
    v.t0 = v.press_t0 - shift;
    v.t1 = v.press_t1 - shift;
    if (std::fabs(d.x) > 0) v.follow = false;
    ImGui::SetScrollY(std::clamp(v.press_scroll - d.y, 0.0f, ImGui::GetScrollMaxY()));
    sync_map(f);
  }
  if (!any_down) {
    f.clicked = v.drag == Drag::Pending;
    v.drag = Drag::None;
  }
}

// Dragging the cursor: ask for a seek to the time under the mouse, not past the
// scenario's end (or now, if later): scrubbing should not start long runs.
void scrub(TimelineFrame& f) {
  TimelineView& v = f.v;
  if (v.drag != Drag::Cursor) return;
  const double t = std::clamp(f.map.t(f.io.MousePos.x), 0.0,
                              static_cast<double>(std::max(f.now, std::max<Nanos>(f.sim.until(), 0))));
  v.scrub = static_cast<Nanos>(t);
  if (v.scrub != v.last_seek) {
    f.ui.seek_to = v.scrub;
    v.last_seek = v.scrub;
  }
  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    v.drag = Drag::None;
    v.scrub = -1;
    v.last_seek = -1;
  }
}

}  // namespace

void zoom_at(TimelineFrame& f, double anchor, double factor) {
  TimelineView& v = f.v;
  const double min_w = 100.0;  // ns
  const double max_w = std::max<double>(4.0 * static_cast<double>(std::max<Nanos>(f.now, f.sim.until())), 1e7);
  const double wd = std::clamp((v.t1 - v.t0) * factor, min_w, max_w);
  const double frac = (anchor - v.t0) / (v.t1 - v.t0);
  v.t0 = anchor - frac * wd;
  v.t1 = v.t0 + wd;
}

// W/S/A/D (by key position) arrive from App as UiState::timeline_zoom / timeline_pan:
// zoom around the mouse when it is over the time area, else around the centre.
void TimelinePanel::keys_and_follow(TimelineFrame& f) {
  TimelineView& v = f.v;
  const ImVec2 mouse = f.io.MousePos;
  f.mouse_in_time =
      mouse.x >= f.map.x0 && mouse.x <= f.map.x1 && mouse.y >= f.origin.y && mouse.y <= f.origin.y + f.avail.y;
  if (f.apply_keys && (f.ui.timeline_zoom != 0 || f.ui.timeline_pan != 0)) {
    sync_map(f);
    const double anchor = f.mouse_in_time ? f.map.t(mouse.x) : (v.t0 + v.t1) * 0.5;
    if (f.ui.timeline_zoom != 0) zoom_at(f, anchor, std::pow(2.0, -f.ui.timeline_zoom));
    const double pan = (v.t1 - v.t0) * f.ui.timeline_pan;
    v.t0 += pan;
    v.t1 += pan;
    v.follow = false;
  }
  keep_now_in_view(f);
  sync_map(f);
}

void TimelinePanel::handle_mouse(TimelineFrame& f) {
  wheel(f);
  f.hover_item = hovered_item(f);
  press(f);
  pan_or_click(f);
  scrub(f);
  f.show_hover = f.v.drag == Drag::None && f.hover_item != nullptr && !ImGui::IsAnyMouseDown();
  f.mouse_t = f.map.t(f.io.MousePos.x);
  f.tol = f.map.ns_per_px() * 3;  // hit tolerance: 3 px
}

// What a click found while the rows were drawn: a marker's event, a work to follow, a
// task; a click on nothing in a task row stops following.
void TimelinePanel::apply_clicks(TimelineFrame& f) {
  if (!f.clicked || f.second_run) return;  // the selection names the first run's tasks, works and events
  UiState& ui = f.ui;
  if (f.click_event >= 0) {
    ui.selected_event = f.click_event;
  } else if (f.click_work >= 0) {
    ui.followed_work = f.click_work;
    ui.selected_task = f.click_task;
  } else if (f.click_task >= 0) {
    ui.selected_task = f.click_task;
  } else if (f.hover_item == nullptr || f.hover_item->kind == ItemKind::Task) {
    ui.followed_work = -1;
  }
}

}  // namespace cmwq::web
