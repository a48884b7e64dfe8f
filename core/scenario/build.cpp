// Turning a checked Scenario into a booted World.
#include <algorithm>

#include "core/scenario/scenario.h"
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

// resolve_op() after creating the completion or mutex the operation names, on first use.
Op resolve(ScenarioWorld& sw, const OpSpec& s) {
  switch (s.code) {
    case OpCode::Wait:
    case OpCode::Complete:
    case OpCode::CompleteAll:
      completion_id(sw, s.target);
      break;
    case OpCode::Lock:
    case OpCode::Unlock:
      mutex_id(sw, s.target);
      break;
    default:
      break;
  }
  std::string missing;  // none: the scenario passed its checks
  return resolve_op(sw, s, missing).value_or(Op{});
}

int32_t id_of(const std::map<std::string, int32_t>& ids, const std::string& name) {
  const auto it = ids.find(name);
  return it == ids.end() ? -1 : it->second;
}

}  // namespace

std::optional<Op> resolve_op(const ScenarioWorld& names, const OpSpec& s, std::string& missing) {
  Op op;
  op.code = s.code;
  op.ns = s.ns;
  op.count = s.count;
  op.gfp = s.gfp;
  op.cpu = s.cpu;
  if (!s.wq.empty() && (op.a = id_of(names.workqueues, s.wq)) < 0) {
    missing = s.wq;
    return std::nullopt;
  }
  const std::map<std::string, int32_t>* ids = nullptr;  // where s.target is looked up
  switch (s.code) {
    case OpCode::QueueWork:
    case OpCode::QueueDelayed:
    case OpCode::FlushWork:
    case OpCode::CancelWorkSync:
      ids = &names.works;
      break;
    case OpCode::Wait:
    case OpCode::Complete:
    case OpCode::CompleteAll:
      ids = &names.completions;
      break;
    case OpCode::Lock:
    case OpCode::Unlock:
      ids = &names.mutexes;
      break;
    default:
      break;
  }
  if (ids != nullptr) {
    const int32_t id = id_of(*ids, s.target);
    if (id < 0) {
      missing = s.target;
      return std::nullopt;
    }
    (ids == &names.works ? op.b : op.a) = id;  // a work goes in b: a may hold the workqueue
  }
  return op;
}

ScenarioWorld build_world(const Scenario& s) {
  ScenarioWorld sw{boot(s.machine), {}, {}, {}, {}};
  World& w = sw.world;
  const WqState& q = w.wq;
  const std::vector<int32_t> system = {q.system_wq,
                                       q.system_highpri_wq,
                                       q.system_long_wq,
                                       q.system_unbound_wq,
                                       q.system_freezable_wq,
                                       q.system_power_efficient_wq,
                                       q.system_freezable_power_efficient_wq};
  for (size_t i = 0; i < system.size(); ++i) sw.workqueues[system_workqueue_names()[i]] = system[i];
  for (const WorkqueueSpec& spec : s.workqueues)
    sw.workqueues[spec.name] = spec.ordered ? alloc_ordered_workqueue(w, spec.name, spec.flags)
                                            : alloc_workqueue(w, spec.name, spec.flags, spec.max_active);
  // Works first (programs refer to them), then their programs.
  std::vector<int32_t> programs;
  for (const WorkSpec& spec : s.works) {
    const int32_t prog = add_program(w, Program{spec.function, {}});
    programs.push_back(prog);
    sw.works[spec.name] = spec.delayed ? init_delayed_work(w, spec.name, prog) : init_work(w, spec.name, prog);
  }
  for (size_t i = 0; i < s.works.size(); ++i)
    for (const OpSpec& op : s.works[i].program)
      w.programs[static_cast<size_t>(programs[i])].ops.push_back(resolve(sw, op));
  if (!s.reclaim_wq.empty()) {
    w.mem.reclaim_wq = sw.workqueues.at(s.reclaim_wq);
    w.mem.reclaim_work = sw.works.at(s.reclaim_work);
  }
  if (!s.rcu_wq.empty()) w.rcu.gp_wq = sw.workqueues.at(s.rcu_wq);
  if (!s.rcu_program.empty()) {
    Program& gp = w.programs[static_cast<size_t>(w.wq.works[static_cast<size_t>(w.rcu.gp_work)].program)];
    std::vector<Op> ops;
    for (const OpSpec& op : s.rcu_program) ops.push_back(resolve(sw, op));
    ops.insert(ops.end(), gp.ops.begin(), gp.ops.end());  // the grace period completes last
    gp.ops = ops;
  }
  for (const ActionSpec& a : s.actions) {
    ScriptedAction sa;
    sa.time = a.time;
    sa.op = a.op;
    sa.cpu = a.cpu;
    sa.from_cpu = a.from_cpu;
    sa.count = a.count;
    sa.delay = a.delay;
    sa.text = a.text;
    if (!a.wq.empty()) sa.wq = sw.workqueues.at(a.wq);
    if (a.op == ScriptOp::QueueWork || a.op == ScriptOp::QueueDelayedWork) sa.work = sw.works.at(a.target);
    if (a.op == ScriptOp::Complete || a.op == ScriptOp::CompleteAll) sa.a = completion_id(sw, a.target);
    add_scripted_action(w, sa);
  }
  return sw;
}

}  // namespace cmwq
