#pragma once
/// @file
/// @brief The Queue work panel: one-click presets ("queue 3 blocking works", "starve
/// memory", "release memory") and a composer for new works (workqueue, CPU, count and
/// a program in the scenario file's operation syntax). Everything becomes a Session
/// command, so it is recorded, replayed after a step back and kept in links.

#include <cstdint>
#include <string>

#include "web/panels/panel_context.h"

namespace cmwq::web {

/// The preset "queue 3 blocking works" as a command: three works on q0, CPU 0, each
/// allocating 16 pages with GFP_KERNEL, burning 1 ms and freeing them.
constexpr const char* kPresetBlockingWorks = "queue q0 cpu=0 count=3 name=blk: alloc 16 GFP_KERNEL; burn 1ms; free 16";
/// The preset "starve memory": the memory hog takes every free page.
constexpr const char* kPresetStarve = "hog all";
/// The preset "release memory": the hog gives every page back.
constexpr const char* kPresetRelease = "release all";

/// Draws the "Queue work" window.
class QueueWorkPanel {
 public:
  /// Draws the panel for this frame; its buttons add commands to ctx.req.commands.
  void draw(PanelContext& ctx);

 private:
  std::string wq_ = "q0";
  int cpu_ = 0;  // -1: any (WORK_CPU_UNBOUND)
  int count_ = 1;
  std::string prefix_ = "uw";
  std::string program_ = "burn 1ms; sleep 5ms; burn 1ms";
  std::string existing_;
  // Validation of program_ against the running scenario, redone when either changes.
  std::string checked_program_;
  uint64_t checked_history_ = UINT64_MAX;
  std::string checked_scenario_;
  std::string program_error_;
};

}  // namespace cmwq::web
