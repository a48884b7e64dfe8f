#pragma once
/// @file
/// @brief All workqueue state of one world: the tables and the global variables of
/// kernel/workqueue.c (system workqueues, parameters, watchdog stamps).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/workqueue/types.h"

namespace cmwq {

/// Module parameters of kernel/workqueue.c that a scenario may set.
struct WqParams {
  uint64_t cpu_intensive_thresh_us = 10000;  ///< workqueue.cpu_intensive_thresh_us; 0 = off.
  uint32_t cpu_intensive_warning_thresh = 4; ///< workqueue.cpu_intensive_warning_thresh.
  uint32_t watchdog_thresh = 30;             ///< workqueue.watchdog_thresh (s); 0 = off.
  bool power_efficient = false;              ///< workqueue.power_efficient.
};

/// One entry of the CPU-hog reporter (struct wci_ent).
struct CpuHogEntry {
  int32_t func = -1;  ///< The work function (program id).
  uint64_t cnt = 0;   ///< Times it hogged the CPU.
};

/// The workqueue subsystem of one world. Its tables are vectors indexed by id: a
/// reference into one is valid only until something adds to that table (see
/// "Reference lifetime" at World in core/world.h for what does).
struct WqState {
  WqParams params;                  ///< Module parameters.
  std::vector<WorkerPool> pools;    ///< All pools, by id (worker_pool_idr).
  std::vector<PoolWorkqueue> pwqs;  ///< All pool workqueues, by id.
  std::vector<Worker> workers;      ///< All workers and rescuers ever made, by id.
  std::vector<Workqueue> wqs;       ///< All workqueues, by id (the kernel's `workqueues` list).
  std::vector<Work> works;          ///< All work items (barriers and internal works too), by id.
  std::vector<Flusher> flushers;    ///< Every flush_workqueue() caller, by id.
  std::vector<WqCaller> callers;    ///< Tasks started to call drain/destroy_workqueue(), by id.
  /// cpu_worker_pools: per CPU, {normal, highpri} pool ids.
  std::vector<std::array<int32_t, NR_STD_WORKER_POOLS>> cpu_pools;
  std::vector<int32_t> unbound_pools;  ///< unbound_pool_hash, as a list.
  /// Legacy-mode pools made before workqueue_init(), waiting for their thread.
  std::vector<std::pair<int32_t, std::string>> legacy_pending_pools;
  std::vector<CpuMask> pods;           ///< Affinity pods (default scope "cache").
  std::vector<int> cpu_pod;            ///< Pod of each CPU.
  std::vector<int> wq_rr_cpu_last;     ///< Per CPU: round-robin cursor of wq_select_unbound_cpu().
  // The system workqueues (workqueue_init_early()).
  int32_t system_wq = -1;                            ///< "events"
  int32_t system_percpu_wq = -1;                     ///< "events" too (6.12.85; -1 before)
  int32_t system_highpri_wq = -1;                    ///< "events_highpri"
  int32_t system_long_wq = -1;                       ///< "events_long"
  int32_t system_unbound_wq = -1;                    ///< "events_unbound"
  int32_t system_dfl_wq = -1;                        ///< "events_unbound" too (6.12.85; -1 before)
  int32_t system_freezable_wq = -1;                  ///< "events_freezable"
  int32_t system_power_efficient_wq = -1;            ///< "events_power_efficient"
  int32_t system_freezable_power_efficient_wq = -1;  ///< "events_freezable_pwr_efficient"
  // Programs of the kernel's own work functions.
  int32_t prog_barrier = -1;    ///< wq_barrier_func
  int32_t prog_idle_cull = -1;  ///< idle_cull_fn
  int32_t prog_mayday_cursor = -1;  ///< mayday_cursor_func (6.12.118), made with the first mayday cursor
  // Watchdog (CONFIG_WQ_WATCHDOG).
  int32_t watchdog_timer = -1;  ///< wq_watchdog_timer
  uint64_t watchdog_touched = 0;               ///< wq_watchdog_touched
  std::vector<uint64_t> watchdog_touched_cpu;  ///< wq_watchdog_touched_cpu
  // CPU-hog reporter (CONFIG_WQ_CPU_INTENSIVE_REPORT).
  std::vector<CpuHogEntry> wci_ents;  ///< wci_ents[]
  // WARN_ONCE sites that already fired.
  bool warned_flush_dependency = false;  ///< check_flush_dependency()'s WQ_MEM_RECLAIM WARN_ONCE
  bool warned_flush_memalloc = false;    ///< check_flush_dependency()'s PF_MEMALLOC WARN_ONCE
  bool warned_create_failed = false;     ///< create_worker()'s pr_err_once()
  bool warned_queue_draining = false;    ///< __queue_work()'s WARN_ON_ONCE(!is_chained_work())
};

}  // namespace cmwq
