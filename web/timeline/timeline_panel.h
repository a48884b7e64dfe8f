#pragma once
/// @file
/// @brief The Timeline panel: one row per worker grouped by pool and CPU, work slices,
/// markers and counter tracks, built from the event stream.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "core/kernel/time.h"

#include "web/model/ui_state.h"

namespace cmwq {
class Simulation;
struct Divergence;
}

namespace cmwq::web {

class TimelineModel;
struct TimelineView;
struct TimelineFrame;
struct Item;

/// Compare mode's second run, drawn below the first on the same time axis.
struct TimelineSecondRun {
  const Simulation& sim;                   ///< The second run.
  Nanos now = 0;                           ///< The time both runs stand at (RunPair::now()).
  const Divergence* difference = nullptr;  ///< The runs' first difference, once found.
  size_t unchanged = SIZE_MAX;             ///< Its log's leading events unchanged since the last draw (Session::unchanged_prefix()).
  std::string first_caption;               ///< What the first run is: "kernel 6.12.118, as loaded".
  std::string second_caption;              ///< What the second is: "kernel 6.12.118, changed: cpus 2".
};

/// Draws the timeline of a simulation. Keeps its own model of slices, updated
/// incrementally from Simulation::events() (and rebuilt when history was rewound).
/// Scrubbing, clicks and zoom produce requests in UiState; it never changes the
/// simulation itself. In compare mode the second run's timeline is drawn below the
/// first by a second frame of its own model and view, on the same time axis (one
/// window of time, one cursor, the names columns equally wide), with the runs' first
/// difference marked on both.
///
/// draw() runs its steps in order over one TimelineFrame (timeline_frame.h) per run;
/// each file of web/timeline/ holds one kind of step.
class TimelinePanel {
 public:
  /// An empty panel; the first draw() reads the simulation's events.
  TimelinePanel();
  /// Frees the model.
  ~TimelinePanel();
  /// Draws the panel's window for this frame: @p sim, and below it @p second while comparing.
  /// @p unchanged: leading events of the log unchanged since the last draw
  /// (Session::unchanged_prefix()): a step back then costs a few thousand events' reading.
  void draw(const cmwq::Simulation& sim, UiState& ui, const TimelineSecondRun* second = nullptr,
            size_t unchanged = SIZE_MAX);
  /// Shows @p text above the run's reports until it is set to "" (App's "could not
  /// restore: ..." for a link restored only in part).
  void set_notice(std::string text) { notice_ = std::move(text); }
  /// True while a model still has events of its run to read (the page keeps drawing).
  bool reading() const;
  /// Bytes the first run's model holds (the second run's: @p second), and events it read.
  uint64_t footprint(bool second = false) const;
  /// Events the first run's model read (the second run's: @p second).
  size_t events_read(bool second = false) const;

 private:
  // Events a model reads in one frame: a few tens of ms in the browser. Reading a long run
  // again (a step back rebuilds the model) takes several frames instead of one frozen one.
  static constexpr size_t kEventsPerFrame = 500'000;
  // timeline_panel.cpp: the frame and its geometry.
  void place_view(const cmwq::Simulation& sim, uint64_t loads);
  bool measure(TimelineFrame& f, float height);
  void draw_run(TimelineFrame& f, float height);
  // timeline_compare.cpp: the second run below the first, the first difference.
  void draw_compare(const TimelineSecondRun& second, TimelineFrame& f);
  void draw_difference(TimelineFrame& f);
  // timeline_toolbar.cpp: the notice, the lockup and budget-stop banners; Fit, Follow, the legend, help; the
  // followed work's life.
  void draw_run_reports(TimelineFrame& f);
  void draw_toolbar(TimelineFrame& f);
  void draw_followed_work(TimelineFrame& f);
  // timeline_axis.cpp: the time axis with its ticks and markers, the grid, the cursor.
  void draw_axis(TimelineFrame& f);
  void draw_grid(TimelineFrame& f);
  void draw_time_cursor(TimelineFrame& f);
  // timeline_layout.cpp: which rows there are, where, and the scrolling child for them.
  void reveal_selection(TimelineFrame& f);
  void lay_out_rows(TimelineFrame& f);
  void begin_rows(TimelineFrame& f);
  // timeline_input.cpp: keys, follow, wheel, hover, drags and clicks.
  void keys_and_follow(TimelineFrame& f);
  void handle_mouse(TimelineFrame& f);
  void apply_clicks(TimelineFrame& f);
  // timeline_rows.cpp, timeline_counters.cpp: the rows, one kind each.
  void draw_items(TimelineFrame& f);
  void draw_header(TimelineFrame& f, const Item& it, float y0, float y1, bool hovered_row);
  void draw_task_row(TimelineFrame& f, const Item& it, float y0, float y1, bool hovered_row);
  void draw_cpu_row(TimelineFrame& f, const Item& it, float y0, float y1, bool hovered_row);
  void draw_counter(TimelineFrame& f, const Item& it, float y0, float y1, bool hovered_row);
  // timeline_flows.cpp: the followed work's flows (queued -> activated -> started).
  void draw_flows(TimelineFrame& f);
  // timeline_causes.cpp: the cause-and-effect arrows of the mayday and memory-reclaim stories.
  void draw_cause_flows(TimelineFrame& f);
  // timeline_timers.cpp: over the cursor, the mayday timer's firings and the armed one's countdown.
  void draw_timer_marks(TimelineFrame& f);
  // timeline_tooltips.cpp: the tooltip of what the mouse is over.
  void show_tooltip(TimelineFrame& f);

  std::unique_ptr<TimelineModel> model_;
  std::unique_ptr<TimelineView> view_;
  std::unique_ptr<TimelineModel> model_b_;  // compare mode's second run
  std::unique_ptr<TimelineView> view_b_;
  std::string notice_;  // set_notice()'s text, or ""
};

}  // namespace cmwq::web
