#include "core/kernel/hotplug.h"

#include "core/kernel/sched.h"
#include "core/workqueue/internal.h"
#include "core/world.h"

namespace cmwq {

bool cpu_down(World& w, int cpu) {
  if (cpu < 0 || cpu >= static_cast<int>(w.cpus.size()) || !w.cpus[static_cast<size_t>(cpu)].online) return false;
  int online = 0;
  for (const Cpu& c : w.cpus) online += c.online ? 1 : 0;
  if (online == 1) return false;  // the last CPU cannot go (-EBUSY)
  workqueue_offline_cpu(w, cpu);
  w.cpus[static_cast<size_t>(cpu)].online = false;
  sched_migrate_tasks_off(w, cpu);
  // timers_dead_cpu(): its timers move to a live CPU.
  int to = 0;
  while (!w.cpus[static_cast<size_t>(to)].online) ++to;
  for (TimerList& t : w.timers)
    if (t.cpu == cpu) t.cpu = to;
  Event& e = emit(w, EventType::CpuOffline);
  e.cpu = static_cast<int16_t>(cpu);
  return true;
}

bool cpu_up(World& w, int cpu) {
  if (cpu < 0 || cpu >= static_cast<int>(w.cpus.size()) || w.cpus[static_cast<size_t>(cpu)].online) return false;
  workqueue_prepare_cpu(w, cpu);
  w.cpus[static_cast<size_t>(cpu)].online = true;
  workqueue_online_cpu(w, cpu);
  Event& e = emit(w, EventType::CpuOnline);
  e.cpu = static_cast<int16_t>(cpu);
  return true;
}

}  // namespace cmwq
