// The kernel generations the model follows (see generation.h).
#include "core/workqueue/generation.h"

namespace cmwq {
namespace {

constexpr KernelVersion kVersions[] = {
    {KernelGeneration::V6_12_118, "6.12.118", "Debian 12's 6.12 LTS: the rescuer takes one item at a time"},
    {KernelGeneration::V6_12_0, "6.12.0", "mainline v6.12: the rescuer takes every item of a pwq at once"},
    {KernelGeneration::Legacy_2_6_35, "2.6.35", "before CMWQ: one thread per CPU per workqueue"},
};

}  // namespace

std::span<const KernelVersion> kernel_versions() { return kVersions; }

const char* kernel_version_name(KernelGeneration g) {
  for (const KernelVersion& v : kVersions)
    if (v.gen == g) return v.name;
  return "?";
}

std::optional<KernelGeneration> parse_kernel_version(std::string_view name) {
  for (const KernelVersion& v : kVersions)
    if (name == v.name) return v.gen;
  return std::nullopt;
}

}  // namespace cmwq
