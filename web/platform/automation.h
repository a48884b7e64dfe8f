#pragma once
/// @file
/// @brief The automation API behind window.cmwq (docs/automation-api.md): C functions,
/// exported from the wasm module (EMSCRIPTEN_KEEPALIVE), that index.html wraps in
/// JavaScript. They act on App::instance() synchronously, between frames. Natively the
/// same functions exist but nothing calls them. Returned strings stay valid until the
/// next call of any of them.

#include <cstdint>

extern "C" {
/// Loads a shipped scenario by name or TOML text; returns "" or the error.
const char* cmwq_load_scenario(const char* name_or_text);
/// Runs @p ms milliseconds of virtual time; returns the new time in ms.
double cmwq_run(double ms);
/// One step of size @p size ("line", "event", "over"; "" is "over"); 1 if it moved, 0 if not.
int cmwq_step(const char* size);
/// Follows the task named @p comm for line steps; returns "" or the error.
const char* cmwq_follow(const char* comm);
/// Where the followed task is: JSON {task, function, line, text}, or "null".
const char* cmwq_code();
/// Undoes one visible step; 1 on success, 0 at the beginning.
int cmwq_step_back();
/// Runs to the next event of @p kind ("mayday", "rescuer", "worker", "lockup", "warn",
/// an event type name, or while comparing "difference"); returns its index in the log,
/// -1 if none came, -2 if the kind is unknown.
double cmwq_run_to_next(const char* kind);
/// A user command (hog all, queue ...); returns "" or the error.
const char* cmwq_command(const char* text);
/// The state summary of run @p run as JSON: 0 the first run, 1 the second while
/// comparing ("null" otherwise).
const char* cmwq_state(int run);
/// Starts comparing with @p change (a change-language line, docs/scenario-format.md), or
/// compares with another; nullptr leaves compare mode. Returns "" or the error.
const char* cmwq_compare(const char* change);
/// The two runs' first difference as JSON {index, time_ns, time, a, b} (a and b: {type,
/// text} or null), or "null" (not comparing, or no difference yet).
const char* cmwq_difference();
/// Follows kernel generation @p name (the selector); returns "" or the error.
const char* cmwq_kernel(const char* name);
/// The JSON rectangle {"x","y","w","h"} (CSS pixels) of the named widget, or "null".
const char* cmwq_widget_rect(const char* name);
/// The names of the widgets drawn in the last frame, as a JSON array.
const char* cmwq_widget_names();
/// The URL hash describing the current state (without '#').
const char* cmwq_link();
/// The Labs panel's state and the student's lab progress as JSON.
const char* cmwq_labs();
/// The screen-reader mirror's text (App::api_mirror()): lines "Code: ...", "Pools: ...",
/// "Last event: ...".
const char* cmwq_mirror();
/// The text size as JSON {"factor", "pixels", "font"} (App::api_text_size()).
const char* cmwq_text_size();
/// Sets the student's text size factor (clamped to 0.7 to 2); returns cmwq_text_size().
const char* cmwq_set_text_size(double factor);
/// The text the last frame drew, as a JSON array of runs (web/platform/text_rects.h); the
/// first call switches recording on and returns "null" (the next frame is recorded).
const char* cmwq_text_rects();
/// Asks the loop to draw frames at the display's rate again for a while, as input does
/// (index.html calls it for every window.cmwq call but frames() and mirror()).
void cmwq_wake();
/// Frames drawn so far.
double cmwq_frames();
/// Text pasted into the page (index.html's paste handler), typed into the focused field.
void cmwq_paste(const char* text);
/// CPU time of recent frames (the whole frame: input, simulation, UI, GL calls) as JSON
/// {"frames": n, "avg_ms": a, "max_ms": m, "last_ms": l, "parts_ms": {...}} over the
/// last 120 frames; parts_ms holds each panel's and the simulation's share (App).
const char* cmwq_frame_stats();
}

namespace cmwq::web {
/// True once after cmwq_wake() was called (web/platform/main.cpp asks every animation frame).
bool take_wake_request();
/// Records the CPU time of one whole frame (web/platform/main.cpp calls it), for cmwq_frame_stats().
void note_frame_time(double ms);
/// Records where a frame's time went (ms): SDL events, the backends' and ImGui's
/// NewFrame, App::frame(), ImGui::Render(), GL drawing and swap.
void note_frame_parts(double events, double new_frame, double app, double render, double gl);
}  // namespace cmwq::web
