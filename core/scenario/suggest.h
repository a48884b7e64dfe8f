#pragma once
/// @file
/// @brief "Did you mean ...?" for misspelt names.

#include <string>
#include <string_view>
#include <vector>

namespace cmwq {

/// The candidate closest to @p word by edit distance, if close enough to be a
/// plausible typo; empty otherwise.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

/// " (did you mean `x`?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace cmwq
