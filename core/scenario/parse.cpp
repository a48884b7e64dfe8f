// Reading scenario files (TOML, via toml++ with exceptions off) into a checked Scenario.
#include <algorithm>

#include "core/scenario/scenario.h"
#include "core/scenario/suggest.h"
#include "core/scenario/toml_parse.h"
#include "core/workqueue/constants.h"

namespace cmwq {

namespace {

const std::vector<std::string> kTopKeys = {"title", "description", "machine", "params", "memory",
                                           "rcu", "workqueue", "work", "at", "run"};
const std::vector<std::string> kMachineKeys = {"cpus", "hz", "sched", "timers", "memory_pages", "cache_pages",
                                               "wmark_min", "wmark_low", "wmark_high", "fork", "cpus_per_pod",
                                               "workqueue", "kernel", "lockdep"};
const std::vector<std::string> kParamKeys = {"cpu_intensive_thresh_us", "cpu_intensive_warning_thresh",
                                             "watchdog_thresh", "power_efficient"};
const std::vector<std::string> kWqKeys = {"name", "flags", "max_active", "ordered"};
const std::vector<std::string> kWorkKeys = {"name", "program", "function", "delayed"};
const std::vector<std::string> kMemoryKeys = {"reclaim_workqueue", "reclaim_work"};
const std::vector<std::string> kRcuKeys = {"workqueue", "program", "expedited"};
const std::vector<std::string> kAtKeys = {"time", "do"};
const std::vector<std::string> kRunKeys = {"until", "seed", "max_events", "max_memory_mib"};

class Parser {
 public:
  Parser(std::string file, const ScenarioOptions& options) : file_(std::move(file)), opts_(options) {
    sc_.file = file_;
  }

  ScenarioParse run(std::string_view text) {
    ScenarioParse out;
    toml::parse_result r = parse_toml(text, file_);
    if (!r) {
      out.error = toml_error(text, file_, r.error());
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
  // Where a string's text starts: just after its opening quote.
  static SourcePos after_quote(const toml::node& n) { return {pos(n).line, pos(n).column + 1}; }
  // A workqueue or work named in a table (not in an action), checked like an action's.
  bool known(NameKind kind, const std::string& name, const toml::node& where) {
    return names_.find(kind, name) != kUnknownName || fail(pos(where), unknown_name(kind, name, names_));
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
    if (!read_machine(root)) return false;
    if (opts_.kernel) sc_.machine.kernel = *opts_.kernel;  // with or without a [machine] table
    return read_params(root) && collect_names(root) && read_workqueues(root) &&
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
    if (!read_kernel(*m)) return false;
    if (!get_bool(*m, "lockdep", c.lockdep)) return false;
    if (!get_int(*m, "memory_pages", c.memory_pages, 1024, kMaxPages)) return false;
    if (!get_int(*m, "cache_pages", c.cache_pages, 0, c.memory_pages)) return false;
    if (!get_int(*m, "wmark_min", c.wmark_min, 0, c.memory_pages)) return false;
    if (!get_int(*m, "wmark_low", c.wmark_low, 0, c.memory_pages)) return false;
    if (!get_int(*m, "wmark_high", c.wmark_high, 0, c.memory_pages)) return false;
    if (!watermarks_in_order(*m)) return false;
    v = 0;
    if (!get_int(*m, "cpus_per_pod", v, 0, NR_CPUS)) return false;
    c.cpus_per_pod = static_cast<int>(v);
    return true;
  }

  // The zone watermarks rise: min <= low <= high (__setup_per_zone_wmarks() derives them
  // so); of the ones a file gives, a higher one must not be below a lower one.
  bool watermarks_in_order(const toml::table& m) {
    const MachineConfig& c = sc_.machine;
    const std::pair<const char*, int64_t> marks[] = {
        {"wmark_min", c.wmark_min}, {"wmark_low", c.wmark_low}, {"wmark_high", c.wmark_high}};
    for (int hi = 1; hi < 3; ++hi)
      for (int lo = 0; lo < hi; ++lo)
        if (marks[lo].second >= 0 && marks[hi].second >= 0 && marks[hi].second < marks[lo].second)
          return fail(pos(*m.get(marks[hi].first)), std::string("`") + marks[hi].first + "` (" +
                                                        std::to_string(marks[hi].second) + ") must not be below `" +
                                                        marks[lo].first + "` (" + std::to_string(marks[lo].second) + ")");
    return true;
  }

  // `kernel = "6.12.118"` and the older `workqueue = "legacy"` (= "2.6.35"); a kernel
  // given by the caller (`cmwq run --kernel`) wins over both (read()).
  bool read_kernel(const toml::table& m) {
    std::vector<std::string> names;
    for (const KernelVersion& v : kernel_versions()) names.push_back(v.name);
    std::string name, style;
    const toml::node* kernel = m.get("kernel");
    if (!get_choice(m, "kernel", names, name)) return false;
    if (!get_choice(m, "workqueue", {"cmwq", "legacy"}, style)) return false;
    KernelGeneration& k = sc_.machine.kernel;
    if (kernel) k = *parse_kernel_version(name);
    if (kernel && !style.empty() && (style == "legacy") != legacy_workqueue(k))
      return fail(pos(*m.get("workqueue")), "`workqueue = \"" + style + "\"` disagrees with `kernel = \"" + name +
                                                 "\"`: the workqueue before CMWQ is kernel \"2.6.35\"; keep one of the two");
    if (!kernel && style == "legacy") k = KernelGeneration::Legacy_2_6_35;
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
    names_ = DeclaredNames(sc_.machine.cpus, sc_.machine.kernel, sc_.machine.memory_pages);
    for (const char* key : {"workqueue", "work"}) {
      const toml::array* arr = array_of_tables(root, key);
      if (failed_) return false;
      if (!arr) continue;
      for (const toml::node& n : *arr)
        if (!collect_name(n, key)) return false;
    }
    return true;
  }

  // The name of one [[workqueue]] or [[work]] (@p key), and whether a work is delayed.
  bool collect_name(const toml::node& n, const std::string& key) {
    const toml::table& t = *n.as_table();
    const toml::node* name = t.get("name");
    if (!name) return fail(pos(n), "[[" + key + "]] needs a `name`");
    if (!name->is_string() || name->as_string()->get().empty())
      return fail(pos(*name), "`name` must be a non-empty string");
    const std::string s = name->as_string()->get();
    if (s.find_first_of(" \t") != std::string::npos) return fail(pos(*name), "`name` must not contain spaces");
    if (first_control_char(s) != std::string::npos)
      return fail(pos(*name), "`name` must not contain control characters (a newline, a NUL): it is printed in traces");
    const bool is_wq = key == "workqueue";
    if (names_.find(is_wq ? NameKind::Workqueue : NameKind::Work, s) != kUnknownName)
      return fail(pos(*name), "duplicate " + key + " name `" + s + "`");
    if (is_wq && s.size() >= static_cast<size_t>(WQ_NAME_LEN))
      return fail(pos(*name), "workqueue name longer than " + std::to_string(WQ_NAME_LEN - 1) + " characters (WQ_NAME_LEN)");
    const toml::node* delayed = t.get("delayed");  // read_works() checks its type
    if (is_wq) return names_.add_workqueue(s);
    return names_.add_work(s, delayed && delayed->is_boolean() && delayed->as_boolean()->get());
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
      if (const toml::node* f = t.get("flags"))
        if (!read_flags(*f, q)) return false;
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

  // A [[workqueue]]'s `flags`: kernel flag names, into q.flags (and q.ordered).
  bool read_flags(const toml::node& f, WorkqueueSpec& q) {
    if (!f.is_array()) return fail(pos(f), "`flags` must be a list such as [\"WQ_UNBOUND\"]");
    std::vector<std::string> known;
    for (const WorkqueueFlagName& fl : workqueue_flag_names()) known.push_back(fl.name);
    known.push_back("__WQ_ORDERED");
    for (const toml::node& e : *f.as_array()) {
      if (!e.is_string()) return fail(pos(e), "each flag must be a string such as \"WQ_UNBOUND\"");
      const std::string name = e.as_string()->get();
      if (name == "WQ_BH")
        return fail(pos(e), "WQ_BH is not modelled: BH workqueues run in softirq context, which this simulator does not have");
      if (name == "__WQ_ORDERED") {
        q.ordered = true;
        continue;
      }
      if (name == "WQ_PERCPU" && !has_wq_percpu_flag(sc_.machine.kernel))
        return fail(pos(e), "WQ_PERCPU does not exist in kernel " + std::string(kernel_version_name(sc_.machine.kernel)) +
                                ": \"workqueue: Add new WQ_PERCPU flag\" added it in Debian 6.12.100; leave it out "
                                "(a workqueue without WQ_UNBOUND is per-CPU) or use `kernel = \"6.12.118\"`");
      bool found = false;
      for (const WorkqueueFlagName& fl : workqueue_flag_names())
        if (name == fl.name) {
          q.flags |= fl.flag;
          found = true;
        }
      if (!found) return fail(pos(e), "unknown workqueue flag `" + name + "`" + did_you_mean(name, known));
    }
    return true;
  }

  bool read_program(const toml::node& n, std::vector<OpSpec>& out, const std::string& where) {
    if (!n.is_array()) return fail(pos(n), "`program` in " + where + " must be a list of strings such as [\"burn 5ms\"]");
    for (const toml::node& e : *n.as_array()) {
      if (!e.is_string()) return fail(pos(e), "each operation must be a string such as \"burn 5ms\"");
      OpParse op = parse_op(e.as_string()->get(), after_quote(e), names_);
      if (!op.op) return fail(op.error->pos, op.error->message);
      out.push_back(std::move(*op.op));
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
      if (first_control_char(w.function) != std::string::npos || w.function.find_first_of(" \t") != std::string::npos)
        return fail(pos(*t.get("function")), "`function` must be one word without control characters");
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
    if (n && !known(NameKind::Workqueue, sc_.reclaim_wq, *n)) return false;
    if (!get_string(*m, "reclaim_work", sc_.reclaim_work, &n)) return false;
    if (n && !known(NameKind::Work, sc_.reclaim_work, *n)) return false;
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
    if (n && !known(NameKind::Workqueue, sc_.rcu_wq, *n)) return false;
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
        ActionParse a = parse_action(e.as_string()->get(), after_quote(e), names_);
        if (!a.action) return fail(a.error->pos, a.error->message);
        a.action->time = time;
        sc_.actions.push_back(std::move(*a.action));
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
    int64_t events = static_cast<int64_t>(sc_.budget.max_events);
    if (!get_int(*r, "max_events", events, 1, int64_t{1} << 40)) return false;
    sc_.budget.max_events = static_cast<uint64_t>(events);
    int64_t memory = static_cast<int64_t>(sc_.budget.max_memory_mib);
    if (!get_int(*r, "max_memory_mib", memory, 16, int64_t{1} << 20)) return false;
    sc_.budget.max_memory_mib = static_cast<uint64_t>(memory);
    return true;
  }

  std::string file_;
  ScenarioOptions opts_;
  Scenario sc_;
  ScenarioError err_;
  bool failed_ = false;
  DeclaredNames names_;  // what ops and actions may name, filled by collect_names()
};

}  // namespace

ScenarioParse parse_scenario(std::string_view text, const std::string& file, const ScenarioOptions& options) {
  return Parser(file, options).run(text);
}

}  // namespace cmwq
