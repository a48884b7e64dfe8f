#pragma once
/// @file
/// @brief Workqueue constants and flag bits, with the kernel's names and values.
///
/// Values are those of the v6.12 era (include/linux/workqueue.h, kernel/workqueue.c).
/// Where later kernels differ the comment says so.

#include <cstdint>

namespace cmwq {

// enum wq_flags (include/linux/workqueue.h)
constexpr uint32_t WQ_BH = 1u << 0;             ///< Not modelled (softirq execution).
constexpr uint32_t WQ_UNBOUND = 1u << 1;  ///< Served by unbound pools, no concurrency management.
constexpr uint32_t WQ_FREEZABLE = 1u << 2;  ///< Frozen during suspend (not modelled).
constexpr uint32_t WQ_MEM_RECLAIM = 1u << 3;  ///< Has a rescuer: guaranteed forward progress under memory pressure.
constexpr uint32_t WQ_HIGHPRI = 1u << 4;  ///< Served by the nice -20 pools.
constexpr uint32_t WQ_CPU_INTENSIVE = 1u << 5;  ///< Its items do not count towards concurrency.
constexpr uint32_t WQ_SYSFS = 1u << 6;  ///< Visible in sysfs (no effect here).
constexpr uint32_t WQ_POWER_EFFICIENT = 1u << 7;  ///< Unbound when workqueue.power_efficient is set.
/// Bound to a specific CPU (6.12.100, has_wq_percpu_flag()): nothing tests it, it only
/// shows in the flags (per-CPU-ness is still "not WQ_UNBOUND").
constexpr uint32_t WQ_PERCPU = 1u << 8;
constexpr uint32_t __WQ_DESTROYING = 1u << 15;  ///< Internal: destroy_workqueue() in progress.
constexpr uint32_t __WQ_DRAINING = 1u << 16;  ///< Internal: drain_workqueue() in progress.
constexpr uint32_t __WQ_ORDERED = 1u << 17;  ///< Internal: an ordered workqueue.
constexpr uint32_t __WQ_LEGACY = 1u << 18;  ///< Internal: made by create_workqueue().

// enum wq_consts: 512/256 until v6.12; v6.13 raised them to 2048/1024.
constexpr int WQ_MAX_ACTIVE = 512;  ///< Largest max_active (512 until v6.12, 2048 since v6.13).
constexpr int WQ_UNBOUND_MAX_ACTIVE = WQ_MAX_ACTIVE;  ///< Largest max_active of an unbound workqueue.
constexpr int WQ_DFL_ACTIVE = WQ_MAX_ACTIVE / 2;  ///< max_active used when 0 is given.
constexpr int WQ_DFL_MIN_ACTIVE = 8;  ///< Per-node floor of an unbound wq's max_active.
constexpr int WQ_NAME_LEN = 32;  ///< Bytes of a workqueue name, with the NUL.

// enum work_bits: the low bits of work->data.
constexpr uint32_t WORK_STRUCT_PENDING = 1u << 0;  ///< Queued or about to be (test_and_set by queue_work()).
constexpr uint32_t WORK_STRUCT_INACTIVE = 1u << 1;  ///< On inactive_works, not counted in nr_active (barriers always).
constexpr uint32_t WORK_STRUCT_PWQ = 1u << 2;  ///< work->data points to a pwq: the item is queued.
constexpr uint32_t WORK_STRUCT_LINKED = 1u << 3;  ///< The next item on the list is linked to this one (barriers).
constexpr int WORK_STRUCT_COLOR_SHIFT = 4;  ///< Where the flush colour sits in work->data.
constexpr int WORK_NR_COLORS = 16;  ///< Number of flush colours.
/// WORK_CPU_UNBOUND: "no CPU requested" (NR_CPUS in the kernel).
constexpr int WORK_CPU_UNBOUND = 256;

// enum worker_pool_flags
constexpr uint32_t POOL_BH = 1u << 0;  ///< A BH (softirq) pool; present for numbering, never used.
constexpr uint32_t POOL_MANAGER_ACTIVE = 1u << 1;  ///< A worker is in manage_workers().
constexpr uint32_t POOL_DISASSOCIATED = 1u << 2;  ///< No CPU binding: unbound pools, and per-CPU pools of an offline CPU.
/// Ours, not the kernel's: a pool standing for one thread of the pre-2.6.36 workqueue
/// (legacy_workqueue() of generation.h). Its single worker never manages.
constexpr uint32_t POOL_LEGACY = 1u << 8;

// enum worker_flags
constexpr uint32_t WORKER_DIE = 1u << 1;  ///< The worker must exit (idle culling).
constexpr uint32_t WORKER_IDLE = 1u << 2;  ///< On the idle list.
constexpr uint32_t WORKER_PREP = 1u << 3;  ///< Preparing to work or to sleep; not counted in nr_running.
constexpr uint32_t WORKER_CPU_INTENSIVE = 1u << 6;  ///< Running a CPU-intensive item; not counted.
constexpr uint32_t WORKER_UNBOUND = 1u << 7;  ///< In a DISASSOCIATED pool; not counted.
constexpr uint32_t WORKER_REBOUND = 1u << 8;  ///< Rebound after hotplug, until its next cycle; not counted.
/// Any of these flags takes a worker out of nr_running.
constexpr uint32_t WORKER_NOT_RUNNING =
    WORKER_PREP | WORKER_CPU_INTENSIVE | WORKER_UNBOUND | WORKER_REBOUND;

// enum wq_internal_consts (jiffies-valued ones are functions of HZ)
constexpr int NR_STD_WORKER_POOLS = 2;  ///< Normal and highpri per CPU.
constexpr int MAX_IDLE_WORKERS_RATIO = 4;  ///< Keep at most 1 idle worker per 4 busy ones (plus 2).
constexpr int RESCUER_NICE_LEVEL = -20;  ///< MIN_NICE
constexpr int HIGHPRI_NICE_LEVEL = -20;  ///< MIN_NICE
/// RESCUER_BATCH: "process items per turn" of the one-by-one rescuer (6.12.85,
/// rescuer_cursor_one_by_one()): past it, other pwqs on wq->maydays go first.
constexpr int RESCUER_BATCH = 16;
/// IDLE_WORKER_TIMEOUT: 300 * HZ jiffies (5 minutes).
constexpr uint64_t idle_worker_timeout(int hz) { return 300ull * static_cast<uint64_t>(hz); }
/// MAYDAY_INITIAL_TIMEOUT: HZ / 100 but at least 2 jiffies (about 10 ms).
constexpr uint64_t mayday_initial_timeout(int hz) { return hz / 100 >= 2 ? static_cast<uint64_t>(hz / 100) : 2; }
/// MAYDAY_INTERVAL: HZ / 10 jiffies (100 ms).
constexpr uint64_t mayday_interval(int hz) { return static_cast<uint64_t>(hz / 10); }
/// CREATE_COOLDOWN: HZ jiffies (1 s) after a failed create_worker().
constexpr uint64_t create_cooldown(int hz) { return static_cast<uint64_t>(hz); }

/// enum pool_workqueue_stats, the counters wq_monitor.py shows.
enum PwqStat : int {
  PWQ_STAT_STARTED,        ///< Items started.
  PWQ_STAT_COMPLETED,      ///< Items completed.
  PWQ_STAT_CPU_TIME,       ///< CPU time in microseconds (tick sampled).
  PWQ_STAT_CPU_INTENSIVE,  ///< Items that hogged the CPU past the threshold.
  PWQ_STAT_CM_WAKEUP,      ///< Concurrency-management wakeups.
  PWQ_STAT_REPATRIATED,    ///< Workers repatriated to their pod.
  PWQ_STAT_MAYDAY,         ///< Maydays sent.
  PWQ_STAT_RESCUED,        ///< Items the rescuer ran.
  PWQ_NR_STATS,            ///< Number of counters.
};

}  // namespace cmwq
