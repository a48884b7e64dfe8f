#pragma once
/// @file
/// @brief The placeholder "cmwq-lab" window: which core and which kernel this build models.

namespace cmwq::web {

/// Draws the "cmwq-lab" window with the core version (cmwq::core_version()), the modelled
/// kernel release (cmwq::modelled_kernel()) and a note that the simulation panels come next.
void draw_welcome_panel();

}  // namespace cmwq::web
