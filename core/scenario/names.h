#pragma once
/// @file
/// @brief Where the names of the action language are looked up: the workqueues, works,
/// completions and mutexes an action or a program operation names.
///
/// One interface, two implementations. DeclaredNames holds what a scenario file
/// declares, while the file is parsed and before any World exists. WorldNames
/// (core/scenario/world_names.h) reads a running world, which also has the works that
/// earlier `queue` actions made. The parser (core/scenario/action.h) checks every name
/// through this interface, so a line means the same in a file and typed in the page.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/workqueue/generation.h"

namespace cmwq {

/// What a name stands for.
enum class NameKind : uint8_t {
  Workqueue,   ///< A workqueue (system ones included).
  Work,        ///< A work item.
  Completion,  ///< A completion.
  Mutex,       ///< A mutex.
};

/// Index of the first control character (below 0x20, or 0x7F) of @p text, or npos.
/// Names are printable: a newline or a NUL in one would break the lines that print it.
size_t first_control_char(std::string_view text);

/// ActionNames::find()'s answer for a name that is not there.
constexpr int32_t kUnknownName = -1;
/// ActionNames::find()'s answer for a completion or mutex that naming it makes (a scenario
/// file makes one per name at build time).
constexpr int32_t kMadeOnUse = -2;

/// A workqueue flag a scenario may set, by its kernel name.
struct WorkqueueFlagName {
  const char* name;  ///< Kernel name, e.g. "WQ_MEM_RECLAIM".
  uint32_t flag;     ///< Its bit (core/workqueue/constants.h).
};

/// The flags a [[workqueue]]'s `flags` may list and a change may add or remove, in the
/// kernel's order (`__WQ_ORDERED` is `ordered = true`, WQ_BH is not modelled).
std::span<const WorkqueueFlagName> workqueue_flag_names();

/// Names of the system workqueues a world of kernel @p g has (workqueue_init_early()),
/// in the kernel's order: system_percpu_wq and system_dfl_wq only since 6.12.85
/// (has_system_percpu_and_dfl_wq()).
const std::vector<std::string>& system_workqueue_names(KernelGeneration g);
/// True if @p name is a system workqueue of some generation.
bool is_system_workqueue(std::string_view name);
/// For a system workqueue kernel @p g does not have: the sentence saying which version
/// added it and what to use instead; "" for any other name.
std::string system_workqueue_missing(std::string_view name, KernelGeneration g);

/// `[machine] memory_pages` when a scenario does not say: 256 MiB of 4 KiB pages.
constexpr int64_t kDefaultPages = 65536;
/// The largest `[machine] memory_pages` (16 TiB of 4 KiB pages), and of any page count.
constexpr int64_t kMaxPages = int64_t{1} << 32;

/// The names an action may use, and the ids they stand for.
class ActionNames {
 public:
  virtual ~ActionNames() = default;
  /// CPUs of the machine: cpu=N, from=N and cpu_offline N must be below it.
  virtual int cpus() const = 0;
  /// The kernel generation the names belong to (it decides which system workqueues exist).
  virtual KernelGeneration kernel() const = 0;
  /// Pages of the machine's memory (`[machine] memory_pages`): no allocation is larger.
  virtual int64_t pages() const = 0;
  /// The id @p name stands for (its index among the declarations for DeclaredNames, its
  /// World id for WorldNames), kUnknownName, or kMadeOnUse.
  virtual int32_t find(NameKind kind, std::string_view name) const = 0;
  /// True if work @p id (as find() gave it) is a delayed_work.
  virtual bool delayed(int32_t id) const = 0;
  /// Every name of @p kind in declaration order: the candidates of "did you mean".
  virtual std::vector<std::string> all(NameKind kind) const = 0;
};

/// "unknown workqueue `q1`; declare it with [[workqueue]] (did you mean `q0`?)": the
/// message for a @p kind name that @p names lacks, with the closest one it has.
std::string unknown_name(NameKind kind, std::string_view name, const ActionNames& names);

/// Names in the order they were added, each with an id, looked up by hashing. The hash
/// map is only looked into, never walked, so its order cannot leak into any result.
class NameTable {
 public:
  /// Adds @p name with @p id; false (and nothing added) if the name is there already.
  bool add(const std::string& name, int32_t id);
  /// The id of @p name, or kUnknownName.
  int32_t find(std::string_view name) const;
  /// The names, in the order they were added.
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, int32_t> ids_;
};

/// What a scenario file declares: the system workqueues, its [[workqueue]] and [[work]]
/// entries. Completions and mutexes need no declaration: each name makes one.
class DeclaredNames final : public ActionNames {
 public:
  /// The system workqueues only, on a machine of @p cpus CPUs and @p pages pages of
  /// memory following kernel @p kernel.
  explicit DeclaredNames(int cpus = 1, KernelGeneration kernel = kDefaultKernel, int64_t pages = kDefaultPages);
  /// Declares workqueue @p name; false if that name is taken.
  bool add_workqueue(const std::string& name);
  /// Declares work @p name (a delayed_work if @p delayed); false if that name is taken.
  bool add_work(const std::string& name, bool delayed);

  /// The machine's CPUs.
  int cpus() const override { return cpus_; }
  /// The machine's kernel generation.
  KernelGeneration kernel() const override { return kernel_; }
  /// The machine's pages of memory.
  int64_t pages() const override { return pages_; }
  /// Declaration index, kUnknownName, or kMadeOnUse for every completion and mutex.
  int32_t find(NameKind kind, std::string_view name) const override;
  /// True if the work declared @p id-th was declared `delayed = true`.
  bool delayed(int32_t id) const override;
  /// Declared names of @p kind (none for completions and mutexes).
  std::vector<std::string> all(NameKind kind) const override;

 private:
  int cpus_ = 1;
  KernelGeneration kernel_ = kDefaultKernel;
  int64_t pages_ = kDefaultPages;
  NameTable workqueues_;
  NameTable works_;
  std::vector<bool> delayed_;
};

}  // namespace cmwq
