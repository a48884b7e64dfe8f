#pragma once
/// @file
/// @brief The Timeline panel's insides, shared by its files (web/timeline/*.cpp): the view
/// state it keeps between frames (TimelineView), the rows of its layout (Item), and
/// TimelineFrame, what the steps of one frame's drawing read and fill in.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/kernel/time.h"
#include "imgui.h"
#include "web/model/timeline_model.h"
#include "web/model/ui_state.h"
#include "web/timeline/timeline_draw.h"

namespace cmwq {
class Simulation;
struct World;
struct Divergence;
}  // namespace cmwq

namespace cmwq::web {

/// What a row of the layout shows.
enum class ItemKind : uint8_t {
  Header,   ///< A group's header: a pool, the rescuers, memory, the CPUs, the quiet pools.
  Task,     ///< A task's row: its state strip above its slice lane.
  Counter,  ///< A counter track.
  Cpu,      ///< A CPU's row: which task it ran when.
};

/// The counter tracks.
enum class CounterId : uint8_t {
  FreePages,  ///< Free pages, with the watermarks (memory group).
  Cache,      ///< The page cache (memory group).
  NrRunning,  ///< pool->nr_running (pool group).
  NrIdle,     ///< pool->nr_idle (pool group).
  Worklist,   ///< Length of pool->worklist (pool group).
};

/// Header key of the memory group.
constexpr int64_t kMemoryKey = -1;
/// Header key of the CPUs group.
constexpr int64_t kCpusKey = -2;
/// Header key of the pools where nothing happened yet, folded under one header.
constexpr int64_t kQuietKey = -3;

/// Flow arrows drawn at most; with more executions of the followed work in view, only
/// the one at the cursor gets arrows (zoom in to see the others).
constexpr size_t kMaxFlows = 40;
/// Cause-and-effect arrows (mayday and memory-reclaim stories) drawn at most per frame:
/// those with an end in view, the latest first.
constexpr size_t kMaxCauseArrows = 64;

/// Header key of a pool, rescuers or kernel group.
inline int64_t group_key(const RowGroup& g) { return (static_cast<int64_t>(g.kind) << 32) | (g.pool + 1); }

/// True if group @p g starts unfolded: every group but the pools where nothing happened.
bool group_open_default(const RowGroup& g);

/// One row of the layout.
struct Item {
  ItemKind kind = ItemKind::Task;            ///< What it shows.
  int32_t index = -1;                        ///< Group (pool Header, Counter), row (Task) or CPU (Cpu).
  CounterId counter = CounterId::NrRunning;  ///< Which counter (Counter).
  int64_t key = 0;                           ///< Group key (Header).
  float y = 0;                               ///< Top, in content coordinates.
  float h = 0;                               ///< Height.
};

/// What the panel keeps from frame to frame: the window of time, folds, drags, scratch.
struct TimelineView {
  double t0 = 0;                           ///< Visible window's start, ns.
  double t1 = 50e6;                        ///< Visible window's end, ns.
  bool follow = true;                      ///< Keep "now" in view while it moves.
  bool placed = false;                     ///< The window was chosen for this history.
  Nanos shown_now = -1;                    ///< The run's time last frame, to notice a jump.
  uint64_t identity = 0;                   ///< Of the scenario shown, to reset the view when another loads.
  std::unordered_map<int64_t, bool> open;  ///< The user's choice per group header.
  int free_scale = 0;                      ///< Free pages' scale: 0 auto, 1 whole range, 2 near the watermarks.
  bool legend = true;                      ///< The legend strip (states, markers of this run) is shown.
  bool causes = true;                      ///< The cause-and-effect arrows (mayday, memory reclaim) are drawn.
  /// What a held mouse button does.
  enum class Drag : uint8_t {
    None,                            ///< No button held.
    Pending,                         ///< Pressed in the time area, not moved yet (a click if released).
    Pan,                             ///< Moving the window of time (and scrolling the rows).
    Cursor,                          ///< Moving the time cursor: the simulation seeks.
  } drag = Drag::None;               ///< The drag in progress.
  ImVec2 press{};                    ///< Where the button went down.
  double press_t0 = 0;               ///< t0 then.
  double press_t1 = 0;               ///< t1 then.
  float press_scroll = 0;            ///< Rows' scroll then.
  Nanos scrub = -1;                  ///< Cursor time while scrubbing.
  Nanos last_seek = -1;              ///< Last seek asked for during this drag.
  double frame_ms = 0;               ///< Smoothed CPU time of TimelinePanel::draw().
  std::vector<Item> items;           ///< This frame's layout.
  std::string quiet_title;           ///< Header of the quiet pools.
  bool memory_open_default = false;  ///< The memory group starts unfolded (memory pressure).
  int32_t last_selected_task = -1;   ///< To notice a selection made in another panel.
  int32_t last_selected_pool = -1;   ///< Likewise for pools.
  std::vector<std::pair<float, const WorkSlice*>> labels;     ///< Scratch: slice names to draw.
  std::vector<std::pair<float, const CpuSlice*>> labels_cpu;  ///< Scratch: task names on CPU rows.
  Runs fill_runs;                                             ///< Scratch: a counter track's fill.
  Runs line_runs;                                             ///< Scratch: a counter track's line.

  /// Whether the group with header @p key is unfolded (@p dflt unless the user chose).
  bool is_open(int64_t key, bool dflt) const {
    const auto it = open.find(key);
    return it == open.end() ? dflt : it->second;
  }
};

/// Everything one frame's drawing steps share: what they read (the simulation, the
/// model, the view), the geometry they measure, the layout, what the mouse is over, and
/// what the hovered thing says (drawn as a tooltip after the rows).
struct TimelineFrame {
  /// A frame of @p view drawing @p model of @p sim (call after ImGui::Begin()).
  TimelineFrame(const Simulation& sim, const TimelineModel& model, TimelineView& view, UiState& ui);

  const Simulation& sim;    ///< The simulation shown.
  const World& w;           ///< Its world now.
  const TimelineModel& m;   ///< Its timeline model.
  TimelineView& v;          ///< The view kept between frames.
  UiState& ui;              ///< Selection and requests.
  ImGuiIO& io;              ///< ImGui's input.
  const ImGuiStyle& style;  ///< ImGui's style.
  Nanos now = 0;            ///< The simulation's time (compare mode: the time both runs stand at).
  float font = 13;          ///< Font size, px.

  /// @name Compare mode
  /// @{
  const Divergence* difference = nullptr;  ///< The runs' first difference, once found.
  bool second_run = false;                 ///< This frame draws the comparison's second run.
  bool apply_keys = true;                  ///< It applies W/S/A/D (one frame of two does).
  float min_label_w = 0;                   ///< Its names column is at least this wide (the runs line up).
  /// @}

  /// @name Geometry (screen coordinates)
  /// @{
  ImVec2 origin{};            ///< Top left of the axis and rows, below the toolbar.
  ImVec2 avail{};             ///< Space left for them.
  float label_w = 160;        ///< Width of the names column.
  float axis_h = 0;           ///< Height of the time axis.
  float ax_y0 = 0;            ///< Top of the axis.
  float ax_y1 = 0;            ///< Bottom of the axis.
  Mapping map;                ///< Time to x in the time area.
  double step = 1;            ///< Tick step, ns (chosen before this frame's zoom).
  ImDrawList* wdl = nullptr;  ///< The window's draw list (axis).
  ImDrawList* dl = nullptr;   ///< The rows' draw list.
  float top = 0;              ///< Top of the rows' child window.
  float scroll_y = 0;         ///< Content y at the child's top.
  float view_h = 0;           ///< Height of the child.
  float clip_y0 = 0;          ///< Top of the visible rows.
  float clip_y1 = 0;          ///< Bottom of the visible rows.
  float right = 0;            ///< Right edge of the time area.
  /// @}

  /// @name Row sizes for this font
  /// @{
  float row_h = 0;      ///< A task or CPU row.
  float lane_pad = 3;   ///< Gap below a slice lane.
  float strip_h = 0;    ///< A task's state strip.
  float header_h = 0;   ///< A group header.
  float counter_h = 0;  ///< A counter track.
  float free_h = 0;     ///< The free pages track.
  float indent = 0;     ///< Indent of names under a header.
  /// @}

  /// @name Layout
  /// @{
  float content_h = 0;         ///< Height of all rows.
  std::vector<float> group_y;  ///< Per group: its header's centre (content y), or -1; for flows.
  std::vector<float> row_y;    ///< Per row: its lane's centre (content y), or -1; for flows.
  int64_t reveal_key = 0;      ///< Header to scroll into view, or 0.
  int32_t reveal_row = -1;     ///< Row to scroll into view, or -1.
  /// @}

  /// @name Mouse
  /// @{
  bool mouse_in_time = false;                     ///< Over the time area (axis and rows).
  bool axis_hovered = false;                      ///< Over the time axis.
  bool names_hovered = false;                     ///< Over the names column.
  bool names_clicked = false;                     ///< The names column was clicked.
  bool area_hovered = false;                      ///< Over the rows' time area.
  bool area_activated = false;                    ///< A button went down there.
  bool clicked = false;                           ///< A click (no drag) in the time area ended.
  bool show_hover = false;                        ///< Hover feedback wanted (no button, no drag).
  const Item* hover_item = nullptr;               ///< Row under the mouse.
  double mouse_t = 0;                             ///< Time under the mouse.
  double tol = 0;                                 ///< Hit tolerance, ns (3 px).
  const Marker* hovered_global_marker = nullptr;  ///< Axis marker under the mouse.
  /// @}

  /// @name Found while drawing the hovered row
  /// @{
  std::string tip;                           ///< Tooltip text.
  const StateInterval* tip_state = nullptr;  ///< State under the mouse, shown with its colour.
  int32_t click_work = -1;                   ///< Work to follow on this click.
  int32_t click_task = -1;                   ///< Task to select on this click.
  int64_t click_event = -1;                  ///< Event to select on this click.
  /// @}

  /// Screen y of content y @p content_y.
  float y(float content_y) const { return top + content_y - scroll_y; }
  /// @p end, or now while it lasts (-1).
  Nanos end_of_open(Nanos end) const { return end < 0 ? now : end; }
  /// Where the time cursor is: the scrubbed time while it is dragged, else now.
  Nanos cursor_time() const { return v.drag == TimelineView::Drag::Cursor && v.scrub >= 0 ? v.scrub : now; }
};

/// A time or duration as format_time() writes it ("12 ms", "53.606 ms", "250 us", "7 ns"), "0" for zero.
std::string fmt_ns(Nanos t);
/// Draws the marker glyph of events of @p type (from the event schema) centred at @p c with radius @p r.
void draw_glyph(ImDrawList* dl, EventType type, ImVec2 c, float r);
/// The radius markers of @p type are drawn with: the mayday timer's firing larger than the rest.
float marker_radius(const TimelineFrame& f, EventType type);
/// Draws the bars of a timer (a pool's mayday timer) in the row from @p y0 to @p y1: a band
/// from each mod_timer() to its firing, deletion or re-arming, ticks at the expiry jiffy and
/// at the jiffy the wheel runs it; returns the bar under the mouse if @p hovered_row.
const TimerBar* draw_timer_bars(const TimelineFrame& f, const TimerTrack& t, float y0, float y1, bool hovered_row);
/// Draws the markers of a row (one per 3 px at most) on the line @p cy_mid; returns the
/// one under the mouse if @p hovered_row, else nullptr.
const Marker* draw_markers(const TimelineFrame& f, const std::vector<Marker>& mk, float cy_mid, bool hovered_row);
/// What a marker's tooltip says: every marker of its @p row at its instant, each with its
/// legend name and description. @p mk must be an element of @p row.
std::string marker_text(const World& w, const std::vector<Marker>& row, const Marker& mk);
/// The legend's name for markers of @p type (EventSchema::legend, else its name).
const char* marker_legend(EventType type);
/// What a work or manager slice's tooltip says, on task @p name (@p sub: the blocking
/// operation under the mouse, or nullptr).
std::string slice_tip(const TimelineFrame& f, const WorkSlice& s, const SubSlice* sub, const std::string& name);
/// Moves the window of time to @p factor times its width, keeping time @p anchor in place.
void zoom_at(TimelineFrame& f, double anchor, double factor);
/// Content y of pool @p pool's header this frame, or -1 (timeline_flows.cpp).
float pool_anchor(const TimelineFrame& f, int32_t pool);
/// Draws a flow arrow in @p col from @p a to @p b (screen): straight when close in time,
/// else a curve leaving and entering horizontally, with its head at @p b.
void draw_flow_arrow(const TimelineFrame& f, ImVec2 a, ImVec2 b, ImU32 col);

}  // namespace cmwq::web
