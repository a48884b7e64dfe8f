// The welcome's first-visit rule and the starvation sandbox tour.
#include "web/model/welcome.h"

#include "core/world.h"

namespace cmwq::web {
namespace {

constexpr TourStep kSteps[] = {
    {"starve memory", "Press \"starve memory\" (Queue work panel).",
     "The memory hog takes every free page: the Pools panel says \"Memory: 0 free\". Nothing waits yet, "
     "because nothing allocates."},
    {"queue 3 blocking works", "Press \"queue 3 blocking works\" (Queue work panel).",
     "Three works on q0 allocate 16 pages each and wait in direct reclaim, which queues writeback's work wb on "
     "the same pool. Every worker sleeps, so the manager calls create_worker(): it needs memory too, and waits."},
    {"run to next mayday", "Press \"mayday\" after Run to next (Controls panel).",
     "The pool's mayday timer fires 10 ms after the manager began waiting: send_mayday() puts the starving "
     "pwq of writeback (a WQ_MEM_RECLAIM workqueue) on its maydays list and wakes its rescuer."},
    {"run to next rescuer", "Press \"rescuer\" after Run to next (Controls panel).",
     "kworker/R-writeback, the thread alloc_workqueue() made in advance, wakes, joins the starving pool, takes "
     "wb (writeback's work) off its worklist and runs it: the rescuer needs no new memory, so it can run the "
     "work that frees memory."},
    {"run to next worker", "Press \"worker\" after Run to next (Controls panel).",
     "wb sleeps 150 ms (its I/O) in the rescuer, then frees page cache. Meanwhile the mayday timer fires again "
     "every 100 ms. With memory back, the manager's create_worker() finishes: a new kworker joins the pool."},
};

bool has_queue_on_q0(const Session& session) {
  for (const Command& c : session.commands())
    if (c.text.starts_with("queue q0")) return true;
  return false;
}

// A worker was created after the first rescuer woke: the pool recovered.
bool worker_after_rescuer(const EventIndex& index) {
  const int64_t wake = index.first(EventType::RescuerWake);
  return wake >= 0 && index.last(EventType::WorkerCreated) > wake;
}

// Whether step @p i is done in @p session, on its own.
bool step_done(size_t i, const Session& session, const EventIndex& index) {
  switch (i) {
    case 0:
      return session.sim().world().mem.hogged > 0;
    case 1:
      return has_queue_on_q0(session);
    case 2:
      return index.count(EventType::MaydaySent) > 0;
    case 3:
      return index.count(EventType::RescuerWake) > 0;
    default:
      return worker_after_rescuer(index);
  }
}

}  // namespace

bool welcome_at_start(const std::optional<std::string>& seen, std::string_view hash) {
  return !seen.has_value() && hash.empty();
}

std::span<const TourStep> tour_steps() { return kSteps; }

size_t tour_progress(const Session& session, const EventIndex& index) {
  if (!session.loaded()) return 0;
  size_t i = 0;
  while (i < std::size(kSteps) && step_done(i, session, index)) ++i;
  return i;
}

void Tour::update(const Session& session, const EventIndex& index) {
  if (!active_) return;
  if (session.name() != kTourScenario) {
    active_ = false;
    return;
  }
  step_ = tour_progress(session, index);
}

std::string Tour::text() const {
  if (finished())
    return "Done: the rescuer ran wb, the work that frees memory, so the pool could create its worker. Without "
           "a rescuer the pool would wait for ever (Compare... with writeback's WQ_MEM_RECLAIM removed shows it). "
           "Press Play to watch the three works run.";
  const TourStep& s = kSteps[step_];
  return "Step " + std::to_string(step_ + 1) + " of " + std::to_string(std::size(kSteps)) + ": " + s.press +
         "\nThen watch: " + s.watch;
}

}  // namespace cmwq::web
