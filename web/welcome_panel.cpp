#include "web/welcome_panel.h"

#include "core/version.h"
#include "imgui.h"

namespace cmwq::web {

void draw_welcome_panel() {
    ImGui::SetNextWindowPos(ImVec2(24.0f, 24.0f), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(440.0f, 0.0f), ImGuiCond_FirstUseEver);
    if (ImGui::Begin("cmwq-lab")) {
        ImGui::TextUnformatted("Linux's Concurrency Managed Workqueue, simulated.");
        ImGui::Separator();
        ImGui::Text("Core version:     %s", cmwq::core_version());
        ImGui::Text("Modelled kernel:  %s", cmwq::modelled_kernel());
        ImGui::Spacing();
        ImGui::TextWrapped(
            "The simulation panels (pools, workers, queues, the timeline and memory) "
            "arrive next.");
    }
    ImGui::End();
}

}  // namespace cmwq::web
