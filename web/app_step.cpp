// App: steps of every size (a kernel line of the followed task, an event, an action),
// the followed task, and the automation calls step(size), follow() and code().
#include <optional>

#include "core/trace/text.h"
#include "core/world_view.h"
#include "web/app.h"
#include "web/model/code_listings.h"
#include "web/model/code_view.h"
#include "web/model/text_util.h"
#include "web/model/worker_view.h"

namespace cmwq::web {

// One step of size @p size; a line step follows followed_task() and selects it.
bool App::step_forward(StepSize size) {
  ui_.selected_event = -1;  // the panels follow the new point (a selected event would pin the Code panel)
  const Nanos before = runs_.now();
  const int32_t task = size == StepSize::Line ? followed_task() : -1;
  if (size == StepSize::Line && task < 0) {
    set_message("Line step: pick a worker or rescuer to follow (click it in Pools or on the Timeline)");
    return false;
  }
  if (runs_.step(size, task)) {
    if (task >= 0) ui_.selected_task = task;
    return true;
  }
  const World& w = runs_.first().sim().world();
  if (size == StepSize::Line)
    set_message(task_name(w, task) + " runs no further kernel line by " + format_time(runs_.first().step_limit()));
  else
    set_message("Nothing happened between " + format_time(before) + " and " + format_time(runs_.now()));
  return false;
}

int32_t App::followed_task() const {
  const World& w = runs_.first().sim().world();
  if (worker_of_task(w, ui_.selected_task) >= 0) return ui_.selected_task;
  const EventLog& log = runs_.first().sim().events();
  const Worker* latest = find_worker(w, latest_event_worker(w, log, static_cast<int64_t>(log.size()) - 1));
  return latest ? latest->task : -1;
}

bool App::api_step(std::string_view size) {
  job_.reset();
  ui_.playing = false;
  const std::optional<StepSize> s = size == "line"    ? std::optional(StepSize::Line)
                                    : size == "event" ? std::optional(StepSize::Event)
                                    : size == "over" || size.empty() ? std::optional(StepSize::Over)
                                                                      : std::nullopt;
  if (!s) return false;
  const bool r = step_forward(*s);
  sync_indexes();
  return r;
}

std::string App::api_follow(std::string_view task_name_text) {
  const World& w = runs_.first().sim().world();
  for (size_t t = 0; t < w.tasks.size(); ++t)
    if (w.tasks[t].comm == task_name_text && w.tasks[t].state != TaskState::Dead) {
      if (worker_of_task(w, static_cast<int32_t>(t)) < 0) return "not a worker or rescuer: " + std::string(task_name_text);
      ui_.selected_task = static_cast<int32_t>(t);
      return "";
    }
  return "no such task: " + std::string(task_name_text);
}

std::string App::api_code() const {
  const Simulation& sim = runs_.first().sim();
  const World& w = sim.world();
  const int32_t task = followed_task();
  const int32_t worker = worker_of_task(w, task);
  if (worker < 0) return "null";
  const CodePosition pos = sim.line() && sim.inside()->task == task ? *sim.line() : code_position(w, task);
  if (pos.frames.empty()) return "null";
  const CodeView view = worker_code(w, worker, &pos);
  const CodeFrame& f = view.stack.back();
  std::string text = f.current >= 0 ? f.lines[static_cast<size_t>(f.current)] : "";
  text.erase(0, text.find_first_not_of(' '));
  std::string out = "{\"task\":";
  append_json_string(out, task_name(w, task));
  out += ",\"function\":";
  append_json_string(out, f.function);
  const int line = kernel_line_number(pos.frames.back(), w.config.kernel);
  out += ",\"line\":" + (line > 0 ? std::to_string(line) : std::string("null"));
  out += ",\"tag\":";
  append_json_string(out, line_tag(pos.frames.back()));
  out += ",\"text\":";
  append_json_string(out, text);
  out += ",\"inside\":";
  out += sim.inside() ? "true" : "false";
  return out + "}";
}

}  // namespace cmwq::web
