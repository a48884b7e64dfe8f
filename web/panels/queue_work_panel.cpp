// The Queue work panel.
#include "web/panels/queue_work_panel.h"

#include <algorithm>

#include "core/scenario/world_names.h"
#include "core/world.h"
#include "imgui.h"
#include "web/model/palette.h"
#include "web/model/text_util.h"
#include "web/panels/imgui_util.h"
#include "web/platform/widget_rects.h"

namespace cmwq::web {
namespace {

std::string cpu_option(int cpu) { return cpu < 0 ? std::string("any") : std::to_string(cpu); }

}  // namespace

void QueueWorkPanel::draw(PanelContext& ctx) {
  if (!ImGui::Begin("Queue work", nullptr, ctx.window_flags)) {
    ImGui::End();
    return;
  }
  draw_presets(ctx);
  ImGui::Separator();
  draw_target(ctx.session);
  draw_program();
  check(ctx.session);
  draw_queue_button(ctx);
  draw_existing_work(ctx);
  ImGui::End();
}

void QueueWorkPanel::draw_presets(PanelContext& ctx) {
  const bool has_q0 = ctx.session.sim().names().workqueues.count("q0") > 0;
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
}

// "New work on [wq] cpu [N]": the workqueue and queue_work_on()'s CPU.
void QueueWorkPanel::draw_target(const Session& session) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("New work on");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.5f);
  if (ImGui::BeginCombo("##wq", wq_.c_str())) {
    for (const auto& [name, id] : session.sim().names().workqueues)
      if (ImGui::Selectable(name.c_str(), name == wq_)) wq_ = name;
    ImGui::EndCombo();
  }
  track_widget("queue wq");
  ImGui::SameLine();
  ImGui::TextUnformatted("cpu");
  ImGui::SameLine();
  const int cpus = static_cast<int>(session.sim().world().cpus.size());
  cpu_ = std::min(cpu_, cpus - 1);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
  if (ImGui::BeginCombo("##cpu", cpu_option(cpu_).c_str())) {
    if (ImGui::Selectable("any", cpu_ < 0)) cpu_ = -1;
    for (int c = 0; c < cpus; ++c)
      if (ImGui::Selectable(std::to_string(c).c_str(), c == cpu_)) cpu_ = c;
    ImGui::EndCombo();
  }
  item_tooltip("queue_work_on()'s CPU; any = WORK_CPU_UNBOUND. The call itself runs on CPU 0.");
}

// The program field and buttons that append common operations.
void QueueWorkPanel::draw_program() {
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
}

std::string QueueWorkPanel::new_works_command() const {
  return "queue " + wq_ + " cpu=" + cpu_option(cpu_) + " count=" + std::to_string(count_) + " name=" + prefix_ + ": " +
         program_;
}

std::string QueueWorkPanel::existing_work_command() const {
  return "queue_work " + wq_ + " " + existing_ + (cpu_ < 0 ? std::string() : " cpu=" + std::to_string(cpu_));
}

void QueueWorkPanel::check(const Session& session) {
  const std::string command = new_works_command();
  const size_t works = session.sim().world().wq.works.size();
  if (command == checked_command_ && session.history_id() == checked_history_ && works == checked_works_ &&
      session.text() == checked_scenario_)
    return;
  checked_command_ = command;
  checked_history_ = session.history_id();
  checked_works_ = works;
  checked_scenario_ = session.text();
  command_error_ = session.check_command(command);
}

// "named [uw] x [1] [Queue]", and what is wrong with the command, if anything.
void QueueWorkPanel::draw_queue_button(PanelContext& ctx) {
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
  ImGui::BeginDisabled(command_error_.has_value());
  if (ImGui::Button("Queue")) ctx.req.commands.push_back(new_works_command());
  track_widget("queue custom work");
  ImGui::EndDisabled();
  if (command_error_) {
    // The column counts in the program field (the command around it is not on screen).
    const std::string command = new_works_command();
    const int program_start = static_cast<int>(command.size() - program_.size()) + 1;
    const std::string text = field_error(*command_error_, program_start, "program");
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(to_vec4(palette::kErrorText), "%s", text.c_str());
    ImGui::PopTextWrapPos();
    track_widget("queue error");
    track_notice(text);
  }
}

const std::vector<std::string>& QueueWorkPanel::user_works(const Session& session) {
  const World& w = session.sim().world();
  if (session.history_id() == works_history_ && w.wq.works.size() == works_count_) return works_;
  works_history_ = session.history_id();
  works_count_ = w.wq.works.size();
  works_.clear();
  for (size_t i = 0; i < w.wq.works.size(); ++i)
    if (is_user_work(w, static_cast<int32_t>(i))) works_.push_back(w.wq.works[i].name);
  return works_;
}

// An existing work item (the scenario's, or one `queue` made), queued on the workqueue
// and CPU above.
void QueueWorkPanel::draw_existing_work(PanelContext& ctx) {
  const std::vector<std::string>& works = user_works(ctx.session);
  if (works.empty()) return;
  if (std::find(works.begin(), works.end(), existing_) == works.end()) existing_ = works.front();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Existing work");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.5f);
  if (ImGui::BeginCombo("##existing", existing_.c_str())) {
    for (const std::string& name : works)
      if (ImGui::Selectable(name.c_str(), name == existing_)) existing_ = name;
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ImGui::Button("queue_work it")) ctx.req.commands.push_back(existing_work_command());
  track_widget("queue existing work");
  item_tooltip("Queue this existing work item on the workqueue and CPU above.");
}

}  // namespace cmwq::web
