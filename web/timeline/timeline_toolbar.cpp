// The Timeline's toolbar (Fit, Follow now, Causes, the legend of colours, the mayday timer's bar
// and this run's markers, the help tooltip), the lockup and budget-stop banners above it
// and the line about the followed work's life under it.
#include <algorithm>
#include <cstdio>
#include <string>

#include "core/simulation.h"
#include "core/trace/schema.h"
#include "core/world.h"
#include "imgui.h"
#include "web/model/lockup_report.h"
#include "web/model/palette.h"
#include "web/model/worker_view.h"
#include "web/platform/widget_rects.h"
#include "web/timeline/timeline_frame.h"
#include "web/timeline/timeline_panel.h"

namespace cmwq::web {
namespace {

// The states a task row's strip shows, in the legend's order.
constexpr WorkerShow kStripStates[] = {WorkerShow::Running,  WorkerShow::CpuIntensive,  WorkerShow::Runnable,
                                       WorkerShow::Sleeping, WorkerShow::BlockedMemory, WorkerShow::Idle};

// Starts a legend entry @p width wide on this line, or on the next if it does not fit.
void legend_place(const TimelineFrame& f, float width) {
  ImGui::SameLine(0, f.style.ItemSpacing.x * 2);
  if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

// A colour swatch and its label.
void legend(const TimelineFrame& f, ImU32 col, const char* label) {
  legend_place(f, f.font * 0.9f + f.style.ItemInnerSpacing.x + ImGui::CalcTextSize(label).x);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float sz = f.font * 0.75f;
  const float dy = (ImGui::GetTextLineHeight() - sz) * 0.5f;
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + dy), ImVec2(p.x + sz, p.y + dy + sz), col, 2.0f);
  ImGui::Dummy(ImVec2(sz, ImGui::GetTextLineHeight()));
  ImGui::SameLine(0, f.style.ItemInnerSpacing.x);
  ImGui::TextUnformatted(label);
}

// Three overlapping swatches of the workqueue colours: slices are coloured by workqueue.
void legend_workqueues(const TimelineFrame& f) {
  const char* label = "work, by workqueue";
  legend_place(f, f.font * 2.1f + ImGui::CalcTextSize(label).x);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float sz = f.font * 0.75f, dy = (ImGui::GetTextLineHeight() - sz) * 0.5f;
  for (int k = 0; k < 3; ++k)
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x + k * sz * 0.6f, p.y + dy),
                                              ImVec2(p.x + k * sz * 0.6f + sz * 0.6f, p.y + dy + sz),
                                              palette::kWorkqueues[k], 0.0f);
  ImGui::Dummy(ImVec2(sz * 1.8f, ImGui::GetTextLineHeight()));
  ImGui::SameLine(0, f.style.ItemInnerSpacing.x);
  ImGui::TextUnformatted(label);
}

// A marker's glyph as the tracks draw it, in a box one line high at the cursor.
void glyph_swatch(const TimelineFrame& f, EventType type) {
  const float r = marker_radius(f, type), line = ImGui::GetTextLineHeight();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  draw_glyph(ImGui::GetWindowDrawList(), type, ImVec2(p.x + r + 1, p.y + line * 0.5f), r);
  ImGui::Dummy(ImVec2(2 * r + 2, line));
}

// A marker's glyph and its name, as a legend entry.
void legend_marker(const TimelineFrame& f, EventType type) {
  const char* label = marker_legend(type);
  legend_place(f, 2 * marker_radius(f, type) + 2 + f.style.ItemInnerSpacing.x + ImGui::CalcTextSize(label).x);
  glyph_swatch(f, type);
  ImGui::SameLine(0, f.style.ItemInnerSpacing.x);
  ImGui::TextUnformatted(label);
}

// The mayday timer's bar as a pool's header shows it: armed, then what is left after now,
// with the thin expiry tick and the thick tick where the timer wheel runs it.
void legend_timer_bar(const TimelineFrame& f) {
  const char* label = "mayday timer armed";
  const float w = f.font * 2.4f, line = ImGui::GetTextLineHeight();
  legend_place(f, w + f.style.ItemInnerSpacing.x + ImGui::CalcTextSize(label).x);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float y0 = p.y + line * 0.25f, y1 = p.y + line * 0.75f, xn = p.x + w * 0.45f;
  const float xe = std::floor(p.x + w * 0.75f) + 0.5f, xf = std::floor(p.x + w) - 1.0f;
  dl->AddRectFilled(ImVec2(p.x, y0), ImVec2(xn, y1), palette::kMaydayTimer);
  dl->AddRectFilled(ImVec2(xn, y0), ImVec2(xf, y1), palette::kMaydayAhead);
  dl->AddRect(ImVec2(p.x, y0), ImVec2(xf, y1), palette::kMayday);
  dl->AddLine(ImVec2(xe, p.y + 1), ImVec2(xe, p.y + line - 1), palette::kMayday, 1.0f);
  dl->AddLine(ImVec2(xf, p.y), ImVec2(xf, p.y + line), palette::kMayday, 2.0f);
  ImGui::Dummy(ImVec2(w, line));
  ImGui::SameLine(0, f.style.ItemInnerSpacing.x);
  ImGui::TextUnformatted(label);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "A pool's mayday timer, on the pool's header: from mod_timer() until it fired (the large flag),\n"
        "the manager stopped it (timer_delete_sync()) or it was armed again. Thin tick: the jiffy it\n"
        "expires; thick tick: the jiffy the timer wheel runs it (rounded up); lighter: the time left.");
}

// A story's arrow (a short curve with its head) and its name, with a tooltip of its chain.
void legend_cause(const TimelineFrame& f, CauseStory story) {
  const char* label = story == CauseStory::Mayday ? "cause: mayday -> rescuer" : "cause: memory reclaim";
  const ImU32 col = story == CauseStory::Mayday ? palette::kCauseMayday : palette::kCauseReclaim;
  const float w = f.font * 1.8f, line = ImGui::GetTextLineHeight();
  legend_place(f, w + f.style.ItemInnerSpacing.x + ImGui::CalcTextSize(label).x);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 a(p.x + 1, p.y + line * 0.3f), b(p.x + w - 1, p.y + line * 0.7f), head(f.font * 0.4f, f.font * 0.2f);
  dl->AddBezierCubic(a, ImVec2(p.x + w * 0.5f, a.y), ImVec2(p.x + w * 0.5f, b.y), b, col, 1.5f);
  dl->AddTriangleFilled(b, ImVec2(b.x - head.x, b.y - head.y), ImVec2(b.x - head.x, b.y + head.y), col);
  ImGui::Dummy(ImVec2(w, line));
  ImGui::SameLine(0, f.style.ItemInnerSpacing.x);
  ImGui::TextUnformatted(label);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", story == CauseStory::Mayday
                                ? "The mayday timer fired -> send_mayday() -> the rescuer woken for that pwq ->\n"
                                  "the rescuer takes a work -> the rescuer runs it."
                                : "An allocation blocks in direct reclaim -> the writeback work it queued ->\n"
                                  "the pages writeback freed -> the blocked allocation returns -> the worker\n"
                                  "create_worker() was allocating is created.");
}

// True if the run so far has an arrow of @p story.
bool has_cause(const TimelineModel& m, CauseStory story) {
  return std::any_of(m.cause_arrows().begin(), m.cause_arrows().end(),
                     [&](const CauseArrow& a) { return a.story == story; });
}

// True if a pool's mayday timer was armed in this run.
bool any_timer_bar(const TimelineModel& m) {
  return std::any_of(m.groups().begin(), m.groups().end(),
                     [](const RowGroup& g) { return !g.mayday_timer.bars.empty(); });
}

// The legend: the colours of state strips and slices, the mayday timer's bar and the
// marker of every kind this run has shown so far ("(?)" lists them all), wrapping.
void draw_legend(const TimelineFrame& f) {
  for (const WorkerShow s : kStripStates)
    legend(f, worker_show_color(s), s == WorkerShow::BlockedMemory ? "blocked (memory)" : worker_show_name(s));
  legend(f, palette::kManager, "manager");
  legend_workqueues(f);
  if (any_timer_bar(f.m)) legend_timer_bar(f);
  for (const CauseStory story : {CauseStory::Mayday, CauseStory::Reclaim})
    if (f.v.causes && has_cause(f.m, story)) legend_cause(f, story);
  for (int k = 0; k <= static_cast<int>(kLastEventType); ++k) {
    const auto type = static_cast<EventType>(k);
    if (event_schema(type).mark != TimelineMark::None && f.m.marked(type)) legend_marker(f, type);
  }
}

// The "(?)" tooltip: mouse and keys, every marker glyph, the panel's own cost.
void help_tooltip(const TimelineFrame& f) {
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(
      "Wheel: zoom around the mouse      Drag: pan      W/S: zoom, A/D: pan (keys by position)\n"
      "Shift+wheel or wheel over the names: scroll the rows\n"
      "Click a work slice: follow its life (queued -> activated -> started)\n"
      "Pink and cyan arrows (Causes): cause and effect in the mayday and memory-reclaim stories\n"
      "Click or drag on the time axis, or drag the red cursor: move the simulation in time\n"
      "Click a group header to fold it. Top strip of a row: task state; below: work slices.\n"
      "Orange band on a pool's header: its mayday timer while armed. Every marker:");
  ImGui::Separator();
  int shown = 0;
  for (int k = 0; k <= static_cast<int>(kLastEventType); ++k) {
    const auto type = static_cast<EventType>(k);
    if (event_schema(type).mark == TimelineMark::None) continue;
    if (shown++ % 4 != 0) ImGui::SameLine(0, f.font * 1.5f);
    glyph_swatch(f, type);
    ImGui::SameLine();
    ImGui::TextUnformatted(marker_legend(type));
  }
  ImGui::Separator();
  ImGui::TextDisabled("This panel took %.2f ms of CPU per frame (smoothed); %zu slices, %zu events.", f.v.frame_ms,
                      f.m.slice_count(), f.m.events_read());
  ImGui::EndTooltip();
}

// The latest queueing of work @p wk at or before now, or nullptr.
const WorkInstance* latest_queueing(const TimelineFrame& f, int32_t wk) {
  const auto& ins = f.m.instances_of(wk);
  for (auto it = ins.rbegin(); it != ins.rend(); ++it) {
    const WorkInstance& x = f.m.instances()[static_cast<size_t>(*it)];
    if (x.queued <= f.now) return &x;
  }
  return nullptr;
}

// "3. queueing of 7; queued by kworker/0:1" for instance @p in of work @p wk.
std::string queueing_text(const TimelineFrame& f, int32_t wk, const WorkInstance* in) {
  const auto& ins = f.m.instances_of(wk);
  const auto nth =
      std::find_if(ins.begin(), ins.end(), [&](int32_t i) { return &f.m.instances()[static_cast<size_t>(i)] == in; });
  char buf[96];
  std::snprintf(buf, sizeof buf, "%d. queueing of %zu; queued by %s", static_cast<int>(&*nth - &ins[0]) + 1, ins.size(),
                in->queued_by >= 0 ? task_name(f.w, in->queued_by).c_str() : "a scenario action or timer");
  return buf;
}

// "queued 1 ms -> activated 1 ms -> started 2 ms on kworker/0:1 -> ended 3 ms".
std::string life_text(const TimelineFrame& f, const WorkInstance* in) {
  if (!in) return "not queued yet";
  std::string life = "queued " + (in->queued >= 0 ? fmt_ns(in->queued) : std::string("?"));
  life += " -> " + (in->activated >= 0 ? "activated " + fmt_ns(in->activated) : std::string("inactive (max_active)"));
  if (const Nanos started = f.m.started(*in); started >= 0) {
    life += " -> started " + fmt_ns(started);
    if (in->row >= 0) life += " on " + task_name(f.w, f.m.rows()[static_cast<size_t>(in->row)].task);
    const Nanos ended = f.m.ended(*in);
    life += ended >= 0 ? " -> ended " + fmt_ns(ended) : std::string(" (running)");
  }
  return life;
}

// True if more executions of work @p wk start in view than get flow arrows.
bool too_many_flows(const TimelineFrame& f, int32_t wk) {
  size_t in_view = 0;
  for (const int32_t i : f.m.instances_of(wk)) {
    const WorkInstance& x = f.m.instances()[static_cast<size_t>(i)];
    const Nanos started = f.m.started(x);
    if (started >= 0 && static_cast<double>(started) >= f.v.t0 && static_cast<double>(started) <= f.v.t1)
      ++in_view;
    if (in_view > kMaxFlows) break;
  }
  return in_view > kMaxFlows;
}

}  // namespace

void TimelinePanel::draw_toolbar(TimelineFrame& f) {
  TimelineView& v = f.v;
  if (ImGui::SmallButton("Fit")) {
    const auto span = static_cast<double>(std::max<Nanos>({f.now, f.m.last_time(), NSEC_PER_USEC}));
    v.t0 = -span * 0.01;
    v.t1 = span * 1.03;
    v.follow = true;
  }
  track_widget("timeline fit");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show the whole run so far");
  ImGui::SameLine();
  ImGui::Checkbox("Follow now", &v.follow);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Keep the time cursor in view while the simulation runs");
  ImGui::SameLine();
  ImGui::Checkbox("Causes", &v.causes);
  track_widget("timeline causes");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Arrows from cause to effect: mayday timer -> send_mayday() -> rescuer -> the work it runs;\n"
                      "direct reclaim -> writeback queued -> pages freed -> the allocation returns -> worker created");
  ImGui::SameLine();
  ImGui::Checkbox("Legend", &v.legend);
  track_widget("timeline legend");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("What the colours and the markers of this run mean");
  if (v.legend) draw_legend(f);
  legend_place(f, f.font * 3);
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) help_tooltip(f);
}

// Why the run stands where it stands, in red above the toolbar, in plain sight: the
// watchdog's lockup report it stopped at (run to next lockup), in the kernel's words, or
// the run budget's stop (the Controls panel's status line may be scrolled away). Above
// them, in yellow, the app's notice (a link that could not be restored in full).
void TimelinePanel::draw_run_reports(TimelineFrame& f) {
  if (!notice_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette::kCautionText);
    ImGui::TextWrapped("%s", notice_.c_str());
    ImGui::PopStyleColor();
    track_widget("notice");
    track_notice(notice_);
  }
  if (const size_t behind = f.m.behind(); behind > 0) {
    const double total = static_cast<double>(f.sim.events().size());
    ImGui::Text("Reading the run into the Timeline: %.1f M of %.1f M events", (total - static_cast<double>(behind)) / 1e6,
                total / 1e6);
    track_widget("timeline reading");
  }
  ImGui::PushStyleColor(ImGuiCol_Text, palette::kLockup);
  for (const LockupReport& r : latest_lockups(f.w, f.sim.events())) {
    ImGui::TextUnformatted(r.text.c_str());
    track_widget("lockup banner");
    track_notice(r.text);
  }
  if (const std::optional<BudgetStop>& stop = f.sim.budget_stop()) {
    const std::string text = stop->message();
    ImGui::TextWrapped("%s", text.c_str());
    track_widget("budget stop");
    track_notice(text);
  }
  ImGui::PopStyleColor();
}

void TimelinePanel::draw_followed_work(TimelineFrame& f) {
  const int32_t wk = f.ui.followed_work;
  if (wk < 0 || static_cast<size_t>(wk) >= f.w.wq.works.size()) return;
  const int32_t prog = f.w.wq.works[static_cast<size_t>(wk)].program;
  const WorkInstance* in = latest_queueing(f, wk);
  if (ImGui::SmallButton("x##unfollow")) f.ui.followed_work = -1;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Stop following");
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Text, palette::kFollow);
  ImGui::TextUnformatted(work_name(f.w, wk).c_str());
  ImGui::PopStyleColor();
  ImGui::SameLine();
  std::string detail = prog >= 0 ? func_name(f.w, prog) + "()" : std::string();
  if (in) {
    if (in->wq >= 0) detail += " on workqueue " + wq_name(f.w, in->wq);
    detail += "\n" + queueing_text(f, wk, in);
  }
  std::string life = life_text(f, in);
  if (too_many_flows(f, wk)) life += "   (arrows for this one only: zoom in for the others)";
  ImGui::TextUnformatted(life.c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", detail.c_str());
}

}  // namespace cmwq::web
