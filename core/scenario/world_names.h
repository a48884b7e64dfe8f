#pragma once
/// @file
/// @brief The names of a running world, for actions typed while it runs.
///
/// A typed command (the Queue work panel, `window.cmwq.command()`, a link's replayed
/// commands) names what the scenario declared plus the works that earlier `queue`
/// actions made. WorldNames reads them from the world as it stands now, so after a step
/// back the works made later are gone again.

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/scenario/names.h"
#include "core/scenario/scenario.h"

namespace cmwq {

/// True for a work item a scenario or a `queue` action made; false for the kernel's own
/// (flush barriers, idle_cull_work, the RCU grace-period work) and for ids out of range.
bool is_user_work(const World& w, int32_t work);

/// The names of @p sw's world, with their World ids: the scenario's workqueues (system
/// ones by their scenario names), completions and mutexes, and every user work item
/// (is_user_work()). Where two works share a name, the older one wins.
class WorldNames final : public ActionNames {
 public:
  /// Indexes the names of @p sw as it stands now (it must outlive this object).
  explicit WorldNames(const ScenarioWorld& sw);

  /// The world's CPUs.
  int cpus() const override;
  /// The world's kernel generation.
  KernelGeneration kernel() const override;
  /// The world's pages of memory (its `[machine] memory_pages`).
  int64_t pages() const override;
  /// World id, or kUnknownName (a running world makes no new completion or mutex).
  int32_t find(NameKind kind, std::string_view name) const override;
  /// True if work @p id has a timer (INIT_DELAYED_WORK()).
  bool delayed(int32_t id) const override;
  /// Names of @p kind in id order (the scenario's order; new works last).
  std::vector<std::string> all(NameKind kind) const override;

 private:
  const NameTable& table(NameKind kind) const { return tables_[static_cast<size_t>(kind)]; }

  const ScenarioWorld& sw_;
  std::array<NameTable, 4> tables_;  // by NameKind
};

}  // namespace cmwq
