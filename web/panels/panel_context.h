#pragma once
/// @file
/// @brief What App hands to each of the lab's panels every frame: the session to read,
/// the indexes over its events, the shared UI state and the requests to fill in.

#include <optional>
#include <string>

#include "core/scenario/scenario.h"
#include "web/model/event_index.h"
#include "web/model/event_text.h"
#include "web/model/lab_requests.h"
#include "web/model/run_pair.h"
#include "web/model/session.h"
#include "web/model/ui_state.h"

namespace cmwq::web {

/// App's status for the panels to show.
struct AppStatus {
  bool running = false;      ///< A long run (run to next, run until) is in progress.
  std::string running_what;  ///< What it runs to, in words.
  std::string message;       ///< The latest outcome ("No mayday before 70 s", "Link copied").
  double message_age = 0;    ///< Seconds since the message was set.
  double frame_ms = 0;       ///< Wall time of the last frame's simulation work, ms.
  bool behind = false;       ///< Playback could not keep up with the chosen speed.
  bool at_end = false;       ///< Playback stopped at the scenario's [run] until.
  bool labs_shown = false;   ///< The left column shows the Labs panel and its tabs.
  bool docs_served = false;  ///< The documentation is served next to the app (browser.h).
  double text_factor = 1.0;  ///< The student's text size factor (web/model/text_size.h).
};

/// Everything a panel gets.
struct PanelContext {
  const Session& session;                          ///< The running scenario (read only): the first run.
  const EventIndex& index;                         ///< Facts about its events.
  const EventFormatter& text;                      ///< Event lines.
  UiState& ui;                                     ///< Shared selection and requests.
  LabRequests& req;                                ///< Requests to App.
  const AppStatus& status;                         ///< App's status line.
  std::string& editor_text;                        ///< The scenario text being edited (App owns it).
  const std::optional<ScenarioError>& load_error;  ///< The last Apply's parse error, if any.
  /// Extra ImGuiWindowFlags for the panel's window: ImGuiWindowFlags_NoTitleBar when it
  /// is drawn under the left column's tabs (the Labs panel shown), else 0.
  int window_flags = 0;
  const RunPair& runs;                                ///< Both runs while comparing (runs.first() is session).
  const EventIndex& second_index;                  ///< Facts about the second run's events, while comparing.
};

}  // namespace cmwq::web
