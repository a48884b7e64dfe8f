// The Timeline's markers: one glyph per kind of event worth a mark (plus, cross, flag,
// dot, diamond, square, pin), a row of them, and what each says in its tooltip.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/world.h"
#include "imgui.h"
#include "web/model/palette.h"
#include "web/timeline/timeline_frame.h"

namespace cmwq::web {
namespace {

ImU32 marker_colour(MarkerKind k) {
  switch (k) {
    case MarkerKind::WorkerCreated:
      return palette::kWorkerCreated;
    case MarkerKind::WorkerDestroyed:
      return palette::kWorkerDestroyed;
    case MarkerKind::CreateFailed:
    case MarkerKind::AllocFailed:
      return palette::kFailure;
    case MarkerKind::MaydayTimeout:
      return palette::kMayday;
    case MarkerKind::MaydaySent:
      return palette::kMaydaySent;
    case MarkerKind::RescuerWake:
    case MarkerKind::RescuerAssign:
    case MarkerKind::RescuerDone:
      return palette::kRescuerStep;
    case MarkerKind::WatchdogLockup:
      return palette::kLockup;
    case MarkerKind::Warn:
      return palette::kWarn;
    case MarkerKind::CpuHog:
    case MarkerKind::CpuHogReport:
      return palette::kCpuHog;
    case MarkerKind::CpuOnline:
    case MarkerKind::CpuOffline:
      return palette::kHotplug;
    case MarkerKind::Scripted:
      return palette::kScripted;
    case MarkerKind::Count:
      break;
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

// "task for pool 2 (rescuer)", "BUG: workqueue lockup - pool 2 stuck for 30s", ...:
// the second line of a marker's tooltip, from its fields.
std::string marker_detail(const World& w, const Marker& mk) {
  char buf[160];
  switch (mk.kind) {
    case MarkerKind::WorkerCreated:
      std::snprintf(buf, sizeof buf, "\n%s for pool %d%s", task_name(w, mk.task).c_str(), mk.pool,
                    mk.b == 1 ? " (rescuer)" : "");
      return buf;
    case MarkerKind::WorkerDestroyed:
      return "\n" + task_name(w, mk.task) + " (idle culling)";
    case MarkerKind::CreateFailed:
      std::snprintf(buf, sizeof buf, "\n%s: -%lld", task_name(w, mk.task).c_str(), static_cast<long long>(mk.a));
      return buf;
    case MarkerKind::MaydayTimeout:
      return mk.a ? "\npool_mayday_timeout(): need_to_create_worker() is true -> send maydays"
                  : "\npool_mayday_timeout(): the pool no longer needs a worker";
    case MarkerKind::MaydaySent:
      return "\nsend_mayday(): " + (mk.wq >= 0 ? wq_name(w, mk.wq) : std::string("?")) + " asks its rescuer" +
             (mk.work >= 0 ? " for " + work_name(w, mk.work) : std::string());
    case MarkerKind::RescuerWake:
    case MarkerKind::RescuerDone:
      std::snprintf(buf, sizeof buf, "\n%s, pool %d", task_name(w, mk.task).c_str(), mk.pool);
      return buf;
    case MarkerKind::RescuerAssign:
      return "\n" + task_name(w, mk.task) + " takes " + (mk.work >= 0 ? work_name(w, mk.work) : std::string("?"));
    case MarkerKind::WatchdogLockup:
      std::snprintf(buf, sizeof buf, "\nBUG: workqueue lockup - pool %d stuck for %llds", mk.pool,
                    static_cast<long long>(mk.a));
      return buf;
    case MarkerKind::CpuHog:
      return "\n" + task_name(w, mk.task) + " running " + (mk.work >= 0 ? work_name(w, mk.work) : std::string("?"));
    case MarkerKind::Scripted:
      if (mk.a >= 0 && static_cast<size_t>(mk.a) < w.script.size())
        return "\n" + w.script[static_cast<size_t>(mk.a)].text;
      return "";
    case MarkerKind::AllocFailed:
      std::snprintf(buf, sizeof buf, "\n%lld pages", static_cast<long long>(mk.a));
      return buf;
    case MarkerKind::CpuOnline:
    case MarkerKind::CpuOffline:
      std::snprintf(buf, sizeof buf, "\nCPU %d", mk.cpu);
      return buf;
    default:
      return "";
  }
}

}  // namespace

void draw_glyph(ImDrawList* dl, MarkerKind k, ImVec2 c, float r) {
  const ImU32 col = marker_colour(k);
  switch (k) {
    case MarkerKind::WorkerCreated: {  // plus
      const float w = std::max(1.5f, r * 0.45f);
      dl->AddRectFilled(ImVec2(c.x - r, c.y - w), ImVec2(c.x + r, c.y + w), col);
      dl->AddRectFilled(ImVec2(c.x - w, c.y - r), ImVec2(c.x + w, c.y + r), col);
      break;
    }
    case MarkerKind::WorkerDestroyed:
    case MarkerKind::CreateFailed: {  // cross
      const float t = std::max(1.5f, r * 0.4f);
      dl->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), col, t);
      dl->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), col, t);
      break;
    }
    case MarkerKind::MaydayTimeout:
    case MarkerKind::MaydaySent:
    case MarkerKind::Warn:
      draw_flag(dl, c, r, col, k == MarkerKind::Warn);
      break;
    case MarkerKind::RescuerWake:
    case MarkerKind::AllocFailed:
      dl->AddCircleFilled(c, r, col, 10);
      dl->AddCircle(c, r, palette::kGlyphEdge, 10);
      break;
    case MarkerKind::RescuerAssign:
    case MarkerKind::CpuHog:
    case MarkerKind::CpuHogReport:
      draw_diamond(dl, c, r, col);
      break;
    case MarkerKind::RescuerDone:
    case MarkerKind::WatchdogLockup:
    case MarkerKind::CpuOnline:
    case MarkerKind::CpuOffline:
      draw_square(dl, c, r, col);
      break;
    case MarkerKind::Scripted:  // small pin
      dl->AddTriangleFilled(ImVec2(c.x - r * 0.8f, c.y - r), ImVec2(c.x + r * 0.8f, c.y - r), ImVec2(c.x, c.y + r),
                            col);
      break;
    case MarkerKind::Count:
      break;
  }
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
    if (hovered_row) {
      const float d = std::fabs(f.io.MousePos.x - x);
      if (d <= f.glyph_r + 2 && d < best_d) best = &mk[i], best_d = d;
    }
    if (x - last_x < 3) continue;
    last_x = x;
    draw_glyph(f.dl, mk[i].kind, ImVec2(x, cy_mid), f.glyph_r);
  }
  return best;
}

std::string marker_text(const World& w, const Marker& mk) {
  return marker_kind_name(mk.kind) + (" at " + fmt_ns(mk.time)) + marker_detail(w, mk);
}

}  // namespace cmwq::web
