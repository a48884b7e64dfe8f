// The Pools panel.
#include "web/panels/pools_panel.h"

#include <algorithm>
#include <cmath>

#include "core/trace/text.h"
#include "core/world.h"
#include "imgui.h"
#include "web/model/palette.h"
#include "web/model/text_util.h"
#include "web/model/worker_view.h"
#include "web/panels/imgui_util.h"
#include "web/platform/widget_rects.h"

namespace cmwq::web {
namespace {

// A legend entry after the last: a colour and its name.
void swatch(uint32_t colour, const char* name) {
  same_line_or_wrap(13.0f + ImGui::CalcTextSize(name).x);
  ImGui::ColorButton(name, to_vec4(colour), ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoBorder,
                     ImVec2(10, 10));
  ImGui::SameLine(0, 3);
  ImGui::TextDisabled("%s", name);
}

// The memory line and bar: free, page cache, hogged, kernel objects, works; watermark ticks.
void draw_memory(const World& w) {
  const Memory& m = w.mem;
  ImGui::Text("Memory: %lld free", static_cast<long long>(m.free));
  std::string marks;
  appendf(marks, "(min %lld, low %lld, high %lld) of %lld pages", static_cast<long long>(m.wmark.min),
          static_cast<long long>(m.wmark.low), static_cast<long long>(m.wmark.high), static_cast<long long>(m.total));
  same_line_or_wrap(ImGui::CalcTextSize(marks.c_str()).x);
  ImGui::TextDisabled("%s", marks.c_str());
  struct Part {
    int64_t pages;
    ImU32 color;
    const char* name;
  };
  const Part parts[] = {
      {m.free, palette::kFreePages, "free"},
      {m.cache, palette::kPageCache, "page cache"},
      {m.hogged, palette::kHogged, "hogged"},
      {m.kernel_objects, palette::kKernelObjects, "kernel objects"},
      {m.works, palette::kHeldByWorks, "held by works"},
  };
  const float width = ImGui::GetContentRegionAvail().x;
  const float height = ImGui::GetTextLineHeight();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const double total = static_cast<double>(std::max<int64_t>(1, m.total));
  float x = p.x;
  for (const Part& part : parts) {
    const float pw = static_cast<float>(static_cast<double>(part.pages) / total * width);
    if (pw > 0) dl->AddRectFilled(ImVec2(x, p.y), ImVec2(x + pw, p.y + height), part.color);
    x += pw;
  }
  dl->AddRect(p, ImVec2(p.x + width, p.y + height), palette::kFrame);
  // Watermarks measure free pages, which the bar draws from the left.
  for (int64_t mark : {m.wmark.min, m.wmark.low, m.wmark.high}) {
    const float mx = p.x + static_cast<float>(static_cast<double>(mark) / total * width);
    dl->AddLine(ImVec2(mx, p.y - 2), ImVec2(mx, p.y + height + 2), palette::kMark, 1.0f);
  }
  ImGui::Dummy(ImVec2(width, height));
  const bool hovered = ImGui::IsItemHovered();
  // The bar's own legend: its red is hogged pages, not the workers' "blocked on memory".
  ImGui::TextDisabled("memory:");
  for (const Part& part : parts) swatch(part.color, part.name);
  if (hovered) {
    ImGui::BeginTooltip();
    for (const Part& part : parts) {
      ImGui::ColorButton(part.name, to_vec4(part.color), ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoBorder,
                         ImVec2(10, 10));
      ImGui::SameLine();
      ImGui::Text("%s: %lld pages", part.name, static_cast<long long>(part.pages));
    }
    ImGui::TextDisabled("White ticks: the min, low and high watermarks of free pages.");
    ImGui::EndTooltip();
  }
  if (!m.reclaim_waiters.empty())
    ImGui::TextColored(to_vec4(palette::kErrorText), "%zu task(s) wait in direct reclaim for pages",
                       m.reclaim_waiters.size());
}

void draw_legend() {
  ImGui::TextDisabled("workers:");
  for (int i = 0; i < static_cast<int>(WorkerShow::Dead); ++i) {
    const auto s = static_cast<WorkerShow>(i);
    swatch(worker_show_color(s), worker_show_name(s));
  }
}

// A pool with nothing going on: its workers all idle, nothing queued, no timer, no rescuer.
bool quiet(const World& w, const WorkerPool& pool) {
  if (!pool.worklist.empty() || pool.nr_workers > 1 || pool.manager >= 0) return false;
  if (pool.mayday_timer >= 0 && w.timers[static_cast<size_t>(pool.mayday_timer)].pending) return false;
  for (int32_t id : pool.workers) {
    const Worker& wk = w.wq.workers[static_cast<size_t>(id)];
    if (wk.rescue_wq >= 0 || !(wk.flags & WORKER_IDLE)) return false;
  }
  return true;
}

}  // namespace

std::string worker_label(const World& w, int32_t worker) {
  const std::string& comm = task_name(w, w.wq.workers[static_cast<size_t>(worker)].task);
  const std::string prefix = "kworker/";
  std::string s = comm.rfind(prefix, 0) == 0 ? comm.substr(prefix.size()) : comm;
  if (s.size() > 14) s = s.substr(0, 13) + "~";
  return s;
}

bool worker_box(const World& w, int32_t worker, const char* label, bool selected) {
  const WorkerShow show = worker_show(w, worker);
  const ImVec2 text = ImGui::CalcTextSize(label);
  const ImVec2 size(std::max(text.x + 10.0f, 34.0f), ImGui::GetFrameHeight());
  ImGui::PushID(worker);
  const bool clicked = ImGui::InvisibleButton("##worker", size);
  ImGui::PopID();
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const uint32_t colour = worker_show_color(show);
  dl->AddRectFilled(a, b, colour, 3.0f);
  if (selected) dl->AddRect(a, b, palette::kSelectedBox, 3.0f, 0, 2.0f);
  dl->AddText(ImVec2(a.x + (size.x - text.x) * 0.5f, a.y + (size.y - text.y) * 0.5f),
              palette::is_light(colour) ? palette::kBoxTextOnLight : palette::kBoxTextOnDark, label);
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(worker_summary(w, worker).c_str());
    ImGui::TextDisabled("Click: show its code in the Code panel");
    ImGui::EndTooltip();
  }
  return clicked;
}

void PoolsPanel::draw(PanelContext& ctx) {
  if (!ImGui::Begin("Pools")) {
    ImGui::End();
    return;
  }
  const Simulation& sim = ctx.session.sim();
  if (!ctx.runs.comparing()) draw_memory(sim.world());
  draw_legend();
  ImGui::Checkbox("all pools", &all_pools_);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Also show highpri and unbound pools where nothing happens.");
  ImGui::Separator();
  if (!ctx.runs.comparing()) {
    ImGui::BeginChild("##pools");
    draw_pools(ctx, sim, ctx.index, false);
    ImGui::EndChild();
    ImGui::End();
    return;
  }
  // Compare mode: the first run on the left, the second on the right, each with its memory.
  const float half = std::floor((ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f);
  const Session* runs[] = {&ctx.runs.first(), &ctx.runs.second()};
  for (int k = 0; k < 2; ++k) {
    if (k == 1) ImGui::SameLine();
    ImGui::BeginChild(k == 0 ? "##run a" : "##run b", ImVec2(k == 0 ? half : 0, 0));
    ImGui::TextColored(to_vec4(k == 0 ? palette::kRunA : palette::kRunB), k == 0 ? "A" : "B");
    ImGui::SameLine();
    const std::string what = std::string("kernel ") + kernel_version_name(runs[k]->scenario().machine.kernel) +
                             (k == 0 ? ", as loaded" : ", changed: " + ctx.runs.change());
    ImGui::TextUnformatted(what.c_str());
    track_widget(k == 0 ? "pools run a" : "pools run b");
    draw_memory(runs[k]->sim().world());
    ImGui::Separator();
    draw_pools(ctx, runs[k]->sim(), k == 0 ? ctx.index : ctx.second_index, k == 1);
    ImGui::EndChild();
  }
  ImGui::End();
}

// Every pool of @p sim's world shown; the second run's worker boxes select nothing (the
// selection names the first run's tasks) and are named "b worker <comm>".
void PoolsPanel::draw_pools(PanelContext& ctx, const Simulation& sim, const EventIndex& index, bool second) {
  const World& w = sim.world();
  const Nanos now = ctx.runs.now();  // while comparing, a run with nothing to do may have its clock behind
  int hidden = 0;
  for (size_t p = 0; p < w.wq.pools.size(); ++p) {
    const auto pool_id = static_cast<int32_t>(p);
    if (!pool_shown(w, pool_id)) continue;
    const WorkerPool& pool = w.wq.pools[p];
    const bool always = pool.cpu >= 0 && pool.attrs.nice >= 0;  // per-CPU normal pools
    if (!all_pools_ && !always && quiet(w, pool)) {
      ++hidden;
      continue;
    }
    ImGui::PushID(pool_id);
    const std::string title = pool_title(w, pool_id);
    ImGui::TextUnformatted(title.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("nr_running %d  nr_idle %d  nr_workers %d", pool.nr_running, pool.nr_idle, pool.nr_workers);

    // Workers as boxes (a visiting rescuer is attached too).
    ImGui::Indent();
    bool first = true;
    for (int32_t id : pool.workers) {
      const std::string label = worker_label(w, id);
      if (!first) same_line_or_wrap(std::max(ImGui::CalcTextSize(label.c_str()).x + 10.0f, 34.0f));
      first = false;
      const Worker& wk = w.wq.workers[static_cast<size_t>(id)];
      if (worker_box(w, id, label.c_str(), !second && ctx.ui.selected_task == wk.task) && !second) {
        ctx.ui.selected_task = wk.task;
        ctx.ui.selected_pool = pool_id;
      }
      track_widget((second ? "b worker " : "worker ") + task_name(w, wk.task));
    }
    if (pool.workers.empty()) ImGui::TextDisabled("no workers");
    // The worklist.
    const std::vector<int32_t> items = work_list_items(w.wq.works, pool.worklist);
    std::string list;
    for (int32_t work : items) {
      if (list.size() > 120) {
        list += " ...";
        break;
      }
      list += (list.empty() ? "" : " ") + work_name(w, work);
    }
    ImGui::TextDisabled("worklist (%zu):", items.size());
    ImGui::SameLine();
    ImGui::TextUnformatted(items.empty() ? "-" : list.c_str());

    // The mayday timer.
    if (pool.mayday_timer >= 0) {
      const TimerList& t = w.timers[static_cast<size_t>(pool.mayday_timer)];
      if (t.pending) {
        // mod_timer() asks for `expires`; the timer wheel files it in a bucket that
        // runs at fire_jiffy, never earlier (calc_index() rounds up).
        const Nanos fires = w.jif.time_of(t.fire_jiffy);
        const auto expires = static_cast<unsigned long long>(t.expires);
        const auto fire = static_cast<unsigned long long>(t.fire_jiffy);
        const ImVec4 orange = to_vec4(palette::kMaydayText);
        ImGui::PushTextWrapPos(0);
        if (t.fire_jiffy != t.expires)
          ImGui::TextColored(
              orange, "mayday timer: expires jiffy %llu, fires at jiffy %llu (%s, in %s; the timer wheel rounds up)",
              expires, fire, format_time(fires).c_str(), format_time(fires - now).c_str());
        else
          ImGui::TextColored(orange, "mayday timer: expires and fires at jiffy %llu (%s, in %s)", fire,
                             format_time(fires).c_str(), format_time(fires - now).c_str());
        ImGui::PopTextWrapPos();
      } else {
        ImGui::TextDisabled("mayday timer: not armed");
      }
    }
    const std::string why = pool_why(w, sim.events(), index, pool_id);
    if (!why.empty()) {
      ImGui::PushTextWrapPos(0);
      ImGui::TextDisabled("why: %s", why.c_str());
      ImGui::PopTextWrapPos();
    }
    ImGui::Unindent();
    ImGui::Separator();
    ImGui::PopID();
  }
  if (hidden > 0) ImGui::TextDisabled("%d quiet pool(s) hidden (tick \"all pools\")", hidden);
}

}  // namespace cmwq::web
