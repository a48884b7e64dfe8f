// The cause-and-effect arrows of the mayday and memory-reclaim stories (found by
// web/model/cause_flows.h from the event stream): each event is placed on its task's row
// (its group's header when folded), else its pool's header, else the free pages track;
// only arrows with an end in view, at most kMaxCauseArrows.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/simulation.h"
#include "imgui.h"
#include "web/model/palette.h"
#include "web/timeline/timeline_frame.h"
#include "web/timeline/timeline_panel.h"

namespace cmwq::web {
namespace {

// Content y of the memory group's free pages track, or of its header when folded, or -1.
float memory_anchor(const TimelineFrame& f) {
  for (const Item& it : f.v.items) {
    if (it.kind == ItemKind::Counter && it.counter == CounterId::FreePages) return it.y + it.h * 0.5f;
    if (it.kind == ItemKind::Header && it.key == kMemoryKey) return it.y + it.h * 0.5f;
  }
  return -1.0f;
}

// Content y where event @p e is drawn, or -1 if its row is not laid out.
float event_anchor(const TimelineFrame& f, const Event& e) {
  if (e.task >= 0) {
    const int32_t r = f.m.row_of(e.task);
    if (r >= 0) {
      const float y = f.row_y[static_cast<size_t>(r)];
      return y >= 0 ? y : f.group_y[static_cast<size_t>(f.m.rows()[static_cast<size_t>(r)].group)];
    }
  }
  if (e.pool >= 0) return pool_anchor(f, e.pool);
  return memory_anchor(f);
}

// The arrows to draw: an end in view, by effect, at most kMaxCauseArrows.
std::vector<const CauseArrow*> arrows_in_view(const TimelineFrame& f) {
  const std::vector<CauseArrow>& all = f.m.cause_arrows();
  const EventLog& ev = f.sim.events();
  auto time_of = [&](uint32_t i) { return static_cast<double>(ev[i].time); };
  // Arrows are in the order of their later event, which is also the later in time.
  auto it = std::partition_point(all.begin(), all.end(), [&](const CauseArrow& a) {
    const uint32_t later = std::max(a.from, a.to);
    return later < ev.size() && time_of(later) < f.v.t0;
  });
  std::vector<const CauseArrow*> todo;
  size_t past = 0;  // arrows ending after the view looked at: bounded, their causes are rarely in view
  for (; it != all.end() && todo.size() < kMaxCauseArrows && past < kMaxCauseArrows; ++it) {
    if (std::max(it->from, it->to) >= ev.size()) break;
    if (time_of(it->to) > f.v.t1 && ++past && time_of(it->from) > f.v.t1) continue;
    todo.push_back(&*it);
  }
  return todo;
}

}  // namespace

void TimelinePanel::draw_cause_flows(TimelineFrame& f) {
  if (!f.v.causes) return;
  const EventLog& ev = f.sim.events();
  f.dl->PushClipRect(ImVec2(f.map.x0, f.clip_y0), ImVec2(f.right, f.clip_y1), true);
  for (const CauseArrow* a : arrows_in_view(f)) {
    const Event& from = ev[a->from];
    const Event& to = ev[a->to];
    const float ya = event_anchor(f, from), yb = event_anchor(f, to);
    if (ya < 0 || yb < 0) continue;
    const ImU32 col = a->story == CauseStory::Mayday ? palette::kCauseMayday : palette::kCauseReclaim;
    const ImVec2 pa(f.map.x(static_cast<double>(from.time)), f.y(ya));
    const ImVec2 pb(f.map.x(static_cast<double>(to.time)), f.y(yb));
    f.dl->AddCircleFilled(pa, 3.0f, col, 8);
    f.dl->AddCircle(pa, 3.0f, palette::kArrowEdge, 8);
    if (std::fabs(pa.x - pb.x) < 2 && std::fabs(pa.y - pb.y) < 2) continue;
    draw_flow_arrow(f, pa, pb, col);
    // The head names the effect: hovering it replaces the row's tooltip.
    const ImVec2 mouse = ImGui::GetMousePos();
    if (f.show_hover && std::fabs(mouse.x - pb.x) < 6 && std::fabs(mouse.y - pb.y) < 6) {
      f.tip = std::string("cause and effect (") + cause_story_name(a->story) + "): " + a->label;
      f.tip_state = nullptr;
    }
  }
  f.dl->PopClipRect();
}

}  // namespace cmwq::web
