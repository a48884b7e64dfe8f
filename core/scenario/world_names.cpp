// The names of a running world.
#include "core/scenario/world_names.h"

#include <algorithm>
#include <map>

#include "core/trace/tracker.h"

namespace cmwq {
namespace {

// @p ids (a ScenarioWorld map) as a NameTable, in id order.
NameTable by_id(const std::map<std::string, int32_t>& ids) {
  std::vector<std::pair<int32_t, const std::string*>> order;
  for (const auto& [name, id] : ids) order.emplace_back(id, &name);
  std::sort(order.begin(), order.end());
  NameTable t;
  for (const auto& [id, name] : order) t.add(*name, id);
  return t;
}

}  // namespace

bool is_user_work(const World& w, int32_t work) {
  if (work < 0 || static_cast<size_t>(work) >= w.wq.works.size()) return false;
  return !is_internal_work(w, work) && work != w.rcu.gp_work;
}

WorldNames::WorldNames(const ScenarioWorld& sw)
    : sw_(sw), tables_{by_id(sw.workqueues), NameTable(), by_id(sw.completions), by_id(sw.mutexes)} {
  const World& w = sw.world;
  NameTable& works = tables_[static_cast<size_t>(NameKind::Work)];
  for (size_t i = 0; i < w.wq.works.size(); ++i) {
    const auto id = static_cast<int32_t>(i);
    if (is_user_work(w, id)) works.add(w.wq.works[i].name, id);  // the older of two namesakes stays
  }
}

int WorldNames::cpus() const { return static_cast<int>(sw_.world.cpus.size()); }

KernelGeneration WorldNames::kernel() const { return sw_.world.config.kernel; }

int64_t WorldNames::pages() const { return sw_.world.config.memory_pages; }

int32_t WorldNames::find(NameKind kind, std::string_view name) const { return table(kind).find(name); }

bool WorldNames::delayed(int32_t id) const {
  return id >= 0 && static_cast<size_t>(id) < sw_.world.wq.works.size() &&
         sw_.world.wq.works[static_cast<size_t>(id)].timer >= 0;
}

std::vector<std::string> WorldNames::all(NameKind kind) const { return table(kind).names(); }

}  // namespace cmwq
