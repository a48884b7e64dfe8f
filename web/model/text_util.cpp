// Text forms shared by the panels.
#include "web/model/text_util.h"

#include <cstdio>

#include "core/trace/text.h"
#include "core/world.h"

namespace cmwq::web {
namespace {

template <typename T>
const std::string& name_at(const std::vector<T>& v, int32_t i) {
  static const std::string kNone = "?";
  return i >= 0 && static_cast<size_t>(i) < v.size() ? v[static_cast<size_t>(i)].name : kNone;
}

}  // namespace

std::string format_time(Nanos t) {
  // The largest unit that keeps the value at least 1, with only the decimals it needs:
  // "11 ms", "1.5 ms", "10 s", "161.002 ms", "850 ns".
  const bool neg = t < 0;
  const auto a = static_cast<uint64_t>(neg ? -t : t);
  uint64_t unit = 1;
  const char* name = "ns";
  if (a >= 1000000000ull) {
    unit = 1000000000ull;
    name = "s";
  } else if (a >= 1000000ull) {
    unit = 1000000ull;
    name = "ms";
  } else if (a >= 1000ull) {
    unit = 1000ull;
    name = "us";
  }
  std::string s = (neg ? "-" : "") + std::to_string(a / unit);
  uint64_t frac = a % unit;
  if (frac != 0) {
    int digits = unit == 1000000000ull ? 9 : unit == 1000000ull ? 6 : 3;
    while (frac % 10 == 0) {
      frac /= 10;
      --digits;
    }
    std::string f = std::to_string(frac);
    s += "." + std::string(static_cast<size_t>(digits) - f.size(), '0') + f;
  }
  return s + " " + name;
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

std::string op_text(const World& w, const Op& op) {
  std::string s = op_name(op.code);
  const std::string cpu = op.cpu >= 0 ? " cpu=" + std::to_string(op.cpu) : "";
  switch (op.code) {
    case OpCode::Burn:
    case OpCode::Sleep:
      return s + " " + format_duration(op.ns);
    case OpCode::Alloc:
      return s + " " + std::to_string(op.count) + " " + gfp_name(op.gfp);
    case OpCode::Free:
    case OpCode::Reclaim:
      return s + " " + std::to_string(op.count);
    case OpCode::QueueWork:
      return s + " " + wq_name(w, op.a) + " " + work_name(w, op.b) + cpu;
    case OpCode::QueueDelayed:
      return s + " " + wq_name(w, op.a) + " " + work_name(w, op.b) + " " + format_duration(op.ns) + cpu;
    case OpCode::FlushWork:
    case OpCode::CancelWorkSync:
      return s + " " + work_name(w, op.b);
    case OpCode::FlushWorkqueue:
    case OpCode::DrainWorkqueue:
    case OpCode::DestroyWorkqueue:
      return s + " " + wq_name(w, op.a);
    case OpCode::Wait:
    case OpCode::Complete:
    case OpCode::CompleteAll:
      return s + " " + name_at(w.completions, op.a);
    case OpCode::Lock:
    case OpCode::Unlock:
      return s + " " + name_at(w.mutexes, op.a);
    default:
      return s;
  }
}

std::string program_text(const World& w, int32_t program) {
  if (program < 0 || static_cast<size_t>(program) >= w.programs.size()) return "";
  std::string out;
  for (const Op& op : w.programs[static_cast<size_t>(program)].ops) {
    if (!out.empty()) out += "; ";
    out += op_text(w, op);
  }
  return out;
}

}  // namespace cmwq::web
