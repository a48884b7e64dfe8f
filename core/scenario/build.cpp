// Turning a checked Scenario into a booted World.
#include "core/scenario/scenario.h"
#include "core/scenario/world_names.h"
#include "core/workqueue/workqueue.h"

namespace cmwq {
namespace {

int32_t completion_id(ScenarioWorld& sw, const std::string& name) {
  auto it = sw.completions.find(name);
  if (it != sw.completions.end()) return it->second;
  const int32_t id = add_completion(sw.world, name);
  sw.completions[name] = id;
  return id;
}

int32_t mutex_id(ScenarioWorld& sw, const std::string& name) {
  auto it = sw.mutexes.find(name);
  if (it != sw.mutexes.end()) return it->second;
  const int32_t id = add_mutex(sw.world, name);
  sw.mutexes[name] = id;
  return id;
}

// The completion or mutex @p kind names @p name, made on first use (a file needs no
// declaration for them).
void make_on_use(ScenarioWorld& sw, std::optional<NameKind> kind, const std::string& name) {
  if (kind == NameKind::Completion) completion_id(sw, name);
  if (kind == NameKind::Mutex) mutex_id(sw, name);
}

void make_on_use(ScenarioWorld& sw, const std::vector<OpSpec>& program) {
  for (const OpSpec& op : program) make_on_use(sw, target_kind(op.code), op.target);
}

// Every completion and mutex the scenario names, in the order it first names them
// (programs in file order, the [rcu] program, then the actions), so ids do not depend
// on anything else.
void make_sync_objects(ScenarioWorld& sw, const Scenario& s) {
  for (const WorkSpec& spec : s.works) make_on_use(sw, spec.program);
  make_on_use(sw, s.rcu_program);
  for (const ActionSpec& a : s.actions) {
    make_on_use(sw, target_kind(a.op), a.target);
    make_on_use(sw, a.program);
  }
}

void add_workqueues(ScenarioWorld& sw, const Scenario& s) {
  const WqState& q = sw.world.wq;
  const int32_t system[] = {q.system_wq,
                            q.system_percpu_wq,
                            q.system_highpri_wq,
                            q.system_long_wq,
                            q.system_unbound_wq,
                            q.system_dfl_wq,
                            q.system_freezable_wq,
                            q.system_power_efficient_wq,
                            q.system_freezable_power_efficient_wq};
  // system_workqueue_names() of the newest kernel lists them in this order; an older
  // kernel lacks some (id -1): they get no name.
  const std::vector<std::string>& names = system_workqueue_names(KernelGeneration::V6_12_118);
  for (size_t i = 0; i < names.size(); ++i)
    if (system[i] >= 0) sw.workqueues[names[i]] = system[i];
  for (const WorkqueueSpec& spec : s.workqueues)
    sw.workqueues[spec.name] = spec.ordered ? alloc_ordered_workqueue(sw.world, spec.name, spec.flags)
                                            : alloc_workqueue(sw.world, spec.name, spec.flags, spec.max_active);
}

// The works with empty programs (a program may name any work); returns their program ids.
std::vector<int32_t> add_works(ScenarioWorld& sw, const Scenario& s) {
  std::vector<int32_t> programs;
  for (const WorkSpec& spec : s.works) {
    const int32_t prog = add_program(sw.world, Program{spec.function, {}});
    programs.push_back(prog);
    sw.works[spec.name] =
        spec.delayed ? init_delayed_work(sw.world, spec.name, prog) : init_work(sw.world, spec.name, prog);
  }
  return programs;
}

void set_memory_and_rcu(ScenarioWorld& sw, const Scenario& s, const ActionNames& names) {
  World& w = sw.world;
  if (!s.reclaim_wq.empty()) {
    w.mem.reclaim_wq = sw.workqueues.at(s.reclaim_wq);
    w.mem.reclaim_work = sw.works.at(s.reclaim_work);
  }
  if (!s.rcu_wq.empty()) w.rcu.gp_wq = sw.workqueues.at(s.rcu_wq);
  if (s.rcu_program.empty()) return;
  Program& gp = w.programs[static_cast<size_t>(w.wq.works[static_cast<size_t>(w.rcu.gp_work)].program)];
  std::vector<Op> ops;
  for (const OpSpec& op : s.rcu_program) ops.push_back(resolve_op(op, names));
  ops.insert(ops.end(), gp.ops.begin(), gp.ops.end());  // the grace period completes last
  gp.ops = ops;
}

}  // namespace

ScenarioWorld build_world(const Scenario& s) {
  ScenarioWorld sw{boot(s.machine), {}, {}, {}, {}};
  add_workqueues(sw, s);
  const std::vector<int32_t> programs = add_works(sw, s);
  make_sync_objects(sw, s);
  // Every name now stands for something in the world: resolve them all the way a typed
  // command is resolved.
  const WorldNames names(sw);
  World& w = sw.world;
  for (size_t i = 0; i < s.works.size(); ++i)
    for (const OpSpec& op : s.works[i].program)
      w.programs[static_cast<size_t>(programs[i])].ops.push_back(resolve_op(op, names));
  set_memory_and_rcu(sw, s, names);
  for (const ActionSpec& a : s.actions) add_scripted_action(w, resolve_action(a, names));
  return sw;
}

}  // namespace cmwq
