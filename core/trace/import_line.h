#pragma once
/// @file
/// @brief The lines of an ftrace text, split into their parts (for core/trace/import.h):
/// `COMM-PID [CPU] FLAGS TIMESTAMP: EVENT: FIELDS`, and the fields of one event.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/kernel/time.h"

namespace cmwq {

/// One event line of a trace, split. The views point into the text read.
struct TraceLine {
  int line = 0;                  ///< 1-based line number.
  std::string_view comm;         ///< The task the event happened in ("<idle>" for pid 0).
  int pid = 0;                   ///< Its pid.
  int cpu = 0;                   ///< The CPU.
  Nanos ts = 0;                  ///< The timestamp, in nanoseconds.
  std::string_view event;        ///< The event name ("sched_switch"; an address for trace_printk).
  std::string_view fields;       ///< Everything after "EVENT: ".
  int fields_column = 0;         ///< 1-based column of fields[0].
};

/// What a line of the text is.
enum class LineKind : uint8_t {
  Event,    ///< An event line (TraceLine filled).
  Ignored,  ///< Blank, a `#` comment, a `cpus=N` or `version = N` header, "CPU N is empty".
  Section,  ///< A `=== ...` line of scripts/kernel-check's serial dump.
  Bad,      ///< None of these (the message says what was expected).
};

/// Splits line @p s (number @p line). For LineKind::Bad, @p error is set to the message
/// and @p column to where the trouble is.
LineKind split_trace_line(std::string_view s, int line, TraceLine& out, std::string& error, int& column);

/// Reads the fields of one event line, `key=value` by `key=value`, where a value runs
/// to the next key expected (values may hold blanks: "function=f [module]").
class FieldReader {
 public:
  /// Reads @p line's fields.
  explicit FieldReader(const TraceLine& line) : line_(line) {}

  /// The value of @p key, which runs up to " @p next=" (or the end of the fields when
  /// @p next is empty; up to the next blank when @p next is nullptr). Searched from
  /// where the last value ended. nullopt (and an error) when @p key is missing.
  std::optional<std::string_view> text(const char* key, const char* next);
  /// A decimal integer value (optionally negative) up to the next blank.
  std::optional<int64_t> number(const char* key);
  /// The words after @p prefix (e.g. "work struct "), up to the next blank or ':'.
  std::optional<std::string_view> word_after(const char* prefix);

  /// The first error: its message and 1-based column.
  const std::optional<std::pair<std::string, int>>& error() const { return error_; }
  /// Records an error at the current position.
  void fail(const std::string& message);

 private:
  const TraceLine& line_;
  size_t pos_ = 0;
  std::optional<std::pair<std::string, int>> error_;
};

/// A decimal integer of @p s (an optional '-', then digits, nothing else), or nullopt.
std::optional<int64_t> parse_trace_int(std::string_view s);

}  // namespace cmwq
