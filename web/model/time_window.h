#pragma once
/// @file
/// @brief The Timeline's window of time, without ImGui: where a scenario opens, how the
/// window follows "now", and how a jump of the run (an event-log click, run to next,
/// Back) brings the time cursor back into view without changing the zoom.

#include "core/kernel/time.h"

namespace cmwq::web {

/// A window of time, in ns (doubles: a zoomed window may be a fraction of a ns wide).
struct TimeWindow {
  double t0 = 0;  ///< Start.
  double t1 = 0;  ///< End (after t0).
};

/// The window a scenario opens with: its whole length when it lasts at most a second,
/// else its first 100 ms (a sandbox may run for minutes, but its story starts at once);
/// never less than @p now or 1 ms; with a margin of 1% before 0 and 5% after the end.
TimeWindow fit_scenario(Nanos until, Nanos now);
/// @p w slid, its width kept, so that time @p t lies inside it with 10% of the width to
/// spare on the side it came from; @p w itself if @p t is already inside.
TimeWindow reveal_time(TimeWindow w, double t);
/// "Follow now" while the run moves to @p now: past the right edge, a @p playing run
/// slides along (now at 90% of the width), a jump with the start in view widens the
/// window to show it all; before the left edge, the window slides back (reveal_time()).
TimeWindow follow_now(TimeWindow w, double now, bool playing);

}  // namespace cmwq::web
