#include "core/run_budget.h"

#include "core/trace/text.h"
#include "core/world.h"

namespace cmwq {
namespace {
// Nominal bytes per table entry: sizeof on x86-64 (g++ 12) rounded up to 8, with heap
// payloads such as a task's comm kept within the short-string buffer. The footprint
// test checks each is at least sizeof on the machine it runs on.
constexpr uint64_t kWorldBytes = 2048;  // the World itself, its fixed members and small tables
constexpr uint64_t kTimerBytes = 40;
constexpr uint64_t kCpuBytes = 96;
constexpr uint64_t kTaskBytes = 168;
constexpr uint64_t kCompletionBytes = 64;
constexpr uint64_t kMutexBytes = 64;
constexpr uint64_t kProgramBytes = 56;
constexpr uint64_t kOpBytes = 40;
constexpr uint64_t kScriptedActionBytes = 168;
constexpr uint64_t kPoolBytes = 320;
constexpr uint64_t kPwqBytes = 192;
constexpr uint64_t kWorkerBytes = 184;
constexpr uint64_t kWorkqueueBytes = 496;
constexpr uint64_t kWorkBytes = 104;
constexpr uint64_t kKthreadRequestBytes = 96;
constexpr uint64_t kQueuedActionBytes = 32;
constexpr uint64_t kWaiterBytes = 8;  // an id in a wait list or run queue (one int32_t, padded)
}  // namespace

std::string BudgetStop::message() const {
  const std::string where = "at " + format_duration(time) + " after " + std::to_string(events) + " events";
  if (limit == BudgetLimit::Events)
    return "The run stopped " + where + ": it reached its budget of " + std::to_string(limit_value) +
           " events ([run] max_events). Everything before is kept; raise the limit to run further.";
  return "The run stopped " + where + ": its log, history and world would pass the memory budget of " +
         std::to_string(limit_value) +
         " MiB ([run] max_memory_mib). Everything before is kept; raise the limit where the machine has the "
         "memory, or run a shorter time.";
}

uint64_t world_footprint(const World& w) {
  uint64_t ops = 0;
  for (const Program& p : w.programs) ops += p.ops.size();
  uint64_t waiters = w.mem.reclaim_waiters.size() + w.rcu.waiters.size() * 2;
  for (const Cpu& c : w.cpus) waiters += c.runqueue.size();
  for (const Completion& c : w.completions) waiters += c.waiters.size();
  for (const Mutex& m : w.mutexes) waiters += m.waiters.size();
  return kWorldBytes + w.timers.size() * kTimerBytes + w.cpus.size() * kCpuBytes + w.tasks.size() * kTaskBytes +
         w.completions.size() * kCompletionBytes + w.mutexes.size() * kMutexBytes +
         w.programs.size() * kProgramBytes + ops * kOpBytes + w.script.size() * kScriptedActionBytes +
         w.wq.pools.size() * kPoolBytes + w.wq.pwqs.size() * kPwqBytes + w.wq.workers.size() * kWorkerBytes +
         w.wq.wqs.size() * kWorkqueueBytes + w.wq.works.size() * kWorkBytes +
         w.kthreadd.requests.size() * kKthreadRequestBytes + w.queue.size() * kQueuedActionBytes +
         waiters * kWaiterBytes;
}

}  // namespace cmwq
