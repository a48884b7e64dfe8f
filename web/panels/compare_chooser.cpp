// The Compare chooser.
#include "web/panels/compare_chooser.h"

#include <algorithm>
#include <cmath>

#include "core/scenario/change.h"
#include "core/scenario/names.h"
#include "imgui.h"
#include "web/model/palette.h"
#include "web/model/text_util.h"
#include "web/panels/imgui_util.h"
#include "web/platform/widget_rects.h"

namespace cmwq::web {
namespace {

constexpr const char* kTitle = "Compare two runs";
constexpr ChangeKind kKinds[] = {ChangeKind::Kernel, ChangeKind::Flag,   ChangeKind::MaxActive,
                                 ChangeKind::Cpus,   ChangeKind::Action, ChangeKind::Text};

// The widget name of a kind: "compare kind flag".
std::string kind_widget(ChangeKind k) {
  static const char* const keys[] = {"kernel", "flag", "max_active", "cpus", "action", "typed"};
  return std::string("compare kind ") + keys[static_cast<size_t>(k)];
}

bool has_flag(const Scenario& s, const std::string& wq, uint32_t flag) {
  for (const WorkqueueSpec& q : s.workqueues)
    if (q.name == wq) return (q.flags & flag) != 0;
  return false;
}

// "#2 at 1 ms: queue_work q0 w0 cpu=0"
std::string action_label(const Scenario& s, int number) {
  const ActionSpec& a = s.actions[static_cast<size_t>(number - 1)];
  return "#" + std::to_string(number) + " at " + format_time(a.time) + ": " + a.text;
}

// A combo whose items are tracked as "<widget> item <label>" for the automation API.
template <typename Items, typename Label, typename Pick>
void combo(const char* id, const char* widget, const std::string& preview, const Items& items, Label label,
           Pick pick) {
  if (ImGui::BeginCombo(id, preview.c_str())) {
    for (const auto& item : items) {
      const std::string text = label(item);
      if (ImGui::Selectable(text.c_str(), text == preview)) pick(item);
      track_widget(std::string(widget) + " item " + text);
    }
    ImGui::EndCombo();
  }
  track_widget(widget);
}

}  // namespace

void CompareChooser::open(const PanelContext& ctx) {
  const Scenario& s = ctx.session.scenario();
  choice_ = default_choice(s);
  if (ctx.runs.comparing()) {
    choice_.kind = ChangeKind::Text;
    choice_.text = ctx.runs.change();
  }
  opening_ = true;
}

void CompareChooser::draw_kind(const Scenario& s) {
  ImGui::TextUnformatted("Change:");
  for (const ChangeKind k : kKinds) {
    same_line_or_wrap(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                      ImGui::CalcTextSize(change_kind_name(k)).x);
    const bool usable = (k != ChangeKind::Flag && k != ChangeKind::MaxActive) || !s.workqueues.empty();
    ImGui::BeginDisabled(!usable || (k == ChangeKind::Action && s.actions.empty()));
    if (ImGui::RadioButton(change_kind_name(k), choice_.kind == k)) {
      if (k == ChangeKind::Text && choice_.kind != ChangeKind::Text) choice_.text = change_text(choice_, s);
      choice_.kind = k;
    }
    ImGui::EndDisabled();
    track_widget(kind_widget(k));
  }
}

void CompareChooser::draw_kernel(const Scenario& s) {
  std::vector<KernelVersion> others;
  for (const KernelVersion& v : kernel_versions())
    if (v.gen != s.machine.kernel) others.push_back(v);
  const auto label = [](const KernelVersion& v) { return std::string(v.name) + ": " + v.summary; };
  const auto current = std::find_if(others.begin(), others.end(), [&](const KernelVersion& v) { return v.gen == choice_.kernel; });
  ImGui::Text("The second run follows kernel (the first runs %s):", kernel_version_name(s.machine.kernel));
  ImGui::SetNextItemWidth(-1);
  combo("##kernel", "compare kernel", current == others.end() ? std::string() : label(*current), others, label,
        [&](const KernelVersion& v) { choice_.kernel = v.gen; });
}

// The workqueue, then its flag (toggled) or its max_active.
void CompareChooser::draw_workqueue(const Scenario& s, bool flags) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Workqueue");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
  combo("##wq", "compare workqueue", choice_.wq, s.workqueues, [](const WorkqueueSpec& q) { return q.name; },
        [&](const WorkqueueSpec& q) { choice_.wq = q.name; });
  ImGui::SameLine();
  if (!flags) {
    ImGui::TextUnformatted("max_active");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    ImGui::InputInt("##max_active", &choice_.max_active);
    choice_.max_active = std::clamp(choice_.max_active, 0, 512);
    track_widget("compare max_active");
    return;
  }
  const auto label = [&](const WorkqueueFlagName& f) {
    return std::string(has_flag(s, choice_.wq, f.flag) ? "remove " : "add ") + f.name;
  };
  const auto flag = std::find_if(workqueue_flag_names().begin(), workqueue_flag_names().end(),
                                 [&](const WorkqueueFlagName& f) { return choice_.flag == f.name; });
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
  combo("##flag", "compare flag", flag == workqueue_flag_names().end() ? choice_.flag : label(*flag),
        workqueue_flag_names(), label, [&](const WorkqueueFlagName& f) { choice_.flag = f.name; });
}

void CompareChooser::draw_action(const Scenario& s) {
  const int n = static_cast<int>(s.actions.size());
  choice_.action = std::clamp(choice_.action, 1, std::max(1, n));
  std::vector<int> numbers(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) numbers[static_cast<size_t>(i)] = i + 1;
  ImGui::SetNextItemWidth(-1);
  combo("##action", "compare action", n > 0 ? action_label(s, choice_.action) : std::string(), numbers,
        [&](int k) { return action_label(s, k); }, [&](int k) { choice_.action = k; });
  if (ImGui::RadioButton("runs at", !choice_.drop)) choice_.drop = false;
  track_widget("compare action move");
  ImGui::SameLine();
  double ms = static_cast<double>(choice_.at) / 1e6;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  if (ImGui::InputDouble("##at", &ms, 0, 0, "%.3f ms")) choice_.at = std::max<Nanos>(0, std::llround(ms * 1e6));
  track_widget("compare action time");
  ImGui::SameLine();
  if (ImGui::RadioButton("is left out", choice_.drop)) choice_.drop = true;
  track_widget("compare action drop");
}

void CompareChooser::draw(PanelContext& ctx) {
  if (opening_) {
    ImGui::OpenPopup(kTitle);
    opening_ = false;
  }
  // A fixed width; the height follows what the chosen kind shows (0: fit, every frame).
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 36, 0), ImGuiCond_Always);
  if (!ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
  const Scenario& s = ctx.session.scenario();
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("Run this scenario a second time with one thing changed: both runs step together on one time "
                      "axis, their Timelines stacked, their pools side by side, and the first event where they "
                      "differ marked.");
  ImGui::PopTextWrapPos();
  draw_kind(s);
  switch (choice_.kind) {
    case ChangeKind::Kernel: draw_kernel(s); break;
    case ChangeKind::Flag: draw_workqueue(s, true); break;
    case ChangeKind::MaxActive: draw_workqueue(s, false); break;
    case ChangeKind::Cpus:
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
      ImGui::InputInt("CPUs in the second run", &choice_.cpus);
      choice_.cpus = std::clamp(choice_.cpus, 1, 256);
      track_widget("compare cpus");
      break;
    case ChangeKind::Action: draw_action(s); break;
    case ChangeKind::Text:
      input_string("##change", choice_.text, -1, "e.g. flags writeback -WQ_MEM_RECLAIM; cpus 2");
      track_widget("compare text");
      break;
  }
  const std::string text = change_text(choice_, s);
  const ScenarioParse check = change_scenario(s, text);
  ImGui::Separator();
  ImGui::TextDisabled("The second run:");
  ImGui::SameLine();
  ImGui::TextUnformatted(text.c_str());
  if (!check.ok()) ImGui::TextColored(to_vec4(palette::kErrorText), "%s", check.error->format().c_str());
  ImGui::BeginDisabled(!check.ok());
  if (ImGui::Button("Compare")) {
    ctx.req.compare = text;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndDisabled();
  track_widget("compare start");
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
  track_widget("compare cancel");
  ImGui::EndPopup();
}

}  // namespace cmwq::web
