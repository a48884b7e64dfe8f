#pragma once
/// @file
/// @brief The Queue work panel: one-click presets ("queue 3 blocking works", "starve
/// memory", "release memory") and a composer for new works (workqueue, CPU, count and
/// a program in the scenario file's operation syntax). Everything becomes a Session
/// command, one line of the action language, so it is recorded, replayed after a step
/// back and kept in links, and means what the same line means in a scenario's [[at]].

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
  void draw_presets(PanelContext& ctx);
  void draw_target(const Session& session);
  void draw_program();
  void draw_queue_button(PanelContext& ctx);
  void draw_existing_work(PanelContext& ctx);
  // The `queue` command the fields make, and the one for the chosen existing work.
  std::string new_works_command() const;
  std::string existing_work_command() const;
  // Checks new_works_command() against the running world when it or the world changed.
  void check(const Session& session);
  // The user's works (the scenario's and those `queue` made), redone when the world changed.
  const std::vector<std::string>& user_works(const Session& session);

  std::string wq_ = "q0";
  int cpu_ = 0;  // -1: any (WORK_CPU_UNBOUND)
  int count_ = 1;
  std::string prefix_ = "uw";
  std::string program_ = "burn 1ms; sleep 5ms; burn 1ms";
  std::string existing_;
  // What check() last checked, and what it found.
  std::string checked_command_;
  uint64_t checked_history_ = UINT64_MAX;
  size_t checked_works_ = SIZE_MAX;
  std::string checked_scenario_;
  std::optional<ScenarioError> command_error_;
  // user_works() and what it was made from.
  std::vector<std::string> works_;
  uint64_t works_history_ = UINT64_MAX;
  size_t works_count_ = SIZE_MAX;
};

}  // namespace cmwq::web
