// The Timeline's rows: which there are and where (pools where something happened, the
// rescuers, memory, the quiet pools, the CPUs, the kernel threads), the scrolling child
// window that holds them, and bringing a task or pool selected elsewhere into view.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/world.h"
#include "imgui.h"
#include "web/timeline/timeline_frame.h"
#include "web/platform/text_rects.h"
#include "web/timeline/timeline_panel.h"

namespace cmwq::web {
namespace {

// Appends rows to f.v.items top to bottom, noting where the flows anchor.
class Layout {
 public:
  explicit Layout(TimelineFrame& f) : f_(f) { f.v.items.clear(); }
  float height() const { return cy_; }

  // A group: its header, its task rows, then (pools) its counters.
  void group(int32_t gi) {
    const RowGroup& g = f_.m.groups()[static_cast<size_t>(gi)];
    const int64_t key = group_key(g);
    f_.group_y[static_cast<size_t>(gi)] = cy_ + f_.header_h * 0.5f;
    header(key, gi);
    if (!f_.v.is_open(key, group_open_default(g))) return;
    for (const int32_t r : g.rows) {
      f_.row_y[static_cast<size_t>(r)] = cy_ + (4 + f_.strip_h + f_.row_h - f_.lane_pad) * 0.5f;  // lane centre
      push(ItemKind::Task, r, f_.row_h);
    }
    if (g.kind != GroupKind::Pool) return;
    for (const CounterId c : {CounterId::NrRunning, CounterId::NrIdle, CounterId::Worklist})
      push(ItemKind::Counter, gi, f_.counter_h, c);
  }

  // Memory: open by default once free pages came near the watermarks.
  void memory() {
    const CounterSeries& fp = f_.m.free_pages();
    int64_t lo = 0, hi = 0;
    if (!fp.v.empty()) fp.range(0, fp.v.size(), lo, hi);
    const bool pressure = !fp.v.empty() && lo < 4 * f_.w.mem.wmark.high;
    f_.v.memory_open_default = pressure;
    header(kMemoryKey, -1);
    if (!f_.v.is_open(kMemoryKey, pressure)) return;
    push(ItemKind::Counter, -1, f_.free_h, CounterId::FreePages);
    push(ItemKind::Counter, -1, f_.counter_h, CounterId::Cache);
  }

  // Pools with nothing yet (idle workers only), under one header; folded, their flows
  // anchor on that header.
  void quiet(const std::vector<int32_t>& quiet) {
    const float hy = cy_ + f_.header_h * 0.5f;
    header(kQuietKey, -1);
    f_.v.quiet_title = "pools with no work yet:";
    for (const int32_t gi : quiet)
      f_.v.quiet_title += " " + std::to_string(f_.m.groups()[static_cast<size_t>(gi)].pool);
    const bool open = f_.v.is_open(kQuietKey, false);
    for (const int32_t gi : quiet) {
      if (open) {
        group(gi);
      } else {
        f_.group_y[static_cast<size_t>(gi)] = hy;
        for (const int32_t r : f_.m.groups()[static_cast<size_t>(gi)].rows) f_.row_y[static_cast<size_t>(r)] = -1;
      }
    }
  }

  // One row per CPU (folded by default).
  void cpus() {
    header(kCpusKey, -1);
    if (!f_.v.is_open(kCpusKey, false)) return;
    for (size_t c = 0; c < f_.m.cpu_slices().size(); ++c) push(ItemKind::Cpu, static_cast<int32_t>(c), f_.row_h);
  }

 private:
  // A row of height @p h below the last.
  void push(ItemKind kind, int32_t index, float h, CounterId counter = CounterId::NrRunning, int64_t key = 0) {
    Item it;
    it.kind = kind;
    it.index = index;
    it.counter = counter;
    it.key = key;
    it.y = cy_;
    it.h = h;
    cy_ += h;
    f_.v.items.push_back(it);
  }
  void header(int64_t key, int32_t index) { push(ItemKind::Header, index, f_.header_h, CounterId::NrRunning, key); }

  TimelineFrame& f_;
  float cy_ = 0;
};

// Row sizes for this frame's font.
void measure_rows(TimelineFrame& f) {
  f.row_h = std::floor(f.font * 1.2f + 10.0f);
  f.lane_pad = 3.0f;
  f.strip_h = std::max(4.0f, std::floor(f.font * 0.4f));
  f.header_h = std::floor(f.font + 6.0f);
  f.counter_h = std::floor(f.font + 5.0f);
  f.free_h = std::floor(f.font * 4.2f);
  f.indent = f.font * 0.9f;
}

}  // namespace

// A task or pool selected elsewhere: unfold its group and bring it into view.
void TimelinePanel::reveal_selection(TimelineFrame& f) {
  if (f.second_run) return;  // the selection names the first run's tasks and pools
  TimelineView& v = f.v;
  const TimelineModel& m = f.m;
  if (f.ui.selected_task != v.last_selected_task) {
    v.last_selected_task = f.ui.selected_task;
    const int32_t r = m.row_of(f.ui.selected_task);
    if (r >= 0 && m.rows()[static_cast<size_t>(r)].group >= 0) {
      const RowGroup& g = m.groups()[static_cast<size_t>(m.rows()[static_cast<size_t>(r)].group)];
      v.open[group_key(g)] = true;
      if (g.kind == GroupKind::Pool && !group_open_default(g)) v.open[kQuietKey] = true;
      f.reveal_row = r;
    }
  }
  if (f.ui.selected_pool != v.last_selected_pool) {
    v.last_selected_pool = f.ui.selected_pool;
    for (const RowGroup& g : m.groups())
      if (g.kind == GroupKind::Pool && g.pool == f.ui.selected_pool) {
        if (!group_open_default(g)) v.open[kQuietKey] = true;
        f.reveal_key = group_key(g);
      }
  }
}

// Pools where something happened, the rescuers, memory, the quiet pools, the CPUs and
// the kernel threads, in that order.
void TimelinePanel::lay_out_rows(TimelineFrame& f) {
  measure_rows(f);
  f.group_y.assign(f.m.groups().size(), -1.0f);
  f.row_y.assign(f.m.rows().size(), -1.0f);
  Layout layout(f);
  std::vector<int32_t> quiet;
  int32_t rescuers = -1, kernel = -1;
  for (const int32_t gi : f.m.group_order()) {
    const RowGroup& g = f.m.groups()[static_cast<size_t>(gi)];
    if (g.kind == GroupKind::Rescuers) rescuers = gi;
    if (g.kind == GroupKind::Kernel) kernel = gi;
    if (g.kind != GroupKind::Pool) continue;
    if (!group_open_default(g)) {
      if (!g.rows.empty()) quiet.push_back(gi);
      continue;
    }
    layout.group(gi);
  }
  if (rescuers >= 0) layout.group(rescuers);
  layout.memory();
  if (!quiet.empty()) layout.quiet(quiet);
  if (!f.m.cpu_slices().empty()) layout.cpus();
  if (kernel >= 0) layout.group(kernel);
  f.content_h = layout.height() + f.font;
}

// The rows' child window (scrolling vertically), scrolled to a revealed row, with the
// surfaces the mouse acts on: the names column and the time area.
void TimelinePanel::begin_rows(TimelineFrame& f) {
  ImGui::SetCursorScreenPos(ImVec2(f.origin.x, f.ax_y1));
  ImGui::BeginChild("##rows", ImVec2(f.avail.x, f.avail.y - f.axis_h), false,
                    ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_AlwaysVerticalScrollbar);
  f.dl = ImGui::GetWindowDrawList();
  f.top = ImGui::GetWindowPos().y;
  f.scroll_y = ImGui::GetScrollY();
  f.view_h = ImGui::GetWindowHeight();
  f.clip_y0 = f.top;
  f.clip_y1 = f.top + f.view_h;
  f.right = f.map.x1;
  for (const Item& it : f.v.items) {
    const bool match = (f.reveal_row >= 0 && it.kind == ItemKind::Task && it.index == f.reveal_row) ||
                       (f.reveal_key != 0 && it.kind == ItemKind::Header && it.key == f.reveal_key);
    if (match && (it.y < f.scroll_y || it.y + it.h > f.scroll_y + f.view_h)) {
      ImGui::SetScrollY(std::max(0.0f, it.y - f.view_h * 0.3f));
      break;
    }
  }
  ImGui::SetCursorScreenPos(ImVec2(f.origin.x, f.top));
  ImGui::InvisibleButton("##names", ImVec2(f.label_w, f.view_h));
  f.names_hovered = ImGui::IsItemHovered();
  f.names_clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  ImGui::SetCursorScreenPos(ImVec2(f.map.x0, f.top));
  ImGui::InvisibleButton(
      "##area", ImVec2(f.right - f.map.x0, f.view_h),
      ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonMiddle | ImGuiButtonFlags_MouseButtonRight);
  allow_cut_text("the Timeline's time area: labels are cut to their bars");
  f.area_hovered = ImGui::IsItemHovered();
  f.area_activated = ImGui::IsItemActivated();
  ImGui::SetCursorPos(ImVec2(0, f.content_h));
  ImGui::Dummy(ImVec2(1, 1));
}

}  // namespace cmwq::web
