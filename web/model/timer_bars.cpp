// The Timeline's timer bars: one bar per arming of a timer, closed by its firing, its
// deletion or the next arming.
#include "web/model/timer_bars.h"

#include <algorithm>

#include "web/model/text_util.h"

namespace cmwq::web {
namespace {

// Ends the armed bar of @p bars, if any, at @p t.
void end_armed(std::vector<TimerBar>& bars, Nanos t, TimerBarEnd how) {
  if (bars.empty() || bars.back().end >= 0) return;
  bars.back().end = t;
  bars.back().how = how;
}

// "jiffy 12 (12 ms)".
std::string jiffy_text(uint64_t jiffy, Nanos at) {
  return "jiffy " + std::to_string(jiffy) + " (" + format_time(at) + ")";
}

}  // namespace

void TimerTrack::arm(Nanos t, uint64_t expires_jiffy, uint64_t fire_jiffy, const Jiffies& jif, uint32_t event) {
  end_armed(bars, t, TimerBarEnd::Rearmed);
  TimerBar b;
  b.start = t;
  b.expires_jiffy = expires_jiffy;
  b.fire_jiffy = fire_jiffy;
  b.expires = jif.time_of(expires_jiffy);
  // mod_timer() queues the expiry at the fire tick, or now if that tick is past.
  b.fires = std::max(t, jif.time_of(fire_jiffy));
  b.event = event;
  bars.push_back(b);
}

void TimerTrack::fire(Nanos t) { end_armed(bars, t, TimerBarEnd::Fired); }

void TimerTrack::stop(Nanos t) { end_armed(bars, t, TimerBarEnd::Stopped); }

const TimerBar* TimerTrack::armed() const { return bars.empty() || bars.back().end >= 0 ? nullptr : &bars.back(); }

std::string timer_countdown(const char* what, const TimerBar& bar, Nanos now) {
  if (bar.fires <= now) return std::string(what) + " due now";
  return std::string(what) + " in " + format_time(bar.fires - now);
}

std::string timer_bar_text(const char* timer, const TimerBar& bar, Nanos now) {
  std::string s = std::string(timer) + " armed at " + format_time(bar.start) + " (mod_timer())";
  s += "\nexpires at " + jiffy_text(bar.expires_jiffy, bar.expires);
  if (bar.fire_jiffy != bar.expires_jiffy)
    s += "\nthe timer wheel runs it at " + jiffy_text(bar.fire_jiffy, bar.fires) + " (it rounds up)";
  switch (bar.how) {
    case TimerBarEnd::Armed:
      return s + "\nstill armed: fires in " + format_time(std::max<Nanos>(0, bar.fires - now));
    case TimerBarEnd::Fired:
      return s + "\nfired at " + format_time(bar.end);
    case TimerBarEnd::Stopped:
      return s + "\nstopped at " + format_time(bar.end) + " (timer_delete_sync()) before it fired";
    case TimerBarEnd::Rearmed:
      return s + "\narmed again at " + format_time(bar.end) + " before it fired";
  }
  return s;
}

}  // namespace cmwq::web
