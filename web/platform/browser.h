#pragma once
/// @file
/// @brief What the app asks of the page around it: the URL hash, the clipboard, file
/// downloads, opening a trace in ui.perfetto.dev, local storage and the docs. In the
/// browser these call JavaScript; natively they do the nearest thing (a file in the
/// working directory, storage in memory).

#include <optional>
#include <string>
#include <string_view>

namespace cmwq::web {

/// The page's URL hash without '#' ("" natively, or what set_location_hash() stored).
std::string location_hash();
/// Replaces the URL hash without adding a history entry (history.replaceState).
void set_location_hash(std::string_view hash);
/// The page's URL with @p hash as its hash (natively: "#" + hash).
std::string page_url_with_hash(std::string_view hash);
/// Puts @p text on the system clipboard.
void copy_to_clipboard(std::string_view text);
/// Lets the user save @p data as @p filename (a download in the browser; natively a
/// file in the working directory). Returns a short message for the UI.
std::string download_file(std::string_view filename, std::string_view data, std::string_view mime);
/// Opens ui.perfetto.dev in a new tab and sends it @p trace_json over postMessage
/// (Perfetto's PING/PONG protocol). Must follow a user gesture, or the popup is blocked.
/// Returns a short message for the UI.
std::string open_in_perfetto(std::string_view trace_json, std::string_view title);
/// Text the page pasted since the last call (a 'paste' event), for ImGui to type in.
std::string take_pasted_text();
/// Called from JavaScript with pasted text (see index.html).
void add_pasted_text(std::string_view text);
/// The value the browser's local storage holds under @p key, or nullopt (natively: an
/// in-memory map that lives as long as the process).
std::optional<std::string> storage_get(std::string_view key);
/// Stores @p value under @p key; an empty value removes the key. A storage that is full
/// or switched off is ignored (the progress then lives in the link only).
void storage_set(std::string_view key, std::string_view value);
/// True when the documentation (the docs target's HTML) is served next to the app, at
/// docs/index.html: index.html asks the server once at start. Natively false.
bool docs_served();
/// Opens docs/index.html in a new tab (must follow a user gesture, or the popup is
/// blocked). Returns a short message for the UI.
std::string open_docs();
/// Installs ImGui clipboard callbacks that reach the browser's clipboard (wasm only).
void install_clipboard_hooks();

}  // namespace cmwq::web
