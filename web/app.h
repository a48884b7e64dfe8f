#pragma once
/// @file
/// @brief The cmwq-lab front end: one object that owns the UI state and draws the panels.

namespace cmwq::web {

/// The cmwq-lab user interface.
///
/// The platform loop (web/main.cpp) calls frame() once per displayed frame, between
/// ImGui::NewFrame() and ImGui::Render(). The app reads the core only through its public
/// API and event stream, as the tests do; it knows nothing about SDL, OpenGL or the browser.
class App {
public:
    /// Draws every panel for one frame.
    void frame();
};

}  // namespace cmwq::web
