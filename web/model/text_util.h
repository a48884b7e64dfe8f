#pragma once
/// @file
/// @brief Small text forms the panels share: times, speeds and work operations.

#include <cstdint>
#include <string>

#include "core/kernel/program.h"
#include "core/kernel/time.h"

namespace cmwq {
struct World;
}

namespace cmwq::web {

/// A point in virtual time for display, e.g. "12.345 ms", "1.2 s", "850 us", "11 ms".
std::string format_time(Nanos t);
/// A playback speed (virtual time per real second), e.g. "10 ms/s".
std::string format_speed(Nanos per_second);
/// An operation as the scenario syntax writes it, with names: "alloc 16 GFP_KERNEL",
/// "queue_work q0 w1 cpu=0", "sleep 10ms".
std::string op_text(const World& w, const Op& op);
/// The program of a work item as "op; op; op".
std::string program_text(const World& w, int32_t program);

}  // namespace cmwq::web
