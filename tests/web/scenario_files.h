#pragma once
// Shipped scenarios for the Timeline's tests: read, parsed and built as a Simulation.

#include <string>

#include "core/simulation.h"

namespace cmwq::web {

/// Scenario text @p text (named @p name in errors) parsed and built, as a Simulation that
/// runs to its [run] until. Text that does not parse fails the test and aborts.
Simulation simulation_from_text(const std::string& text, const std::string& name);

/// The shipped scenario scenarios/@p name, with @p machine_extra (TOML lines) added under
/// its [machine] table, as simulation_from_text() builds it.
Simulation load_scenario_file(const std::string& name, const std::string& machine_extra = "");

/// The test scenario tests/scenarios/@p name (e.g. the endless "requeue-loop.toml").
Simulation load_test_scenario(const std::string& name);

}  // namespace cmwq::web
