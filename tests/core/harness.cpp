#include "harness.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace cmwq::test {

Program burn_sleep(const std::string& func, std::initializer_list<std::pair<OpCode, Nanos>> ops) {
  Program p;
  p.func = func;
  for (const auto& [code, ns] : ops) {
    Op op;
    op.code = code;
    op.ns = ns;
    p.ops.push_back(op);
  }
  return p;
}

MachineConfig with_cpus(int n) {
  MachineConfig c;
  c.cpus = n;
  return c;
}

Op op(OpCode code, int32_t a, int32_t b, Nanos ns) {
  Op o;
  o.code = code;
  o.a = a;
  o.b = b;
  o.ns = ns;
  return o;
}

Simulation load_shipped(const std::string& name) {
  std::ifstream in(std::string(CMWQ_SOURCE_DIR) + "/scenarios/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  const ScenarioParse p = parse_scenario(ss.str(), name);
  if (!p.ok()) {
    ADD_FAILURE() << name << " does not parse: " << (p.error ? p.error->format() : "");
    return Simulation(build_world(Scenario{}));
  }
  return Simulation(build_world(*p.scenario), p.scenario->until, p.scenario->budget);
}

int32_t task_named(const World& w, const std::string& comm) {
  for (size_t i = 0; i < w.tasks.size(); ++i)
    if (w.tasks[i].comm == comm) return static_cast<int32_t>(i);
  ADD_FAILURE() << "no task " << comm;
  return -1;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string source_file(const std::string& path) { return read_file(std::string(CMWQ_SOURCE_DIR) + "/" + path); }

std::vector<std::filesystem::path> shipped_scenario_files() {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  const fs::path root(CMWQ_SOURCE_DIR);
  for (const auto& e : fs::directory_iterator(root / "scenarios"))
    if (e.path().extension() == ".toml") out.push_back(e.path());
  for (const auto& lab : fs::directory_iterator(root / "labs")) {
    if (!lab.is_directory()) continue;
    for (const auto& e : fs::directory_iterator(lab.path()))
      if (e.path().extension() == ".toml" && e.path().filename() != "lab.toml") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

ScenarioWorld scenario_world(const std::string& toml, KernelGeneration kernel) {
  ScenarioOptions options;
  options.kernel = kernel;
  const ScenarioParse p = parse_scenario(toml, "test.toml", options);
  if (!p.ok()) {
    ADD_FAILURE() << "scenario does not parse: " << (p.error ? p.error->format() : "");
    return build_world(Scenario{});
  }
  return build_world(*p.scenario);
}

void act(Harness& h, Nanos t, ScriptOp what, int32_t wq, int32_t work, int cpu, int from_cpu) {
  ScriptedAction a;
  a.time = t;
  a.op = what;
  a.wq = wq;
  a.work = work;
  a.cpu = cpu;
  a.from_cpu = from_cpu;
  add_scripted_action(h.w, a);
}

void queue_at(Harness& h, Nanos t, int32_t wq, int32_t work, int cpu, int from_cpu) {
  act(h, t, ScriptOp::QueueWork, wq, work, cpu, from_cpu);
}

void Harness::drain() {
  for (Event& e : take_events(w)) log.push_back(e);
}

void Harness::step_checked() {
  step(w);
  drain();
  const std::string bad = check_invariants(w);
  if (!bad.empty()) {
    violated = true;
    ADD_FAILURE() << "invariant broken after action " << w.actions_run << " at t=" << w.now << "ns: " << bad;
  }
}

void Harness::run_until(Nanos t) {
  while (!violated && next_action_time(w) >= 0 && next_action_time(w) <= t) step_checked();
  if (!violated) cmwq::run_until(w, t);
  drain();
}

std::optional<Event> Harness::run_to_event(const std::function<bool(const Event&)>& pred, Nanos limit) {
  while (!violated && next_action_time(w) >= 0 && next_action_time(w) <= limit) {
    const size_t before = log.size();
    step_checked();
    for (size_t i = before; i < log.size(); ++i)
      if (pred(log[i])) return log[i];
  }
  return std::nullopt;
}

std::vector<Event> Harness::of(EventType type) const {
  std::vector<Event> out;
  for (const Event& e : log)
    if (e.type == type) out.push_back(e);
  return out;
}

std::vector<Nanos> Harness::times(EventType type, int32_t work, int64_t op) const {
  std::vector<Nanos> out;
  for (const Event& e : log)
    if (e.type == type && (work < 0 || e.work == work) && (op < 0 || e.a == op)) out.push_back(e.time);
  return out;
}

Nanos Harness::first_time(EventType type, int32_t work, int64_t op) const {
  const auto t = times(type, work, op);
  return t.empty() ? -1 : t.front();
}

}  // namespace cmwq::test
