// The Timeline's rows, one kind each: group headers (fold arrow, title, pool markers),
// task rows (state strip, work slices with their names, blocking operations, the
// followed work outlined, markers) and CPU rows (which task ran when). Counter tracks
// are in timeline_counters.cpp. Each row also finds what the mouse is over in it.
#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "core/world.h"
#include "imgui.h"
#include "web/model/palette.h"
#include "web/model/worker_view.h"
#include "web/timeline/timeline_frame.h"
#include "web/timeline/timeline_panel.h"

namespace cmwq::web {
namespace {

ImU32 wq_colour(int32_t wq) {
  if (wq < 0) return palette::kNoWorkqueue;
  return palette::kWorkqueues[static_cast<size_t>(wq) % palette::kWorkqueueCount];
}

ImU32 slice_colour(const TimelineModel& m, const WorkSlice& s) {
  return s.kind == SliceKind::Manager ? palette::kManager : wq_colour(m.wq_of(s));
}

// A CPU row colours a task by its id, and rescuers as rescuers.
ImU32 cpu_slice_colour(const TimelineModel& m, const CpuSlice& s) {
  const int32_t row = m.row_of(s.task);
  const bool resc = row >= 0 && m.rows()[static_cast<size_t>(row)].rescuer;
  return resc ? palette::kRescuer : palette::kWorkqueues[static_cast<size_t>(s.task) % palette::kWorkqueueCount];
}

// The title of a header, whether its group is open, and the pool group it heads (or nullptr).
struct HeaderInfo {
  std::string title;
  bool open = true;
  const RowGroup* g = nullptr;
};

HeaderInfo header_info(const TimelineFrame& f, const Item& it) {
  HeaderInfo h;
  if (it.key == kMemoryKey) {
    h.title = "memory";
    h.open = f.v.is_open(kMemoryKey, f.v.memory_open_default);
  } else if (it.key == kCpusKey) {
    h.title = "CPUs";
    h.open = f.v.is_open(kCpusKey, false);
  } else if (it.key == kQuietKey) {
    h.title = f.v.quiet_title;
    h.open = f.v.is_open(kQuietKey, false);
  } else {
    h.g = &f.m.groups()[static_cast<size_t>(it.index)];
    h.title = h.g->title;
    h.open = f.v.is_open(it.key, group_open_default(*h.g));
  }
  return h;
}

// The fold arrow (down when open, right when folded); returns the x where the title goes.
float draw_fold_arrow(const TimelineFrame& f, float y0, float y1, bool open) {
  const float ay = (y0 + y1) * 0.5f, ar = f.font * 0.28f, ax = f.origin.x + 4 + ar;
  if (open) {
    f.dl->AddTriangleFilled(ImVec2(ax - ar, ay - ar * 0.6f), ImVec2(ax + ar, ay - ar * 0.6f),
                            ImVec2(ax, ay + ar * 0.8f), palette::kFoldArrow);
  } else {
    f.dl->AddTriangleFilled(ImVec2(ax - ar * 0.6f, ay - ar), ImVec2(ax - ar * 0.6f, ay + ar),
                            ImVec2(ax + ar * 0.8f, ay), palette::kFoldArrow);
  }
  return ax + ar + 6;
}

// A pool group's header in the time area: its mayday timer's bars, "folded: 3 tasks" and
// the pool's markers. A click on a marker or a bar selects its event.
void draw_pool_header_markers(TimelineFrame& f, const RowGroup& g, bool open, float y0, float y1, float h,
                              bool hovered_row) {
  f.dl->PushClipRect(ImVec2(f.map.x0, y0), ImVec2(f.right, y1), true);
  const TimerBar* bar = draw_timer_bars(f, g.mayday_timer, y0, y1, hovered_row);
  if (!open) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "folded: %zu task%s", g.rows.size(), g.rows.size() == 1 ? "" : "s");
    f.dl->AddText(ImVec2(f.map.x0 + 6, y0 + (h - f.font) * 0.5f), palette::kTextDim, buf);
  }
  const Marker* mk = draw_markers(f, g.markers, (y0 + y1) * 0.5f, hovered_row);
  f.dl->PopClipRect();
  if (!hovered_row || f.io.MousePos.x < f.map.x0) return;
  if (mk) {
    f.tip = marker_text(f.w, g.markers, *mk);
    if (f.clicked) f.click_event = mk->event;
  } else if (bar) {
    f.tip = timer_bar_text("mayday timer", *bar, f.now);
    if (f.clicked) f.click_event = bar->event;
  }
}

// Where a task row's parts go: the state strip on top, then the slice lane, then a gap.
struct Lane {
  float sy0, sy1;  // state strip
  float ly0, ly1;  // slice lane
};

// The task's name in the names column (dim once it exited), and its tooltip there.
void draw_task_name(TimelineFrame& f, const TaskRow& r, const std::string& name, float y0, float y1, const Lane& ln,
                    bool hovered_row) {
  const ImVec4 clip(f.origin.x, y0, f.map.x0 - 4, y1);
  f.dl->AddText(nullptr, 0.0f, ImVec2(f.origin.x + f.indent + 4, (ln.sy0 + ln.ly1 - f.font) * 0.5f),
                r.died >= 0 && r.died <= f.now ? palette::kTextDim : palette::kText, name.c_str(), nullptr, 0.0f,
                &clip);
  if (hovered_row && f.io.MousePos.x < f.map.x0) {
    f.tip = name;
    if (r.rescuer) f.tip += "\nrescuer (WQ_MEM_RECLAIM): visits starving pools";
    f.tip += "\nborn " + fmt_ns(r.born) + (r.died >= 0 ? ", exited " + fmt_ns(r.died) : std::string());
  }
}

void draw_state_strip(const TimelineFrame& f, const TaskRow& r, const Lane& ln) {
  RectBatch batch(f.dl, ln.sy0, ln.sy1);
  for_visible(
      r.states, f.map, [&](const StateInterval& s) { return f.end_of_open(s.end); },
      [&](const StateInterval& s, size_t, float xa, float xb) { batch.add(xa, xb, worker_show_color(s.state)); });
}

// Slices coloured by workqueue; names on the wide ones, drawn after the rectangles.
void draw_slices(const TimelineFrame& f, const TaskRow& r, const Lane& ln) {
  auto slice_end = [&](const WorkSlice& s) { return f.end_of_open(s.end); };
  RectBatch batch(f.dl, ln.ly0, ln.ly1);
  std::vector<std::pair<float, const WorkSlice*>>& labels = f.v.labels;
  labels.clear();
  for_visible(r.slices, f.map, slice_end, [&](const WorkSlice& s, size_t, float xa, float xb) {
    batch.add(xa, xb, slice_colour(f.m, s));
    if (std::min(xb, f.right) - std::max(xa, f.map.x0) > 24) labels.emplace_back(xa, &s);
  });
  batch.flush();
  for (const auto& [xa, s] : labels) {
    const float txa = std::max(xa, f.map.x0);  // the name stays in view while the slice starts off-screen
    const float txb = std::min(f.map.x(static_cast<double>(slice_end(*s))), f.right);
    const ImVec4 clip(txa + 2, ln.ly0, txb - 2, ln.ly1);
    const char* label = s->kind == SliceKind::Manager ? "manage_workers" : work_name(f.w, s->work).c_str();
    f.dl->AddText(nullptr, 0.0f, ImVec2(txa + 3, ln.ly0 + (ln.ly1 - ln.ly0 - f.font) * 0.5f), text_on(slice_colour(f.m, *s)),
                  label, nullptr, 0.0f, &clip);
  }
}

// Blocking operations inside slices: a band at the bottom of the lane, red in direct
// reclaim, else the sleeping colour.
void draw_blocking_ops(const TimelineFrame& f, const TaskRow& r, const Lane& ln) {
  const float by0 = ln.ly1 - std::max(3.0f, (ln.ly1 - ln.ly0) * 0.35f);
  RectBatch batch(f.dl, by0, ln.ly1);
  for_visible(
      r.subs, f.map, [&](const SubSlice& s) { return f.end_of_open(s.end); },
      [&](const SubSlice& s, size_t, float xa, float xb) {
        batch.add(xa, xb, worker_show_color(s.memory ? WorkerShow::BlockedMemory : WorkerShow::Sleeping));
      });
}

// The followed work's executions: outlined (a yellow bar above and below where dense).
void outline_followed(const TimelineFrame& f, const TaskRow& r, const Lane& ln) {
  if (f.ui.followed_work < 0) return;
  RectBatch top(f.dl, ln.ly0 - 2, ln.ly0), bottom(f.dl, ln.ly1, ln.ly1 + 2);
  for_visible(
      r.slices, f.map, [&](const WorkSlice& s) { return f.end_of_open(s.end); },
      [&](const WorkSlice& s, size_t, float xa, float xb) {
        if (s.kind != SliceKind::Work || s.work != f.ui.followed_work) return;
        top.add(xa - 1, xb + 1, palette::kFollow);
        bottom.add(xa - 1, xb + 1, palette::kFollow);
        if (xb - xa >= 3) {
          f.dl->AddRectFilled(ImVec2(xa - 1, ln.ly0 - 2), ImVec2(xa + 1, ln.ly1 + 2), palette::kFollow);
          f.dl->AddRectFilled(ImVec2(xb - 1, ln.ly0 - 2), ImVec2(xb + 1, ln.ly1 + 2), palette::kFollow);
        }
      });
}

// What the mouse is over in a task row's lane (searched, not taken from drawing: dense
// slices are skipped there): the slice under it, else the nearest within the tolerance,
// and the blocking operation under it.
struct SliceHit {
  const WorkSlice* slice = nullptr;
  const SubSlice* sub = nullptr;
};

SliceHit slice_at(const TimelineFrame& f, const TaskRow& r) {
  SliceHit hit;
  auto slice_end = [&](const WorkSlice& s) { return f.end_of_open(s.end); };
  size_t k = first_ending_at_or_after(r.slices, 0, f.mouse_t, slice_end);
  if (k < r.slices.size() && static_cast<double>(r.slices[k].start) <= f.mouse_t) {
    hit.slice = &r.slices[k];
  } else {
    k = first_ending_at_or_after(r.slices, 0, f.mouse_t - f.tol, slice_end);
    if (k < r.slices.size() && static_cast<double>(r.slices[k].start) <= f.mouse_t + f.tol) hit.slice = &r.slices[k];
  }
  k = first_ending_at_or_after(r.subs, 0, f.mouse_t, [&](const SubSlice& s) { return f.end_of_open(s.end); });
  if (k < r.subs.size() && static_cast<double>(r.subs[k].start) <= f.mouse_t) hit.sub = &r.subs[k];
  return hit;
}

// The hovered task row's tooltip in the time area: the state under the mouse, and the
// marker or else the slice there; a click follows the slice's work or selects the task.
void task_row_tip(TimelineFrame& f, const TaskRow& r, const std::string& name, const SliceHit& hit, const Marker* mk) {
  const size_t si =
      first_ending_at_or_after(r.states, 0, f.mouse_t, [&](const StateInterval& s) { return f.end_of_open(s.end); });
  if (si < r.states.size() && static_cast<double>(r.states[si].start) <= f.mouse_t) f.tip_state = &r.states[si];
  if (mk) {
    f.tip = marker_text(f.w, r.markers, *mk);
    if (f.clicked) f.click_event = mk->event;
  } else if (hit.slice) {
    f.tip = slice_tip(f, *hit.slice, hit.sub, name);
    if (f.clicked) {
      f.click_work = hit.slice->kind == SliceKind::Work ? hit.slice->work : -1;
      f.click_task = r.task;
    }
  } else if (f.clicked) {
    f.click_task = r.task;
  }
}

// A CPU row's slices, coloured per task, with the task's name on the wide ones.
void draw_cpu_slices(const TimelineFrame& f, const std::deque<CpuSlice>& cs, float ly0, float ly1) {
  RectBatch batch(f.dl, ly0, ly1);
  std::vector<std::pair<float, const CpuSlice*>>& labels = f.v.labels_cpu;
  labels.clear();
  for_visible(
      cs, f.map, [&](const CpuSlice& s) { return f.end_of_open(s.end); },
      [&](const CpuSlice& s, size_t, float xa, float xb) {
        batch.add(xa, xb, cpu_slice_colour(f.m, s));
        if (std::min(xb, f.right) - std::max(xa, f.map.x0) > 30) labels.emplace_back(xa, &s);
      });
  batch.flush();
  for (const auto& [xa, s] : labels) {
    const float txa = std::max(xa, f.map.x0),
                txb = std::min(f.map.x(static_cast<double>(f.end_of_open(s->end))), f.right);
    const ImVec4 clip(txa + 2, ly0, txb - 2, ly1);
    f.dl->AddText(nullptr, 0.0f, ImVec2(txa + 3, ly0 + (ly1 - ly0 - f.font) * 0.5f), text_on(cpu_slice_colour(f.m, *s)),
                  task_name(f.w, s->task).c_str(), nullptr, 0.0f, &clip);
  }
}

}  // namespace

// Every row in view, top to bottom, each clipped to itself.
void TimelinePanel::draw_items(TimelineFrame& f) {
  for (const Item& it : f.v.items) {
    const float y0 = f.y(it.y), y1 = y0 + it.h;
    if (y1 < f.clip_y0 || y0 > f.clip_y1) continue;
    const bool hovered_row = f.show_hover && f.hover_item == &it;
    f.dl->PushClipRect(ImVec2(f.origin.x, std::max(y0, f.clip_y0)), ImVec2(f.right, std::min(y1, f.clip_y1)), true);
    switch (it.kind) {
      case ItemKind::Header:
        draw_header(f, it, y0, y1, hovered_row);
        break;
      case ItemKind::Counter:
        draw_counter(f, it, y0, y1, hovered_row);
        break;
      case ItemKind::Cpu:
        draw_cpu_row(f, it, y0, y1, hovered_row);
        break;
      case ItemKind::Task:
        draw_task_row(f, it, y0, y1, hovered_row);
        break;
    }
    f.dl->PopClipRect();
  }
}

// A group header; a click folds or unfolds it (and selects its pool).
void TimelinePanel::draw_header(TimelineFrame& f, const Item& it, float y0, float y1, bool hovered_row) {
  f.dl->AddRectFilled(ImVec2(f.origin.x, y0 + 1), ImVec2(f.right, y1 - 1), palette::kHeaderBg);
  const HeaderInfo h = header_info(f, it);
  if (h.g && h.g->kind == GroupKind::Pool && h.g->pool == f.ui.selected_pool)
    f.dl->AddRectFilled(ImVec2(f.origin.x, y0 + 1), ImVec2(f.right, y1 - 1), palette::kSelectedRow);
  const float title_x = draw_fold_arrow(f, y0, y1, h.open);
  {  // pool titles stay in the names column (their markers use the time area)
    const ImVec4 clip(f.origin.x, y0, h.g ? f.map.x0 - 4 : f.right, y1);
    f.dl->AddText(nullptr, 0.0f, ImVec2(title_x, y0 + (it.h - f.font) * 0.5f), palette::kTitle, h.title.c_str(),
                  nullptr, 0.0f, &clip);
  }
  if (h.g) draw_pool_header_markers(f, *h.g, h.open, y0, y1, it.h, hovered_row);
  if ((f.clicked || f.names_clicked) && f.hover_item == &it && (f.io.MousePos.x < f.map.x0 + 1 || f.tip.empty())) {
    f.v.open[it.key] = !h.open;
    if (h.g && h.g->kind == GroupKind::Pool) f.ui.selected_pool = h.g->pool;
  }
}

// A task's row: name, state strip, slices, blocking operations, the followed work,
// markers; a click on its name selects it.
void TimelinePanel::draw_task_row(TimelineFrame& f, const Item& it, float y0, float y1, bool hovered_row) {
  const TaskRow& r = f.m.rows()[static_cast<size_t>(it.index)];
  if (r.task == f.ui.selected_task)
    f.dl->AddRectFilled(ImVec2(f.origin.x, y0), ImVec2(f.right, y1), palette::kSelectedRow);
  f.dl->AddLine(ImVec2(f.origin.x + f.indent, y1 - 0.5f), ImVec2(f.right, y1 - 0.5f), palette::kRowLine);
  const std::string& name = task_name(f.w, r.task);
  Lane ln;
  ln.sy0 = y0 + 3;
  ln.sy1 = ln.sy0 + f.strip_h;
  ln.ly0 = ln.sy1 + 1;
  ln.ly1 = y1 - f.lane_pad;
  draw_task_name(f, r, name, y0, y1, ln, hovered_row);
  f.dl->PushClipRect(ImVec2(f.map.x0, y0), ImVec2(f.right, y1), true);
  draw_state_strip(f, r, ln);
  draw_slices(f, r, ln);
  draw_blocking_ops(f, r, ln);
  outline_followed(f, r, ln);
  const SliceHit hit = hovered_row ? slice_at(f, r) : SliceHit{};
  const Marker* mk = draw_markers(f, r.markers, (ln.ly0 + ln.ly1) * 0.5f, hovered_row);
  f.dl->PopClipRect();
  if (hovered_row && f.io.MousePos.x >= f.map.x0) task_row_tip(f, r, name, hit, mk);
  if (f.names_clicked && f.hover_item == &it) f.ui.selected_task = r.task;
}

// A CPU's row: which task ran when; the tooltip names the task under the mouse.
void TimelinePanel::draw_cpu_row(TimelineFrame& f, const Item& it, float y0, float y1, bool hovered_row) {
  const auto& cs = f.m.cpu_slices()[static_cast<size_t>(it.index)];
  char name[32];
  std::snprintf(name, sizeof name, "CPU %d", it.index);
  f.dl->AddText(ImVec2(f.origin.x + f.indent + 4, y0 + (it.h - f.font) * 0.5f), palette::kValue, name);
  f.dl->PushClipRect(ImVec2(f.map.x0, y0), ImVec2(f.right, y1), true);
  const float ly0 = y0 + f.lane_pad + 1, ly1 = y1 - f.lane_pad;
  f.dl->AddLine(ImVec2(f.origin.x + f.indent, y1 - 0.5f), ImVec2(f.right, y1 - 0.5f), palette::kCpuRowLine);
  draw_cpu_slices(f, cs, ly0, ly1);
  const CpuSlice* hit = nullptr;
  if (hovered_row) {
    const size_t k =
        first_ending_at_or_after(cs, 0, f.mouse_t - f.tol, [&](const CpuSlice& s) { return f.end_of_open(s.end); });
    if (k < cs.size() && static_cast<double>(cs[k].start) <= f.mouse_t + f.tol) hit = &cs[k];
  }
  f.dl->PopClipRect();
  if (!hit) return;
  f.tip = task_name(f.w, hit->task) + " on " + name + "\n" + fmt_ns(hit->start) + " - " +
          (hit->end < 0 ? std::string("now") : fmt_ns(hit->end)) + "  (" +
          fmt_ns(f.end_of_open(hit->end) - hit->start) + ")";
  if (f.clicked) f.click_task = hit->task;
}

}  // namespace cmwq::web
