// The guided labs for the web app: embedded files, checks and progress.
#include "web/model/lab_book.h"

#include <algorithm>
#include <charconv>
#include <map>

namespace cmwq::web {
namespace {

constexpr std::string_view kStoragePrefix = "cmwq-lab:";

std::vector<LabFiles> embedded_labs() {
  std::vector<LabFiles> out;
  for (const EmbeddedLabFile& f : embedded_lab_files()) {
    if (out.empty() || out.back().dir != f.dir) out.push_back(LabFiles{std::string(f.dir), {}});
    out.back().files[std::string(f.file)] = std::string(f.text);
  }
  return out;
}

std::string hex(uint64_t v) {
  char buf[20];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, 16);
  return std::string(buf, r.ptr);
}

bool parse_hex(std::string_view s, uint64_t& out) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out, 16);
  return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// A lab's progress as a link carries it (LabBook::encode_progress()).
struct LinkProgress {
  std::string dir;
  uint64_t answered = 0, correct = 0, solved = 0, first_try = 0, revealed = 0;
  std::vector<int> tries;       // per question, in file order
  bool says_first_try = false;  // the value has the F field (the older DIR.A.C.S does not)
};

std::string join_tries(const std::vector<int>& tries) {
  if (tries.empty()) return "0";
  std::string s;
  for (size_t q = 0; q < tries.size(); ++q) s += (q ? "-" : "") + std::to_string(tries[q]);
  return s;
}

std::optional<int> small_number(std::string_view s) {
  int v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size() || v < 0 || v > 1000000) return std::nullopt;
  return v;
}

// Splits @p s at every @p sep.
std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (size_t at = 0;;) {
    const size_t next = s.find(sep, at);
    out.push_back(s.substr(at, next == std::string_view::npos ? std::string_view::npos : next - at));
    if (next == std::string_view::npos) return out;
    at = next + 1;
  }
}

// One `DIR.A.C.S` or `DIR.A.C.S.F.R.T`, or nullopt.
std::optional<LinkProgress> parse_link_progress(std::string_view part) {
  const std::vector<std::string_view> f = split(part, '.');
  if (f.size() != 4 && f.size() != 7) return std::nullopt;
  LinkProgress l;
  l.dir = std::string(f[0]);
  if (l.dir.empty() || !parse_hex(f[1], l.answered) || !parse_hex(f[2], l.correct) || !parse_hex(f[3], l.solved))
    return std::nullopt;
  if (f.size() == 4) return l;
  l.says_first_try = true;
  if (!parse_hex(f[4], l.first_try) || !parse_hex(f[5], l.revealed)) return std::nullopt;
  for (std::string_view n : split(f[6], '-')) {
    const std::optional<int> v = small_number(n);
    if (!v || l.tries.size() >= 64) return std::nullopt;
    l.tries.push_back(*v);
  }
  return l;
}

// Adds what a link says about question @p q to @p p; true if @p p changed. A first try
// recorded here is kept, whatever the link says.
bool merge_question(QuestionProgress& p, const LinkProgress& l, size_t q) {
  const auto bit = [q](uint64_t mask) { return ((mask >> q) & 1) != 0; };
  int tries = q < l.tries.size() ? l.tries[q] : 0;
  if (bit(l.answered) || bit(l.correct)) tries = std::max(tries, 1);
  const QuestionProgress before = p;
  p.tries = std::max(p.tries, tries);
  if (bit(l.correct) && !p.correct) {
    p.correct = true;
    p.answer.clear();  // the correct answer came from the link, not this one
  }
  p.revealed = p.revealed || bit(l.revealed);
  if (!p.first_try && (tries > 0 || bit(l.revealed))) p.first_try = l.says_first_try && bit(l.first_try);
  return p.tries != before.tries || p.correct != before.correct || p.revealed != before.revealed ||
         p.first_try != before.first_try;
}

std::string yes_no(bool b) { return b ? "yes" : "no"; }

// A question's value in local storage ("" when there is nothing to keep).
std::string format_question_progress(const QuestionProgress& p) {
  if (!p.answered() && !p.revealed && p.hints == 0) return "";
  return "tries=" + std::to_string(p.tries) + " first=" + (p.first_try ? yes_no(*p.first_try) : "-") +
         " revealed=" + yes_no(p.revealed) + " correct=" + yes_no(p.correct) + " hints=" + std::to_string(p.hints) +
         " answer=" + p.answer;
}

// Reads format_question_progress()'s value, or the older "correct ANSWER" / "wrong ANSWER".
std::optional<QuestionProgress> parse_question_progress(std::string_view v) {
  QuestionProgress p;
  for (const char* state : {"correct", "wrong"}) {
    const std::string_view s(state);
    if (v == s || (v.size() > s.size() && v.substr(0, s.size()) == s && v[s.size()] == ' ')) {
      p.tries = 1;
      p.correct = s == "correct";
      p.first_try = false;  // not known to have been the first try
      p.answer = std::string(v.substr(std::min(v.size(), s.size() + 1)));
      return p;
    }
  }
  const size_t answer = v.find(" answer=");
  if (answer == std::string_view::npos) return std::nullopt;
  p.answer = std::string(v.substr(answer + 8));
  std::map<std::string_view, std::string_view> keys;
  for (std::string_view kv : split(v.substr(0, answer), ' ')) {
    const size_t eq = kv.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    keys[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  const std::optional<int> tries = small_number(keys["tries"]), hints = small_number(keys["hints"]);
  const std::string_view first = keys["first"], revealed = keys["revealed"], correct = keys["correct"];
  const auto flag = [](std::string_view s) { return s == "yes" || s == "no"; };
  if (!tries || !hints || !flag(revealed) || !flag(correct) || !(flag(first) || first == "-")) return std::nullopt;
  p.tries = *tries;
  p.hints = *hints;
  p.revealed = revealed == "yes";
  p.correct = correct == "yes";
  if (first != "-") p.first_try = first == "yes";
  return p;
}

// @p text with `kernel = "..."` as the first key of its [machine] table (replacing any
// `kernel` or `workqueue` key there), or a [machine] table with it added at the end.
std::string with_kernel(const std::string& text, KernelGeneration k) {
  const std::string line =
      std::string("kernel = \"") + kernel_version_name(k) + "\"  # the kernel this question asks about";
  std::string out;
  bool in_machine = false, done = false;
  for (std::string_view l : split(text, '\n')) {
    const size_t b = l.find_first_not_of(" \t");
    const std::string_view body = b == std::string_view::npos ? std::string_view() : l.substr(b);
    if (!body.empty() && body[0] == '[') in_machine = false;
    const bool key = body.starts_with("kernel") || body.starts_with("workqueue");
    if (in_machine && key && body.find('=') != std::string_view::npos) continue;
    out += std::string(l) + "\n";
    if (body.starts_with("[machine]") && !done) {
      in_machine = done = true;
      out += line + "\n";
    }
  }
  out.pop_back();  // split() gave one more piece than there were newlines
  return done ? out : out + (out.ends_with("\n") ? "" : "\n") + "\n[machine]\n" + line + "\n";
}

}  // namespace

std::string lab_scenario_name(std::string_view dir, std::string_view file) {
  return std::string(dir) + "/" + std::string(file);
}

std::optional<std::string_view> find_lab_scenario(std::string_view name, std::string* canonical) {
  const size_t slash = name.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view dir = name.substr(0, slash), file = name.substr(slash + 1);
  for (const EmbeddedLabFile& f : embedded_lab_files()) {
    if (f.dir != dir || f.file == "lab.toml" || !f.file.ends_with(".toml")) continue;
    if (f.file == file || (f.file.size() == file.size() + 5 && f.file.starts_with(file))) {
      if (canonical != nullptr) *canonical = lab_scenario_name(f.dir, f.file);
      return f.text;
    }
  }
  return std::nullopt;
}

LabBook::LabBook() : LabBook(embedded_labs()) {}

LabBook::LabBook(std::vector<LabFiles> labs) {
  for (LabFiles& files : labs) {
    LabEntry e;
    const LabParse p = load_lab(files);
    e.files = std::move(files);
    if (p.lab) {
      e.lab = *p.lab;
      e.questions.resize(p.lab->questions.size());
      e.challenges.resize(p.lab->challenges.size());
    } else {
      e.error = p.error->format();
    }
    labs_.push_back(std::move(e));
  }
}

std::optional<size_t> LabBook::find(std::string_view dir) const {
  for (size_t i = 0; i < labs_.size(); ++i)
    if (labs_[i].files.dir == dir) return i;
  return std::nullopt;
}

std::string_view LabBook::file_text(size_t i, std::string_view file) const {
  const auto& files = labs_.at(i).files.files;
  const auto it = files.find(std::string(file));
  return it == files.end() ? std::string_view() : std::string_view(it->second);
}

namespace {
template <typename Pred>
int count_questions(const LabEntry& e, Pred pred) {
  return static_cast<int>(std::count_if(e.questions.begin(), e.questions.end(), pred));
}
}  // namespace

int LabBook::answered(size_t i) const {
  return count_questions(labs_.at(i), [](const QuestionProgress& p) { return p.answered(); });
}

int LabBook::correct(size_t i) const {
  return count_questions(labs_.at(i), [](const QuestionProgress& p) { return p.correct; });
}

int LabBook::first_try(size_t i) const {
  return count_questions(labs_.at(i), [](const QuestionProgress& p) { return p.first_try.value_or(false); });
}

int LabBook::revealed(size_t i) const {
  return count_questions(labs_.at(i), [](const QuestionProgress& p) { return p.revealed; });
}

int LabBook::solved(size_t i) const {
  const auto& c = labs_.at(i).challenges;
  return static_cast<int>(std::count_if(c.begin(), c.end(), [](const ChallengeProgress& p) { return p.solved; }));
}

LabChecker& LabBook::checker(size_t i) {
  LabEntry& e = labs_.at(i);
  if (!e.checker) e.checker = std::make_unique<LabChecker>(*e.lab, e.files);
  return *e.checker;
}

void LabBook::mark_question(size_t i, size_t q) {
  if (std::find(dirty_questions_.begin(), dirty_questions_.end(), std::make_pair(i, q)) == dirty_questions_.end())
    dirty_questions_.emplace_back(i, q);
}

void LabBook::mark_challenge(size_t i, size_t c) {
  if (std::find(dirty_challenges_.begin(), dirty_challenges_.end(), std::make_pair(i, c)) == dirty_challenges_.end())
    dirty_challenges_.emplace_back(i, c);
}

Attempt LabBook::answer(size_t i, size_t q, const std::string& text) {
  Attempt a;
  a.check = checker(i).check_answer(q, text);
  const std::string& model = a.check.expected;
  if (!a.check.understood) {
    a.message = a.check.message + " (Not marked wrong: the checker could not read it.)";
    return a;
  }
  QuestionProgress& p = labs_[i].questions.at(q);
  const size_t hints = labs_[i].lab->questions[q].hints.size();
  if (p.correct) {  // already right: nothing to record
    a.result = a.check.correct ? AttemptResult::Correct : AttemptResult::Revealed;
    a.message = "You already answered this correctly: the model says " + model + ".";
    return a;
  }
  if (p.revealed) {  // typing back the answer shown earns nothing
    a.result = AttemptResult::Revealed;
    a.message = "The answer was already shown: the model says " + model + ". This one no longer counts.";
    return a;
  }
  ++p.tries;
  p.answer = text;
  if (!p.first_try) p.first_try = a.check.correct;
  mark_question(i, q);
  if (a.check.correct) {
    p.correct = true;
    a.result = AttemptResult::Correct;
    a.message = *p.first_try ? "Correct on the first try: the model says " + model + "."
                             : "Correct on try " + std::to_string(p.tries) + ": the model says " + model + ".";
    return a;
  }
  if (static_cast<size_t>(p.hints) < hints) {
    ++p.hints;
    a.result = AttemptResult::NotYet;
    a.message = "Not yet: the model does not say " + text + ". Hint " + std::to_string(p.hints) +
                " is open below; think again and retry, or show the answer.";
    return a;
  }
  p.revealed = true;
  a.result = AttemptResult::Revealed;
  a.message = std::string(hints == 0 ? "Not what the model does" : "Not yet, and no hint is left") +
              ": the model says " + model + ". Read why below.";
  return a;
}

void LabBook::show_hint(size_t i, size_t q) {
  QuestionProgress& p = labs_.at(i).questions.at(q);
  if (static_cast<size_t>(p.hints) >= labs_[i].lab->questions[q].hints.size()) return;
  ++p.hints;
  mark_question(i, q);
}

void LabBook::reveal(size_t i, size_t q) {
  QuestionProgress& p = labs_.at(i).questions.at(q);
  if (p.revealed) return;
  p.revealed = true;
  if (!p.first_try) p.first_try = false;
  mark_question(i, q);
}

std::string LabBook::expected(size_t i, size_t q) { return checker(i).expected(q).text(); }

std::string LabBook::question_scenario(size_t i, size_t q) const {
  const LabQuestion& question = labs_.at(i).lab->questions.at(q);
  const std::string text(file_text(i, question.scenario));
  if (!question.kernel) return text;
  const ScenarioParse own = parse_scenario(text, question.scenario);
  if (own.ok() && own.scenario->machine.kernel == *question.kernel) return text;
  return with_kernel(text, *question.kernel);
}

std::string LabBook::start_scenario(size_t i) const {
  const LabEntry& e = labs_.at(i);
  if (!e.lab) return "";
  if (!e.lab->scenario.empty()) return e.lab->scenario;
  if (!e.lab->questions.empty()) return e.lab->questions.front().scenario;
  return e.lab->challenges.empty() ? "" : e.lab->challenges.front().scenario;
}

ChallengeCheck LabBook::check_challenge(size_t i, size_t c, const std::string& scenario_text) {
  ChallengeCheck out = checker(i).check_challenge(c, scenario_text);
  if (out.passed && !labs_[i].challenges.at(c).solved) {
    labs_[i].challenges[c].solved = true;
    mark_challenge(i, c);
  }
  return out;
}

std::string LabBook::storage_key(std::string_view dir, std::string_view id) {
  return std::string(kStoragePrefix) + std::string(dir) + ":" + std::string(id);
}

void LabBook::load_storage(const std::function<std::optional<std::string>(const std::string&)>& get) {
  for (LabEntry& e : labs_) {
    if (!e.lab) continue;
    for (size_t q = 0; q < e.questions.size(); ++q) {
      const std::optional<std::string> v = get(storage_key(e.files.dir, e.lab->questions[q].id));
      if (!v) continue;
      if (const std::optional<QuestionProgress> p = parse_question_progress(*v)) e.questions[q] = *p;
    }
    for (size_t c = 0; c < e.challenges.size(); ++c) {
      const std::optional<std::string> v = get(storage_key(e.files.dir, e.lab->challenges[c].id));
      if (v && *v == "solved") e.challenges[c].solved = true;
    }
  }
}

std::vector<std::pair<std::string, std::string>> LabBook::take_storage_writes() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [i, q] : dirty_questions_) {
    const LabEntry& e = labs_[i];
    out.emplace_back(storage_key(e.files.dir, e.lab->questions[q].id), format_question_progress(e.questions[q]));
  }
  for (const auto& [i, c] : dirty_challenges_) {
    const LabEntry& e = labs_[i];
    out.emplace_back(storage_key(e.files.dir, e.lab->challenges[c].id), e.challenges[c].solved ? "solved" : "");
  }
  dirty_questions_.clear();
  dirty_challenges_.clear();
  return out;
}

std::string LabBook::encode_progress() const {
  std::string out;
  for (const LabEntry& e : labs_) {
    LinkProgress l;
    for (size_t q = 0; q < e.questions.size() && q < 64; ++q) {
      const QuestionProgress& p = e.questions[q];
      const uint64_t bit = uint64_t{1} << q;
      if (p.answered()) l.answered |= bit;
      if (p.correct) l.correct |= bit;
      if (p.first_try.value_or(false)) l.first_try |= bit;
      if (p.revealed) l.revealed |= bit;
      if (p.tries > 0) {
        l.tries.resize(q + 1, 0);
        l.tries[q] = p.tries;
      }
    }
    for (size_t k = 0; k < e.challenges.size() && k < 64; ++k)
      if (e.challenges[k].solved) l.solved |= uint64_t{1} << k;
    if ((l.answered | l.correct | l.solved | l.revealed) == 0) continue;
    if (!out.empty()) out += '~';
    out += e.files.dir + "." + hex(l.answered) + "." + hex(l.correct) + "." + hex(l.solved) + "." + hex(l.first_try) +
           "." + hex(l.revealed) + "." + join_tries(l.tries);
  }
  return out;
}

bool LabBook::merge_progress(std::string_view value, std::string& error) {
  std::vector<LinkProgress> items;
  // Read all of it first, so a malformed value changes nothing.
  for (bool more = !value.empty(); more;) {
    const size_t tilde = value.find('~');
    more = tilde != std::string_view::npos;
    std::optional<LinkProgress> item = parse_link_progress(value.substr(0, tilde));
    if (!item) {
      error = "the lab progress in the link is damaged";
      return false;
    }
    items.push_back(std::move(*item));
    value = more ? value.substr(tilde + 1) : std::string_view();
  }
  for (const LinkProgress& item : items) {
    const std::optional<size_t> i = find(item.dir);
    if (!i || !labs_[*i].lab) continue;
    LabEntry& e = labs_[*i];
    for (size_t q = 0; q < e.questions.size() && q < 64; ++q)
      if (merge_question(e.questions[q], item, q)) mark_question(*i, q);
    for (size_t k = 0; k < e.challenges.size() && k < 64; ++k) {
      if (((item.solved >> k) & 1) && !e.challenges[k].solved) {
        e.challenges[k].solved = true;
        mark_challenge(*i, k);
      }
    }
  }
  return true;
}

}  // namespace cmwq::web
