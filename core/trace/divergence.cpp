// The first event where two runs differ, by time, type and description.
#include "core/trace/divergence.h"

#include <algorithm>

#include "core/trace/schema.h"
#include "core/trace/text.h"

namespace cmwq {
namespace {

// True if a run at @p p can no longer emit an event at time @p t: it is past t, or at t
// with everything due there run.
bool passed(const RunEvents::Point& p, Nanos t) { return t < p.now || (t == p.now && p.settled); }

// @p text with the numbers of "pwq N" left out.
std::string without_pwq_numbers(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text.compare(i, 4, "pwq ") != 0) continue;
    out += "wq ";
    i += 4;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    --i;
  }
  return out;
}

}  // namespace

bool same_to_reader(const EventLook& a, const EventLook& b) {
  return a.time == b.time && a.type == b.type &&
         (a.text == b.text || without_pwq_numbers(a.text) == without_pwq_numbers(b.text));
}

EventLook look_of(const World& w, const Event& e, const TraceTracker& tracker) {
  const EventContext ctx = tracker.context(e);
  return EventLook{e.time, e.type, describe_event(w, e, &ctx)};
}

std::string divergence_line(const std::optional<EventLook>& look, Nanos t) {
  if (!look) return format_msecs(t) + " ms  (nothing: this run has no more events at this time)";
  return format_msecs(look->time) + " ms  " + event_schema(look->type).name + ": " + look->text;
}

void DivergenceFinder::rewind(size_t keep) {
  matched_ = std::min(matched_, keep);
  found_.reset();
}

void DivergenceFinder::rebuild(const RunEvents& a, const RunEvents& b) {
  ta_ = TraceTracker();
  tb_ = TraceTracker();
  for (size_t i = 0; i < matched_; ++i) {
    ta_.after(a.events[i]);
    tb_.after(b.events[i]);
  }
  trackers_at_ = matched_;
}

void DivergenceFinder::update(const RunEvents& a, const RunEvents& b) {
  if (found_) return;
  if (trackers_at_ != matched_) rebuild(a, b);
  const size_t na = a.events.size(), nb = b.events.size();
  for (; matched_ < std::min(na, nb); ++matched_, ++trackers_at_) {
    const Event& ea = a.events[matched_];
    const Event& eb = b.events[matched_];
    EventLook la = look_of(a.world, ea, ta_);
    EventLook lb = look_of(b.world, eb, tb_);
    if (!same_to_reader(la, lb)) {
      found_ = Divergence{matched_, std::min(la.time, lb.time), std::move(la), std::move(lb)};
      return;
    }
    ta_.after(ea);
    tb_.after(eb);
  }
  // One run is ahead; the other differs if it is past that event's time with nothing there.
  if (matched_ < na && passed(b.point, a.events[matched_].time))
    found_ = Divergence{matched_, a.events[matched_].time, look_of(a.world, a.events[matched_], ta_), std::nullopt};
  else if (matched_ < nb && passed(a.point, b.events[matched_].time))
    found_ = Divergence{matched_, b.events[matched_].time, std::nullopt, look_of(b.world, b.events[matched_], tb_)};
}

}  // namespace cmwq
