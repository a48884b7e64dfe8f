// Name look-ups of the action language: the hashed table and a scenario file's names.
#include "core/scenario/names.h"

#include <algorithm>

#include "core/scenario/suggest.h"
#include "core/workqueue/constants.h"

namespace cmwq {

std::span<const WorkqueueFlagName> workqueue_flag_names() {
  static const WorkqueueFlagName kFlags[] = {
      {"WQ_UNBOUND", WQ_UNBOUND},         {"WQ_FREEZABLE", WQ_FREEZABLE},         {"WQ_MEM_RECLAIM", WQ_MEM_RECLAIM},
      {"WQ_HIGHPRI", WQ_HIGHPRI},         {"WQ_CPU_INTENSIVE", WQ_CPU_INTENSIVE}, {"WQ_SYSFS", WQ_SYSFS},
      {"WQ_POWER_EFFICIENT", WQ_POWER_EFFICIENT}, {"WQ_PERCPU", WQ_PERCPU}};
  return kFlags;
}

size_t first_control_char(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) return i;
  }
  return std::string_view::npos;
}

namespace {
// The two system workqueues of "workqueue: Add system_percpu_wq and system_dfl_wq".
bool added_in_6_12_85(std::string_view name) { return name == "system_percpu_wq" || name == "system_dfl_wq"; }
}  // namespace

const std::vector<std::string>& system_workqueue_names(KernelGeneration g) {
  static const std::vector<std::string> all = {"system_wq",
                                               "system_percpu_wq",
                                               "system_highpri_wq",
                                               "system_long_wq",
                                               "system_unbound_wq",
                                               "system_dfl_wq",
                                               "system_freezable_wq",
                                               "system_power_efficient_wq",
                                               "system_freezable_power_efficient_wq"};
  static const std::vector<std::string> before_6_12_85 = [] {
    std::vector<std::string> v;
    for (const std::string& n : all)
      if (!added_in_6_12_85(n)) v.push_back(n);
    return v;
  }();
  return has_system_percpu_and_dfl_wq(g) ? all : before_6_12_85;
}

bool is_system_workqueue(std::string_view name) {
  const auto& sys = system_workqueue_names(KernelGeneration::V6_12_118);  // every generation's names
  return std::find(sys.begin(), sys.end(), name) != sys.end();  // nine names: a scan is fine
}

std::string system_workqueue_missing(std::string_view name, KernelGeneration g) {
  if (!added_in_6_12_85(name) || has_system_percpu_and_dfl_wq(g)) return "";
  return "`" + std::string(name) + "` does not exist in kernel " + kernel_version_name(g) +
         ": \"workqueue: Add system_percpu_wq and system_dfl_wq\" added it in Debian 6.12.85; use `" +
         (name == "system_percpu_wq" ? "system_wq" : "system_unbound_wq") + "` or `kernel = \"6.12.118\"`";
}

std::string unknown_name(NameKind kind, std::string_view name, const ActionNames& names) {
  if (kind == NameKind::Workqueue) {
    const std::string missing = system_workqueue_missing(name, names.kernel());
    if (!missing.empty()) return missing;
  }
  const char* what = "workqueue";
  const char* remedy = "declare it with [[workqueue]]";
  switch (kind) {
    case NameKind::Workqueue:
      break;
    case NameKind::Work:
      what = "work";
      remedy = "declare it with [[work]]";
      break;
    case NameKind::Completion:
      what = "completion";
      remedy = "a running world has only the completions its scenario names";
      break;
    case NameKind::Mutex:
      what = "mutex";
      remedy = "a running world has only the mutexes its scenario names";
      break;
  }
  return std::string("unknown ") + what + " `" + std::string(name) + "`; " + remedy +
         did_you_mean(name, names.all(kind));
}

bool NameTable::add(const std::string& name, int32_t id) {
  if (!ids_.emplace(name, id).second) return false;
  names_.push_back(name);
  return true;
}

int32_t NameTable::find(std::string_view name) const {
  const auto it = ids_.find(std::string(name));
  return it == ids_.end() ? kUnknownName : it->second;
}

DeclaredNames::DeclaredNames(int cpus, KernelGeneration kernel, int64_t pages)
    : cpus_(cpus), kernel_(kernel), pages_(pages) {
  for (const std::string& name : system_workqueue_names(kernel)) add_workqueue(name);
}

bool DeclaredNames::add_workqueue(const std::string& name) {
  return workqueues_.add(name, static_cast<int32_t>(workqueues_.names().size()));
}

bool DeclaredNames::add_work(const std::string& name, bool delayed) {
  if (!works_.add(name, static_cast<int32_t>(delayed_.size()))) return false;
  delayed_.push_back(delayed);
  return true;
}

int32_t DeclaredNames::find(NameKind kind, std::string_view name) const {
  switch (kind) {
    case NameKind::Workqueue:
      return workqueues_.find(name);
    case NameKind::Work:
      return works_.find(name);
    case NameKind::Completion:
    case NameKind::Mutex:
      return kMadeOnUse;
  }
  return kUnknownName;
}

bool DeclaredNames::delayed(int32_t id) const {
  return id >= 0 && static_cast<size_t>(id) < delayed_.size() && delayed_[static_cast<size_t>(id)];
}

std::vector<std::string> DeclaredNames::all(NameKind kind) const {
  switch (kind) {
    case NameKind::Workqueue:
      return workqueues_.names();
    case NameKind::Work:
      return works_.names();
    case NameKind::Completion:
    case NameKind::Mutex:
      break;
  }
  return {};
}

}  // namespace cmwq
