// Reading scenario files (TOML, via toml++ with exceptions off) into a checked Scenario.
#define TOML_EXCEPTIONS 0
#define TOML_ENABLE_FORMATTERS 0
#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "core/scenario/scenario.h"
#include "core/scenario/suggest.h"
#include "core/workqueue/constants.h"

namespace cmwq {

std::string ScenarioError::format() const {
  return file + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": error: " + message;
}

const std::vector<std::string>& system_workqueue_names() {
  static const std::vector<std::string> names = {
      "system_wq", "system_highpri_wq", "system_long_wq", "system_unbound_wq", "system_freezable_wq",
      "system_power_efficient_wq", "system_freezable_power_efficient_wq"};
  return names;
}

std::optional<Nanos> parse_duration(std::string_view t) {
  size_t i = 0;
  int64_t whole = 0;
  int64_t frac = 0, frac_scale = 1;
  bool digits = false;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
    if (whole > (int64_t{1} << 40)) return std::nullopt;
    whole = whole * 10 + (t[i++] - '0');
    digits = true;
  }
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
      if (frac_scale < 1000000000) {
        frac = frac * 10 + (t[i] - '0');
        frac_scale *= 10;
      }
      ++i;
      digits = true;
    }
  }
  if (!digits) return std::nullopt;
  const std::string_view unit = t.substr(i);
  Nanos mult = 0;
  if (unit == "ns") mult = 1;
  else if (unit == "us") mult = NSEC_PER_USEC;
  else if (unit == "ms") mult = NSEC_PER_MSEC;
  else if (unit == "s") mult = NSEC_PER_SEC;
  else return std::nullopt;
  // Longer than kMaxDuration is refused, before whole * mult could overflow.
  if (whole > kMaxDuration / mult) return std::nullopt;
  const Nanos d = whole * mult + frac * mult / frac_scale;
  if (d > kMaxDuration) return std::nullopt;
  return d;
}

namespace {

const std::vector<std::string> kTopKeys = {"title", "description", "machine", "params", "memory",
                                           "rcu", "workqueue", "work", "at", "run"};
const std::vector<std::string> kMachineKeys = {"cpus", "hz", "sched", "timers", "memory_pages", "cache_pages",
                                               "wmark_min", "wmark_low", "wmark_high", "fork", "cpus_per_pod",
                                               "workqueue"};
const std::vector<std::string> kParamKeys = {"cpu_intensive_thresh_us", "cpu_intensive_warning_thresh",
                                             "watchdog_thresh", "power_efficient"};
const std::vector<std::string> kWqKeys = {"name", "flags", "max_active", "ordered"};
const std::vector<std::string> kWorkKeys = {"name", "program", "function", "delayed"};
const std::vector<std::string> kMemoryKeys = {"reclaim_workqueue", "reclaim_work"};
const std::vector<std::string> kRcuKeys = {"workqueue", "program", "expedited"};
const std::vector<std::string> kAtKeys = {"time", "do"};
const std::vector<std::string> kRunKeys = {"until", "seed"};
const std::vector<std::string> kOps = {"burn", "sleep", "alloc", "free", "reclaim", "queue_work",
                                       "queue_delayed_work", "flush_work", "flush_workqueue", "cancel_work_sync",
                                       "wait", "complete", "complete_all", "synchronize_rcu", "lock", "unlock",
                                       "drain_workqueue", "destroy_workqueue"};
const std::vector<std::string> kActions = {"queue_work", "queue_delayed_work", "hog",          "release",
                                           "set_max_active", "complete", "complete_all", "cpu_offline",
                                           "cpu_online", "drain_workqueue", "destroy_workqueue"};
const std::vector<std::string> kGfp = {"GFP_KERNEL", "GFP_NOIO", "GFP_NOWAIT", "GFP_ATOMIC"};

struct FlagName {
  const char* name;
  uint32_t flag;
};
const FlagName kFlags[] = {{"WQ_UNBOUND", WQ_UNBOUND},           {"WQ_FREEZABLE", WQ_FREEZABLE},
                           {"WQ_MEM_RECLAIM", WQ_MEM_RECLAIM},   {"WQ_HIGHPRI", WQ_HIGHPRI},
                           {"WQ_CPU_INTENSIVE", WQ_CPU_INTENSIVE}, {"WQ_SYSFS", WQ_SYSFS},
                           {"WQ_POWER_EFFICIENT", WQ_POWER_EFFICIENT}};

struct Token {
  std::string_view text;
  int column = 0;  ///< Column in the file.
};

std::vector<Token> tokenize(std::string_view s, int first_column) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    const size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) out.push_back(Token{s.substr(start, i - start), first_column + static_cast<int>(start)});
  }
  return out;
}

std::optional<int64_t> parse_int(std::string_view t) {
  int64_t v = 0;
  const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
  if (r.ec != std::errc() || r.ptr != t.data() + t.size()) return std::nullopt;
  return v;
}

// An error position inside @p text: toml++ reports an unterminated string at end of file
// a column or a line past the end, and an implicit table has no position (0:0). A line
// past the end becomes the last line, a column past a line's end the column just after it.
SourcePos clamp_to_text(std::string_view text, SourcePos p) {
  std::vector<size_t> lengths{0};
  for (char c : text) {
    if (c == '\n') {
      lengths.push_back(0);
    } else {
      ++lengths.back();
    }
  }
  const int lines = static_cast<int>(lengths.size());
  if (p.line < 1) p = {1, 1};
  if (p.line > lines) p = {lines, static_cast<int>(lengths.back()) + 1};
  const int len = static_cast<int>(lengths[static_cast<size_t>(p.line - 1)]);
  p.column = std::clamp(p.column, 1, len + 1);
  return p;
}

class Parser {
 public:
  explicit Parser(std::string file) : file_(std::move(file)) { sc_.file = file_; }

  ScenarioParse run(std::string_view text) {
    ScenarioParse out;
    toml::parse_result r = toml::parse(text, file_);
    if (!r) {
      const auto& e = r.error();
      out.error = ScenarioError{
          file_,
          clamp_to_text(text, {static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column)}),
          std::string(e.description())};
      return out;
    }
    const toml::table& root = r.table();
    if (read(root)) {
      out.scenario = std::move(sc_);
    } else {
      out.error = err_;
      out.error->pos = clamp_to_text(text, out.error->pos);
    }
    return out;
  }

 private:
  bool fail(SourcePos p, const std::string& msg) {
    if (!failed_) {
      err_ = ScenarioError{file_, p, msg};
      failed_ = true;
    }
    return false;
  }
  static SourcePos pos(const toml::node& n) {
    return {static_cast<int>(n.source().begin.line), static_cast<int>(n.source().begin.column)};
  }
  // Keys a table may have; anything else is an error with a suggestion.
  bool check_keys(const toml::table& t, const std::vector<std::string>& allowed, const std::string& where) {
    for (const auto& [k, v] : t) {
      const std::string key(k.str());
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        const SourcePos kp{static_cast<int>(k.source().begin.line), static_cast<int>(k.source().begin.column)};
        return fail(kp.line > 0 ? kp : pos(v), "unknown key `" + key + "` in " + where + did_you_mean(key, allowed));
      }
    }
    return true;
  }
  const toml::table* table_at(const toml::table& t, const char* key) {
    const toml::node* n = t.get(key);
    if (!n) return nullptr;
    if (!n->is_table()) {
      fail(pos(*n), std::string("`") + key + "` must be a table, e.g. [" + key + "]");
      return nullptr;
    }
    return n->as_table();
  }
  bool get_int(const toml::table& t, const char* key, int64_t& out, int64_t lo, int64_t hi) {
    const toml::node* n = t.get(key);
    if (!n) return true;
    if (!n->is_integer()) return fail(pos(*n), std::string("`") + key + "` must be an integer");
    const int64_t v = n->as_integer()->get();
    if (v < lo || v > hi)
      return fail(pos(*n), std::string("`") + key + "` must be between " + std::to_string(lo) + " and " +
                               std::to_string(hi) + ", not " + std::to_string(v));
    out = v;
    return true;
  }
  bool get_bool(const toml::table& t, const char* key, bool& out) {
    const toml::node* n = t.get(key);
    if (!n) return true;
    if (!n->is_boolean()) return fail(pos(*n), std::string("`") + key + "` must be true or false");
    out = n->as_boolean()->get();
    return true;
  }
  bool get_string(const toml::table& t, const char* key, std::string& out, const toml::node** node = nullptr) {
    const toml::node* n = t.get(key);
    if (node) *node = n;
    if (!n) return true;
    if (!n->is_string()) return fail(pos(*n), std::string("`") + key + "` must be a string");
    out = n->as_string()->get();
    return true;
  }
  bool get_choice(const toml::table& t, const char* key, const std::vector<std::string>& choices, std::string& out) {
    const toml::node* n = nullptr;
    if (!get_string(t, key, out, &n)) return false;
    if (!n) return true;
    if (std::find(choices.begin(), choices.end(), out) == choices.end()) {
      std::string list;
      for (const auto& c : choices) list += (list.empty() ? "`" : ", `") + c + "`";
      return fail(pos(*n), std::string("`") + key + "` must be one of " + list + did_you_mean(out, choices));
    }
    return true;
  }
  bool get_duration(const toml::table& t, const char* key, Nanos& out, bool required, SourcePos where) {
    const toml::node* n = t.get(key);
    if (!n) return required ? fail(where, std::string("missing `") + key + "` (a duration such as \"5ms\")") : true;
    if (!n->is_string())
      return fail(pos(*n), std::string("`") + key + "` must be a duration string such as \"5ms\"");
    const std::string s = n->as_string()->get();
    if (!s.empty() && s[0] == '-') return fail(pos(*n), std::string("`") + key + "` must not be negative");
    const auto d = parse_duration(s);
    if (!d)
      return fail(pos(*n), "bad duration \"" + s +
                               "\": expected a number and a unit (ns, us, ms, s), e.g. \"5ms\", at most \"1000000s\"");
    out = *d;
    return true;
  }

  bool read(const toml::table& root) {
    if (!check_keys(root, kTopKeys, "the scenario")) return false;
    if (!get_string(root, "title", sc_.title) || !get_string(root, "description", sc_.description)) return false;
    return read_machine(root) && read_params(root) && collect_names(root) && read_workqueues(root) &&
           read_works(root) && read_memory(root) && read_rcu(root) && read_at(root) && read_run(root);
  }

  bool read_machine(const toml::table& root) {
    const toml::table* m = table_at(root, "machine");
    if (failed_) return false;
    if (!m) return true;
    if (!check_keys(*m, kMachineKeys, "[machine]")) return false;
    MachineConfig& c = sc_.machine;
    int64_t v = c.cpus;
    if (!get_int(*m, "cpus", v, 1, NR_CPUS)) return false;
    c.cpus = static_cast<int>(v);
    if (const toml::node* hz = m->get("hz")) {
      if (!hz->is_integer()) return fail(pos(*hz), "`hz` must be an integer: 100, 250, 300 or 1000");
      const int64_t h = hz->as_integer()->get();
      if (h != 100 && h != 250 && h != 300 && h != 1000)
        return fail(pos(*hz), "`hz` must be 100, 250, 300 or 1000, not " + std::to_string(h));
      c.hz = static_cast<int>(h);
    }
    std::string s;
    if (!get_choice(*m, "sched", {"fifo", "preempt"}, s)) return false;
    if (s == "preempt") c.sched = SchedModel::Preempt;
    s.clear();
    if (!get_choice(*m, "timers", {"wheel", "exact"}, s)) return false;
    if (s == "exact") c.timers = TimerModel::Exact;
    s.clear();
    if (!get_choice(*m, "fork", {"block", "fail"}, s)) return false;
    c.fork_fails_below_min = s == "fail";
    s.clear();
    if (!get_choice(*m, "workqueue", {"cmwq", "legacy"}, s)) return false;
    c.legacy_workqueue = s == "legacy";
    if (!get_int(*m, "memory_pages", c.memory_pages, 1024, int64_t{1} << 32)) return false;
    if (!get_int(*m, "cache_pages", c.cache_pages, 0, c.memory_pages)) return false;
    if (!get_int(*m, "wmark_min", c.wmark_min, 0, c.memory_pages)) return false;
    if (!get_int(*m, "wmark_low", c.wmark_low, 0, c.memory_pages)) return false;
    if (!get_int(*m, "wmark_high", c.wmark_high, 0, c.memory_pages)) return false;
    v = 0;
    if (!get_int(*m, "cpus_per_pod", v, 0, NR_CPUS)) return false;
    c.cpus_per_pod = static_cast<int>(v);
    return true;
  }

  bool read_params(const toml::table& root) {
    const toml::table* p = table_at(root, "params");
    if (failed_) return false;
    if (!p) return true;
    if (!check_keys(*p, kParamKeys, "[params]")) return false;
    WqParams& q = sc_.machine.wq;
    int64_t v = static_cast<int64_t>(q.cpu_intensive_thresh_us);
    if (!get_int(*p, "cpu_intensive_thresh_us", v, 0, 100'000'000)) return false;
    q.cpu_intensive_thresh_us = static_cast<uint64_t>(v);
    v = q.cpu_intensive_warning_thresh;
    if (!get_int(*p, "cpu_intensive_warning_thresh", v, 0, 1'000'000)) return false;
    q.cpu_intensive_warning_thresh = static_cast<uint32_t>(v);
    v = q.watchdog_thresh;
    if (!get_int(*p, "watchdog_thresh", v, 0, 3600)) return false;
    q.watchdog_thresh = static_cast<uint32_t>(v);
    return get_bool(*p, "power_efficient", q.power_efficient);
  }

  const toml::array* array_of_tables(const toml::table& root, const char* key) {
    const toml::node* n = root.get(key);
    if (!n) return nullptr;
    if (!n->is_array_of_tables()) {
      fail(pos(*n), std::string("`") + key + "` must be a list of tables, written [[" + key + "]]");
      return nullptr;
    }
    return n->as_array();
  }

  // First pass: the names ops may refer to, so order of declaration does not matter.
  bool collect_names(const toml::table& root) {
    wq_names_ = system_workqueue_names();
    for (const char* key : {"workqueue", "work"}) {
      const toml::array* arr = array_of_tables(root, key);
      if (failed_) return false;
      if (!arr) continue;
      for (const toml::node& n : *arr) {
        const toml::table& t = *n.as_table();
        const toml::node* name = t.get("name");
        if (!name) return fail(pos(n), std::string("[[") + key + "] needs a `name`");
        if (!name->is_string() || name->as_string()->get().empty())
          return fail(pos(*name), "`name` must be a non-empty string");
        const std::string s = name->as_string()->get();
        if (s.find_first_of(" \t") != std::string::npos) return fail(pos(*name), "`name` must not contain spaces");
        auto& names = std::string(key) == "workqueue" ? wq_names_ : work_names_;
        if (std::find(names.begin(), names.end(), s) != names.end())
          return fail(pos(*name), std::string("duplicate ") + key + " name `" + s + "`");
        if (std::string(key) == "workqueue" && s.size() >= static_cast<size_t>(WQ_NAME_LEN))
          return fail(pos(*name), "workqueue name longer than " + std::to_string(WQ_NAME_LEN - 1) + " characters (WQ_NAME_LEN)");
        names.push_back(s);
      }
    }
    return true;
  }

  bool read_workqueues(const toml::table& root) {
    const toml::array* arr = array_of_tables(root, "workqueue");
    if (!arr) return !failed_;
    for (const toml::node& n : *arr) {
      const toml::table& t = *n.as_table();
      if (!check_keys(t, kWqKeys, "[[workqueue]]")) return false;
      WorkqueueSpec q;
      q.pos = pos(n);
      get_string(t, "name", q.name);
      if (const toml::node* f = t.get("flags")) {
        if (!f->is_array()) return fail(pos(*f), "`flags` must be a list such as [\"WQ_UNBOUND\"]");
        std::vector<std::string> known;
        for (const FlagName& fl : kFlags) known.push_back(fl.name);
        known.push_back("__WQ_ORDERED");
        for (const toml::node& e : *f->as_array()) {
          if (!e.is_string()) return fail(pos(e), "each flag must be a string such as \"WQ_UNBOUND\"");
          const std::string name = e.as_string()->get();
          if (name == "WQ_BH")
            return fail(pos(e), "WQ_BH is not modelled: BH workqueues run in softirq context, which this simulator does not have");
          if (name == "__WQ_ORDERED") {
            q.ordered = true;
            continue;
          }
          bool found = false;
          for (const FlagName& fl : kFlags)
            if (name == fl.name) {
              q.flags |= fl.flag;
              found = true;
            }
          if (!found) return fail(pos(e), "unknown workqueue flag `" + name + "`" + did_you_mean(name, known));
        }
      }
      int64_t ma = 0;
      if (!get_int(t, "max_active", ma, 0, WQ_MAX_ACTIVE)) return false;
      q.max_active = static_cast<int>(ma);
      bool ordered = false;
      if (!get_bool(t, "ordered", ordered)) return false;
      q.ordered = q.ordered || ordered;
      if (q.ordered && t.get("max_active") && ma != 1 && ma != 0)
        return fail(pos(*t.get("max_active")), "an ordered workqueue has max_active 1");
      sc_.workqueues.push_back(q);
    }
    return true;
  }

  bool read_program(const toml::node& n, std::vector<OpSpec>& out, const std::string& where) {
    if (!n.is_array()) return fail(pos(n), "`program` in " + where + " must be a list of strings such as [\"burn 5ms\"]");
    for (const toml::node& e : *n.as_array()) {
      if (!e.is_string()) return fail(pos(e), "each operation must be a string such as \"burn 5ms\"");
      OpSpec op;
      if (!parse_op(e.as_string()->get(), pos(e), op)) return false;
      out.push_back(op);
    }
    return true;
  }

  bool read_works(const toml::table& root) {
    const toml::array* arr = array_of_tables(root, "work");
    if (!arr) return !failed_;
    for (const toml::node& n : *arr) {
      const toml::table& t = *n.as_table();
      if (!check_keys(t, kWorkKeys, "[[work]]")) return false;
      WorkSpec w;
      w.pos = pos(n);
      get_string(t, "name", w.name);
      if (!get_string(t, "function", w.function)) return false;
      if (w.function.empty()) w.function = w.name + "_fn";
      if (!get_bool(t, "delayed", w.delayed)) return false;
      const toml::node* prog = t.get("program");
      if (!prog) return fail(w.pos, "[[work]] `" + w.name + "` needs a `program`, e.g. program = [\"burn 5ms\"]");
      if (!read_program(*prog, w.program, "[[work]] `" + w.name + "`")) return false;
      sc_.works.push_back(w);
    }
    return true;
  }

  bool read_memory(const toml::table& root) {
    const toml::table* m = table_at(root, "memory");
    if (failed_) return false;
    if (!m) return true;
    if (!check_keys(*m, kMemoryKeys, "[memory]")) return false;
    const toml::node* n = nullptr;
    if (!get_string(*m, "reclaim_workqueue", sc_.reclaim_wq, &n)) return false;
    if (n && !known_wq(sc_.reclaim_wq, pos(*n))) return false;
    if (!get_string(*m, "reclaim_work", sc_.reclaim_work, &n)) return false;
    if (n && !known_work(sc_.reclaim_work, pos(*n))) return false;
    if (sc_.reclaim_wq.empty() != sc_.reclaim_work.empty())
      return fail(pos(*m), "[memory] needs both `reclaim_workqueue` and `reclaim_work`");
    return true;
  }

  bool read_rcu(const toml::table& root) {
    const toml::table* r = table_at(root, "rcu");
    if (failed_) return false;
    if (!r) return true;
    if (!check_keys(*r, kRcuKeys, "[rcu]")) return false;
    const toml::node* n = nullptr;
    if (!get_string(*r, "workqueue", sc_.rcu_wq, &n)) return false;
    if (n && !known_wq(sc_.rcu_wq, pos(*n))) return false;
    bool expedited = true;
    if (!get_bool(*r, "expedited", expedited)) return false;
    if (const toml::node* p = r->get("program"))
      if (!read_program(*p, sc_.rcu_program, "[rcu]")) return false;
    return true;
  }

  bool read_at(const toml::table& root) {
    const toml::array* arr = array_of_tables(root, "at");
    if (!arr) return !failed_;
    for (const toml::node& n : *arr) {
      const toml::table& t = *n.as_table();
      if (!check_keys(t, kAtKeys, "[[at]]")) return false;
      Nanos time = 0;
      if (!get_duration(t, "time", time, true, pos(n))) return false;
      const toml::node* d = t.get("do");
      if (!d) return fail(pos(n), "[[at]] needs `do`, a list of actions such as [\"queue_work q0 w0 cpu=0\"]");
      if (!d->is_array()) return fail(pos(*d), "`do` must be a list of strings such as [\"queue_work q0 w0\"]");
      for (const toml::node& e : *d->as_array()) {
        if (!e.is_string()) return fail(pos(e), "each action must be a string such as \"queue_work q0 w0\"");
        ActionSpec a;
        a.time = time;
        if (!parse_action(e.as_string()->get(), pos(e), a)) return false;
        sc_.actions.push_back(a);
      }
    }
    return true;
  }

  bool read_run(const toml::table& root) {
    const toml::table* r = table_at(root, "run");
    if (failed_) return false;
    if (!r) return true;
    if (!check_keys(*r, kRunKeys, "[run]")) return false;
    if (!get_duration(*r, "until", sc_.until, false, pos(*r))) return false;
    int64_t seed = static_cast<int64_t>(sc_.machine.seed);
    if (!get_int(*r, "seed", seed, 0, INT64_MAX)) return false;
    sc_.machine.seed = static_cast<uint64_t>(seed);
    return true;
  }

  // --- operations and actions ---------------------------------------------------

  bool known_wq(const std::string& name, SourcePos p) {
    if (std::find(wq_names_.begin(), wq_names_.end(), name) != wq_names_.end()) return true;
    return fail(p, "unknown workqueue `" + name + "`; declare it with [[workqueue]]" + did_you_mean(name, wq_names_));
  }
  bool known_work(const std::string& name, SourcePos p) {
    if (std::find(work_names_.begin(), work_names_.end(), name) != work_names_.end()) return true;
    return fail(p, "unknown work `" + name + "`; declare it with [[work]]" + did_you_mean(name, work_names_));
  }
  // destroy_workqueue of a system workqueue: the kernel never does it, and the model's
  // own works (RCU, idle culling) need them.
  bool destroyable_wq(const std::string& name, SourcePos p) {
    const auto& sys = system_workqueue_names();
    if (std::find(sys.begin(), sys.end(), name) == sys.end()) return true;
    return fail(p, "`" + name + "` is a system workqueue, which is never destroyed; destroy a [[workqueue]] of your own");
  }
  static SourcePos at(SourcePos base, const Token& t) { return {base.line, t.column}; }

  bool need_args(const std::vector<Token>& tok, size_t n, SourcePos base, const std::string& usage) {
    if (tok.size() < n) return fail(at(base, tok[0]), "`" + std::string(tok[0].text) + "` needs arguments: " + usage);
    return true;
  }
  bool duration_arg(const Token& t, SourcePos base, Nanos& out) {
    if (!t.text.empty() && t.text[0] == '-') return fail(at(base, t), "a duration must not be negative");
    const auto d = parse_duration(t.text);
    if (!d)
      return fail(at(base, t), "bad duration `" + std::string(t.text) +
                                   "`: expected a number and a unit (ns, us, ms, s), e.g. 5ms, at most 1000000s");
    out = *d;
    return true;
  }
  bool count_arg(const Token& t, SourcePos base, int64_t& out, const char* what) {
    const auto v = parse_int(t.text);
    if (!v || *v < 0) return fail(at(base, t), std::string("expected a number of ") + what + ", not `" + std::string(t.text) + "`");
    out = *v;
    return true;
  }
  // cpu=N and from=N options at the end of queueing operations.
  bool cpu_options(const std::vector<Token>& tok, size_t first, SourcePos base, int& cpu, int* from) {
    for (size_t i = first; i < tok.size(); ++i) {
      const std::string_view t = tok[i].text;
      const bool is_cpu = t.rfind("cpu=", 0) == 0;
      const bool is_from = from && t.rfind("from=", 0) == 0;
      if (!is_cpu && !is_from)
        return fail(at(base, tok[i]), "unexpected `" + std::string(t) + "`: expected cpu=N" + (from ? " or from=N" : ""));
      const auto v = parse_int(t.substr(is_cpu ? 4 : 5));
      if (!v || *v < 0 || *v >= sc_.machine.cpus)
        return fail(at(base, tok[i]), "CPU must be between 0 and " + std::to_string(sc_.machine.cpus - 1) +
                                          " on this machine ([machine] cpus = " + std::to_string(sc_.machine.cpus) + ")");
      (is_cpu ? cpu : *from) = static_cast<int>(*v);
    }
    return true;
  }
  bool no_more(const std::vector<Token>& tok, size_t n, SourcePos base) {
    if (tok.size() > n) return fail(at(base, tok[n]), "unexpected `" + std::string(tok[n].text) + "`");
    return true;
  }

  bool parse_op(const std::string& text, SourcePos base, OpSpec& op) {
    op.text = text;
    op.pos = base;
    const auto tok = tokenize(text, base.column + 1);
    if (tok.empty()) return fail(base, "empty operation; expected one of: burn, sleep, alloc, queue_work, ...");
    const std::string name(tok[0].text);
    op.pos = at(base, tok[0]);
    if (name == "burn" || name == "sleep") {
      op.code = name == "burn" ? OpCode::Burn : OpCode::Sleep;
      return need_args(tok, 2, base, name + " DURATION, e.g. " + name + " 5ms") && duration_arg(tok[1], base, op.ns) &&
             no_more(tok, 2, base);
    }
    if (name == "alloc") {
      op.code = OpCode::Alloc;
      if (!need_args(tok, 2, base, "alloc PAGES [GFP_KERNEL|GFP_NOIO|GFP_NOWAIT|GFP_ATOMIC]") ||
          !count_arg(tok[1], base, op.count, "pages"))
        return false;
      if (tok.size() >= 3) {
        const std::string g(tok[2].text);
        const auto it = std::find(kGfp.begin(), kGfp.end(), g);
        if (it == kGfp.end()) return fail(at(base, tok[2]), "unknown GFP flags `" + g + "`" + did_you_mean(g, kGfp));
        op.gfp = static_cast<Gfp>(it - kGfp.begin());
      }
      return no_more(tok, 3, base);
    }
    if (name == "free" || name == "reclaim") {
      op.code = name == "free" ? OpCode::Free : OpCode::Reclaim;
      return need_args(tok, 2, base, name + " PAGES") && count_arg(tok[1], base, op.count, "pages") && no_more(tok, 2, base);
    }
    if (name == "queue_work" || name == "queue_delayed_work") {
      const bool delayed = name == "queue_delayed_work";
      op.code = delayed ? OpCode::QueueDelayed : OpCode::QueueWork;
      if (!need_args(tok, delayed ? 4 : 3, base, delayed ? "queue_delayed_work WQ WORK DELAY [cpu=N]" : "queue_work WQ WORK [cpu=N]"))
        return false;
      op.wq = tok[1].text;
      op.target = tok[2].text;
      if (!known_wq(op.wq, at(base, tok[1])) || !known_work(op.target, at(base, tok[2]))) return false;
      if (delayed && !duration_arg(tok[3], base, op.ns)) return false;
      return cpu_options(tok, delayed ? 4 : 3, base, op.cpu, nullptr);
    }
    if (name == "flush_work" || name == "cancel_work_sync") {
      op.code = name == "flush_work" ? OpCode::FlushWork : OpCode::CancelWorkSync;
      if (!need_args(tok, 2, base, name + " WORK")) return false;
      op.target = tok[1].text;
      return known_work(op.target, at(base, tok[1])) && no_more(tok, 2, base);
    }
    if (name == "flush_workqueue") {
      op.code = OpCode::FlushWorkqueue;
      if (!need_args(tok, 2, base, "flush_workqueue WQ")) return false;
      op.wq = tok[1].text;
      return known_wq(op.wq, at(base, tok[1])) && no_more(tok, 2, base);
    }
    if (name == "drain_workqueue" || name == "destroy_workqueue") {
      const bool destroy = name == "destroy_workqueue";
      op.code = destroy ? OpCode::DestroyWorkqueue : OpCode::DrainWorkqueue;
      if (!need_args(tok, 2, base, name + " WQ")) return false;
      op.wq = tok[1].text;
      if (!known_wq(op.wq, at(base, tok[1])) || (destroy && !destroyable_wq(op.wq, at(base, tok[1])))) return false;
      return no_more(tok, 2, base);
    }
    if (name == "wait" || name == "complete" || name == "complete_all" || name == "lock" || name == "unlock") {
      op.code = name == "wait" ? OpCode::Wait
                : name == "complete" ? OpCode::Complete
                : name == "complete_all" ? OpCode::CompleteAll
                : name == "lock" ? OpCode::Lock
                                 : OpCode::Unlock;
      const bool is_mutex = name == "lock" || name == "unlock";
      if (!need_args(tok, 2, base, name + (is_mutex ? " MUTEX" : " COMPLETION"))) return false;
      op.target = tok[1].text;
      return no_more(tok, 2, base);
    }
    if (name == "synchronize_rcu") {
      op.code = OpCode::SynchronizeRcu;
      return no_more(tok, 1, base);
    }
    return fail(op.pos, "unknown operation `" + name + "`" + did_you_mean(name, kOps) +
                            "; expected burn, sleep, alloc, free, reclaim, queue_work, queue_delayed_work, flush_work, "
                            "flush_workqueue, cancel_work_sync, wait, complete, complete_all, synchronize_rcu, lock, "
                            "unlock, drain_workqueue or destroy_workqueue");
  }

  bool parse_action(const std::string& text, SourcePos base, ActionSpec& a) {
    a.text = text;
    a.pos = base;
    const auto tok = tokenize(text, base.column + 1);
    if (tok.empty()) return fail(base, "empty action; expected queue_work, hog, release, ...");
    const std::string name(tok[0].text);
    a.pos = at(base, tok[0]);
    if (name == "queue_work" || name == "queue_delayed_work") {
      const bool delayed = name == "queue_delayed_work";
      a.op = delayed ? ScriptOp::QueueDelayedWork : ScriptOp::QueueWork;
      if (!need_args(tok, delayed ? 4 : 3, base,
                     delayed ? "queue_delayed_work WQ WORK DELAY [cpu=N] [from=N]" : "queue_work WQ WORK [cpu=N] [from=N]"))
        return false;
      a.wq = tok[1].text;
      a.target = tok[2].text;
      if (!known_wq(a.wq, at(base, tok[1])) || !known_work(a.target, at(base, tok[2]))) return false;
      if (delayed) {
        if (!duration_arg(tok[3], base, a.delay)) return false;
        const auto it = std::find_if(sc_.works.begin(), sc_.works.end(), [&](const WorkSpec& w) { return w.name == a.target; });
        if (it != sc_.works.end() && !it->delayed)
          return fail(at(base, tok[2]), "work `" + a.target + "` is not a delayed work: add `delayed = true` to its [[work]]");
      }
      return cpu_options(tok, delayed ? 4 : 3, base, a.cpu, &a.from_cpu);
    }
    if (name == "hog" || name == "release") {
      a.op = name == "hog" ? ScriptOp::Hog : ScriptOp::Release;
      if (!need_args(tok, 2, base, name + " PAGES, or " + name + " all")) return false;
      if (tok[1].text == "all") {
        a.count = INT64_MAX;
      } else if (!count_arg(tok[1], base, a.count, "pages")) {
        return false;
      }
      return no_more(tok, 2, base);
    }
    if (name == "set_max_active") {
      a.op = ScriptOp::SetMaxActive;
      if (!need_args(tok, 3, base, "set_max_active WQ N")) return false;
      a.wq = tok[1].text;
      if (!known_wq(a.wq, at(base, tok[1]))) return false;
      const auto v = parse_int(tok[2].text);
      if (!v || *v < 1 || *v > WQ_MAX_ACTIVE)
        return fail(at(base, tok[2]), "max_active must be between 1 and " + std::to_string(WQ_MAX_ACTIVE));
      a.count = *v;
      return no_more(tok, 3, base);
    }
    if (name == "complete" || name == "complete_all") {
      a.op = name == "complete" ? ScriptOp::Complete : ScriptOp::CompleteAll;
      if (!need_args(tok, 2, base, name + " COMPLETION")) return false;
      a.target = tok[1].text;
      return no_more(tok, 2, base);
    }
    if (name == "drain_workqueue" || name == "destroy_workqueue") {
      const bool destroy = name == "destroy_workqueue";
      a.op = destroy ? ScriptOp::DestroyWorkqueue : ScriptOp::DrainWorkqueue;
      if (!need_args(tok, 2, base, name + " WQ [from=N]")) return false;
      a.wq = tok[1].text;
      if (!known_wq(a.wq, at(base, tok[1])) || (destroy && !destroyable_wq(a.wq, at(base, tok[1])))) return false;
      int cpu = -1;
      if (!cpu_options(tok, 2, base, cpu, &a.from_cpu)) return false;
      if (cpu >= 0)
        return fail(at(base, tok[2]), "cpu=N does not apply to " + name + "; from=N is the CPU its task runs on");
      return true;
    }
    if (name == "cpu_offline" || name == "cpu_online") {
      a.op = name == "cpu_offline" ? ScriptOp::CpuOffline : ScriptOp::CpuOnline;
      if (!need_args(tok, 2, base, name + " CPU")) return false;
      const auto v = parse_int(tok[1].text);
      if (!v || *v < 0 || *v >= sc_.machine.cpus)
        return fail(at(base, tok[1]), "CPU must be between 0 and " + std::to_string(sc_.machine.cpus - 1) +
                                          " on this machine ([machine] cpus = " + std::to_string(sc_.machine.cpus) + ")");
      a.cpu = static_cast<int>(*v);
      return no_more(tok, 2, base);
    }
    return fail(a.pos, "unknown action `" + name + "`" + did_you_mean(name, kActions) +
                           "; expected queue_work, queue_delayed_work, hog, release, set_max_active, complete, complete_all, "
                           "cpu_offline, cpu_online, drain_workqueue or destroy_workqueue");
  }

  std::string file_;
  Scenario sc_;
  ScenarioError err_;
  bool failed_ = false;
  std::vector<std::string> wq_names_;
  std::vector<std::string> work_names_;
};

}  // namespace

ScenarioParse parse_scenario(std::string_view text, const std::string& file) { return Parser(file).run(text); }

}  // namespace cmwq
