// The action language's one parser: an action line ([[at]] do, a typed command) or a
// program operation, checked against an ActionNames. Each verb is a row of a table:
// its name, what it becomes, how many words it needs, the step that reads the rest.
#include <algorithm>
#include <charconv>

#include "core/scenario/action.h"

#include <cstdio>
#include "core/scenario/suggest.h"
#include "core/workqueue/constants.h"

namespace cmwq {

std::string ScenarioError::format() const {
  return (file.empty() ? std::string() : file + ":") + std::to_string(pos.line) + ":" + std::to_string(pos.column) +
         ": error: " + message;
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
  if (unit == "ns")
    mult = 1;
  else if (unit == "us")
    mult = NSEC_PER_USEC;
  else if (unit == "ms")
    mult = NSEC_PER_MSEC;
  else if (unit == "s")
    mult = NSEC_PER_SEC;
  else
    return std::nullopt;
  // Longer than kMaxDuration is refused, before whole * mult could overflow.
  if (whole > kMaxDuration / mult) return std::nullopt;
  const Nanos d = whole * mult + frac * mult / frac_scale;
  if (d > kMaxDuration) return std::nullopt;
  return d;
}

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

namespace {

const std::vector<std::string> kGfp = {"GFP_KERNEL", "GFP_NOIO", "GFP_NOWAIT", "GFP_ATOMIC"};

using Tokens = std::vector<Token>;

std::optional<int64_t> parse_int(std::string_view t) {
  int64_t v = 0;
  const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
  if (r.ec != std::errc() || r.ptr != t.data() + t.size()) return std::nullopt;
  return v;
}

// The options that may follow an action's or operation's fixed words.
enum Option : unsigned { kCpu = 1, kFrom = 2, kCount = 4, kName = 8 };
struct Options {
  int cpu = -1;             // cpu=N; -1 for cpu=any (WORK_CPU_UNBOUND)
  int from = 0;             // from=N
  int64_t count = 1;        // count=K
  std::string name = "uw";  // name=PREFIX
};
constexpr int64_t kMaxNewWorks = 64;  // `queue`'s count=K bound: a click, not a benchmark

// "a, b or c"
template <typename Row>
std::string word_list(const Row* rows, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += std::string(i == 0 ? "" : i + 1 == n ? " or " : ", ") + rows[i].name;
  return out;
}

// Reads one line (an action or an operation) and keeps the first mistake in it.
class LineReader {
 public:
  LineReader(const ActionNames& names, int line) : names_(names), line_(line) {}

  std::optional<ScenarioError> error;

  SourcePos at(const Token& t) const { return {line_, t.column}; }
  // Records a mistake at @p column; once the verb is known the message names it.
  bool fail(int column, const std::string& message) {
    if (error) return false;
    const std::string named = "`" + verb_ + "`";
    const bool names_verb = verb_.empty() || message.rfind(named, 0) == 0;
    error = ScenarioError{"", {line_, column}, names_verb ? message : named + ": " + message};
    return false;
  }
  bool fail(const Token& t, const std::string& message) { return fail(t.column, message); }
  void set_verb(std::string_view verb) { verb_ = verb; }

  bool need_args(const Tokens& tok, size_t n, std::string_view usage) {
    if (tok.size() < n) return fail(tok[0], "`" + verb_ + "` needs arguments: " + std::string(usage));
    return true;
  }
  bool no_more(const Tokens& tok, size_t n) {
    if (tok.size() > n) return fail(tok[n], "unexpected `" + std::string(tok[n].text) + "`");
    return true;
  }
  bool known(NameKind kind, const Token& t) {
    if (names_.find(kind, t.text) != kUnknownName) return true;
    return fail(t, unknown_name(kind, t.text, names_));
  }
  // destroy_workqueue of a system workqueue: the kernel never does it, and the model's
  // own works (RCU, idle culling) need them.
  bool destroyable(const Token& t) {
    if (!is_system_workqueue(t.text)) return true;
    return fail(t, "`" + std::string(t.text) +
                       "` is a system workqueue, which is never destroyed; destroy a [[workqueue]] of your own");
  }
  bool duration_arg(const Token& t, Nanos& out) {
    if (!t.text.empty() && t.text[0] == '-') return fail(t, "a duration must not be negative");
    const auto d = parse_duration(t.text);
    if (!d)
      return fail(t, "bad duration `" + std::string(t.text) +
                         "`: expected a number and a unit (ns, us, ms, s), e.g. 5ms, at most 1000000s");
    out = *d;
    return true;
  }
  // A number of pages, at most kMaxPages (any machine's most).
  bool count_arg(const Token& t, int64_t& out) {
    const auto v = parse_int(t.text);
    const bool digits = !t.text.empty() && t.text.find_first_not_of("0123456789") == std::string_view::npos;
    if (digits && (!v || *v > kMaxPages))  // too large even for int64_t, or for any machine
      return fail(t, "`" + std::string(t.text) + "` pages is more than any machine has (at most " +
                         std::to_string(kMaxPages) + ")");
    if (!v || *v < 0) return fail(t, "expected a number of pages, not `" + std::string(t.text) + "`");
    out = *v;
    return true;
  }
  // An allocation no larger than the machine: a bigger one could never be satisfied.
  bool fits_machine(const Token& t, int64_t pages) {
    if (pages <= names_.pages()) return true;
    return fail(t, std::to_string(pages) + " pages is more than the machine has ([machine] memory_pages = " +
                       std::to_string(names_.pages()) + ")");
  }
  // A CPU number (or, where @p any_ok, `any`: -1) in @p value, written in token @p t.
  bool cpu_value(const Token& t, std::string_view value, bool any_ok, int& out) {
    if (any_ok && value == "any") {
      out = -1;
      return true;
    }
    const auto v = parse_int(value);
    if (v && *v >= 0 && *v < names_.cpus()) {
      out = static_cast<int>(*v);
      return true;
    }
    return fail(t, std::string("CPU must be ") + (any_ok ? "`any` or " : "") + "between 0 and " +
                       std::to_string(names_.cpus() - 1) +
                       " on this machine ([machine] cpus = " + std::to_string(names_.cpus()) + ")");
  }
  bool options(const Tokens& tok, size_t first, unsigned allowed, Options& o) {
    for (size_t i = first; i < tok.size(); ++i)
      if (!option(tok[i], allowed, o)) return false;
    return true;
  }

  // Program operations and their steps.
  bool read_op(std::string_view text, int first_column, OpSpec& op);
  bool printable(std::string_view text, int first_column);
  bool op_duration(const Tokens& tok, OpSpec& op) { return duration_arg(tok[1], op.ns) && no_more(tok, 2); }
  bool op_alloc(const Tokens& tok, OpSpec& op);
  bool op_pages(const Tokens& tok, OpSpec& op) { return count_arg(tok[1], op.count) && no_more(tok, 2); }
  bool op_queue(const Tokens& tok, OpSpec& op);
  bool is_delayed_work(const Token& work);
  bool op_target(const Tokens& tok, OpSpec& op);
  bool op_wq(const Tokens& tok, OpSpec& op);
  bool op_bare(const Tokens& tok, OpSpec&) { return no_more(tok, 1); }

  // Actions and their steps.
  bool read_action(std::string_view text, int first_column, ActionSpec& a);
  bool act_queue_work(std::string_view text, const Tokens& tok, ActionSpec& a);
  bool act_queue_new(std::string_view text, const Tokens& tok, ActionSpec& a);
  bool act_pages(std::string_view text, const Tokens& tok, ActionSpec& a);
  bool act_max_active(std::string_view text, const Tokens& tok, ActionSpec& a);
  bool act_complete(std::string_view text, const Tokens& tok, ActionSpec& a);
  bool act_wq_call(std::string_view text, const Tokens& tok, ActionSpec& a);
  bool act_hotplug(std::string_view text, const Tokens& tok, ActionSpec& a);
  bool act_rt_busy(std::string_view text, const Tokens& tok, ActionSpec& a);

 private:
  bool option(const Token& t, unsigned allowed, Options& o);
  bool new_works_options(const Token& t, std::string_view key, std::string_view value, Options& o);
  bool read_program(std::string_view text, int first_column, std::vector<OpSpec>& out);

  const ActionNames& names_;
  int line_ = 0;
  int first_column_ = 0;  // of the line being read
  std::string verb_;
};

// --- program operations -------------------------------------------------------

struct OpVerb {
  const char* name;
  OpCode code;
  size_t words;  // the verb and its required arguments
  bool (LineReader::*read)(const Tokens&, OpSpec&);
  const char* usage;
};

const OpVerb kOpVerbs[] = {
    {"burn", OpCode::Burn, 2, &LineReader::op_duration, "burn DURATION, e.g. burn 5ms"},
    {"sleep", OpCode::Sleep, 2, &LineReader::op_duration, "sleep DURATION, e.g. sleep 5ms"},
    {"alloc", OpCode::Alloc, 2, &LineReader::op_alloc, "alloc PAGES [GFP_KERNEL|GFP_NOIO|GFP_NOWAIT|GFP_ATOMIC]"},
    {"free", OpCode::Free, 2, &LineReader::op_pages, "free PAGES"},
    {"reclaim", OpCode::Reclaim, 2, &LineReader::op_pages, "reclaim PAGES"},
    {"queue_work", OpCode::QueueWork, 3, &LineReader::op_queue, "queue_work WQ WORK [cpu=N|any]"},
    {"queue_delayed_work", OpCode::QueueDelayed, 4, &LineReader::op_queue,
     "queue_delayed_work WQ WORK DELAY [cpu=N|any]"},
    {"flush_work", OpCode::FlushWork, 2, &LineReader::op_target, "flush_work WORK"},
    {"flush_workqueue", OpCode::FlushWorkqueue, 2, &LineReader::op_wq, "flush_workqueue WQ"},
    {"cancel_work_sync", OpCode::CancelWorkSync, 2, &LineReader::op_target, "cancel_work_sync WORK"},
    {"wait", OpCode::Wait, 2, &LineReader::op_target, "wait COMPLETION"},
    {"complete", OpCode::Complete, 2, &LineReader::op_target, "complete COMPLETION"},
    {"complete_all", OpCode::CompleteAll, 2, &LineReader::op_target, "complete_all COMPLETION"},
    {"synchronize_rcu", OpCode::SynchronizeRcu, 1, &LineReader::op_bare, "synchronize_rcu"},
    {"lock", OpCode::Lock, 2, &LineReader::op_target, "lock MUTEX"},
    {"unlock", OpCode::Unlock, 2, &LineReader::op_target, "unlock MUTEX"},
    {"drain_workqueue", OpCode::DrainWorkqueue, 2, &LineReader::op_wq, "drain_workqueue WQ"},
    {"destroy_workqueue", OpCode::DestroyWorkqueue, 2, &LineReader::op_wq, "destroy_workqueue WQ"},
};
constexpr size_t kOpVerbCount = sizeof(kOpVerbs) / sizeof(kOpVerbs[0]);

template <typename Row, size_t N>
const Row* find_verb(const Row (&rows)[N], std::string_view name) {
  for (const Row& r : rows)  // under twenty rows: a scan is the simplest look-up
    if (name == r.name) return &r;
  return nullptr;
}

template <typename Row, size_t N>
std::vector<std::string> verb_names(const Row (&rows)[N]) {
  std::vector<std::string> out;
  for (const Row& r : rows) out.emplace_back(r.name);
  return out;
}

// Names and numbers are printable: a control character (a newline, a NUL) in a name
// would break the table and ftrace lines that print it.
bool LineReader::printable(std::string_view text, int first_column) {
  const size_t i = first_control_char(text);
  if (i == std::string_view::npos) return true;
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[i]));
  return fail(first_column + static_cast<int>(i), std::string("control character ") + hex +
                                                      ": actions, operations and names are printable text");
}

bool LineReader::read_op(std::string_view text, int first_column, OpSpec& op) {
  first_column_ = first_column;
  if (!printable(text, first_column)) return false;
  op.text = std::string(text);
  op.pos = {line_, first_column};
  const Tokens tok = tokenize(text, first_column);
  if (tok.empty()) return fail(first_column, "empty operation; expected one of: burn, sleep, alloc, queue_work, ...");
  op.pos = at(tok[0]);
  const OpVerb* v = find_verb(kOpVerbs, tok[0].text);
  if (!v) {
    const std::string name(tok[0].text);
    return fail(tok[0], "unknown operation `" + name + "`" + did_you_mean(name, verb_names(kOpVerbs)) + "; expected " +
                            word_list(kOpVerbs, kOpVerbCount));
  }
  set_verb(v->name);
  op.code = v->code;
  return need_args(tok, v->words, v->usage) && (this->*(v->read))(tok, op);
}

bool LineReader::op_alloc(const Tokens& tok, OpSpec& op) {
  if (!count_arg(tok[1], op.count) || !fits_machine(tok[1], op.count)) return false;
  if (tok.size() >= 3) {
    const std::string g(tok[2].text);
    const auto it = std::find(kGfp.begin(), kGfp.end(), g);
    if (it == kGfp.end()) return fail(tok[2], "unknown GFP flags `" + g + "`" + did_you_mean(g, kGfp));
    op.gfp = static_cast<Gfp>(it - kGfp.begin());
  }
  return no_more(tok, 3);
}

bool LineReader::op_queue(const Tokens& tok, OpSpec& op) {
  const bool delayed = op.code == OpCode::QueueDelayed;
  op.wq = tok[1].text;
  op.target = tok[2].text;
  if (!known(NameKind::Workqueue, tok[1]) || !known(NameKind::Work, tok[2])) return false;
  if (delayed && (!duration_arg(tok[3], op.ns) || !is_delayed_work(tok[2]))) return false;
  Options o;
  if (!options(tok, delayed ? 4 : 3, kCpu, o)) return false;
  op.cpu = o.cpu;
  return true;
}

// queue_delayed_work() takes a struct delayed_work: a [[work]] with `delayed = true`.
bool LineReader::is_delayed_work(const Token& work) {
  if (names_.delayed(names_.find(NameKind::Work, work.text))) return true;
  return fail(work, "work `" + std::string(work.text) + "` is not a delayed work: add `delayed = true` to its [[work]]");
}

bool LineReader::op_target(const Tokens& tok, OpSpec& op) {
  op.target = tok[1].text;
  return known(*target_kind(op.code), tok[1]) && no_more(tok, 2);
}

bool LineReader::op_wq(const Tokens& tok, OpSpec& op) {
  op.wq = tok[1].text;
  if (!known(NameKind::Workqueue, tok[1])) return false;
  if (op.code == OpCode::DestroyWorkqueue && !destroyable(tok[1])) return false;
  return no_more(tok, 2);
}

// --- options ------------------------------------------------------------------

bool LineReader::option(const Token& t, unsigned allowed, Options& o) {
  const size_t eq = t.text.find('=');
  const std::string_view key = eq == std::string_view::npos ? std::string_view() : t.text.substr(0, eq);
  const std::string_view value = eq == std::string_view::npos ? std::string_view() : t.text.substr(eq + 1);
  if (key == "cpu" && (allowed & kCpu)) return cpu_value(t, value, true, o.cpu);
  if (key == "from" && (allowed & kFrom)) return cpu_value(t, value, false, o.from);
  if ((key == "count" && (allowed & kCount)) || (key == "name" && (allowed & kName)))
    return new_works_options(t, key, value, o);
  const char* expected = allowed == kCpu             ? "cpu=N"
                         : allowed == kFrom          ? "from=N"
                         : allowed == (kCpu | kFrom) ? "cpu=N or from=N"
                                                     : "cpu=N, from=N, count=K or name=PREFIX";
  return fail(t, "unexpected `" + std::string(t.text) + "`: expected " + expected);
}

// count=K and name=PREFIX of `queue`.
bool LineReader::new_works_options(const Token& t, std::string_view key, std::string_view value, Options& o) {
  if (key == "count") {
    const auto c = parse_int(value);
    if (!c || *c < 1 || *c > kMaxNewWorks)
      return fail(t, "count must be between 1 and " + std::to_string(kMaxNewWorks));
    o.count = *c;
    return true;
  }
  const bool good = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
  if (!good) return fail(t, "name must be letters, digits and _ (the works are named NAME and their id, e.g. blk12)");
  o.name = value;
  return true;
}

// --- actions ------------------------------------------------------------------

struct ActionVerb {
  const char* name;
  ScriptOp op;
  size_t words;  // the verb and its required arguments
  bool (LineReader::*read)(std::string_view, const Tokens&, ActionSpec&);
  const char* usage;
};

const ActionVerb kActionVerbs[] = {
    {"queue_work", ScriptOp::QueueWork, 3, &LineReader::act_queue_work, "queue_work WQ WORK [cpu=N|any] [from=N]"},
    {"queue_delayed_work", ScriptOp::QueueDelayedWork, 4, &LineReader::act_queue_work,
     "queue_delayed_work WQ WORK DELAY [cpu=N|any] [from=N]"},
    {"queue", ScriptOp::QueueNewWorks, 1, &LineReader::act_queue_new,
     "queue WQ [cpu=N|any] [from=N] [count=K] [name=PREFIX]: OP; OP; ... "
     "(e.g. queue q0 cpu=0 count=3 name=blk: burn 1ms)"},
    {"hog", ScriptOp::Hog, 2, &LineReader::act_pages, "hog PAGES, or hog all"},
    {"release", ScriptOp::Release, 2, &LineReader::act_pages, "release PAGES, or release all"},
    {"set_max_active", ScriptOp::SetMaxActive, 3, &LineReader::act_max_active, "set_max_active WQ N"},
    {"complete", ScriptOp::Complete, 2, &LineReader::act_complete, "complete COMPLETION"},
    {"complete_all", ScriptOp::CompleteAll, 2, &LineReader::act_complete, "complete_all COMPLETION"},
    {"cpu_offline", ScriptOp::CpuOffline, 2, &LineReader::act_hotplug, "cpu_offline CPU"},
    {"cpu_online", ScriptOp::CpuOnline, 2, &LineReader::act_hotplug, "cpu_online CPU"},
    {"drain_workqueue", ScriptOp::DrainWorkqueue, 2, &LineReader::act_wq_call, "drain_workqueue WQ [from=N]"},
    {"destroy_workqueue", ScriptOp::DestroyWorkqueue, 2, &LineReader::act_wq_call, "destroy_workqueue WQ [from=N]"},
    {"kthreadd_cpu", ScriptOp::KthreaddCpu, 2, &LineReader::act_hotplug, "kthreadd_cpu CPU"},
    {"rt_busy", ScriptOp::RtBusy, 3, &LineReader::act_rt_busy, "rt_busy CPU DURATION, e.g. rt_busy 1 300ms"},
};
constexpr size_t kActionVerbCount = sizeof(kActionVerbs) / sizeof(kActionVerbs[0]);

bool LineReader::read_action(std::string_view text, int first_column, ActionSpec& a) {
  first_column_ = first_column;
  if (!printable(text, first_column)) return false;
  a.text = std::string(text);
  a.pos = {line_, first_column};
  const Tokens tok = tokenize(text, first_column);
  if (tok.empty()) return fail(first_column, "empty action; expected queue_work, queue, hog, release, ...");
  a.pos = at(tok[0]);
  std::string_view word = tok[0].text;
  if (word.substr(0, word.find(':')) == "queue") word = "queue";  // `queue: OP` has no WQ yet
  const ActionVerb* v = find_verb(kActionVerbs, word);
  if (!v) {
    const std::string name(word);
    return fail(tok[0], "unknown action `" + name + "`" + did_you_mean(name, verb_names(kActionVerbs)) + "; expected " +
                            word_list(kActionVerbs, kActionVerbCount));
  }
  set_verb(v->name);
  a.op = v->op;
  return need_args(tok, v->words, v->usage) && (this->*(v->read))(text, tok, a);
}

bool LineReader::act_queue_work(std::string_view, const Tokens& tok, ActionSpec& a) {
  const bool delayed = a.op == ScriptOp::QueueDelayedWork;
  a.wq = tok[1].text;
  a.target = tok[2].text;
  if (!known(NameKind::Workqueue, tok[1]) || !known(NameKind::Work, tok[2])) return false;
  if (delayed && (!duration_arg(tok[3], a.delay) || !is_delayed_work(tok[2]))) return false;
  Options o;
  if (!options(tok, delayed ? 4 : 3, kCpu | kFrom, o)) return false;
  a.cpu = o.cpu;
  a.from_cpu = o.from;
  return true;
}

// queue WQ [options]: OP; OP; ...
bool LineReader::act_queue_new(std::string_view text, const Tokens& tok, ActionSpec& a) {
  const size_t colon = text.find(':');
  const Tokens head = tokenize(text.substr(0, colon), first_column_);
  if (colon == std::string_view::npos || head.size() < 2)
    return fail(tok[0], "`queue` needs arguments: " + std::string(find_verb(kActionVerbs, "queue")->usage));
  a.wq = head[1].text;
  if (!known(NameKind::Workqueue, head[1])) return false;
  Options o;
  if (!options(head, 2, kCpu | kFrom | kCount | kName, o)) return false;
  a.cpu = o.cpu;
  a.from_cpu = o.from;
  a.count = o.count;
  a.name = o.name;
  return read_program(text.substr(colon + 1), first_column_ + static_cast<int>(colon) + 1, a.program);
}

// OP; OP; ... after `queue`'s colon: each operation at its own column.
bool LineReader::read_program(std::string_view text, int first_column, std::vector<OpSpec>& out) {
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find(';', start), text.size());
    const std::string_view piece = text.substr(start, end - start);
    const size_t first = piece.find_first_not_of(" \t");
    if (first != std::string_view::npos) {
      const size_t last = piece.find_last_not_of(" \t");
      LineReader op_reader(names_, line_);  // an operation's mistakes name its own verb
      OpSpec op;
      if (!op_reader.read_op(piece.substr(first, last - first + 1), first_column + static_cast<int>(start + first),
                             op)) {
        error = op_reader.error;
        return false;
      }
      out.push_back(std::move(op));
    }
    start = end + 1;
  }
  if (out.empty()) return fail(first_column, "the program is empty: write operations such as `burn 1ms; sleep 5ms`");
  return true;
}

bool LineReader::act_pages(std::string_view, const Tokens& tok, ActionSpec& a) {
  if (tok[1].text == "all") {
    a.count = INT64_MAX;
  } else if (!count_arg(tok[1], a.count)) {
    return false;
  }
  return no_more(tok, 2);
}

bool LineReader::act_max_active(std::string_view, const Tokens& tok, ActionSpec& a) {
  a.wq = tok[1].text;
  if (!known(NameKind::Workqueue, tok[1])) return false;
  const auto v = parse_int(tok[2].text);
  if (!v || *v < 1 || *v > WQ_MAX_ACTIVE)
    return fail(tok[2], "max_active must be between 1 and " + std::to_string(WQ_MAX_ACTIVE));
  a.count = *v;
  return no_more(tok, 3);
}

bool LineReader::act_complete(std::string_view, const Tokens& tok, ActionSpec& a) {
  a.target = tok[1].text;
  return known(NameKind::Completion, tok[1]) && no_more(tok, 2);
}

// drain_workqueue and destroy_workqueue: a task the action starts makes the call.
bool LineReader::act_wq_call(std::string_view, const Tokens& tok, ActionSpec& a) {
  a.wq = tok[1].text;
  if (!known(NameKind::Workqueue, tok[1])) return false;
  if (a.op == ScriptOp::DestroyWorkqueue && !destroyable(tok[1])) return false;
  for (size_t i = 2; i < tok.size(); ++i)
    if (tok[i].text.rfind("cpu=", 0) == 0)
      return fail(tok[i], "`" + verb_ + "` takes no cpu=N: from=N is the CPU its task runs on");
  Options o;
  if (!options(tok, 2, kFrom, o)) return false;
  a.from_cpu = o.from;
  return true;
}

// cpu_offline, cpu_online and kthreadd_cpu: one CPU.
bool LineReader::act_hotplug(std::string_view, const Tokens& tok, ActionSpec& a) {
  return cpu_value(tok[1], tok[1].text, false, a.cpu) && no_more(tok, 2);
}

bool LineReader::act_rt_busy(std::string_view, const Tokens& tok, ActionSpec& a) {
  return cpu_value(tok[1], tok[1].text, false, a.cpu) && duration_arg(tok[2], a.delay) && no_more(tok, 3);
}

}  // namespace

ActionParse parse_action(std::string_view line, SourcePos start, const ActionNames& names) {
  LineReader r(names, start.line);
  ActionSpec a;
  ActionParse out;
  if (r.read_action(line, start.column, a)) {
    out.action = std::move(a);
  } else {
    out.error = r.error;
  }
  return out;
}

OpParse parse_op(std::string_view text, SourcePos start, const ActionNames& names) {
  LineReader r(names, start.line);
  OpSpec op;
  OpParse out;
  if (r.read_op(text, start.column, op)) {
    out.op = std::move(op);
  } else {
    out.error = r.error;
  }
  return out;
}

}  // namespace cmwq
