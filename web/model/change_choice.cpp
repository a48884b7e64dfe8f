// The Compare chooser's model: fields to change-language text.
#include "web/model/change_choice.h"

#include "core/scenario/names.h"
#include "core/trace/text.h"
#include "core/workqueue/constants.h"

namespace cmwq::web {
namespace {

const WorkqueueSpec* find_wq(const Scenario& s, const std::string& name) {
  for (const WorkqueueSpec& q : s.workqueues)
    if (q.name == name) return &q;
  return nullptr;
}

uint32_t flag_bit(const std::string& name) {
  for (const WorkqueueFlagName& f : workqueue_flag_names())
    if (name == f.name) return f.flag;
  return 0;
}

}  // namespace

ChangeChoice default_choice(const Scenario& s) {
  ChangeChoice c;
  for (const KernelVersion& v : kernel_versions())
    if (v.gen != s.machine.kernel) {
      c.kernel = v.gen;
      break;
    }
  c.cpus = s.machine.cpus == 1 ? 2 : s.machine.cpus - 1;
  if (!s.actions.empty()) c.at = s.actions[0].time + NSEC_PER_MSEC;
  c.kind = s.workqueues.empty() ? ChangeKind::Kernel : ChangeKind::Flag;
  if (!s.workqueues.empty()) c.wq = s.workqueues[0].name;
  for (const WorkqueueSpec& q : s.workqueues)
    if (q.flags & WQ_MEM_RECLAIM) {
      c.wq = q.name;
      break;
    }
  const WorkqueueSpec* q = find_wq(s, c.wq);
  c.max_active = q && q->max_active == 1 ? 2 : 1;
  return c;
}

std::string change_text(const ChangeChoice& c, const Scenario& s) {
  switch (c.kind) {
    case ChangeKind::Kernel:
      return std::string("kernel ") + kernel_version_name(c.kernel);
    case ChangeKind::Flag: {
      const WorkqueueSpec* q = find_wq(s, c.wq);
      const bool has = q && (q->flags & flag_bit(c.flag)) != 0;
      return "flags " + c.wq + " " + (has ? "-" : "+") + c.flag;
    }
    case ChangeKind::MaxActive:
      return "max_active " + c.wq + " " + std::to_string(c.max_active);
    case ChangeKind::Cpus:
      return "cpus " + std::to_string(c.cpus);
    case ChangeKind::Action:
      return c.drop ? "drop " + std::to_string(c.action)
                    : "at " + std::to_string(c.action) + " " + format_duration(c.at);
    case ChangeKind::Text:
      break;
  }
  return c.text;
}

const char* change_kind_name(ChangeKind k) {
  switch (k) {
    case ChangeKind::Kernel: return "kernel";
    case ChangeKind::Flag: return "workqueue flag";
    case ChangeKind::MaxActive: return "max_active";
    case ChangeKind::Cpus: return "CPUs";
    case ChangeKind::Action: return "timed action";
    case ChangeKind::Text: return "typed";
  }
  return "?";
}

}  // namespace cmwq::web
