// What the Timeline says in words: times, a slice's life, and the tooltip of whatever
// the mouse is over (a row's text with the state under the mouse, an axis marker, the axis).
#include <cstdio>
#include <string>

#include "core/world.h"
#include "imgui.h"
#include "web/model/text_util.h"
#include "web/model/worker_view.h"
#include "web/timeline/timeline_frame.h"
#include "web/timeline/timeline_panel.h"

namespace cmwq::web {
namespace {

// The operation a work blocks in, as the kernel function it calls.
const char* op_label(OpCode op, bool memory) {
  if (memory) return "alloc: direct reclaim";
  switch (op) {
    case OpCode::Sleep:
      return "sleep";
    case OpCode::Alloc:
      return "alloc";
    case OpCode::FlushWork:
      return "flush_work";
    case OpCode::FlushWorkqueue:
      return "flush_workqueue";
    case OpCode::CancelWorkSync:
      return "cancel_work_sync";
    case OpCode::Wait:
      return "wait_for_completion";
    case OpCode::Lock:
      return "mutex_lock";
    case OpCode::SynchronizeRcu:
      return "synchronize_rcu";
    default:
      return op_name(op);
  }
}

// "w1   w1_fn()\nworkqueue q0, pool 2, on kworker/0:1\nqueued 1 ms, activated 1 ms".
std::string work_slice_text(const TimelineFrame& f, const WorkSlice& s, const std::string& name) {
  const World& w = f.w;
  const int32_t prog = s.work >= 0 && static_cast<size_t>(s.work) < w.wq.works.size()
                           ? w.wq.works[static_cast<size_t>(s.work)].program
                           : -1;
  std::string tip = work_name(w, s.work);
  if (prog >= 0) tip += "   " + func_name(w, prog) + "()";
  const int32_t wq = f.m.wq_of(s);
  tip += "\nworkqueue " + (wq >= 0 ? wq_name(w, wq) : std::string("?"));
  char buf[48];
  std::snprintf(buf, sizeof buf, ", pool %d", s.pool);
  tip += buf;
  tip += ", on " + name;
  if (s.instance >= 0) {
    const WorkInstance& in = f.m.instances()[static_cast<size_t>(s.instance)];
    if (in.queued >= 0) tip += "\nqueued " + fmt_ns(in.queued);
    if (in.activated >= 0) tip += ", activated " + fmt_ns(in.activated);
    if (in.rescued) tip += "\nrun by the rescuer";
  }
  return tip;
}

// The state under the mouse: "sleeping: wait_for_completion()  (CPU 0)\n1 ms - 3 ms  (2 ms)".
std::string state_text(const TimelineFrame& f, const StateInterval& st) {
  std::string s = worker_show_name(st.state);
  if (st.why != WaitWhy::None) s += std::string(": ") + wait_why_name(st.why);
  if (st.cpu >= 0) s += "  (CPU " + std::to_string(st.cpu) + ")";
  s += "\n" + fmt_ns(st.start) + " - " + (st.end < 0 ? std::string("now") : fmt_ns(st.end)) + "  (" +
       fmt_ns(f.end_of_open(st.end) - st.start) + ")";
  return s;
}

// A row's tooltip: its text, then the state under the mouse with a swatch of its colour.
void row_tooltip(const TimelineFrame& f) {
  ImGui::BeginTooltip();
  if (!f.tip.empty()) ImGui::TextUnformatted(f.tip.c_str());
  if (f.tip_state) {
    if (!f.tip.empty()) ImGui::Separator();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float sz = f.font * 0.75f;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + sz, p.y + 2 + sz),
                                              worker_show_color(f.tip_state->state), 2.0f);
    ImGui::Dummy(ImVec2(sz, sz));
    ImGui::SameLine();
    ImGui::TextUnformatted(state_text(f, *f.tip_state).c_str());
  }
  ImGui::EndTooltip();
}

}  // namespace

std::string fmt_ns(Nanos t) { return t == 0 ? "0" : format_time(t); }

std::string slice_tip(const TimelineFrame& f, const WorkSlice& s, const SubSlice* sub, const std::string& name) {
  std::string tip = s.kind == SliceKind::Manager
                        ? "manage_workers() on " + name + "\nmaybe_create_worker(): make sure an idle worker is ready"
                        : work_slice_text(f, s, name);
  tip += "\nstart " + fmt_ns(s.start) + ", end " + (s.end < 0 ? std::string("(running)") : fmt_ns(s.end)) + "  (" +
         fmt_ns(f.end_of_open(s.end) - s.start) + ")";
  if (sub) {
    tip += std::string("\nin ") + op_label(sub->op, sub->memory) + " " + fmt_ns(sub->start) + " - " +
           (sub->end < 0 ? std::string("now") : fmt_ns(sub->end));
  }
  if (s.kind == SliceKind::Work) tip += "\n(click to follow its life)";
  return tip;
}

// The row's tooltip when hovering a row; else an axis marker's (a click selects its
// event); else what a click on the axis does.
void TimelinePanel::show_tooltip(TimelineFrame& f) {
  const bool idle = f.v.drag == TimelineView::Drag::None;
  if (f.show_hover && (!f.tip.empty() || f.tip_state)) {
    row_tooltip(f);
  } else if (f.hovered_global_marker && idle) {
    ImGui::SetTooltip("%s", marker_text(f.w, f.m.global_markers(), *f.hovered_global_marker).c_str());
    if (ImGui::IsMouseReleased(ImGuiMouseButton_Left) && !f.second_run)
      f.ui.selected_event = f.hovered_global_marker->event;
  } else if (f.axis_hovered && idle) {
    ImGui::SetTooltip("%s: click or drag to move the simulation here", fmt_ns(static_cast<Nanos>(f.mouse_t)).c_str());
  }
}

}  // namespace cmwq::web
