// The welcome and the tour's pointer.
#include "web/panels/welcome_panel.h"

#include <algorithm>
#include <cmath>
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

// A highlight around the widget @p r and an arrow to it from the tour window's left edge.
void point_at(const WidgetRect& r, const ImVec2& from) {
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const ImU32 colour = palette::kWarn;  // steady: an idle page need not draw new frames for it
  const ImVec2 a(r.x - 3, r.y - 3), b(r.x + r.w + 3, r.y + r.h + 3);
  dl->AddRect(a, b, colour, 4.0f, 0, 3.0f);
  const ImVec2 tip(b.x + 2, r.y + r.h * 0.5f);
  if (from.x <= tip.x + 8) return;  // no room for an arrow: the frame alone points
  dl->AddLine(from, tip, colour, 3.0f);
  const float s = ImGui::GetFontSize() * 0.6f;
  const ImVec2 dir = ImVec2(from.x - tip.x, from.y - tip.y);
  const float len = std::sqrt(dir.x * dir.x + dir.y * dir.y);
  const ImVec2 u(dir.x / len, dir.y / len), n(-u.y, u.x);
  dl->AddTriangleFilled(tip, ImVec2(tip.x + u.x * s + n.x * s * 0.5f, tip.y + u.y * s + n.y * s * 0.5f),
                        ImVec2(tip.x + u.x * s - n.x * s * 0.5f, tip.y + u.y * s - n.y * s * 0.5f), colour);
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
    pos.y = target->y + target->h * 0.5f - fs * 1.2f;
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
    if (ImGui::SmallButton(tour_.finished() ? "Close" : "End the tour")) tour_.stop();
    track_widget("tour close");
  }
  const ImVec2 from(ImGui::GetWindowPos().x, pos.y + fs * 1.2f);
  ImGui::End();
  if (target && tour_.active()) point_at(*target, from);
}

}  // namespace cmwq::web
