#pragma once
/// @file
/// @brief Drawing helpers of the Timeline panel: the time-to-pixel mapping, the search for
/// what a window of time shows in a sorted row, and rectangles merged before drawing.
///
/// Everything is drawn for the visible window of time only: each row's vectors are
/// sorted, so the first visible element is a binary search, and where many elements
/// fall into one pixel column the loop jumps to the next column (another binary
/// search) instead of visiting them all. Time is kept in double nanoseconds for the
/// view and int64 nanoseconds in the model.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "imgui.h"
#include "web/model/palette.h"

namespace cmwq::web {

/// Maps time to x and back for the visible window.
struct Mapping {
  double t0 = 0;  ///< Time at the left edge, ns.
  double t1 = 1;  ///< Time at the right edge, ns.
  float x0 = 0;   ///< Left edge of the time area (screen).
  float x1 = 1;   ///< Right edge of the time area (screen).
  /// The x of time @p t.
  float x(double t) const { return x0 + static_cast<float>((t - t0) / (t1 - t0) * (x1 - x0)); }
  /// The time at @p x.
  double t(float x) const { return t0 + static_cast<double>(x - x0) / (x1 - x0) * (t1 - t0); }
  /// Nanoseconds one pixel covers.
  double ns_per_px() const { return (t1 - t0) / std::max(1.0f, x1 - x0); }
};

/// Index of the first element at or after @p from whose end (end_of) is at or after @p t.
/// Galloping search: the answer is usually a few elements ahead (the next pixel column),
/// so probe 1, 2, 4, ... ahead, then binary-search the last step.
template <typename Seq, typename EndOf>
size_t first_ending_at_or_after(const Seq& v, size_t from, double t, EndOf end_of) {
  using T = typename Seq::value_type;
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

/// Calls draw(element, index, xa, xb) for the visible elements of a sorted,
/// non-overlapping random-access sequence (a vector or deque), one per pixel column at
/// most where they are dense.
template <typename Seq, typename EndOf, typename Draw>
void for_visible(const Seq& v, const Mapping& m, EndOf end_of, Draw draw) {
  using T = typename Seq::value_type;
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

/// Rectangles collected for one draw, each merged into the previous one when it continues
/// it (same colour and vertical extent, touching horizontally).
struct Runs {
  /// One rectangle to draw.
  struct Rect {
    float x0;   ///< Left.
    float y0;   ///< Top.
    float x1;   ///< Right.
    float y1;   ///< Bottom.
    ImU32 col;  ///< Fill colour.
  };
  std::vector<Rect> rects;  ///< Waiting to be drawn.
  /// Adds a rectangle (nothing if it is empty), merged into the last when it continues it.
  /// Always inlined: a counter track calls it four times per pixel column, and g++ stops
  /// inlining it into the long step-line loop otherwise (5 % of a frame).
  [[gnu::always_inline]] void add(float x0, float y0, float x1, float y1, ImU32 col) {
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
  /// Draws the rectangles into @p dl and forgets them.
  void draw(ImDrawList* dl) {
    for (const Rect& r : rects) dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), r.col);
    rects.clear();
  }
};

/// Merges runs of touching rectangles of one colour into one (dense rows at a wide
/// zoom are mostly such runs): fewer vertices for the GPU, WebGL especially.
class RectBatch {
 public:
  /// A batch of rectangles from @p y0 to @p y1, drawn into @p dl.
  RectBatch(ImDrawList* dl, float y0, float y1) : dl_(dl), y0_(y0), y1_(y1) {}
  /// Draws what is left.
  ~RectBatch() { flush(); }
  RectBatch(const RectBatch&) = delete;             ///< Not copyable.
  RectBatch& operator=(const RectBatch&) = delete;  ///< Not copyable.
  /// Adds [xa, xb) (at least one pixel wide) in colour @p col.
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
  /// Draws the open rectangle.
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

/// Black or white text on a background colour.
inline ImU32 text_on(ImU32 bg) { return palette::is_light(bg) ? palette::kTextOnLight : palette::kTextOnDark; }

}  // namespace cmwq::web
