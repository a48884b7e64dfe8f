// Compare mode in the Timeline: the second run's timeline below the first, drawn by a
// second frame of its own model and view over the same window of time, and the runs'
// first difference marked on both with what each run has there.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/trace/divergence.h"
#include "core/trace/schema.h"
#include "imgui.h"
#include "web/model/palette.h"
#include "web/model/text_util.h"
#include "web/platform/widget_rects.h"
#include "web/timeline/timeline_frame.h"
#include "web/timeline/timeline_panel.h"

namespace cmwq::web {
namespace {

// "A" or "B" on its run's colour, then what the run is.
void caption(const char* tag, uint32_t colour, const std::string& text, const char* widget) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 size = ImGui::CalcTextSize(tag);
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y), ImVec2(p.x + size.x + 8, p.y + size.y + 2), colour, 3.0f);
  ImGui::GetWindowDrawList()->AddText(ImVec2(p.x + 4, p.y + 1), palette::kTextOnLight, tag);
  ImGui::Dummy(ImVec2(size.x + 8, size.y + 2));
  track_widget(widget);
  ImGui::SameLine();
  ImGui::TextUnformatted(text.c_str());
}

// The widest group title of both runs: their names columns line up, so do their axes.
float names_width(const TimelineModel& a, const TimelineModel& b) {
  float w = 0;
  for (const TimelineModel* m : {&a, &b})
    for (const RowGroup& g : m->groups()) w = std::max(w, ImGui::CalcTextSize(g.title.c_str()).x);
  return w;
}

// What the run of frame @p f has at the difference, in one line.
std::string difference_label(const TimelineFrame& f) {
  const Divergence& d = *f.difference;
  const std::optional<EventLook>& look = f.second_run ? d.b : d.a;
  std::string s = f.second_run ? "B: " : "A: ";
  s += look ? std::string(event_schema(look->type).name) + ": " + look->text : "nothing more at this time";
  return s;
}

}  // namespace

void TimelinePanel::draw_compare(const TimelineSecondRun& second, TimelineFrame& f) {
  model_b_->update(second.sim, kEventsPerFrame, second.unchanged);
  f.now = second.now;
  f.difference = second.difference;
  f.min_label_w = names_width(*model_, *model_b_) + f.font * 1.6f;
  const float caption_h = ImGui::GetTextLineHeightWithSpacing() + 2;
  const float each = std::floor((ImGui::GetContentRegionAvail().y - 2 * caption_h) * 0.5f);
  const Divergence* d = second.difference;
  const std::string where = d ? "   first difference at " + format_time(d->time) + " (event " +
                                    std::to_string(d->index) + ")"
                              : "   no difference yet";
  caption("A", palette::kRunA, second.first_caption + where, "timeline run a");
  ImGui::PushID("run a");
  draw_run(f, each);
  ImGui::PopID();

  // The second run: its own model, layout, folds and drags; the window of time is the first's.
  TimelineView& vb = *view_b_;
  vb.t0 = view_->t0;
  vb.t1 = view_->t1;
  vb.follow = view_->follow;
  TimelineFrame g(second.sim, *model_b_, vb, f.ui);
  g.now = f.now;
  g.difference = f.difference;
  g.second_run = true;
  g.apply_keys = false;  // the first frame applied W/S/A/D to the shared window already
  g.min_label_w = f.min_label_w;
  caption("B", palette::kRunB, second.second_caption, "timeline run b");
  ImGui::PushID("run b");
  draw_run(g, each);
  ImGui::PopID();
  view_->t0 = vb.t0;  // a zoom or pan over the second run moves both
  view_->t1 = vb.t1;
  view_->follow = vb.follow;
}

// A dashed line at the first difference over the axis and the rows, and a label at the
// top of the rows saying what this run has there; hovering it tells both runs' events.
void TimelinePanel::draw_difference(TimelineFrame& f) {
  if (!f.difference) return;
  const Divergence& d = *f.difference;
  const float x = std::floor(f.map.x(static_cast<double>(d.time))) + 0.5f;
  if (x < f.map.x0 - 1 || x > f.right + 1) return;
  for (float y = f.clip_y0; y < f.clip_y1; y += 9.0f)
    f.dl->AddLine(ImVec2(x, y), ImVec2(x, std::min(y + 5.0f, f.clip_y1)), palette::kDifference, 2.0f);
  f.wdl->AddLine(ImVec2(x, f.ax_y0), ImVec2(x, f.ax_y1), palette::kDifference, 2.0f);

  std::string label = difference_label(f);
  const float max_w = std::max(80.0f, (f.right - f.map.x0) * 0.45f);
  while (label.size() > 4 && ImGui::CalcTextSize(label.c_str()).x > max_w) {
    label.resize(label.size() - 4);
    label += "...";
  }
  const ImVec2 size = ImGui::CalcTextSize(label.c_str());
  float bx = x + 4;
  if (bx + size.x + 8 > f.right) bx = x - size.x - 12;
  const ImVec2 a(bx, f.clip_y0 + 2), b(bx + size.x + 8, f.clip_y0 + 4 + size.y);
  f.dl->AddRectFilled(a, b, palette::kDifference, 3.0f);
  f.dl->AddText(ImVec2(a.x + 4, a.y + 1), palette::kTextOnDark, label.c_str());
  const ImVec2 m = f.io.MousePos;
  const bool over = f.area_hovered && ((m.x >= a.x && m.x <= b.x && m.y >= a.y && m.y <= b.y) || std::fabs(m.x - x) <= 3.0f);
  if (over && f.v.drag == TimelineView::Drag::None) {
    f.tip = "The runs' first difference: event " + std::to_string(d.index) + " at " + fmt_ns(d.time) + " (the " +
            std::to_string(d.index) + " events before it are the same)\nA: " + divergence_line(d.a, d.time) +
            "\nB: " + divergence_line(d.b, d.time);
    f.tip_state = nullptr;
    f.show_hover = true;
  }
}

}  // namespace cmwq::web
