#pragma once
/// @file
/// @brief The change language: what a comparison changes in a scenario to make its second
/// run, such as `flags writeback -WQ_MEM_RECLAIM` or `kernel 6.12.0; cpus 2`.
///
/// One parser for every place that compares two runs: `cmwq diff --change`, the web
/// app's Compare chooser, a link's `compare=` and the automation API's `compare()`. A
/// change is one or more edits separated by `;`, each checked against the scenario it
/// changes, so a mistake is a ScenarioError at the column at fault ("1:7: error: ..."),
/// as a typed command's is. docs/scenario-format.md ("Changes: the second run of a
/// comparison") lists the edits:
/// - `kernel VERSION`: follow another kernel generation (6.12.118, 6.12.0, 2.6.35);
/// - `flags WQ +FLAG -FLAG ...`: add or remove flags of a [[workqueue]];
/// - `max_active WQ N`: a [[workqueue]]'s max_active (0 for the default);
/// - `cpus N`: the machine's CPUs;
/// - `at INDEX TIME`: run timed action INDEX (counting the file's `do` lines from 1) at TIME;
/// - `drop INDEX`: leave timed action INDEX out.
/// An edit that would change nothing (a flag already set, the same kernel) is an error:
/// the two runs would be the same.

#include <string_view>

#include "core/scenario/scenario.h"

namespace cmwq {

/// The scenario @p s with the change @p text applied, or the first mistake in the change
/// (its file is "" and its line 1: "1:COLUMN: error: ..."). An empty change is an error.
ScenarioParse change_scenario(const Scenario& s, std::string_view text);

}  // namespace cmwq
