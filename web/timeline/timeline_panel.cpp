// The Timeline panel: rows per worker grouped by pool, work slices, state strips,
// markers, flows and counter tracks, drawn with ImDrawList from a TimelineModel.
//
// Everything is drawn for the visible window of time only: each row's vectors are
// sorted, so the first visible element is a binary search, and where many elements
// fall into one pixel column the loop jumps to the next column (another binary
// search) instead of visiting them all. Time is kept in double nanoseconds for the
// view and int64 nanoseconds in the model.
#include "web/timeline/timeline_panel.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/simulation.h"
#include "core/world.h"
#include "imgui.h"
#include "web/model/timeline_model.h"
#include "web/platform/widget_rects.h"

namespace cmwq::web {

namespace {

// --- Colours (for ImGui's dark style) ------------------------------------------------

constexpr ImU32 kStateColour[] = {
    IM_COL32(67, 160, 71, 255),    // running: green
    IM_COL32(174, 213, 129, 255),  // runnable: light green
    IM_COL32(120, 144, 156, 255),  // sleeping: blue grey
    IM_COL32(229, 57, 53, 255),    // blocked on memory: red
    IM_COL32(70, 76, 86, 255),     // idle: dark grey
};
static_assert(sizeof kStateColour / sizeof kStateColour[0] == static_cast<size_t>(TaskView::Count));

// Workqueue colours: no greens or reds, which mean running and blocked on memory.
constexpr ImU32 kWqPalette[] = {
    IM_COL32(66, 133, 244, 255),   // blue
    IM_COL32(171, 71, 188, 255),   // purple
    IM_COL32(255, 167, 38, 255),   // orange
    IM_COL32(38, 198, 218, 255),   // cyan
    IM_COL32(236, 64, 122, 255),   // pink
    IM_COL32(92, 107, 192, 255),   // indigo
    IM_COL32(255, 213, 79, 255),   // amber
    IM_COL32(0, 150, 136, 255),    // teal
    IM_COL32(186, 104, 200, 255),  // orchid
    IM_COL32(79, 195, 247, 255),   // light blue
};
constexpr ImU32 kManagerColour = IM_COL32(141, 110, 99, 255);  // brown
constexpr ImU32 kFollowColour = IM_COL32(255, 235, 59, 255);   // yellow
constexpr ImU32 kCursorColour = IM_COL32(255, 82, 82, 255);
constexpr ImU32 kGridColour = IM_COL32(255, 255, 255, 22);
constexpr ImU32 kHeaderBg = IM_COL32(255, 255, 255, 18);
constexpr ImU32 kSelectedBg = IM_COL32(66, 150, 250, 40);
constexpr ImU32 kTextDim = IM_COL32(170, 170, 170, 255);

ImU32 wq_colour(int32_t wq) {
  if (wq < 0) return IM_COL32(158, 158, 158, 255);
  return kWqPalette[static_cast<size_t>(wq) % (sizeof kWqPalette / sizeof kWqPalette[0])];
}

ImU32 with_alpha(ImU32 c, int a) { return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(a) << IM_COL32_A_SHIFT); }

// Black or white text on a background colour.
ImU32 text_on(ImU32 bg) {
  const float r = static_cast<float>((bg >> IM_COL32_R_SHIFT) & 0xff);
  const float g = static_cast<float>((bg >> IM_COL32_G_SHIFT) & 0xff);
  const float b = static_cast<float>((bg >> IM_COL32_B_SHIFT) & 0xff);
  return (0.299f * r + 0.587f * g + 0.114f * b) > 150.0f ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255);
}

// --- Time formatting ------------------------------------------------------------------

// An exact time or duration: "0", "12 ms", "12.5 ms", "1.000001 s", "250 us", "7 ns".
std::string fmt_ns(Nanos t) {
  if (t == 0) return "0";
  const char* sign = t < 0 ? "-" : "";
  const uint64_t a = static_cast<uint64_t>(t < 0 ? -t : t);
  uint64_t unit = 1;
  const char* name = "ns";
  int digits = 0;
  if (a >= 1000000000ull) {
    unit = 1000000000ull, name = "s", digits = 9;
  } else if (a >= 1000000ull) {
    unit = 1000000ull, name = "ms", digits = 6;
  } else if (a >= 1000ull) {
    unit = 1000ull, name = "us", digits = 3;
  }
  char buf[64];
  const uint64_t whole = a / unit, frac = a % unit;
  if (frac == 0) {
    std::snprintf(buf, sizeof buf, "%s%llu %s", sign, static_cast<unsigned long long>(whole), name);
  } else {
    char f[16];
    std::snprintf(f, sizeof f, "%0*llu", digits, static_cast<unsigned long long>(frac));
    int n = digits;
    while (n > 0 && f[n - 1] == '0') --n;
    f[n] = 0;
    std::snprintf(buf, sizeof buf, "%s%llu.%s %s", sign, static_cast<unsigned long long>(whole), f, name);
  }
  return buf;
}

// An axis label for @p t on a grid of @p step ns: the unit follows the step.
std::string fmt_tick(double t, double step) {
  double unit = 1;
  const char* name = "ns";
  if (step >= 1e9) {
    unit = 1e9, name = "s";
  } else if (step >= 1e6) {
    unit = 1e6, name = "ms";
  } else if (step >= 1e3) {
    unit = 1e3, name = "us";
  }
  const double s = step / unit;
  const int decimals = s >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(s) - 1e-9));
  char buf[48];
  const double v = t / unit;
  std::snprintf(buf, sizeof buf, "%.*f %s", decimals, std::fabs(v) < 1e-12 ? 0.0 : v, name);
  return buf;
}

// A tick step from the 1-2-5 series, at least @p min_ns.
double nice_step(double min_ns) {
  double p = std::pow(10.0, std::floor(std::log10(std::max(min_ns, 1.0))));
  for (;;) {
    for (double m : {1.0, 2.0, 5.0})
      if (m * p >= min_ns) return m * p;
    p *= 10;
  }
}

// --- Layout -------------------------------------------------------------------------

enum class ItemKind : uint8_t { Header, Task, Counter, Cpu };
enum class CounterId : uint8_t { FreePages, Cache, NrRunning, NrIdle, Worklist };

// Header keys of the two built-in groups; pool groups use group_key().
constexpr int64_t kMemoryKey = -1;
constexpr int64_t kCpusKey = -2;
constexpr int64_t kQuietKey = -3;

// Flow arrows drawn at most; with more executions of the followed work in view, only
// the one at the cursor gets arrows (zoom in to see the others).
constexpr size_t kMaxFlows = 40;  // pools where nothing happened yet

int64_t group_key(const RowGroup& g) { return (static_cast<int64_t>(g.kind) << 32) | (g.pool + 1); }

struct Item {
  ItemKind kind = ItemKind::Task;
  int32_t index = -1;  // group (Header of a pool group, Counter), row (Task), cpu (Cpu)
  CounterId counter = CounterId::NrRunning;
  int64_t key = 0;  // Header: group key
  float y = 0;      // top, in content coordinates
  float h = 0;
};

// Maps time to x and back for the visible window.
struct Mapping {
  double t0 = 0, t1 = 1;
  float x0 = 0, x1 = 1;
  float x(double t) const { return x0 + static_cast<float>((t - t0) / (t1 - t0) * (x1 - x0)); }
  double t(float x) const { return t0 + static_cast<double>(x - x0) / (x1 - x0) * (t1 - t0); }
  double ns_per_px() const { return (t1 - t0) / std::max(1.0f, x1 - x0); }
};

// Index of the first element at or after @p from whose end (end_of) is at or after @p t.
// Galloping search: the answer is usually a few elements ahead (the next pixel column),
// so probe 1, 2, 4, ... ahead, then binary-search the last step.
template <typename T, typename EndOf>
size_t first_ending_at_or_after(const std::vector<T>& v, size_t from, double t, EndOf end_of) {
  auto before = [&](size_t i) { return static_cast<double>(end_of(v[i])) < t; };
  if (from >= v.size() || !before(from)) return from;
  size_t lo = from, step = 1;  // invariant: before(lo)
  for (;;) {
    const size_t hi = lo + step;
    if (hi >= v.size() || !before(hi)) {
      const auto it = std::partition_point(v.begin() + static_cast<std::ptrdiff_t>(lo + 1),
                                           v.begin() + static_cast<std::ptrdiff_t>(std::min(hi, v.size())),
                                           [&](const T& s) { return static_cast<double>(end_of(s)) < t; });
      return static_cast<size_t>(it - v.begin());
    }
    lo = hi;
    step *= 2;
  }
}

// Calls draw(element, index, xa, xb) for the visible elements of a sorted,
// non-overlapping vector, one per pixel column at most where they are dense.
template <typename T, typename EndOf, typename Draw>
void for_visible(const std::vector<T>& v, const Mapping& m, EndOf end_of, Draw draw) {
  const auto first =
      std::partition_point(v.begin(), v.end(), [&](const T& s) { return static_cast<double>(end_of(s)) < m.t0; });
  size_t i = static_cast<size_t>(first - v.begin());
  while (i < v.size()) {
    const T& s = v[i];
    if (static_cast<double>(s.start) > m.t1) break;
    const float xa = m.x(static_cast<double>(s.start));
    const float xb = m.x(static_cast<double>(end_of(s)));
    draw(s, i, xa, xb);
    if (xb - xa < 1.0f) {
      i = first_ending_at_or_after(v, i + 1, m.t(std::floor(xa) + 1.0f), end_of);
    } else {
      ++i;
    }
  }
}

// Rectangles collected for one draw, each merged into the previous one when it continues
// it (same colour and vertical extent, touching horizontally).
struct Runs {
  struct Rect {
    float x0, y0, x1, y1;
    ImU32 col;
  };
  std::vector<Rect> rects;
  void add(float x0, float y0, float x1, float y1, ImU32 col) {
    if (x1 <= x0 || y1 <= y0) return;
    if (!rects.empty()) {
      Rect& b = rects.back();
      if (b.col == col && b.y0 == y0 && b.y1 == y1 && x0 <= b.x1 + 0.5f && x0 >= b.x0) {
        b.x1 = std::max(b.x1, x1);
        return;
      }
    }
    rects.push_back(Rect{x0, y0, x1, y1, col});
  }
  void draw(ImDrawList* dl) {
    for (const Rect& r : rects) dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), r.col);
    rects.clear();
  }
};

// Merges runs of touching rectangles of one colour into one (dense rows at a wide
// zoom are mostly such runs): fewer vertices for the GPU, WebGL especially.
class RectBatch {
 public:
  RectBatch(ImDrawList* dl, float y0, float y1) : dl_(dl), y0_(y0), y1_(y1) {}
  ~RectBatch() { flush(); }
  RectBatch(const RectBatch&) = delete;
  RectBatch& operator=(const RectBatch&) = delete;
  void add(float xa, float xb, ImU32 col) {
    xb = std::max(xb, xa + 1.0f);
    if (open_ && col == col_ && xa <= x1_ + 0.5f) {
      x1_ = std::max(x1_, xb);
      return;
    }
    flush();
    open_ = true;
    x0_ = xa;
    x1_ = xb;
    col_ = col;
  }
  void flush() {
    if (open_) dl_->AddRectFilled(ImVec2(x0_, y0_), ImVec2(x1_, y1_), col_);
    open_ = false;
  }

 private:
  ImDrawList* dl_;
  float y0_, y1_;
  float x0_ = 0, x1_ = 0;
  ImU32 col_ = 0;
  bool open_ = false;
};

// Marker glyphs.
ImU32 marker_colour(MarkerKind k) {
  switch (k) {
    case MarkerKind::WorkerCreated:
      return IM_COL32(129, 199, 132, 255);
    case MarkerKind::WorkerDestroyed:
      return IM_COL32(189, 189, 189, 255);
    case MarkerKind::CreateFailed:
      return IM_COL32(244, 67, 54, 255);
    case MarkerKind::MaydayTimeout:
      return IM_COL32(255, 152, 0, 255);
    case MarkerKind::MaydaySent:
      return IM_COL32(255, 87, 34, 255);
    case MarkerKind::RescuerWake:
    case MarkerKind::RescuerAssign:
    case MarkerKind::RescuerDone:
      return IM_COL32(206, 147, 216, 255);
    case MarkerKind::WatchdogLockup:
      return IM_COL32(255, 23, 68, 255);
    case MarkerKind::Warn:
      return IM_COL32(255, 235, 59, 255);
    case MarkerKind::CpuHog:
    case MarkerKind::CpuHogReport:
      return IM_COL32(255, 171, 64, 255);
    case MarkerKind::AllocFailed:
      return IM_COL32(244, 67, 54, 255);
    case MarkerKind::CpuOnline:
    case MarkerKind::CpuOffline:
      return IM_COL32(224, 224, 224, 255);
    case MarkerKind::Scripted:
      return IM_COL32(100, 181, 246, 255);
    case MarkerKind::Count:
      break;
  }
  return IM_COL32_WHITE;
}

void draw_glyph(ImDrawList* dl, MarkerKind k, ImVec2 c, float r) {
  const ImU32 col = marker_colour(k);
  const ImU32 edge = IM_COL32(0, 0, 0, 220);
  switch (k) {
    case MarkerKind::WorkerCreated: {  // plus
      const float w = std::max(1.5f, r * 0.45f);
      dl->AddRectFilled(ImVec2(c.x - r, c.y - w), ImVec2(c.x + r, c.y + w), col);
      dl->AddRectFilled(ImVec2(c.x - w, c.y - r), ImVec2(c.x + w, c.y + r), col);
      break;
    }
    case MarkerKind::WorkerDestroyed:
    case MarkerKind::CreateFailed: {  // cross
      const float t = std::max(1.5f, r * 0.4f);
      dl->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), col, t);
      dl->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), col, t);
      break;
    }
    case MarkerKind::MaydayTimeout:
    case MarkerKind::MaydaySent:
    case MarkerKind::Warn: {  // triangle pointing down (a flag) / up (WARN)
      const bool up = k == MarkerKind::Warn;
      const ImVec2 a(c.x - r, up ? c.y + r : c.y - r), b(c.x + r, up ? c.y + r : c.y - r),
          d(c.x, up ? c.y - r : c.y + r);
      dl->AddTriangleFilled(a, b, d, col);
      dl->AddTriangle(a, b, d, edge);
      break;
    }
    case MarkerKind::RescuerWake:
    case MarkerKind::AllocFailed:
      dl->AddCircleFilled(c, r, col, 10);
      dl->AddCircle(c, r, edge, 10);
      break;
    case MarkerKind::RescuerAssign:
    case MarkerKind::CpuHog:
    case MarkerKind::CpuHogReport: {  // diamond
      const ImVec2 p[4] = {ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y), ImVec2(c.x, c.y + r), ImVec2(c.x - r, c.y)};
      dl->AddConvexPolyFilled(p, 4, col);
      dl->AddPolyline(p, 4, edge, ImDrawFlags_Closed, 1.0f);
      break;
    }
    case MarkerKind::RescuerDone:
    case MarkerKind::WatchdogLockup:
    case MarkerKind::CpuOnline:
    case MarkerKind::CpuOffline:
      dl->AddRectFilled(ImVec2(c.x - r * 0.8f, c.y - r * 0.8f), ImVec2(c.x + r * 0.8f, c.y + r * 0.8f), col);
      dl->AddRect(ImVec2(c.x - r * 0.8f, c.y - r * 0.8f), ImVec2(c.x + r * 0.8f, c.y + r * 0.8f), edge);
      break;
    case MarkerKind::Scripted: {  // small pin
      dl->AddTriangleFilled(ImVec2(c.x - r * 0.8f, c.y - r), ImVec2(c.x + r * 0.8f, c.y - r), ImVec2(c.x, c.y + r),
                            col);
      break;
    }
    case MarkerKind::Count:
      break;
  }
}

const char* op_label(OpCode op, bool memory) {
  if (memory) return "alloc: direct reclaim";
  switch (op) {
    case OpCode::Sleep:
      return "sleep";
    case OpCode::Alloc:
      return "alloc";
    case OpCode::FlushWork:
      return "flush_work";
    case OpCode::FlushWorkqueue:
      return "flush_workqueue";
    case OpCode::CancelWorkSync:
      return "cancel_work_sync";
    case OpCode::Wait:
      return "wait_for_completion";
    case OpCode::Lock:
      return "mutex_lock";
    case OpCode::SynchronizeRcu:
      return "synchronize_rcu";
    default:
      return op_name(op);
  }
}

const char* counter_name(CounterId c) {
  switch (c) {
    case CounterId::FreePages:
      return "free pages";
    case CounterId::Cache:
      return "page cache";
    case CounterId::NrRunning:
      return "nr_running";
    case CounterId::NrIdle:
      return "nr_idle";
    case CounterId::Worklist:
      return "worklist";
  }
  return "";
}

ImU32 counter_colour(CounterId c) {
  switch (c) {
    case CounterId::FreePages:
      return IM_COL32(77, 208, 225, 255);
    case CounterId::Cache:
      return IM_COL32(149, 117, 205, 255);
    case CounterId::NrRunning:
      return IM_COL32(102, 187, 106, 255);
    case CounterId::NrIdle:
      return IM_COL32(144, 164, 174, 255);
    case CounterId::Worklist:
      return IM_COL32(255, 183, 77, 255);
  }
  return IM_COL32_WHITE;
}

}  // namespace

// --- View state ---------------------------------------------------------------------

struct TimelinePanel::View {
  double t0 = 0, t1 = 50e6;                // visible window, ns
  bool follow = true;                      // keep "now" in view while it moves
  bool placed = false;                     // window chosen for this history
  uint64_t identity = 0;                   // of the scenario shown, to reset the view when another loads
  std::unordered_map<int64_t, bool> open;  // user's choice per group header
  int free_scale = 0;                      // 0: auto, 1: whole range, 2: near the watermarks
  enum class Drag : uint8_t { None, Pending, Pan, Cursor } drag = Drag::None;
  ImVec2 press{};
  double press_t0 = 0, press_t1 = 0;
  float press_scroll = 0;
  Nanos scrub = -1;      // cursor time while scrubbing
  Nanos last_seek = -1;  // last seek asked for during this drag
  double frame_ms = 0;   // smoothed CPU time of draw()
  std::vector<Item> items;
  std::string quiet_title;
  bool memory_open_default = false;
  int32_t last_selected_task = -1;  // to notice a selection made in another panel
  int32_t last_selected_pool = -1;
  std::vector<std::pair<float, const WorkSlice*>> labels;     // scratch: slice names to draw
  std::vector<std::pair<float, const CpuSlice*>> labels_cpu;  // scratch: task names on CPU rows
  Runs fill_runs, line_runs;                                  // scratch: counter tracks
};

TimelinePanel::TimelinePanel() : model_(std::make_unique<TimelineModel>()), view_(std::make_unique<View>()) {}
TimelinePanel::~TimelinePanel() = default;

namespace {

// Everything one frame's drawing needs.
struct Frame {
  Frame(const Simulation& s, const World& world, const TimelineModel& model, UiState& u)
      : sim(s), w(world), m(model), ui(u) {}
  const Simulation& sim;
  const World& w;
  const TimelineModel& m;
  UiState& ui;
  ImDrawList* dl = nullptr;
  Mapping map;
  Nanos now = 0;
  float font = 13;
  float label_w = 160;
  float left = 0;      // left edge of the label column (screen)
  float scroll_y = 0;  // content y of the child's top
  float top = 0;       // screen y of the child's top
  float clip_y0 = 0, clip_y1 = 0;
  float y(float content_y) const { return top + content_y - scroll_y; }
  Nanos end_of_open(Nanos end) const { return end < 0 ? now : end; }
};

bool group_open_default(const RowGroup& g) {
  if (g.kind != GroupKind::Pool) return true;
  return g.executed || !g.markers.empty() || g.worklist.max > 0;
}

}  // namespace

void TimelinePanel::draw(const cmwq::Simulation& sim, UiState& ui) {
  const auto started = std::chrono::steady_clock::now();
  TimelineModel& m = *model_;
  View& v = *view_;
  m.update(sim);
  const World& w = sim.world();
  const Nanos now = sim.now();

  // Another scenario (its names, length or machine differ): place the view afresh.
  uint64_t identity = 1469598103934665603ull;  // FNV-1a over what identifies a scenario
  auto mix = [&](std::string_view text) {
    for (const char c : text) identity = (identity ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    identity = (identity ^ 0xff) * 1099511628211ull;
  };
  for (const auto& [name, id] : sim.names().works) mix(name);
  for (const auto& [name, id] : sim.names().workqueues) mix(name);
  mix(std::to_string(sim.until()) + "/" + std::to_string(w.config.cpus));
  if (identity != v.identity) {
    v.identity = identity;
    v.placed = false;
  }
  if (!v.placed) {
    // The scenario's length, up to 100 ms (a sandbox may run for seconds, but its story
    // starts at once); the view widens as time jumps on (see follow below).
    Nanos span = sim.until() > 0 ? std::min<Nanos>(sim.until(), 100 * NSEC_PER_MSEC) : 0;
    span = std::max({span, now, NSEC_PER_MSEC});
    v.t0 = -static_cast<double>(span) * 0.01;  // a margin, so what happens at 0 is not on the edge
    v.t1 = static_cast<double>(span) * 1.05;
    v.follow = true;
    v.placed = true;
    v.open.clear();
  }

  if (!ImGui::Begin("Timeline", nullptr, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
    ImGui::End();
    return;
  }
  ImGuiIO& io = ImGui::GetIO();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float font = ImGui::GetFontSize();

  // --- Toolbar: fit, follow, window, legend, help ---------------------------------
  if (ImGui::SmallButton("Fit")) {
    const auto span = static_cast<double>(std::max<Nanos>({now, m.last_time(), NSEC_PER_USEC}));
    v.t0 = -span * 0.01;
    v.t1 = span * 1.03;
    v.follow = true;
  }
  track_widget("timeline fit");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show the whole run so far");
  ImGui::SameLine();
  ImGui::Checkbox("Follow now", &v.follow);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Keep the time cursor in view while the simulation runs");
  auto legend = [&](ImU32 col, const char* label) {
    const float wdt = font * 0.9f + style.ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
    ImGui::SameLine(0, style.ItemSpacing.x * 2);
    if (ImGui::GetContentRegionAvail().x < wdt) ImGui::NewLine();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float sz = font * 0.75f;
    const float dy = (ImGui::GetTextLineHeight() - sz) * 0.5f;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + dy), ImVec2(p.x + sz, p.y + dy + sz), col, 2.0f);
    ImGui::Dummy(ImVec2(sz, ImGui::GetTextLineHeight()));
    ImGui::SameLine(0, style.ItemInnerSpacing.x);
    ImGui::TextUnformatted(label);
  };
  for (int s = 0; s < static_cast<int>(TaskView::Count); ++s)
    legend(kStateColour[s], static_cast<TaskView>(s) == TaskView::BlockedMemory
                                ? "blocked (memory)"
                                : task_view_name(static_cast<TaskView>(s)));
  legend(kManagerColour, "manager");
  {
    const char* label = "work, by workqueue";
    const float wdt = font * 2.1f + ImGui::CalcTextSize(label).x;
    ImGui::SameLine(0, style.ItemSpacing.x * 2);
    if (ImGui::GetContentRegionAvail().x < wdt) ImGui::NewLine();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float sz = font * 0.75f, dy = (ImGui::GetTextLineHeight() - sz) * 0.5f;
    for (int k = 0; k < 3; ++k)
      ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x + k * sz * 0.6f, p.y + dy),
                                                ImVec2(p.x + k * sz * 0.6f + sz * 0.6f, p.y + dy + sz), kWqPalette[k],
                                                0.0f);
    ImGui::Dummy(ImVec2(sz * 1.8f, ImGui::GetTextLineHeight()));
    ImGui::SameLine(0, style.ItemInnerSpacing.x);
    ImGui::TextUnformatted(label);
  }
  ImGui::SameLine(0, style.ItemSpacing.x * 2);
  if (ImGui::GetContentRegionAvail().x < font * 3) ImGui::NewLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(
        "Wheel: zoom around the mouse      Drag: pan      W/S: zoom, A/D: pan (keys by position)\n"
        "Shift+wheel or wheel over the names: scroll the rows\n"
        "Click a work slice: follow its life (queued -> activated -> started)\n"
        "Click or drag on the time axis, or drag the red cursor: move the simulation in time\n"
        "Click a group header to fold it. Top strip of a row: task state; below: work slices.");
    ImGui::Separator();
    ImDrawList* tdl = ImGui::GetWindowDrawList();
    for (int k = 0; k < static_cast<int>(MarkerKind::Count); ++k) {
      const auto kind = static_cast<MarkerKind>(k);
      const ImVec2 p = ImGui::GetCursorScreenPos();
      draw_glyph(tdl, kind, ImVec2(p.x + font * 0.5f, p.y + ImGui::GetTextLineHeight() * 0.5f), font * 0.38f);
      ImGui::Dummy(ImVec2(font, ImGui::GetTextLineHeight()));
      ImGui::SameLine();
      ImGui::TextUnformatted(marker_kind_name(kind));
      if (k % 4 != 3 && k + 1 < static_cast<int>(MarkerKind::Count)) ImGui::SameLine(0, font * 1.5f);
    }
    ImGui::Separator();
    ImGui::TextDisabled("This panel took %.2f ms of CPU per frame (smoothed); %zu slices, %zu events.", v.frame_ms,
                        m.slice_count(), m.events_read());
    ImGui::EndTooltip();
  }

  // --- The followed work's life ----------------------------------------------------
  if (ui.followed_work >= 0 && static_cast<size_t>(ui.followed_work) < w.wq.works.size()) {
    const int32_t wk = ui.followed_work;
    const auto& ins = m.instances_of(wk);
    const int32_t prog = w.wq.works[static_cast<size_t>(wk)].program;
    // The latest queueing at or before the cursor.
    const WorkInstance* in = nullptr;
    for (auto it = ins.rbegin(); it != ins.rend(); ++it) {
      const WorkInstance& x = m.instances()[static_cast<size_t>(*it)];
      if (x.queued <= now) {
        in = &x;
        break;
      }
    }
    if (ImGui::SmallButton("x##unfollow")) ui.followed_work = -1;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Stop following");
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, kFollowColour);
    ImGui::TextUnformatted(work_name(w, wk).c_str());
    ImGui::PopStyleColor();
    std::string detail = prog >= 0 ? func_name(w, prog) + "()" : std::string();
    ImGui::SameLine();
    std::string life;
    if (in) {
      if (in->wq >= 0) detail += " on workqueue " + wq_name(w, in->wq);
      char buf[96];
      std::snprintf(
          buf, sizeof buf, "%d. queueing of %zu; queued by %s",
          static_cast<int>(&*std::find_if(ins.begin(), ins.end(),
                                          [&](int32_t i) { return &m.instances()[static_cast<size_t>(i)] == in; }) -
                           &ins[0]) +
              1,
          ins.size(), in->queued_by >= 0 ? task_name(w, in->queued_by).c_str() : "a scenario action or timer");
      detail += std::string("\n") + buf;
      life += "queued " + (in->queued >= 0 ? fmt_ns(in->queued) : std::string("?"));
      life +=
          " -> " + (in->activated >= 0 ? "activated " + fmt_ns(in->activated) : std::string("inactive (max_active)"));
      if (in->started >= 0) {
        life += " -> started " + fmt_ns(in->started);
        if (in->row >= 0) life += " on " + task_name(w, m.rows()[static_cast<size_t>(in->row)].task);
        life += in->ended >= 0 ? " -> ended " + fmt_ns(in->ended) : std::string(" (running)");
      }
    } else {
      life += "not queued yet";
    }
    {  // executions in view
      size_t in_view = 0;
      for (const int32_t i : ins) {
        const WorkInstance& x = m.instances()[static_cast<size_t>(i)];
        if (x.started >= 0 && static_cast<double>(x.started) >= v.t0 && static_cast<double>(x.started) <= v.t1)
          ++in_view;
        if (in_view > kMaxFlows) break;
      }
      if (in_view > kMaxFlows) life += "   (arrows for this one only: zoom in for the others)";
    }
    ImGui::TextUnformatted(life.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", detail.c_str());
  }

  // --- Geometry -----------------------------------------------------------------------
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  float title_w = 0;
  for (const RowGroup& g : m.groups()) title_w = std::max(title_w, ImGui::CalcTextSize(g.title.c_str()).x);
  const float label_w =
      std::clamp(std::max(font * 10.0f, title_w + font * 1.6f), 110.0f, std::max(110.0f, avail.x * 0.3f));
  const float axis_h = std::floor(font * 1.8f);
  Frame f{sim, w, m, ui};
  f.now = now;
  f.font = font;
  f.label_w = label_w;
  f.left = origin.x;
  f.map.x0 = origin.x + label_w;
  f.map.x1 = origin.x + avail.x - style.ScrollbarSize;
  if (avail.y < axis_h + font * 2 || f.map.x1 - f.map.x0 < 40) {
    ImGui::End();
    return;
  }

  // --- Keyboard (by key position) and follow -------------------------------------------
  const bool mouse_in_time = io.MousePos.x >= f.map.x0 && io.MousePos.x <= f.map.x1 && io.MousePos.y >= origin.y &&
                             io.MousePos.y <= origin.y + avail.y;
  auto zoom_at = [&](double anchor, double factor) {
    const double min_w = 100.0;  // ns
    const double max_w = std::max<double>(4.0 * static_cast<double>(std::max<Nanos>(now, sim.until())), 1e7);
    const double wd = std::clamp((v.t1 - v.t0) * factor, min_w, max_w);
    const double frac = (anchor - v.t0) / (v.t1 - v.t0);
    v.t0 = anchor - frac * wd;
    v.t1 = v.t0 + wd;
  };
  // W/S/A/D (by key position) arrive from App as UiState::timeline_zoom / timeline_pan:
  // zoom around the mouse when it is over the time area, else around the centre.
  if (ui.timeline_zoom != 0 || ui.timeline_pan != 0) {
    f.map.t0 = v.t0;
    f.map.t1 = v.t1;
    const double anchor = mouse_in_time ? f.map.t(io.MousePos.x) : (v.t0 + v.t1) * 0.5;
    if (ui.timeline_zoom != 0) zoom_at(anchor, std::pow(2.0, -ui.timeline_zoom));
    const double pan = (v.t1 - v.t0) * ui.timeline_pan;
    v.t0 += pan;
    v.t1 += pan;
    v.follow = false;
  }
  if (v.follow && v.drag != View::Drag::Cursor) {
    const double wd = v.t1 - v.t0;
    const auto nowd = static_cast<double>(now);
    if (nowd > v.t0 + wd * 0.98) {
      if (!ui.playing && v.t0 <= 0) {
        v.t1 = nowd * 1.05;  // a jump (run until, next mayday) with the start in view: show it all
      } else {
        v.t0 = nowd - wd * 0.9;  // playing: slide along
        v.t1 = v.t0 + wd;
      }
    } else if (nowd < v.t0) {
      v.t0 = std::max(0.0, nowd - wd * 0.1);
      v.t1 = v.t0 + wd;
    }
  }
  f.map.t0 = v.t0;
  f.map.t1 = v.t1;

  // --- Time axis ----------------------------------------------------------------------
  ImDrawList* wdl = ImGui::GetWindowDrawList();
  const float ax_y0 = origin.y, ax_y1 = origin.y + axis_h;
  const double step = nice_step(f.map.ns_per_px() * std::max(90.0f, font * 7.0f));
  wdl->AddRectFilled(ImVec2(origin.x, ax_y0), ImVec2(f.map.x1, ax_y1), IM_COL32(255, 255, 255, 10));
  // The time cursor's label (drawn last, over everything): where it goes, so that no tick
  // label shows half-covered under it.
  struct CursorBadge {
    Nanos t;
    float x, x0, x1;  // the cursor line, the label's left and right
    std::string text;
    ImVec2 size;
  };
  auto cursor_badge = [&]() {  // call again after input: scrubbing and zoom move it
    CursorBadge b;
    b.t = v.drag == View::Drag::Cursor && v.scrub >= 0 ? v.scrub : now;
    b.x = std::floor(f.map.x(static_cast<double>(b.t))) + 0.5f;
    b.text = fmt_ns(b.t);
    b.size = ImGui::CalcTextSize(b.text.c_str());
    b.x0 = b.x + 4;
    if (b.x0 + b.size.x + 6 > f.map.x1) b.x0 = b.x - b.size.x - 10;
    b.x1 = b.x0 + b.size.x + 6;
    return b;
  };
  const CursorBadge badge_now = cursor_badge();
  wdl->PushClipRect(ImVec2(f.map.x0, ax_y0), ImVec2(f.map.x1, ax_y1), true);
  for (double t = std::floor(v.t0 / step) * step; t <= v.t1; t += step) {
    const float x = std::floor(f.map.x(t)) + 0.5f;
    wdl->AddLine(ImVec2(x, ax_y1 - font * 0.45f), ImVec2(x, ax_y1), IM_COL32(200, 200, 200, 160));
    const std::string s = fmt_tick(t, step);
    const float label_x1 = x + 3 + ImGui::CalcTextSize(s.c_str()).x;
    const bool under_badge = x + 3 < badge_now.x1 && label_x1 > badge_now.x0;
    if (x + 3 >= f.map.x0 && !under_badge) {  // no half-hidden label at the left edge or under the cursor's
      wdl->AddText(ImVec2(x + 3, ax_y0 + 2), IM_COL32(200, 200, 200, 255), s.c_str());
    }
    for (int k = 1; k < 5; ++k) {
      const float xs = std::floor(f.map.x(t + step * k / 5)) + 0.5f;
      wdl->AddLine(ImVec2(xs, ax_y1 - font * 0.2f), ImVec2(xs, ax_y1), IM_COL32(200, 200, 200, 90));
    }
  }
  wdl->PopClipRect();
  wdl->AddText(ImVec2(origin.x + style.ItemSpacing.x, ax_y0 + 2), kTextDim, "time");
  // Axis interaction: click or drag to scrub.
  ImGui::SetCursorScreenPos(ImVec2(f.map.x0, ax_y0));
  ImGui::InvisibleButton("##axis", ImVec2(f.map.x1 - f.map.x0, axis_h));
  const bool axis_hovered = ImGui::IsItemHovered();
  if (ImGui::IsItemActivated()) {
    v.drag = View::Drag::Cursor;
    ui.playing = false;
  }
  // Global markers on the axis (actions, hotplug, WARNs without a task).
  const Marker* hovered_global_marker = nullptr;
  {
    const auto& gm = m.global_markers();
    const float r = font * 0.32f;
    float last_x = -1e9f;
    size_t i = static_cast<size_t>(
        std::lower_bound(gm.begin(), gm.end(), v.t0,
                         [](const Marker& mk, double t) { return static_cast<double>(mk.time) < t; }) -
        gm.begin());
    for (; i < gm.size() && static_cast<double>(gm[i].time) <= v.t1; ++i) {
      const float x = f.map.x(static_cast<double>(gm[i].time));
      if (x - last_x < 2) continue;
      last_x = x;
      const ImVec2 c(x, ax_y1 - r - 1);
      draw_glyph(wdl, gm[i].kind, c, r);
      if (axis_hovered && std::fabs(io.MousePos.x - x) <= r + 2 && io.MousePos.y >= c.y - r - 2) {
        hovered_global_marker = &gm[i];
      }
    }
  }

  // --- A task or pool selected elsewhere: unfold its group and bring it into view ----
  int64_t reveal_key = 0;  // header to scroll to, or 0
  int32_t reveal_row = -1;
  if (ui.selected_task != v.last_selected_task) {
    v.last_selected_task = ui.selected_task;
    const int32_t r = m.row_of(ui.selected_task);
    if (r >= 0 && m.rows()[static_cast<size_t>(r)].group >= 0) {
      const RowGroup& g = m.groups()[static_cast<size_t>(m.rows()[static_cast<size_t>(r)].group)];
      v.open[group_key(g)] = true;
      if (g.kind == GroupKind::Pool && !group_open_default(g)) v.open[kQuietKey] = true;
      reveal_row = r;
    }
  }
  if (ui.selected_pool != v.last_selected_pool) {
    v.last_selected_pool = ui.selected_pool;
    for (const RowGroup& g : m.groups())
      if (g.kind == GroupKind::Pool && g.pool == ui.selected_pool) {
        if (!group_open_default(g)) v.open[kQuietKey] = true;
        reveal_key = group_key(g);
      }
  }

  // --- Layout of the rows -----------------------------------------------------------
  const float row_h = std::floor(font * 1.2f + 10.0f);
  const float lane_pad = 3.0f;
  const float strip_h = std::max(4.0f, std::floor(font * 0.4f));
  const float header_h = std::floor(font + 6.0f);
  const float counter_h = std::floor(font + 5.0f);
  const float free_h = std::floor(font * 4.2f);
  std::vector<Item>& items = v.items;
  items.clear();
  float cy = 0;
  auto is_open = [&](int64_t key, bool dflt) {
    const auto it = v.open.find(key);
    return it == v.open.end() ? dflt : it->second;
  };
  auto push = [&](Item it) {
    it.y = cy;
    cy += it.h;
    items.push_back(it);
  };
  auto header = [&](int64_t key, int32_t index) {
    Item h;
    h.kind = ItemKind::Header;
    h.key = key;
    h.index = index;
    h.h = header_h;
    push(h);
  };
  std::vector<float> group_y(m.groups().size(), -1.0f);  // header centre, for flows
  std::vector<float> row_y(m.rows().size(), -1.0f);      // lane centre, for flows
  // A group: header, its task rows, then (pools) its counters.
  auto add_group = [&](int32_t gi, float anchor_y) {
    const RowGroup& g = m.groups()[static_cast<size_t>(gi)];
    const int64_t key = group_key(g);
    if (anchor_y < 0) {
      group_y[static_cast<size_t>(gi)] = cy + header_h * 0.5f;
      header(key, gi);
      if (!is_open(key, group_open_default(g))) return;
    }
    for (const int32_t r : g.rows) {
      Item it;
      it.kind = ItemKind::Task;
      it.index = r;
      it.h = row_h;
      row_y[static_cast<size_t>(r)] = cy + (4 + strip_h + row_h - lane_pad) * 0.5f;  // lane centre
      push(it);
    }
    if (g.kind == GroupKind::Pool) {
      for (const CounterId c : {CounterId::NrRunning, CounterId::NrIdle, CounterId::Worklist}) {
        Item it;
        it.kind = ItemKind::Counter;
        it.index = gi;
        it.counter = c;
        it.h = counter_h;
        push(it);
      }
    }
  };
  // Pools where something happened, then the rescuers.
  std::vector<int32_t> quiet;  // pools with nothing yet (idle workers only)
  int32_t rescuers = -1, kernel = -1;
  for (const int32_t gi : m.group_order()) {
    const RowGroup& g = m.groups()[static_cast<size_t>(gi)];
    if (g.kind == GroupKind::Rescuers) rescuers = gi;
    if (g.kind == GroupKind::Kernel) kernel = gi;
    if (g.kind != GroupKind::Pool) continue;
    if (!group_open_default(g)) {
      if (!g.rows.empty()) quiet.push_back(gi);
      continue;
    }
    add_group(gi, -1);
  }
  if (rescuers >= 0) add_group(rescuers, -1);
  {  // memory: open by default once free pages came near the watermarks
    const CounterSeries& fp = m.free_pages();
    int64_t lo = 0, hi = 0;
    if (!fp.v.empty()) fp.range(0, fp.v.size(), lo, hi);
    const bool pressure = !fp.v.empty() && lo < 4 * w.mem.wmark.high;
    v.memory_open_default = pressure;
    header(kMemoryKey, -1);
    if (is_open(kMemoryKey, pressure)) {
      Item c;
      c.kind = ItemKind::Counter;
      c.counter = CounterId::FreePages;
      c.h = free_h;
      push(c);
      c.counter = CounterId::Cache;
      c.h = counter_h;
      push(c);
    }
  }
  if (!quiet.empty()) {  // quiet pools under one header
    const float hy = cy + header_h * 0.5f;
    header(kQuietKey, -1);
    v.quiet_title = "pools with no work yet:";
    for (const int32_t gi : quiet) v.quiet_title += " " + std::to_string(m.groups()[static_cast<size_t>(gi)].pool);
    const bool open = is_open(kQuietKey, false);
    for (const int32_t gi : quiet) {
      if (open) {
        add_group(gi, -1);
      } else {
        group_y[static_cast<size_t>(gi)] = hy;
        for (const int32_t r : m.groups()[static_cast<size_t>(gi)].rows) row_y[static_cast<size_t>(r)] = -1;
      }
    }
  }
  if (!m.cpu_slices().empty()) {  // CPUs
    header(kCpusKey, -1);
    if (is_open(kCpusKey, false)) {
      for (size_t c = 0; c < m.cpu_slices().size(); ++c) {
        Item it;
        it.kind = ItemKind::Cpu;
        it.index = static_cast<int32_t>(c);
        it.h = row_h;
        push(it);
      }
    }
  }
  if (kernel >= 0) add_group(kernel, -1);
  const float content_h = cy + font;

  // --- Rows (a vertically scrolling child) -----------------------------------------
  ImGui::SetCursorScreenPos(ImVec2(origin.x, ax_y1));
  ImGui::BeginChild("##rows", ImVec2(avail.x, avail.y - axis_h), false,
                    ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_AlwaysVerticalScrollbar);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  f.dl = dl;
  f.top = ImGui::GetWindowPos().y;
  f.scroll_y = ImGui::GetScrollY();
  const float view_h = ImGui::GetWindowHeight();
  f.clip_y0 = f.top;
  f.clip_y1 = f.top + view_h;
  const float right = f.map.x1;
  for (const Item& it : items) {
    const bool match = (reveal_row >= 0 && it.kind == ItemKind::Task && it.index == reveal_row) ||
                       (reveal_key != 0 && it.kind == ItemKind::Header && it.key == reveal_key);
    if (match && (it.y < f.scroll_y || it.y + it.h > f.scroll_y + view_h)) {
      ImGui::SetScrollY(std::max(0.0f, it.y - view_h * 0.3f));
      break;
    }
  }

  // Interaction surfaces: the names column and the time area (visible part only).
  ImGui::SetCursorScreenPos(ImVec2(origin.x, f.top));
  ImGui::InvisibleButton("##names", ImVec2(label_w, view_h));
  const bool names_hovered = ImGui::IsItemHovered();
  const bool names_clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  ImGui::SetCursorScreenPos(ImVec2(f.map.x0, f.top));
  ImGui::InvisibleButton(
      "##area", ImVec2(right - f.map.x0, view_h),
      ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonMiddle | ImGuiButtonFlags_MouseButtonRight);
  const bool area_hovered = ImGui::IsItemHovered();
  const bool area_activated = ImGui::IsItemActivated();
  ImGui::SetCursorPos(ImVec2(0, content_h));
  ImGui::Dummy(ImVec2(1, 1));

  // Wheel: zoom over the time area, scroll over the names (or with shift).
  if ((area_hovered || names_hovered || axis_hovered) && io.MouseWheel != 0) {
    if (names_hovered || io.KeyShift) {
      ImGui::SetScrollY(std::clamp(f.scroll_y - io.MouseWheel * row_h * 3, 0.0f, ImGui::GetScrollMaxY()));
    } else {
      zoom_at(f.map.t(io.MousePos.x), std::pow(1.25, -static_cast<double>(io.MouseWheel)));
      v.follow = false;
      f.map.t0 = v.t0;
      f.map.t1 = v.t1;
    }
  }

  // Find the item under the mouse.
  const Item* hover_item = nullptr;
  if (area_hovered || names_hovered) {
    const float my = io.MousePos.y - f.top + f.scroll_y;
    const auto it = std::partition_point(items.begin(), items.end(), [&](const Item& x) { return x.y + x.h <= my; });
    if (it != items.end() && my >= it->y) hover_item = &*it;
  }

  // Press in the time area: near the cursor -> scrub; elsewhere -> pan or click.
  const float cursor_x = f.map.x(static_cast<double>(v.drag == View::Drag::Cursor && v.scrub >= 0 ? v.scrub : now));
  if (area_activated) {
    v.press = io.MousePos;
    v.press_t0 = v.t0;
    v.press_t1 = v.t1;
    v.press_scroll = f.scroll_y;
    if (ImGui::IsMouseDown(ImGuiMouseButton_Left) && std::fabs(io.MousePos.x - cursor_x) <= 4.0f) {
      v.drag = View::Drag::Cursor;
      ui.playing = false;
    } else {
      v.drag = View::Drag::Pending;
    }
  }
  const bool any_down = ImGui::IsMouseDown(ImGuiMouseButton_Left) || ImGui::IsMouseDown(ImGuiMouseButton_Middle) ||
                        ImGui::IsMouseDown(ImGuiMouseButton_Right);
  bool clicked = false;
  if (v.drag == View::Drag::Pending || v.drag == View::Drag::Pan) {
    const ImVec2 d(io.MousePos.x - v.press.x, io.MousePos.y - v.press.y);
    if (v.drag == View::Drag::Pending && (std::fabs(d.x) > 3 || std::fabs(d.y) > 3)) v.drag = View::Drag::Pan;
    if (v.drag == View::Drag::Pan) {
      const double shift = static_cast<double>(d.x) * (v.press_t1 - v.press_t0) / (f.map.x1 - f.map.x0);
      v.t0 = v.press_t0 - shift;
      v.t1 = v.press_t1 - shift;
      if (std::fabs(d.x) > 0) v.follow = false;
      ImGui::SetScrollY(std::clamp(v.press_scroll - d.y, 0.0f, ImGui::GetScrollMaxY()));
      f.map.t0 = v.t0;
      f.map.t1 = v.t1;
    }
    if (!any_down) {
      clicked = v.drag == View::Drag::Pending;
      v.drag = View::Drag::None;
    }
  }
  if (v.drag == View::Drag::Cursor) {
    // Not past the scenario's end (or now, if later): scrubbing should not start long runs.
    const double t =
        std::clamp(f.map.t(io.MousePos.x), 0.0, static_cast<double>(std::max(now, std::max<Nanos>(sim.until(), 0))));
    v.scrub = static_cast<Nanos>(t);
    if (v.scrub != v.last_seek) {
      ui.seek_to = v.scrub;
      v.last_seek = v.scrub;
    }
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
      v.drag = View::Drag::None;
      v.scrub = -1;
      v.last_seek = -1;
    }
  }
  const bool show_hover = v.drag == View::Drag::None && hover_item != nullptr && !ImGui::IsAnyMouseDown();
  const double mouse_t = f.map.t(io.MousePos.x);
  const double tol = f.map.ns_per_px() * 3;  // hit tolerance: 3 px

  // Grid lines behind the rows.
  dl->PushClipRect(ImVec2(f.map.x0, f.clip_y0), ImVec2(right, f.clip_y1), true);
  for (double t = std::floor(v.t0 / step) * step; t <= v.t1; t += step) {
    const float x = std::floor(f.map.x(t)) + 0.5f;
    dl->AddLine(ImVec2(x, f.clip_y0), ImVec2(x, f.clip_y1), kGridColour);
  }
  dl->PopClipRect();

  // Tooltip to show after drawing (built while drawing the hovered row).
  std::string tip;
  const StateInterval* tip_state = nullptr;
  int32_t click_work = -1, click_task = -1;
  int64_t click_event = -1;

  const float indent = font * 0.9f;
  const float glyph_r = std::max(3.0f, font * 0.32f);

  auto draw_markers = [&](const std::vector<Marker>& mk, float cy_mid, bool hovered_row) {
    float last_x = -1e9f;
    size_t i = static_cast<size_t>(
        std::lower_bound(mk.begin(), mk.end(), v.t0 - tol,
                         [](const Marker& a, double t) { return static_cast<double>(a.time) < t; }) -
        mk.begin());
    const Marker* best = nullptr;
    float best_d = 1e9f;
    for (; i < mk.size() && static_cast<double>(mk[i].time) <= v.t1 + tol; ++i) {
      const float x = f.map.x(static_cast<double>(mk[i].time));
      if (hovered_row) {
        const float d = std::fabs(io.MousePos.x - x);
        if (d <= glyph_r + 2 && d < best_d) best = &mk[i], best_d = d;
      }
      if (x - last_x < 3) continue;
      last_x = x;
      draw_glyph(dl, mk[i].kind, ImVec2(x, cy_mid), glyph_r);
    }
    return best;
  };

  auto marker_text = [&](const Marker& mk) {
    std::string s = marker_kind_name(mk.kind);
    s += " at " + fmt_ns(mk.time);
    char buf[160];
    switch (mk.kind) {
      case MarkerKind::WorkerCreated:
        std::snprintf(buf, sizeof buf, "\n%s for pool %d%s", task_name(w, mk.task).c_str(), mk.pool,
                      mk.b == 1 ? " (rescuer)" : "");
        s += buf;
        break;
      case MarkerKind::WorkerDestroyed:
        s += "\n" + task_name(w, mk.task) + " (idle culling)";
        break;
      case MarkerKind::CreateFailed:
        std::snprintf(buf, sizeof buf, "\n%s: -%lld", task_name(w, mk.task).c_str(), static_cast<long long>(mk.a));
        s += buf;
        break;
      case MarkerKind::MaydayTimeout:
        s += mk.a ? "\npool_mayday_timeout(): need_to_create_worker() is true -> send maydays"
                  : "\npool_mayday_timeout(): the pool no longer needs a worker";
        break;
      case MarkerKind::MaydaySent:
        s += "\nsend_mayday(): " + (mk.wq >= 0 ? wq_name(w, mk.wq) : std::string("?")) + " asks its rescuer";
        if (mk.work >= 0) s += " for " + work_name(w, mk.work);
        break;
      case MarkerKind::RescuerWake:
      case MarkerKind::RescuerDone:
        std::snprintf(buf, sizeof buf, "\n%s, pool %d", task_name(w, mk.task).c_str(), mk.pool);
        s += buf;
        break;
      case MarkerKind::RescuerAssign:
        s += "\n" + task_name(w, mk.task) + " takes " + (mk.work >= 0 ? work_name(w, mk.work) : std::string("?"));
        break;
      case MarkerKind::WatchdogLockup:
        std::snprintf(buf, sizeof buf, "\nBUG: workqueue lockup - pool %d stuck for %llds", mk.pool,
                      static_cast<long long>(mk.a));
        s += buf;
        break;
      case MarkerKind::CpuHog:
        s += "\n" + task_name(w, mk.task) + " running " + (mk.work >= 0 ? work_name(w, mk.work) : std::string("?"));
        break;
      case MarkerKind::Scripted:
        if (mk.a >= 0 && static_cast<size_t>(mk.a) < w.script.size())
          s += "\n" + w.script[static_cast<size_t>(mk.a)].text;
        break;
      case MarkerKind::AllocFailed:
        std::snprintf(buf, sizeof buf, "\n%lld pages", static_cast<long long>(mk.a));
        s += buf;
        break;
      case MarkerKind::CpuOnline:
      case MarkerKind::CpuOffline:
        std::snprintf(buf, sizeof buf, "\nCPU %d", mk.cpu);
        s += buf;
        break;
      default:
        break;
    }
    return s;
  };

  for (const Item& it : items) {
    const float y0 = f.y(it.y), y1 = y0 + it.h;
    if (y1 < f.clip_y0 || y0 > f.clip_y1) continue;
    const bool hovered_row = show_hover && hover_item == &it;
    dl->PushClipRect(ImVec2(origin.x, std::max(y0, f.clip_y0)), ImVec2(right, std::min(y1, f.clip_y1)), true);
    switch (it.kind) {
      case ItemKind::Header: {
        dl->AddRectFilled(ImVec2(origin.x, y0 + 1), ImVec2(right, y1 - 1), kHeaderBg);
        std::string title;
        bool open = true;
        const RowGroup* g = nullptr;
        if (it.key == kMemoryKey) {
          title = "memory";
          open = is_open(kMemoryKey, v.memory_open_default);
        } else if (it.key == kCpusKey) {
          title = "CPUs";
          open = is_open(kCpusKey, false);
        } else if (it.key == kQuietKey) {
          title = v.quiet_title;
          open = is_open(kQuietKey, false);
        } else {
          g = &m.groups()[static_cast<size_t>(it.index)];
          title = g->title;
          open = is_open(it.key, group_open_default(*g));
          if (g->kind == GroupKind::Pool && g->pool == ui.selected_pool)
            dl->AddRectFilled(ImVec2(origin.x, y0 + 1), ImVec2(right, y1 - 1), kSelectedBg);
        }
        const float ay = (y0 + y1) * 0.5f, ar = font * 0.28f, ax = origin.x + 4 + ar;
        if (open) {
          dl->AddTriangleFilled(ImVec2(ax - ar, ay - ar * 0.6f), ImVec2(ax + ar, ay - ar * 0.6f),
                                ImVec2(ax, ay + ar * 0.8f), IM_COL32(220, 220, 220, 255));
        } else {
          dl->AddTriangleFilled(ImVec2(ax - ar * 0.6f, ay - ar), ImVec2(ax - ar * 0.6f, ay + ar),
                                ImVec2(ax + ar * 0.8f, ay), IM_COL32(220, 220, 220, 255));
        }
        {  // pool titles stay in the names column (their markers use the time area)
          const ImVec4 clip(origin.x, y0, g ? f.map.x0 - 4 : right, y1);
          dl->AddText(nullptr, 0.0f, ImVec2(ax + ar + 6, y0 + (it.h - font) * 0.5f), IM_COL32(235, 235, 235, 255),
                      title.c_str(), nullptr, 0.0f, &clip);
        }
        if (g) {
          if (!open) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "folded: %zu task%s", g->rows.size(), g->rows.size() == 1 ? "" : "s");
            dl->AddText(ImVec2(f.map.x0 + 6, y0 + (it.h - font) * 0.5f), kTextDim, buf);
          }
          dl->PushClipRect(ImVec2(f.map.x0, y0), ImVec2(right, y1), true);
          const Marker* mk = draw_markers(g->markers, (y0 + y1) * 0.5f, hovered_row);
          dl->PopClipRect();
          if (mk && hovered_row && io.MousePos.x >= f.map.x0) {
            tip = marker_text(*mk);
            if (clicked) click_event = mk->event;
          }
        }
        if ((clicked || names_clicked) && hover_item == &it && (io.MousePos.x < f.map.x0 + 1 || tip.empty())) {
          v.open[it.key] = !open;
          if (g && g->kind == GroupKind::Pool) ui.selected_pool = g->pool;
        }
        break;
      }
      case ItemKind::Counter: {
        const CounterSeries* s = nullptr;
        const RowGroup* g = it.index >= 0 ? &m.groups()[static_cast<size_t>(it.index)] : nullptr;
        switch (it.counter) {
          case CounterId::FreePages:
            s = &m.free_pages();
            break;
          case CounterId::Cache:
            s = &m.cache_pages();
            break;
          case CounterId::NrRunning:
            s = &g->nr_running;
            break;
          case CounterId::NrIdle:
            s = &g->nr_idle;
            break;
          case CounterId::Worklist:
            s = &g->worklist;
            break;
        }
        const ImU32 col = counter_colour(it.counter);
        // Vertical range.
        double vmax = static_cast<double>(std::max<int64_t>(s->max, 1));
        bool clipped_top = false;
        const Watermarks& wm = w.mem.wmark;
        if (it.counter == CounterId::FreePages) {
          int mode = v.free_scale;
          const int64_t lowest = s->v.empty() ? 0 : *std::min_element(s->v.begin(), s->v.end());
          if (mode == 0) mode = lowest < 4 * wm.high ? 2 : 1;
          if (mode == 2) {  // min, low and high spread over the lower two thirds
            vmax = static_cast<double>(std::max<int64_t>(wm.high * 8 / 5, 1));
            clipped_top = static_cast<double>(s->max) > vmax;
          }
        }
        const float ty0 = y0 + 3, ty1 = y1 - 2;
        auto vy = [&](double val) { return ty1 - static_cast<float>(std::min(val, vmax) / vmax) * (ty1 - ty0); };
        // Label and value at the cursor.
        const Nanos at = v.drag == View::Drag::Cursor && v.scrub >= 0 ? v.scrub : now;
        char val[48];
        std::snprintf(val, sizeof val, "%lld", static_cast<long long>(s->at(at)));
        const float lx = origin.x + indent + 4;
        dl->AddText(ImVec2(lx, y0 + (std::min(it.h, counter_h) - font) * 0.5f), counter_colour(it.counter),
                    counter_name(it.counter));
        const float vw = ImGui::CalcTextSize(val).x;
        dl->AddText(ImVec2(f.map.x0 - vw - 6, y0 + (std::min(it.h, counter_h) - font) * 0.5f),
                    IM_COL32(220, 220, 220, 255), val);
        if (it.counter == CounterId::FreePages) {
          const char* scale = clipped_top ? "scale: watermarks" : "scale: all";
          dl->AddText(ImVec2(lx, y0 + font + 4), kTextDim, scale);
          if (hovered_row && io.MousePos.x < f.map.x0) {
            tip = clipped_top
                      ? "Scaled to show the watermarks: higher values are drawn at the top.\nClick for the whole range."
                      : "Scaled to the whole range. Click to zoom on the watermarks.";
          }
          if (names_clicked && hover_item == &it) v.free_scale = clipped_top ? 1 : 2;
        }
        dl->PushClipRect(ImVec2(f.map.x0, y0), ImVec2(right, y1), true);
        dl->AddLine(ImVec2(f.map.x0, ty1 + 0.5f), ImVec2(right, ty1 + 0.5f), IM_COL32(255, 255, 255, 30));
        // Step line, one column per pixel where samples are dense. Lines are 1-pixel
        // rectangles, merged while they continue each other (dense columns mostly do).
        const auto& ts = s->t;
        const auto& vs = s->v;
        if (!ts.empty()) {
          auto py_of = [&](int64_t val) { return std::floor(vy(static_cast<double>(val))); };
          const float base = std::floor(ty1) + 1;
          Runs& fill_runs = v.fill_runs;
          Runs& line_runs = v.line_runs;
          const ImU32 fill = with_alpha(col, 50);
          const Nanos end_t = std::min<Nanos>(now, static_cast<Nanos>(v.t1) + 1);
          size_t k = static_cast<size_t>(std::upper_bound(ts.begin(), ts.end(), static_cast<Nanos>(v.t0)) - ts.begin());
          float px = k == 0 ? std::floor(f.map.x(static_cast<double>(ts[0]))) : f.map.x0;
          float py = k > 0 ? py_of(vs[k - 1]) : base - 1;
          while (k < ts.size() && ts[k] <= end_t) {
            const float xk = std::floor(f.map.x(static_cast<double>(ts[k])));
            if (xk - px < 1.0f && k + 1 < ts.size()) {
              // Dense: every sample in this pixel column as one bar from min to max.
              const double col_end = f.map.t(xk + 1.0f);
              const size_t j = std::max(
                  k + 1, static_cast<size_t>(std::lower_bound(ts.begin() + static_cast<std::ptrdiff_t>(k), ts.end(),
                                                              static_cast<Nanos>(std::ceil(col_end))) -
                                             ts.begin()));
              int64_t lo = 0, hi = 0;
              s->range(k, j, lo, hi);
              const float ylo = std::max(py_of(lo), py), yhi = std::min(py_of(hi), py);
              fill_runs.add(xk, yhi, xk + 1, base, fill);
              line_runs.add(xk, yhi, xk + 1, ylo + 1, col);
              py = py_of(vs[j - 1]);
              px = xk + 1;
              k = j;
              continue;
            }
            fill_runs.add(px, py, xk, base, fill);
            line_runs.add(px, py, xk, py + 1, col);
            const float ny = py_of(vs[k]);
            line_runs.add(xk, std::min(py, ny), xk + 1, std::max(py, ny) + 1, col);
            px = xk;
            py = ny;
            ++k;
          }
          const float xe = f.map.x(static_cast<double>(end_t));
          if (xe > px) {
            fill_runs.add(px, py, xe, base, fill);
            line_runs.add(px, py, xe, py + 1, col);
          }
          fill_runs.draw(dl);
          line_runs.draw(dl);
        }
        if (it.counter == CounterId::FreePages) {
          const std::pair<int64_t, const char*> marks[] = {{wm.min, "min"}, {wm.low, "low"}, {wm.high, "high"}};
          const ImU32 mcol[] = {IM_COL32(239, 83, 80, 220), IM_COL32(255, 167, 38, 220), IM_COL32(255, 238, 88, 200)};
          // Dashed lines; their names side by side at the right end, each above its line.
          float lx_name = right - 4;
          for (int k = 2; k >= 0; --k) {
            if (static_cast<double>(marks[k].first) > vmax) continue;
            const float ly = std::floor(vy(static_cast<double>(marks[k].first))) + 0.5f;
            for (float x = f.map.x0; x < right; x += 8)
              dl->AddLine(ImVec2(x, ly), ImVec2(std::min(x + 4, right), ly), mcol[k]);
            const float tw = ImGui::CalcTextSize(marks[k].second).x;
            lx_name -= tw;
            dl->AddRectFilled(ImVec2(lx_name - 2, ly - font), ImVec2(lx_name + tw + 2, ly - 1), IM_COL32(0, 0, 0, 150));
            dl->AddText(ImVec2(lx_name, ly - font), mcol[k], marks[k].second);
            lx_name -= 8;
          }
        }
        dl->PopClipRect();
        if (hovered_row && io.MousePos.x >= f.map.x0) {
          char buf[160];
          const auto tm = static_cast<Nanos>(mouse_t);
          std::snprintf(buf, sizeof buf, "%s = %lld at %s", counter_name(it.counter), static_cast<long long>(s->at(tm)),
                        fmt_ns(tm).c_str());
          tip = buf;
          if (it.counter == CounterId::FreePages) {
            std::snprintf(buf, sizeof buf, "\nwatermarks: min %lld, low %lld, high %lld pages",
                          static_cast<long long>(wm.min), static_cast<long long>(wm.low),
                          static_cast<long long>(wm.high));
            tip += buf;
          }
        }
        break;
      }
      case ItemKind::Cpu: {
        const auto& cs = m.cpu_slices()[static_cast<size_t>(it.index)];
        char name[32];
        std::snprintf(name, sizeof name, "CPU %d", it.index);
        dl->AddText(ImVec2(origin.x + indent + 4, y0 + (it.h - font) * 0.5f), IM_COL32(220, 220, 220, 255), name);
        dl->PushClipRect(ImVec2(f.map.x0, y0), ImVec2(right, y1), true);
        const float ly0 = y0 + lane_pad + 1, ly1 = y1 - lane_pad;
        dl->AddLine(ImVec2(origin.x + indent, y1 - 0.5f), ImVec2(right, y1 - 0.5f), IM_COL32(255, 255, 255, 16));
        const CpuSlice* hit = nullptr;
        {
          RectBatch batch(dl, ly0, ly1);
          std::vector<std::pair<float, const CpuSlice*>>& labels = v.labels_cpu;
          labels.clear();
          for_visible(
              cs, f.map, [&](const CpuSlice& s) { return f.end_of_open(s.end); },
              [&](const CpuSlice& s, size_t, float xa, float xb) {
                const int32_t row = m.row_of(s.task);
                const bool resc = row >= 0 && m.rows()[static_cast<size_t>(row)].rescuer;
                batch.add(xa, xb, resc ? IM_COL32(171, 71, 188, 255) : kWqPalette[static_cast<size_t>(s.task) % 10]);
                if (std::min(xb, right) - std::max(xa, f.map.x0) > 30) labels.emplace_back(xa, &s);
              });
          batch.flush();
          for (const auto& [xa, s] : labels) {
            const int32_t row = m.row_of(s->task);
            const bool resc = row >= 0 && m.rows()[static_cast<size_t>(row)].rescuer;
            const ImU32 col = resc ? IM_COL32(171, 71, 188, 255) : kWqPalette[static_cast<size_t>(s->task) % 10];
            const float txa = std::max(xa, f.map.x0),
                        txb = std::min(f.map.x(static_cast<double>(f.end_of_open(s->end))), right);
            const ImVec4 clip(txa + 2, ly0, txb - 2, ly1);
            dl->AddText(nullptr, 0.0f, ImVec2(txa + 3, ly0 + (ly1 - ly0 - font) * 0.5f), text_on(col),
                        task_name(w, s->task).c_str(), nullptr, 0.0f, &clip);
          }
        }
        if (hovered_row) {
          const size_t k =
              first_ending_at_or_after(cs, 0, mouse_t - tol, [&](const CpuSlice& s) { return f.end_of_open(s.end); });
          if (k < cs.size() && static_cast<double>(cs[k].start) <= mouse_t + tol) hit = &cs[k];
        }
        dl->PopClipRect();
        if (hit) {
          tip = task_name(w, hit->task) + " on " + name + "\n" + fmt_ns(hit->start) + " - " +
                (hit->end < 0 ? std::string("now") : fmt_ns(hit->end)) + "  (" +
                fmt_ns(f.end_of_open(hit->end) - hit->start) + ")";
          if (clicked) click_task = hit->task;
        }
        break;
      }
      case ItemKind::Task: {
        const TaskRow& r = m.rows()[static_cast<size_t>(it.index)];
        if (r.task == ui.selected_task) dl->AddRectFilled(ImVec2(origin.x, y0), ImVec2(right, y1), kSelectedBg);
        dl->AddLine(ImVec2(origin.x + indent, y1 - 0.5f), ImVec2(right, y1 - 0.5f), IM_COL32(255, 255, 255, 28));
        const std::string& name = task_name(w, r.task);
        // Rows: state strip on top, then the slice lane, then a gap.
        const float sy0 = y0 + 3, sy1 = sy0 + strip_h;
        const float ly0 = sy1 + 1, ly1 = y1 - lane_pad;
        {
          const ImVec4 clip(origin.x, y0, f.map.x0 - 4, y1);
          dl->AddText(nullptr, 0.0f, ImVec2(origin.x + indent + 4, (sy0 + ly1 - font) * 0.5f),
                      r.died >= 0 && r.died <= now ? kTextDim : IM_COL32(230, 230, 230, 255), name.c_str(), nullptr,
                      0.0f, &clip);
        }
        if (hovered_row && io.MousePos.x < f.map.x0) {
          tip = name;
          if (r.rescuer) tip += "\nrescuer (WQ_MEM_RECLAIM): visits starving pools";
          tip += "\nborn " + fmt_ns(r.born) + (r.died >= 0 ? ", exited " + fmt_ns(r.died) : std::string());
        }
        dl->PushClipRect(ImVec2(f.map.x0, y0), ImVec2(right, y1), true);
        // State strip.
        {
          RectBatch batch(dl, sy0, sy1);
          for_visible(
              r.states, f.map, [&](const StateInterval& s) { return f.end_of_open(s.end); },
              [&](const StateInterval& s, size_t, float xa, float xb) {
                batch.add(xa, xb, kStateColour[static_cast<size_t>(s.state)]);
              });
        }
        // Slices, coloured by workqueue; names on the wide ones, drawn after the rectangles.
        auto slice_end = [&](const WorkSlice& s) { return f.end_of_open(s.end); };
        {
          RectBatch batch(dl, ly0, ly1);
          std::vector<std::pair<float, const WorkSlice*>>& labels = v.labels;
          labels.clear();
          for_visible(r.slices, f.map, slice_end, [&](const WorkSlice& s, size_t, float xa, float xb) {
            batch.add(xa, xb, s.kind == SliceKind::Manager ? kManagerColour : wq_colour(s.wq));
            if (std::min(xb, right) - std::max(xa, f.map.x0) > 24) labels.emplace_back(xa, &s);
          });
          batch.flush();
          for (const auto& [xa, s] : labels) {
            const ImU32 col = s->kind == SliceKind::Manager ? kManagerColour : wq_colour(s->wq);
            const float txa = std::max(xa, f.map.x0);  // the name stays in view while the slice starts off-screen
            const float txb = std::min(f.map.x(static_cast<double>(slice_end(*s))), right);
            const ImVec4 clip(txa + 2, ly0, txb - 2, ly1);
            const char* label = s->kind == SliceKind::Manager ? "manage_workers" : work_name(w, s->work).c_str();
            dl->AddText(nullptr, 0.0f, ImVec2(txa + 3, ly0 + (ly1 - ly0 - font) * 0.5f), text_on(col), label, nullptr,
                        0.0f, &clip);
          }
        }
        // Blocking ops inside slices: a band at the bottom of the lane.
        const float by0 = ly1 - std::max(3.0f, (ly1 - ly0) * 0.35f);
        auto sub_end = [&](const SubSlice& s) { return f.end_of_open(s.end); };
        {
          RectBatch batch(dl, by0, ly1);
          for_visible(r.subs, f.map, sub_end, [&](const SubSlice& s, size_t, float xa, float xb) {
            batch.add(xa, xb,
                      kStateColour[static_cast<size_t>(s.memory ? TaskView::BlockedMemory : TaskView::Sleeping)]);
          });
        }
        // The followed work's executions: outlined (a yellow bar above and below where dense).
        if (ui.followed_work >= 0) {
          RectBatch top(dl, ly0 - 2, ly0), bottom(dl, ly1, ly1 + 2);
          for_visible(r.slices, f.map, slice_end, [&](const WorkSlice& s, size_t, float xa, float xb) {
            if (s.kind != SliceKind::Work || s.work != ui.followed_work) return;
            top.add(xa - 1, xb + 1, kFollowColour);
            bottom.add(xa - 1, xb + 1, kFollowColour);
            if (xb - xa >= 3) {
              dl->AddRectFilled(ImVec2(xa - 1, ly0 - 2), ImVec2(xa + 1, ly1 + 2), kFollowColour);
              dl->AddRectFilled(ImVec2(xb - 1, ly0 - 2), ImVec2(xb + 1, ly1 + 2), kFollowColour);
            }
          });
        }
        // What the mouse is over (searched, not taken from drawing: dense slices are skipped there).
        const WorkSlice* hit = nullptr;
        const SubSlice* sub_hit = nullptr;
        if (hovered_row) {
          // The slice under the mouse, else the nearest within the tolerance.
          size_t k = first_ending_at_or_after(r.slices, 0, mouse_t, slice_end);
          if (k < r.slices.size() && static_cast<double>(r.slices[k].start) <= mouse_t) {
            hit = &r.slices[k];
          } else {
            k = first_ending_at_or_after(r.slices, 0, mouse_t - tol, slice_end);
            if (k < r.slices.size() && static_cast<double>(r.slices[k].start) <= mouse_t + tol) hit = &r.slices[k];
          }
          k = first_ending_at_or_after(r.subs, 0, mouse_t, sub_end);
          if (k < r.subs.size() && static_cast<double>(r.subs[k].start) <= mouse_t) sub_hit = &r.subs[k];
        }
        const Marker* mk = draw_markers(r.markers, (ly0 + ly1) * 0.5f, hovered_row);
        dl->PopClipRect();
        if (hovered_row && io.MousePos.x >= f.map.x0) {
          // State at the mouse.
          const size_t si = first_ending_at_or_after(r.states, 0, mouse_t,
                                                     [&](const StateInterval& s) { return f.end_of_open(s.end); });
          if (si < r.states.size() && static_cast<double>(r.states[si].start) <= mouse_t) tip_state = &r.states[si];
          if (mk) {
            tip = marker_text(*mk);
            if (clicked) click_event = mk->event;
          } else if (hit) {
            if (hit->kind == SliceKind::Manager) {
              tip = "manage_workers() on " + name + "\nmaybe_create_worker(): make sure an idle worker is ready";
            } else {
              const int32_t prog = hit->work >= 0 && static_cast<size_t>(hit->work) < w.wq.works.size()
                                       ? w.wq.works[static_cast<size_t>(hit->work)].program
                                       : -1;
              tip = work_name(w, hit->work);
              if (prog >= 0) tip += "   " + func_name(w, prog) + "()";
              tip += "\nworkqueue " + (hit->wq >= 0 ? wq_name(w, hit->wq) : std::string("?"));
              char buf[48];
              std::snprintf(buf, sizeof buf, ", pool %d", hit->pool);
              tip += buf;
              tip += ", on " + name;
              if (hit->instance >= 0) {
                const WorkInstance& in = m.instances()[static_cast<size_t>(hit->instance)];
                if (in.queued >= 0) tip += "\nqueued " + fmt_ns(in.queued);
                if (in.activated >= 0) tip += ", activated " + fmt_ns(in.activated);
                if (in.rescued) tip += "\nrun by the rescuer";
              }
            }
            tip += "\nstart " + fmt_ns(hit->start) + ", end " +
                   (hit->end < 0 ? std::string("(running)") : fmt_ns(hit->end)) + "  (" +
                   fmt_ns(f.end_of_open(hit->end) - hit->start) + ")";
            if (sub_hit) {
              tip += std::string("\nin ") + op_label(sub_hit->op, sub_hit->memory) + " " + fmt_ns(sub_hit->start) +
                     " - " + (sub_hit->end < 0 ? std::string("now") : fmt_ns(sub_hit->end));
            }
            if (hit->kind == SliceKind::Work) tip += "\n(click to follow its life)";
            if (clicked) {
              click_work = hit->kind == SliceKind::Work ? hit->work : -1;
              click_task = r.task;
            }
          } else if (clicked) {
            click_task = r.task;
          }
        }
        if (names_clicked && hover_item == &it) ui.selected_task = r.task;
        break;
      }
    }
    dl->PopClipRect();
  }

  // Flows of the followed work: queued -> activated -> started.
  if (ui.followed_work >= 0) {
    const auto& ins = m.instances_of(ui.followed_work);
    // Instances are in queueing order; draw those whose life overlaps the view (at most 200).
    size_t first = static_cast<size_t>(std::partition_point(ins.begin(), ins.end(),
                                                            [&](int32_t i) {
                                                              const WorkInstance& x =
                                                                  m.instances()[static_cast<size_t>(i)];
                                                              const Nanos e = x.started >= 0 ? x.started : now;
                                                              return static_cast<double>(e) < v.t0;
                                                            }) -
                                       ins.begin());
    dl->PushClipRect(ImVec2(f.map.x0, f.clip_y0), ImVec2(right, f.clip_y1), true);
    auto arrow = [&](ImVec2 a, ImVec2 b) {
      // Close in time: a straight arrow; else a curve leaving and entering horizontally.
      ImVec2 from = a;  // the head points along from -> b
      if (std::fabs(b.x - a.x) < 12.0f) {
        dl->AddLine(a, b, kFollowColour, 1.5f);
      } else {
        const float dx = std::fabs(b.x - a.x) * 0.5f;
        const ImVec2 c1(a.x + (b.x > a.x ? dx : -dx), a.y), c2(b.x - (b.x > a.x ? dx : -dx), b.y);
        dl->AddBezierCubic(a, c1, c2, b, kFollowColour, 1.5f);
        from = c2;
      }
      const float len = std::sqrt((b.x - from.x) * (b.x - from.x) + (b.y - from.y) * (b.y - from.y));
      if (len < 1) return;
      const ImVec2 d((b.x - from.x) / len, (b.y - from.y) / len), n(-d.y, d.x);
      const float hl = font * 0.5f, hw = font * 0.25f;
      const ImVec2 base(b.x - d.x * hl, b.y - d.y * hl);
      dl->AddTriangleFilled(b, ImVec2(base.x + n.x * hw, base.y + n.y * hw),
                            ImVec2(base.x - n.x * hw, base.y - n.y * hw), kFollowColour);
    };
    // Many executions in view: arrows would only smear; draw the one at the cursor.
    const size_t last = static_cast<size_t>(
        std::partition_point(
            ins.begin() + static_cast<std::ptrdiff_t>(first), ins.end(),
            [&](int32_t i) { return static_cast<double>(m.instances()[static_cast<size_t>(i)].queued) <= v.t1; }) -
        ins.begin());
    std::vector<int32_t> todo(ins.begin() + static_cast<std::ptrdiff_t>(first),
                              ins.begin() + static_cast<std::ptrdiff_t>(last));
    if (todo.size() > kMaxFlows) {
      todo.clear();
      for (auto it = ins.rbegin(); it != ins.rend(); ++it)
        if (m.instances()[static_cast<size_t>(*it)].queued <= now) {
          todo.push_back(*it);
          break;
        }
    }
    for (const int32_t idx : todo) {
      const WorkInstance& in = m.instances()[static_cast<size_t>(idx)];
      // Anchors: the queueing task's row (or the pool's header), the pool's header, the worker's row.
      auto group_anchor = [&](int32_t pool) -> float {
        for (size_t gi = 0; gi < m.groups().size(); ++gi)
          if (m.groups()[gi].kind == GroupKind::Pool && m.groups()[gi].pool == pool) return group_y[gi];
        return -1.0f;
      };
      const float pool_y = group_anchor(in.pool);
      float qy = pool_y;
      if (in.queued_by >= 0) {
        const int32_t qr = m.row_of(in.queued_by);
        if (qr >= 0 && row_y[static_cast<size_t>(qr)] >= 0) qy = row_y[static_cast<size_t>(qr)];
      }
      float sy = -1.0f;
      if (in.row >= 0) {
        sy = row_y[static_cast<size_t>(in.row)];
        if (sy < 0) sy = group_y[static_cast<size_t>(m.rows()[static_cast<size_t>(in.row)].group)];
      }
      ImVec2 pts[3];
      int n = 0;
      if (in.queued >= 0 && qy >= 0) pts[n++] = ImVec2(f.map.x(static_cast<double>(in.queued)), f.y(qy));
      if (in.activated >= 0 && pool_y >= 0) pts[n++] = ImVec2(f.map.x(static_cast<double>(in.activated)), f.y(pool_y));
      if (in.started >= 0 && sy >= 0) pts[n++] = ImVec2(f.map.x(static_cast<double>(in.started)), f.y(sy));
      for (int k2 = 0; k2 < n; ++k2) {
        dl->AddCircleFilled(pts[k2], 3.5f, kFollowColour, 8);
        dl->AddCircle(pts[k2], 3.5f, IM_COL32(0, 0, 0, 200), 8);
      }
      for (int k2 = 0; k2 + 1 < n; ++k2) {
        if (std::fabs(pts[k2].x - pts[k2 + 1].x) < 2 && std::fabs(pts[k2].y - pts[k2 + 1].y) < 2) continue;
        arrow(pts[k2], pts[k2 + 1]);
      }
    }
    dl->PopClipRect();
  }

  // The time cursor.
  {
    const CursorBadge b = cursor_badge();
    const float x = b.x;
    if (x >= f.map.x0 && x <= right) {
      dl->AddLine(ImVec2(x, f.clip_y0), ImVec2(x, f.clip_y1), kCursorColour, 1.5f);
      wdl->AddLine(ImVec2(x, ax_y0), ImVec2(x, ax_y1), kCursorColour, 1.5f);
      const float by = ax_y0 + (axis_h - b.size.y) * 0.5f;
      wdl->AddRectFilled(ImVec2(b.x0, by - 1), ImVec2(b.x1, by + b.size.y + 1), kCursorColour, 3.0f);
      wdl->AddText(ImVec2(b.x0 + 3, by), IM_COL32_WHITE, b.text.c_str());
      const float hr = font * 0.35f;
      wdl->AddTriangleFilled(ImVec2(x - hr, ax_y1 - hr), ImVec2(x + hr, ax_y1 - hr), ImVec2(x, ax_y1), kCursorColour);
    }
  }

  // Clicks.
  if (clicked) {
    if (click_event >= 0) {
      ui.selected_event = click_event;
    } else if (click_work >= 0) {
      ui.followed_work = click_work;
      ui.selected_task = click_task;
    } else if (click_task >= 0) {
      ui.selected_task = click_task;
    } else if (hover_item == nullptr || hover_item->kind == ItemKind::Task) {
      ui.followed_work = -1;
    }
  }

  // Tooltip.
  if (show_hover && (!tip.empty() || tip_state)) {
    ImGui::BeginTooltip();
    if (!tip.empty()) ImGui::TextUnformatted(tip.c_str());
    if (tip_state) {
      if (!tip.empty()) ImGui::Separator();
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float sz = font * 0.75f;
      ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + sz, p.y + 2 + sz),
                                                kStateColour[static_cast<size_t>(tip_state->state)], 2.0f);
      ImGui::Dummy(ImVec2(sz, sz));
      ImGui::SameLine();
      std::string s = task_view_name(tip_state->state);
      if (tip_state->why != WaitWhy::None) s += std::string(": ") + wait_why_name(tip_state->why);
      if (tip_state->cpu >= 0) s += "  (CPU " + std::to_string(tip_state->cpu) + ")";
      s += "\n" + fmt_ns(tip_state->start) + " - " +
           (tip_state->end < 0 ? std::string("now") : fmt_ns(tip_state->end)) + "  (" +
           fmt_ns(f.end_of_open(tip_state->end) - tip_state->start) + ")";
      ImGui::TextUnformatted(s.c_str());
    }
    ImGui::EndTooltip();
  } else if (hovered_global_marker && v.drag == View::Drag::None) {
    ImGui::SetTooltip("%s", marker_text(*hovered_global_marker).c_str());
    if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) ui.selected_event = hovered_global_marker->event;
  } else if (axis_hovered && v.drag == View::Drag::None) {
    ImGui::SetTooltip("%s: click or drag to move the simulation here", fmt_ns(static_cast<Nanos>(mouse_t)).c_str());
  }

  ImGui::EndChild();
  ImGui::End();

  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  v.frame_ms = v.frame_ms == 0 ? ms : v.frame_ms * 0.9 + ms * 0.1;
}

}  // namespace cmwq::web
