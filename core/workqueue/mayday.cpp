// Forward progress under memory pressure: the mayday timer, send_mayday() and
// rescuer_thread().
#include "core/kernel/sync.h"
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
// another MAYDAY_INTERVAL): send a mayday for every active item on the worklist.
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

// rescuer_thread(): one per WQ_MEM_RECLAIM workqueue, nice -20, never counted in
// nr_running (WORKER_PREP is never cleared).
StepResult rescuer_thread_step(World& w, int32_t id) {
  for (;;) {
    Worker& r = worker_at(w, id);
    const int32_t task = r.task;
    switch (r.label) {
      case WorkerLabel::RescuerRepeat: {  // repeat:
        set_current_state(w, task, TaskState::Idle, WaitReason::WorkerIdle);
        Workqueue& wq = wq_at(w, r.rescue_wq);
        if (wq.maydays.empty()) {
          if (r.exited >= 0) {
            // kthread_should_stop() (destroy_workqueue()): the mayday list is empty, return.
            w.tasks[static_cast<size_t>(task)].state = TaskState::Running;
            w.tasks[static_cast<size_t>(task)].wait = WaitReason::None;
            w.tasks[static_cast<size_t>(task)].flags &= ~PF_WQ_WORKER;  // set_pf_worker(false)
            r.label = WorkerLabel::Dead;
            complete(w, r.exited);
            return StepResult::Exit;
          }
          return StepResult::Block;  // schedule()
        }
        const int32_t pwq_id = wq.maydays.front();
        wq.maydays.pop_front();
        pwq_at(w, pwq_id).on_mayday = false;
        w.tasks[static_cast<size_t>(task)].state = TaskState::Running;
        w.tasks[static_cast<size_t>(task)].wait = WaitReason::None;
        const int32_t pool_id = pwq_at(w, pwq_id).pool;
        const int32_t wq_id = r.rescue_wq;
        Event& e = emit(w, EventType::RescuerWake);
        e.task = task;
        e.pwq = pwq_id;
        e.wq = wq_id;
        e.pool = pool_id;
        worker_attach_to_pool(w, id, pool_id);
        Worker& again = worker_at(w, id);  // after worker_attach_to_pool() (reference lifetime: core/world.h)
        again.rescue_pwq = pwq_id;
        again.label = WorkerLabel::RescuerSlurp;
        Event& attached = emit(w, EventType::RescuerAttach);
        attached.task = task;
        attached.pwq = pwq_id;
        attached.wq = wq_id;
        attached.pool = pool_id;
        // set_cpus_allowed_ptr() moved us to the pool's CPUs.
        if (!w.tasks[static_cast<size_t>(task)].allowed.test(w.current_cpu)) return StepResult::Migrate;
        break;
      }
      case WorkerLabel::RescuerSlurp: {
        // Slurp in every item issued via this pwq and process them.
        const int32_t pwq_id = r.rescue_pwq;
        const int32_t pool_id = r.pool;
        int32_t n = -1;
        for (int32_t work = pool_at(w, pool_id).worklist.first; work >= 0; work = n) {
          n = work_at(w, work).entry.next;
          const Work& wk = work_at(w, work);
          if ((wk.data & WORK_STRUCT_PWQ) && wk.pwq == pwq_id && assign_work(w, work, id, &n)) {
            ++pwq_at(w, pwq_id).stats[PWQ_STAT_RESCUED];
            Event& e = emit(w, EventType::RescuerAssign);
            e.task = task;
            e.work = work;
            e.pwq = pwq_id;
            e.pool = pool_id;
          }
        }
        Worker& again = worker_at(w, id);  // after assign_work() (reference lifetime: core/world.h)
        again.process_step = ProcessStep::Pick;
        again.label = again.scheduled.empty() ? WorkerLabel::RescuerLeave : WorkerLabel::RescuerProcess;
        break;
      }
      case WorkerLabel::RescuerProcess: {
        StepResult res = StepResult::Block;
        if (!process_scheduled_works_step(w, id, res)) return res;
        // Rescued items may have made more to rescue (activation, chained queueing):
        // requeue the pwq now instead of waiting for another MAYDAY_INTERVAL.
        Worker& again = worker_at(w, id);  // after the works' functions ran (reference lifetime: core/world.h)
        const int32_t pwq_id = again.rescue_pwq;
        PoolWorkqueue& pwq = pwq_at(w, pwq_id);
        Workqueue& wq = wq_at(w, pwq.wq);
        if (pwq.nr_active && need_to_create_worker(pool_at(w, again.pool)) && wq.rescuer >= 0 && !pwq.on_mayday) {
          get_pwq(w, pwq_id);
          wq.maydays.push_back(pwq_id);
          pwq.on_mayday = true;
          Event& e = emit(w, EventType::RescuerRequeue);
          e.task = task;
          e.pwq = pwq_id;
          e.wq = pwq.wq;
          e.pool = again.pool;
        }
        again.label = WorkerLabel::RescuerLeave;
        break;
      }
      case WorkerLabel::RescuerLeave: {
        // Leave the pool; notify regular workers or concurrency could stay at 0.
        const int32_t pool_id = r.pool;
        const int32_t pwq_id = r.rescue_pwq;
        kick_pool(w, pool_id, KickReason::Rescuer);
        worker_detach_from_pool(w, id);
        put_pwq(w, pwq_id);  // the reference send_mayday() took
        Event& e = emit(w, EventType::RescuerDone);
        e.task = task;
        e.pwq = pwq_id;
        e.pool = pool_id;
        Worker& again = worker_at(w, id);  // after kick_pool() and detaching (reference lifetime: core/world.h)
        again.rescue_pwq = -1;
        again.label = WorkerLabel::RescuerRepeat;
        break;
      }
      default:
        return StepResult::Exit;
    }
  }
}

}  // namespace cmwq
