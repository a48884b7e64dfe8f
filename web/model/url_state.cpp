// The lab's state as a URL hash.
#include "web/model/url_state.h"

#include <algorithm>
#include <charconv>
#include <climits>

#include "core/run_budget.h"
#include "core/scenario/action.h"
#include "web/model/text_util.h"

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

// What a link may hold: a point of the run is at most the longest duration a scenario
// may write and the default run budget's events; a link replays at most this many
// commands per run.
constexpr Nanos kMaxLinkTime = kMaxDuration;
constexpr uint64_t kMaxLinkEvents = RunBudget{}.max_events;
constexpr size_t kMaxLinkCommands = 1000;
constexpr size_t kShownValue = 24;  // characters of a value a problem quotes

std::string time_limit() {
  return "a number of ns from 0 to " + std::to_string(kMaxLinkTime) + " (" + format_time(kMaxLinkTime) + ")";
}
std::string events_limit() { return "a number from 0 to " + std::to_string(kMaxLinkEvents); }

bool read_time(std::string_view text, Nanos& t) { return parse_num(text, t) && t >= 0 && t <= kMaxLinkTime; }
bool read_events(std::string_view text, uint64_t& n) { return parse_num(text, n) && n <= kMaxLinkEvents; }

constexpr const char* kBadForm = "form";  // read_position(): the commas are not there

// T,EV,SETTLED into @p p; with @p rest, T,EV,SETTLED,REST and *rest = REST. Returns "",
// kBadForm, or what is wrong with a number ("the time must be ...").
std::string read_position(std::string_view value, Position& p, std::string_view* rest) {
  const size_t c1 = value.find(',');
  const size_t c2 = c1 == std::string_view::npos ? c1 : value.find(',', c1 + 1);
  const size_t c3 = c2 == std::string_view::npos || !rest ? std::string_view::npos : value.find(',', c2 + 1);
  if (c2 == std::string_view::npos || (rest && c3 == std::string_view::npos)) return kBadForm;
  const std::string_view settled = value.substr(c2 + 1, rest ? c3 - c2 - 1 : std::string_view::npos);
  if (!read_time(value.substr(0, c1), p.time)) return "the time must be " + time_limit();
  if (!read_events(value.substr(c1 + 1, c2 - c1 - 1), p.events)) return "the event count must be " + events_limit();
  if (settled != "0" && settled != "1") return "SETTLED must be 0 or 1";
  p.settled = settled == "1";
  if (rest) *rest = value.substr(c3 + 1);
  return "";
}

// The keys whose value is plain text: their field, or nullptr.
std::string* text_field(std::string_view key, LinkState& s) {
  if (key == "scenario") return &s.scenario;
  if (key == "panel") return &s.panel;
  if (key == "lab") return &s.lab;
  if (key == "progress") return &s.progress;
  if (key == "compare") return &s.compare;
  return nullptr;
}

// Reads a hash pair by pair, keeping what is valid and saying what is not.
class LinkReader {
 public:
  LinkRead read(std::string_view hash);

 private:
  void pair(std::string_view key, std::string_view value);
  bool checked_text(std::string_view key, std::string_view value);
  bool point(std::string_view key, std::string_view value);
  bool second_point(std::string_view key, std::string_view value);
  bool command(std::string_view key, std::string_view value);
  void problem(std::string_view key, std::string_view value, const std::string& why);

  LinkRead out_;
  bool point_bad_ = false;  // t, ev or settled was bad: the run stays at its start
};

// "`t=99999999999999999`: why", the value cut to kShownValue characters.
void LinkReader::problem(std::string_view key, std::string_view value, const std::string& why) {
  std::string shown(value.substr(0, kShownValue));
  if (value.size() > kShownValue) shown += "...";
  out_.problems.push_back("`" + std::string(key) + (key.empty() ? "" : "=") + shown + "`: " + why);
}

LinkRead LinkReader::read(std::string_view hash) {
  if (!hash.empty() && hash.front() == '#') hash.remove_prefix(1);
  while (!hash.empty()) {
    const size_t amp = hash.find('&');
    const std::string_view text = hash.substr(0, amp);
    hash = amp == std::string_view::npos ? std::string_view() : hash.substr(amp + 1);
    const size_t eq = text.find('=');
    if (eq != std::string_view::npos)
      pair(text.substr(0, eq), text.substr(eq + 1));
    else if (!text.empty())
      problem("", text, "not a key=value pair");
  }
  if (point_bad_) out_.state.at = Position{};
  if (!out_.has_scenario) out_.problems.push_back("the link names no scenario (scenario=NAME or text=...)");
  return std::move(out_);
}

void LinkReader::pair(std::string_view key, std::string_view value) {
  LinkState& s = out_.state;
  if (std::string* field = text_field(key, s)) {
    *field = percent_decode(value);
    out_.has_scenario = out_.has_scenario || key == "scenario";
  } else if (key == "seed") {
    uint64_t v = 0;
    if (parse_num(value, v))
      s.seed = v;
    else
      problem(key, value, "the seed must be a number from 0 to " + std::to_string(UINT64_MAX));
  } else if (key == "task") {
    if (!parse_num(value, s.task) || s.task < 0) {
      s.task = -1;
      problem(key, value, "the task must be a number from 0 to " + std::to_string(INT32_MAX));
    }
  } else if (!checked_text(key, value) && !point(key, value) && !second_point(key, value) && !command(key, value)) {
    problem(key, value, "unknown key `" + std::string(key) + "`");
  }
}

// text (base64url), tab and kernel: text with a form of its own.
bool LinkReader::checked_text(std::string_view key, std::string_view value) {
  LinkState& s = out_.state;
  if (key == "text") {
    const auto t = base64url_decode(value);
    if (t)
      s.text = *t;
    else
      problem(key, value, "the scenario text is damaged (not base64url)");
    out_.has_scenario = out_.has_scenario || t.has_value();
  } else if (key == "tab") {
    if (value == "scenario" || value == "queue")
      s.tab = std::string(value);
    else
      problem(key, value, "the tab must be scenario or queue");
  } else if (key == "kernel") {
    const std::string name = percent_decode(value);
    if (parse_kernel_version(name)) {
      s.kernel = name;
      return true;
    }
    std::string known;
    for (const KernelVersion& v : kernel_versions()) known += std::string(known.empty() ? "" : ", ") + v.name;
    problem(key, value, "unknown kernel; the model follows " + known);
  } else {
    return false;
  }
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

// t, ev, settled and in: the point of the run. A bad one leaves the run at its start.
bool LinkReader::point(std::string_view key, std::string_view value) {
  Position& at = out_.state.at;
  std::string why;
  if (key == "t") {
    if (!read_time(value, at.time)) why = "the time must be " + time_limit();
  } else if (key == "ev") {
    if (!read_events(value, at.events)) why = "the event count must be " + events_limit();
  } else if (key == "settled") {
    if (value != "0" && value != "1") why = "settled must be 0 or 1";
    at.settled = value != "0";
  } else if (key == "in") {
    if (!read_inside(value, at.inside)) {
      at.inside = InsideAction{};
      why = "a point inside an action is written ACTION.BOUNDARY.l|e.TASK";
    }
  } else {
    return false;
  }
  if (!why.empty()) {
    point_bad_ = true;
    problem(key, value, why + "; the run stays at its start");
  }
  return true;
}

// b=T,EV,SETTLED: the second run's point.
bool LinkReader::second_point(std::string_view key, std::string_view value) {
  if (key != "b") return false;
  Position p;
  const std::string why = read_position(value, p, nullptr);
  if (why.empty())
    out_.state.second_at = p;
  else
    problem(key, value, why == kBadForm ? "the second run's point is written T,EV,SETTLED" : why);
  return true;
}

// do=T,EV,SETTLED,COMMAND (the first run's commands) and bdo= (the second run's).
bool LinkReader::command(std::string_view key, std::string_view value) {
  if (key != "do" && key != "bdo") return false;
  std::vector<Command>& list = key == "do" ? out_.state.commands : out_.state.second_commands;
  if (list.size() >= kMaxLinkCommands) {
    problem(key, value, "more than " + std::to_string(kMaxLinkCommands) + " commands; this one is left out");
    return true;
  }
  Command c;
  std::string_view text;
  const std::string why = read_position(value, c.at, &text);
  if (!why.empty()) {
    problem(key, value,
            why == kBadForm ? "a command is written T,EV,SETTLED,COMMAND; it is left out"
                            : why + "; the command is left out");
    return true;
  }
  c.text = percent_decode(text);  // Session::restore() replays it through the action language's parser
  list.push_back(std::move(c));
  return true;
}

}  // namespace

LinkRead read_link(std::string_view hash) { return LinkReader().read(hash); }

}  // namespace cmwq::web
