// The front end's compare mode and kernel selector: what App does with their requests,
// the second run's indexes, the link's compare keys and the automation API's calls.
#include <algorithm>

#include "core/trace/divergence.h"
#include "core/trace/text.h"
#include "core/world_view.h"
#include "web/app.h"
#include "web/model/state_json.h"
#include "web/model/text_util.h"

namespace cmwq::web {

// The Timeline: the first run, and while comparing the second below it.
void App::draw_timeline() {
  const Session& a = runs_.first();
  const size_t unchanged = a.unchanged_prefix(timeline_history_);
  timeline_history_ = a.history_id();
  if (!runs_.comparing()) {
    timeline_.draw(a.sim(), ui_, nullptr, unchanged);
    return;
  }
  const std::optional<Divergence>& d = runs_.difference();
  const auto what = [](const Session& s) {
    return std::string("kernel ") + kernel_version_name(s.scenario().machine.kernel);
  };
  const Session& b = runs_.second();
  const TimelineSecondRun second{b.sim(), runs_.now(), d ? &*d : nullptr, b.unchanged_prefix(timeline_history_b_),
                                 what(a) + ", as loaded", what(b) + ", changed: " + runs_.change()};
  timeline_history_b_ = b.history_id();
  timeline_.draw(a.sim(), ui_, &second, unchanged);
}

void App::sync_second_indexes() {
  if (!runs_.comparing()) return;
  const Session& b = runs_.second();
  const size_t unchanged = b.unchanged_prefix(indexes_history_b_);
  index_b_.update(b.sim().events(), unchanged);
  text_b_.update(b.sim().world(), b.sim().events(), unchanged);
  indexes_history_b_ = b.history_id();
}

// True once the long run in progress got where it goes: an event of its type in either
// run since @p before_first / @p before_second events, or the runs' first difference.
bool App::job_reached(size_t before_first, size_t before_second) {
  const Job& job = *job_;
  if (job.difference) {
    runs_.update();
    if (!runs_.difference()) return false;
    ui_.selected_event = static_cast<int64_t>(runs_.difference()->index);
    set_message("The runs differ first at " + format_time(runs_.difference()->time));
    return true;
  }
  if (!job.type) return false;
  const auto find = [&](const Session& s, size_t from) -> int64_t {
    const EventLog& log = s.sim().events();
    for (size_t k = from; k < log.size(); ++k)
      if (log[k].type == *job.type) return static_cast<int64_t>(k);
    return -1;
  };
  const int64_t a = find(runs_.first(), before_first);
  const int64_t b = runs_.comparing() ? find(runs_.second(), before_second) : -1;
  if (a < 0 && b < 0) return false;
  if (a >= 0) {
    ui_.selected_event = a;
    // Line steps follow the task of the event reached: the rescuer a mayday calls, the
    // rescuer after "run to next rescuer", the new worker after "run to next worker".
    const World& w = runs_.first().sim().world();
    const Event& e = runs_.first().sim().events()[static_cast<size_t>(a)];
    const Worker* rescuer = e.type == EventType::MaydaySent && find_wq(w, e.wq) ? find_worker(w, find_wq(w, e.wq)->rescuer) : nullptr;
    const int32_t task = rescuer ? rescuer->task : e.task;
    if (worker_of_task(w, task) >= 0) ui_.selected_task = task;
  }
  const Session& where = a >= 0 ? runs_.first() : runs_.second();
  const std::string run = !runs_.comparing() ? "" : a >= 0 && b >= 0 ? " (both runs)" : a >= 0 ? " (run A)" : " (run B)";
  set_message("Stopped at the " + job.what + " at " +
              format_time(where.sim().events()[static_cast<size_t>(a >= 0 ? a : b)].time) + run);
  return true;
}

std::string App::start_compare(const std::string& change) {
  const std::string error = runs_.compare(change);
  if (!error.empty()) return error;
  index_b_.clear();
  text_b_ = EventFormatter();
  indexes_history_b_ = timeline_history_b_ = UINT64_MAX;
  job_.reset();
  ui_.playing = false;
  relayout_ = true;  // the Timeline grows for two runs
  sync_indexes();
  set_message("Comparing with the second run changed: " + change);
  return "";
}

void App::leave_compare() {
  if (!runs_.comparing()) return;
  runs_.stop_comparing();
  job_.reset();
  relayout_ = true;
  set_message("Back to one run");
}

void App::set_kernel(KernelGeneration kernel) {
  if (kernel == runs_.kernel()) return;
  std::string note;
  job_.reset();
  ui_.playing = false;
  runs_.set_kernel(kernel, note);
  index_b_.clear();
  text_b_ = EventFormatter();
  indexes_history_b_ = timeline_history_b_ = UINT64_MAX;
  ui_.selected_event = -1;
  sync_indexes();
  set_message(note.empty() ? std::string("Running ") + runs_.first().name() + " under kernel " +
                                 kernel_version_name(kernel) + " (your commands given again at their times)"
                           : note);
}

void App::apply_compare_requests() {
  if (req_.kernel) set_kernel(*req_.kernel);
  if (req_.leave_compare) leave_compare();
  if (req_.compare) {
    const std::string error = start_compare(*req_.compare);
    if (!error.empty()) set_message("Cannot compare: " + error);
  }
  if (req_.run_to_difference && runs_.comparing()) {
    ui_.playing = false;
    if (const std::optional<Divergence>& d = runs_.difference()) {
      if (d->time < runs_.now()) runs_.seek(d->time);  // back to the instant where they part
      ui_.selected_event = static_cast<int64_t>(d->index);
      set_message("The runs differ first at " + format_time(d->time));
    } else {
      job_ = Job{std::nullopt, runs_.now() + 60 * NSEC_PER_SEC, "difference", true};
    }
  }
}

void App::link_compare(LinkState& s) const {
  if (runs_.first().options().kernel) s.kernel = kernel_version_name(runs_.kernel());
  if (!runs_.comparing()) return;
  s.compare = runs_.change();
  s.second_at = runs_.second().position();
  s.second_commands = runs_.second().commands();
}

std::string App::apply_link_compare(const LinkState& s) {
  index_b_.clear();
  indexes_history_b_ = timeline_history_b_ = UINT64_MAX;
  if (s.compare.empty()) return "";
  const std::string error = runs_.compare(s.compare);
  if (!error.empty()) return error;
  text_b_ = EventFormatter();
  relayout_ = true;
  if (s.second_at) return runs_.restore_second(s.second_commands, *s.second_at);
  return "";
}

// --- automation API ----------------------------------------------------------------

std::string App::api_compare(const char* change) {
  if (change == nullptr) {
    leave_compare();
    sync_indexes();
    return "";
  }
  const std::string error = start_compare(change);
  sync_indexes();
  return error;
}

std::string App::api_difference() {
  sync_indexes();
  const std::optional<Divergence>& d = runs_.difference();
  if (!runs_.comparing() || !d) return "null";
  std::string s;
  appendf(s, "{\"index\":%zu,\"time_ns\":%lld,\"time\":", d->index, static_cast<long long>(d->time));
  append_json_string(s, format_time(d->time));
  for (const auto& [key, look] : {std::pair{"a", &d->a}, std::pair{"b", &d->b}}) {
    appendf(s, ",\"%s\":", key);
    if (*look) {
      s += "{\"type\":";
      append_json_string(s, event_type_name((*look)->type));
      s += ",\"text\":";
      append_json_string(s, (*look)->text);
      s += "}";
    } else {
      s += "null";
    }
  }
  return s + "}";
}

std::string App::api_kernel(std::string_view name) {
  const std::optional<KernelGeneration> k = parse_kernel_version(name);
  if (!k) {
    std::string known;
    for (const KernelVersion& v : kernel_versions()) known += std::string(known.empty() ? "" : ", ") + v.name;
    return "unknown kernel `" + std::string(name) + "`: the model follows " + known;
  }
  set_kernel(*k);
  return "";
}

}  // namespace cmwq::web
