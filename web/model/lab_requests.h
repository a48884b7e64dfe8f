#pragma once
/// @file
/// @brief What the lab's own panels ask App to do (besides the shared UiState): user
/// commands, loading a scenario, long runs, links and exports. App applies them once
/// per frame, after every panel has drawn.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/kernel/time.h"
#include "core/trace/event.h"
#include "core/workqueue/generation.h"

namespace cmwq::web {

/// A kind of event "run to next" can stop at.
struct RunKind {
  const char* key;    ///< Automation name, e.g. "mayday".
  const char* label;  ///< Button text, e.g. "mayday".
  EventType type;     ///< The event that ends the run.
  const char* help;   ///< Tooltip: what the event is.
};

/// The kinds the Controls panel offers, in button order.
std::span<const RunKind> run_kinds();
/// The kind named @p key (a RunKind::key or an event type name such as
/// "workqueue_execute_start"), or nullptr.
std::optional<EventType> find_run_kind(std::string_view key);

/// A scenario to load.
struct LoadRequest {
  std::string name;  ///< File name for messages ("edited.toml" for edited text).
  std::string text;  ///< The TOML.
};

/// Requests from the lab's panels.
struct LabRequests {
  std::vector<std::string> commands;  ///< Session::command() texts, in order.
  std::optional<LoadRequest> load;    ///< Load this scenario.
  bool reset = false;                 ///< Rebuild the scenario's world.
  std::optional<EventType> run_to;    ///< Run until the next event of this type.
  std::optional<Nanos> run_until;     ///< Run until this time.
  bool cancel_run = false;            ///< Stop a long run.
  bool copy_link = false;             ///< Copy a link to this state.
  bool download_trace = false;        ///< Download the Perfetto JSON.
  bool open_perfetto = false;         ///< Open the trace in ui.perfetto.dev.
  bool relayout = false;              ///< Put the windows back in their tiles.
  bool toggle_labs = false;           ///< Show or hide the Labs panel (the left column's tabs).
  bool open_docs = false;             ///< Open the documentation in a new tab.
  bool open_welcome = false;          ///< Show the welcome again (the Help button).
  std::optional<std::string> compare; ///< Compare with this change (core/scenario/change.h), or change it.
  bool leave_compare = false;         ///< Stop comparing.
  bool run_to_difference = false;     ///< Run both runs to their first difference (or go back to it).
  std::optional<KernelGeneration> kernel;  ///< Follow this kernel generation (the selector).
  int text_size_step = 0;             ///< Make the text this many steps larger (A+) or smaller (A-).
};

}  // namespace cmwq::web
