#pragma once
/// @file
/// @brief Small text forms the panels share: times, speeds, work programs and the errors
/// of commands built from a field. An operation's text is the core's cmwq::op_text()
/// (core/trace/words.h).

#include <cstdint>
#include <string>
#include <string_view>

#include "core/kernel/program.h"
#include "core/kernel/time.h"
#include "core/scenario/action.h"
#include "core/trace/words.h"

namespace cmwq {
struct World;
}

namespace cmwq::web {

/// A time or duration for the student, in the largest unit that keeps it at least 1,
/// rounded to three decimals at most: "53.606 ms" (53.605979 ms), "1.2 s", "850 us",
/// "11 ms". The one formatter of times the panels show (trace exports keep their own).
std::string format_time(Nanos t);
/// The error @p e of a command made around a field's text, for the student: "column 1 of
/// the program: unknown operation `eat`; ...", where @p field_start is the command's
/// column of the field's first character; an error before the field is its message alone.
std::string field_error(const ScenarioError& e, int field_start, std::string_view field);
/// A playback speed (virtual time per real second), e.g. "10 ms/s".
std::string format_speed(Nanos per_second);
/// The program of a work item as "op; op; op" (each as cmwq::op_text() writes it).
std::string program_text(const World& w, int32_t program);

}  // namespace cmwq::web
