// Forward progress under memory pressure: the mayday timer and send_mayday() (the
// rescuer they call is rescuer.cpp).
#include "core/kernel/timer.h"
#include "core/workqueue/internal.h"
#include "core/world.h"

namespace cmwq {

void arm_mayday_timer(World& w, int32_t pool_id, uint64_t delay) {
  const int32_t timer = pool_at(w, pool_id).mayday_timer;
  mod_timer(w, timer, jiffies(w) + delay);
  const TimerList& t = w.timers[static_cast<size_t>(timer)];
  Event& e = emit(w, EventType::MaydayTimerArm);
  e.pool = pool_id;
  e.a = static_cast<int64_t>(t.expires);
  e.b = static_cast<int64_t>(t.fire_jiffy);
}

// send_mayday(): ask the work's workqueue's rescuer to come and help its pwq.
void send_mayday(World& w, int32_t work) {
  const int32_t pwq_id = work_at(w, work).pwq;
  PoolWorkqueue& pwq = pwq_at(w, pwq_id);
  Workqueue& wq = wq_at(w, pwq.wq);
  if (wq.rescuer < 0) return;  // no WQ_MEM_RECLAIM: nobody to call
  if (pwq.on_mayday) return;   // already asking: one mayday per pwq per rescue pass
  get_pwq(w, pwq_id);
  wq.maydays.push_back(pwq_id);
  pwq.on_mayday = true;
  wake_up_process(w, worker_at(w, wq.rescuer).task);
  ++pwq.stats[PWQ_STAT_MAYDAY];
  Event& e = emit(w, EventType::MaydaySent);
  e.pwq = pwq_id;
  e.wq = pwq.wq;
  e.pool = pwq.pool;
  e.work = work;
}

// pool_mayday_timeout(): still no idle worker after MAYDAY_INITIAL_TIMEOUT (or
// another MAYDAY_INTERVAL): send a mayday for every entry of the worklist. In 6.12.118
// that includes the mayday cursors, each of which asks for its own pwq again.
void pool_mayday_timeout(World& w, int32_t pool_id) {
  const bool starving = need_to_create_worker(pool_at(w, pool_id));
  Event& e = emit(w, EventType::MaydayTimeout);
  e.pool = pool_id;
  e.a = starving ? 1 : 0;
  if (starving) {
    for (int32_t work = pool_at(w, pool_id).worklist.first; work >= 0; work = work_at(w, work).entry.next)
      send_mayday(w, work);
  }
  arm_mayday_timer(w, pool_id, mayday_interval(w.jif.hz));
}

}  // namespace cmwq
