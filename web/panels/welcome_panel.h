#pragma once
/// @file
/// @brief The welcome (a modal window on the first visit, and from the Controls panel's
/// Help button): what cmwq-lab is and three ways in. And the tour it can start: a small
/// window beside the button the student should press next, with an arrow to it, saying
/// what to watch (the steps and when each is done: web/model/welcome.h).

#include "web/model/event_index.h"
#include "web/model/session.h"
#include "web/model/welcome.h"

namespace cmwq::web {

/// The way in the student chose.
enum class WelcomeChoice {
  None,     ///< Nothing this frame (or the welcome is closed).
  Lab,      ///< Lab 1 in the Labs panel.
  Sandbox,  ///< The starvation sandbox with the tour.
  Explore,  ///< Close the welcome.
};

/// Draws the welcome and the tour.
class WelcomePanel {
 public:
  /// Shows the welcome from the next draw() on.
  void open() { open_ = true; }
  /// True while the welcome is shown.
  bool is_open() const { return open_; }
  /// Draws the welcome (if open) centred over the page, blocking clicks elsewhere until
  /// the student picks a way in. Returns the choice made this frame (it closes the welcome).
  WelcomeChoice draw();
  /// Follows the session (Tour::update()) and, while the tour runs, draws its window to
  /// the right of the widget to press (at least @p left_column_end from the left edge, so
  /// the column holding the buttons stays clear) with an arrow pointing at it.
  void draw_tour(const Session& session, const EventIndex& index, float left_column_end);
  /// The tour (start it when the student chooses the sandbox).
  Tour& tour() { return tour_; }
  /// The tour (read only).
  const Tour& tour() const { return tour_; }

 private:
  bool open_ = false;
  Tour tour_;
};

}  // namespace cmwq::web
