#pragma once
/// @file
/// @brief The Code panel's listings: kernel functions as short pseudo-code (our own
/// summaries, in the structure and names of kernel/workqueue.c and kernel/kthread.c),
/// each line marked with the kernel line it stands for (core/workqueue/code_position.h)
/// and the number of that line in each generation's source file.
///
/// The numbers were read from the exact sources: Debian's linux-source-6.12
/// 6.12.118-1~deb12u1 (kernel/workqueue.c, kernel/kthread.c) and v6.12.0's
/// kernel/workqueue.c (git blob 9949ffad8df0); v6.12.0's kernel/kthread.c is byte for
/// byte 6.12.118's (blob 9bb36897b6c6). Every function with a listing for both 6.12
/// generations has the same text in both, only moved in the file, except rescuer_thread(),
/// which has a listing per generation. The 2.6.35 generation runs the model's CMWQ code and
/// shows its listings; 2.6.35's own workqueue.c has none of their statements, so it shows
/// no numbers. docs/kernel-map.md says how to check them.

#include <cstdint>
#include <string>
#include <vector>

#include "core/workqueue/code_position.h"
#include "core/workqueue/generation.h"

namespace cmwq {
struct World;
}

namespace cmwq::web {

/// Where a listing line's kernel statement is: its line number (1-based) in the source
/// file of each 6.12 generation, 0 where the line stands for no statement (a brace, a
/// comment) or the generation's listing has no such line.
struct KernelLineNumbers {
  int32_t v6_12_0 = 0;    ///< In v6.12.0's file.
  int32_t v6_12_118 = 0;  ///< In 6.12.118's file.
};

/// One line of a listing.
struct ListingLine {
  /// The kernel line it stands for in each generation. A line in our own words that sums up
  /// several statements gives the first of them, or, where it is marked with a line enum,
  /// the statement that enum's comment names (code_position.h).
  KernelLineNumbers source;
  int32_t line;      ///< The value of the function's line enum this text stands for, or -1.
  const char* text;  ///< The text, indented with two spaces a level.
};

/// The listing of kernel function @p f as kernel generation @p g has it; nullptr for a
/// function without one (kthreadd(), the work's own function: see program_listing(),
/// and assign_rescuer_work() before 6.12.118). rescuer_thread() and assign_rescuer_work()
/// are pseudo-code in our own words, one line per kernel statement.
const std::vector<ListingLine>* kernel_listing(KernelFunction f, KernelGeneration g);

/// The file kernel function @p f is in, "kernel/workqueue.c" or "kernel/kthread.c";
/// nullptr for WorkFunction (the work's own program).
const char* kernel_source_file(KernelFunction f);

/// The number (1-based) of the kernel line @p row stands for in generation @p g's
/// source file, or -1: none (a brace, a comment; any line of 2.6.35).
int kernel_line_of(const ListingLine& row, KernelGeneration g);

/// Which kernel line frame @p frame is at: the number (1-based, in generation @p g's
/// kernel_source_file()) of the statement its line enum stands for, e.g. 3537 for
/// rescuer_thread()'s worker_attach_to_pool() on 6.12.118. -1 for a WorkFunction frame (the
/// work's own program has no kernel source), on 2.6.35, or for a line without a listing row.
int kernel_line_number(const KernelFrame& frame, KernelGeneration g);

/// The function of work item @p work as C-like pseudo-code, one operation of its program
/// a line: its signature, "{", the operations from line kProgramFirstOpLine on, "}".
std::vector<std::string> program_listing(const World& w, int32_t work);
/// The index in program_listing() of the program's first operation.
constexpr int kProgramFirstOpLine = 2;

}  // namespace cmwq::web
