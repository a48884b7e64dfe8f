// The welcome and the tour's pointer.
#include "web/panels/welcome_panel.h"

#include <algorithm>
#include <optional>

#include "imgui.h"
#include "imgui_internal.h"
#include "web/model/palette.h"
#include "web/panels/imgui_util.h"
#include "web/platform/widget_rects.h"

namespace cmwq::web {
namespace {

constexpr const char* kWelcomeTitle = "Welcome to cmwq-lab";

// The welcome's words: what this is, in two sentences.
constexpr const char* kWhat =
    "cmwq-lab runs a model of the Linux kernel's workqueue (CMWQ, the concurrency managed workqueue: the kernel "
    "threads that run work deferred by drivers and filesystems) in virtual time you can play, pause, step and "
    "step back. It follows the kernel's own code, so you can watch a worker pool keep just enough threads "
    "running, and see what the kernel does when memory runs out and the pool cannot create a new thread.";

struct WayIn {
  WelcomeChoice choice;
  const char* label;
  const char* widget;
  const char* detail;
};
constexpr WayIn kWaysIn[] = {
    {WelcomeChoice::Lab, "Lab 1: why workqueues need concurrency management", "welcome lab",
     "A guided lab: predict what the kernel does, then check your prediction against the model. Opens the Labs "
     "panel on lab 1 with its scenario loaded."},
    {WelcomeChoice::Sandbox, "Watch the rescuer save a starving pool", "welcome sandbox",
     "The starvation sandbox with a tour of five steps: each shows the next button to press and what to watch."},
    {WelcomeChoice::Explore, "Explore on my own", "welcome explore",
     "Close this. The Help button in the Controls panel opens it again."},
};

// A frame around the widget @p r, and a line from the tour window's left edge at @p from_x
// to the frame's top right corner. The line runs along the frame's top edge, in the gap
// between rows, so it crosses no other widget's text on its way.
void point_at(const WidgetRect& r, float from_x) {
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const ImU32 colour = palette::kWarn;  // steady: an idle page need not draw new frames for it
  const ImVec2 a(r.x - 3, r.y - 3), b(r.x + r.w + 3, r.y + r.h + 3);
  dl->AddRect(a, b, colour, 4.0f, 0, 3.0f);
  if (from_x > b.x) dl->AddLine(ImVec2(b.x - 2, a.y), ImVec2(from_x, a.y), colour, 2.0f);
}

}  // namespace

WelcomeChoice WelcomePanel::draw() {
  if (!open_) return WelcomeChoice::None;
  if (!ImGui::IsPopupOpen(kWelcomeTitle)) ImGui::OpenPopup(kWelcomeTitle);
  const ImVec2 ds = ImGui::GetIO().DisplaySize;
  const float fs = ImGui::GetFontSize();
  const float w = std::min(ds.x - 2 * fs, fs * 40);
  ImGui::SetNextWindowPos(ImVec2(ds.x * 0.5f, ds.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(w, 0), ImGuiCond_Always);
  WelcomeChoice choice = WelcomeChoice::None;
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings;
  if (!ImGui::BeginPopupModal(kWelcomeTitle, nullptr, flags)) return choice;
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(kWhat);
  ImGui::Spacing();
  ImGui::TextDisabled("Three ways in:");
  for (const WayIn& way : kWaysIn) {
    ImGui::Spacing();
    if (ImGui::Button(way.label, ImVec2(-FLT_MIN, fs * 2.0f))) choice = way.choice;
    track_widget(way.widget);
    ImGui::TextDisabled("%s", way.detail);
  }
  ImGui::PopTextWrapPos();
  // Escape closes it too, as "Explore on my own" does.
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) choice = WelcomeChoice::Explore;
  if (choice != WelcomeChoice::None) {
    ImGui::CloseCurrentPopup();
    open_ = false;
  }
  ImGui::EndPopup();
  return choice;
}

void WelcomePanel::draw_tour(const Session& session, const EventIndex& index, float left_column_end) {
  tour_.update(session, index);
  if (!tour_.active() || open_) return;
  // Once every step is done, the pointer goes to Play: what comes next is recovery.
  const char* widget = tour_.finished() ? "play" : tour_steps()[tour_.step()].widget;
  const std::optional<WidgetRect> target = widget_rect(widget);
  const ImVec2 ds = ImGui::GetIO().DisplaySize;
  const float fs = ImGui::GetFontSize();
  const float w = std::min(fs * 26, ds.x * 0.45f);
  ImVec2 pos(ds.x - w - fs, fs * 2);
  if (target) {
    pos.x = std::max(target->x + target->w, left_column_end) + fs * 2.5f;
    pos.y = target->y - 3 - fs * 0.7f;  // the pointer's line meets the title bar
  }
  pos.x = std::clamp(pos.x, 0.0f, std::max(0.0f, ds.x - w - 4));
  pos.y = std::clamp(pos.y, 0.0f, std::max(0.0f, ds.y - fs * 12));
  ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(w, 0), ImGuiCond_Always);
  ImGui::PushStyleColor(ImGuiCol_Border, to_vec4(palette::kWarn));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                 ImGuiWindowFlags_NoNav;
  const bool shown = ImGui::Begin("Tour: the rescuer###tour", nullptr, flags);
  ImGui::PopStyleColor();
  // Above the panels even after a click on one of them (the click that does the step).
  ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
  if (shown) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(tour_.text().c_str());
    ImGui::PopTextWrapPos();
    track_widget("tour text");
    ImGui::Spacing();
    if (ImGui::SmallButton(tour_.finished() ? "Close" : "End the tour")) tour_.stop();
    track_widget("tour close");
  }
  const float from_x = ImGui::GetWindowPos().x;
  ImGui::End();
  if (target && tour_.active()) point_at(*target, from_x);
}

}  // namespace cmwq::web
