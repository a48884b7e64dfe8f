// The step-back history at scale: bytes per event (Simulation::footprint(), the nominal
// figure the run budget counts) and the time of a step back, on the requeue loop run to
// a number of events. The run's budget is the default one: when it stops a run before
// the target, the figures are those of the events that ran and the note says so.
#include <algorithm>
#include <cstdio>

#include "bench.h"
#include "core/simulation.h"
#include "core/trace/format.h"
#include "core/world.h"
#include "core/world_view.h"

namespace cmwq::bench {
namespace {

// Simulated time enough for the largest run asked (about 4 M events per second).
constexpr Nanos kLoopUntil = 1000 * NSEC_PER_SEC;
constexpr int kStepBacks = 20;
constexpr int kLineSteps = 40;
constexpr int kSpread = 8;  // step backs at this many points spread over the run

// The world a fresh run reaches after @p actions actions, with its event count.
struct Fresh {
  World world;
  uint64_t events = 0;
};
Fresh fresh_run(const Scenario& s, uint64_t actions) {
  Fresh f{build_world(s).world, 0};
  f.events = take_events(f.world).size();
  while (f.world.actions_run < actions && step(f.world)) f.events += take_events(f.world).size();
  return f;
}

// Bounded memory must not be bought by dropping history: the world after stepping back
// is the one a fresh run reaches, and so is the log's length.
bool same_as_fresh(const Scenario& s, const Simulation& sim) {
  const Fresh f = fresh_run(s, sim.actions());
  const bool same = f.world.now == sim.world().now && f.world.actions_run == sim.actions() &&
                    f.events == sim.events().size() && format_dump(f.world) == format_dump(sim.world()) &&
                    format_summary(f.world) == format_summary(sim.world());
  if (!same) std::fprintf(stderr, "core_bench: a step back at action %llu differs from a fresh run\n",
                          static_cast<unsigned long long>(sim.actions()));
  return same;
}

// A step back at kSpread - 1 points spread over the run, each reached by seeking back to
// it: where a point falls between two snapshots decides how far its step back replays,
// so the worst of them stands for "anywhere". Each is checked against a fresh run.
bool spread_step_back_figures(Report& r, const Scenario& s, Simulation& sim, const std::string& size) {
  bool ok = true;
  const Nanos end = sim.now();
  double worst = 0;
  for (int k = kSpread - 1; k > 0; --k) {
    sim.seek(end / kSpread * k);
    const double start = cpu_seconds();
    sim.step_back();
    worst = std::max(worst, cpu_seconds() - start);
    ok = same_as_fresh(s, sim) && ok;
  }
  r.time("step back (worst at " + std::to_string(kSpread - 1) + " points spread over the run), " + size, worst, "ms",
         1e6);
  return ok;
}

// Line steps (Simulation::step(StepSize::Line)) from where the run stands, following the
// worker of the latest event: each replays its action from the nearest snapshot. Then
// Back over them.
void line_step_figures(Report& r, Simulation& sim, const std::string& size) {
  int32_t task = -1;
  const EventLog& log = sim.events();
  for (size_t i = log.size(); i-- > 0 && task < 0;)
    if (worker_of_task(sim.world(), log[i].task) >= 0) task = log[i].task;
  if (task < 0) return;
  double total = 0, worst = 0;
  int n = 0;
  for (; n < kLineSteps; ++n) {
    const double start = cpu_seconds();
    if (!sim.step(StepSize::Line, task, sim.now() + NSEC_PER_SEC)) break;
    const double t = cpu_seconds() - start;
    total += t;
    worst = std::max(worst, t);
  }
  if (n == 0) return;
  r.time("line step (mean of " + std::to_string(n) + " in the middle), " + size, total / n, "ms", 1e6);
  r.time("line step (worst of those), " + size, worst, "ms", 1e6);
  const double start = cpu_seconds();
  for (int i = 0; i < n; ++i) sim.step_back();
  r.time("step back over a line step (mean), " + size, (cpu_seconds() - start) / n, "ms", 1e6);
}

}  // namespace

bool history_figures(Report& r, const Sizes& sizes) {
  bool ok = true;
  const Scenario s = must_parse(requeue_loop_scenario(64, kLoopUntil));
  for (const uint64_t target : sizes.history_events) {
    RunBudget budget = s.budget;
    budget.max_events = target;
    Simulation sim(build_world(s), kLoopUntil, budget);
    sim.run_until(kLoopUntil);
    const uint64_t events = sim.events().size();
    std::string note = std::to_string(events) + " events, " + std::to_string(sim.snapshot_count()) + " snapshots";
    if (sim.budget_stop() && sim.budget_stop()->limit == BudgetLimit::Memory)
      note = "stopped by the memory budget at " + std::to_string(events) + " events: " + sim.budget_stop()->message();
    const std::string size = size_text(target) + " events";
    const double bytes = static_cast<double>(sim.footprint()) / static_cast<double>(events);
    r.other({"history bytes/event, " + size, bytes, "B/event", bytes / 16, "x a bare heap entry (16 B)", note});
    double total = 0, worst = 0;
    for (int i = 0; i < kStepBacks; ++i) {
      const double start = cpu_seconds();
      sim.step_back();
      const double t = cpu_seconds() - start;
      total += t;
      worst = std::max(worst, t);
    }
    r.time("step back (mean of " + std::to_string(kStepBacks) + " at the end), " + size, total / kStepBacks, "ms", 1e6);
    r.time("step back (worst of those), " + size, worst, "ms", 1e6);
    ok = same_as_fresh(s, sim) && ok;
    ok = spread_step_back_figures(r, s, sim, size) && ok;
    const double start = cpu_seconds();
    sim.seek(sim.now() / 2);
    r.time("seek back to the middle, " + size, cpu_seconds() - start, "ms", 1e6);
    ok = same_as_fresh(s, sim) && ok;
    line_step_figures(r, sim, size);
    ok = same_as_fresh(s, sim) && ok;  // Back over the line steps: where the seek left it
  }
  return ok;
}

}  // namespace cmwq::bench
