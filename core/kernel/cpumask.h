#pragma once
/// @file
/// @brief A fixed-size CPU mask (struct cpumask) for up to 256 CPUs.

#include <array>
#include <bit>
#include <cstdint>
#include <string>

namespace cmwq {

/// Most CPUs a simulated machine can have.
constexpr int NR_CPUS = 256;

/// A set of CPU numbers, a plain value (copyable, comparable).
class CpuMask {
 public:
  /// The mask holding CPUs 0..n-1.
  static CpuMask first_n(int n) {
    CpuMask m;
    for (int c = 0; c < n && c < NR_CPUS; ++c) m.set(c);
    return m;
  }
  /// The mask holding just @p cpu.
  static CpuMask of(int cpu) {
    CpuMask m;
    m.set(cpu);
    return m;
  }
  /// Adds @p cpu.
  void set(int cpu) { bits_[word(cpu)] |= bit(cpu); }
  /// Removes @p cpu.
  void clear(int cpu) { bits_[word(cpu)] &= ~bit(cpu); }
  /// True if @p cpu is in the mask (false for out-of-range numbers).
  bool test(int cpu) const { return cpu >= 0 && cpu < NR_CPUS && (bits_[word(cpu)] & bit(cpu)) != 0; }
  /// True if no CPU is in the mask.
  bool empty() const { return first() < 0; }
  /// Number of CPUs in the mask (cpumask_weight()).
  int count() const {
    int n = 0;
    for (uint64_t w : bits_) n += std::popcount(w);
    return n;
  }
  /// Lowest CPU in the mask, or -1.
  int first() const { return next(-1); }
  /// Lowest CPU above @p cpu in the mask, or -1.
  int next(int cpu) const {
    for (int c = cpu + 1; c < NR_CPUS; ++c)
      if (test(c)) return c;
    return -1;
  }
  /// Intersection (cpumask_and()).
  CpuMask operator&(const CpuMask& o) const {
    CpuMask m;
    for (size_t i = 0; i < bits_.size(); ++i) m.bits_[i] = bits_[i] & o.bits_[i];
    return m;
  }
  /// Same CPUs (cpumask_equal()).
  bool operator==(const CpuMask& o) const = default;
  /// Subset test: every CPU of this mask is in @p o.
  bool subset_of(const CpuMask& o) const {
    for (size_t i = 0; i < bits_.size(); ++i)
      if (bits_[i] & ~o.bits_[i]) return false;
    return true;
  }
  /// The kernel's "%*pbl" cpulist form, e.g. "0", "0-3", "0,2-5".
  std::string to_list() const;

 private:
  static size_t word(int cpu) { return static_cast<size_t>(cpu) / 64; }
  static uint64_t bit(int cpu) { return uint64_t{1} << (cpu % 64); }
  std::array<uint64_t, NR_CPUS / 64> bits_{};
};

}  // namespace cmwq
