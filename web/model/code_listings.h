#pragma once
/// @file
/// @brief The Code panel's listings: kernel functions as short pseudo-code (our own
/// summaries, in the structure and names of kernel/workqueue.c and kernel/kthread.c),
/// each line marked with the kernel line it stands for (core/workqueue/code_position.h).

#include <cstdint>
#include <string>
#include <vector>

#include "core/workqueue/code_position.h"
#include "core/workqueue/generation.h"

namespace cmwq {
struct World;
}

namespace cmwq::web {

/// One line of a listing.
struct ListingLine {
  int32_t line;      ///< The value of the function's line enum this text stands for, or -1.
  const char* text;  ///< The text, indented with two spaces a level.
};

/// The listing of kernel function @p f as kernel generation @p g has it; nullptr for a
/// function without one (kthreadd(), the work's own function: see program_listing(),
/// and assign_rescuer_work() before 6.12.118). rescuer_thread() and assign_rescuer_work()
/// are pseudo-code in our own words, one line per kernel statement.
const std::vector<ListingLine>* kernel_listing(KernelFunction f, KernelGeneration g);

/// The function of work item @p work as C-like pseudo-code, one operation of its program
/// a line: its signature, "{", the operations from line kProgramFirstOpLine on, "}".
std::vector<std::string> program_listing(const World& w, int32_t work);
/// The index in program_listing() of the program's first operation.
constexpr int kProgramFirstOpLine = 2;

}  // namespace cmwq::web
