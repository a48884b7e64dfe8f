#pragma once
/// @file
/// @brief The Compare chooser's model: what the second run of a comparison changes, as
/// fields a student picks (a kernel, a workqueue and one of its flags, ...), and the
/// change-language text they make (core/scenario/change.h).

#include <cstdint>
#include <string>

#include "core/scenario/scenario.h"

namespace cmwq::web {

/// What the chooser changes, in its order.
enum class ChangeKind : uint8_t {
  Kernel,     ///< `kernel VERSION`.
  Flag,       ///< `flags WQ +FLAG` or `-FLAG`: the flag is toggled.
  MaxActive,  ///< `max_active WQ N`.
  Cpus,       ///< `cpus N`.
  Action,     ///< `at INDEX TIME` or `drop INDEX`.
  Text,       ///< The change as typed.
};

/// The chooser's fields; change_text() reads those of its kind.
struct ChangeChoice {
  ChangeKind kind = ChangeKind::Kernel;               ///< What changes.
  KernelGeneration kernel = KernelGeneration::V6_12_0;  ///< Kernel: the second run's.
  std::string wq;                                     ///< Flag, MaxActive: a [[workqueue]].
  std::string flag = "WQ_MEM_RECLAIM";                ///< Flag: removed if the workqueue has it, else added.
  int max_active = 1;                                 ///< MaxActive.
  int cpus = 2;                                       ///< Cpus.
  int action = 1;                                     ///< Action: its number, from 1 in file order.
  bool drop = false;                                  ///< Action: leave it out (else move it).
  Nanos at = 0;                                       ///< Action: when it runs instead.
  std::string text;                                   ///< Text.
};

/// The chooser's starting point for @p s: the first [[workqueue]] with WQ_MEM_RECLAIM
/// losing it (the rescuer is what the labs are about), else the first one gaining it,
/// else another kernel. The other kinds' fields start at values that change something.
ChangeChoice default_choice(const Scenario& s);

/// The change text of @p c for @p s, e.g. "flags writeback -WQ_MEM_RECLAIM".
std::string change_text(const ChangeChoice& c, const Scenario& s);

/// Names of the kinds, for the chooser's radio buttons: "kernel", "workqueue flag", ...
const char* change_kind_name(ChangeKind k);

}  // namespace cmwq::web
