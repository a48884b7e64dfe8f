#pragma once
// Shared pieces of the libFuzzer targets (tests/fuzz/CMakeLists.txt): reading the
// source tree's files at start-up, and running a built world for a bounded number of
// actions with the invariants checked, so a fuzzed scenario can neither run forever nor
// break the model silently.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "core/invariants.h"
#include "core/world.h"

namespace cmwq::fuzz {

/// Reads a file of the source tree (CMWQ_SOURCE_DIR); aborts if it is missing, since a
/// fuzzer without its fixtures would test nothing.
inline std::string source_file(const std::string& relative) {
  std::ifstream in(std::string(CMWQ_SOURCE_DIR) + "/" + relative, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "fuzz: cannot read %s\n", relative.c_str());
    std::abort();
  }
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Runs @p w for at most @p max_actions actions, 200 000 events or until @p until,
/// checking the invariants after each action; aborts (a finding) on the first violation.
/// (One action can run a thousand zero-time task steps: a work that requeues itself.)
inline void run_bounded(World& w, Nanos until, uint64_t max_actions) {
  uint64_t events = 0;
  for (uint64_t i = 0; i < max_actions && events < 200000 && next_action_time(w) >= 0 && next_action_time(w) <= until;
       ++i) {
    step(w);
    events += take_events(w).size();
    const std::string broken = check_invariants(w);
    if (!broken.empty()) {
      std::fprintf(stderr, "fuzz: invariant broken at %lld ns: %s\n", static_cast<long long>(w.now), broken.c_str());
      std::abort();
    }
  }
}

}  // namespace cmwq::fuzz
