// The step watch's hooks: count boundaries of the watched action and copy the world at
// the one asked for.
#include "core/step_watch.h"

#include "core/world.h"

namespace cmwq {
namespace {

// One boundary passed; the world is copied at the target one, showing @p line.
void boundary(World& w, StepWatch& s, const CodePosition& line) {
  if (s.captured || ++s.seen != s.target) return;
  s.captured = std::make_unique<World>(w);
  s.captured_line = line;
}

StepWatch* line_watch(World& w, int32_t task) {
  StepWatch* s = w.watch.watch;
  return s && s->size == StepSize::Line && s->task == task && !s->captured ? s : nullptr;
}

// Where @p at calls into a function from a line the task was not on (e.g. rescuer_thread()
// going on to process_scheduled_works()), the call line itself, as a debugger's "step
// into" shows it before the callee's first line; else empty.
CodePosition call_line(const CodePosition& running, const CodePosition& at) {
  size_t same = 0;
  while (same < running.frames.size() && same < at.frames.size() && running.frames[same] == at.frames[same]) ++same;
  if (same + 1 >= at.frames.size()) return {};
  CodePosition call = at;
  call.frames.pop_back();
  return call;
}

}  // namespace

void watched_line_top(World& w, int32_t task) {
  StepWatch* s = line_watch(w, task);
  if (!s) return;
  CodePosition at = code_position(w, task);
  if (s->have_running && at.frames == s->running.frames) return;  // an inner loop's top: nothing ran
  if (s->have_running) {
    if (!s->running_shown) boundary(w, *s, s->running);
    const CodePosition call = call_line(s->running, at);
    if (!call.frames.empty()) boundary(w, *s, call);
  }
  s->running = std::move(at);
  s->have_running = true;
  s->running_shown = false;
}

void watched_line_ran(World& w, int32_t task, const KernelFrame& inner) {
  StepWatch* s = line_watch(w, task);
  if (!s) return;
  CodePosition at = code_position(w, task);
  if (at.frames.empty()) return;
  at.frames.back() = inner;
  boundary(w, *s, at);
  s->running_shown = true;
}

void watched_step_end(World& w, int32_t task) {
  StepWatch* s = line_watch(w, task);
  if (!s || !s->have_running) return;  // none of its lines ran in this step
  boundary(w, *s, code_position(w, task));
  s->have_running = false;
}

void watched_emit(World& w) {
  StepWatch* s = w.watch.watch;
  if (!s || s->size != StepSize::Event || s->captured) return;
  // Before the (target + 1)-th event of the action: the world right after the target-th.
  if (w.out.size() == s->target) {
    s->seen = s->target;
    s->captured = std::make_unique<World>(w);
  }
}

}  // namespace cmwq
