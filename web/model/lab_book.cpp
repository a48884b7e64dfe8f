// The guided labs for the web app: embedded files, checks and progress.
#include "web/model/lab_book.h"

#include <algorithm>
#include <charconv>

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

int LabBook::answered(size_t i) const {
  const auto& q = labs_.at(i).questions;
  return static_cast<int>(std::count_if(q.begin(), q.end(), [](const QuestionProgress& p) { return p.answered; }));
}

int LabBook::correct(size_t i) const {
  const auto& q = labs_.at(i).questions;
  return static_cast<int>(std::count_if(q.begin(), q.end(), [](const QuestionProgress& p) { return p.correct; }));
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

AnswerCheck LabBook::answer(size_t i, size_t q, const std::string& text) {
  const AnswerCheck c = checker(i).check_answer(q, text);
  if (!c.understood) return c;
  QuestionProgress& p = labs_[i].questions.at(q);
  p.answered = true;
  p.correct = c.correct;
  p.answer = text;
  mark_question(i, q);
  return c;
}

std::string LabBook::expected(size_t i, size_t q) { return checker(i).expected(q).text(); }

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
      const size_t space = v->find(' ');
      const std::string state = v->substr(0, space);
      if (state != "correct" && state != "wrong") continue;
      QuestionProgress& p = e.questions[q];
      p.answered = true;
      p.correct = state == "correct";
      p.answer = space == std::string::npos ? "" : v->substr(space + 1);
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
    const QuestionProgress& p = e.questions[q];
    out.emplace_back(storage_key(e.files.dir, e.lab->questions[q].id),
                     p.answered ? std::string(p.correct ? "correct " : "wrong ") + p.answer : "");
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
    uint64_t a = 0, c = 0, s = 0;
    for (size_t q = 0; q < e.questions.size() && q < 64; ++q) {
      if (e.questions[q].answered) a |= uint64_t{1} << q;
      if (e.questions[q].correct) c |= uint64_t{1} << q;
    }
    for (size_t k = 0; k < e.challenges.size() && k < 64; ++k)
      if (e.challenges[k].solved) s |= uint64_t{1} << k;
    if (a == 0 && c == 0 && s == 0) continue;
    if (!out.empty()) out += '~';
    out += e.files.dir + "." + hex(a) + "." + hex(c) + "." + hex(s);
  }
  return out;
}

bool LabBook::merge_progress(std::string_view value, std::string& error) {
  struct Item {
    std::string dir;
    uint64_t a = 0, c = 0, s = 0;
  };
  std::vector<Item> items;
  // Read all of it first, so a malformed value changes nothing.
  for (bool more = !value.empty(); more;) {
    const size_t tilde = value.find('~');
    std::string_view part = value.substr(0, tilde);
    more = tilde != std::string_view::npos;
    value = more ? value.substr(tilde + 1) : std::string_view();
    std::string_view fields[4];
    for (int k = 0; k < 4; ++k) {
      const size_t dot = part.find('.');
      if ((dot == std::string_view::npos) != (k == 3)) {
        error = "the lab progress in the link is damaged";
        return false;
      }
      fields[k] = part.substr(0, dot);
      part = dot == std::string_view::npos ? std::string_view() : part.substr(dot + 1);
    }
    Item it{std::string(fields[0])};
    if (it.dir.empty() || !parse_hex(fields[1], it.a) || !parse_hex(fields[2], it.c) || !parse_hex(fields[3], it.s)) {
      error = "the lab progress in the link is damaged";
      return false;
    }
    items.push_back(it);
  }
  for (const Item& it : items) {
    const std::optional<size_t> i = find(it.dir);
    if (!i || !labs_[*i].lab) continue;
    LabEntry& e = labs_[*i];
    for (size_t q = 0; q < e.questions.size() && q < 64; ++q) {
      const bool a = (it.a >> q) & 1, c = (it.c >> q) & 1;
      QuestionProgress& p = e.questions[q];
      if ((a || c) && !p.answered) {
        p.answered = true;
        p.correct = c;
        mark_question(*i, q);
      } else if (c && !p.correct) {
        p.correct = true;
        p.answer.clear();  // the correct answer came from the link, not this one
        mark_question(*i, q);
      }
    }
    for (size_t k = 0; k < e.challenges.size() && k < 64; ++k) {
      if (((it.s >> k) & 1) && !e.challenges[k].solved) {
        e.challenges[k].solved = true;
        mark_challenge(*i, k);
      }
    }
  }
  return true;
}

}  // namespace cmwq::web
