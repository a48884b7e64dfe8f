#pragma once
/// @file
/// @brief The Code panel's listings: kernel functions as short pseudo-code (our own
/// summaries, in the structure and names of kernel/workqueue.c and kernel/kthread.c),
/// each line marked with the kernel line it stands for (core/workqueue/code_position.h).

#include <cstdint>
#include <vector>

#include "core/workqueue/code_position.h"

namespace cmwq::web {

/// One line of a listing.
struct ListingLine {
  int32_t line;      ///< The value of the function's line enum this text stands for, or -1.
  const char* text;  ///< The text, indented with two spaces a level.
};

/// The listing of kernel function @p f; nullptr for a function without one (kthreadd(),
/// and the work's own function, which is listed from its program).
const std::vector<ListingLine>* kernel_listing(KernelFunction f);

}  // namespace cmwq::web
