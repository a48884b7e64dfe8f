// A scenario as cmwq_replay's op list (the format is in export_ops.h).
#include "core/scenario/export_ops.h"

#include <algorithm>

#include "core/trace/text.h"
#include "core/workqueue/constants.h"

namespace cmwq {
namespace {

constexpr size_t kMaxName = 31;  // the module keeps 32 bytes with the NUL
// The system workqueues the module can look up: the scenario's name and the kernel's.
const struct {
  const char* scenario;
  const char* kernel;
} kReplayableSystemWqs[] = {{"system_wq", "events"},
                            {"system_highpri_wq", "events_highpri"},
                            {"system_long_wq", "events_long"},
                            {"system_unbound_wq", "events_unbound"}};

const char* kernel_wq_name(const std::string& scenario_name) {
  for (const auto& q : kReplayableSystemWqs)
    if (scenario_name == q.scenario) return q.kernel;
  return nullptr;
}

class Exporter {
 public:
  Exporter(const Scenario& s) : s_(s) {}

  std::optional<ScenarioError> error;
  std::string run(const std::string& name);

 private:
  bool fail(SourcePos pos, const std::string& message) {
    if (!error) error = ScenarioError{s_.file, pos, message};
    return false;
  }
  bool good_name(const std::string& n, SourcePos pos);
  int wq_index(const std::string& name, SourcePos pos);
  int work_index(const std::string& name) const;
  int completion_index(const std::string& name);
  bool op_line(const OpSpec& op, std::string& out);
  bool action_line(const ActionSpec& a, std::string& out);

  const Scenario& s_;
  std::vector<std::string> sys_wqs_;      // system workqueues used, after the scenario's own
  std::vector<std::string> completions_;  // in order of first use
};

bool Exporter::good_name(const std::string& n, SourcePos pos) {
  if (n.size() > kMaxName) return fail(pos, "`" + n + "` is too long to replay (at most 31 characters)");
  if (n.find_first_of(" \t\n") != std::string::npos) return fail(pos, "`" + n + "` has a blank: it cannot be replayed");
  return true;
}

int Exporter::wq_index(const std::string& name, SourcePos pos) {
  for (size_t i = 0; i < s_.workqueues.size(); ++i)
    if (s_.workqueues[i].name == name) return static_cast<int>(i);
  const auto sys = std::find(sys_wqs_.begin(), sys_wqs_.end(), name);
  if (sys != sys_wqs_.end()) return static_cast<int>(s_.workqueues.size() + (sys - sys_wqs_.begin()));
  if (!kernel_wq_name(name)) {
    fail(pos, "system workqueue `" + name + "` cannot be replayed (the module knows system_wq, system_highpri_wq, "
              "system_long_wq and system_unbound_wq)");
    return -1;
  }
  sys_wqs_.push_back(name);
  return static_cast<int>(s_.workqueues.size() + sys_wqs_.size() - 1);
}

int Exporter::work_index(const std::string& name) const {
  for (size_t i = 0; i < s_.works.size(); ++i)
    if (s_.works[i].name == name) return static_cast<int>(i);
  return -1;  // the parser checked every name, so a `queue` work is the only way here
}

int Exporter::completion_index(const std::string& name) {
  const auto it = std::find(completions_.begin(), completions_.end(), name);
  if (it != completions_.end()) return static_cast<int>(it - completions_.begin());
  completions_.push_back(name);
  return static_cast<int>(completions_.size() - 1);
}

bool Exporter::op_line(const OpSpec& op, std::string& out) {
  switch (op.code) {
    case OpCode::Burn:
    case OpCode::Sleep:
      appendf(out, " %s %lld", op_name(op.code), static_cast<long long>(op.ns));
      return true;
    case OpCode::QueueWork: {
      const int wq = wq_index(op.wq, op.pos);
      appendf(out, " queue_work %d %d %d", wq, work_index(op.target), op.cpu);
      return wq >= 0;
    }
    case OpCode::FlushWork:
      appendf(out, " flush_work %d", work_index(op.target));
      return true;
    case OpCode::Wait:
    case OpCode::Complete:
    case OpCode::CompleteAll:
      appendf(out, " %s %d", op_name(op.code), completion_index(op.target));
      return good_name(op.target, op.pos);
    default:
      return fail(op.pos, "`" + op.text + "` cannot be replayed on a real kernel (the module replays burn, sleep, "
                                          "queue_work, flush_work, wait, complete and complete_all)");
  }
}

bool Exporter::action_line(const ActionSpec& a, std::string& out) {
  appendf(out, "at %lld", static_cast<long long>(a.time));
  switch (a.op) {
    case ScriptOp::QueueWork: {
      const int wq = wq_index(a.wq, a.pos);
      appendf(out, " queue_work %d %d %d %d\n", wq, work_index(a.target), a.cpu, a.from_cpu);
      return wq >= 0;
    }
    case ScriptOp::Complete:
    case ScriptOp::CompleteAll:
      appendf(out, " %s %d %d\n", a.op == ScriptOp::Complete ? "complete" : "complete_all",
              completion_index(a.target), a.from_cpu);
      return good_name(a.target, a.pos);
    case ScriptOp::KthreaddCpu:
      appendf(out, " kthreadd_cpu %d\n", a.cpu);
      return true;
    case ScriptOp::RtBusy:
      appendf(out, " rt_busy %d %lld\n", a.cpu, static_cast<long long>(a.delay));
      return true;
    default:
      return fail(a.pos, "`" + a.text + "` cannot be replayed on a real kernel (the module replays queue_work, "
                                         "complete, complete_all, kthreadd_cpu and rt_busy)");
  }
}

// Declarations first (workqueues, completions, works), so that programs and actions
// may name any of them; then the programs, the timed actions and the end.
std::string Exporter::run(const std::string& name) {
  std::string head, body;
  appendf(head, "cmwq-ops 1\nscenario %s\ncpus %d\nparam cpu_intensive_thresh_us %llu\n", name.c_str(),
          s_.machine.cpus, static_cast<unsigned long long>(s_.machine.wq.cpu_intensive_thresh_us));
  if (!s_.reclaim_work.empty() || !s_.rcu_program.empty())
    fail({1, 1}, "[memory] and [rcu] cannot be replayed on a real kernel");
  for (size_t i = 0; i < s_.workqueues.size(); ++i) {
    const WorkqueueSpec& q = s_.workqueues[i];
    if (q.flags & WQ_BH) fail(q.pos, "a WQ_BH workqueue cannot be replayed");
    good_name(q.name, q.pos);
    appendf(head, "wq %zu %s %u %d %d\n", i, q.name.c_str(), q.flags, q.max_active, q.ordered ? 1 : 0);
  }
  for (size_t i = 0; i < s_.works.size(); ++i) {
    const WorkSpec& wk = s_.works[i];
    if (wk.delayed) fail(wk.pos, "a delayed work cannot be replayed");
    good_name(wk.name, wk.pos);
    for (const OpSpec& op : wk.program) {
      appendf(body, "op %zu", i);
      op_line(op, body);
      body += "\n";
    }
  }
  std::vector<const ActionSpec*> actions;
  for (const ActionSpec& a : s_.actions) actions.push_back(&a);
  std::stable_sort(actions.begin(), actions.end(),
                   [](const ActionSpec* x, const ActionSpec* y) { return x->time < y->time; });
  for (const ActionSpec* a : actions) action_line(*a, body);
  appendf(body, "until %lld\nend\n", static_cast<long long>(s_.until));
  // System workqueues and completions are known once the programs and actions are read.
  for (size_t i = 0; i < sys_wqs_.size(); ++i)
    appendf(head, "sys_wq %zu %s\n", s_.workqueues.size() + i, kernel_wq_name(sys_wqs_[i]));
  for (size_t i = 0; i < completions_.size(); ++i) appendf(head, "completion %zu %s\n", i, completions_[i].c_str());
  for (size_t i = 0; i < s_.works.size(); ++i) appendf(head, "work %zu %s\n", i, s_.works[i].name.c_str());
  return head + body;
}

}  // namespace

OpsExport export_ops(const Scenario& s, const std::string& name) {
  Exporter e(s);
  OpsExport out;
  std::string text = e.run(name);
  if (e.error) out.error = e.error;
  else out.text = std::move(text);
  return out;
}

}  // namespace cmwq
