// The lab's state as a URL hash.
#include "web/model/url_state.h"

#include <algorithm>
#include <charconv>

namespace cmwq::web {
namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

template <typename T>
bool parse_num(std::string_view s, T& out) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::string position_text(const Position& p) {
  return std::to_string(p.time) + "," + std::to_string(p.events) + "," + (p.settled ? "1" : "0");
}

}  // namespace

std::string percent_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string percent_decode(std::string_view s) {
  auto hexval = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
      out += static_cast<char>(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

std::string base64url_encode(std::string_view s) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    const uint32_t v = (static_cast<unsigned char>(s[i]) << 16) | (static_cast<unsigned char>(s[i + 1]) << 8) |
                       static_cast<unsigned char>(s[i + 2]);
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += kB64[v & 63];
  }
  if (i < s.size()) {
    uint32_t v = static_cast<unsigned char>(s[i]) << 16;
    if (i + 1 < s.size()) v |= static_cast<unsigned char>(s[i + 1]) << 8;
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    if (i + 1 < s.size()) out += kB64[(v >> 6) & 63];
  }
  return out;
}

std::optional<std::string> base64url_decode(std::string_view s) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    if (c == '=') break;
    const char* p = nullptr;
    for (const char* q = kB64; *q; ++q)
      if (*q == c) p = q;
    if (!p) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(p - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

std::string encode_link(const LinkState& s) {
  std::string out;
  auto add = [&](const std::string& key, const std::string& value) {
    if (!out.empty()) out += '&';
    out += key + "=" + value;
  };
  if (!s.text.empty())
    add("text", base64url_encode(s.text));
  else
    add("scenario", percent_encode(s.scenario));
  if (s.seed) add("seed", std::to_string(*s.seed));
  add("t", std::to_string(s.at.time));
  add("ev", std::to_string(s.at.events));
  add("settled", s.at.settled ? "1" : "0");
  if (const InsideAction& in = s.at.inside; in.boundary > 0)
    add("in", std::to_string(in.action) + "." + std::to_string(in.boundary) + "." +
                  (in.size == StepSize::Line ? "l" : "e") + "." + std::to_string(in.task));
  for (const Command& c : s.commands) add("do", position_text(c.at) + "," + percent_encode(c.text));
  if (!s.panel.empty()) add("panel", percent_encode(s.panel));
  if (s.task >= 0) add("task", std::to_string(s.task));
  if (!s.lab.empty()) add("lab", percent_encode(s.lab));
  if (!s.tab.empty()) add("tab", percent_encode(s.tab));
  if (!s.progress.empty()) add("progress", percent_encode(s.progress));
  if (!s.kernel.empty()) add("kernel", percent_encode(s.kernel));
  if (!s.compare.empty()) {
    add("compare", percent_encode(s.compare));
    if (s.second_at) add("b", position_text(*s.second_at));
    for (const Command& c : s.second_commands) add("bdo", position_text(c.at) + "," + percent_encode(c.text));
  }
  return out;
}

namespace {

// T,EV,SETTLED at the start of @p value, into @p p; @p value keeps what follows (after a
// comma). False if malformed.
bool read_position(std::string_view& value, Position& p, bool more) {
  std::string_view parts[3];
  for (size_t i = 0; i < 3; ++i) {
    const size_t comma = value.find(',');
    if (comma == std::string_view::npos && (more || i < 2)) return false;
    parts[i] = value.substr(0, comma);
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
  }
  if (!parse_num(parts[0], p.time) || !parse_num(parts[1], p.events)) return false;
  p.settled = parts[2] != "0";
  return true;
}

// in=ACTION.BOUNDARY.l|e.TASK: a point inside an action (a line or event step's).
bool read_inside(std::string_view value, InsideAction& in) {
  std::string_view parts[4];
  for (std::string_view& part : parts) {
    const size_t dot = value.find('.');
    part = value.substr(0, dot);
    value = dot == std::string_view::npos ? std::string_view() : value.substr(dot + 1);
  }
  if (!value.empty() || (parts[2] != "l" && parts[2] != "e")) return false;
  in.size = parts[2] == "l" ? StepSize::Line : StepSize::Event;
  return parse_num(parts[0], in.action) && parse_num(parts[1], in.boundary) && in.boundary > 0 &&
         parse_num(parts[3], in.task);
}

// do=T,EV,SETTLED,COMMAND: a command and the Position it was given at. Returns "" or
// what is wrong.
std::string read_command(std::string_view value, Command& c) {
  if (std::count(value.begin(), value.end(), ',') < 3) return "bad command in the link";
  if (!read_position(value, c.at, true)) return "bad command position in the link";
  c.text = percent_decode(value);  // Session::restore() replays it through the action language's parser
  return "";
}

// The keys whose value is plain text: their field, or nullptr.
std::string* text_field(std::string_view key, LinkState& s) {
  if (key == "scenario") return &s.scenario;
  if (key == "panel") return &s.panel;
  if (key == "lab") return &s.lab;
  if (key == "tab") return &s.tab;
  if (key == "progress") return &s.progress;
  if (key == "kernel") return &s.kernel;
  if (key == "compare") return &s.compare;
  return nullptr;
}

// One key=value pair into @p s. Returns "" or what is wrong; unknown keys are skipped.
std::string read_pair(std::string_view key, std::string_view value, LinkState& s) {
  if (std::string* field = text_field(key, s)) {
    *field = percent_decode(value);
  } else if (key == "text") {
    const auto t = base64url_decode(value);
    if (!t) return "the scenario text in the link is damaged";
    s.text = *t;
  } else if (key == "seed") {
    uint64_t v = 0;
    if (!parse_num(value, v)) return "bad seed in the link";
    s.seed = v;
  } else if (key == "t") {
    if (!parse_num(value, s.at.time)) return "bad time in the link";
  } else if (key == "ev") {
    if (!parse_num(value, s.at.events)) return "bad event count in the link";
  } else if (key == "settled") {
    s.at.settled = value != "0";
  } else if (key == "in") {
    if (!read_inside(value, s.at.inside)) return "bad point inside an action in the link";
  } else if (key == "task") {
    if (!parse_num(value, s.task)) s.task = -1;
  } else if (key == "do" || key == "bdo") {
    Command c;
    if (std::string error = read_command(value, c); !error.empty()) return error;
    (key == "do" ? s.commands : s.second_commands).push_back(c);
  } else if (key == "b") {
    Position p;
    if (!read_position(value, p, false)) return "bad point of the second run in the link";
    s.second_at = p;
  }
  return "";
}

}  // namespace

std::optional<LinkState> decode_link(std::string_view hash, std::string& error) {
  if (!hash.empty() && hash.front() == '#') hash.remove_prefix(1);
  if (hash.empty()) {
    error = "the link has no state";
    return std::nullopt;
  }
  LinkState s;
  bool have_scenario = false;
  while (!hash.empty()) {
    const size_t amp = hash.find('&');
    const std::string_view pair = hash.substr(0, amp);
    hash = amp == std::string_view::npos ? std::string_view() : hash.substr(amp + 1);
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = pair.substr(0, eq);
    if (std::string problem = read_pair(key, pair.substr(eq + 1), s); !problem.empty()) {
      error = std::move(problem);
      return std::nullopt;
    }
    have_scenario = have_scenario || key == "scenario" || key == "text";
  }
  if (!have_scenario) {
    error = "the link names no scenario";
    return std::nullopt;
  }
  return s;
}

}  // namespace cmwq::web
