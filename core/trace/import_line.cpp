// Splitting ftrace text lines into their parts, and reading an event's fields.
#include "core/trace/import_line.h"

#include <charconv>

namespace cmwq {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// "SECONDS.FRACTION" (up to 9 fraction digits) as nanoseconds.
std::optional<Nanos> parse_timestamp(std::string_view s) {
  const size_t dot = s.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 10 || s.size() - dot - 1 == 0 || s.size() - dot - 1 > 9)
    return std::nullopt;
  Nanos sec = 0, frac = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == dot) continue;
    if (!is_digit(s[i])) return std::nullopt;
    (i < dot ? sec : frac) = (i < dot ? sec : frac) * 10 + (s[i] - '0');
  }
  for (size_t n = s.size() - dot - 1; n < 9; ++n) frac *= 10;
  return sec * NSEC_PER_SEC + frac;
}

// Finds "-PID [CPU]" in s: the '[' of a run of digits closed by ']' that follows "-DIGITS"
// and blanks. Returns the position of '[' or npos.
size_t find_pid_cpu(std::string_view s, size_t& pid_start, size_t& pid_end) {
  for (size_t b = s.find('['); b != std::string_view::npos; b = s.find('[', b + 1)) {
    size_t e = b + 1;
    while (e < s.size() && is_digit(s[e])) ++e;
    if (e == b + 1 || e >= s.size() || s[e] != ']') continue;
    size_t p = b;
    while (p > 0 && s[p - 1] == ' ') --p;
    const size_t end = p;
    while (p > 0 && is_digit(s[p - 1])) --p;
    if (p == end || p < 2 || s[p - 1] != '-') continue;
    pid_start = p;
    pid_end = end;
    return b;
  }
  return std::string_view::npos;
}

bool ignored_line(std::string_view t) {
  return t.empty() || t[0] == '#' || starts_with(t, "cpus=") || starts_with(t, "version =") ||
         (starts_with(t, "CPU ") && t.find("is empty") != std::string_view::npos);
}

// After "[CPU]": an optional flags column, the timestamp and "EVENT: FIELDS".
bool split_rest(std::string_view s, size_t at, TraceLine& out, std::string& error, int& column) {
  size_t i = at;
  for (int token = 0; token < 2; ++token) {
    while (i < s.size() && s[i] == ' ') ++i;
    const size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    const std::string_view word = s.substr(start, i - start);
    if (word.empty() || word.back() != ':') continue;  // the flags column ("d..2.")
    const std::optional<Nanos> ts = parse_timestamp(word.substr(0, word.size() - 1));
    if (!ts) break;
    out.ts = *ts;
    while (i < s.size() && s[i] == ' ') ++i;
    const size_t colon = s.find(": ", i);
    const bool bare = colon == std::string_view::npos && !s.empty() && s.back() == ':';  // "EVENT:" alone
    if (colon == std::string_view::npos && !bare) break;
    const size_t name_end = bare ? s.size() - 1 : colon;
    out.event = s.substr(i, name_end > i ? name_end - i : 0);
    if (out.event.empty()) break;
    const size_t f = colon == std::string_view::npos ? s.size() : colon + 2;
    out.fields = trim(s.substr(f));
    out.fields_column = static_cast<int>(f) + 1;
    return true;
  }
  error = "expected a timestamp (SECONDS.MICROSECONDS:) and then EVENT: FIELDS";
  column = static_cast<int>(at) + 1;
  return false;
}

}  // namespace

std::optional<int64_t> parse_trace_int(std::string_view s) {
  int64_t v = 0;
  if (s.empty()) return std::nullopt;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

LineKind split_trace_line(std::string_view raw, int line, TraceLine& out, std::string& error, int& column) {
  const std::string_view t = trim(raw);
  if (ignored_line(t)) return LineKind::Ignored;
  if (starts_with(t, "===")) return LineKind::Section;
  size_t pid_start = 0, pid_end = 0;
  const size_t b = find_pid_cpu(raw, pid_start, pid_end);
  if (b == std::string_view::npos) {
    const bool lost = t.find("LOST") != std::string_view::npos;
    error = lost ? "the trace lost events here: enlarge buffer_size_kb and trace again"
                 : "not a trace line: expected COMM-PID [CPU] TIMESTAMP: EVENT: FIELDS";
    column = 1;
    return LineKind::Bad;
  }
  out = TraceLine{};
  out.line = line;
  out.comm = trim(raw.substr(0, pid_start - 1));
  const auto pid = parse_trace_int(raw.substr(pid_start, pid_end - pid_start));
  const size_t close = raw.find(']', b);
  const auto cpu = parse_trace_int(raw.substr(b + 1, close - b - 1));
  if (!pid || !cpu || *pid > INT32_MAX || *cpu > INT32_MAX) {
    error = "the pid or the CPU number is too large";
    column = static_cast<int>(pid_start) + 1;
    return LineKind::Bad;
  }
  out.pid = static_cast<int>(*pid);
  out.cpu = static_cast<int>(*cpu);
  return split_rest(raw, close + 1, out, error, column) ? LineKind::Event : LineKind::Bad;
}

void FieldReader::fail(const std::string& message) {
  if (!error_) error_ = std::make_pair(message, line_.fields_column + static_cast<int>(pos_));
}

std::optional<std::string_view> FieldReader::text(const char* key, const char* next) {
  const std::string_view f = line_.fields;
  const std::string k = std::string(key) + "=";
  size_t at = f.find(k, pos_);
  while (at != std::string_view::npos && at > 0 && f[at - 1] != ' ' && f[at - 1] != '[') at = f.find(k, at + 1);
  if (at == std::string_view::npos) {
    pos_ = f.size();  // the column after the fields: where it should have been
    fail(std::string(line_.event) + ": expected " + k + "...");
    return std::nullopt;
  }
  const size_t start = at + k.size();
  size_t end = f.size();
  if (next == nullptr) {
    end = f.find(' ', start);
    if (end == std::string_view::npos) end = f.size();
  } else if (*next) {
    end = f.find(std::string(" ") + next + "=", start);
    if (end == std::string_view::npos) {
      pos_ = start;
      fail(std::string(line_.event) + ": expected " + next + "=... after " + k + "...");
      return std::nullopt;
    }
  }
  pos_ = end;
  return f.substr(start, end - start);
}

std::optional<int64_t> FieldReader::number(const char* key) {
  const std::optional<std::string_view> t = text(key, nullptr);
  if (!t) return std::nullopt;
  std::string_view v = *t;
  while (!v.empty() && (v.back() == ']' || v.back() == ',')) v.remove_suffix(1);
  const std::optional<int64_t> n = parse_trace_int(v);
  if (!n) {
    pos_ -= t->size();  // at the value
    fail(std::string(line_.event) + ": expected " + key + "=NUMBER, not `" + std::string(*t) + "`");
  }
  return n;
}

std::optional<std::string_view> FieldReader::word_after(const char* prefix) {
  const std::string_view f = line_.fields;
  const size_t at = f.find(prefix, pos_);
  if (at == std::string_view::npos) {
    fail(std::string(line_.event) + ": expected `" + prefix + "ADDRESS`");
    return std::nullopt;
  }
  const size_t start = at + std::string_view(prefix).size();
  size_t end = start;
  while (end < f.size() && f[end] != ' ' && f[end] != ':') ++end;
  if (end == start) {
    pos_ = start;
    fail(std::string(line_.event) + ": expected `" + prefix + "ADDRESS`");
    return std::nullopt;
  }
  pos_ = end;
  return f.substr(start, end - start);
}

}  // namespace cmwq
