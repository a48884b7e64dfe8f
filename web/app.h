#pragma once
/// @file
/// @brief The cmwq-lab front end: owns the session (scenario, Simulation, user commands),
/// the scenario text being edited, the shared UI state and the panels, and draws them.

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "web/model/url_state.h"
#include "web/panels/code_panel.h"
#include "web/panels/controls_panel.h"
#include "web/model/event_index.h"
#include "web/panels/event_log_panel.h"
#include "web/model/event_text.h"
#include "web/model/lab_book.h"
#include "web/model/lab_requests.h"
#include "web/panels/labs_panel.h"
#include "web/panels/panel_context.h"
#include "web/panels/pools_panel.h"
#include "web/panels/queue_work_panel.h"
#include "web/panels/welcome_panel.h"
#include "web/panels/scenario_panel.h"
#include "web/model/run_pair.h"
#include "web/model/text_size.h"
#include "web/model/session.h"
#include "web/timeline/timeline_panel.h"
#include "web/model/ui_state.h"
#include "web/panels/workqueues_panel.h"

namespace cmwq::web {

/// The cmwq-lab user interface.
///
/// The platform loop (web/platform/main.cpp) calls frame() once per displayed frame, between
/// ImGui::NewFrame() and ImGui::Render(). The app reads the core only through its public
/// API and event stream, as the tests do. Panels never change the simulation: they fill
/// in UiState and LabRequests, and App applies those once per frame, after drawing.
/// Virtual time advances at UiState::speed per real second while playing; simulation
/// work per frame is capped by wall-clock time so the page never freezes. The api_*
/// functions serve the automation API (web/platform/automation.cpp) between frames.
class App {
 public:
  /// Loads the scenario named in the page's URL hash, or the default one.
  App();
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  /// Draws every panel for one frame and applies what they asked for.
  void frame();

  /// The app the automation API talks to (the one constructed last), or nullptr.
  static App* instance();

  /// Loads a shipped scenario by name ("starvation-sandbox") or scenario TOML text.
  /// Returns "" or the error ("file:line:column: error: ...").
  std::string api_load(std::string_view name_or_text);
  /// Runs @p ms milliseconds of virtual time (visible steps). Returns the new time in ms.
  double api_run(double ms);
  /// One step of size @p size ("line", "event", "over"; "" is "over"), as the Step button
  /// with that size; false if nothing came within the step horizon or the size is unknown.
  bool api_step(std::string_view size);
  /// Follows task @p comm ("kworker/R-writeback") for line steps and the Code panel.
  /// Returns "" or the error.
  std::string api_follow(std::string_view comm);
  /// Where the followed task is, as JSON {task, function, line, text} (docs/automation-api.md).
  std::string api_code() const;
  /// Undoes one visible step; false at the beginning.
  bool api_step_back();
  /// Runs to the next event of @p kind (see find_run_kind()), at most 60 s of virtual
  /// time. Returns the event's index in the log, -1 if none came, -2 for an unknown kind.
  int64_t api_run_to_next(std::string_view kind);
  /// A user command (Session::command()); "" or the error.
  std::string api_command(std::string_view text);
  /// The JSON state summary (state_json()) of run @p run: 0 the first, 1 the second
  /// while comparing ("null" otherwise).
  std::string api_state(int run = 0);
  /// Starts comparing with @p change (a change-language line), or changes what is
  /// compared; nullptr leaves compare mode. Returns "" or the error.
  std::string api_compare(const char* change);
  /// The first difference of the two runs as JSON, or "null" (not comparing, or none yet).
  std::string api_difference();
  /// Follows kernel generation @p name ("6.12.118", "6.12.0", "2.6.35"). Returns "" or the error.
  std::string api_kernel(std::string_view name);
  /// The URL hash describing the current state (without '#').
  std::string api_link();
  /// window.cmwq.invariants(): "" if every consistency check of the world holds (of both
  /// worlds while comparing), else the first one that does not (core/invariants.h).
  std::string api_invariants() const;
  /// The Labs panel's state and the student's progress, as JSON (docs/automation-api.md).
  std::string api_labs() const;
  /// The welcome and its tour, as JSON (docs/automation-api.md, `welcome()`).
  std::string api_welcome() const;
  /// The texts of the messages the last frame showed (status line, notices, banners,
  /// errors), as a JSON array of strings (docs/automation-api.md, `notices()`).
  std::string api_notices() const;
  /// The screen-reader mirror's text (mirror_text(): the Code panel's note, the Pools
  /// panel's "why", the last event), for window.cmwq.mirror() and the page's live region.
  std::string api_mirror();
  /// True while the app needs a frame every display refresh: playing, a long run (run
  /// to next, run until) in progress, or the Timeline still reading a long run's events.
  /// Otherwise the loop may draw less often.
  bool busy() const { return ui_.playing || job_.has_value() || timeline_.reading(); }
  /// Frames drawn so far.
  uint64_t frames() const { return frames_; }
  /// The font size the window and the student's factor ask for, in CSS pixels (the
  /// platform loop gives it to FontScale::update() every frame).
  float font_pixels() const;
  /// window.cmwq.textSize(): {"factor", "pixels" (asked for), "font" (drawn at)}.
  std::string api_text_size() const;
  /// window.cmwq.setTextSize(f): sets the student's factor (clamped), remembers it, and
  /// returns api_text_size().
  std::string api_set_text_size(double factor);
  /// Wall time each panel took to draw, and the simulation work, in ms (moving
  /// averages over recent frames), as a JSON object keyed by window name.
  std::string api_panel_times() const;

 private:
  using Clock = std::chrono::steady_clock;

  void sync_indexes();
  void sync_second_indexes();
  void measure_viewer_bytes();
  void handle_keys();
  bool step_forward(StepSize size);
  int32_t followed_task() const;
  void advance(Clock::time_point deadline);
  bool run_job_step(Clock::time_point deadline);
  void apply_requests();
  void load(const std::string& name, const std::string& text, bool keep_editor_on_error);
  void set_message(std::string m);
  void notice_budget_stop();
  void place(const char* window);
  std::string current_link() const;
  void apply_link(std::string_view hash);
  void apply_link_labs(const LinkState& s, std::vector<std::string>& problems);
  bool load_link_scenario(const LinkState& s, std::vector<std::string>& problems);
  void restore_link(const LinkState& s, std::vector<std::string>& problems);
  void set_link_notice(std::string notice);
  void sync_hash();
  void draw_panels();
  void draw_left_tabs();
  void save_progress();
  void change_text_size(int steps);
  float left_column_width() const;
  void draw_welcome(PanelContext& ctx);
  void apply_welcome(WelcomeChoice choice, PanelContext& ctx);
  // app_compare.cpp: compare mode and the kernel selector.
  void draw_timeline();
  void apply_compare_requests();
  std::string start_compare(const std::string& change);
  void leave_compare();
  void set_kernel(KernelGeneration kernel);
  bool job_reached(size_t before_first, size_t before_second);
  void link_compare(LinkState& s) const;
  std::string apply_link_compare(const LinkState& s);

  RunPair runs_;  // the session (runs_.first()) and, while comparing, the second run
  EventIndex index_;
  EventFormatter text_;
  uint64_t indexes_history_ = UINT64_MAX;  // the history index_ and text_ last read
  EventIndex index_b_;  // the second run's, while comparing
  EventFormatter text_b_;
  uint64_t indexes_history_b_ = UINT64_MAX;
  uint64_t timeline_history_ = UINT64_MAX;  // the history each run's Timeline last read
  uint64_t timeline_history_b_ = UINT64_MAX;
  std::array<size_t, 2> measured_read_{};  // events each run's Timeline had read when last measured
  UiState ui_;
  LabRequests req_;
  AppStatus status_;
  std::string editor_text_;
  std::optional<ScenarioError> load_error_;
  bool edited_scenario_ = false;  // the running text is not a shipped file
  uint64_t announced_stop_ = 0;   // events at the budget stop last announced (0: none)

  // A long run in progress (run to next, run until), spread over frames.
  struct Job {
    std::optional<EventType> type;  // stop at this event (in either run)
    Nanos limit = 0;                // or at this time
    std::string what;
    bool difference = false;        // or at the runs' first difference
  };
  std::optional<Job> job_;
  bool stopped_at_end_ = false;  // playback already paused once at [run] until

  ControlsPanel controls_;
  ScenarioPanel scenario_;
  QueueWorkPanel queue_work_;
  PoolsPanel pools_;
  WorkqueuesPanel workqueues_;
  CodePanel code_;
  EventLogPanel event_log_;
  TimelinePanel timeline_;
  LabsPanel labs_;
  WelcomePanel welcome_;  // the welcome (first visit, Help) and its tour

  TextSize text_size_;  // the student's text size factor (local storage)

  // The guided labs and the student's progress (local storage and the link).
  LabBook book_;
  // With the Labs panel shown, the left column below Controls is one tile with tabs.
  enum class LeftTab : uint8_t { Labs, Scenario, QueueWork };
  bool labs_shown_ = false;
  LeftTab left_tab_ = LeftTab::Labs;
  bool left_tab_forced_ = false;  // select left_tab_ in the tab bar (a link or a toggle set it)

  // Layout: tiles follow the display size; windows keep where the user put them
  // until the display size changes or the user asks for the tiles again.
  float layout_w_ = 0, layout_h_ = 0;
  bool relayout_ = true;
  std::string focused_;        // window that has the focus
  std::string focus_request_;  // window to focus next frame (from a link)

  std::string written_hash_;  // what the URL hash was last set to (or read as)
  std::string link_notice_;   // "could not restore: ..." while a link restored in part is in the address
  std::string link_made_;     // the link of the state that link made (sync_hash())
  double hash_clock_ = 0;     // seconds since the hash was last checked
  uint64_t frames_ = 0;
  std::vector<std::pair<std::string, double>> panel_ms_;  // per panel, drawing order
  double sim_ms_ = 0;                                     // simulation work per frame
};

}  // namespace cmwq::web
