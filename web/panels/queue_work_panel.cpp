// The Queue work panel.
#include "web/panels/queue_work_panel.h"

#include <algorithm>

#include "core/world.h"
#include "imgui.h"
#include "web/panels/imgui_util.h"
#include "web/platform/widget_rects.h"

namespace cmwq::web {

void QueueWorkPanel::draw(PanelContext& ctx) {
  if (!ImGui::Begin("Queue work", nullptr, ctx.window_flags)) {
    ImGui::End();
    return;
  }
  const Session& session = ctx.session;
  const ScenarioWorld& names = session.sim().names();
  const World& w = session.sim().world();
  const bool has_q0 = names.workqueues.count("q0") > 0;

  // Presets.
  ImGui::BeginDisabled(!has_q0);
  if (ImGui::Button("queue 3 blocking works")) ctx.req.commands.emplace_back(kPresetBlockingWorks);
  track_widget("queue 3 blocking works");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(has_q0 ? "Three works on q0, CPU 0: alloc 16 pages GFP_KERNEL, burn 1 ms, free 16.\n"
                               "Under memory pressure they block in direct reclaim."
                             : "This scenario has no workqueue q0.");
  same_line_or_wrap(button_width("starve memory"));
  if (ImGui::Button("starve memory")) ctx.req.commands.emplace_back(kPresetStarve);
  track_widget("starve memory");
  item_tooltip("The memory hog takes every free page (hog all).");
  same_line_or_wrap(button_width("release memory"));
  if (ImGui::Button("release memory")) ctx.req.commands.emplace_back(kPresetRelease);
  track_widget("release memory");
  item_tooltip("The memory hog gives every page back (release all).");

  ImGui::Separator();
  // A new work: workqueue, CPU, count, program.
  const float field = ImGui::GetFontSize() * 7.5f;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("New work on");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(field);
  if (ImGui::BeginCombo("##wq", wq_.c_str())) {
    for (const auto& [name, id] : names.workqueues)
      if (ImGui::Selectable(name.c_str(), name == wq_)) wq_ = name;
    ImGui::EndCombo();
  }
  track_widget("queue wq");
  ImGui::SameLine();
  ImGui::TextUnformatted("cpu");
  ImGui::SameLine();
  const int cpus = static_cast<int>(w.cpus.size());
  cpu_ = std::min(cpu_, cpus - 1);
  const std::string cpu_text = cpu_ < 0 ? "any" : std::to_string(cpu_);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
  if (ImGui::BeginCombo("##cpu", cpu_text.c_str())) {
    if (ImGui::Selectable("any", cpu_ < 0)) cpu_ = -1;
    for (int c = 0; c < cpus; ++c)
      if (ImGui::Selectable(std::to_string(c).c_str(), c == cpu_)) cpu_ = c;
    ImGui::EndCombo();
  }
  item_tooltip("queue_work_on()'s CPU; any = WORK_CPU_UNBOUND, queued from CPU 0.");

  input_string("##program", program_, -1, "program: burn 1ms; sleep 5ms");
  track_widget("queue program");
  item_tooltip(
      "Operations as in a scenario's program, separated by ';':\n"
      "burn 5ms, sleep 10ms, alloc 16 GFP_KERNEL, free 16, reclaim 64,\n"
      "queue_work WQ WORK, flush_work WORK, wait COMPLETION, lock MUTEX ...");
  ImGui::TextDisabled("add:");
  for (const char* op : {"burn 1ms", "sleep 5ms", "alloc 16 GFP_KERNEL", "free 16"}) {
    const std::string text(op);
    const std::string label = "+" + text.substr(0, text.find(' '));
    same_line_or_wrap(ImGui::CalcTextSize(label.c_str()).x);
    if (ImGui::SmallButton(label.c_str())) program_ += (program_.empty() ? "" : "; ") + text;
    item_tooltip(("Append `" + text + "` to the program").c_str());
  }

  // Check the program against the running scenario's names (only when something changed).
  if (program_ != checked_program_ || session.history_id() != checked_history_ || session.text() != checked_scenario_) {
    checked_program_ = program_;
    checked_history_ = session.history_id();
    checked_scenario_ = session.text();
    program_error_.clear();
    session.parse_program(program_, prefix_ + "_fn", program_error_);
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("named");
  ImGui::SameLine();
  input_string("##name", prefix_, ImGui::GetFontSize() * 4.5f);
  item_tooltip("Works are named NAME<id>.");
  ImGui::SameLine();
  ImGui::TextUnformatted("x");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.0f);
  ImGui::InputInt("##count", &count_);
  count_ = std::clamp(count_, 1, 64);
  item_tooltip("How many works to queue.");
  ImGui::SameLine();
  const std::string command = "queue " + wq_ + " cpu=" + (cpu_ < 0 ? std::string("any") : std::to_string(cpu_)) +
                              " count=" + std::to_string(count_) + " name=" + prefix_ + ": " + program_;
  ImGui::BeginDisabled(!program_error_.empty());
  if (ImGui::Button("Queue")) ctx.req.commands.push_back(command);
  track_widget("queue custom work");
  ImGui::EndDisabled();
  if (!program_error_.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.45f, 1.0f), "%s", program_error_.c_str());
    ImGui::PopTextWrapPos();
  }

  // An existing work of the scenario.
  std::vector<std::string> works;
  for (const auto& [name, id] : names.works)
    if (!w.wq.works[static_cast<size_t>(id)].barrier) works.push_back(name);
  if (!works.empty()) {
    if (std::find(works.begin(), works.end(), existing_) == works.end()) existing_ = works.front();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Existing work");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(field);
    if (ImGui::BeginCombo("##existing", existing_.c_str())) {
      for (const std::string& name : works)
        if (ImGui::Selectable(name.c_str(), name == existing_)) existing_ = name;
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button("queue_work it"))
      ctx.req.commands.push_back("queue_work " + wq_ + " " + existing_ +
                                 (cpu_ < 0 ? std::string() : " cpu=" + std::to_string(cpu_)));
    track_widget("queue existing work");
    item_tooltip("Queue this existing work item on the workqueue and CPU above.");
  }
  ImGui::End();
}

}  // namespace cmwq::web
