#pragma once
// A test harness around a World: steps it, checks every invariant after every
// action, and keeps the event stream for assertions. Also the small helpers the
// tests of tests/core share: durations, operations, scripted actions and the
// shipped scenarios.

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/invariants.h"
#include "core/simulation.h"
#include "core/workqueue/workqueue.h"
#include "core/world.h"

namespace cmwq::test {

/// Durations in tests read like the documentation: ms(5).
constexpr Nanos ms(int64_t v) { return v * NSEC_PER_MSEC; }
constexpr Nanos us(int64_t v) { return v * NSEC_PER_USEC; }

/// The default machine with @p n CPUs.
MachineConfig with_cpus(int n);

/// Builds a program from (opcode, duration) pairs: burn/sleep only.
Program burn_sleep(const std::string& func, std::initializer_list<std::pair<OpCode, Nanos>> ops);

/// One operation of a program. What @p a and @p b mean depends on @p code (Op): a is
/// the workqueue, completion or mutex, b the work item; @p ns a duration.
Op op(OpCode code, int32_t a = -1, int32_t b = -1, Nanos ns = 0);

/// The scenario file scenarios/@p name parsed and built, as a Simulation that runs to
/// the file's [run] until. A file that does not parse is a test failure (and an empty
/// world comes back).
Simulation load_shipped(const std::string& name);

/// Scenario text @p toml (or the file at @p path under the source tree, with
/// scenario_file()) parsed with its kernel set to @p kernel, and built. Text that does not
/// parse is a test failure (and an empty world comes back).
ScenarioWorld scenario_world(const std::string& toml, KernelGeneration kernel);
/// The task whose comm is @p comm ("kworker/0:1"); a test failure and -1 if none.
int32_t task_named(const World& w, const std::string& comm);
/// The text of file @p path, relative to the source tree (e.g. "labs/06-dependent-reclaim/one-wq.toml").
std::string source_file(const std::string& path);
/// The whole text of the file at @p path (bytes as they are; empty if it cannot be read).
std::string read_file(const std::filesystem::path& path);
/// The shipped scenario files, absolute, in a fixed order: scenarios/*.toml and
/// labs/*/*.toml but not the labs' lab.toml (a lab description, not a scenario).
std::vector<std::filesystem::path> shipped_scenario_files();

class Harness {
 public:
  explicit Harness(const MachineConfig& config = MachineConfig{}) : w(boot(config)) { drain(); }
  /// Takes over a world already built (a scenario's: scenario_world()).
  explicit Harness(World world) : w(std::move(world)) { drain(); }

  /// Runs until @p t, checking invariants after every action. Stops at the first
  /// violation and records it as a test failure naming the action and time.
  void run_until(Nanos t);
  /// Runs one action at a time, checking invariants, until one emits an event for which
  /// @p pred is true (stopping right after that action) or the next action is after
  /// @p limit. Returns that event, or nullopt.
  std::optional<Event> run_to_event(const std::function<bool(const Event&)>& pred, Nanos limit);
  /// All events so far.
  const std::vector<Event>& events() const { return log; }
  /// Events of one type.
  std::vector<Event> of(EventType type) const;
  /// Time of the first event matching, or -1.
  Nanos first_time(EventType type, int32_t work = -1, int64_t op = -1) const;
  /// Times of all events matching.
  std::vector<Nanos> times(EventType type, int32_t work = -1, int64_t op = -1) const;

  World w;

 private:
  void drain();
  void step_checked();
  std::vector<Event> log;
  bool violated = false;
};

/// Schedules a scripted action at @p t. The arguments follow ScriptedAction's fields in
/// order: the workqueue, the work, the target CPU (queue_work_on()'s cpu, -1 for
/// WORK_CPU_UNBOUND; the CPU of cpu_offline/cpu_online) and the CPU it runs on.
void act(Harness& h, Nanos t, ScriptOp what, int32_t wq = -1, int32_t work = -1, int cpu = -1, int from_cpu = 0);
/// act() for the most common action: queue_work_on(@p cpu, @p wq, @p work) at @p t.
void queue_at(Harness& h, Nanos t, int32_t wq, int32_t work, int cpu = 0, int from_cpu = 0);

}  // namespace cmwq::test
