// The Timeline's time axis (ticks, labels, the markers of no task, the surface to click
// or drag the simulation in time), the grid behind the rows, and the time cursor.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "imgui.h"
#include "web/model/palette.h"
#include "web/timeline/timeline_frame.h"
#include "web/timeline/timeline_panel.h"

namespace cmwq::web {
namespace {

// An axis label for @p t on a grid of @p step ns: the unit follows the step.
std::string fmt_tick(double t, double step) {
  double unit = 1;
  const char* name = "ns";
  if (step >= 1e9) {
    unit = 1e9, name = "s";
  } else if (step >= 1e6) {
    unit = 1e6, name = "ms";
  } else if (step >= 1e3) {
    unit = 1e3, name = "us";
  }
  const double s = step / unit;
  const int decimals = s >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(s) - 1e-9));
  char buf[48];
  const double v = t / unit;
  std::snprintf(buf, sizeof buf, "%.*f %s", decimals, std::fabs(v) < 1e-12 ? 0.0 : v, name);
  return buf;
}

// A tick step from the 1-2-5 series, at least @p min_ns.
double nice_step(double min_ns) {
  double p = std::pow(10.0, std::floor(std::log10(std::max(min_ns, 1.0))));
  for (;;) {
    for (double m : {1.0, 2.0, 5.0})
      if (m * p >= min_ns) return m * p;
    p *= 10;
  }
}

// The time cursor's label on the axis: where it goes (drawn last, over everything; the
// tick labels keep out from under it).
struct CursorBadge {
  Nanos t = 0;                  // the cursor's time
  float x = 0, x0 = 0, x1 = 0;  // the cursor line, the label's left and right
  std::string text;
  ImVec2 size{};
};

// Where the cursor's label is now (ask again after input: scrubbing and zoom move it).
CursorBadge cursor_badge(const TimelineFrame& f) {
  CursorBadge b;
  b.t = f.cursor_time();
  b.x = std::floor(f.map.x(static_cast<double>(b.t))) + 0.5f;
  b.text = fmt_ns(b.t);
  b.size = ImGui::CalcTextSize(b.text.c_str());
  b.x0 = b.x + 4;
  if (b.x0 + b.size.x + 6 > f.map.x1) b.x0 = b.x - b.size.x - 10;
  b.x1 = b.x0 + b.size.x + 6;
  return b;
}

// Major ticks with their times (none under the cursor's label), four minor ticks between.
void draw_ticks(const TimelineFrame& f) {
  ImDrawList* wdl = f.wdl;
  const CursorBadge badge = cursor_badge(f);
  wdl->PushClipRect(ImVec2(f.map.x0, f.ax_y0), ImVec2(f.map.x1, f.ax_y1), true);
  for (double t = std::floor(f.v.t0 / f.step) * f.step; t <= f.v.t1; t += f.step) {
    const float x = std::floor(f.map.x(t)) + 0.5f;
    wdl->AddLine(ImVec2(x, f.ax_y1 - f.font * 0.45f), ImVec2(x, f.ax_y1), palette::kTick);
    const std::string s = fmt_tick(t, f.step);
    const float label_x1 = x + 3 + ImGui::CalcTextSize(s.c_str()).x;
    const bool under_badge = x + 3 < badge.x1 && label_x1 > badge.x0;
    // No half-hidden label at either edge, nor one under the cursor's.
    if (x + 3 >= f.map.x0 && label_x1 <= f.map.x1 && !under_badge) {
      wdl->AddText(ImVec2(x + 3, f.ax_y0 + 2), palette::kTickLabel, s.c_str());
    }
    for (int k = 1; k < 5; ++k) {
      const float xs = std::floor(f.map.x(t + f.step * k / 5)) + 0.5f;
      wdl->AddLine(ImVec2(xs, f.ax_y1 - f.font * 0.2f), ImVec2(xs, f.ax_y1), palette::kMinorTick);
    }
  }
  wdl->PopClipRect();
}

// Markers of no task or pool on the axis (actions, hotplug, WARNs without a task); the
// one under the mouse becomes f.hovered_global_marker.
void draw_global_markers(TimelineFrame& f) {
  const auto& gm = f.m.global_markers();
  const float r = f.font * 0.32f;
  float last_x = -1e9f;
  size_t i = static_cast<size_t>(
      std::lower_bound(gm.begin(), gm.end(), f.v.t0,
                       [](const Marker& mk, double t) { return static_cast<double>(mk.time) < t; }) -
      gm.begin());
  for (; i < gm.size() && static_cast<double>(gm[i].time) <= f.v.t1; ++i) {
    const float x = f.map.x(static_cast<double>(gm[i].time));
    if (x - last_x < 2) continue;
    last_x = x;
    const ImVec2 c(x, f.ax_y1 - r - 1);
    draw_glyph(f.wdl, gm[i].type, c, r);
    if (f.axis_hovered && std::fabs(f.io.MousePos.x - x) <= r + 2 && f.io.MousePos.y >= c.y - r - 2) {
      f.hovered_global_marker = &gm[i];
    }
  }
}

}  // namespace

void TimelinePanel::draw_axis(TimelineFrame& f) {
  f.wdl = ImGui::GetWindowDrawList();
  f.ax_y0 = f.origin.y;
  f.ax_y1 = f.origin.y + f.axis_h;
  f.step = nice_step(f.map.ns_per_px() * std::max(90.0f, f.font * 7.0f));
  f.wdl->AddRectFilled(ImVec2(f.origin.x, f.ax_y0), ImVec2(f.map.x1, f.ax_y1), palette::kAxisBg);
  draw_ticks(f);
  f.wdl->AddText(ImVec2(f.origin.x + f.style.ItemSpacing.x, f.ax_y0 + 2), palette::kTextDim, "time");
  // Click or drag on the axis to scrub.
  ImGui::SetCursorScreenPos(ImVec2(f.map.x0, f.ax_y0));
  ImGui::InvisibleButton("##axis", ImVec2(f.map.x1 - f.map.x0, f.axis_h));
  f.axis_hovered = ImGui::IsItemHovered();
  if (ImGui::IsItemActivated()) {
    f.v.drag = TimelineView::Drag::Cursor;
    f.ui.playing = false;
  }
  draw_global_markers(f);
}

// Vertical lines behind the rows at the major ticks.
void TimelinePanel::draw_grid(TimelineFrame& f) {
  f.dl->PushClipRect(ImVec2(f.map.x0, f.clip_y0), ImVec2(f.right, f.clip_y1), true);
  for (double t = std::floor(f.v.t0 / f.step) * f.step; t <= f.v.t1; t += f.step) {
    const float x = std::floor(f.map.x(t)) + 0.5f;
    f.dl->AddLine(ImVec2(x, f.clip_y0), ImVec2(x, f.clip_y1), palette::kGrid);
  }
  f.dl->PopClipRect();
}

// The time cursor over the rows and the axis, with its time in a badge and a head.
void TimelinePanel::draw_time_cursor(TimelineFrame& f) {
  const CursorBadge b = cursor_badge(f);
  const float x = b.x;
  if (x < f.map.x0 || x > f.right) return;
  f.dl->AddLine(ImVec2(x, f.clip_y0), ImVec2(x, f.clip_y1), palette::kCursor, 1.5f);
  f.wdl->AddLine(ImVec2(x, f.ax_y0), ImVec2(x, f.ax_y1), palette::kCursor, 1.5f);
  const float by = f.ax_y0 + (f.axis_h - b.size.y) * 0.5f;
  f.wdl->AddRectFilled(ImVec2(b.x0, by - 1), ImVec2(b.x1, by + b.size.y + 1), palette::kCursor, 3.0f);
  f.wdl->AddText(ImVec2(b.x0 + 3, by), palette::kTextOnDark, b.text.c_str());
  const float hr = f.font * 0.35f;
  f.wdl->AddTriangleFilled(ImVec2(x - hr, f.ax_y1 - hr), ImVec2(x + hr, f.ax_y1 - hr), ImVec2(x, f.ax_y1),
                           palette::kCursor);
}

}  // namespace cmwq::web
