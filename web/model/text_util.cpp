// Text forms shared by the panels.
#include "web/model/text_util.h"

#include <algorithm>
#include <cstdio>

#include "core/trace/text.h"
#include "core/world_view.h"

namespace cmwq::web {

namespace {

// The largest unit that keeps @p a at least 1 (ns, us, ms or s), and its name.
uint64_t time_unit(uint64_t a, const char*& name) {
  const struct {
    uint64_t ns;
    const char* name;
  } units[] = {{1000000000ull, "s"}, {1000000ull, "ms"}, {1000ull, "us"}};
  for (const auto& u : units)
    if (a >= u.ns) {
      name = u.name;
      return u.ns;
    }
  name = "ns";
  return 1;
}

}  // namespace

std::string format_time(Nanos t) {
  // Three decimals at most, rounded, and only those it needs: "11 ms", "1.5 ms",
  // "53.606 ms" (53.605979 ms), "161.002 ms", "850 ns". Rounding may reach the next unit
  // (999.9996 us is "1 ms").
  const bool neg = t < 0;
  uint64_t a = neg ? ~static_cast<uint64_t>(t) + 1 : static_cast<uint64_t>(t);
  const char* name = "ns";
  const uint64_t step = std::max<uint64_t>(1, time_unit(a, name) / 1000);  // the third decimal's worth
  a = (a + step / 2) / step * step;
  const uint64_t unit = time_unit(a, name);
  std::string s = (neg ? "-" : "") + std::to_string(a / unit);
  uint64_t frac = a % unit / std::max<uint64_t>(1, unit / 1000);
  if (frac != 0) {
    int digits = 3;
    while (frac % 10 == 0) {
      frac /= 10;
      --digits;
    }
    const std::string f = std::to_string(frac);
    s += "." + std::string(static_cast<size_t>(digits) - f.size(), '0') + f;
  }
  return s + " " + name;
}

std::string field_error(const ScenarioError& e, int field_start, std::string_view field) {
  if (e.pos.column < field_start) return e.message;
  return "column " + std::to_string(e.pos.column - field_start + 1) + " of the " + std::string(field) + ": " +
         e.message;
}

std::string format_speed(Nanos per_second) {
  char buf[32];
  const double v = static_cast<double>(per_second);
  if (per_second >= NSEC_PER_SEC)
    std::snprintf(buf, sizeof buf, "%.3g s/s", v / 1e9);
  else if (per_second >= NSEC_PER_MSEC)
    std::snprintf(buf, sizeof buf, "%.3g ms/s", v / 1e6);
  else
    std::snprintf(buf, sizeof buf, "%.3g us/s", v / 1e3);
  return buf;
}

std::string program_text(const World& w, int32_t program) {
  const Program* p = find_program(w, program);
  if (!p) return "";
  std::string out;
  for (const Op& op : p->ops) {
    if (!out.empty()) out += "; ";
    out += op_text(w, op);
  }
  return out;
}

}  // namespace cmwq::web
