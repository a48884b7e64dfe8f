// Robustness: deterministic fuzzing of the scenario reader and the model behind it.
//
// 1. Every shipped scenario (scenarios/*.toml and the labs' scenario files) is mutated a
//    few thousand times by a seeded generator: lines deleted, duplicated and swapped,
//    text truncated, tokens replaced by junk or near-miss keywords, numbers and units
//    changed, [[...]] blocks duplicated, operations and actions rewritten. Each mutant
//    either parses or is refused with one `file:line:column: error: ...` line pointing
//    inside the text; one that parses runs for a bounded virtual time with every
//    invariant checked after every action.
// 2. A seeded generator writes small random scenarios (1 to 4 CPUs, workqueues with
//    random flags and max_active, works with random programs, timed actions including
//    hotplug, hogs and set_max_active) as TOML text, feeds them through the real parser
//    and runs them: no invariant breaks, a second run gives the same event stream, and
//    deliberate API misuse shows up as WARN events.
//
// Everything is seeded: a failure names the seed and prints the text to reproduce it.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "core/invariants.h"
#include "core/scenario/scenario.h"
#include "harness.h"

namespace cmwq::test {
namespace {

namespace fs = std::filesystem;

// SplitMix64: small, fast and the same on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n); n > 0.
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
  /// Uniform in [lo, hi].
  int64_t range(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool chance(int percent) { return below(100) < static_cast<size_t>(percent); }
  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }

 private:
  uint64_t s_;
};


std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string cur;
  for (char c : text) {
    if (c == '\n') {
      lines.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  lines.push_back(cur);  // the (possibly empty) text after the last newline
  return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) out += (i ? "\n" : "") + lines[i];
  return out;
}

// Checks that @p msg is exactly "<file>:<line>:<col>: error: <message>" on one line,
// with line and column inside @p text (the column may be one past the end of the line,
// where a missing character was expected). Returns "" or what is wrong.
std::string check_error_line(const std::string& msg, const std::string& file, const std::string& text) {
  const std::string prefix = file + ":";
  if (msg.rfind(prefix, 0) != 0) return "does not start with the file name";
  size_t i = prefix.size();
  auto number = [&](int64_t& v) {
    const size_t start = i;
    v = 0;
    while (i < msg.size() && std::isdigit(static_cast<unsigned char>(msg[i])) && i - start < 12)
      v = v * 10 + (msg[i++] - '0');
    return i > start;
  };
  int64_t line = 0, col = 0;
  if (!number(line) || i >= msg.size() || msg[i++] != ':') return "no line number";
  if (!number(col)) return "no column number";
  const std::string sep = ": error: ";
  if (msg.compare(i, sep.size(), sep) != 0) return "no ': error: ' after the position";
  i += sep.size();
  if (i >= msg.size()) return "empty message";
  if (msg.find('\n') != std::string::npos) return "more than one line";
  const std::vector<std::string> lines = split_lines(text);
  if (line < 1 || line > static_cast<int64_t>(lines.size()))
    return "line " + std::to_string(line) + " outside the text";
  const int64_t len = static_cast<int64_t>(lines[static_cast<size_t>(line - 1)].size());
  if (col < 1 || col > len + 1)
    return "column " + std::to_string(col) + " outside line " + std::to_string(line) + " (length " +
           std::to_string(len) + ")";
  return "";
}

// The scenario contract: every duration is >= 0 ("A duration may not be negative").
std::string check_durations(const Scenario& s) {
  if (s.until < 0) return "negative [run] until";
  for (const ActionSpec& a : s.actions)
    if (a.time < 0 || a.delay < 0) return "negative time or delay in action `" + a.text + "`";
  for (const WorkSpec& wk : s.works)
    for (const OpSpec& op : wk.program)
      if (op.ns < 0) return "negative duration in operation `" + op.text + "`";
  return "";
}

// A run stops after this many events too (a livelocked scenario emits many per action).
constexpr size_t kMaxEvents = 200000;

struct RunResult {
  std::string violation;  // "" if every invariant held
  std::vector<Event> events;
  uint64_t actions = 0;
};

// Builds the scenario's world and runs it to @p until or @p max_actions actions,
// checking invariants after every action when @p check.
RunResult run_scenario(const Scenario& s, Nanos until, uint64_t max_actions, bool check) {
  RunResult r;
  ScenarioWorld sw = build_world(s);
  World& w = sw.world;
  r.events = take_events(w);
  if (check) r.violation = check_invariants(w);
  while (r.violation.empty() && r.actions < max_actions && r.events.size() < kMaxEvents && next_action_time(w) >= 0 &&
         next_action_time(w) <= until) {
    step(w);
    ++r.actions;
    for (const Event& e : take_events(w)) r.events.push_back(e);
    if (check) {
      const std::string bad = check_invariants(w);
      if (!bad.empty())
        r.violation = "after action " + std::to_string(w.actions_run) + " at t=" + std::to_string(w.now) + "ns: " + bad;
    }
  }
  return r;
}

bool same_event(const Event& a, const Event& b) {
  return a.time == b.time && a.seq == b.seq && a.type == b.type && a.cpu == b.cpu && a.task == b.task &&
         a.work == b.work && a.pool == b.pool && a.pwq == b.pwq && a.wq == b.wq && a.a == b.a && a.b == b.b;
}

// ---------------------------------------------------------------------------------
// 1. Mutations of the shipped scenarios.

const std::vector<std::string> kKeywords = {"title",
                                            "description",
                                            "machine",
                                            "params",
                                            "memory",
                                            "rcu",
                                            "workqueue",
                                            "work",
                                            "at",
                                            "run",
                                            "cpus",
                                            "hz",
                                            "sched",
                                            "timers",
                                            "memory_pages",
                                            "cache_pages",
                                            "wmark_min",
                                            "wmark_low",
                                            "wmark_high",
                                            "fork",
                                            "cpus_per_pod",
                                            "cpu_intensive_thresh_us",
                                            "cpu_intensive_warning_thresh",
                                            "watchdog_thresh",
                                            "power_efficient",
                                            "name",
                                            "flags",
                                            "max_active",
                                            "ordered",
                                            "program",
                                            "function",
                                            "delayed",
                                            "reclaim_workqueue",
                                            "reclaim_work",
                                            "expedited",
                                            "time",
                                            "do",
                                            "until",
                                            "seed",
                                            "burn",
                                            "sleep",
                                            "alloc",
                                            "free",
                                            "reclaim",
                                            "queue_work",
                                            "queue_delayed_work",
                                            "flush_work",
                                            "flush_workqueue",
                                            "cancel_work_sync",
                                            "wait",
                                            "complete",
                                            "complete_all",
                                            "synchronize_rcu",
                                            "lock",
                                            "unlock",
                                            "hog",
                                            "release",
                                            "set_max_active",
                                            "cpu_offline",
                                            "cpu_online",
                                            "all",
                                            "cpu=0",
                                            "cpu=1",
                                            "from=1",
                                            "GFP_KERNEL",
                                            "GFP_NOIO",
                                            "GFP_NOWAIT",
                                            "GFP_ATOMIC",
                                            "WQ_UNBOUND",
                                            "WQ_HIGHPRI",
                                            "WQ_MEM_RECLAIM",
                                            "WQ_CPU_INTENSIVE",
                                            "WQ_BH",
                                            "__WQ_ORDERED",
                                            "fifo",
                                            "preempt",
                                            "wheel",
                                            "exact",
                                            "block",
                                            "fail",
                                            "legacy",
                                            "cmwq",
                                            "true",
                                            "false",
                                            "system_wq",
                                            "system_unbound_wq",
                                            "system_highpri_wq"};

const std::vector<std::string> kJunk = {"",
                                        "=",
                                        "[",
                                        "]",
                                        "[[",
                                        "]]",
                                        "\"",
                                        "'",
                                        "\"\"\"",
                                        "{",
                                        "}",
                                        ",",
                                        "#",
                                        "\\",
                                        "\\u",
                                        "\\uZZZZ",
                                        "\\x00",
                                        "\t",
                                        "=\"5ms\"",
                                        "[]",
                                        "[[at]]",
                                        "[run]",
                                        "1e999",
                                        "0x",
                                        "-",
                                        "+",
                                        ".",
                                        "nan",
                                        "inf",
                                        "-inf",
                                        "1979-05-27",
                                        "\xc3\x28",
                                        "\xff",
                                        "\xe2\x82",
                                        "\xf0\x9f\x98\x80",
                                        "a.b.c",
                                        "run.until",
                                        "\"\\\"\"",
                                        "cpu=",
                                        "cpu=-1",
                                        "cpu=999",
                                        "from=",
                                        "9999999999999999999999"};

const std::vector<std::string> kNumbers = {"0",
                                           "-1",
                                           "1",
                                           "2",
                                           "3",
                                           "4",
                                           "255",
                                           "256",
                                           "257",
                                           "512",
                                           "513",
                                           "1024",
                                           "4096",
                                           "65536",
                                           "-65536",
                                           "2147483647",
                                           "2147483648",
                                           "4294967296",
                                           "4294967297",
                                           "9223372036854775807",
                                           "-9223372036854775808",
                                           "99999999999999999999",
                                           "1000000000000",
                                           "10000000000",
                                           "9223372036",
                                           "1000000",
                                           "1000001",
                                           "0.5",
                                           "1.5",
                                           "007",
                                           "1_000",
                                           "+5"};

const std::vector<std::string> kUnits = {"ns", "us", "ms", "s", "m", "sec", "", "MS", "µs", "jiffies", "h", "min"};

// Extra lines a mutant may gain: declarations and entries that are nearly right.
const std::vector<std::string> kExtraLines = {"[machine]",
                                              "cpus = 4",
                                              "cpus = 0",
                                              "cpus = 257",
                                              "hz = 100",
                                              "hz = 99",
                                              "memory_pages = 1024",
                                              "cache_pages = 0",
                                              "wmark_min = 0",
                                              "wmark_min = 1024",
                                              "fork = \"fail\"",
                                              "workqueue = \"legacy\"",
                                              "sched = \"preempt\"",
                                              "timers = \"exact\"",
                                              "cpus_per_pod = 1",
                                              "[params]",
                                              "watchdog_thresh = 1",
                                              "watchdog_thresh = 0",
                                              "cpu_intensive_thresh_us = 0",
                                              "cpu_intensive_thresh_us = 1",
                                              "power_efficient = true",
                                              "[[workqueue]]",
                                              "name = \"zq\"",
                                              "flags = [\"WQ_UNBOUND\", \"WQ_MEM_RECLAIM\"]",
                                              "flags = [\"WQ_BH\"]",
                                              "ordered = true",
                                              "max_active = 1",
                                              "max_active = 0",
                                              "[[work]]",
                                              "name = \"zw\"",
                                              "delayed = true",
                                              "program = [\"unlock zm\", \"free 5\", \"burn 1ms\"]",
                                              "program = []",
                                              "program = [\"flush_work zw\"]",
                                              "[[at]]",
                                              "time = \"0ns\"",
                                              "time = \"1ms\"",
                                              "do = [\"cpu_offline 0\"]",
                                              "do = [\"cpu_online 0\"]",
                                              "do = [\"hog all\", \"release all\"]",
                                              "do = [\"set_max_active system_wq 1\"]",
                                              "do = []",
                                              "[memory]",
                                              "reclaim_workqueue = \"system_wq\"",
                                              "[rcu]",
                                              "workqueue = \"system_unbound_wq\"",
                                              "program = [\"synchronize_rcu\"]",
                                              "[run]",
                                              "until = \"1ns\"",
                                              "until = \"0ms\"",
                                              "until = \"2s\"",
                                              "seed = 0",
                                              "seed = -1",
                                              "run.until = \"5ms\"",
                                              "machine.cpus = 2",
                                              "[machine.sub]",
                                              "[[work.program]]",
                                              "title = 5",
                                              "description = \"\"\"",
                                              "x = 1",
                                              ""};

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Word-like tokens of a line (identifiers and numbers), as [begin, end) offsets.
std::vector<std::pair<size_t, size_t>> words(const std::string& line) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t i = 0;
  while (i < line.size()) {
    if (!ident_char(line[i])) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < line.size() && ident_char(line[i])) ++i;
    out.emplace_back(start, i);
  }
  return out;
}

std::string near_miss(Rng& rng, std::string k) {
  const std::string letters = "abcdefghijklmnopqrstuvwxyz_0123456789";
  switch (rng.below(4)) {
    case 0:
      if (!k.empty()) k.erase(rng.below(k.size()), 1);
      break;
    case 1:
      k.insert(rng.below(k.size() + 1), 1, letters[rng.below(letters.size())]);
      break;
    case 2:
      if (!k.empty()) k[rng.below(k.size())] = letters[rng.below(letters.size())];
      break;
    default:
      for (char& c : k) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      break;
  }
  return k;
}

// Names declared in the text (name = "..."), to rewrite operations with.
std::vector<std::string> declared_names(const std::vector<std::string>& lines) {
  std::vector<std::string> out = {"system_wq", "system_unbound_wq", "system_highpri_wq", "system_long_wq"};
  for (const std::string& l : lines) {
    const size_t k = l.find("name = \"");
    if (k == std::string::npos || k != l.find_first_not_of(" \t")) continue;
    const size_t end = l.find('"', k + 8);
    if (end != std::string::npos) out.push_back(l.substr(k + 8, end - k - 8));
  }
  return out;
}

// A random operation or action over the given names (often valid, sometimes not).
std::string random_op_text(Rng& rng, const std::vector<std::string>& names) {
  const std::string a = rng.pick(names), b = rng.pick(names);
  const std::string d = std::to_string(rng.range(0, 30)) + rng.pick(std::vector<std::string>{"ms", "us", "ns", "s"});
  const std::string cpu = rng.chance(50) ? "" : " cpu=" + std::to_string(rng.range(-1, 4));
  switch (rng.below(22)) {
    case 0:
      return "burn " + d;
    case 1:
      return "sleep " + d;
    case 2:
      return "alloc " + std::to_string(rng.range(0, 70000)) + " " + rng.pick(kKeywords);
    case 3:
      return "alloc " + std::to_string(rng.range(0, 64));
    case 4:
      return "free " + std::to_string(rng.range(0, 64));
    case 5:
      return "reclaim " + std::to_string(rng.range(0, 70000));
    case 6:
      return "queue_work " + a + " " + b + cpu;
    case 7:
      return "queue_delayed_work " + a + " " + b + " " + d + cpu;
    case 8:
      return "flush_work " + a;
    case 9:
      return "flush_workqueue " + a;
    case 10:
      return "cancel_work_sync " + a;
    case 11:
      return "wait " + a;
    case 12:
      return "complete " + a;
    case 13:
      return "complete_all " + a;
    case 14:
      return "synchronize_rcu";
    case 15:
      return "lock " + a;
    case 16:
      return "unlock " + a;
    case 17:
      return rng.chance(50) ? "hog all" : "hog " + std::to_string(rng.range(0, 70000));
    case 18:
      return rng.chance(50) ? "release all" : "release " + std::to_string(rng.range(0, 70000));
    case 19:
      return "set_max_active " + a + " " + std::to_string(rng.range(-1, 513));
    case 20:
      return "cpu_offline " + std::to_string(rng.range(-1, 4));
    default:
      return "cpu_online " + std::to_string(rng.range(-1, 4));
  }
}

void mutate_once(Rng& rng, std::string& text) {
  std::vector<std::string> lines = split_lines(text);
  const size_t n = lines.size();
  // Weighted: the gentle mutations (numbers, operations, duplicated blocks) often still
  // parse and so reach the model; the rough ones test the error path.
  static constexpr int kWeighted[] = {0, 1, 2, 3, 4, 5, 5, 6, 7, 7, 8, 8, 8, 8, 9, 10};
  switch (kWeighted[rng.below(std::size(kWeighted))]) {
    case 0:  // delete a line
      lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(rng.below(n)));
      if (lines.empty()) lines.emplace_back();
      break;
    case 1: {  // duplicate a line
      const size_t i = rng.below(n);
      lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(i), lines[i]);
      break;
    }
    case 2:  // swap two lines
      std::swap(lines[rng.below(n)], lines[rng.below(n)]);
      break;
    case 3:  // truncate at a random byte
      text = text.substr(0, rng.below(text.size() + 1));
      return;
    case 4: {  // replace a word with junk, a near-miss keyword or a keyword
      std::string& l = lines[rng.below(n)];
      const auto ws = words(l);
      const std::string repl = rng.chance(35)   ? rng.pick(kJunk)
                               : rng.chance(50) ? near_miss(rng, rng.pick(kKeywords))
                                                : rng.pick(kKeywords);
      if (ws.empty()) {
        l.insert(rng.below(l.size() + 1), repl);
      } else {
        const auto [b, e] = ws[rng.below(ws.size())];
        l.replace(b, e - b, repl);
      }
      break;
    }
    case 5:
    case 6: {  // change a number (a duration's or an integer), or its unit
      std::vector<std::pair<size_t, std::pair<size_t, size_t>>> nums;  // line, [b, e) of the digits
      for (size_t i = 0; i < n; ++i)
        for (size_t k = 0; k < lines[i].size(); ++k)
          if (std::isdigit(static_cast<unsigned char>(lines[i][k])) &&
              (k == 0 || !ident_char(lines[i][k - 1]) || lines[i][k - 1] == '=')) {
            size_t e = k;
            while (e < lines[i].size() && (std::isdigit(static_cast<unsigned char>(lines[i][e])) || lines[i][e] == '.'))
              ++e;
            nums.push_back({i, {k, e}});
            k = e;
          }
      if (nums.empty()) break;
      const auto& [li, be] = nums[rng.below(nums.size())];
      std::string& l = lines[li];
      size_t e = be.second;
      if (rng.chance(30)) {  // the unit right after it
        size_t u = e;
        while (u < l.size() && std::isalpha(static_cast<unsigned char>(l[u]))) ++u;
        l.replace(e, u - e, rng.pick(kUnits));
      } else {
        l.replace(be.first, e - be.first, rng.pick(kNumbers));
      }
      break;
    }
    case 7: {  // duplicate a [[...]] block, inserted before another block or at the end
      std::vector<size_t> starts;
      for (size_t i = 0; i < n; ++i)
        if (lines[i].rfind("[", 0) == 0) starts.push_back(i);
      std::vector<size_t> arrays;
      for (size_t i = 0; i < n; ++i)
        if (lines[i].rfind("[[", 0) == 0) arrays.push_back(i);
      if (arrays.empty()) break;
      const size_t b = rng.pick(arrays);
      size_t e = b + 1;
      while (e < n && lines[e].rfind("[", 0) != 0) ++e;
      const std::vector<std::string> block(lines.begin() + static_cast<std::ptrdiff_t>(b),
                                           lines.begin() + static_cast<std::ptrdiff_t>(e));
      starts.push_back(n);
      const size_t at = rng.pick(starts);
      lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), block.begin(), block.end());
      break;
    }
    case 8: {  // rewrite one quoted string of a line with a random operation or action
      std::vector<std::pair<size_t, std::pair<size_t, size_t>>> strs;
      for (size_t i = 0; i < n; ++i) {
        const std::string& l = lines[i];
        if (l.find("program") == std::string::npos && l.find("do") == std::string::npos &&
            l.find_first_not_of(" \t") != l.find('"'))
          continue;
        size_t k = 0;
        while ((k = l.find('"', k)) != std::string::npos) {
          const size_t e = l.find('"', k + 1);
          if (e == std::string::npos) break;
          strs.push_back({i, {k + 1, e}});
          k = e + 1;
        }
      }
      if (strs.empty()) break;
      const auto& [li, be] = strs[rng.below(strs.size())];
      lines[li].replace(be.first, be.second - be.first, random_op_text(rng, declared_names(lines)));
      break;
    }
    case 9:  // insert a nearly-right line
      lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(rng.below(n + 1)), rng.pick(kExtraLines));
      break;
    default: {  // flip one byte to a random printable or control character
      if (text.empty()) return;
      text[rng.below(text.size())] = static_cast<char>(rng.range(1, 127));
      return;
    }
  }
  text = join_lines(lines);
}

// How far a parsed mutant runs: its own `until`, at most 2 s, and at most this many actions.
constexpr Nanos kMutantMaxTime = 2 * NSEC_PER_SEC;
#ifdef __EMSCRIPTEN__
constexpr int kMutantsPerFile = 50;  // the wasm suite runs under node, several times slower
constexpr uint64_t kMutantMaxActions = 5000;
#else
constexpr int kMutantsPerFile = 150;
constexpr uint64_t kMutantMaxActions = 10000;
#endif

// A failure's kind: its description without numbers, so one example of each is reported.
std::string kind_of(const std::string& what) {
  std::string k;
  for (char c : what)
    if (!std::isdigit(static_cast<unsigned char>(c))) k += c;
  return k;
}

TEST(ScenarioFuzz, MutatedShippedScenariosParseOrFailCleanlyAndKeepInvariants) {
  const std::vector<fs::path> files = shipped_scenario_files();
  ASSERT_GE(files.size(), 40u);
  int parsed = 0, refused = 0;
  std::map<std::string, std::string> failures;  // kind -> first example
  for (size_t f = 0; f < files.size(); ++f) {
    const std::string original = read_file(files[f]);
    const std::string name = files[f].parent_path().filename().string() + "/" + files[f].filename().string();
    ASSERT_TRUE(parse_scenario(original, name).ok()) << name;
    for (int m = 0; m < kMutantsPerFile; ++m) {
      const uint64_t seed = (static_cast<uint64_t>(f) << 32) | static_cast<uint64_t>(m);
      Rng rng(seed);
      std::string text = original;
      const int n = 1 + static_cast<int>(rng.below(3));
      for (int k = 0; k < n; ++k) mutate_once(rng, text);
      const std::string where = name + " mutant " + std::to_string(m) + " (seed " + std::to_string(seed) + ")";
      auto record = [&](const std::string& what) {
        failures.emplace(kind_of(what), where + ": " + what + "\n--- text ---\n" + text + "\n--- end ---");
      };
      const ScenarioParse p = parse_scenario(text, name);
      if (!p.ok()) {
        ++refused;
        const std::string msg = p.error ? p.error->format() : std::string("no error");
        const std::string bad = check_error_line(msg, name, text);
        if (!bad.empty()) record("bad error line (" + bad + "): " + msg);
        continue;
      }
      ++parsed;
      const std::string bad_durations = check_durations(*p.scenario);
      if (!bad_durations.empty()) {
        record(bad_durations);
        continue;
      }
      const Nanos until = std::min(p.scenario->until, kMutantMaxTime);
      const RunResult r = run_scenario(*p.scenario, until, kMutantMaxActions, true);
      if (!r.violation.empty()) record("invariant broken " + r.violation);
    }
  }
  for (const auto& [kind, example] : failures) ADD_FAILURE() << example;
  // Both outcomes are exercised: the mutations are neither all fatal nor all harmless.
  EXPECT_GT(parsed, static_cast<int>(files.size()) * kMutantsPerFile / 10);
  EXPECT_GT(refused, static_cast<int>(files.size()) * kMutantsPerFile / 5);
  std::cout << "[ fuzz ] " << files.size() << " files, " << parsed << " mutants parsed and ran, " << refused
            << " refused\n";
}

// Regressions the mutations found, minimised.

// toml++ reports an unterminated string at end of file one column past the end of the
// last line (and after a final newline, two): the error must point inside the text, as an
// editor jumping to it needs.
TEST(ScenarioFuzz, UnterminatedStringAtEndOfFileIsReportedInsideTheText) {
  for (const std::string text : {"[run]\nuntil = \"60ms", "[run]\nuntil = \"60ms\n", "title = \"\"\"\nabc\n"}) {
    const ScenarioParse p = parse_scenario(text, "eof.toml");
    ASSERT_FALSE(p.ok()) << text;
    EXPECT_EQ(check_error_line(p.error->format(), "eof.toml", text), "") << p.error->format();
  }
}

// A duration whose nanoseconds do not fit in 64 bits wrapped around (10^10 s became
// about -8.4 * 10^18 ns, a negative `until`); durations are now at most 10^6 s.
TEST(ScenarioFuzz, HugeDurationsAreRefusedNotWrapped) {
  EXPECT_EQ(parse_duration("1000000s"), 1'000'000 * NSEC_PER_SEC);
  EXPECT_EQ(parse_duration("1000000.5s"), std::nullopt);
  EXPECT_EQ(parse_duration("10000000000s"), std::nullopt);
  EXPECT_EQ(parse_duration("1000000000000s"), std::nullopt);
  EXPECT_EQ(parse_duration("9223372036854775807ns"), std::nullopt);
  const std::string text = "[run]\nuntil = \"10000000000s\"\n";
  const ScenarioParse p = parse_scenario(text, "huge.toml");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error->format().rfind("huge.toml:2:9: error: bad duration", 0), 0u) << p.error->format();
}

// A work that queues itself and neither burns nor sleeps ran forever at one instant:
// kernel code costs no virtual time, so step() never returned and the event log grew
// until memory ran out. In the kernel such a work keeps its worker and CPU busy forever
// while time passes; the scheduler's livelock guard (kMaxTaskStepsPerInstant) now lets
// time move, and the work keeps running.
TEST(ScenarioFuzz, SelfRequeueingWorkDoesNotFreezeTime) {
  const std::string text =
      "[[work]]\nname = \"w\"\nprogram = [\"queue_work system_wq w\"]\n"
      "[[at]]\ntime = \"0ms\"\ndo = [\"queue_work system_wq w\"]\n";
  const ScenarioParse p = parse_scenario(text, "self.toml");
  ASSERT_TRUE(p.ok()) << p.error->format();
  const RunResult r = run_scenario(*p.scenario, 5 * NSEC_PER_MSEC, 100000, true);
  EXPECT_EQ(r.violation, "");
  ASSERT_FALSE(r.events.empty());
  EXPECT_GE(r.events.back().time, 4 * NSEC_PER_MSEC);  // time moved on
  int runs = 0;
  for (const Event& e : r.events) runs += e.type == EventType::ExecuteEnd ? 1 : 0;
  EXPECT_GT(runs, 1000);  // and the work kept running
}

// Two works on two CPUs queueing each other: a livelock across CPUs, one CpuRun action
// after another at the same instant.
TEST(ScenarioFuzz, PingPongWorksDoNotFreezeTime) {
  const std::string text =
      "[machine]\ncpus = 2\n"
      "[[work]]\nname = \"a\"\nprogram = [\"queue_work system_wq b cpu=1\"]\n"
      "[[work]]\nname = \"b\"\nprogram = [\"queue_work system_wq a cpu=0\"]\n"
      "[[at]]\ntime = \"0ms\"\ndo = [\"queue_work system_wq a cpu=0\"]\n";
  const ScenarioParse p = parse_scenario(text, "pingpong.toml");
  ASSERT_TRUE(p.ok()) << p.error->format();
  const RunResult r = run_scenario(*p.scenario, 3 * NSEC_PER_MSEC, 100000, true);
  EXPECT_EQ(r.violation, "");
  ASSERT_FALSE(r.events.empty());
  EXPECT_GE(r.events.back().time, 2 * NSEC_PER_MSEC);
}

// workqueue_set_max_active() lowering max_active deactivates nothing (wq_adjust_max_active()
// only activates): items already active run on, so nr_active may stay above the new limit
// until they retire. The invariant checker demanded nr_active <= max_active at all times.
TEST(ScenarioFuzz, LoweringMaxActiveLeavesActiveItemsActive) {
  for (const char* flags : {"[]", "[\"WQ_UNBOUND\"]"}) {
    const std::string text = std::string("[[workqueue]]\nname = \"q\"\nmax_active = 4\nflags = ") + flags +
                             "\n[[work]]\nname = \"a\"\nprogram = [\"sleep 10ms\"]\n"
                             "[[work]]\nname = \"b\"\nprogram = [\"sleep 10ms\"]\n"
                             "[[work]]\nname = \"c\"\nprogram = [\"sleep 10ms\"]\n"
                             "[[at]]\ntime = \"0ms\"\ndo = [\"queue_work q a\", \"queue_work q b\"]\n"
                             "[[at]]\ntime = \"1ms\"\ndo = [\"set_max_active q 1\", \"queue_work q c\"]\n";
    const ScenarioParse p = parse_scenario(text, "lower.toml");
    ASSERT_TRUE(p.ok()) << p.error->format();
    const RunResult r = run_scenario(*p.scenario, 50 * NSEC_PER_MSEC, 100000, true);
    EXPECT_EQ(r.violation, "") << flags;
    // c waits until a and b have both retired (nr_active 2, then 0 < 1): it starts at 10 ms.
    const int32_t c = build_world(*p.scenario).works.at("c");
    Nanos c_start = -1;
    for (const Event& e : r.events)
      if (e.type == EventType::ExecuteStart && e.work == c && c_start < 0) c_start = e.time;
    EXPECT_EQ(c_start, 10 * NSEC_PER_MSEC) << flags;
  }
}

// ---------------------------------------------------------------------------------
// 2. Random scenarios through the real parser.

struct Generated {
  std::string text;
  // Works whose program frees pages without ever allocating: each `free` they run must WARN.
  std::vector<std::string> free_misuse;
  // Works that unlock the never-locked mutex `never_locked`: each such unlock must WARN.
  std::vector<std::string> unlock_misuse;
};

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

Generated generate_scenario(uint64_t seed) {
  Rng rng(seed);
  Generated g;
  std::ostringstream o;
  const int cpus = static_cast<int>(rng.range(1, 4));
  o << "title = \"random scenario " << seed << "\"\n\n[machine]\ncpus = " << cpus << "\n";
  o << "hz = " << rng.pick(std::vector<int>{100, 250, 300, 1000}) << "\n";
  if (rng.chance(30)) o << "sched = \"preempt\"\n";
  if (rng.chance(15)) o << "timers = \"exact\"\n";
  const int64_t pages = rng.chance(50) ? 65536 : rng.range(1024, 8192);
  o << "memory_pages = " << pages << "\n";
  if (rng.chance(30)) o << "fork = \"fail\"\n";
  if (rng.chance(20)) o << "cpus_per_pod = " << rng.range(1, cpus) << "\n";
  o << "\n[params]\n";
  o << "cpu_intensive_thresh_us = " << rng.pick(std::vector<int>{0, 1000, 10000}) << "\n";
  o << "watchdog_thresh = " << rng.pick(std::vector<int>{0, 1, 30}) << "\n";
  if (rng.chance(20)) o << "power_efficient = true\n";

  // Workqueues.
  struct Wq {
    std::string name;
    bool ordered;
    bool reclaim;
  };
  std::vector<Wq> wqs;
  const int nwq = static_cast<int>(rng.range(1, 4));
  for (int i = 0; i < nwq; ++i) {
    Wq q{"q" + std::to_string(i), rng.chance(20), false};
    std::vector<std::string> flags;
    if (!q.ordered && rng.chance(35)) flags.push_back("WQ_UNBOUND");
    if (rng.chance(25)) flags.push_back("WQ_HIGHPRI");
    if (rng.chance(35)) {
      flags.push_back("WQ_MEM_RECLAIM");
      q.reclaim = true;
    }
    if (rng.chance(20)) flags.push_back("WQ_CPU_INTENSIVE");
    if (rng.chance(10)) flags.push_back("WQ_POWER_EFFICIENT");
    o << "\n[[workqueue]]\nname = " << quoted(q.name) << "\n";
    if (!flags.empty()) {
      o << "flags = [";
      for (size_t k = 0; k < flags.size(); ++k) o << (k ? ", " : "") << quoted(flags[k]);
      o << "]\n";
    }
    if (q.ordered) {
      o << "ordered = true\n";
    } else if (rng.chance(60)) {
      o << "max_active = " << rng.pick(std::vector<int>{0, 1, 2, 3, 8, 512}) << "\n";
    }
    wqs.push_back(q);
  }
  std::vector<std::string> wq_names;
  for (const Wq& q : wqs) wq_names.push_back(q.name);
  wq_names.push_back(
      rng.pick(std::vector<std::string>{"system_wq", "system_unbound_wq", "system_highpri_wq", "system_long_wq"}));

  // Works: names first, so programs can refer to any of them.
  const int nwork = static_cast<int>(rng.range(2, 7));
  std::vector<std::string> works;
  std::vector<bool> delayed;
  for (int i = 0; i < nwork; ++i) {
    works.push_back("w" + std::to_string(i));
    delayed.push_back(rng.chance(30));
  }
  const std::vector<std::string> completions = {"c0", "c1"};
  const std::vector<std::string> mutexes = {"m0", "m1"};
  auto dur = [&](int64_t max_ms) {
    const int64_t us = rng.range(0, max_ms * 1000);
    return us % 1000 == 0 ? std::to_string(us / 1000) + "ms" : std::to_string(us) + "us";
  };
  auto cpu_opt = [&]() { return rng.chance(60) ? std::string() : " cpu=" + std::to_string(rng.range(0, cpus - 1)); };
  for (int i = 0; i < nwork; ++i) {
    std::vector<std::string> prog;
    const int kind = static_cast<int>(rng.below(10));
    bool allocates = false;
    if (kind == 0) {  // misuse: free without alloc
      prog.push_back("free " + std::to_string(rng.range(1, 16)));
      g.free_misuse.push_back(works[static_cast<size_t>(i)]);
    } else if (kind == 1) {  // misuse: unlock a mutex nobody locks
      prog.push_back("unlock never_locked");
      g.unlock_misuse.push_back(works[static_cast<size_t>(i)]);
    }
    const int nops = static_cast<int>(rng.range(1, 6));
    std::vector<std::string> held;  // mutexes locked and not yet unlocked
    for (int k = 0; k < nops; ++k) {
      const std::string other = rng.pick(works);
      switch (rng.below(14)) {
        case 0:
        case 1:
          prog.push_back("burn " + dur(20));
          break;
        case 2:
        case 3:
          prog.push_back("sleep " + dur(30));
          break;
        case 4:
          if (kind == 0) break;  // keep the misuse work's count exact
          prog.push_back("alloc " + std::to_string(rng.range(1, 64)) + " " +
                         rng.pick(std::vector<std::string>{"GFP_KERNEL", "GFP_NOIO", "GFP_NOWAIT", "GFP_ATOMIC"}));
          allocates = true;
          break;
        case 5:
          if (allocates) prog.push_back("free " + std::to_string(rng.range(1, 64)));
          break;
        case 6: {
          const size_t o_idx = static_cast<size_t>(std::find(works.begin(), works.end(), other) - works.begin());
          if (delayed[o_idx] && rng.chance(50))
            prog.push_back("queue_delayed_work " + rng.pick(wq_names) + " " + other + " " + dur(20) + cpu_opt());
          else
            prog.push_back("queue_work " + rng.pick(wq_names) + " " + other + cpu_opt());
          break;
        }
        case 7:
          if (other != works[static_cast<size_t>(i)]) prog.push_back("flush_work " + other);
          break;
        case 8:
          prog.push_back("flush_workqueue " + rng.pick(wq_names));
          break;
        case 9:
          prog.push_back("wait " + rng.pick(completions));
          break;
        case 10:
          prog.push_back((rng.chance(70) ? "complete " : "complete_all ") + rng.pick(completions));
          break;
        case 11:
          prog.push_back("synchronize_rcu");
          break;
        case 12: {
          const std::string m = rng.pick(mutexes);
          if (std::find(held.begin(), held.end(), m) == held.end()) {
            prog.push_back("lock " + m);
            held.push_back(m);
          }
          break;
        }
        default:
          if (!held.empty()) {
            prog.push_back("unlock " + held.back());
            held.pop_back();
          }
          break;
      }
    }
    // A work returns with its mutexes released (the kernel's lockdep would complain otherwise).
    while (!held.empty()) {
      prog.push_back("unlock " + held.back());
      held.pop_back();
    }
    if (prog.empty()) prog.push_back("burn 1ms");
    o << "\n[[work]]\nname = " << quoted(works[static_cast<size_t>(i)]) << "\n";
    if (delayed[static_cast<size_t>(i)]) o << "delayed = true\n";
    o << "program = [";
    for (size_t k = 0; k < prog.size(); ++k) o << (k ? ", " : "") << quoted(prog[k]);
    o << "]\n";
  }
  // Writeback for direct reclaim, on a rescuer workqueue when there is one.
  if (rng.chance(40)) {
    std::string wb_wq = "system_unbound_wq";
    for (const Wq& q : wqs)
      if (q.reclaim) wb_wq = q.name;
    o << "\n[[work]]\nname = \"wb\"\nprogram = [\"sleep " << dur(50) << "\", \"reclaim " << rng.range(16, 4096)
      << "\"]\n\n[memory]\nreclaim_workqueue = " << quoted(wb_wq) << "\nreclaim_work = \"wb\"\n";
  }
  if (rng.chance(25)) {
    o << "\n[rcu]\nworkqueue = " << quoted(rng.pick(wq_names)) << "\n";
    if (rng.chance(50)) o << "program = [\"alloc 1 GFP_KERNEL\"]\n";
  }

  // Timed actions.
  const int nat = static_cast<int>(rng.range(1, 6));
  for (int i = 0; i < nat; ++i) {
    std::vector<std::string> acts;
    const int nact = static_cast<int>(rng.range(1, 3));
    for (int k = 0; k < nact; ++k) {
      const size_t wi = rng.below(works.size());
      const std::string from = rng.chance(70) ? "" : " from=" + std::to_string(rng.range(0, cpus - 1));
      switch (rng.below(12)) {
        case 0:
        case 1:
        case 2:
        case 3:
          acts.push_back("queue_work " + rng.pick(wq_names) + " " + works[wi] + cpu_opt() + from);
          break;
        case 4:
          if (delayed[wi])
            acts.push_back("queue_delayed_work " + rng.pick(wq_names) + " " + works[wi] + " " + dur(30) + cpu_opt() +
                           from);
          else
            acts.push_back("queue_work " + rng.pick(wq_names) + " " + works[wi]);
          break;
        case 5:
          acts.push_back(rng.chance(50) ? "hog all" : "hog " + std::to_string(rng.range(1, pages)));
          break;
        case 6:
          acts.push_back(rng.chance(50) ? "release all" : "release " + std::to_string(rng.range(1, pages)));
          break;
        case 7:
        case 8: {
          const size_t qi = rng.below(wqs.size());
          acts.push_back("set_max_active " + wqs[qi].name + " " + std::to_string(rng.range(1, 8)));
          break;
        }
        case 9:
          acts.push_back((rng.chance(70) ? "complete " : "complete_all ") + rng.pick(completions));
          break;
        default:
          acts.push_back((rng.chance(50) ? "cpu_offline " : "cpu_online ") + std::to_string(rng.range(0, cpus - 1)));
          break;
      }
    }
    o << "\n[[at]]\ntime = " << quoted(dur(60)) << "\ndo = [";
    for (size_t k = 0; k < acts.size(); ++k) o << (k ? ", " : "") << quoted(acts[k]);
    o << "]\n";
  }
  o << "\n[run]\nuntil = " << quoted(std::to_string(rng.range(50, 400)) + "ms") << "\nseed = " << rng.range(0, 1000)
    << "\n";
  g.text = o.str();
  return g;
}

#ifdef __EMSCRIPTEN__
constexpr int kRandomScenarios = 250;
#else
constexpr int kRandomScenarios = 1000;
#endif
constexpr uint64_t kRandomMaxActions = 20000;

int count_warns(const std::vector<Event>& events, WarnKind kind, int32_t work = -1) {
  int n = 0;
  for (const Event& e : events)
    if (e.type == EventType::Warn && e.a == static_cast<int64_t>(kind) && (work < 0 || e.work == work)) ++n;
  return n;
}

TEST(ScenarioFuzz, RandomScenariosKeepInvariantsAreDeterministicAndWarnOnMisuse) {
  int free_warns = 0, unlock_warns = 0, ordered_warns = 0, offlines = 0;
  for (int i = 0; i < kRandomScenarios; ++i) {
    const uint64_t seed = 0x5eed0000u + static_cast<uint64_t>(i);
    const Generated g = generate_scenario(seed);
    const std::string file = "random-" + std::to_string(seed) + ".toml";
    const ScenarioParse p = parse_scenario(g.text, file);
    ASSERT_TRUE(p.ok()) << p.error->format() << "\n--- text ---\n" << g.text;
    const Scenario& s = *p.scenario;
    const RunResult a = run_scenario(s, s.until, kRandomMaxActions, true);
    ASSERT_EQ(a.violation, "") << file << "\n--- text ---\n" << g.text;
    // The same scenario again: the same stream, event for event.
    const RunResult b = run_scenario(s, s.until, kRandomMaxActions, false);
    ASSERT_EQ(a.events.size(), b.events.size()) << file << "\n--- text ---\n" << g.text;
    for (size_t k = 0; k < a.events.size(); ++k)
      ASSERT_TRUE(same_event(a.events[k], b.events[k]))
          << file << ": first difference at event " << k << "\n--- text ---\n"
          << g.text;

    // Misuse is a WARN, one per misuse: every `free` a never-allocating work runs, every
    // unlock of the never-locked mutex, every set_max_active on an ordered workqueue.
    const ScenarioWorld names = build_world(s);
    auto ops_run = [&](const std::string& work, OpCode code, int64_t pc = -1) {
      const int32_t id = names.works.at(work);
      int n = 0;
      for (const Event& e : a.events)
        if (e.type == EventType::WorkOp && e.work == id && e.a == static_cast<int64_t>(code) && (pc < 0 || e.b == pc))
          ++n;
      return n;
    };
    for (const std::string& wk : g.free_misuse) {
      const int runs = ops_run(wk, OpCode::Free);
      EXPECT_EQ(count_warns(a.events, WarnKind::FreeMoreThanHeld, names.works.at(wk)), runs) << file << " " << wk;
      free_warns += runs;
    }
    int unlocks = 0;
    for (const std::string& wk : g.unlock_misuse) unlocks += ops_run(wk, OpCode::Unlock, 0);
    // The misuse is those works' first operation (pc 0); every other unlock is balanced,
    // so the counts match exactly.
    EXPECT_EQ(count_warns(a.events, WarnKind::UnlockNotOwner), unlocks) << file << "\n" << g.text;
    unlock_warns += unlocks;
    int scripted_smo = 0;
    for (const Event& e : a.events)
      if (e.type == EventType::Scripted && s.actions[static_cast<size_t>(e.a)].op == ScriptOp::SetMaxActive) {
        const std::string& wq = s.actions[static_cast<size_t>(e.a)].wq;
        for (const WorkqueueSpec& q : s.workqueues)
          if (q.name == wq && q.ordered) ++scripted_smo;
      }
    EXPECT_EQ(count_warns(a.events, WarnKind::SetMaxActiveOrdered), scripted_smo) << file;
    ordered_warns += scripted_smo;
    for (const Event& e : a.events) offlines += e.type == EventType::CpuOffline ? 1 : 0;
  }
  // The generator reached the interesting paths.
  EXPECT_GT(free_warns, 10);
  EXPECT_GT(unlock_warns, 10);
  EXPECT_GT(ordered_warns, 5);
  EXPECT_GT(offlines, 10);
}

}  // namespace
}  // namespace cmwq::test
