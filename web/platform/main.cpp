// The platform loop: an SDL2 window with an OpenGL 3 (desktop) or WebGL2 (browser)
// context, Dear ImGui's SDL2 and OpenGL3 backends, and one App::frame() per frame.
// In the browser the loop is driven by emscripten_set_main_loop_arg (requestAnimationFrame).
// A paused, idle page draws under twice a second (FramePacer); events are read every time.
#include <SDL.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#include <emscripten.h>
#else
#include <SDL_opengl.h>
#endif

#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl.h"
#include "web/app.h"
#include "web/platform/automation.h"
#include "web/platform/browser.h"
#include "web/platform/font_scale.h"
#include "web/platform/text_rects.h"

namespace {

// Draws every display refresh while something moves or the user acts, and under twice a
// second once the page has been paused and idle for half a second, so a still page
// costs almost nothing. Input, a new drawable size, playback, a long run and the
// automation API (cmwq_wake()) count as activity.
class FramePacer {
 public:
  using Clock = std::chrono::steady_clock;

  // Whether to draw this time; @p active says something happened since the last call.
  bool should_draw(bool active, int width, int height) {
    const Clock::time_point now = Clock::now();
    if (width != width_ || height != height_) {
      width_ = width;
      height_ = height;
      active = true;
    }
    if (active) active_ = now;
    if (now - active_ >= kSettle && now - drawn_ < kIdleGap) return false;
    drawn_ = now;
    return true;
  }

  // Milliseconds until an idle page draws again (the native loop sleeps that long at most).
  int idle_wait_ms() const {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(drawn_ + kIdleGap - Clock::now());
    return left.count() > 0 ? static_cast<int>(left.count()) : 0;
  }

 private:
  static constexpr std::chrono::milliseconds kSettle{500};   // draw every refresh this long after activity
  // Then at most once per this: under two frames a second, and at most 3 in any 2 s.
  static constexpr std::chrono::milliseconds kIdleGap{700};
  Clock::time_point active_ = Clock::now();
  Clock::time_point drawn_{};
  int width_ = 0;
  int height_ = 0;
};

struct Platform {
  SDL_Window* window = nullptr;
  SDL_GLContext gl = nullptr;
  cmwq::web::FontScale fonts;
  cmwq::web::App app;
  FramePacer pacer;
  bool quit = false;
};

// Hands every pending SDL event to ImGui; true if there was any.
bool poll_events(Platform& p) {
  bool any = false;
  SDL_Event event;
  while (SDL_PollEvent(&event)) {
    any = true;
    ImGui_ImplSDL2_ProcessEvent(&event);
    if (event.type == SDL_QUIT) p.quit = true;
  }
  return any;
}

// Reports a start-up failure. In the browser it aborts, so the page shows the message.
int fail(const char* what, const char* detail) {
  std::fprintf(stderr, "cmwq-lab: %s: %s\n", what, detail);
#ifdef __EMSCRIPTEN__
  std::abort();
#endif
  return 1;
}

constexpr float kClear[4] = {0.10f, 0.11f, 0.13f, 1.0f};

void run_frame(void* arg) {
  auto& p = *static_cast<Platform*>(arg);
  const auto started = std::chrono::steady_clock::now();

  using Clock = std::chrono::steady_clock;
  auto lap = [t = started]() mutable {
    const auto now = Clock::now();
    const double ms = std::chrono::duration<double, std::milli>(now - t).count();
    t = now;
    return ms;
  };
  const bool input = poll_events(p);
  int width = 0;
  int height = 0;
  SDL_GL_GetDrawableSize(p.window, &width, &height);
  // Every term is evaluated: a wake request is used up whether or not input came too.
  const bool woken = cmwq::web::take_wake_request();
  if (!p.pacer.should_draw(input || woken || p.app.busy(), width, height)) {
#ifndef __EMSCRIPTEN__
    SDL_WaitEventTimeout(nullptr, p.pacer.idle_wait_ms());  // natively nothing else paces the loop
#endif
    return;
  }
  const double t_events = lap();

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  p.fonts.update(p.app.font_pixels());
  ImGui::NewFrame();
  const double t_new = lap();
  p.app.frame();
  const double t_app = lap();
  ImGui::Render();
  cmwq::web::record_text_rects(ImGui::GetDrawData());  // only while the layout tests ask (textRects())
  const double t_render = lap();

  glViewport(0, 0, width, height);
  glClearColor(kClear[0], kClear[1], kClear[2], kClear[3]);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  SDL_GL_SwapWindow(p.window);
  const double t_gl = lap();
  cmwq::web::note_frame_parts(t_events, t_new, t_app, t_render, t_gl);
  cmwq::web::note_frame_time(
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
}

// Requests the GL flavour and returns the matching GLSL version line for the backend.
const char* request_gl_context() {
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
#ifdef __EMSCRIPTEN__
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);  // WebGL2
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  const char* glsl = "#version 300 es";
#else
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  const char* glsl = "#version 130";
#endif
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);
  return glsl;
}

}  // namespace

int main(int argc, char** argv) {
#ifndef __EMSCRIPTEN__
  // Natively, a link's state can be given as the first argument: cmwq_lab '#scenario=...'.
  if (argc > 1) cmwq::web::set_location_hash(argv[1][0] == '#' ? argv[1] + 1 : argv[1]);
#else
  (void)argc;
  (void)argv;
#endif
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) return fail("SDL_Init failed", SDL_GetError());
  const char* glsl = request_gl_context();

  // Heap-allocated: in the browser main() returns before the first frame runs.
  auto* p = new Platform();
  // ALLOW_HIGHDPI: in the browser SDL sizes the canvas backing store to CSS size x
  // devicePixelRatio and reports it as the drawable size (see FontScale for the text).
  const auto flags = static_cast<SDL_WindowFlags>(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  p->window = SDL_CreateWindow("cmwq-lab", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800, flags);
  if (p->window == nullptr) return fail("SDL_CreateWindow failed", SDL_GetError());
  p->gl = SDL_GL_CreateContext(p->window);
  if (p->gl == nullptr) return fail("no OpenGL 3 / WebGL2 context", SDL_GetError());
  SDL_GL_MakeCurrent(p->window, p->gl);
  SDL_GL_SetSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini: every start looks the same
  ImGui::StyleColorsDark();
  if (!ImGui_ImplSDL2_InitForOpenGL(p->window, p->gl) || !ImGui_ImplOpenGL3_Init(glsl))
    return fail("Dear ImGui backend initialisation failed", "SDL2 or OpenGL3 backend");
  cmwq::web::install_clipboard_hooks();  // after the SDL backend set its own

#ifdef __EMSCRIPTEN__
  emscripten_set_main_loop_arg(run_frame, p, 0, false);
  return 0;
#else
  while (!p->quit) run_frame(p);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(p->gl);
  SDL_DestroyWindow(p->window);
  SDL_Quit();
  delete p;
  return 0;
#endif
}
