#pragma once
/// @file
/// @brief The shipped scenarios (scenarios/*.toml), embedded into the binary at build
/// time (web/platform/embed_scenarios.cmake), so the app needs no file I/O natively or in wasm.

#include <span>
#include <string>
#include <string_view>

namespace cmwq::web {

/// One shipped scenario file.
struct EmbeddedScenario {
  std::string_view file;  ///< File name, e.g. "starvation-sandbox.toml".
  std::string_view text;  ///< Its contents.
};

/// Every shipped scenario, sorted by file name.
std::span<const EmbeddedScenario> embedded_scenarios();

/// The shipped scenario named @p name ("starvation-sandbox" or "starvation-sandbox.toml"),
/// or nullptr.
const EmbeddedScenario* find_embedded_scenario(std::string_view name);

/// The scenario the page opens with.
constexpr std::string_view kDefaultScenario = "doc-max-active-3.toml";

}  // namespace cmwq::web
