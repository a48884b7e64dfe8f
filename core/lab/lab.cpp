// Lab files: reading lab.toml, validating it against its scenarios, checking answers.
#include "core/lab/lab.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/scenario/suggest.h"
#include "core/scenario/toml_parse.h"

namespace cmwq {
namespace {

const std::vector<std::string> kLabKeys = {"title", "summary", "scenario", "question", "challenge"};
const std::vector<std::string> kQuestionKeys = {"id",     "ask",       "kind",    "query", "scenario",
                                                "kernel", "tolerance", "choices", "hints", "explain"};
const std::vector<std::string> kChallengeKeys = {"id", "ask", "scenario", "goals", "hints", "explain"};

class LabReader {
 public:
  explicit LabReader(const LabFiles& f) : files_(f), file_(f.dir + "/lab.toml") {}

  LabParse run() {
    LabParse out;
    const auto it = files_.files.find("lab.toml");
    if (it == files_.files.end()) {
      out.error = ScenarioError{file_, {1, 1}, "the lab folder has no lab.toml"};
      return out;
    }
    toml::parse_result r = parse_toml(it->second, file_);
    if (!r) {
      out.error = toml_error(it->second, file_, r.error());
      return out;
    }
    if (read(r.table()) && validate())
      out.lab = lab_;
    else
      out.error = err_;
    return out;
  }

 private:
  bool fail(SourcePos p, const std::string& m, const std::string& file = "") {
    if (!failed_) err_ = ScenarioError{file.empty() ? file_ : file, p, m};
    failed_ = true;
    return false;
  }
  static SourcePos pos(const toml::node& n) {
    return {static_cast<int>(n.source().begin.line), static_cast<int>(n.source().begin.column)};
  }
  bool keys(const toml::table& t, const std::vector<std::string>& allowed, const std::string& where) {
    for (const auto& [k, v] : t) {
      const std::string key(k.str());
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
        return fail({static_cast<int>(k.source().begin.line), static_cast<int>(k.source().begin.column)},
                    "unknown key `" + key + "` in " + where + did_you_mean(key, allowed));
    }
    return true;
  }
  bool str(const toml::table& t, const char* key, std::string& out, bool required, SourcePos where) {
    const toml::node* n = t.get(key);
    if (!n) return required ? fail(where, std::string("missing `") + key + "`") : true;
    if (!n->is_string()) return fail(pos(*n), std::string("`") + key + "` must be a string");
    out = n->as_string()->get();
    return true;
  }
  bool strings(const toml::table& t, const char* key, std::vector<std::string>& out) {
    const toml::node* n = t.get(key);
    if (!n) return true;
    if (!n->is_array()) return fail(pos(*n), std::string("`") + key + "` must be a list of strings");
    for (const toml::node& e : *n->as_array()) {
      if (!e.is_string()) return fail(pos(e), std::string("each entry of `") + key + "` must be a string");
      out.push_back(e.as_string()->get());
    }
    return true;
  }

  bool read(const toml::table& root) {
    if (!keys(root, kLabKeys, "the lab")) return false;
    lab_.dir = files_.dir;
    if (!str(root, "title", lab_.title, true, {1, 1}) || !str(root, "summary", lab_.summary, false, {1, 1}) ||
        !str(root, "scenario", lab_.scenario, false, {1, 1}))
      return false;
    if (const toml::node* q = root.get("question")) {
      if (!q->is_array_of_tables()) return fail(pos(*q), "`question` must be written [[question]]");
      for (const toml::node& n : *q->as_array())
        if (!read_question(*n.as_table(), pos(n))) return false;
    }
    if (const toml::node* c = root.get("challenge")) {
      if (!c->is_array_of_tables()) return fail(pos(*c), "`challenge` must be written [[challenge]]");
      for (const toml::node& n : *c->as_array())
        if (!read_challenge(*n.as_table(), pos(n))) return false;
    }
    if (lab_.questions.empty() && lab_.challenges.empty()) return fail({1, 1}, "a lab needs at least one [[question]] or [[challenge]]");
    return true;
  }

  // A question's `kernel`: one of the generations the model follows.
  bool read_kernel(const std::string& name, SourcePos p, std::optional<KernelGeneration>& out) {
    out = parse_kernel_version(name);
    if (out) return true;
    std::vector<std::string> names;
    std::string list;
    for (const KernelVersion& v : kernel_versions()) {
      names.push_back(v.name);
      list += (list.empty() ? "\"" : ", \"") + std::string(v.name) + "\"";
    }
    return fail(p, "unknown kernel \"" + name + "\": the model follows " + list + did_you_mean(name, names));
  }

  bool unique_id(const std::string& id, SourcePos p) {
    if (id.empty()) return fail(p, "`id` must not be empty");
    if (std::find(ids_.begin(), ids_.end(), id) != ids_.end()) return fail(p, "duplicate id `" + id + "`");
    ids_.push_back(id);
    return true;
  }

  bool read_question(const toml::table& t, SourcePos p) {
    if (!keys(t, kQuestionKeys, "[[question]]")) return false;
    LabQuestion q;
    q.pos = p;
    std::string kind = "time", tol, kernel;
    if (!str(t, "id", q.id, true, p) || !unique_id(q.id, p) || !str(t, "ask", q.ask, true, p) ||
        !str(t, "query", q.query, true, p) || !str(t, "kind", kind, false, p) ||
        !str(t, "scenario", q.scenario, false, p) || !str(t, "kernel", kernel, false, p) ||
        !str(t, "tolerance", tol, false, p) || !str(t, "explain", q.explain, false, p) ||
        !strings(t, "choices", q.choices) || !strings(t, "hints", q.hints))
      return false;
    if (t.get("kernel") && !read_kernel(kernel, pos(*t.get("kernel")), q.kernel)) return false;
    if (kind == "time") q.kind = AnswerKind::Time;
    else if (kind == "count") q.kind = AnswerKind::Count;
    else if (kind == "choice") q.kind = AnswerKind::Choice;
    else return fail(pos(*t.get("kind")), "`kind` must be time, count or choice" + did_you_mean(kind, {"time", "count", "choice"}));
    if (!tol.empty()) {
      const auto d = parse_duration(tol);
      if (!d) return fail(pos(*t.get("tolerance")), "bad tolerance \"" + tol + "\": expected e.g. \"1ms\"");
      q.tolerance = *d;
    }
    if (q.kind == AnswerKind::Choice && q.choices.size() < 2) return fail(p, "a choice question needs at least two `choices`");
    if (q.scenario.empty()) q.scenario = lab_.scenario;
    if (q.scenario.empty()) return fail(p, "question `" + q.id + "` has no scenario (set `scenario` here or at the top)");
    query_pos_[q.id] = t.get("query") ? pos(*t.get("query")) : p;
    lab_.questions.push_back(q);
    return true;
  }

  bool read_challenge(const toml::table& t, SourcePos p) {
    if (!keys(t, kChallengeKeys, "[[challenge]]")) return false;
    LabChallenge c;
    c.pos = p;
    if (!str(t, "id", c.id, true, p) || !unique_id(c.id, p) || !str(t, "ask", c.ask, true, p) ||
        !str(t, "scenario", c.scenario, true, p) || !strings(t, "goals", c.goals) || !strings(t, "hints", c.hints) ||
        !str(t, "explain", c.explain, false, p))
      return false;
    if (c.goals.empty()) return fail(p, "challenge `" + c.id + "` needs `goals`");
    query_pos_[c.id] = t.get("goals") ? pos(*t.get("goals")) : p;
    lab_.challenges.push_back(c);
    return true;
  }

  const Scenario* scenario(const std::string& name, SourcePos p, std::optional<KernelGeneration> kernel = {}) {
    auto cached = parsed_.find({name, kernel});
    if (cached != parsed_.end()) return &cached->second;
    const auto it = files_.files.find(name);
    if (it == files_.files.end()) {
      std::vector<std::string> names;
      for (const auto& [n, text] : files_.files)
        if (n.size() > 5 && n.substr(n.size() - 5) == ".toml" && n != "lab.toml") names.push_back(n);
      fail(p, "unknown scenario `" + name + "` (not in the lab folder)" + did_you_mean(name, names));
      return nullptr;
    }
    const ScenarioParse sp = parse_scenario(it->second, files_.dir + "/" + name, ScenarioOptions{kernel});
    if (!sp.ok()) {
      fail(sp.error->pos, sp.error->message, sp.error->file);
      return nullptr;
    }
    return &parsed_.emplace(std::make_pair(name, kernel), *sp.scenario).first->second;
  }

  bool validate() {
    for (const LabQuestion& q : lab_.questions) {
      const Scenario* s = scenario(q.scenario, q.pos, q.kernel);
      if (!s) return false;
      std::string e;
      if (!check_query(q.query, *s, e)) return fail(query_pos_[q.id], "question `" + q.id + "`: " + e);
    }
    for (const LabChallenge& c : lab_.challenges) {
      const Scenario* s = scenario(c.scenario, c.pos);
      if (!s) return false;
      const LabRun run = run_scenario_for_lab(*s);
      bool all = true;
      for (const std::string& g : c.goals) {
        std::string e;
        const auto v = evaluate_query(g, run, e);
        if (!v) return fail(query_pos_[c.id], "challenge `" + c.id + "`: goal `" + g + "`: " + e);
        if (v->kind != QueryValue::Kind::Bool)
          return fail(query_pos_[c.id], "challenge `" + c.id + "`: goal `" + g + "` is not a yes/no goal (completes, no_lockup, no_warn, max_nr_active)");
        all = all && v->number;
      }
      if (all) return fail(c.pos, "challenge `" + c.id + "`: its starting scenario already meets every goal");
    }
    return true;
  }

  const LabFiles& files_;
  std::string file_;
  Lab lab_;
  ScenarioError err_;
  bool failed_ = false;
  std::vector<std::string> ids_;
  std::map<std::string, SourcePos> query_pos_;
  std::map<std::pair<std::string, std::optional<KernelGeneration>>, Scenario> parsed_;
};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\n");
  const size_t e = s.find_last_not_of(" \t\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

LabParse load_lab(const LabFiles& files) { return LabReader(files).run(); }

std::optional<std::map<std::string, std::string>> parse_answers(const std::string& text, const std::string& file,
                                                                const Lab& lab, ScenarioError& error) {
  toml::parse_result r = parse_toml(text, file);
  if (!r) {
    error = toml_error(text, file, r.error());
    return std::nullopt;
  }
  std::vector<std::string> ids;
  for (const LabQuestion& q : lab.questions) ids.push_back(q.id);
  std::map<std::string, std::string> out;
  const toml::node* answers = r.table().get("answers");
  if (!answers || !answers->is_table()) {
    error = ScenarioError{file, {1, 1}, "expected an [answers] table of question id = answer"};
    return std::nullopt;
  }
  for (const auto& [k, v] : *answers->as_table()) {
    const std::string id(k.str());
    const SourcePos p{static_cast<int>(k.source().begin.line), static_cast<int>(k.source().begin.column)};
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
      error = ScenarioError{file, p, "no question `" + id + "` in lab " + lab.dir + did_you_mean(id, ids)};
      return std::nullopt;
    }
    if (v.is_string()) out[id] = v.as_string()->get();
    else if (v.is_integer()) out[id] = std::to_string(v.as_integer()->get());
    else {
      error = ScenarioError{file, p, "answer to `" + id + "` must be a string or a whole number"};
      return std::nullopt;
    }
  }
  return out;
}

LabChecker::LabChecker(Lab lab, LabFiles files) : lab_(std::move(lab)), files_(std::move(files)) {}

const LabRun& LabChecker::run_of(const std::string& name, std::optional<KernelGeneration> kernel) {
  auto it = runs_.find({name, kernel});
  if (it != runs_.end()) return it->second;
  // Validated by load_lab() with the same kernel.
  const ScenarioParse sp = parse_scenario(files_.files.at(name), files_.dir + "/" + name, ScenarioOptions{kernel});
  return runs_.emplace(std::make_pair(name, kernel), run_scenario_for_lab(*sp.scenario)).first->second;
}

QueryValue LabChecker::expected(size_t index) {
  const LabQuestion& q = lab_.questions.at(index);
  std::string error;
  return evaluate_query(q.query, run_of(q.scenario, q.kernel), error).value_or(QueryValue{});
}

AnswerCheck LabChecker::check_answer(size_t index, const std::string& raw) {
  const LabQuestion& q = lab_.questions.at(index);
  const QueryValue want = expected(index);
  AnswerCheck c;
  c.expected = want.text();
  const std::string a = lower(trim(raw));
  switch (q.kind) {
    case AnswerKind::Time: {
      if (a == "never") {
        c.correct = want.kind == QueryValue::Kind::Never;
        break;
      }
      // "12ms", "1.5 ms", or a bare number of milliseconds.
      std::string t;
      for (char ch : a)
        if (ch != ' ') t += ch;
      std::optional<Nanos> got = parse_duration(t);
      if (!got) got = parse_duration(t + "ms");
      if (!got) {
        c.understood = false;
        c.message = "Write a time such as 12ms (or never).";
        return c;
      }
      c.correct = want.kind == QueryValue::Kind::Time && (*got >= want.time - q.tolerance) && (*got <= want.time + q.tolerance);
      break;
    }
    case AnswerKind::Count: {
      int64_t n = 0;
      const auto r = std::from_chars(a.data(), a.data() + a.size(), n);
      if (a.empty() || r.ec != std::errc() || r.ptr != a.data() + a.size()) {
        c.understood = false;
        c.message = "Write a whole number.";
        return c;
      }
      c.correct = want.kind == QueryValue::Kind::Number && n == want.number;
      break;
    }
    case AnswerKind::Choice: {
      bool known = false;
      for (const std::string& ch : q.choices) known = known || lower(ch) == a;
      if (!known) {
        c.understood = false;
        std::string list;
        for (const std::string& ch : q.choices) list += (list.empty() ? "" : ", ") + ch;
        c.message = "Choose one of: " + list + ".";
        return c;
      }
      c.correct = lower(want.text()) == a;
      break;
    }
  }
  c.message = c.correct ? "Correct: the model says " + c.expected + "."
                        : "Not what the model does: it says " + c.expected + ".";
  return c;
}

ChallengeCheck LabChecker::check_challenge(size_t index, const std::string& text, const std::string& file) {
  const LabChallenge& c = lab_.challenges.at(index);
  ChallengeCheck out;
  const ScenarioParse sp = parse_scenario(text, file.empty() ? c.scenario : file);
  if (!sp.ok()) {
    out.error = sp.error;
    out.lines = {sp.error->format()};
    return out;
  }
  const LabRun run = run_scenario_for_lab(*sp.scenario);
  std::vector<std::string>& lines = out.lines;
  bool& passed = out.passed;
  passed = true;
  for (const std::string& g : c.goals) {
    std::string error;
    const auto v = evaluate_query(g, run, error);
    if (!v) {
      lines.push_back("cannot check `" + g + "`: " + error);
      passed = false;
      continue;
    }
    const bool ok = v->kind == QueryValue::Kind::Bool && v->number;
    passed = passed && ok;
    lines.push_back((ok ? "ok: " : "not yet: ") + g);
  }
  return out;
}

}  // namespace cmwq
