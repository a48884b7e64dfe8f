// The Timeline's markers: the glyph the event schema gives each marked event type (plus,
// cross, flag, dot, diamond, square, pin) in its tone's colour, a row of them, and what
// each says in its tooltip (the schema's description, as in the event log).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/trace/schema.h"
#include "core/world.h"
#include "imgui.h"
#include "web/model/palette.h"
#include "web/timeline/timeline_frame.h"

namespace cmwq::web {
namespace {

ImU32 marker_colour(MarkerTone t) {
  switch (t) {
    case MarkerTone::Action:
      return palette::kScripted;
    case MarkerTone::Created:
      return palette::kWorkerCreated;
    case MarkerTone::Destroyed:
      return palette::kWorkerDestroyed;
    case MarkerTone::Failure:
      return palette::kFailure;
    case MarkerTone::Mayday:
      return palette::kMayday;
    case MarkerTone::MaydaySent:
      return palette::kMaydaySent;
    case MarkerTone::Rescuer:
      return palette::kRescuerStep;
    case MarkerTone::Lockup:
      return palette::kLockup;
    case MarkerTone::Warn:
      return palette::kWarn;
    case MarkerTone::CpuHog:
      return palette::kCpuHog;
    case MarkerTone::Hotplug:
      return palette::kHotplug;
  }
  return IM_COL32_WHITE;
}

// A triangle pointing down (a flag: mayday) or up (a WARN).
void draw_flag(ImDrawList* dl, ImVec2 c, float r, ImU32 col, bool up) {
  const ImVec2 a(c.x - r, up ? c.y + r : c.y - r), b(c.x + r, up ? c.y + r : c.y - r), d(c.x, up ? c.y - r : c.y + r);
  dl->AddTriangleFilled(a, b, d, col);
  dl->AddTriangle(a, b, d, palette::kGlyphEdge);
}

void draw_diamond(ImDrawList* dl, ImVec2 c, float r, ImU32 col) {
  const ImVec2 p[4] = {ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y), ImVec2(c.x, c.y + r), ImVec2(c.x - r, c.y)};
  dl->AddConvexPolyFilled(p, 4, col);
  dl->AddPolyline(p, 4, palette::kGlyphEdge, ImDrawFlags_Closed, 1.0f);
}

void draw_square(ImDrawList* dl, ImVec2 c, float r, ImU32 col) {
  dl->AddRectFilled(ImVec2(c.x - r * 0.8f, c.y - r * 0.8f), ImVec2(c.x + r * 0.8f, c.y + r * 0.8f), col);
  dl->AddRect(ImVec2(c.x - r * 0.8f, c.y - r * 0.8f), ImVec2(c.x + r * 0.8f, c.y + r * 0.8f), palette::kGlyphEdge);
}

}  // namespace

void draw_glyph(ImDrawList* dl, EventType type, ImVec2 c, float r) {
  const EventSchema& sc = event_schema(type);
  const ImU32 col = marker_colour(sc.tone);
  switch (sc.glyph) {
    case MarkerGlyph::Plus: {
      const float w = std::max(1.5f, r * 0.45f);
      dl->AddRectFilled(ImVec2(c.x - r, c.y - w), ImVec2(c.x + r, c.y + w), col);
      dl->AddRectFilled(ImVec2(c.x - w, c.y - r), ImVec2(c.x + w, c.y + r), col);
      break;
    }
    case MarkerGlyph::Cross: {
      const float t = std::max(1.5f, r * 0.4f);
      dl->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), col, t);
      dl->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), col, t);
      break;
    }
    case MarkerGlyph::FlagDown:
    case MarkerGlyph::FlagUp:
      draw_flag(dl, c, r, col, sc.glyph == MarkerGlyph::FlagUp);
      break;
    case MarkerGlyph::Dot:
      dl->AddCircleFilled(c, r, col, 10);
      dl->AddCircle(c, r, palette::kGlyphEdge, 10);
      break;
    case MarkerGlyph::Diamond:
      draw_diamond(dl, c, r, col);
      break;
    case MarkerGlyph::Square:
      draw_square(dl, c, r, col);
      break;
    case MarkerGlyph::Pin:
      dl->AddTriangleFilled(ImVec2(c.x - r * 0.8f, c.y - r), ImVec2(c.x + r * 0.8f, c.y - r), ImVec2(c.x, c.y + r),
                            col);
      break;
  }
}

float marker_radius(const TimelineFrame& f, EventType type) {
  // The mayday timer's firing is the turning point of the starvation story: it reads at a
  // glance, and it is drawn again over the time cursor (draw_timer_marks()).
  if (type == EventType::MaydayTimeout) return std::max(6.5f, f.font * 0.5f);
  return std::max(3.0f, f.font * 0.32f);
}

const Marker* draw_markers(const TimelineFrame& f, const std::vector<Marker>& mk, float cy_mid, bool hovered_row) {
  float last_x = -1e9f;
  size_t i =
      static_cast<size_t>(std::lower_bound(mk.begin(), mk.end(), f.v.t0 - f.tol,
                                           [](const Marker& a, double t) { return static_cast<double>(a.time) < t; }) -
                          mk.begin());
  const Marker* best = nullptr;
  float best_d = 1e9f;
  for (; i < mk.size() && static_cast<double>(mk[i].time) <= f.v.t1 + f.tol; ++i) {
    const float x = f.map.x(static_cast<double>(mk[i].time));
    const float r = marker_radius(f, mk[i].type);
    if (hovered_row) {
      const float d = std::fabs(f.io.MousePos.x - x);
      if (d <= r + 2 && d < best_d) best = &mk[i], best_d = d;
    }
    if (x - last_x < 3) continue;
    last_x = x;
    draw_glyph(f.dl, mk[i].type, ImVec2(x, cy_mid), r);
  }
  return best;
}

const char* marker_legend(EventType type) {
  const EventSchema& sc = event_schema(type);
  return sc.legend ? sc.legend : sc.name;
}

std::string marker_text(const World& w, const std::vector<Marker>& row, const Marker& mk) {
  // Every marker of the row at that instant (a rescuer wakes and attaches at once), in order.
  const Marker* first = &mk;
  while (first > row.data() && (first - 1)->time == mk.time) --first;
  std::string s = "at " + fmt_ns(mk.time);
  for (const Marker* m = first; m < row.data() + row.size() && m->time == mk.time; ++m)
    s += std::string("\n") + marker_legend(m->type) + ": " + describe_event(w, m->as_event());
  return s;
}

}  // namespace cmwq::web
