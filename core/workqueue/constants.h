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
constexpr uint32_t WQ_UNBOUND = 1u << 1;
constexpr uint32_t WQ_FREEZABLE = 1u << 2;
constexpr uint32_t WQ_MEM_RECLAIM = 1u << 3;
constexpr uint32_t WQ_HIGHPRI = 1u << 4;
constexpr uint32_t WQ_CPU_INTENSIVE = 1u << 5;
constexpr uint32_t WQ_SYSFS = 1u << 6;
constexpr uint32_t WQ_POWER_EFFICIENT = 1u << 7;
constexpr uint32_t __WQ_DESTROYING = 1u << 15;
constexpr uint32_t __WQ_DRAINING = 1u << 16;
constexpr uint32_t __WQ_ORDERED = 1u << 17;
constexpr uint32_t __WQ_LEGACY = 1u << 18;

// enum wq_consts: 512/256 until v6.12; v6.13 raised them to 2048/1024.
constexpr int WQ_MAX_ACTIVE = 512;
constexpr int WQ_UNBOUND_MAX_ACTIVE = WQ_MAX_ACTIVE;
constexpr int WQ_DFL_ACTIVE = WQ_MAX_ACTIVE / 2;
constexpr int WQ_DFL_MIN_ACTIVE = 8;  ///< Per-node floor of an unbound wq's max_active.
constexpr int WQ_NAME_LEN = 32;

// enum work_bits: the low bits of work->data.
constexpr uint32_t WORK_STRUCT_PENDING = 1u << 0;
constexpr uint32_t WORK_STRUCT_INACTIVE = 1u << 1;
constexpr uint32_t WORK_STRUCT_PWQ = 1u << 2;
constexpr uint32_t WORK_STRUCT_LINKED = 1u << 3;
constexpr int WORK_STRUCT_COLOR_SHIFT = 4;
constexpr int WORK_NR_COLORS = 16;
/// WORK_CPU_UNBOUND: "no CPU requested" (NR_CPUS in the kernel).
constexpr int WORK_CPU_UNBOUND = 256;

// enum worker_pool_flags
constexpr uint32_t POOL_BH = 1u << 0;
constexpr uint32_t POOL_MANAGER_ACTIVE = 1u << 1;
constexpr uint32_t POOL_DISASSOCIATED = 1u << 2;
/// Ours, not the kernel's: a pool standing for one thread of the pre-2.6.36 workqueue
/// (MachineConfig::legacy_workqueue). Its single worker never manages.
constexpr uint32_t POOL_LEGACY = 1u << 8;

// enum worker_flags
constexpr uint32_t WORKER_DIE = 1u << 1;
constexpr uint32_t WORKER_IDLE = 1u << 2;
constexpr uint32_t WORKER_PREP = 1u << 3;
constexpr uint32_t WORKER_CPU_INTENSIVE = 1u << 6;
constexpr uint32_t WORKER_UNBOUND = 1u << 7;
constexpr uint32_t WORKER_REBOUND = 1u << 8;
constexpr uint32_t WORKER_NOT_RUNNING =
    WORKER_PREP | WORKER_CPU_INTENSIVE | WORKER_UNBOUND | WORKER_REBOUND;

// enum wq_internal_consts (jiffies-valued ones are functions of HZ)
constexpr int NR_STD_WORKER_POOLS = 2;  ///< Normal and highpri per CPU.
constexpr int MAX_IDLE_WORKERS_RATIO = 4;
constexpr int RESCUER_NICE_LEVEL = -20;  ///< MIN_NICE
constexpr int HIGHPRI_NICE_LEVEL = -20;  ///< MIN_NICE
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
  PWQ_STAT_STARTED,
  PWQ_STAT_COMPLETED,
  PWQ_STAT_CPU_TIME,
  PWQ_STAT_CPU_INTENSIVE,
  PWQ_STAT_CM_WAKEUP,
  PWQ_STAT_REPATRIATED,
  PWQ_STAT_MAYDAY,
  PWQ_STAT_RESCUED,
  PWQ_NR_STATS,
};

}  // namespace cmwq
