// Scenario parse time per work: the whole of parse_scenario() against toml++ alone
// (toml::parse of the same text, which parse_scenario() runs first), and build_world().

#include "bench.h"
#include "core/scenario/toml_parse.h"

namespace cmwq::bench {

void parse_figures(Report& r, const Sizes& sizes) {
  for (const int works : sizes.works) {
    const std::string text = burn_sleep_scenario(64, works);
    const std::string size = "64 CPUs x " + size_text(works) + " works";
    const std::string mib = mb_text(text.size()) + " of TOML";
    double start = cpu_seconds();
    {
      const toml::parse_result t = toml::parse(text);
      if (!t) std::fprintf(stderr, "core_bench: toml++ refused the generated text\n");
    }  // the table is freed inside the timing, as parse_scenario() frees its own
    const double toml_s = cpu_seconds() - start;
    start = cpu_seconds();
    const Scenario s = must_parse(text);
    const double ours_s = cpu_seconds() - start;
    start = cpu_seconds();
    const ScenarioWorld w = build_world(s);
    const double build_s = cpu_seconds() - start;
    r.time("toml::parse alone, per work, " + size, toml_s / works, "us", 1e3, mib);
    r.time("parse_scenario, per work, " + size, ours_s / works, "us", 1e3,
           std::to_string(ours_s / toml_s).substr(0, 4) + "x toml++ alone");
    static_cast<void>(w);
    r.time("build_world, per work, " + size, build_s / works, "us", 1e3);
  }
}

}  // namespace cmwq::bench
