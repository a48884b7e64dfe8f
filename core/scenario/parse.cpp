// Reading scenario files (TOML, via toml++ with exceptions off) into a checked Scenario:
// a small file as one toml++ table, a large one a few thousand tables at a time
// (toml_chunks.h), with the same answer either way.
#include <algorithm>
#include <deque>

#include "core/scenario/scenario.h"
#include "core/scenario/suggest.h"
#include "core/scenario/toml_chunks.h"
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
const char* const kOpNotString = "each operation must be a string such as \"burn 5ms\"";
const char* const kActionNotString = "each action must be a string such as \"queue_work q0 w0\"";

class Parser {
 public:
  Parser(std::string file, const ScenarioOptions& options) : file_(std::move(file)), opts_(options) {
    sc_.file = file_;
  }

  // The whole text as one toml++ table.
  ScenarioParse run_whole(std::string_view text) {
    toml::parse_result r = toml::parse(text, file_);
    if (!r) return error_result(toml_error(text, file_, r.error()));
    parts_.push_back({std::move(r).table(), 0});
    read();
    return result(text);
  }

  // The text chunk by chunk; nullopt if it must be read whole after all.
  std::optional<ScenarioParse> run_chunked(std::string_view text, TomlChunks& chunks) {
    last_work_chunk_ = chunks.last_chunk_with("work");
    for (;;) {
      TomlChunk c = chunks.next();
      if (c.kind == TomlChunk::Kind::Whole) return std::nullopt;
      if (c.kind == TomlChunk::Kind::Error) return error_result(std::move(*c.error));
      if (c.kind == TomlChunk::Kind::Done) break;
      read_chunk(std::move(c));
    }
    finish();
    return result(text);
  }

 private:
  // The passes of read(), in order; an error of an earlier pass wins, and within a pass
  // the error of the earlier table (whatever order a chunked read finds them in).
  enum class Pass : uint8_t { Keys, Title, Machine, Params, CollectWq, CollectWork, ReadWq, ReadWork, Memory, Rcu, At, Run, None };
  struct Rank {
    Pass pass = Pass::None;
    size_t table = 0;  // index of the [[workqueue]], [[work]] or [[at]] table among its kind
    bool operator<(const Rank& o) const { return pass != o.pass ? pass < o.pass : table < o.table; }
  };
  // Top-level entries of the text with the lines before them: the whole root, or each
  // chunk's table less its [[work]] and [[at]] tables.
  struct Part {
    toml::table table;
    int line0 = 0;
  };
  // A program or `do` list read before every name was declared, from its first entry
  // that did not parse (a later declaration may make it parse): re-read by finish().
  struct PendingEntry {
    bool is_string = false;
    std::string text;
    SourcePos at;  // after the quote of a string, the entry itself otherwise
  };
  struct Pending {
    Rank rank;
    size_t slot = 0;   // ReadWork: index in sc_.works; At: index in sc_.actions of the first entry
    size_t first = 0;  // ReadWork: index in the program of the first entry
    Nanos time = 0;    // At: the [[at]]'s time
    std::vector<PendingEntry> entries;
  };

  ScenarioParse error_result(ScenarioError e) {
    ScenarioParse out;
    out.error = std::move(e);
    return out;
  }

  ScenarioParse result(std::string_view text) {
    ScenarioParse out;
    if (failed_at_.pass == Pass::None) {
      out.scenario = std::move(sc_);
    } else {
      out.error = err_;
      out.error->pos = clamp_to_text(text, out.error->pos);
    }
    return out;
  }

  bool fail(SourcePos p, const std::string& msg) {
    const Rank here{pass_, table_};
    if (here < failed_at_) {
      err_ = ScenarioError{file_, p, msg};
      failed_at_ = here;
    }
    return false;
  }
  // Whether pass @p p can still give the error reported.
  bool runs(Pass p) const { return p < failed_at_.pass; }
  // Where a source position of the part being read is in the file (line 0, toml++'s
  // "nowhere", stays 0).
  SourcePos located(const toml::source_position& at) const {
    const int line = static_cast<int>(at.line);
    return {line > 0 ? line + line0_ : 0, static_cast<int>(at.column)};
  }
  SourcePos pos(const toml::node& n) const { return located(n.source().begin); }
  // Where a string's text starts: just after its opening quote.
  SourcePos after_quote(const toml::node& n) const { return {pos(n).line, pos(n).column + 1}; }
  // The part holding top-level @p key (the first part if none does), its lines noted.
  const toml::table& top(std::string_view key) {
    for (const Part& p : parts_)
      if (p.table.contains(key)) {
        line0_ = p.line0;
        return p.table;
      }
    line0_ = parts_.front().line0;
    return parts_.front().table;
  }
  // A workqueue or work named in a table (not in an action), checked like an action's.
  bool known(NameKind kind, const std::string& name, const toml::node& where) {
    return names_.find(kind, name) != kUnknownName || fail(pos(where), unknown_name(kind, name, names_));
  }
  // Keys a table may have; anything else is an error with a suggestion.
  bool check_keys(const toml::table& t, const std::vector<std::string>& allowed, const std::string& where) {
    for (const auto& [k, v] : t) {
      const std::string key(k.str());
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        const SourcePos kp = located(k.source().begin);
        return fail(kp.line > 0 ? kp : pos(v), "unknown key `" + key + "` in " + where + did_you_mean(key, allowed));
      }
    }
    return true;
  }
  // Top-level table @p key into @p out (nullptr if there is none); false if it is not a table.
  bool table_at(const char* key, const toml::table*& out) {
    const toml::node* n = top(key).get(key);
    out = n ? n->as_table() : nullptr;
    return !n || out || fail(pos(*n), std::string("`") + key + "` must be a table, e.g. [" + key + "]");
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

  // The whole text, one pass after the other.
  bool read() {
    return read_top_keys() && read_title() && read_machine() && read_params() && start_names() &&
           collect_works(top("work").get("work")) && read_workqueues() && read_works(top("work").get("work")) &&
           read_memory() && read_rcu() && read_at(top("at").get("at")) && read_run();
  }

  // One chunk: the prologue's passes (its tables come before any [[work]] or [[at]]),
  // then the chunk's [[work]] and [[at]] tables, which are dropped; the rest is kept.
  void read_chunk(TomlChunk c) {
    parts_.push_back({std::move(c.table), c.line0});
    Part& part = parts_.back();
    line0_ = c.line0;
    if (c.index == 0 && read_machine() && read_params() && start_names()) read_workqueues();
    line0_ = c.line0;
    if (runs(Pass::CollectWork)) collect_works(part.table.get("work"));
    names_complete_ = c.index >= last_work_chunk_;
    if (runs(Pass::ReadWork)) read_works(part.table.get("work"));
    if (runs(Pass::At)) read_at(part.table.get("at"));
    part.table.erase("work");
    part.table.erase("at");
    if (part.table.empty() && c.index > 0) parts_.pop_back();
  }

  // The passes that need every chunk read: the top-level keys, the title, what was read
  // before every name was declared, and the tables that may follow the [[work]] tables.
  void finish() {
    if (runs(Pass::Keys)) read_top_keys();
    if (runs(Pass::Title)) read_title();
    names_complete_ = true;
    for (const Pending& p : pending_)
      if (p.rank < failed_at_) read_pending(p);
    if (runs(Pass::Memory)) read_memory();
    if (runs(Pass::Rcu)) read_rcu();
    if (runs(Pass::Run)) read_run();
  }

  // The top-level keys of every part: the first unknown one in key order (a toml::table's).
  bool read_top_keys() {
    pass_ = Pass::Keys;
    const Part* worst = nullptr;
    std::string_view worst_key;
    for (const Part& p : parts_)
      for (const auto& [k, v] : p.table)
        if (std::find(kTopKeys.begin(), kTopKeys.end(), k.str()) == kTopKeys.end() && (!worst || k.str() < worst_key)) {
          worst = &p;
          worst_key = k.str();
        }
    if (!worst) return true;
    line0_ = worst->line0;
    return check_keys(worst->table, kTopKeys, "the scenario");
  }

  bool read_title() {
    pass_ = Pass::Title;
    return get_string(top("title"), "title", sc_.title) && get_string(top("description"), "description", sc_.description);
  }

  bool read_machine() {
    pass_ = Pass::Machine;
    const toml::table* m = nullptr;
    if (!table_at("machine", m)) return false;
    if (!m) return use_kernel_option();
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
    return use_kernel_option();
  }

  // A kernel the caller gives wins, with or without a [machine] table.
  bool use_kernel_option() {
    if (opts_.kernel) sc_.machine.kernel = *opts_.kernel;
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

  bool read_params() {
    pass_ = Pass::Params;
    const toml::table* p = nullptr;
    if (!table_at("params", p)) return false;
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

  // Top-level node @p n (named @p key) as an array of tables into @p out (nullptr if
  // there is none); false if it is something else.
  bool array_of_tables(const toml::node* n, const char* key, const toml::array*& out) {
    out = n && n->is_array_of_tables() ? n->as_array() : nullptr;
    return !n || out || fail(pos(*n), std::string("`") + key + "` must be a list of tables, written [[" + key + "]]");
  }

  // First pass: the names ops may refer to, so order of declaration does not matter:
  // the workqueues' here, the works' by collect_works().
  bool start_names() {
    names_ = DeclaredNames(sc_.machine.cpus, sc_.machine.kernel, sc_.machine.memory_pages);
    return collect_tables(top("workqueue").get("workqueue"), "workqueue", Pass::CollectWq);
  }
  bool collect_works(const toml::node* works) { return collect_tables(works, "work", Pass::CollectWork); }

  bool collect_tables(const toml::node* tables, const char* key, Pass pass) {
    pass_ = pass;
    const toml::array* arr = nullptr;
    if (!array_of_tables(tables, key, arr)) return false;
    if (!arr) return true;
    for (const toml::node& n : *arr) {
      table_ = counted_[static_cast<size_t>(pass)]++;
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

  bool read_workqueues() {
    pass_ = Pass::ReadWq;
    const toml::array* arr = nullptr;
    if (!array_of_tables(top("workqueue").get("workqueue"), "workqueue", arr)) return false;
    if (!arr) return true;
    for (const toml::node& n : *arr) {
      table_ = counted_[static_cast<size_t>(pass_)]++;
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

  // A [[work]]'s (or [rcu]'s) `program` into @p out. An operation that does not parse
  // before every name is declared is left, with the rest, for finish() (in sc_.works[@p slot]).
  bool read_program(const toml::node& n, std::vector<OpSpec>& out, const std::string& where, size_t slot = 0) {
    if (!n.is_array()) return fail(pos(n), "`program` in " + where + " must be a list of strings such as [\"burn 5ms\"]");
    const toml::array& ops = *n.as_array();
    for (size_t i = 0; i < ops.size(); ++i) {
      if (!ops[i].is_string()) return fail(pos(ops[i]), kOpNotString);
      OpParse op = parse_op(ops[i].as_string()->get(), after_quote(ops[i]), names_);
      if (!op.op && !names_complete_) return defer(ops, i, out, {{pass_, table_}, slot, out.size(), 0, {}});
      if (!op.op) return fail(op.error->pos, op.error->message);
      out.push_back(std::move(*op.op));
    }
    return true;
  }

  // Entries @p from on of @p list wait in @p p for every name; @p out gets their places.
  template <typename Spec>
  bool defer(const toml::array& list, size_t from, std::vector<Spec>& out, Pending p) {
    for (size_t i = from; i < list.size(); ++i) {
      const toml::node& e = list[i];
      p.entries.push_back({e.is_string(), e.is_string() ? e.as_string()->get() : std::string(),
                           e.is_string() ? after_quote(e) : pos(e)});
    }
    out.resize(out.size() + p.entries.size());
    pending_.push_back(std::move(p));
    return true;
  }

  // A deferred program or `do` list, now that every name is declared.
  bool read_pending(const Pending& p) {
    pass_ = p.rank.pass;
    table_ = p.rank.table;
    const bool work = pass_ == Pass::ReadWork;
    for (size_t i = 0; i < p.entries.size(); ++i) {
      const PendingEntry& e = p.entries[i];
      if (!e.is_string) return fail(e.at, work ? kOpNotString : kActionNotString);
      if (work) {
        OpParse op = parse_op(e.text, e.at, names_);
        if (!op.op) return fail(op.error->pos, op.error->message);
        sc_.works[p.slot].program[p.first + i] = std::move(*op.op);
      } else {
        ActionParse a = parse_action(e.text, e.at, names_);
        if (!a.action) return fail(a.error->pos, a.error->message);
        a.action->time = p.time;
        sc_.actions[p.slot + i] = std::move(*a.action);
      }
    }
    return true;
  }

  bool read_works(const toml::node* works) {
    pass_ = Pass::ReadWork;
    const toml::array* arr = nullptr;
    if (!array_of_tables(works, "work", arr)) return false;
    if (!arr) return true;
    for (const toml::node& n : *arr) {
      table_ = counted_[static_cast<size_t>(pass_)]++;
      const toml::table& t = *n.as_table();
      if (!check_keys(t, kWorkKeys, "[[work]]")) return false;
      WorkSpec& w = sc_.works.emplace_back();
      w.pos = pos(n);
      get_string(t, "name", w.name);
      if (!get_string(t, "function", w.function)) return false;
      if (first_control_char(w.function) != std::string::npos || w.function.find_first_of(" \t") != std::string::npos)
        return fail(pos(*t.get("function")), "`function` must be one word without control characters");
      if (w.function.empty()) w.function = w.name + "_fn";
      if (!get_bool(t, "delayed", w.delayed)) return false;
      const toml::node* prog = t.get("program");
      if (!prog) return fail(w.pos, "[[work]] `" + w.name + "` needs a `program`, e.g. program = [\"burn 5ms\"]");
      if (!read_program(*prog, w.program, "[[work]] `" + w.name + "`", sc_.works.size() - 1)) return false;
    }
    return true;
  }

  bool read_memory() {
    pass_ = Pass::Memory;
    const toml::table* m = nullptr;
    if (!table_at("memory", m)) return false;
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

  bool read_rcu() {
    pass_ = Pass::Rcu;
    const toml::table* r = nullptr;
    if (!table_at("rcu", r)) return false;
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

  bool read_at(const toml::node* ats) {
    pass_ = Pass::At;
    const toml::array* arr = nullptr;
    if (!array_of_tables(ats, "at", arr)) return false;
    if (!arr) return true;
    for (const toml::node& n : *arr) {
      table_ = counted_[static_cast<size_t>(pass_)]++;
      const toml::table& t = *n.as_table();
      if (!check_keys(t, kAtKeys, "[[at]]")) return false;
      Nanos time = 0;
      if (!get_duration(t, "time", time, true, pos(n))) return false;
      const toml::node* d = t.get("do");
      if (!d) return fail(pos(n), "[[at]] needs `do`, a list of actions such as [\"queue_work q0 w0 cpu=0\"]");
      if (!d->is_array()) return fail(pos(*d), "`do` must be a list of strings such as [\"queue_work q0 w0\"]");
      const toml::array& actions = *d->as_array();
      for (size_t i = 0; i < actions.size(); ++i) {
        if (!actions[i].is_string()) return fail(pos(actions[i]), kActionNotString);
        ActionParse a = parse_action(actions[i].as_string()->get(), after_quote(actions[i]), names_);
        if (!a.action && !names_complete_) {
          defer(actions, i, sc_.actions, {{pass_, table_}, sc_.actions.size(), 0, time, {}});
          break;
        }
        if (!a.action) return fail(a.error->pos, a.error->message);
        a.action->time = time;
        sc_.actions.push_back(std::move(*a.action));
      }
    }
    return true;
  }

  bool read_run() {
    pass_ = Pass::Run;
    const toml::table* r = nullptr;
    if (!table_at("run", r)) return false;
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
  Rank failed_at_;       // the error's pass and table (Pass::None: no error)
  Pass pass_ = Pass::Keys;
  size_t table_ = 0;     // the table being read, among its kind
  size_t counted_[static_cast<size_t>(Pass::None)] = {};  // tables of each pass read so far
  DeclaredNames names_;  // what ops and actions may name, filled by start_names() and collect_works()
  bool names_complete_ = true;   // false while a chunked read has [[work]] tables ahead
  size_t last_work_chunk_ = 0;   // the chunk with the last [[work]]
  std::deque<Part> parts_;
  int line0_ = 0;                // lines before the part being read
  std::vector<Pending> pending_;
};

}  // namespace

ScenarioParse parse_scenario(std::string_view text, const std::string& file, const ScenarioOptions& options) {
  std::vector<TomlHeaderLine> headers;
  if (std::optional<ScenarioError> e = scan_toml(text, file, text.size() >= options.chunk_min_bytes ? &headers : nullptr))
    return ScenarioParse{std::nullopt, ScenarioError{file, clamp_to_text(text, e->pos), e->message}};
  if (!headers.empty()) {
    TomlChunks chunks(text, file, std::move(headers), {{"work", "at"}, {"machine", "params", "workqueue"}, options.chunk_tables});
    if (chunks.planned())
      if (std::optional<ScenarioParse> out = Parser(file, options).run_chunked(text, chunks)) return std::move(*out);
  }
  return Parser(file, options).run_whole(text);
}

}  // namespace cmwq
