// The web lab's session: scenario, simulation and replayable user commands.
#include "web/model/session.h"

#include <algorithm>

#include "core/scenario/change.h"
#include "core/scenario/world_names.h"

namespace cmwq::web {
namespace {

// A visible step looks no further than the scenario's end, or this far past it.
constexpr Nanos kStepHorizon = NSEC_PER_SEC;

// A command is line 1 of its own: errors say "1:COLUMN: error: ...".
constexpr SourcePos kCommandStart{1, 1};

// How many events of @p log at @p p's time come before @p p (the events of that instant
// a run had run through when it stood there).
uint64_t into_instant(const EventLog& log, const Position& p) {
  const auto end = log.begin() + static_cast<std::ptrdiff_t>(std::min<uint64_t>(p.events, log.size()));
  const auto first = std::lower_bound(log.begin(), end, p.time, [](const Event& e, Nanos t) { return e.time < t; });
  return static_cast<uint64_t>(end - first);
}

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  const size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

}  // namespace

Session::Session() = default;
Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

LoadResult Session::load(const std::string& text, const std::string& name, const LoadOptions& options) {
  ScenarioOptions parse_options;
  parse_options.kernel = options.kernel;
  ScenarioParse parsed = parse_scenario(text, name, parse_options);
  if (parsed.ok() && !options.change.empty()) parsed = change_scenario(*parsed.scenario, options.change);
  if (!parsed.ok()) return LoadResult{false, parsed.error};
  scenario_ = std::move(*parsed.scenario);
  if (options.seed) scenario_.machine.seed = *options.seed;
  // The page's heap is 2 GiB; a larger budget would end in an abort, not a stop.
  scenario_.budget.max_memory_mib = std::min(scenario_.budget.max_memory_mib, kBrowserMemoryMib);
  scenario_.budget.viewer_bytes_per_event = kViewerBytesPerEvent;
  options_ = options;
  text_ = text;
  name_ = name;
  reset();
  return LoadResult{true, std::nullopt};
}

void Session::reset() {
  sim_ = std::make_unique<Simulation>(build_world(scenario_), scenario_.until, scenario_.budget);
  log_.clear();
  rewound(0);
}

void Session::rewound(size_t prefix) {
  ++history_id_;
  rewinds_.emplace_back(history_id_, prefix);
  if (rewinds_.size() > 256) rewinds_.erase(rewinds_.begin(), rewinds_.begin() + 128);
}

size_t Session::unchanged_prefix(uint64_t since) const {
  if (since == history_id_) return SIZE_MAX;
  if (rewinds_.empty() || since > history_id_ || rewinds_.front().first > since + 1) return 0;
  size_t prefix = SIZE_MAX;
  for (const auto& [id, kept] : rewinds_)
    if (id > since) prefix = std::min(prefix, kept);
  return prefix;
}

Nanos Session::step_limit() const { return std::max(sim_->until(), sim_->now() + kStepHorizon); }

bool Session::step(Nanos limit) {
  if (limit < 0) limit = step_limit();
  return sim_->step_event(limit);
}

bool Session::step(StepSize size, int32_t task, Nanos limit) {
  if (limit < 0) limit = step_limit();
  // Forward only: a step inside the same action replays it, and the log it leaves holds
  // every event it held, unchanged (a run is deterministic), so nothing was rewound.
  return sim_->step(size, task, limit);
}

bool Session::step_back() {
  if (!sim_->step_back()) return false;
  rewound(sim_->events().size());
  return true;
}

void Session::run_until(Nanos t) {
  // Visible steps only (not Simulation::run_until(), which can leave history marks
  // right after an action that emitted nothing): every point this leaves, and every
  // point step_back() returns to, is one a Position reaches exactly.
  while (sim_->step_event(t)) {
  }
  if (sim_->now() < t) sim_->run_until(t);  // nothing is due any more: just the clock
}

void Session::seek(Nanos t) {
  if (t >= sim_->now()) {
    run_until(t);
    return;
  }
  const uint64_t actions = sim_->actions();
  const size_t events = sim_->events().size();
  sim_->seek(t);
  if (sim_->actions() == actions && sim_->events().size() == events) return;  // only the clock went back
  rewound(sim_->events().size());
}

Position Session::position() const {
  const World& w = sim_->world();
  const Nanos next = next_action_time(w);
  if (const std::optional<InsideAction> in = sim_->inside()) return Position{w.now, sim_->events().size(), false, *in};
  return Position{w.now, sim_->events().size(), next < 0 || next > w.now, InsideAction{}};
}

std::vector<Command> Session::commands() const {
  std::vector<Command> out;
  const uint64_t n = sim_->actions();
  for (const Command& c : log_)
    if (c.action <= n) out.push_back(c);
  return out;
}

std::string Session::command(const std::string& text) {
  const std::string t = trim(text);
  // Giving a command discards the old future beyond this point, as Simulation does.
  const uint64_t n = sim_->actions();
  const Position at = position();
  log_.erase(std::remove_if(log_.begin(), log_.end(),
                            [&](const Command& c) { return c.action > n; }),
             log_.end());
  const size_t size_before = log_.size();
  std::string error = exec(t);
  if (error.empty() && log_.size() == size_before) log_.push_back(Command{at, n, t});
  return error;
}

std::optional<ScenarioError> Session::check_command(const std::string& text) const {
  return parse_action(trim(text), kCommandStart, WorldNames(sim_->names())).error;
}

std::string Session::exec(const std::string& t) {
  const WorldNames names(sim_->names());
  const ActionParse parsed = parse_action(t, kCommandStart, names);
  if (parsed.error) return parsed.error->format();
  sim_->inject(resolve_action(*parsed.action, names));
  return "";
}

void Session::reach(const Position& p) {
  if (p.inside.boundary > 0) {
    sim_->run_actions(p.inside.action);
    sim_->enter(p.inside);
    return;
  }
  if (p.time > 0 && sim_->now() < p.time - 1) run_until(p.time - 1);
  while (sim_->events().size() < p.events && step(std::max(p.time, sim_->now()))) {
  }
  if (p.settled && sim_->now() <= p.time) run_until(p.time);
}

std::string Session::restore(const std::vector<Command>& commands, const Position& target) {
  reset();
  std::string first_error;
  for (const Command& c : commands) {
    reach(c.at);
    const std::string err = command(c.text);
    if (!err.empty() && first_error.empty()) first_error = err;
  }
  reach(target);
  return first_error;
}

// The same time as another run's point, after @p into of that instant's events (or every
// one, when @p settled).
void Session::reach_instant(Nanos time, uint64_t into, bool settled) {
  if (time > 0 && sim_->now() < time - 1) run_until(time - 1);
  const EventLog& log = sim_->events();
  const auto first = std::lower_bound(log.begin(), log.end(), time, [](const Event& e, Nanos t) { return e.time < t; });
  const auto base = static_cast<uint64_t>(first - log.begin());
  while (log.size() - base < into && step(time)) {
  }
  if (settled && sim_->now() <= time) run_until(time);
}

std::string Session::replay(const std::vector<Command>& commands, const EventLog& their_log,
                            const Position& target) {
  reset();
  std::string first_error;
  for (const Command& c : commands) {
    reach_instant(c.at.time, into_instant(their_log, c.at), c.at.settled);
    const std::string err = command(c.text);
    if (!err.empty() && first_error.empty()) first_error = err;
  }
  reach_instant(target.time, into_instant(their_log, target), target.settled);
  return first_error;
}

}  // namespace cmwq::web
