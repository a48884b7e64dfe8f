// The Timeline's window of time: opening, following now, revealing the cursor.
#include "web/model/time_window.h"

#include <algorithm>

namespace cmwq::web {

TimeWindow fit_scenario(Nanos until, Nanos now) {
  Nanos span = until <= 0 ? 0 : until <= NSEC_PER_SEC ? until : 100 * NSEC_PER_MSEC;
  span = std::max({span, now, NSEC_PER_MSEC});
  // A margin, so what happens at 0 is not on the edge.
  return {-static_cast<double>(span) * 0.01, static_cast<double>(span) * 1.05};
}

TimeWindow reveal_time(TimeWindow w, double t) {
  const double wd = w.t1 - w.t0;
  if (t < w.t0) {
    w.t0 = std::max(0.0, t - wd * 0.1);
    w.t1 = w.t0 + wd;
  } else if (t > w.t1) {
    w.t0 = t - wd * 0.9;
    w.t1 = w.t0 + wd;
  }
  return w;
}

TimeWindow follow_now(TimeWindow w, double now, bool playing) {
  const double wd = w.t1 - w.t0;
  if (now > w.t0 + wd * 0.98) {
    if (!playing && w.t0 <= 0) {
      w.t1 = now * 1.05;  // a jump (run until, next mayday) with the start in view: show it all
    } else {
      w.t0 = now - wd * 0.9;  // playing: slide along
      w.t1 = w.t0 + wd;
    }
    return w;
  }
  return reveal_time(w, now);
}

}  // namespace cmwq::web
