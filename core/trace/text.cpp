// Text helpers for the trace formatters.
#include "core/trace/text.h"

#include <cstdarg>
#include <cstdio>

namespace cmwq {

void appendf(std::string& out, const char* fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  va_list again;
  va_copy(again, ap);
  const int n = std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) {
    va_end(again);
    return;
  }
  if (static_cast<size_t>(n) < sizeof buf) {
    out.append(buf, static_cast<size_t>(n));
  } else {
    const size_t old = out.size();
    out.resize(old + static_cast<size_t>(n) + 1);
    std::vsnprintf(&out[old], static_cast<size_t>(n) + 1, fmt, again);
    out.resize(old + static_cast<size_t>(n));
  }
  va_end(again);
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) appendf(out, "\\u%04x", c);
        else out += ch;
    }
  }
  out += '"';
}

namespace {
// "<whole>[.<frac>]" with frac having @p digits digits, trailing zeros removed.
std::string fixed_trimmed(int64_t whole, int64_t frac, int digits) {
  std::string s = std::to_string(whole);
  if (frac == 0) return s;
  char buf[24];
  std::snprintf(buf, sizeof buf, "%0*lld", digits, static_cast<long long>(frac));
  std::string f(buf);
  while (!f.empty() && f.back() == '0') f.pop_back();
  return s + "." + f;
}
}  // namespace

void append_json_micros(std::string& out, Nanos ns) {
  if (ns < 0) {
    out += '-';
    ns = -ns;
  }
  out += fixed_trimmed(ns / NSEC_PER_USEC, ns % NSEC_PER_USEC, 3);
}

std::string format_msecs(Nanos t) {
  if (t < 0) return "-" + format_msecs(-t);
  return fixed_trimmed(t / NSEC_PER_MSEC, t % NSEC_PER_MSEC, 6);
}

std::string format_duration(Nanos d) {
  if (d != 0 && d % NSEC_PER_SEC == 0) return std::to_string(d / NSEC_PER_SEC) + "s";
  if (d != 0 && d % NSEC_PER_MSEC == 0) return std::to_string(d / NSEC_PER_MSEC) + "ms";
  if (d != 0 && d % NSEC_PER_USEC == 0) return std::to_string(d / NSEC_PER_USEC) + "us";
  return std::to_string(d) + "ns";
}

}  // namespace cmwq
