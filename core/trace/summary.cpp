// Per-workqueue statistics as tools/workqueue/wq_monitor.py prints them.
#include <algorithm>

#include "core/trace/format.h"
#include "core/trace/text.h"
#include "core/workqueue/sched_hooks.h"
#include "core/world.h"

namespace cmwq {

std::string format_summary(const World& w) {
  // print(); print(WqStats.table_header_str())
  std::string out = "\n";
  appendf(out, "%24s %8s %5s %8s %7s %7s %7s %7s\n", "", "total", "infl", "CPUtime", "CPUitsv", "CMW/RPR", "mayday",
          "rescued");
  for (const Workqueue& wq : w.wq.wqs) {
    if (wq.destroyed) continue;  // destroy_workqueue() took it off the workqueues list
    const auto st = wq_stats_now(w, wq.id);
    const bool unbound = wq.flags & WQ_UNBOUND;
    const bool mem_reclaim = wq.flags & WQ_MEM_RECLAIM;
    const std::string cpu_intensive = unbound ? "-" : std::to_string(st[PWQ_STAT_CPU_INTENSIVE]);
    const std::string cmw_rpr = std::to_string(unbound ? st[PWQ_STAT_REPATRIATED] : st[PWQ_STAT_CM_WAKEUP]);
    const std::string mayday = mem_reclaim ? std::to_string(st[PWQ_STAT_MAYDAY]) : "-";
    const std::string rescued = mem_reclaim ? std::to_string(st[PWQ_STAT_RESCUED]) : "-";
    // f'{self.name[-24:]:24} ' (the last 24 characters, left-aligned)
    const std::string name = wq.name.size() > 24 ? wq.name.substr(wq.name.size() - 24) : wq.name;
    const uint64_t started = st[PWQ_STAT_STARTED];
    const uint64_t infl = started > st[PWQ_STAT_COMPLETED] ? started - st[PWQ_STAT_COMPLETED] : 0;
    appendf(out, "%-24s %8llu %5llu %8.1f %7s %7s %7s %7s \n", name.c_str(), static_cast<unsigned long long>(started),
            static_cast<unsigned long long>(infl), static_cast<double>(st[PWQ_STAT_CPU_TIME]) / 1000000.0,
            cpu_intensive.c_str(), cmw_rpr.c_str(), mayday.c_str(), rescued.c_str());
  }
  return out;
}

}  // namespace cmwq
