// The change language: edits a comparison makes to a scenario for its second run. Each
// verb is a row of a table, as in the action language's parser (action_parse.cpp).
#include "core/scenario/change.h"

#include <algorithm>
#include <charconv>

#include "core/scenario/suggest.h"
#include "core/trace/text.h"
#include "core/workqueue/constants.h"
#include "core/workqueue/generation.h"

namespace cmwq {
namespace {

using Tokens = std::vector<Token>;

// Reads the edits one by one, applying each to a copy of the scenario, and keeps the
// first mistake. Action indices name the file's actions as written, so a dropped action
// is only taken out at the end.
class ChangeReader {
 public:
  explicit ChangeReader(const Scenario& s) : sc_(s), dropped_(s.actions.size(), false) {}

  ScenarioParse read(std::string_view text);

  bool kernel(const Tokens& tok);
  bool flags(const Tokens& tok);
  bool max_active(const Tokens& tok);
  bool cpus(const Tokens& tok);
  bool move_action(const Tokens& tok);
  bool drop_action(const Tokens& tok);

 private:
  bool edit(std::string_view piece, int column);
  bool fail(int column, const std::string& message) {
    if (!error_) error_ = ScenarioError{"", {1, column}, verb_.empty() ? message : "`" + verb_ + "`: " + message};
    return false;
  }
  bool fail(const Token& t, const std::string& message) { return fail(t.column, message); }
  bool no_more(const Tokens& tok, size_t n) {
    return tok.size() <= n || fail(tok[n], "unexpected `" + std::string(tok[n].text) + "`");
  }
  bool number(const Token& t, int64_t lo, int64_t hi, const char* what, int64_t& out);
  WorkqueueSpec* workqueue(const Token& t);
  std::optional<size_t> action(const Token& t);
  bool cpus_fit();
  bool kernel_fits();

  Scenario sc_;
  std::vector<bool> dropped_;  // by the file's action index
  std::optional<ScenarioError> error_;
  std::string verb_;
  int cpus_column_ = 0;    // where a `cpus` edit was written, if any
  int kernel_column_ = 0;  // where a `kernel` edit was written, if any
};

struct ChangeVerb {
  const char* name;
  size_t words;  // the verb and its required arguments
  bool (ChangeReader::*read)(const Tokens&);
  const char* usage;
};

const ChangeVerb kVerbs[] = {
    {"kernel", 2, &ChangeReader::kernel, "kernel VERSION, e.g. kernel 6.12.0"},
    {"flags", 3, &ChangeReader::flags, "flags WQ +FLAG|-FLAG ..., e.g. flags writeback -WQ_MEM_RECLAIM"},
    {"max_active", 3, &ChangeReader::max_active, "max_active WQ N, e.g. max_active q0 1"},
    {"cpus", 2, &ChangeReader::cpus, "cpus N, e.g. cpus 2"},
    {"at", 3, &ChangeReader::move_action, "at INDEX TIME, e.g. at 2 5ms (timed actions count from 1)"},
    {"drop", 2, &ChangeReader::drop_action, "drop INDEX, e.g. drop 2 (timed actions count from 1)"},
};

std::string verb_list() {
  std::string out;
  for (const ChangeVerb& v : kVerbs) out += std::string(out.empty() ? "" : ", ") + v.name;
  return out;
}

ScenarioParse ChangeReader::read(std::string_view text) {
  size_t start = 0;
  bool any = false;
  while (start <= text.size()) {
    const size_t end = std::min(text.find(';', start), text.size());
    const std::string_view piece = text.substr(start, end - start);
    if (piece.find_first_not_of(" \t") != std::string_view::npos) {
      any = true;
      if (!edit(piece, static_cast<int>(start) + 1)) break;
    }
    start = end + 1;
  }
  if (!any && !error_) fail(1, "empty change; expected one of: " + verb_list());
  if (!error_ && cpus_fit()) kernel_fits();
  ScenarioParse out;
  if (error_) {
    out.error = error_;
    return out;
  }
  std::vector<ActionSpec> kept;
  for (size_t i = 0; i < sc_.actions.size(); ++i)
    if (!dropped_[i]) kept.push_back(std::move(sc_.actions[i]));
  sc_.actions = std::move(kept);
  out.scenario = std::move(sc_);
  return out;
}

bool ChangeReader::edit(std::string_view piece, int column) {
  const Tokens tok = tokenize(piece, column);
  verb_.clear();
  const auto v = std::find_if(std::begin(kVerbs), std::end(kVerbs),
                              [&](const ChangeVerb& r) { return tok[0].text == r.name; });
  if (v == std::end(kVerbs)) {
    std::vector<std::string> names;
    for (const ChangeVerb& r : kVerbs) names.emplace_back(r.name);
    const std::string word(tok[0].text);
    return fail(tok[0], "unknown change `" + word + "`" + did_you_mean(word, names) + "; expected " + verb_list());
  }
  verb_ = v->name;
  if (tok.size() < v->words) return fail(tok[0], "needs arguments: " + std::string(v->usage));
  return (this->*(v->read))(tok);
}

bool ChangeReader::number(const Token& t, int64_t lo, int64_t hi, const char* what, int64_t& out) {
  int64_t v = 0;
  const auto r = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
  if (r.ec != std::errc() || r.ptr != t.text.data() + t.text.size() || v < lo || v > hi)
    return fail(t, std::string(what) + " must be a number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                       ", not `" + std::string(t.text) + "`");
  out = v;
  return true;
}

// A [[workqueue]] of the scenario (the system workqueues are the kernel's: no change).
WorkqueueSpec* ChangeReader::workqueue(const Token& t) {
  for (WorkqueueSpec& q : sc_.workqueues)
    if (q.name == t.text) return &q;
  const std::string name(t.text);
  if (is_system_workqueue(name)) {
    fail(t, "`" + name + "` is a system workqueue, whose flags and max_active are the kernel's; change a " +
                "[[workqueue]] of the scenario");
    return nullptr;
  }
  std::vector<std::string> names;
  std::string list;
  for (const WorkqueueSpec& q : sc_.workqueues) {
    names.push_back(q.name);
    list += (list.empty() ? "`" : ", `") + q.name + "`";
  }
  fail(t, "unknown workqueue `" + name + "`; the scenario declares " + (list.empty() ? "no [[workqueue]]" : list) +
              did_you_mean(name, names));
  return nullptr;
}

// A timed action by its number in the file (from 1), as an index into the actions.
std::optional<size_t> ChangeReader::action(const Token& t) {
  const auto n = static_cast<int64_t>(sc_.actions.size());
  if (n == 0) {
    fail(t, "the scenario has no timed actions ([[at]])");
    return std::nullopt;
  }
  int64_t index = 0;
  const auto r = std::from_chars(t.text.data(), t.text.data() + t.text.size(), index);
  if (r.ec != std::errc() || r.ptr != t.text.data() + t.text.size() || index < 1 || index > n) {
    fail(t, "no timed action `" + std::string(t.text) + "`: the scenario has " + std::to_string(n) +
                ", numbered from 1 in file order (one per `do` line)");
    return std::nullopt;
  }
  const auto i = static_cast<size_t>(index - 1);
  if (dropped_[i]) {
    fail(t, "timed action " + std::to_string(index) + " is dropped already");
    return std::nullopt;
  }
  return i;
}

bool ChangeReader::kernel(const Tokens& tok) {
  const std::optional<KernelGeneration> k = parse_kernel_version(tok[1].text);
  if (!k) {
    std::vector<std::string> names;
    std::string list;
    for (const KernelVersion& v : kernel_versions()) {
      names.emplace_back(v.name);
      list += std::string(list.empty() ? "" : ", ") + v.name;
    }
    const std::string word(tok[1].text);
    return fail(tok[1], "unknown kernel `" + word + "`; the model follows " + list + did_you_mean(word, names));
  }
  if (*k == sc_.machine.kernel)
    return fail(tok[1], std::string("the scenario runs kernel ") + kernel_version_name(*k) + " already");
  sc_.machine.kernel = *k;
  kernel_column_ = tok[1].column;
  return no_more(tok, 2);
}

bool ChangeReader::flags(const Tokens& tok) {
  WorkqueueSpec* q = workqueue(tok[1]);
  if (!q) return false;
  std::vector<std::string> known;
  for (const WorkqueueFlagName& f : workqueue_flag_names()) known.emplace_back(f.name);
  for (size_t i = 2; i < tok.size(); ++i) {
    const std::string_view word = tok[i].text;
    const char sign = word[0];
    const std::string name(word.substr(1));
    if (sign != '+' && sign != '-')
      return fail(tok[i], "write +FLAG to add a flag or -FLAG to remove it, not `" + std::string(word) + "`");
    const auto f = std::find_if(workqueue_flag_names().begin(), workqueue_flag_names().end(),
                                [&](const WorkqueueFlagName& x) { return name == x.name; });
    if (f == workqueue_flag_names().end())
      return fail(tok[i].column + 1, "unknown workqueue flag `" + name + "`" + did_you_mean(name, known));
    if (f->flag == WQ_PERCPU && sign == '+' && !has_wq_percpu_flag(sc_.machine.kernel))
      return fail(tok[i].column + 1, std::string("WQ_PERCPU does not exist in kernel ") +
                                         kernel_version_name(sc_.machine.kernel) +
                                         ": \"workqueue: Add new WQ_PERCPU flag\" added it in Debian 6.12.100");
    const bool has = (q->flags & f->flag) != 0;
    if (has == (sign == '+'))
      return fail(tok[i], "`" + q->name + "` " + (has ? "has " + name + " already" : "does not have " + name + ": nothing to remove"));
    q->flags = sign == '+' ? q->flags | f->flag : q->flags & ~f->flag;
  }
  return true;
}

bool ChangeReader::max_active(const Tokens& tok) {
  WorkqueueSpec* q = workqueue(tok[1]);
  int64_t v = 0;
  if (!q || !number(tok[2], 0, WQ_MAX_ACTIVE, "max_active (0 for the default)", v)) return false;
  if (q->ordered && v != 1 && v != 0) return fail(tok[2], "`" + q->name + "` is ordered: its max_active is 1");
  if (v == q->max_active) return fail(tok[2], "`" + q->name + "` has max_active " + std::to_string(v) + " already");
  q->max_active = static_cast<int>(v);
  return no_more(tok, 3);
}

bool ChangeReader::cpus(const Tokens& tok) {
  int64_t v = 0;
  if (!number(tok[1], 1, NR_CPUS, "the number of CPUs", v)) return false;
  if (v == sc_.machine.cpus) return fail(tok[1], "the machine has " + std::to_string(v) + " CPUs already");
  sc_.machine.cpus = static_cast<int>(v);
  cpus_column_ = tok[1].column;
  return no_more(tok, 2);
}

bool ChangeReader::move_action(const Tokens& tok) {
  const std::optional<size_t> i = action(tok[1]);
  if (!i) return false;
  const std::optional<Nanos> t = tok[2].text[0] == '-' ? std::nullopt : parse_duration(tok[2].text);
  if (!t)
    return fail(tok[2], "bad time `" + std::string(tok[2].text) +
                            "`: expected a number and a unit (ns, us, ms, s), e.g. 5ms, at most 1000000s");
  ActionSpec& a = sc_.actions[*i];
  if (*t == a.time) return fail(tok[2], "timed action " + std::string(tok[1].text) + " runs at " + format_duration(*t) + " already");
  a.time = *t;
  return no_more(tok, 3);
}

bool ChangeReader::drop_action(const Tokens& tok) {
  const std::optional<size_t> i = action(tok[1]);
  if (!i) return false;
  dropped_[*i] = true;
  return no_more(tok, 2);
}

// After `cpus N`, every CPU the scenario names (cpu=, from=, cpu_offline) must exist.
bool ChangeReader::cpus_fit() {
  if (cpus_column_ == 0) return true;
  verb_ = "cpus";
  const int n = sc_.machine.cpus;
  const auto check = [&](int cpu, const std::string& text, SourcePos pos) {
    return cpu < n || fail(cpus_column_, "the scenario's line " + std::to_string(pos.line) + " names CPU " +
                                            std::to_string(cpu) + " (`" + text + "`), which " + std::to_string(n) +
                                            (n == 1 ? " CPU does" : " CPUs do") + " not have");
  };
  const auto program_fits = [&](const std::vector<OpSpec>& program) {
    return std::all_of(program.begin(), program.end(), [&](const OpSpec& op) { return check(op.cpu, op.text, op.pos); });
  };
  for (size_t i = 0; i < sc_.actions.size(); ++i) {
    const ActionSpec& a = sc_.actions[i];
    if (dropped_[i]) continue;
    if (!check(a.cpu, a.text, a.pos) || !check(a.from_cpu, a.text, a.pos) || !program_fits(a.program)) return false;
  }
  for (const WorkSpec& w : sc_.works)
    if (!program_fits(w.program)) return false;
  return program_fits(sc_.rcu_program);
}

// After `kernel VERSION`, what the scenario uses must exist in that kernel: WQ_PERCPU and
// the system workqueues 6.12.85 added.
bool ChangeReader::kernel_fits() {
  if (kernel_column_ == 0) return true;
  verb_ = "kernel";
  const KernelGeneration k = sc_.machine.kernel;
  for (const WorkqueueSpec& q : sc_.workqueues)
    if ((q.flags & WQ_PERCPU) && !has_wq_percpu_flag(k))
      return fail(kernel_column_, "[[workqueue]] `" + q.name + "` (line " + std::to_string(q.pos.line) +
                                      ") has WQ_PERCPU, which does not exist in kernel " + kernel_version_name(k) +
                                      " (\"workqueue: Add new WQ_PERCPU flag\", Debian 6.12.100)");
  // @p where: "the scenario's line 12", "[rcu]", "[memory]".
  const auto exists = [&](const std::string& wq, const std::string& where) {
    const std::string missing = system_workqueue_missing(wq, k);
    return missing.empty() || fail(kernel_column_, where + ": " + missing);
  };
  const auto line = [](SourcePos p) { return "the scenario's line " + std::to_string(p.line); };
  const auto program_fits = [&](const std::vector<OpSpec>& program) {
    return std::all_of(program.begin(), program.end(), [&](const OpSpec& op) { return exists(op.wq, line(op.pos)); });
  };
  for (size_t i = 0; i < sc_.actions.size(); ++i)
    if (!dropped_[i] && (!exists(sc_.actions[i].wq, line(sc_.actions[i].pos)) || !program_fits(sc_.actions[i].program)))
      return false;
  for (const WorkSpec& w : sc_.works)
    if (!program_fits(w.program)) return false;
  return program_fits(sc_.rcu_program) && exists(sc_.rcu_wq, "[rcu]") && exists(sc_.reclaim_wq, "[memory]");
}

}  // namespace

ScenarioParse change_scenario(const Scenario& s, std::string_view text) { return ChangeReader(s).read(text); }

}  // namespace cmwq
