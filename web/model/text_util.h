#pragma once
/// @file
/// @brief Small text forms the panels share: times, speeds and work programs. An
/// operation's text is the core's cmwq::op_text() (core/trace/words.h).

#include <cstdint>
#include <string>

#include "core/kernel/program.h"
#include "core/kernel/time.h"
#include "core/trace/words.h"

namespace cmwq {
struct World;
}

namespace cmwq::web {

/// A point in virtual time for display, e.g. "12.345 ms", "1.2 s", "850 us", "11 ms".
std::string format_time(Nanos t);
/// A playback speed (virtual time per real second), e.g. "10 ms/s".
std::string format_speed(Nanos per_second);
/// The program of a work item as "op; op; op" (each as cmwq::op_text() writes it).
std::string program_text(const World& w, int32_t program);

}  // namespace cmwq::web
