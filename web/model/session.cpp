// The web lab's session: scenario, simulation and replayable user commands.
#include "web/model/session.h"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace cmwq::web {
namespace {

// A visible step looks no further than the scenario's end, or this far past it.
constexpr Nanos kStepHorizon = NSEC_PER_SEC;

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  const size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

std::vector<std::string> tokens(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string t; in >> t;) out.push_back(t);
  return out;
}

std::optional<int64_t> to_int(const std::string& s) {
  int64_t v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// A TOML basic string holding @p s.
std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n' || c == '\r') c = ' ';
    out += c;
  }
  return out + "\"";
}

int32_t lookup(const std::map<std::string, int32_t>& m, const std::string& name) {
  const auto it = m.find(name);
  return it == m.end() ? -1 : it->second;
}

}  // namespace

std::vector<std::string> split_ops(const std::string& ops) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= ops.size()) {
    size_t end = ops.find(';', start);
    if (end == std::string::npos) end = ops.size();
    std::string piece = trim(ops.substr(start, end - start));
    if (!piece.empty()) out.push_back(piece);
    start = end + 1;
  }
  return out;
}

Session::Session() = default;
Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

LoadResult Session::load(const std::string& text, const std::string& name, std::optional<uint64_t> seed) {
  ScenarioParse parsed = parse_scenario(text, name);
  if (!parsed.ok()) return LoadResult{false, parsed.error};
  scenario_ = std::move(*parsed.scenario);
  if (seed) scenario_.machine.seed = *seed;
  text_ = text;
  name_ = name;
  reset();
  return LoadResult{true, std::nullopt};
}

void Session::reset() {
  sim_ = std::make_unique<Simulation>(build_world(scenario_), scenario_.until);
  log_.clear();
  current_applied_ = true;
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

void Session::forward_ran(uint64_t actions_before) {
  if (sim_->actions() != actions_before) current_applied_ = false;
}

bool Session::step(Nanos limit) {
  if (limit < 0) limit = std::max(sim_->until(), sim_->now() + kStepHorizon);
  const uint64_t before = sim_->actions();
  const bool stepped = sim_->step_event(limit);
  forward_ran(before);
  return stepped;
}

bool Session::step_back() {
  if (!sim_->step_back()) return false;
  current_applied_ = true;
  rewound(sim_->events().size());
  return true;
}

void Session::run_until(Nanos t) {
  // Visible steps only (not Simulation::run_until(), which can leave history marks
  // right after an action that emitted nothing): every point this leaves, and every
  // point step_back() returns to, is one a Position reaches exactly.
  const uint64_t before = sim_->actions();
  while (sim_->step_event(t)) {
  }
  if (sim_->now() < t) sim_->run_until(t);  // nothing is due any more: just the clock
  forward_ran(before);
}

void Session::seek(Nanos t) {
  if (t >= sim_->now()) {
    run_until(t);
    return;
  }
  sim_->seek(t);
  current_applied_ = true;
  rewound(sim_->events().size());
}

Position Session::position() const {
  const World& w = sim_->world();
  const Nanos next = next_action_time(w);
  return Position{w.now, sim_->events().size(), next < 0 || next > w.now};
}

std::vector<Command> Session::commands() const {
  std::vector<Command> out;
  const uint64_t n = sim_->actions();
  for (const Command& c : log_)
    if (c.action < n || (c.action == n && current_applied_)) out.push_back(c);
  return out;
}

std::optional<Program> Session::parse_program(const std::string& ops, const std::string& func,
                                              std::string& error) const {
  const std::vector<std::string> list = split_ops(ops);
  if (list.empty()) {
    error = "the program is empty: write operations such as `burn 1ms; sleep 5ms`";
    return std::nullopt;
  }
  // Let the scenario parser check the operations, with the running scenario's names:
  // its text plus one more [[work]], one operation per line.
  std::string text = text_;
  if (!text.empty() && text.back() != '\n') text += '\n';
  const int first_line = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 5;
  text += "\n[[work]]\nname = \"__cmwq_web_program\"\nfunction = " + toml_string(func) + "\nprogram = [\n";
  for (const std::string& op : list) text += toml_string(op) + ",\n";
  text += "]\n";
  ScenarioParse parsed = parse_scenario(text, name_);
  if (!parsed.ok()) {
    const ScenarioError& e = *parsed.error;
    const int index = e.pos.line - first_line;
    if (index >= 0 && index < static_cast<int>(list.size()))
      error = "`" + list[static_cast<size_t>(index)] + "`: " + e.message;
    else
      error = e.message;
    return std::nullopt;
  }
  const WorkSpec& spec = parsed.scenario->works.back();
  const ScenarioWorld& names = sim_->names();
  Program program{func, {}};
  for (const OpSpec& s : spec.program) {
    std::string missing;
    const std::optional<Op> op = resolve_op(names, s, missing);
    if (!op) {
      error = "`" + s.text + "`: `" + missing +
              "` is not in the running scenario (works can only use its workqueues, works, completions and mutexes)";
      return std::nullopt;
    }
    program.ops.push_back(*op);
  }
  return program;
}

std::string Session::command(const std::string& text) {
  const std::string t = trim(text);
  // Giving a command discards the old future beyond this point, as Simulation does.
  const uint64_t n = sim_->actions();
  const Position at = position();
  log_.erase(std::remove_if(log_.begin(), log_.end(),
                            [&](const Command& c) { return c.action > n || (c.action == n && !current_applied_); }),
             log_.end());
  current_applied_ = true;
  const size_t size_before = log_.size();
  std::string error = exec(t);
  if (error.empty() && log_.size() == size_before) log_.push_back(Command{at, n, t});
  return error;
}

std::string Session::exec(const std::string& t) {
  const World& w = sim_->world();
  const ScenarioWorld& names = sim_->names();
  const std::vector<std::string> tok = tokens(t.substr(0, t.find(':')));
  if (tok.empty()) return "empty command";
  const std::string& verb = tok[0];

  if (verb == "hog" || verb == "release") {
    if (tok.size() != 2) return verb + " PAGES, or " + verb + " all";
    ScriptedAction a;
    a.op = verb == "hog" ? ScriptOp::Hog : ScriptOp::Release;
    if (tok[1] == "all") {
      a.count = INT64_MAX;
    } else {
      const auto v = to_int(tok[1]);
      if (!v || *v <= 0) return "`" + tok[1] + "` is not a page count";
      a.count = *v;
    }
    a.text = t;
    sim_->inject(a);
    return "";
  }

  if (verb == "set_max_active") {
    if (tok.size() != 3) return "set_max_active WQ N";
    const int32_t wq = lookup(names.workqueues, tok[1]);
    if (wq < 0) return "no workqueue `" + tok[1] + "`";
    const auto v = to_int(tok[2]);
    if (!v || *v < 1 || *v > WQ_MAX_ACTIVE) return "max_active must be between 1 and " + std::to_string(WQ_MAX_ACTIVE);
    ScriptedAction a;
    a.op = ScriptOp::SetMaxActive;
    a.wq = wq;
    a.count = *v;
    a.text = t;
    sim_->inject(a);
    return "";
  }

  if (verb == "drain_workqueue" || verb == "destroy_workqueue") {
    if (tok.size() != 2) return verb + " WQ";
    const int32_t wq = lookup(names.workqueues, tok[1]);
    if (wq < 0) return "no workqueue `" + tok[1] + "`";
    const bool destroy = verb == "destroy_workqueue";
    if (destroy) {
      const auto& sys = system_workqueue_names();
      if (std::find(sys.begin(), sys.end(), tok[1]) != sys.end())
        return "`" + tok[1] + "` is a system workqueue, which is never destroyed";
    }
    ScriptedAction a;
    a.op = destroy ? ScriptOp::DestroyWorkqueue : ScriptOp::DrainWorkqueue;
    a.wq = wq;
    a.text = t;
    sim_->inject(a);
    return "";
  }

  // cpu=N or cpu=any among the tokens from @p first.
  auto cpu_option = [&](size_t first, int& cpu, std::string& err) {
    for (size_t i = first; i < tok.size(); ++i) {
      if (tok[i].rfind("cpu=", 0) != 0) continue;
      const std::string v = tok[i].substr(4);
      if (v == "any") {
        cpu = -1;
        continue;
      }
      const auto c = to_int(v);
      if (!c || *c < 0 || *c >= static_cast<int64_t>(w.cpus.size())) {
        err = "cpu must be `any` or between 0 and " + std::to_string(w.cpus.size() - 1);
        return false;
      }
      cpu = static_cast<int>(*c);
    }
    return true;
  };

  if (verb == "queue_work") {
    if (tok.size() < 3) return "queue_work WQ WORK [cpu=N]";
    const int32_t wq = lookup(names.workqueues, tok[1]);
    if (wq < 0) return "no workqueue `" + tok[1] + "`";
    const int32_t work = lookup(names.works, tok[2]);
    if (work < 0) return "no work `" + tok[2] + "`";
    int cpu = -1;
    std::string err;
    if (!cpu_option(3, cpu, err)) return err;
    ScriptedAction a;
    a.op = ScriptOp::QueueWork;
    a.wq = wq;
    a.work = work;
    a.cpu = cpu;
    a.from_cpu = cpu < 0 ? 0 : cpu;
    a.text = t;
    sim_->inject(a);
    return "";
  }

  if (verb == "queue") {
    const size_t colon = t.find(':');
    if (tok.size() < 2 || colon == std::string::npos)
      return "queue WQ cpu=N count=K name=PREFIX: OP; OP; ... (e.g. queue q0 cpu=0 count=3 name=blk: burn 1ms)";
    const int32_t wq = lookup(names.workqueues, tok[1]);
    if (wq < 0) return "no workqueue `" + tok[1] + "`";
    int cpu = -1;
    int64_t count = 1;
    std::string prefix = "uw";
    std::string err;
    if (!cpu_option(2, cpu, err)) return err;
    for (size_t i = 2; i < tok.size(); ++i) {
      if (tok[i].rfind("count=", 0) == 0) {
        const auto c = to_int(tok[i].substr(6));
        if (!c || *c < 1 || *c > 64) return "count must be between 1 and 64";
        count = *c;
      } else if (tok[i].rfind("name=", 0) == 0) {
        prefix = tok[i].substr(5);
        const bool good = !prefix.empty() && std::all_of(prefix.begin(), prefix.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        });
        if (!good) return "name must be letters, digits and _";
      } else if (tok[i].rfind("cpu=", 0) != 0) {
        return "unexpected `" + tok[i] + "` (expected cpu=, count= or name=)";
      }
    }
    std::string perr;
    const std::optional<Program> program = parse_program(t.substr(colon + 1), prefix + "_fn", perr);
    if (!program) return perr;
    for (int64_t i = 0; i < count; ++i) {
      const std::string name = prefix + std::to_string(sim_->world().wq.works.size());
      const int32_t work = sim_->inject_work(name, *program);
      ScriptedAction a;
      a.op = ScriptOp::QueueWork;
      a.wq = wq;
      a.work = work;
      a.cpu = cpu;
      a.from_cpu = cpu < 0 ? 0 : cpu;
      a.text = "queue_work " + tok[1] + " " + name + (cpu < 0 ? "" : " cpu=" + std::to_string(cpu));
      sim_->inject(a);
    }
    return "";
  }
  return "unknown command `" + verb +
         "`: expected hog, release, queue, queue_work, set_max_active, drain_workqueue or destroy_workqueue";
}

void Session::reach(const Position& p) {
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

}  // namespace cmwq::web
