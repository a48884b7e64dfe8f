// Temporary stub of the Timeline panel so the app links; the real panel replaces it.
#include "web/timeline_panel.h"

#include "imgui.h"

namespace cmwq::web {

class TimelineModel {};

TimelinePanel::TimelinePanel() : model_(std::make_unique<TimelineModel>()) {}
TimelinePanel::~TimelinePanel() = default;

void TimelinePanel::draw(const cmwq::Simulation& /*sim*/, UiState& /*ui*/) {
  if (ImGui::Begin("Timeline")) {
    ImGui::TextUnformatted("The timeline is coming.");
  }
  ImGui::End();
}

}  // namespace cmwq::web
