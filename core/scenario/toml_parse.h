#pragma once
/// @file
/// @brief toml++ for the core's .cpp files, configured once (no exceptions, no
/// formatters), and parse_toml(): the pre-scan of toml_input.h, then toml::parse().
/// Include this, never <toml++/toml.h> directly.

/// toml++ reports errors by value: the core is built without exceptions.
#define TOML_EXCEPTIONS 0
/// The core only reads TOML, never writes it.
#define TOML_ENABLE_FORMATTERS 0
#include <toml++/toml.h>

#include <string>
#include <string_view>

#include "core/scenario/scenario.h"
#include "core/scenario/toml_input.h"

namespace cmwq {

/// Parses @p text (named @p file in errors) after scan_toml() accepted it; a refused
/// text gives a parse_result holding the scan's error. Never asserts, never recurses
/// beyond the limits of toml_input.h.
toml::parse_result parse_toml(std::string_view text, const std::string& file);

/// A parse_toml() error as a ScenarioError located inside @p text (clamp_to_text()).
ScenarioError toml_error(std::string_view text, const std::string& file, const toml::parse_error& e);

}  // namespace cmwq
