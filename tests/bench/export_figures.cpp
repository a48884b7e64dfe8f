// Export speed: the formatters of `cmwq run --format ...` on one run of the requeue loop.
#include <functional>

#include "bench.h"
#include "core/simulation.h"
#include "core/trace/format.h"

namespace cmwq::bench {

void export_figures(Report& r, const Sizes& sizes) {
  const Nanos until = 1000 * NSEC_PER_SEC;
  const Scenario s = must_parse(requeue_loop_scenario(64, until));
  RunBudget budget = s.budget;
  budget.max_events = sizes.export_events;
  Simulation sim(build_world(s), until, budget);
  sim.run_until(until);
  const World& w = sim.world();
  const EventLog& events = sim.events();
  const std::pair<const char*, std::function<std::string()>> formats[] = {
      {"json", [&] { return format_json(w, events, sim.now()); }},
      {"perfetto", [&] { return format_perfetto(w, events, sim.now()); }},
      {"table", [&] { return format_table(w, events); }},
  };
  for (const auto& [name, format] : formats) {
    const double start = cpu_seconds();
    const size_t bytes = format().size();
    const double seconds = cpu_seconds() - start;
    const std::string size = size_text(sizes.export_events) + " events";
    const double per_second = events.size() / seconds;
    r.other({std::string("export ") + name + ", " + size, bytes / seconds / 1e6, "MB/s",
             per_second * r.bare_ns_per_event / 1e9, "x bare (events/s)",
             mb_text(bytes) + ", " + std::to_string(per_second / 1e6).substr(0, 4) + " M events/s"});
  }
}

}  // namespace cmwq::bench
