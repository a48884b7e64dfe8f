#pragma once
/// @file
/// @brief Small text helpers shared by the trace formatters: printf-style appending,
/// JSON string escaping and number forms. No I/O, no exceptions, no globals.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/kernel/time.h"

namespace cmwq {

/// Appends printf-formatted text to @p out (vsnprintf into the string).
void appendf(std::string& out, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

/// Appends @p s as a JSON string literal, quotes included: `"`, `\\` and control
/// characters are escaped (\\n, \\t, \\uXXXX ...); other bytes, UTF-8 included, pass through.
void append_json_string(std::string& out, std::string_view s);

/// Appends @p ns as microseconds for JSON: "5000" or "5000.5" (no trailing zeros).
void append_json_micros(std::string& out, Nanos ns);

/// A time in milliseconds as the documentation's tables print it: whole milliseconds
/// without decimals ("15"), others with the decimals they need ("0.5", "1.000001").
std::string format_msecs(Nanos t);

/// A duration with the largest unit that keeps it whole: "10ms", "1500us", "2s", "7ns".
std::string format_duration(Nanos d);

}  // namespace cmwq
