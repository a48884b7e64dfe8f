#pragma once
/// @file
/// @brief The lab's state in the page's URL hash, so a link reopens the same view.
///
/// The hash is a list of `key=value` pairs joined by `&`, values percent-encoded:
/// - `scenario=NAME`: a shipped scenario file (without `.toml`), or
/// - `text=BASE64URL`: the scenario text itself, when it was edited;
/// - `seed=N`: the seed, when it differs from the scenario's;
/// - `t=NS&ev=N&settled=0|1`: the point of the run (a Position); with
///   `in=ACTION.BOUNDARY.l|e.TASK` a point inside an action a line (l) or event (e) step
///   stopped at (Position::inside);
/// - `do=T,EV,SETTLED,COMMAND` (repeated, in order): a user command (a line of the action
///   language, core/scenario/action.h, replayed by Session::restore()) and its Position;
/// - `panel=NAME`: the panel that had the focus; `task=N`: the selected task;
/// - `lab=DIR` (or `lab=-` for the list of labs): the Labs panel is shown, with that lab
///   open; `tab=scenario|queue`: the left column's tab when it is not the Labs panel;
/// - `progress=DIR.A.C.S~...`: the student's lab progress (LabBook::encode_progress());
/// - `kernel=VERSION`: the kernel generation chosen with the selector (6.12.118, 6.12.0,
///   2.6.35), when one was chosen; else the scenario's own;
/// - `compare=CHANGE`: compare mode, the change (core/scenario/change.h) that makes the
///   second run; with `b=T,EV,SETTLED`, the second run's point, and one
///   `bdo=T,EV,SETTLED,COMMAND` per command in effect in it (as `do=`).
/// Example: `#scenario=starvation-sandbox&t=40000000&ev=812&settled=1&do=0,14,1,hog%20all`.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/model/session.h"

namespace cmwq::web {

/// What a link holds.
struct LinkState {
  std::string scenario;           ///< Shipped scenario name (no `.toml`), or "" when text is set.
  std::string text;               ///< Edited scenario text, or "".
  std::optional<uint64_t> seed;   ///< Seed override, if any.
  Position at;                    ///< Where the run stands.
  std::vector<Command> commands;  ///< User commands (Command::action is not stored).
  std::string panel;              ///< Focused panel's window name, or "".
  int32_t task = -1;              ///< Selected task, or -1.
  std::string lab;                ///< "" (no Labs panel), "-" (the list of labs) or a lab's folder.
  std::string tab;                ///< Left column tab besides the Labs panel ("scenario", "queue"), or "".
  std::string progress;           ///< Lab progress (LabBook::encode_progress()), or "".
  std::string kernel;             ///< The selector's kernel generation ("6.12.0"), or "" for the scenario's own.
  std::string compare;            ///< Compare mode's change, or "" when not comparing.
  std::optional<Position> second_at;     ///< The second run's point, when comparing.
  std::vector<Command> second_commands;  ///< The second run's commands in effect.
};

/// A link as read: the parts that could be restored, and what could not.
struct LinkRead {
  LinkState state;                    ///< The valid parts; a part in error keeps its default.
  bool has_scenario = false;          ///< The link names a scenario (`scenario=` or a readable `text=`).
  std::vector<std::string> problems;  ///< What could not be restored and why, one per part ("`t=...`: ...").
};

/// The hash (without the leading '#') for @p s.
std::string encode_link(const LinkState& s);
/// Reads a hash (with or without the leading '#'), the one parser of links. Every part
/// is checked on its own: a bad one is left out (a bad t, ev or settled leaves the run at
/// its start) with a problem saying which and why, and the rest is kept. Limits: times at
/// most kMaxDuration, event counts at most the default run budget's, 1000 commands per run.
/// Unknown keys, pairs without '=' and a link without a scenario are problems too.
LinkRead read_link(std::string_view hash);

/// Percent-encodes every byte but A-Z a-z 0-9 - _ . ~
std::string percent_encode(std::string_view s);
/// Undoes percent_encode() (and turns '+' into a space). Malformed escapes pass through.
std::string percent_decode(std::string_view s);
/// Base64 with the URL alphabet (-, _) and no padding.
std::string base64url_encode(std::string_view s);
/// Undoes base64url_encode(); nullopt on a character outside the alphabet.
std::optional<std::string> base64url_decode(std::string_view s);

}  // namespace cmwq::web
