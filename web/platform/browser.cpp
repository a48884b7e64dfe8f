// The page around the app: URL hash, clipboard, downloads, Perfetto (EM_JS in the browser).
#include "web/platform/browser.h"

#include <cstdio>
#include <map>
#include <string>

#include "imgui.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>

// clang-format off
EM_JS(int, cmwq_js_hash_length, (), { return lengthBytesUTF8(location.hash.replace(/^#/, '')); });
EM_JS(void, cmwq_js_hash_copy, (char* out, int size), {
  stringToUTF8(location.hash.replace(/^#/, ''), out, size);
});
EM_JS(void, cmwq_js_set_hash, (const char* hash), {
  const h = UTF8ToString(hash);
  if (location.hash.replace(/^#/, '') !== h) history.replaceState(null, '', '#' + h);
});
EM_JS(int, cmwq_js_url_length, (const char* hash), {
  return lengthBytesUTF8(location.href.replace(/#.*$/, '') + '#' + UTF8ToString(hash));
});
EM_JS(void, cmwq_js_url_copy, (const char* hash, char* out, int size), {
  stringToUTF8(location.href.replace(/#.*$/, '') + '#' + UTF8ToString(hash), out, size);
});
EM_JS(void, cmwq_js_copy, (const char* text), {
  const t = UTF8ToString(text);
  const fallback = () => {
    const area = document.createElement('textarea');
    area.value = t;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    try { document.execCommand('copy'); } catch (e) {}
    area.remove();
  };
  if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(t).catch(fallback);
  else fallback();
});
EM_JS(void, cmwq_js_download, (const char* name, const char* data, int size, const char* mime), {
  const blob = new Blob([HEAPU8.slice(data, data + size)], { type: UTF8ToString(mime) });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = UTF8ToString(name);
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
});
EM_JS(int, cmwq_js_open_perfetto, (const char* data, int size, const char* title), {
  const ORIGIN = 'https://ui.perfetto.dev';
  const buffer = HEAPU8.slice(data, data + size).buffer;
  const name = UTF8ToString(title);
  const win = window.open(ORIGIN);
  if (!win) return 0;
  let tries = 0;
  const onMessage = (e) => {
    if (e.origin !== ORIGIN || e.data !== 'PONG') return;
    clearInterval(timer);
    window.removeEventListener('message', onMessage);
    win.postMessage({ perfetto: { buffer: buffer, title: name, fileName: 'cmwq-lab.json' } }, ORIGIN);
  };
  window.addEventListener('message', onMessage);
  const timer = setInterval(() => {
    if (++tries > 120) { clearInterval(timer); window.removeEventListener('message', onMessage); return; }
    win.postMessage('PING', ORIGIN);
  }, 250);
  return 1;
});
EM_JS(int, cmwq_js_storage_length, (const char* key), {
  try {
    const v = window.localStorage.getItem(UTF8ToString(key));
    return v === null ? -1 : lengthBytesUTF8(v);
  } catch (e) { return -1; }
});
EM_JS(void, cmwq_js_storage_copy, (const char* key, char* out, int size), {
  try { stringToUTF8(window.localStorage.getItem(UTF8ToString(key)) || '', out, size); } catch (e) {}
});
EM_JS(void, cmwq_js_storage_set, (const char* key, const char* value), {
  try {
    const v = UTF8ToString(value);
    if (v === '') window.localStorage.removeItem(UTF8ToString(key));
    else window.localStorage.setItem(UTF8ToString(key), v);
  } catch (e) {}
});
EM_JS(int, cmwq_js_docs_served, (), { return window.cmwqDocs === true ? 1 : 0; });
EM_JS(int, cmwq_js_open_docs, (), { return window.open('docs/index.html', '_blank') ? 1 : 0; });
// clang-format on
#endif

namespace cmwq::web {
namespace {

std::string& native_hash() {
  static std::string h;
  return h;
}
std::string& pasted() {
  static std::string p;
  return p;
}
std::string& clipboard() {
  static std::string c;
  return c;
}
std::map<std::string, std::string, std::less<>>& native_storage() {
  static std::map<std::string, std::string, std::less<>> m;
  return m;
}

}  // namespace

std::string location_hash() {
#ifdef __EMSCRIPTEN__
  const int n = cmwq_js_hash_length();
  std::string s(static_cast<size_t>(n) + 1, '\0');
  cmwq_js_hash_copy(s.data(), n + 1);
  s.resize(static_cast<size_t>(n));
  return s;
#else
  return native_hash();
#endif
}

void set_location_hash(std::string_view hash) {
  const std::string h(hash);
#ifdef __EMSCRIPTEN__
  cmwq_js_set_hash(h.c_str());
#else
  native_hash() = h;
#endif
}

std::string page_url_with_hash(std::string_view hash) {
  const std::string h(hash);
#ifdef __EMSCRIPTEN__
  const int n = cmwq_js_url_length(h.c_str());
  std::string s(static_cast<size_t>(n) + 1, '\0');
  cmwq_js_url_copy(h.c_str(), s.data(), n + 1);
  s.resize(static_cast<size_t>(n));
  return s;
#else
  return "#" + h;
#endif
}

void copy_to_clipboard(std::string_view text) {
  const std::string t(text);
  clipboard() = t;
#ifdef __EMSCRIPTEN__
  cmwq_js_copy(t.c_str());
#else
  ImGui::SetClipboardText(t.c_str());
#endif
}

std::string download_file(std::string_view filename, std::string_view data, std::string_view mime) {
  const std::string name(filename);
#ifdef __EMSCRIPTEN__
  const std::string m(mime);
  cmwq_js_download(name.c_str(), data.data(), static_cast<int>(data.size()), m.c_str());
  return "Downloading " + name;
#else
  std::FILE* f = std::fopen(name.c_str(), "wb");
  if (!f) return "Could not write " + name;
  std::fwrite(data.data(), 1, data.size(), f);
  std::fclose(f);
  return "Wrote " + name + " in the working directory";
#endif
}

std::string open_in_perfetto(std::string_view trace_json, std::string_view title) {
#ifdef __EMSCRIPTEN__
  const std::string t(title);
  if (!cmwq_js_open_perfetto(trace_json.data(), static_cast<int>(trace_json.size()), t.c_str()))
    return "The browser blocked the Perfetto tab: allow pop-ups for this page";
  return "Opening ui.perfetto.dev (needs the internet)";
#else
  download_file("cmwq-lab-perfetto.json", trace_json, "application/json");
  return "Wrote cmwq-lab-perfetto.json: open it at https://ui.perfetto.dev";
#endif
}

std::string take_pasted_text() {
  std::string out;
  out.swap(pasted());
  return out;
}

void add_pasted_text(std::string_view text) {
  for (char c : text)
    if (c != '\r') pasted() += c;
}

std::optional<std::string> storage_get(std::string_view key) {
  const std::string k(key);
#ifdef __EMSCRIPTEN__
  const int n = cmwq_js_storage_length(k.c_str());
  if (n < 0) return std::nullopt;
  std::string s(static_cast<size_t>(n) + 1, '\0');
  cmwq_js_storage_copy(k.c_str(), s.data(), n + 1);
  s.resize(static_cast<size_t>(n));
  return s;
#else
  const auto it = native_storage().find(k);
  if (it == native_storage().end()) return std::nullopt;
  return it->second;
#endif
}

void storage_set(std::string_view key, std::string_view value) {
  const std::string k(key), v(value);
#ifdef __EMSCRIPTEN__
  cmwq_js_storage_set(k.c_str(), v.c_str());
#else
  if (v.empty())
    native_storage().erase(k);
  else
    native_storage()[k] = v;
#endif
}

bool docs_served() {
#ifdef __EMSCRIPTEN__
  return cmwq_js_docs_served() != 0;
#else
  return false;
#endif
}

std::string open_docs() {
#ifdef __EMSCRIPTEN__
  return cmwq_js_open_docs() ? "Opened the docs in a new tab"
                             : "The browser blocked the docs tab: allow pop-ups for this page";
#else
  return "The docs are HTML from the docs target: cmake --build --preset native --target docs, then open "
         "build/native/docs/html/index.html";
#endif
}

void install_clipboard_hooks() {
#ifdef __EMSCRIPTEN__
  ImGuiIO& io = ImGui::GetIO();
  // Copy and cut go to the browser's clipboard. Paste arrives as a 'paste' event
  // (index.html) whose text is typed in; ImGui's own Ctrl+V then pastes nothing.
  io.SetClipboardTextFn = [](void*, const char* text) { copy_to_clipboard(text); };
  io.GetClipboardTextFn = [](void*) -> const char* { return ""; };
#endif
}

}  // namespace cmwq::web
