// The followed work's flows: for each of its executions in view, dots where it was
// queued (the queueing task's row, or its pool's header), activated (the pool's header)
// and started (the worker's row), joined by arrows.
#include <algorithm>
#include <cmath>
#include <vector>

#include "imgui.h"
#include "web/model/palette.h"
#include "web/timeline/timeline_frame.h"
#include "web/timeline/timeline_panel.h"

namespace cmwq::web {

float pool_anchor(const TimelineFrame& f, int32_t pool) {
  for (size_t gi = 0; gi < f.m.groups().size(); ++gi)
    if (f.m.groups()[gi].kind == GroupKind::Pool && f.m.groups()[gi].pool == pool) return f.group_y[gi];
  return -1.0f;
}

namespace {

// The followed work's instances to draw: those whose life overlaps the view (they are
// in queueing order); with more than kMaxFlows, only the latest queued by now.
std::vector<int32_t> flows_in_view(const TimelineFrame& f, const std::vector<int32_t>& ins) {
  const auto& all = f.m.instances();
  const auto first = std::partition_point(ins.begin(), ins.end(), [&](int32_t i) {
    const WorkInstance& x = all[static_cast<size_t>(i)];
    const Nanos started = f.m.started(x);
    const Nanos e = started >= 0 ? started : f.now;
    return static_cast<double>(e) < f.v.t0;
  });
  const auto last = std::partition_point(
      first, ins.end(), [&](int32_t i) { return static_cast<double>(all[static_cast<size_t>(i)].queued) <= f.v.t1; });
  std::vector<int32_t> todo(first, last);
  if (todo.size() > kMaxFlows) {
    todo.clear();
    for (auto it = ins.rbegin(); it != ins.rend(); ++it)
      if (all[static_cast<size_t>(*it)].queued <= f.now) {
        todo.push_back(*it);
        break;
      }
  }
  return todo;
}

// The dots of one instance: queued, activated, started (those known and in a shown row);
// returns how many.
int flow_points(const TimelineFrame& f, const WorkInstance& in, ImVec2 (&pts)[3]) {
  const float pool_y = pool_anchor(f, in.pool);
  float qy = pool_y;
  if (in.queued_by >= 0) {
    const int32_t qr = f.m.row_of(in.queued_by);
    if (qr >= 0 && f.row_y[static_cast<size_t>(qr)] >= 0) qy = f.row_y[static_cast<size_t>(qr)];
  }
  float sy = -1.0f;
  if (in.row >= 0) {
    sy = f.row_y[static_cast<size_t>(in.row)];
    if (sy < 0) sy = f.group_y[static_cast<size_t>(f.m.rows()[static_cast<size_t>(in.row)].group)];
  }
  int n = 0;
  if (in.queued >= 0 && qy >= 0) pts[n++] = ImVec2(f.map.x(static_cast<double>(in.queued)), f.y(qy));
  if (in.activated >= 0 && pool_y >= 0) pts[n++] = ImVec2(f.map.x(static_cast<double>(in.activated)), f.y(pool_y));
  const Nanos started = f.m.started(in);
  if (started >= 0 && sy >= 0) pts[n++] = ImVec2(f.map.x(static_cast<double>(started)), f.y(sy));
  return n;
}

}  // namespace

void draw_flow_arrow(const TimelineFrame& f, ImVec2 a, ImVec2 b, ImU32 col) {
  ImVec2 from = a;  // the head points along from -> b
  if (std::fabs(b.x - a.x) < 12.0f) {
    f.dl->AddLine(a, b, col, 1.5f);
  } else {
    const float dx = std::fabs(b.x - a.x) * 0.5f;
    const ImVec2 c1(a.x + (b.x > a.x ? dx : -dx), a.y), c2(b.x - (b.x > a.x ? dx : -dx), b.y);
    f.dl->AddBezierCubic(a, c1, c2, b, col, 1.5f);
    from = c2;
  }
  const float len = std::sqrt((b.x - from.x) * (b.x - from.x) + (b.y - from.y) * (b.y - from.y));
  if (len < 1) return;
  const ImVec2 d((b.x - from.x) / len, (b.y - from.y) / len), n(-d.y, d.x);
  const float hl = f.font * 0.5f, hw = f.font * 0.25f;
  const ImVec2 base(b.x - d.x * hl, b.y - d.y * hl);
  f.dl->AddTriangleFilled(b, ImVec2(base.x + n.x * hw, base.y + n.y * hw), ImVec2(base.x - n.x * hw, base.y - n.y * hw),
                          col);
}

void TimelinePanel::draw_flows(TimelineFrame& f) {
  if (f.ui.followed_work < 0) return;
  const std::vector<int32_t> todo = flows_in_view(f, f.m.instances_of(f.ui.followed_work));
  f.dl->PushClipRect(ImVec2(f.map.x0, f.clip_y0), ImVec2(f.right, f.clip_y1), true);
  for (const int32_t idx : todo) {
    ImVec2 pts[3];
    const int n = flow_points(f, f.m.instances()[static_cast<size_t>(idx)], pts);
    for (int k = 0; k < n; ++k) {
      f.dl->AddCircleFilled(pts[k], 3.5f, palette::kFollow, 8);
      f.dl->AddCircle(pts[k], 3.5f, palette::kArrowEdge, 8);
    }
    for (int k = 0; k + 1 < n; ++k) {
      if (std::fabs(pts[k].x - pts[k + 1].x) < 2 && std::fabs(pts[k].y - pts[k + 1].y) < 2) continue;
      draw_flow_arrow(f, pts[k], pts[k + 1], palette::kFollow);
    }
  }
  f.dl->PopClipRect();
}

}  // namespace cmwq::web
