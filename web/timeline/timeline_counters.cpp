// The Timeline's counter tracks: a pool's nr_running, nr_idle and worklist, and memory's
// free pages (with the watermarks and a choice of scale) and page cache, each a filled
// step line with its name and its value at the cursor.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "core/world.h"
#include "imgui.h"
#include "web/model/palette.h"
#include "web/timeline/timeline_frame.h"
#include "web/timeline/timeline_panel.h"

namespace cmwq::web {
namespace {

const char* counter_name(CounterId c) {
  switch (c) {
    case CounterId::FreePages:
      return "free pages";
    case CounterId::Cache:
      return "page cache";
    case CounterId::NrRunning:
      return "nr_running";
    case CounterId::NrIdle:
      return "nr_idle";
    case CounterId::Worklist:
      return "worklist";
  }
  return "";
}

ImU32 counter_colour(CounterId c) {
  switch (c) {
    case CounterId::FreePages:
      return palette::kFreePages;
    case CounterId::Cache:
      return palette::kPageCache;
    case CounterId::NrRunning:
      return palette::kNrRunning;
    case CounterId::NrIdle:
      return palette::kNrIdle;
    case CounterId::Worklist:
      return palette::kWorklist;
  }
  return IM_COL32_WHITE;
}

const CounterSeries& counter_series(const TimelineFrame& f, const Item& it) {
  const RowGroup* g = it.index >= 0 ? &f.m.groups()[static_cast<size_t>(it.index)] : nullptr;
  switch (it.counter) {
    case CounterId::FreePages:
      return f.m.free_pages();
    case CounterId::Cache:
      return f.m.cache_pages();
    case CounterId::NrRunning:
      return g->nr_running;
    case CounterId::NrIdle:
      return g->nr_idle;
    case CounterId::Worklist:
      return g->worklist;
  }
  return f.m.free_pages();
}

// A track's vertical scale: values 0..vmax from the bottom (ty1) to the top (ty0).
struct Scale {
  float ty0 = 0, ty1 = 0;
  double vmax = 1;
  bool clipped_top = false;  // higher values than vmax are drawn at the top
  float y(double val) const { return ty1 - static_cast<float>(std::min(val, vmax) / vmax) * (ty1 - ty0); }
};

// Up to the series' maximum; free pages near the watermarks (free_scale 2, or 0 with
// memory pressure) spread min, low and high over the lower two thirds.
Scale counter_scale(const TimelineFrame& f, const Item& it, const CounterSeries& s, float y0, float y1) {
  Scale sc;
  sc.ty0 = y0 + 3;
  sc.ty1 = y1 - 2;
  sc.vmax = static_cast<double>(std::max<int64_t>(s.max, 1));
  if (it.counter != CounterId::FreePages) return sc;
  const Watermarks& wm = f.w.mem.wmark;
  int mode = f.v.free_scale;
  const int64_t lowest = s.v.empty() ? 0 : *std::min_element(s.v.begin(), s.v.end());
  if (mode == 0) mode = lowest < 4 * wm.high ? 2 : 1;
  if (mode == 2) {
    sc.vmax = static_cast<double>(std::max<int64_t>(wm.high * 8 / 5, 1));
    sc.clipped_top = static_cast<double>(s.max) > sc.vmax;
  }
  return sc;
}

// The track's name and its value at the cursor in the names column; for free pages
// also its scale, which a click there switches.
void draw_counter_label(TimelineFrame& f, const Item& it, const CounterSeries& s, const Scale& sc, float y0,
                        bool hovered_row) {
  char val[48];
  std::snprintf(val, sizeof val, "%lld", static_cast<long long>(s.at(f.cursor_time())));
  const float lx = f.origin.x + f.indent + 4;
  f.dl->AddText(ImVec2(lx, y0 + (std::min(it.h, f.counter_h) - f.font) * 0.5f), counter_colour(it.counter),
                counter_name(it.counter));
  const float vw = ImGui::CalcTextSize(val).x;
  f.dl->AddText(ImVec2(f.map.x0 - vw - 6, y0 + (std::min(it.h, f.counter_h) - f.font) * 0.5f), palette::kValue, val);
  if (it.counter != CounterId::FreePages) return;
  f.dl->AddText(ImVec2(lx, y0 + f.font + 4), palette::kTextDim, sc.clipped_top ? "scale: watermarks" : "scale: all");
  if (hovered_row && f.io.MousePos.x < f.map.x0) {
    f.tip = sc.clipped_top
                ? "Scaled to show the watermarks: higher values are drawn at the top.\nClick for the whole range."
                : "Scaled to the whole range. Click to zoom on the watermarks.";
  }
  if (f.names_clicked && f.hover_item == &it) f.v.free_scale = sc.clipped_top ? 1 : 2;
}

// The series as a filled step line, one column per pixel where samples are dense. Lines
// are 1-pixel rectangles, merged while they continue each other (dense columns mostly do).
void draw_step_line(TimelineFrame& f, const CounterSeries& s, const Scale& sc, ImU32 col) {
  const auto& ts = s.t;
  const auto& vs = s.v;
  if (ts.empty()) return;
  auto py_of = [&](int64_t val) { return std::floor(sc.y(static_cast<double>(val))); };
  const float base = std::floor(sc.ty1) + 1;
  Runs& fill_runs = f.v.fill_runs;
  Runs& line_runs = f.v.line_runs;
  const ImU32 fill = palette::with_alpha(col, 50);
  const Nanos end_t = std::min<Nanos>(f.now, static_cast<Nanos>(f.v.t1) + 1);
  size_t k = static_cast<size_t>(std::upper_bound(ts.begin(), ts.end(), static_cast<Nanos>(f.v.t0)) - ts.begin());
  float px = k == 0 ? std::floor(f.map.x(static_cast<double>(ts[0]))) : f.map.x0;
  float py = k > 0 ? py_of(vs[k - 1]) : base - 1;
  while (k < ts.size() && ts[k] <= end_t) {
    const float xk = std::floor(f.map.x(static_cast<double>(ts[k])));
    if (xk - px < 1.0f && k + 1 < ts.size()) {
      // Dense: every sample in this pixel column as one bar from min to max.
      const double col_end = f.map.t(xk + 1.0f);
      const size_t j =
          std::max(k + 1, static_cast<size_t>(std::lower_bound(ts.begin() + static_cast<std::ptrdiff_t>(k), ts.end(),
                                                               static_cast<Nanos>(std::ceil(col_end))) -
                                              ts.begin()));
      int64_t lo = 0, hi = 0;
      s.range(k, j, lo, hi);
      const float ylo = std::max(py_of(lo), py), yhi = std::min(py_of(hi), py);
      fill_runs.add(xk, yhi, xk + 1, base, fill);
      line_runs.add(xk, yhi, xk + 1, ylo + 1, col);
      py = py_of(vs[j - 1]);
      px = xk + 1;
      k = j;
      continue;
    }
    fill_runs.add(px, py, xk, base, fill);
    line_runs.add(px, py, xk, py + 1, col);
    const float ny = py_of(vs[k]);
    line_runs.add(xk, std::min(py, ny), xk + 1, std::max(py, ny) + 1, col);
    px = xk;
    py = ny;
    ++k;
  }
  const float xe = f.map.x(static_cast<double>(end_t));
  if (xe > px) {
    fill_runs.add(px, py, xe, base, fill);
    line_runs.add(px, py, xe, py + 1, col);
  }
  fill_runs.draw(f.dl);
  line_runs.draw(f.dl);
}

// The watermarks over free pages: dashed lines, their names side by side at the right
// end, each above its line.
void draw_watermarks(const TimelineFrame& f, const Scale& sc) {
  const Watermarks& wm = f.w.mem.wmark;
  const std::pair<int64_t, const char*> marks[] = {{wm.min, "min"}, {wm.low, "low"}, {wm.high, "high"}};
  const ImU32 mcol[] = {palette::kWmarkMin, palette::kWmarkLow, palette::kWmarkHigh};
  float lx_name = f.right - 4;
  for (int k = 2; k >= 0; --k) {
    if (static_cast<double>(marks[k].first) > sc.vmax) continue;
    const float ly = std::floor(sc.y(static_cast<double>(marks[k].first))) + 0.5f;
    for (float x = f.map.x0; x < f.right; x += 8)
      f.dl->AddLine(ImVec2(x, ly), ImVec2(std::min(x + 4, f.right), ly), mcol[k]);
    const float tw = ImGui::CalcTextSize(marks[k].second).x;
    lx_name -= tw;
    f.dl->AddRectFilled(ImVec2(lx_name - 2, ly - f.font), ImVec2(lx_name + tw + 2, ly - 1), palette::kLabelBg);
    f.dl->AddText(ImVec2(lx_name, ly - f.font), mcol[k], marks[k].second);
    lx_name -= 8;
  }
}

// "nr_running = 2 at 11 ms" (and the watermarks, for free pages).
void counter_tip(TimelineFrame& f, const Item& it, const CounterSeries& s) {
  char buf[160];
  const auto tm = static_cast<Nanos>(f.mouse_t);
  std::snprintf(buf, sizeof buf, "%s = %lld at %s", counter_name(it.counter), static_cast<long long>(s.at(tm)),
                fmt_ns(tm).c_str());
  f.tip = buf;
  if (it.counter != CounterId::FreePages) return;
  const Watermarks& wm = f.w.mem.wmark;
  std::snprintf(buf, sizeof buf, "\nwatermarks: min %lld, low %lld, high %lld pages", static_cast<long long>(wm.min),
                static_cast<long long>(wm.low), static_cast<long long>(wm.high));
  f.tip += buf;
}

}  // namespace

void TimelinePanel::draw_counter(TimelineFrame& f, const Item& it, float y0, float y1, bool hovered_row) {
  const CounterSeries& s = counter_series(f, it);
  const Scale sc = counter_scale(f, it, s, y0, y1);
  draw_counter_label(f, it, s, sc, y0, hovered_row);
  f.dl->PushClipRect(ImVec2(f.map.x0, y0), ImVec2(f.right, y1), true);
  f.dl->AddLine(ImVec2(f.map.x0, sc.ty1 + 0.5f), ImVec2(f.right, sc.ty1 + 0.5f), palette::kBaseline);
  draw_step_line(f, s, sc, counter_colour(it.counter));
  if (it.counter == CounterId::FreePages) draw_watermarks(f, sc);
  f.dl->PopClipRect();
  if (hovered_row && f.io.MousePos.x >= f.map.x0) counter_tip(f, it, s);
}

}  // namespace cmwq::web
