#pragma once
/// @file
/// @brief The one door to toml++: every TOML text the project reads (scenarios, lab
/// files, answer files) passes a linear pre-scan with documented limits first.
///
/// Debian's toml++ 3.3.0 mishandles some inputs: `[[[` or `[.` trip an assertion (undefined
/// behaviour in release builds), a non-ASCII character right after a value reaches an
/// "unreachable" branch, and long dotted keys or deep nesting recurse until the stack
/// overflows (8 000 key parts are enough in wasm). The scan refuses these classes of
/// input, not single files, with a located error; the limits are far above anything a
/// scenario or lab needs:
/// - the text is at most kTomlMaxBytes bytes;
/// - outside strings and comments only ASCII, and no control character but tab, CR, LF;
/// - strings and comments are valid UTF-8 without control characters but tab;
/// - a table header's name starts right after `[` or `[[` (and blanks), so never `[[[`;
/// - a key has at most kTomlMaxKeyParts dotted parts;
/// - arrays and inline tables nest at most kTomlMaxDepth deep.
/// Everything else is left to toml++, whose own errors are returned as they are.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/scenario/scenario.h"

namespace cmwq {

/// Largest TOML text read (a million-work scenario is about 100 MB).
constexpr size_t kTomlMaxBytes = size_t{256} << 20;
/// Most dotted parts in one key (`a.b.c` has three).
constexpr int kTomlMaxKeyParts = 32;
/// Deepest nesting of arrays and inline tables.
constexpr int kTomlMaxDepth = 32;

/// Where a table header (`[name]` or `[[name]]`) starts a line outside strings, arrays
/// and inline tables: what toml_chunks.h needs to cut a large text between tables.
struct TomlHeaderLine {
  uint32_t offset;  ///< Byte offset of its first `[` (the text is at most kTomlMaxBytes).
  int32_t line;     ///< Its line, from 1.
};

/// The pre-scan alone: the first thing in @p text that breaks a limit above, as an
/// error located in @p file, or nullopt if toml++ may read the text. When @p headers is
/// given, every table header the scan passes is appended to it, in order.
std::optional<ScenarioError> scan_toml(std::string_view text, const std::string& file,
                                       std::vector<TomlHeaderLine>* headers = nullptr);

/// A position inside @p text for an error: a line past the end becomes the last line,
/// a column past a line's end the column just after it, and 0:0 becomes 1:1 (toml++
/// reports an unterminated string past the end, and implicit tables at 0:0).
SourcePos clamp_to_text(std::string_view text, SourcePos p);

}  // namespace cmwq
