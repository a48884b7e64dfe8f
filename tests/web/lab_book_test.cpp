// The Labs panel's logic without a window: the embedded labs, checking answers and
// challenges, progress in local storage and in links, and the README Markdown subset.
#include "web/model/lab_book.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "web/model/markdown.h"
#include "web/model/url_state.h"

namespace cmwq::web {
namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::filesystem::path kTestLabs = std::filesystem::path(CMWQ_SOURCE_DIR) / "tests" / "labs";

size_t question_index(const LabBook& book, size_t lab, const std::string& id) {
  const auto& qs = book.entry(lab).lab->questions;
  for (size_t q = 0; q < qs.size(); ++q)
    if (qs[q].id == id) return q;
  ADD_FAILURE() << "no question " << id;
  return 0;
}

TEST(LabBook, EveryShippedLabIsEmbeddedAndLoads) {
  const LabBook book;
  ASSERT_GE(book.size(), 8u);
  for (size_t i = 0; i < book.size(); ++i) {
    const LabEntry& e = book.entry(i);
    SCOPED_TRACE(e.files.dir);
    EXPECT_TRUE(e.lab.has_value()) << e.error;
    EXPECT_FALSE(book.file_text(i, "README.md").empty());
    EXPECT_FALSE(book.file_text(i, "lab.toml").empty());
    // Every file of the folder is there, byte for byte.
    for (const auto& f :
         std::filesystem::directory_iterator(std::filesystem::path(CMWQ_SOURCE_DIR) / "labs" / e.files.dir))
      EXPECT_EQ(book.file_text(i, f.path().filename().string()), slurp(f.path())) << f.path();
  }
  ASSERT_TRUE(book.find("05-mem-reclaim").has_value());
  EXPECT_FALSE(book.find("99-none").has_value());
}

TEST(LabBook, FindsLabScenariosByName) {
  std::string canonical;
  const auto text = find_lab_scenario("05-mem-reclaim/starvation", &canonical);
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(canonical, "05-mem-reclaim/starvation.toml");
  EXPECT_EQ(*text, slurp(std::filesystem::path(CMWQ_SOURCE_DIR) / "labs/05-mem-reclaim/starvation.toml"));
  EXPECT_TRUE(find_lab_scenario("05-mem-reclaim/starvation.toml").has_value());
  EXPECT_FALSE(find_lab_scenario("05-mem-reclaim/lab.toml").has_value());
  EXPECT_FALSE(find_lab_scenario("05-mem-reclaim/README.md").has_value());
  EXPECT_FALSE(find_lab_scenario("starvation").has_value());
  EXPECT_EQ(lab_scenario_name("05-mem-reclaim", "stall.toml"), "05-mem-reclaim/stall.toml");
}

// The reference answers of tests/labs (derived by a person from the kernel) are correct
// through the book too, and the wrong ones wrong; every answer is recorded.
TEST(LabBook, ReferenceAnswersAreCorrectAndWrongOnesWrong) {
  LabBook book;
  for (size_t i = 0; i < book.size(); ++i) {
    const LabEntry& e = book.entry(i);
    SCOPED_TRACE(e.files.dir);
    for (const char* kind : {"wrong.toml", "answers.toml"}) {
      ScenarioError err;
      const auto answers = parse_answers(slurp(kTestLabs / e.files.dir / kind), kind, *e.lab, err);
      ASSERT_TRUE(answers.has_value()) << err.format();
      for (const auto& [id, text] : *answers) {
        const AnswerCheck c = book.answer(i, question_index(book, i, id), text);
        EXPECT_TRUE(c.understood) << id;
        EXPECT_EQ(c.correct, std::string(kind) == "answers.toml") << id << " = " << text;
      }
    }
    EXPECT_EQ(book.answered(i), static_cast<int>(e.lab->questions.size()));
    EXPECT_EQ(book.correct(i), static_cast<int>(e.lab->questions.size()));
  }
}

TEST(LabBook, AnUnreadableAnswerIsNotMarkedWrong) {
  LabBook book;
  const size_t lab = *book.find("05-mem-reclaim");
  const size_t q = question_index(book, lab, "first-mayday");
  const AnswerCheck c = book.answer(lab, q, "soon");
  EXPECT_FALSE(c.understood);
  EXPECT_FALSE(c.correct);
  EXPECT_FALSE(book.entry(lab).questions[q].answered);
  EXPECT_EQ(book.answered(lab), 0);
  EXPECT_TRUE(book.take_storage_writes().empty());
  // A choice that is not one of the choices is not read either.
  const size_t who = question_index(book, lab, "who-runs-writeback");
  EXPECT_FALSE(book.answer(lab, who, "kthreadd").understood);
  EXPECT_EQ(book.answered(lab), 0);
}

TEST(LabBook, WrongThenCorrect) {
  LabBook book;
  const size_t lab = *book.find("05-mem-reclaim");
  const size_t q = question_index(book, lab, "first-mayday");
  EXPECT_EQ(book.expected(lab, q), "12ms");
  const AnswerCheck wrong = book.answer(lab, q, "22ms");
  EXPECT_TRUE(wrong.understood);
  EXPECT_FALSE(wrong.correct);
  EXPECT_EQ(wrong.expected, "12ms");
  EXPECT_TRUE(book.entry(lab).questions[q].answered);
  EXPECT_FALSE(book.entry(lab).questions[q].correct);
  EXPECT_EQ(book.answered(lab), 1);
  EXPECT_EQ(book.correct(lab), 0);
  const AnswerCheck right = book.answer(lab, q, "12 ms");
  EXPECT_TRUE(right.correct);
  EXPECT_EQ(book.correct(lab), 1);
  EXPECT_EQ(book.entry(lab).questions[q].answer, "12 ms");
}

TEST(LabBook, ProgressRoundTripsThroughStorage) {
  LabBook book;
  const size_t lab = *book.find("05-mem-reclaim");
  book.answer(lab, question_index(book, lab, "first-mayday"), "12ms");
  book.answer(lab, question_index(book, lab, "who-runs-writeback"), "worker");
  ASSERT_TRUE(book.check_challenge(lab, 0, slurp(kTestLabs / "05-mem-reclaim/make-it-recover.solution.toml")).passed);
  std::map<std::string, std::string> storage;
  for (const auto& [k, v] : book.take_storage_writes()) storage[k] = v;
  EXPECT_EQ(storage.at("cmwq-lab:05-mem-reclaim:first-mayday"), "correct 12ms");
  EXPECT_EQ(storage.at("cmwq-lab:05-mem-reclaim:who-runs-writeback"), "wrong worker");
  EXPECT_EQ(storage.at("cmwq-lab:05-mem-reclaim:make-it-recover"), "solved");
  EXPECT_EQ(storage.size(), 3u);
  EXPECT_TRUE(book.take_storage_writes().empty());  // nothing changed since

  storage["cmwq-lab:05-mem-reclaim:recovery"] = "nonsense";  // ignored
  LabBook again;
  again.load_storage([&](const std::string& key) -> std::optional<std::string> {
    const auto it = storage.find(key);
    if (it == storage.end()) return std::nullopt;
    return it->second;
  });
  EXPECT_EQ(again.answered(lab), 2);
  EXPECT_EQ(again.correct(lab), 1);
  EXPECT_EQ(again.solved(lab), 1);
  EXPECT_EQ(again.entry(lab).questions[question_index(again, lab, "who-runs-writeback")].answer, "worker");
  EXPECT_TRUE(again.take_storage_writes().empty());  // loading writes nothing back
}

TEST(LabBook, ProgressRoundTripsThroughALink) {
  LabBook book;
  EXPECT_EQ(book.encode_progress(), "");
  const size_t lab = *book.find("05-mem-reclaim");
  book.answer(lab, 0, "12ms");    // first-mayday: correct
  book.answer(lab, 1, "worker");  // who-runs-writeback: wrong
  book.answer(lab, 3, "1");       // workers-at-100: correct
  book.check_challenge(lab, 0, slurp(kTestLabs / "05-mem-reclaim/make-it-recover.solution.toml"));
  const size_t first = *book.find("01-why-cmwq");
  book.answer(first, 0, "never");
  const std::string value = book.encode_progress();
  EXPECT_EQ(value, "01-why-cmwq.1.0.0~05-mem-reclaim.b.9.1");

  // Through the URL hash and back.
  LinkState s;
  s.scenario = "05-mem-reclaim/starvation";
  s.lab = "05-mem-reclaim";
  s.progress = value;
  std::string error;
  const auto decoded = decode_link(encode_link(s), error);
  ASSERT_TRUE(decoded.has_value()) << error;
  EXPECT_EQ(decoded->progress, value);
  EXPECT_EQ(decoded->lab, "05-mem-reclaim");
  EXPECT_EQ(decoded->scenario, "05-mem-reclaim/starvation");

  LabBook other;
  ASSERT_TRUE(other.merge_progress(decoded->progress, error)) << error;
  EXPECT_EQ(other.encode_progress(), value);
  EXPECT_EQ(other.answered(lab), 3);
  EXPECT_EQ(other.correct(lab), 2);
  EXPECT_EQ(other.solved(lab), 1);
  // The merge is remembered in storage too (answers from a link have no text).
  std::map<std::string, std::string> writes;
  for (const auto& [k, v] : other.take_storage_writes()) writes[k] = v;
  EXPECT_EQ(writes.at("cmwq-lab:05-mem-reclaim:first-mayday"), "correct ");
  EXPECT_EQ(writes.at("cmwq-lab:05-mem-reclaim:who-runs-writeback"), "wrong ");
  EXPECT_EQ(writes.size(), 5u);
}

TEST(LabBook, MergingOnlyAddsProgress) {
  LabBook book;
  const size_t lab = *book.find("05-mem-reclaim");
  book.answer(lab, 0, "12ms");
  book.answer(lab, 1, "worker");  // wrong here, correct in the link
  std::string error;
  ASSERT_TRUE(book.merge_progress("05-mem-reclaim.2.2.0~99-unknown.1.1.1", error)) << error;
  EXPECT_TRUE(book.entry(lab).questions[0].correct);  // the link does not take it away
  EXPECT_TRUE(book.entry(lab).questions[1].correct);
  EXPECT_EQ(book.entry(lab).questions[1].answer, "");  // "worker" was not the correct answer
  EXPECT_EQ(book.correct(lab), 2);

  for (const char* bad :
       {"05-mem-reclaim.1.1", "05-mem-reclaim.1.1.1.1", "05-mem-reclaim.x.1.1", ".1.1.1", "05-mem-reclaim.1.1.1~"}) {
    LabBook fresh;
    EXPECT_FALSE(fresh.merge_progress(bad, error)) << bad;
    EXPECT_EQ(fresh.encode_progress(), "") << bad;
  }
}

TEST(LabBook, ChallengesCheckTheStudentsScenario) {
  LabBook book;
  const size_t lab = *book.find("05-mem-reclaim");
  const std::string start(book.file_text(lab, book.entry(lab).lab->challenges[0].scenario));
  ChallengeCheck c = book.check_challenge(lab, 0, start);
  EXPECT_FALSE(c.passed);
  ASSERT_EQ(c.lines.size(), 4u);
  EXPECT_EQ(c.lines.back(), "not yet: no_lockup");
  EXPECT_EQ(book.solved(lab), 0);

  c = book.check_challenge(lab, 0, "[machine]\ncpus = \"two\"\n");
  EXPECT_FALSE(c.passed);
  ASSERT_EQ(c.lines.size(), 1u);
  EXPECT_NE(c.lines[0].find("stall.toml:2:"), std::string::npos) << c.lines[0];

  c = book.check_challenge(lab, 0, slurp(kTestLabs / "05-mem-reclaim/make-it-recover.solution.toml"));
  EXPECT_TRUE(c.passed);
  EXPECT_EQ(c.lines.front(), "ok: completes w0");
  EXPECT_EQ(book.solved(lab), 1);
}

TEST(Markdown, BlocksOfALabReadme) {
  const LabBook book;
  const auto blocks = parse_markdown(book.file_text(*book.find("05-mem-reclaim"), "README.md"));
  ASSERT_GE(blocks.size(), 6u);
  EXPECT_EQ(blocks[0].kind, MdBlockKind::Heading);
  EXPECT_EQ(blocks[0].level, 1);
  EXPECT_EQ(md_plain(blocks[0].spans), "Lab 5: Memory pressure and WQ_MEM_RECLAIM");
  EXPECT_EQ(blocks[1].kind, MdBlockKind::Paragraph);
  ASSERT_GE(blocks[1].spans.size(), 3u);
  EXPECT_EQ(blocks[1].spans[0], (MdSpan{"Goal:", MdStyle::Bold}));
  EXPECT_EQ(blocks[1].spans[2], (MdSpan{"WQ_MEM_RECLAIM", MdStyle::Code}));
  // The paragraph's lines are joined: no line breaks are left.
  EXPECT_EQ(md_plain(blocks[1].spans).find('\n'), std::string::npos);
  int items = 0;
  for (const MdBlock& b : blocks) {
    if (b.kind != MdBlockKind::Item) continue;
    ++items;
    EXPECT_EQ(b.marker, std::to_string(items) + ".");
  }
  EXPECT_EQ(items, 5);
}

TEST(Markdown, TheSubset) {
  const auto blocks = parse_markdown(
      "## Steps\n\nFirst line\nsecond *line* with [a link](x.md).\n\n1. one\n   continues `here`\n- two\n"
      "  - nested\n\n```toml\n[machine]\n  cpus = 1\n```\n> quoted\n");
  ASSERT_EQ(blocks.size(), 7u);
  EXPECT_EQ(blocks[0].kind, MdBlockKind::Heading);
  EXPECT_EQ(blocks[0].level, 2);
  EXPECT_EQ(md_plain(blocks[0].spans), "Steps");
  EXPECT_EQ(blocks[1].kind, MdBlockKind::Paragraph);
  EXPECT_EQ(blocks[1].spans,
            (std::vector<MdSpan>{
                {"First line second ", MdStyle::Plain}, {"line", MdStyle::Italic}, {" with a link.", MdStyle::Plain}}));
  EXPECT_EQ(blocks[2].kind, MdBlockKind::Item);
  EXPECT_EQ(blocks[2].marker, "1.");
  EXPECT_EQ(blocks[2].spans, (std::vector<MdSpan>{{"one continues ", MdStyle::Plain}, {"here", MdStyle::Code}}));
  EXPECT_EQ(blocks[3].marker, "-");
  EXPECT_EQ(blocks[3].level, 0);
  EXPECT_EQ(blocks[4].level, 1);
  EXPECT_EQ(blocks[5].kind, MdBlockKind::Code);
  EXPECT_EQ(blocks[5].lines, (std::vector<std::string>{"[machine]", "  cpus = 1"}));
  EXPECT_EQ(blocks[6].kind, MdBlockKind::Paragraph);
  EXPECT_EQ(md_plain(blocks[6].spans), "quoted");
  // Not emphasis: a lone star, stars inside words.
  EXPECT_EQ(parse_inline("HZ * 2 and a*b*c"), (std::vector<MdSpan>{{"HZ * 2 and a*b*c", MdStyle::Plain}}));
  // Code inside bold stays code.
  EXPECT_EQ(parse_inline("**use `x`**"), (std::vector<MdSpan>{{"use ", MdStyle::Bold}, {"x", MdStyle::Code}}));
}

TEST(Markdown, WordsKeepWhatIsGluedTogether) {
  const auto words = md_words(parse_inline("the `pool->nr_running`, counter  (`HZ`)"));
  ASSERT_EQ(words.size(), 7u);
  EXPECT_EQ(words[0].text, "the");
  EXPECT_FALSE(words[0].space_before);
  EXPECT_EQ(words[1].text, "pool->nr_running");
  EXPECT_EQ(words[1].style, MdStyle::Code);
  EXPECT_TRUE(words[1].space_before);
  EXPECT_EQ(words[2].text, ",");
  EXPECT_FALSE(words[2].space_before);  // glued to the code before it
  EXPECT_EQ(words[3].text, "counter");
  EXPECT_TRUE(words[3].space_before);
  EXPECT_EQ(words[4].text, "(");
  EXPECT_EQ(words[5].text, "HZ");
  EXPECT_FALSE(words[5].space_before);
}

}  // namespace
}  // namespace cmwq::web
