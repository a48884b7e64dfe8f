// The automation API (window.cmwq): exported C functions over App.
#include "web/platform/automation.h"

#include <string>

#include "core/trace/text.h"
#include "web/app.h"
#include "web/platform/browser.h"
#include "web/platform/text_rects.h"
#include "web/platform/widget_rects.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#define CMWQ_EXPORT EMSCRIPTEN_KEEPALIVE
#else
#define CMWQ_EXPORT
#endif

namespace {

std::string& result() {
  static std::string r;
  return r;
}

const char* give(std::string s) {
  result() = std::move(s);
  return result().c_str();
}

cmwq::web::App* app() { return cmwq::web::App::instance(); }

struct FrameTimes {
  double ms[120] = {};
  size_t count = 0;      // frames recorded in total
  double parts[5] = {};  // moving averages: events, new frame, app, render, gl
};

FrameTimes& frame_times() {
  static FrameTimes f;
  return f;
}

bool& wake_requested() {
  static bool w = false;
  return w;
}

}  // namespace

void cmwq::web::note_frame_parts(double events, double new_frame, double app, double render, double gl) {
  const double now[5] = {events, new_frame, app, render, gl};
  for (int i = 0; i < 5; ++i) frame_times().parts[i] += (now[i] - frame_times().parts[i]) * 0.1;
}

bool cmwq::web::take_wake_request() {
  const bool w = wake_requested();
  wake_requested() = false;
  return w;
}

void cmwq::web::note_frame_time(double ms) {
  FrameTimes& f = frame_times();
  f.ms[f.count % 120] = ms;
  ++f.count;
}

extern "C" {

CMWQ_EXPORT const char* cmwq_load_scenario(const char* name_or_text) {
  return give(app() ? app()->api_load(name_or_text) : "the app is not running");
}

CMWQ_EXPORT double cmwq_run(double ms) { return app() ? app()->api_run(ms) : 0; }

CMWQ_EXPORT int cmwq_step(const char* size) { return app() && app()->api_step(size ? size : "") ? 1 : 0; }

CMWQ_EXPORT const char* cmwq_follow(const char* comm) {
  return give(app() ? app()->api_follow(comm ? comm : "") : "the app is not running");
}

CMWQ_EXPORT const char* cmwq_code() { return give(app() ? app()->api_code() : "null"); }

CMWQ_EXPORT int cmwq_step_back() { return app() && app()->api_step_back() ? 1 : 0; }

CMWQ_EXPORT double cmwq_run_to_next(const char* kind) {
  return app() ? static_cast<double>(app()->api_run_to_next(kind)) : -2;
}

CMWQ_EXPORT const char* cmwq_command(const char* text) {
  return give(app() ? app()->api_command(text) : "the app is not running");
}

CMWQ_EXPORT const char* cmwq_state(int run) { return give(app() ? app()->api_state(run) : "null"); }

CMWQ_EXPORT const char* cmwq_compare(const char* change) {
  return give(app() ? app()->api_compare(change) : "the app is not running");
}

CMWQ_EXPORT const char* cmwq_difference() { return give(app() ? app()->api_difference() : "null"); }

CMWQ_EXPORT const char* cmwq_kernel(const char* name) {
  return give(app() ? app()->api_kernel(name) : "the app is not running");
}

CMWQ_EXPORT const char* cmwq_widget_rect(const char* name) {
  const auto r = cmwq::web::widget_rect(name);
  if (!r) return give("null");
  std::string s;
  cmwq::appendf(s, "{\"x\":%.2f,\"y\":%.2f,\"w\":%.2f,\"h\":%.2f}", r->x, r->y, r->w, r->h);
  return give(s);
}

CMWQ_EXPORT const char* cmwq_widget_names() {
  std::string s = "[";
  for (const std::string& n : cmwq::web::widget_names()) {
    if (s.size() > 1) s += ',';
    cmwq::append_json_string(s, n);
  }
  return give(s + "]");
}

CMWQ_EXPORT const char* cmwq_link() { return give(app() ? app()->api_link() : ""); }

CMWQ_EXPORT const char* cmwq_invariants() { return give(app() ? app()->api_invariants() : ""); }

CMWQ_EXPORT const char* cmwq_labs() { return give(app() ? app()->api_labs() : "null"); }

CMWQ_EXPORT const char* cmwq_welcome() { return give(app() ? app()->api_welcome() : "null"); }

CMWQ_EXPORT const char* cmwq_notices() { return give(app() ? app()->api_notices() : "[]"); }

CMWQ_EXPORT const char* cmwq_mirror() { return give(app() ? app()->api_mirror() : ""); }

CMWQ_EXPORT const char* cmwq_text_size() { return give(app() ? app()->api_text_size() : "null"); }

CMWQ_EXPORT const char* cmwq_set_text_size(double factor) {
  return give(app() ? app()->api_set_text_size(factor) : "null");
}

CMWQ_EXPORT const char* cmwq_text_rects() {
  const bool was_on = cmwq::web::text_recording();
  cmwq::web::set_text_recording(true);
  return give(was_on ? cmwq::web::text_rects_json() : "null");
}

CMWQ_EXPORT void cmwq_wake() { wake_requested() = true; }

CMWQ_EXPORT double cmwq_frames() { return app() ? static_cast<double>(app()->frames()) : 0; }

CMWQ_EXPORT void cmwq_paste(const char* text) { cmwq::web::add_pasted_text(text); }

CMWQ_EXPORT const char* cmwq_frame_stats() {
  const FrameTimes& f = frame_times();
  const size_t n = f.count < 120 ? f.count : 120;
  double sum = 0, max = 0;
  for (size_t i = 0; i < n; ++i) {
    sum += f.ms[i];
    if (f.ms[i] > max) max = f.ms[i];
  }
  std::string s;
  cmwq::appendf(s, "{\"frames\":%zu,\"avg_ms\":%.3f,\"max_ms\":%.3f,\"last_ms\":%.3f,\"parts_ms\":%s}", n,
                n ? sum / n : 0.0, max, f.count ? f.ms[(f.count - 1) % 120] : 0.0,
                app() ? app()->api_panel_times().c_str() : "{}");
  s.resize(s.size() - 2);  // both closing braces: the frame's stages go into parts_ms
  cmwq::appendf(s,
                ",\"frame_sdl_events\":%.3f,\"frame_new_frame\":%.3f,\"frame_app\":%.3f,\"frame_render\":%.3f,"
                "\"frame_gl\":%.3f}}",
                f.parts[0], f.parts[1], f.parts[2], f.parts[3], f.parts[4]);
  return give(s);
}
}
