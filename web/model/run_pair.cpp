// The web app's runs: its session, and the second run of a comparison moved with it.
#include "web/model/run_pair.h"

#include <algorithm>

namespace cmwq::web {
namespace {

// The time of a run's last event (its last visible step), or -1 for none.
Nanos last_event_time(const Session& s) {
  const EventLog& log = s.sim().events();
  return log.empty() ? -1 : log.back().time;
}

RunEvents run_events(const Session& s) {
  const Position p = s.position();
  return RunEvents{s.sim().world(), s.sim().events(), {p.time, p.settled}};
}

}  // namespace

RunPair::RunPair() = default;
RunPair::~RunPair() = default;

std::unique_ptr<Session> RunPair::build_second(const std::string& change, std::string& error) const {
  LoadOptions options = first_.options();
  options.change = change;
  auto second = std::make_unique<Session>();
  const LoadResult r = second->load(first_.text(), first_.name(), options);
  if (!r.ok) {
    error = r.error->format();
    return nullptr;
  }
  second->replay(first_.commands(), first_.sim().events(), first_.position());
  return second;
}

std::string RunPair::compare(const std::string& change) {
  std::string error;
  std::unique_ptr<Session> second = build_second(change, error);
  if (!second) return error;
  second_ = std::move(second);
  change_ = change;
  finder_.rewind(0);
  history_a_ = history_b_ = UINT64_MAX;
  update();
  return "";
}

void RunPair::stop_comparing() {
  second_.reset();
  change_.clear();
  finder_.rewind(0);
}

LoadResult RunPair::load(const std::string& text, const std::string& name, const LoadOptions& options,
                      std::string& note) {
  const LoadResult r = first_.load(text, name, options);
  if (!r.ok || !second_) return r;
  const std::string change = change_;
  const std::string error = compare(change);
  if (!error.empty()) {
    stop_comparing();
    note = "Stopped comparing: `" + change + "` does not fit " + name + ": " + error;
  }
  return r;
}

void RunPair::set_kernel(std::optional<KernelGeneration> kernel, std::string& note) {
  const std::vector<Command> commands = first_.commands();
  const EventLog log = first_.sim().events();
  const Position at = first_.position();
  LoadOptions options = first_.options();
  options.kernel = kernel;
  if (!first_.load(first_.text(), first_.name(), options).ok) return;  // a kernel never makes the text fail
  first_.replay(commands, log, at);
  if (!second_) return;
  const std::string change = change_;
  const std::string error = compare(change);
  if (!error.empty()) {
    stop_comparing();
    note = "Stopped comparing: `" + change + "` no longer changes anything: " + error;
  }
}

Nanos RunPair::now() const {
  const Nanos a = first_.sim().now();
  return second_ ? std::max(a, second_->sim().now()) : a;
}

bool RunPair::step(Nanos limit) {
  if (!second_) return first_.step(limit);
  if (limit < 0) limit = std::max(first_.step_limit(), second_->step_limit());
  for (;;) {
    const Nanos ta = next_action_time(first_.sim().world());
    const Nanos tb = next_action_time(second_->sim().world());
    const Nanos t = ta < 0 ? tb : tb < 0 ? ta : std::min(ta, tb);
    if (t < 0 || t > limit) return false;
    // Both run what is due at t until one visible step each; a run with nothing to show
    // there only runs its silent actions, and the loop moves to the next instant.
    const bool a = first_.step(t);
    const bool b = second_->step(t);
    if (a || b) return true;
  }
}

bool RunPair::step(StepSize size, int32_t task, Nanos limit) {
  if (second_ || size == StepSize::Over) return step(limit);
  return first_.step(size, task, limit);
}

bool RunPair::step_back() {
  if (!second_) return first_.step_back();
  const Nanos la = last_event_time(first_), lb = last_event_time(*second_);
  bool a = la >= lb && first_.step_back();
  bool b = lb >= la && second_->step_back();
  if (!a && !b) {  // the later one could not (it is at its start): the other may
    a = la < lb && first_.step_back();
    b = lb < la && second_->step_back();
  }
  if (!a && !b) return false;
  // One time again: where the undone run went back to, or the other run's last event if
  // later. A run whose clock ran on past it with nothing happening goes back to it.
  Nanos t = -1;
  for (const auto& [s, undone] : {std::pair{&first_, a}, std::pair{second_.get(), b}})
    t = std::max(t, undone ? s->sim().now() : last_event_time(*s));
  for (Session* s : {&first_, second_.get()})
    if (s->sim().now() > t) s->seek(t);
  return true;
}

void RunPair::run_until(Nanos t) {
  first_.run_until(t);
  if (second_) second_->run_until(t);
}

void RunPair::seek(Nanos t) {
  first_.seek(t);
  if (second_) second_->seek(t);
}

void RunPair::reset() {
  first_.reset();
  if (second_) second_->reset();
}

std::string RunPair::command(const std::string& text) {
  if (second_) run_until(now());  // the command happens at the same time in both
  const std::string error = first_.command(text);
  if (!error.empty() || !second_) return error;
  const std::string second_error = second_->command(text);
  return second_error.empty() ? "" : "second run: " + second_error;
}

std::string RunPair::restore_second(const std::vector<Command>& commands, const Position& target) {
  if (!second_) return "";
  return second_->restore(commands, target);
}

void RunPair::update() {
  if (!second_) return;
  const size_t keep = std::min(first_.unchanged_prefix(history_a_), second_->unchanged_prefix(history_b_));
  if (keep != SIZE_MAX) finder_.rewind(keep);
  history_a_ = first_.history_id();
  history_b_ = second_->history_id();
  finder_.update(run_events(first_), run_events(*second_));
}

}  // namespace cmwq::web
