#pragma once
/// @file
/// @brief The kernel generations the model follows, and the one place that asks which
/// generation runs.
///
/// The model follows one kernel at a time (MachineConfig::kernel): Debian's 6.12 LTS
/// (6.12.118, the default), v6.12.0, or the workqueue before CMWQ (2.6.35). Code never
/// compares versions itself: every behaviour that differs between generations is one
/// named predicate below, whose comment gives the kernel commit's title and the version
/// it arrived in, so a reader sees which kernel change makes a difference and finds
/// every place it matters by searching for the predicate.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace cmwq {

/// A kernel whose workqueue the model can follow, oldest first.
enum class KernelGeneration : uint8_t {
  Legacy_2_6_35,  ///< The workqueue before CMWQ: a thread per CPU per workqueue.
  V6_12_0,        ///< Mainline v6.12 (November 2024).
  V6_12_118,      ///< Debian 12's linux-source-6.12 6.12.118-1~deb12u1: v6.12 plus the stable backports.
};

/// The generation a world follows unless its scenario says otherwise.
constexpr KernelGeneration kDefaultKernel = KernelGeneration::V6_12_118;

/// One generation as scenario files, the command line and links name it.
struct KernelVersion {
  KernelGeneration gen;  ///< The generation.
  const char* name;      ///< Its name in `[machine] kernel`, `--kernel` and links, e.g. "6.12.118".
  const char* summary;   ///< One line for help texts and the web app's selector.
};

/// Every generation, newest first (the order help texts list them in).
std::span<const KernelVersion> kernel_versions();
/// The name of @p g, e.g. "6.12.0".
const char* kernel_version_name(KernelGeneration g);
/// The generation named @p name ("6.12.118", "6.12.0" or "2.6.35"), or nullopt.
std::optional<KernelGeneration> parse_kernel_version(std::string_view name);

// --- Predicates: each behaviour that differs between generations --------------------

/// The pre-CMWQ workqueue (create_workqueue() of 2.6.35): one thread per CPU per
/// workqueue runs its items one after another; no shared pools, no concurrency
/// management, no max_active, no rescuer. CMWQ replaced it in 2.6.36 ("workqueue:
/// implement concurrency managed dynamic worker pool", Tejun Heo, 2010).
constexpr bool legacy_workqueue(KernelGeneration g) { return g == KernelGeneration::Legacy_2_6_35; }

}  // namespace cmwq
