// The Workqueues panel.
#include "web/panels/workqueues_panel.h"

#include <algorithm>

#include "core/workqueue/sched_hooks.h"
#include "core/workqueue/types.h"
#include "core/world.h"
#include "imgui.h"
#include "web/model/text_util.h"
#include "web/platform/widget_rects.h"
#include "web/model/worker_view.h"

namespace cmwq::web {
namespace {

bool is_system(const World& w, int32_t wq) {
  const WqState& q = w.wq;
  for (int32_t s : {q.system_wq, q.system_highpri_wq, q.system_long_wq, q.system_unbound_wq, q.system_freezable_wq,
                    q.system_power_efficient_wq, q.system_freezable_power_efficient_wq})
    if (s == wq) return true;
  return false;
}

}  // namespace

void WorkqueuesPanel::draw(PanelContext& ctx) {
  if (!ImGui::Begin("Workqueues")) {
    ImGui::End();
    return;
  }
  const World& w = ctx.session.sim().world();
  ImGui::Checkbox("idle system workqueues", &system_);
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Counters as tools/workqueue/wq_monitor.py shows them:\n"
        "total    work items started\n"
        "infl     in flight (started, not completed)\n"
        "CPUtime  CPU time in seconds (sampled at the tick)\n"
        "CPUitsv  items that hogged the CPU (became CPU_INTENSIVE)\n"
        "CMW/RPR  concurrency-management wakeups (per-CPU wqs) / repatriations (unbound)\n"
        "mayday   maydays sent for the wq (WQ_MEM_RECLAIM only)\n"
        "rescued  items the rescuer ran (WQ_MEM_RECLAIM only)\n"
        "pwqs     pool: active/inactive items of each pool_workqueue");

  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit |
                                ImGuiTableFlags_Resizable;
  if (ImGui::BeginTable("##wqs", 12, flags)) {
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn("workqueue");
    ImGui::TableSetupColumn("max");
    ImGui::TableSetupColumn("pwqs (pool: act/inact)");
    ImGui::TableSetupColumn("rescuer");
    ImGui::TableSetupColumn("total");
    ImGui::TableSetupColumn("infl");
    ImGui::TableSetupColumn("CPUtime");
    ImGui::TableSetupColumn("CPUitsv");
    ImGui::TableSetupColumn("CMW/RPR");
    ImGui::TableSetupColumn("mayday");
    ImGui::TableSetupColumn("rescued");
    ImGui::TableSetupColumn("flags");
    ImGui::TableHeadersRow();

    for (const Workqueue& wq : w.wq.wqs) {
      const auto st = wq_stats_now(w, wq.id);
      bool busy = false;
      for (int32_t p : wq.pwqs) {
        const PoolWorkqueue& pwq = w.wq.pwqs[static_cast<size_t>(p)];
        busy |= pwq.nr_active > 0 || pwq.inactive_works.count > 0;
      }
      if (!system_ && is_system(w, wq.id) && !busy && st[PWQ_STAT_STARTED] == 0) continue;
      ImGui::TableNextRow();
      ImGui::PushID(wq.id);
      ImGui::TableNextColumn();
      if (wq.destroyed) ImGui::TextDisabled("%s (destroyed)", wq.name.c_str());
      else ImGui::TextUnformatted(wq.name.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%d", wq.max_active);

      ImGui::TableNextColumn();
      std::string pwqs;
      int shown = 0;
      for (int32_t p : wq.pwqs) {
        const PoolWorkqueue& pwq = w.wq.pwqs[static_cast<size_t>(p)];
        if (pwq.nr_active == 0 && pwq.inactive_works.count == 0 && wq.pwqs.size() > 2) continue;
        if (++shown > 4) {
          pwqs += " ...";
          break;
        }
        pwqs += (pwqs.empty() ? "" : "  ") + std::to_string(pwq.pool) + ": " + std::to_string(pwq.nr_active) + "/" +
                std::to_string(pwq.inactive_works.count) + (pwq.on_mayday ? " MAYDAY" : "");
      }
      ImGui::TextUnformatted(pwqs.empty() ? "all idle" : pwqs.c_str());

      ImGui::TableNextColumn();
      if (wq.rescuer >= 0) {
        const Worker& r = w.wq.workers[static_cast<size_t>(wq.rescuer)];
        std::string text = worker_show_name(worker_show(w, wq.rescuer));
        if (r.pool >= 0) text += " (pool " + std::to_string(r.pool) + ")";
        if (!wq.maydays.empty()) text += ", " + std::to_string(wq.maydays.size()) + " mayday(s) queued";
        if (ImGui::Selectable(text.c_str(), ctx.ui.selected_task == r.task)) ctx.ui.selected_task = r.task;
        track_widget("rescuer " + wq.name);
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip("%s\nClick: show its code", worker_summary(w, wq.rescuer).c_str());
      } else {
        ImGui::TextDisabled("-");
      }

      const bool unbound = wq.flags & WQ_UNBOUND;
      const bool reclaim = wq.flags & WQ_MEM_RECLAIM;
      ImGui::TableNextColumn();
      ImGui::Text("%llu", static_cast<unsigned long long>(st[PWQ_STAT_STARTED]));
      ImGui::TableNextColumn();
      ImGui::Text("%llu", static_cast<unsigned long long>(st[PWQ_STAT_STARTED] -
                                                          std::min(st[PWQ_STAT_STARTED], st[PWQ_STAT_COMPLETED])));
      ImGui::TableNextColumn();
      ImGui::Text("%.1f", static_cast<double>(st[PWQ_STAT_CPU_TIME]) / 1e6);
      ImGui::TableNextColumn();
      if (unbound)
        ImGui::TextDisabled("-");
      else
        ImGui::Text("%llu", static_cast<unsigned long long>(st[PWQ_STAT_CPU_INTENSIVE]));
      ImGui::TableNextColumn();
      ImGui::Text("%llu", static_cast<unsigned long long>(unbound ? st[PWQ_STAT_REPATRIATED] : st[PWQ_STAT_CM_WAKEUP]));
      ImGui::TableNextColumn();
      if (reclaim)
        ImGui::Text("%llu", static_cast<unsigned long long>(st[PWQ_STAT_MAYDAY]));
      else
        ImGui::TextDisabled("-");
      ImGui::TableNextColumn();
      if (reclaim)
        ImGui::Text("%llu", static_cast<unsigned long long>(st[PWQ_STAT_RESCUED]));
      else
        ImGui::TextDisabled("-");
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(wq_flags_string(wq.flags).c_str());
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace cmwq::web
