#pragma once
// A progress bar for long `cmwq run` and `cmwq dump` runs: one line on standard error,
// redrawn in place at most ten times a second, only when standard error is a terminal
// (so redirected output, the goldens and the tests never see it).

#include <chrono>
#include <cstdint>
#include <string>

#include "core/kernel/time.h"
#include "core/simulation.h"

namespace cmwq::cli {

/// The progress line (without the leading carriage return): a 20-place bar of simulated
/// time @p now against @p until, the two times in seconds, and the events so far, e.g.
/// "[#####               ]  25%  1.000 s / 4.000 s simulated, 1.2M events".
std::string progress_line(Nanos now, Nanos until, uint64_t events);

/// Runs @p sim to @p until as Simulation::run_until() does, drawing the progress bar on
/// standard error while it runs when standard error is a terminal; otherwise exactly
/// sim.run_until(until). The bar is erased at the end.
void run_with_progress(Simulation& sim, Nanos until);

}  // namespace cmwq::cli
