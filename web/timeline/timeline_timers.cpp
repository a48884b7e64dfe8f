// The Timeline's timer bars: a pool's mayday timer on its header, a band from each
// mod_timer() to its firing, deletion or re-arming, with ticks at the jiffy it expires and
// the jiffy the timer wheel runs it. Over the time cursor: each firing as a large flag
// (the cursor stands on it after "run to next mayday") and, while the run is paused, the
// armed timer's countdown.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "imgui.h"
#include "web/model/palette.h"
#include "web/model/timer_bars.h"
#include "web/platform/widget_rects.h"
#include "web/timeline/timeline_frame.h"
#include "web/timeline/timeline_panel.h"

namespace cmwq::web {
namespace {

// The band a timer bar fills in a row from y0 to y1: the middle half, where markers sit.
struct Band {
  float y0, y1;
};

Band timer_band(float y0, float y1) {
  const float h = y1 - y0;
  return {y0 + std::floor(h * 0.25f), y1 - std::floor(h * 0.25f)};
}

// A tick across the row at time @p t.
void draw_tick(const TimelineFrame& f, Nanos t, float y0, float y1, float width) {
  const float x = std::floor(f.map.x(static_cast<double>(t))) + 0.5f;
  f.dl->AddLine(ImVec2(x, y0), ImVec2(x, y1), palette::kMayday, width);
}

// One bar from xa to xb: solid up to now, lighter for what is left of an armed timer; the
// expiry tick (thin) and the wheel's fire tick (thick) where the bar reaches them.
void draw_bar(const TimelineFrame& f, const TimerBar& b, float xa, float xb, float y0, float y1) {
  const Band band = timer_band(y0, y1);
  xb = std::max(xb, xa + 1.0f);
  const float xn = b.end >= 0 ? xb : std::clamp(f.map.x(static_cast<double>(f.now)), xa, xb);
  f.dl->AddRectFilled(ImVec2(xa, band.y0), ImVec2(xn, band.y1), palette::kMaydayTimer);
  if (xn < xb) f.dl->AddRectFilled(ImVec2(xn, band.y0), ImVec2(xb, band.y1), palette::kMaydayAhead);
  f.dl->AddRect(ImVec2(xa, band.y0), ImVec2(xb, band.y1), palette::kMayday);
  if (xb - xa < 4) return;  // too narrow for ticks
  const Nanos end = b.drawn_end();
  if (b.expires != b.fires && b.expires >= b.start && b.expires <= end) draw_tick(f, b.expires, y0 + 2, y1 - 2, 1.0f);
  if (b.fires <= end) draw_tick(f, b.fires, y0 + 1, y1 - 1, 2.0f);
}

// Each firing of the mayday timer in view, as a large flag, over whatever is drawn there.
void draw_firings(const TimelineFrame& f, const std::vector<Marker>& mk, float cy) {
  const float r = marker_radius(f, EventType::MaydayTimeout);
  auto it = std::lower_bound(mk.begin(), mk.end(), f.v.t0 - f.tol,
                             [](const Marker& m, double t) { return static_cast<double>(m.time) < t; });
  float last_x = -1e9f;
  for (; it != mk.end() && static_cast<double>(it->time) <= f.v.t1 + f.tol; ++it) {
    if (it->type != EventType::MaydayTimeout) continue;
    const float x = f.map.x(static_cast<double>(it->time));
    if (x - last_x < 3) continue;
    last_x = x;
    draw_glyph(f.dl, it->type, ImVec2(x, cy), r);
  }
}

// "mayday in 6 ms" beside the cursor, clear of the flags: between the cursor and the fire
// tick if it fits there, else after the fire tick, else before the cursor.
void draw_countdown(const TimelineFrame& f, const TimerBar& b, float y0, float y1) {
  const std::string text = timer_countdown("mayday", b, f.now);
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  const float xn = f.map.x(static_cast<double>(f.now)), xf = f.map.x(static_cast<double>(b.fires));
  const float gap = marker_radius(f, EventType::MaydayTimeout) + 4;  // clear of a firing's flag
  float x = xn + gap;
  if (x + size.x + gap > xf) x = xf + gap;
  if (x + size.x + 3 > f.right) x = xn - gap - size.x;
  x = std::max(x, f.map.x0 + 3);
  const float ty = y0 + std::floor((y1 - y0 - size.y) * 0.5f);
  f.dl->AddRectFilled(ImVec2(x - 3, ty - 1), ImVec2(x + size.x + 3, ty + size.y + 1), palette::kLabelBg, 3.0f);
  f.dl->AddText(ImVec2(x, ty), palette::kMaydayText, text.c_str());
}

// Records where armed bar @p b is on screen as the widget "mayday timer bar"; false if it
// is out of the window of time.
bool track_armed_bar(const TimelineFrame& f, const TimerBar& b, float y0, float y1) {
  const float xa = std::max(f.map.x(static_cast<double>(b.start)), f.map.x0);
  const float xb = std::min(f.map.x(static_cast<double>(b.fires)), f.right);
  const Band band = timer_band(std::max(y0, f.clip_y0), std::min(y1, f.clip_y1));
  if (xb < xa || band.y1 <= band.y0) return false;
  const ImVec2 cursor = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(xa, band.y0));
  ImGui::Dummy(ImVec2(std::max(1.0f, xb - xa), band.y1 - band.y0));
  track_widget("mayday timer bar");
  ImGui::SetCursorScreenPos(cursor);
  return true;
}

}  // namespace

const TimerBar* draw_timer_bars(const TimelineFrame& f, const TimerTrack& t, float y0, float y1, bool hovered_row) {
  const TimerBar* hit = nullptr;
  for_visible(
      t.bars, f.map, [](const TimerBar& b) { return b.drawn_end(); },
      [&](const TimerBar& b, size_t, float xa, float xb) {
        if (b.end == b.start) return;  // armed and deleted at one instant: a worker was made at once
        draw_bar(f, b, xa, xb, y0, y1);
        if (hovered_row && f.io.MousePos.x >= xa - 2 && f.io.MousePos.x <= xb + 2) hit = &b;
      });
  return hit;
}

// Over the cursor, on each pool header in view: the mayday timer's firings, and the armed
// timer's countdown while the run is paused (the first armed bar in view is the widget
// "mayday timer bar").
void TimelinePanel::draw_timer_marks(TimelineFrame& f) {
  bool tracked = f.second_run;  // the widget names the first run's bar
  for (const Item& it : f.v.items) {
    if (it.kind != ItemKind::Header || it.index < 0) continue;
    const RowGroup& g = f.m.groups()[static_cast<size_t>(it.index)];
    const float y0 = f.y(it.y), y1 = y0 + it.h;
    if (g.kind != GroupKind::Pool || y1 <= f.clip_y0 || y0 >= f.clip_y1) continue;
    f.dl->PushClipRect(ImVec2(f.map.x0, std::max(y0, f.clip_y0)), ImVec2(f.right, std::min(y1, f.clip_y1)), true);
    draw_firings(f, g.markers, (y0 + y1) * 0.5f);
    const TimerBar* armed = g.mayday_timer.armed();
    const bool in_view =
        armed && static_cast<double>(armed->fires) >= f.v.t0 && static_cast<double>(armed->start) <= f.v.t1;
    if (in_view && !tracked) tracked = track_armed_bar(f, *armed, y0, y1);
    if (in_view && !f.ui.playing) draw_countdown(f, *armed, y0, y1);
    f.dl->PopClipRect();
  }
}

}  // namespace cmwq::web
