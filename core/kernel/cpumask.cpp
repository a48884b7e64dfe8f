#include "core/kernel/cpumask.h"

namespace cmwq {

std::string CpuMask::to_list() const {
  std::string out;
  for (int c = first(); c >= 0;) {
    int end = c;
    while (test(end + 1)) ++end;
    if (!out.empty()) out += ',';
    out += std::to_string(c);
    if (end > c) out += '-' + std::to_string(end);
    c = next(end);
  }
  return out;
}

}  // namespace cmwq
