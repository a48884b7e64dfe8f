// Not a test: measures the CPU time the Timeline panel takes per frame with about
// 50 000 work slices, headless (Dear ImGui without a backend: frames are built and
// rendered to draw lists, never shown). Prints the numbers; run by hand. Each line also
// gives a digest of the frame's draw data, and the picture check (picture_check()) one
// per shipped scenario under a sweep of the mouse: a change that should not alter the
// Timeline's picture (a refactoring) must print the same digests before and after.
//
//   native: cmake --build BUILD --target timeline_frame_bench && BUILD/tests/web/timeline_frame_bench
//   wasm:   see the comment in tests/web/CMakeLists.txt (em++ build, run with node).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

#include "core/scenario/scenario.h"
#include "core/simulation.h"
#include "imgui.h"
#include "many_slices_scenario.h"
#include "web/model/scenario_library.h"
#include "web/model/timeline_model.h"
#include "web/model/ui_state.h"
#include "web/timeline/timeline_panel.h"

namespace {

using Clock = std::chrono::steady_clock;

// FNV-1a over the last frame's draw data (vertices, indices, clip rectangles): two
// builds of the panel that print the same digest drew the same picture.
uint64_t draw_digest() {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](const void* data, size_t n) {
    const auto* b = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
  };
  const ImDrawData* d = ImGui::GetDrawData();
  for (int l = 0; l < d->CmdListsCount; ++l) {
    const ImDrawList* dl = d->CmdLists[l];
    mix(dl->VtxBuffer.Data, static_cast<size_t>(dl->VtxBuffer.Size) * sizeof(ImDrawVert));
    mix(dl->IdxBuffer.Data, static_cast<size_t>(dl->IdxBuffer.Size) * sizeof(ImDrawIdx));
    for (const ImDrawCmd& c : dl->CmdBuffer) {
      mix(&c.ClipRect, sizeof c.ClipRect);
      mix(&c.ElemCount, sizeof c.ElemCount);
    }
  }
  return h;
}

// What the mouse does during one frame.
struct Mouse {
  ImVec2 pos{-1, -1};  // (-1, -1): not over the window
  bool down = false;   // the left button is held
  float wheel = 0;     // wheel turned by this much
};

// A fresh ImGui context of 1280 x 800 pixels in the dark style, as the app has.
void create_context() {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(1280, 800);
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  ImGui::StyleColorsDark();
}

// One frame of the panel, filling the display; returns the CPU time of its draw() and
// of ImGui::Render() (which builds the draw lists' final form, as a real frame does), ms.
double frame(cmwq::web::TimelinePanel& panel, const cmwq::Simulation& sim, cmwq::web::UiState& ui, Mouse mouse) {
  ImGuiIO& io = ImGui::GetIO();
  io.DeltaTime = 1.0f / 60.0f;
  io.MousePos = mouse.pos;
  io.MouseDown[0] = mouse.down;
  io.MouseWheel = mouse.wheel;
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(0, 0), ImGuiCond_Always);
  ImGui::SetNextWindowSize(io.DisplaySize, ImGuiCond_Always);
  const auto t0 = Clock::now();
  panel.draw(sim, ui);
  ImGui::Render();
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// What a run of frames cost: the mean and the fastest frame (the fastest is what the
// panel costs when no other process takes the CPU away in the middle), ms.
struct Timing {
  double mean = 0;
  double fastest = 1e9;
  int vertices = 0;  // of the last frame
};

// Runs @p n frames with the mouse at @p mouse, zooming by 2^zoom in the first.
Timing frames(cmwq::web::TimelinePanel& panel, const cmwq::Simulation& sim, cmwq::web::UiState& ui, int n, ImVec2 mouse,
              double zoom) {
  Timing t;
  for (int i = 0; i < n; ++i) {
    ui.timeline_zoom = i == 0 ? zoom : 0;
    const double ms = frame(panel, sim, ui, Mouse{mouse});
    t.mean += ms / n;
    t.fastest = std::min(t.fastest, ms);
    t.vertices = ImGui::GetDrawData()->TotalVtxCount;
  }
  return t;
}

// One line of the report, with the digest of the last frame's draw data.
void report(const char* what, const Timing& t) {
  std::printf("%-32s %.3f ms/frame (fastest %.3f), %d vertices, digest %016llx\n", what, t.mean, t.fastest, t.vertices,
              static_cast<unsigned long long>(draw_digest()));
}

// The picture check: a shipped scenario at half its run and at its end, drawn under a
// sweep of the mouse (hover everywhere; clicks on the names, which fold groups and pick
// tasks; clicks in the time area, which follow works; a drag and a wheel turn). Prints
// one digest of every frame's draw data: a refactoring of the panel must keep it.
void picture_check(const char* file) {
  const cmwq::web::EmbeddedScenario* e = cmwq::web::find_embedded_scenario(file);
  const cmwq::ScenarioParse p = e ? cmwq::parse_scenario(e->text, file) : cmwq::ScenarioParse{};
  if (!e || !p.ok()) {
    std::printf("picture %s: cannot load\n", file);
    return;
  }
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](uint64_t d) { h = (h ^ d) * 1099511628211ull; };
  for (const int part : {2, 1}) {
    cmwq::Simulation sim(cmwq::build_world(*p.scenario), p.scenario->until);
    sim.run_until(p.scenario->until / part);
    create_context();
    cmwq::web::TimelinePanel panel;
    cmwq::web::UiState ui;
    auto step = [&](ImVec2 at, bool down, float wheel) {  // one frame, into the digest
      frame(panel, sim, ui, Mouse{at, down, wheel});
      mix(draw_digest());
    };
    auto hover_sweep = [&] {
      for (float y = 60; y < 800; y += 13)
        for (const float x : {30.0f, 100.0f, 300.0f, 650.0f, 1000.0f, 1250.0f}) step(ImVec2(x, y), false, 0);
    };
    auto click = [&](ImVec2 at) {
      step(at, true, 0);
      step(at, false, 0);
    };
    hover_sweep();
    for (float y = 60; y < 800; y += 17) click(ImVec2(40, y));
    hover_sweep();
    for (float y = 60; y < 800; y += 23) click(ImVec2(500, y));
    hover_sweep();
    step(ImVec2(400, 300), true, 0);
    step(ImVec2(600, 320), true, 0);
    step(ImVec2(600, 320), false, 0);
    step(ImVec2(640, 400), false, 1);
    step(ImVec2(40, 400), false, -1);
    hover_sweep();
    ImGui::DestroyContext();
  }
  std::printf("picture %-36s digest %016llx\n", file, static_cast<unsigned long long>(h));
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

  create_context();

  cmwq::web::TimelinePanel panel;
  cmwq::web::UiState ui;
  const auto t0 = Clock::now();
  frames(panel, sim, ui, 1, ImVec2(-1, -1), 0);
  const double first = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  std::printf("timeline: %zu events; first frame (builds the model) %.1f ms\n", sim.events().size(), first);
  frames(panel, sim, ui, 300, ImVec2(-1, -1), 0);  // warm-up (wasm compiles hot code again, optimised)
  report("whole run in view (500 ms):", frames(panel, sim, ui, 200, ImVec2(-1, -1), 0));
  report("whole run, mouse over a row:", frames(panel, sim, ui, 200, ImVec2(700, 130), 0));
  ui.followed_work = sim.names().works.at("a");
  report("whole run, following work a:", frames(panel, sim, ui, 200, ImVec2(700, 130), 0));
  report("zoomed in 32x, following a:", frames(panel, sim, ui, 200, ImVec2(700, 130), 5));
  ImGui::DestroyContext();
  // What a rewind of this history costs the panel: the model is rebuilt from the start.
  for (int i = 0; i < 3; ++i) {
    const auto r0 = Clock::now();
    cmwq::web::TimelineModel model;
    model.update(sim);
    std::printf("model rebuild (%zu slices):        %.1f ms\n", model.slice_count(),
                std::chrono::duration<double, std::milli>(Clock::now() - r0).count());
  }
  for (const char* file : {"starvation-rescuer.toml", "doc-max-active-3.toml", "hotplug.toml", "cpu-hog.toml",
                           "dependent-reclaim-two-wqs.toml"})
    picture_check(file);
  return 0;
}
