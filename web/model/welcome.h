#pragma once
/// @file
/// @brief The welcome a student sees on the first visit, and its guided tour: the
/// starvation sandbox in five steps, each naming the button to press and what to watch,
/// each done when the session shows it was done (judged from the session's state, events
/// and commands, so a step back undoes a step). No ImGui here: the panel that draws it
/// is web/panels/welcome_panel.cpp, and tests/web/ checks this natively.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "web/model/event_index.h"
#include "web/model/session.h"

namespace cmwq::web {

/// The local-storage key that says the welcome was seen (its value: "seen").
inline constexpr std::string_view kWelcomeSeenKey = "cmwq-lab:welcome";
/// The shipped scenario the tour runs.
inline constexpr std::string_view kTourScenario = "starvation-sandbox.toml";
/// The lab the welcome's first way in opens.
inline constexpr std::string_view kWelcomeLab = "01-why-cmwq";

/// True when the page should open with the welcome: nothing in local storage says it
/// was seen (@p seen is the value under kWelcomeSeenKey) and the page was not opened
/// from a link (@p hash, the URL hash, is empty): a link opens what it names.
bool welcome_at_start(const std::optional<std::string>& seen, std::string_view hash);

/// One step of the tour.
struct TourStep {
  const char* widget;  ///< The automation name of the widget to press (docs/automation-api.md).
  const char* press;   ///< What to press, in the student's words.
  const char* watch;   ///< What to watch once it is pressed.
};

/// The tour's steps, in order: starve memory, queue 3 blocking works, run to the next
/// mayday, run to the next rescuer (which runs the writeback work), run to the next
/// worker (the pool recovers).
std::span<const TourStep> tour_steps();

/// How far the session has come through the tour: the index of the first step that is
/// not done (tour_steps().size() when every step is). Step by step: the memory hog holds
/// pages; a user command queued works on q0; send_mayday() ran; a rescuer woke; a worker
/// was created after that. A step counts only when the ones before it do.
size_t tour_progress(const Session& session, const EventIndex& index);

/// The tour over the starvation sandbox: started from the welcome, ended by the student
/// or by loading another scenario.
class Tour {
 public:
  /// Starts the tour (the caller loads kTourScenario).
  void start() {
    active_ = true;
    step_ = 0;
  }
  /// Ends the tour.
  void stop() { active_ = false; }
  /// Follows the session: the step reached (tour_progress()); the tour ends when the
  /// session runs another scenario than kTourScenario.
  void update(const Session& session, const EventIndex& index);
  /// True while the tour is shown.
  bool active() const { return active_; }
  /// The current step (an index into tour_steps()), or tour_steps().size() once all are done.
  size_t step() const { return step_; }
  /// True once every step is done.
  bool finished() const { return step_ >= tour_steps().size(); }
  /// What the tour says now: the step to do (its number, what to press, what will
  /// happen), or once finished what the student saw and what to do next.
  std::string text() const;

 private:
  bool active_ = false;
  size_t step_ = 0;
};

}  // namespace cmwq::web
