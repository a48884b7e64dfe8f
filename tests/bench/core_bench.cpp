// The benchmarks of docs/performance.md: every figure measured in one run, each given as
// a ratio to our bare event loop measured in the same run. Not tests: timing goals live
// in the note, and ctest runs this only with --smoke, checking that every figure is
// there and sane. Run (see docs/performance.md):
//   nice -n 10 build/native/tests/core_bench
#include <chrono>
#include <cmath>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "bench.h"

namespace cmwq::bench {

double cpu_seconds() {
#ifdef __EMSCRIPTEN__
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
#else
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
#endif
}

void Report::rate(const std::string& name, double per_second, const std::string& unit, const std::string& note) {
  figures.push_back({name, per_second, unit, per_second * bare_ns_per_event / 1e9, "x bare", note});
}

void Report::time(const std::string& name, double seconds, const std::string& unit, double unit_ns,
                  const std::string& note) {
  figures.push_back({name, seconds * 1e9 / unit_ns, unit, seconds * 1e9 / bare_ns_per_event, "bare events", note});
}

namespace {

struct Options {
  Sizes sizes;
  std::string only = "core,parse,history,export";
  bool smoke = false;
  int print_scenario = 0;
};

template <typename T>
std::vector<T> list_option(const char* text) {
  std::vector<T> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) out.push_back(static_cast<T>(std::strtoull(item.c_str(), nullptr, 10)));
  return out;
}

bool parse_options(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
    if (a == "--smoke") {
      o.smoke = true;
      o.sizes = Sizes{{200, 1000}, {20000, 100000}, 20000, 200000};
      continue;
    }
    if (!v) return false;
    ++i;
    if (a == "--works") o.sizes.works = list_option<int>(v);
    else if (a == "--history") o.sizes.history_events = list_option<uint64_t>(v);
    else if (a == "--export") o.sizes.export_events = std::strtoull(v, nullptr, 10);
    else if (a == "--only") o.only = v;
    else if (a == "--print-scenario") o.print_scenario = std::atoi(v);
    else return false;
  }
  return true;
}

void print(const Report& r, double bare_before, double bare_after) {
  std::printf("Bare loop: %.1f ns/event before the figures, %.1f after (their mean is the anchor).\n\n",
              bare_before, bare_after);
  std::printf("| figure | value | ratio to the bare loop | note |\n|---|---:|---:|---|\n");
  for (const Figure& f : r.figures)
    std::printf("| %s | %.4g %s | %.3g %s | %s |\n", f.name.c_str(), f.value, f.unit.c_str(), f.ratio,
                f.ratio_unit.c_str(), f.note.c_str());
}

// Every figure there, finite and above zero: what the smoke test asks.
bool sane(const Report& r) {
  bool ok = !r.figures.empty();
  for (const Figure& f : r.figures) {
    if (std::isfinite(f.value) && f.value > 0 && std::isfinite(f.ratio) && f.ratio > 0) continue;
    std::fprintf(stderr, "core_bench: figure \"%s\" is not a positive number\n", f.name.c_str());
    ok = false;
  }
  return ok;
}

}  // namespace
}  // namespace cmwq::bench

int main(int argc, char** argv) {
  using namespace cmwq::bench;
  Options o;
  if (!parse_options(argc, argv, o)) {
    std::fprintf(stderr,
                 "usage: core_bench [--smoke] [--works N,N...] [--history EVENTS,...] [--export EVENTS]\n"
                 "                  [--only core,parse,history,export] [--print-scenario WORKS]\n");
    return 2;
  }
  if (o.print_scenario > 0) {
    std::fputs(burn_sleep_scenario(64, o.print_scenario).c_str(), stdout);
    return 0;
  }
  auto wanted = [&o](const char* section) { return o.only.find(section) != std::string::npos; };
  Report r;
  bare_loop_ns_per_event(o.sizes.bare_events / 4);  // a warm-up, for wasm's tiered compilers
  const double bare_before = bare_loop_ns_per_event(o.sizes.bare_events);
  r.bare_ns_per_event = bare_before;
  bool ok = true;
  if (wanted("core")) core_figures(r, o.sizes);
  if (wanted("parse")) parse_figures(r, o.sizes);
  if (wanted("history")) ok = history_figures(r, o.sizes);
  if (wanted("export")) export_figures(r, o.sizes);
  const double bare_after = bare_loop_ns_per_event(o.sizes.bare_events);
  // The anchor is the mean of both measurements: ratios computed with the first are rescaled.
  const double anchor = (bare_before + bare_after) / 2;
  for (Figure& f : r.figures) {
    if (f.ratio_unit == "bare events") f.ratio *= bare_before / anchor;
    else if (f.ratio_unit.rfind("x bare", 0) == 0) f.ratio *= anchor / bare_before;
  }
  r.bare_ns_per_event = anchor;
  r.figures.insert(r.figures.begin(), Figure{"bare loop (the anchor)", 1e9 / anchor, "events/s", 1, "x bare",
                                             "a binary heap of 4096 (time, seq) entries"});
  print(r, bare_before, bare_after);
  return ok && sane(r) ? 0 : 1;
}
