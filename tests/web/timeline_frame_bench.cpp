// Not a test: measures the CPU time the Timeline panel takes per frame with about
// 50 000 work slices, headless (Dear ImGui without a backend: frames are built and
// rendered to draw lists, never shown). Prints the numbers; run by hand:
//
//   native: cmake --build BUILD --target timeline_frame_bench && BUILD/tests/web/timeline_frame_bench
//   wasm:   see the comment in tests/web/CMakeLists.txt (em++ build, run with node).
#include <chrono>
#include <cstdio>
#include <string>

#include "core/scenario/scenario.h"
#include "core/simulation.h"
#include "imgui.h"
#include "many_slices_scenario.h"
#include "web/model/timeline_model.h"
#include "web/timeline/timeline_panel.h"
#include "web/model/ui_state.h"

namespace {

using Clock = std::chrono::steady_clock;

// Runs @p frames frames; returns the mean CPU time of the panel's draw() in ms.
double frames(cmwq::web::TimelinePanel& panel, const cmwq::Simulation& sim, cmwq::web::UiState& ui, int n, ImVec2 mouse,
              double zoom, int& vertices) {
  double total = 0;
  for (int i = 0; i < n; ++i) {
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60.0f;
    io.MousePos = mouse;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0), ImGuiCond_Always);
    ImGui::SetNextWindowSize(io.DisplaySize, ImGuiCond_Always);
    ui.timeline_zoom = i == 0 ? zoom : 0;
    const auto t0 = Clock::now();
    panel.draw(sim, ui);
    ImGui::Render();  // builds the draw lists' final form, as a real frame does
    total += std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    vertices = ImGui::GetDrawData()->TotalVtxCount;
  }
  return total / n;
}

}  // namespace

int main() {
  const cmwq::ScenarioParse p = cmwq::parse_scenario(cmwq::test::kManySlicesScenario, "many.toml");
  if (!p.ok()) {
    std::printf("%s\n", p.error->format().c_str());
    return 1;
  }
  cmwq::Simulation sim(cmwq::build_world(*p.scenario), p.scenario->until);
  sim.run_until(p.scenario->until);

  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(1280, 800);
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  ImGui::StyleColorsDark();

  cmwq::web::TimelinePanel panel;
  cmwq::web::UiState ui;
  int vtx = 0;
  const auto t0 = Clock::now();
  frames(panel, sim, ui, 1, ImVec2(-1, -1), 0, vtx);
  const double first = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  std::printf("timeline: %zu events; first frame (builds the model) %.1f ms\n", sim.events().size(), first);
  frames(panel, sim, ui, 300, ImVec2(-1, -1), 0, vtx);  // warm-up (wasm compiles hot code again, optimised)
  const double all = frames(panel, sim, ui, 200, ImVec2(-1, -1), 0, vtx);
  std::printf("whole run in view (500 ms):      %.3f ms/frame, %d vertices\n", all, vtx);
  const double hover = frames(panel, sim, ui, 200, ImVec2(700, 130), 0, vtx);
  std::printf("whole run, mouse over a row:     %.3f ms/frame, %d vertices\n", hover, vtx);
  ui.followed_work = sim.names().works.at("a");
  const double follow = frames(panel, sim, ui, 200, ImVec2(700, 130), 0, vtx);
  std::printf("whole run, following work a:     %.3f ms/frame, %d vertices\n", follow, vtx);
  const double zoomed = frames(panel, sim, ui, 200, ImVec2(700, 130), 5, vtx);
  std::printf("zoomed in 32x, following a:      %.3f ms/frame, %d vertices\n", zoomed, vtx);
  ImGui::DestroyContext();
  // What a rewind of this history costs the panel: the model is rebuilt from the start.
  for (int i = 0; i < 3; ++i) {
    const auto r0 = Clock::now();
    cmwq::web::TimelineModel model;
    model.update(sim);
    std::printf("model rebuild (%zu slices):        %.1f ms\n", model.slice_count(),
                std::chrono::duration<double, std::milli>(Clock::now() - r0).count());
  }
  return 0;
}
