// Core events/s and actions/s on the generated burn-and-sleep scenarios: the world
// stepped bare (the model alone), then the same run through Simulation (the event log
// and the step-back history, what `cmwq run` and the web app pay).

#include "bench.h"
#include "core/simulation.h"
#include "core/world.h"

namespace cmwq::bench {
namespace {

struct Run {
  double seconds = 0;
  uint64_t events = 0;
  uint64_t actions = 0;
};

Run bare_world_run(const Scenario& s) {
  World w = build_world(s).world;
  take_events(w);
  Run r;
  const double start = cpu_seconds();
  for (Nanos t = next_action_time(w); t >= 0 && t <= s.until; t = next_action_time(w)) {
    step(w);
    r.events += take_events(w).size();
  }
  r.seconds = cpu_seconds() - start;
  r.actions = w.actions_run;
  return r;
}

Run simulation_run(const Scenario& s, std::string& note) {
  Simulation sim(build_world(s), s.until, s.budget);
  const size_t boot_events = sim.events().size();
  const double start = cpu_seconds();
  sim.run_until(s.until);
  Run r{cpu_seconds() - start, sim.events().size() - boot_events, sim.actions()};
  if (sim.budget_stop()) note = "stopped by the budget: " + sim.budget_stop()->message();
  return r;
}

}  // namespace

void core_figures(Report& r, const Sizes& sizes) {
  for (const int works : sizes.works) {
    const Scenario s = must_parse(burn_sleep_scenario(64, works));
    const std::string size = "64 CPUs x " + size_text(works) + " works";
    const Run core = bare_world_run(s);
    const std::string counts = std::to_string(core.events) + " events, " + std::to_string(core.actions) + " actions";
    r.rate("core events/s, " + size, core.events / core.seconds, "events/s", counts);
    r.rate("core actions/s, " + size, core.actions / core.seconds, "actions/s");
    std::string note;
    const Run sim = simulation_run(s, note);
    if (note.empty()) note = std::to_string(sim.seconds / core.seconds).substr(0, 4) + "x the core's time";
    r.rate("Simulation events/s (log + history), " + size, sim.events / sim.seconds, "events/s", note);
  }
}

}  // namespace cmwq::bench
