// The Labs panel's logic without a window: the embedded labs, checking answers and
// challenges, progress in local storage and in links, and the README Markdown subset.
#include "web/model/lab_book.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "web/model/labs_json.h"
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
// through the book too, each on the first try; the wrong ones (in a book of their own)
// are wrong, recorded, and never right on the first try.
TEST(LabBook, ReferenceAnswersAreCorrectAndWrongOnesWrong) {
  for (const std::string kind : {"wrong.toml", "answers.toml"}) {
    SCOPED_TRACE(kind);
    const bool right = kind == "answers.toml";
    LabBook book;
    for (size_t i = 0; i < book.size(); ++i) {
      const LabEntry& e = book.entry(i);
      SCOPED_TRACE(e.files.dir);
      ScenarioError err;
      const auto answers = parse_answers(slurp(kTestLabs / e.files.dir / kind), kind, *e.lab, err);
      ASSERT_TRUE(answers.has_value()) << err.format();
      for (const auto& [id, text] : *answers) {
        const Attempt a = book.answer(i, question_index(book, i, id), text);
        EXPECT_TRUE(a.check.understood) << id;
        EXPECT_EQ(a.check.correct, right) << id << " = " << text;
        EXPECT_EQ(a.result == AttemptResult::Correct, right) << id;
      }
      EXPECT_EQ(book.answered(i), static_cast<int>(answers->size()));
      EXPECT_EQ(book.correct(i), right ? static_cast<int>(answers->size()) : 0);
      EXPECT_EQ(book.first_try(i), book.correct(i));
    }
  }
}

TEST(LabBook, AnUnreadableAnswerIsNotMarkedWrong) {
  LabBook book;
  const size_t lab = *book.find("05-mem-reclaim");
  const size_t q = question_index(book, lab, "first-mayday");
  const Attempt a = book.answer(lab, q, "soon");
  EXPECT_EQ(a.result, AttemptResult::Unreadable);
  EXPECT_FALSE(a.check.understood);
  EXPECT_FALSE(a.check.correct);
  EXPECT_FALSE(book.entry(lab).questions[q].answered());
  EXPECT_FALSE(book.entry(lab).questions[q].first_try.has_value());
  EXPECT_EQ(book.answered(lab), 0);
  EXPECT_TRUE(book.take_storage_writes().empty());
  // A choice that is not one of the choices is not read either.
  const size_t who = question_index(book, lab, "who-runs-writeback");
  EXPECT_EQ(book.answer(lab, who, "kthreadd").result, AttemptResult::Unreadable);
  EXPECT_EQ(book.answered(lab), 0);
}

TEST(LabBook, RightOnTheFirstTry) {
  LabBook book;
  const size_t lab = *book.find("05-mem-reclaim");
  const size_t q = question_index(book, lab, "who-runs-writeback");
  const Attempt a = book.answer(lab, q, "rescuer");
  EXPECT_EQ(a.result, AttemptResult::Correct);
  EXPECT_NE(a.message.find("first try"), std::string::npos) << a.message;
  const QuestionProgress& p = book.entry(lab).questions[q];
  EXPECT_EQ(p.tries, 1);
  EXPECT_EQ(p.first_try, std::optional<bool>(true));
  EXPECT_EQ(book.first_try(lab), 1);
  // Once right, more checks record nothing.
  book.answer(lab, q, "worker");
  EXPECT_EQ(p.tries, 1);
  EXPECT_TRUE(p.correct);
  EXPECT_EQ(p.answer, "rescuer");
}

// first-mayday has three hints: each wrong try opens the next and keeps the answer
// hidden; the fourth finds none left and shows it; typing it back then earns nothing.
TEST(LabBook, AWrongAnswerSaysNotYetAndOpensTheNextHint) {
  LabBook book;
  const size_t lab = *book.find("05-mem-reclaim");
  const size_t q = question_index(book, lab, "first-mayday");
  ASSERT_EQ(book.entry(lab).lab->questions[q].hints.size(), 3u);
  EXPECT_EQ(book.expected(lab, q), "12ms");
  const QuestionProgress& p = book.entry(lab).questions[q];
  for (int k = 1; k <= 3; ++k) {
    const Attempt a = book.answer(lab, q, std::to_string(20 + k) + "ms");
    EXPECT_EQ(a.result, AttemptResult::NotYet) << k;
    EXPECT_NE(a.message.find("Not yet"), std::string::npos) << a.message;
    EXPECT_EQ(a.message.find("12"), std::string::npos) << "the answer stays hidden: " << a.message;
    EXPECT_EQ(p.hints, k);
    EXPECT_EQ(p.tries, k);
    EXPECT_FALSE(p.revealed);
    EXPECT_EQ(p.first_try, std::optional<bool>(false));
  }
  EXPECT_EQ(book.correct(lab), 0);
  const Attempt shown = book.answer(lab, q, "30ms");
  EXPECT_EQ(shown.result, AttemptResult::Revealed);
  EXPECT_NE(shown.message.find("12ms"), std::string::npos) << shown.message;
  EXPECT_TRUE(p.revealed);
  EXPECT_EQ(p.hints, 3);
  EXPECT_EQ(p.tries, 4);
  const Attempt typed_back = book.answer(lab, q, "12 ms");
  EXPECT_EQ(typed_back.result, AttemptResult::Revealed);
  EXPECT_TRUE(typed_back.check.correct);
  EXPECT_FALSE(p.correct) << "the answer shown, typed back, is not counted right";
  EXPECT_EQ(p.tries, 4);
  EXPECT_EQ(p.first_try, std::optional<bool>(false));
  EXPECT_EQ(p.answer, "30ms");
  EXPECT_EQ(book.first_try(lab), 0);
  EXPECT_EQ(book.correct(lab), 0);
  EXPECT_EQ(book.revealed(lab), 1);
}

TEST(LabBook, RightOnTheSecondTryIsNotAFirstTry) {
  LabBook book;
  const size_t lab = *book.find("05-mem-reclaim");
  const size_t q = question_index(book, lab, "second-mayday");
  EXPECT_EQ(book.answer(lab, q, "212ms").result, AttemptResult::NotYet);
  const Attempt a = book.answer(lab, q, "120ms");
  EXPECT_EQ(a.result, AttemptResult::Correct);
  EXPECT_NE(a.message.find("on try 2"), std::string::npos) << a.message;
  EXPECT_EQ(book.entry(lab).questions[q].first_try, std::optional<bool>(false));
}

TEST(LabBook, ShowTheAnswerAndHintsBeforeAnswering) {
  LabBook book;
  const size_t lab = *book.find("05-mem-reclaim");
  // Hints taken before the first try cost nothing.
  const size_t second = question_index(book, lab, "second-mayday");
  book.show_hint(lab, second);
  book.show_hint(lab, second);
  book.show_hint(lab, second);  // it has two: no third
  EXPECT_EQ(book.entry(lab).questions[second].hints, 2);
  EXPECT_EQ(book.answer(lab, second, "120ms").result, AttemptResult::Correct);
  EXPECT_EQ(book.entry(lab).questions[second].first_try, std::optional<bool>(true));
  // With every hint open, the first wrong answer shows the answer at once.
  const size_t workers = question_index(book, lab, "workers-at-100");
  book.show_hint(lab, workers);
  EXPECT_EQ(book.answer(lab, workers, "2").result, AttemptResult::Revealed);
  // "Show the answer" after a wrong try.
  const size_t first = question_index(book, lab, "first-mayday");
  EXPECT_EQ(book.answer(lab, first, "22ms").result, AttemptResult::NotYet);
  book.reveal(lab, first);
  const QuestionProgress& p = book.entry(lab).questions[first];
  EXPECT_TRUE(p.revealed);
  EXPECT_TRUE(p.done());
  EXPECT_FALSE(p.correct);
  EXPECT_EQ(book.answer(lab, first, "22ms").result, AttemptResult::Revealed) << "shown: no more hints";
  EXPECT_EQ(p.hints, 1);
  EXPECT_EQ(book.revealed(lab), 2);
}

TEST(LabBook, ProgressRoundTripsThroughStorage) {
  LabBook book;
  const size_t lab = *book.find("05-mem-reclaim");
  book.answer(lab, question_index(book, lab, "first-mayday"), "12ms");
  book.answer(lab, question_index(book, lab, "who-runs-writeback"), "worker");
  const size_t second = question_index(book, lab, "second-mayday");
  book.answer(lab, second, "212 ms");
  book.reveal(lab, second);
  book.show_hint(lab, question_index(book, lab, "recovery"));
  ASSERT_TRUE(book.check_challenge(lab, 0, slurp(kTestLabs / "05-mem-reclaim/make-it-recover.solution.toml")).passed);
  std::map<std::string, std::string> storage;
  for (const auto& [k, v] : book.take_storage_writes()) storage[k] = v;
  EXPECT_EQ(storage.at("cmwq-lab:05-mem-reclaim:first-mayday"),
            "tries=1 first=yes revealed=no correct=yes hints=0 answer=12ms");
  EXPECT_EQ(storage.at("cmwq-lab:05-mem-reclaim:who-runs-writeback"),
            "tries=1 first=no revealed=no correct=no hints=1 answer=worker");
  EXPECT_EQ(storage.at("cmwq-lab:05-mem-reclaim:second-mayday"),
            "tries=1 first=no revealed=yes correct=no hints=1 answer=212 ms");
  EXPECT_EQ(storage.at("cmwq-lab:05-mem-reclaim:recovery"), "tries=0 first=- revealed=no correct=no hints=1 answer=");
  EXPECT_EQ(storage.at("cmwq-lab:05-mem-reclaim:make-it-recover"), "solved");
  EXPECT_EQ(storage.size(), 5u);
  EXPECT_TRUE(book.take_storage_writes().empty());  // nothing changed since

  storage["cmwq-lab:05-mem-reclaim:workers-at-100"] = "nonsense";  // ignored
  LabBook again;
  again.load_storage([&](const std::string& key) -> std::optional<std::string> {
    const auto it = storage.find(key);
    if (it == storage.end()) return std::nullopt;
    return it->second;
  });
  for (size_t q = 0; q < book.entry(lab).questions.size(); ++q) {
    const QuestionProgress &a = book.entry(lab).questions[q], &b = again.entry(lab).questions[q];
    EXPECT_EQ(a.tries, b.tries) << q;
    EXPECT_EQ(a.correct, b.correct) << q;
    EXPECT_EQ(a.revealed, b.revealed) << q;
    EXPECT_EQ(a.first_try, b.first_try) << q;
    EXPECT_EQ(a.hints, b.hints) << q;
    EXPECT_EQ(a.answer, b.answer) << q;
  }
  EXPECT_EQ(again.solved(lab), 1);
  EXPECT_TRUE(again.take_storage_writes().empty());  // loading writes nothing back
}

// What the browser kept before tries were recorded: one try each, not known to be the first.
TEST(LabBook, OlderStorageValuesStillRead) {
  const std::map<std::string, std::string> storage = {{"cmwq-lab:05-mem-reclaim:first-mayday", "correct 12ms"},
                                                      {"cmwq-lab:05-mem-reclaim:who-runs-writeback", "wrong worker"}};
  LabBook book;
  book.load_storage([&](const std::string& key) -> std::optional<std::string> {
    const auto it = storage.find(key);
    if (it == storage.end()) return std::nullopt;
    return it->second;
  });
  const size_t lab = *book.find("05-mem-reclaim");
  const QuestionProgress& right = book.entry(lab).questions[question_index(book, lab, "first-mayday")];
  EXPECT_EQ(right.tries, 1);
  EXPECT_TRUE(right.correct);
  EXPECT_EQ(right.first_try, std::optional<bool>(false));
  EXPECT_EQ(right.answer, "12ms");
  const QuestionProgress& wrong = book.entry(lab).questions[question_index(book, lab, "who-runs-writeback")];
  EXPECT_FALSE(wrong.correct);
  EXPECT_EQ(wrong.answer, "worker");
  EXPECT_EQ(book.answered(lab), 2);
}

TEST(LabBook, ProgressRoundTripsThroughALink) {
  LabBook book;
  EXPECT_EQ(book.encode_progress(), "");
  const size_t lab = *book.find("05-mem-reclaim");
  book.answer(lab, 0, "12ms");    // first-mayday: right on the first try
  book.answer(lab, 1, "worker");  // who-runs-writeback: not yet
  book.answer(lab, 3, "2");       // workers-at-100: wrong, its one hint opens
  book.answer(lab, 3, "1");       // right on try 2
  book.answer(lab, 2, "212ms");   // second-mayday: wrong, then shown
  book.reveal(lab, 2);
  book.check_challenge(lab, 0, slurp(kTestLabs / "05-mem-reclaim/make-it-recover.solution.toml"));
  const size_t first = *book.find("01-why-cmwq");
  book.answer(first, 0, "never");
  const std::string value = book.encode_progress();
  // Questions 0-3 answered (f), 0 and 3 right (9), challenge 0 solved, 0 right first (1),
  // 2 shown (4), tries 1, 1, 1, 2.
  EXPECT_EQ(value, "01-why-cmwq.1.0.0.0.0.1~05-mem-reclaim.f.9.1.1.4.1-1-1-2");

  // Through the URL hash and back.
  LinkState s;
  s.scenario = "05-mem-reclaim/starvation";
  s.lab = "05-mem-reclaim";
  s.progress = value;
  std::string error;
  const LinkRead read = read_link(encode_link(s));
  ASSERT_TRUE(read.problems.empty()) << read.problems.front();
  const LinkState* decoded = &read.state;
  EXPECT_EQ(decoded->progress, value);
  EXPECT_EQ(decoded->lab, "05-mem-reclaim");
  EXPECT_EQ(decoded->scenario, "05-mem-reclaim/starvation");

  LabBook other;
  ASSERT_TRUE(other.merge_progress(decoded->progress, error)) << error;
  EXPECT_EQ(other.encode_progress(), value);
  EXPECT_EQ(other.answered(lab), 4);
  EXPECT_EQ(other.correct(lab), 2);
  EXPECT_EQ(other.first_try(lab), 1);
  EXPECT_EQ(other.revealed(lab), 1);
  EXPECT_EQ(other.solved(lab), 1);
  EXPECT_EQ(other.entry(lab).questions[3].tries, 2);
  EXPECT_EQ(other.entry(lab).questions[4].first_try, std::nullopt) << "unanswered: null";
  // The merge is remembered in storage too (answers from a link have no text).
  std::map<std::string, std::string> writes;
  for (const auto& [k, v] : other.take_storage_writes()) writes[k] = v;
  EXPECT_EQ(writes.at("cmwq-lab:05-mem-reclaim:first-mayday"),
            "tries=1 first=yes revealed=no correct=yes hints=0 answer=");
  EXPECT_EQ(writes.at("cmwq-lab:05-mem-reclaim:second-mayday"),
            "tries=1 first=no revealed=yes correct=no hints=0 answer=");
  EXPECT_EQ(writes.size(), 6u);
}

// A link may add records, but a first try recorded here never becomes a better one.
TEST(LabBook, MergingOnlyAddsProgress) {
  LabBook book;
  const size_t lab = *book.find("05-mem-reclaim");
  book.answer(lab, 0, "12ms");    // right on the first try
  book.answer(lab, 1, "worker");  // wrong here, right in the link
  std::string error;
  // The link says: 0 answered, not right; 1 right on its first try (3 tries?!); 2 right first try.
  ASSERT_TRUE(book.merge_progress("05-mem-reclaim.7.6.0.6.0.1-3-1~99-unknown.1.1.1.1.0.1", error)) << error;
  const auto& qs = book.entry(lab).questions;
  EXPECT_TRUE(qs[0].correct) << "the link does not take it away";
  EXPECT_EQ(qs[0].first_try, std::optional<bool>(true));
  EXPECT_TRUE(qs[1].correct);
  EXPECT_EQ(qs[1].first_try, std::optional<bool>(false)) << "recorded wrong here: never better";
  EXPECT_EQ(qs[1].tries, 3) << "tries only rise";
  EXPECT_EQ(qs[1].answer, "") << "\"worker\" was not the correct answer";
  EXPECT_EQ(qs[2].first_try, std::optional<bool>(true)) << "nothing recorded here: the link's record is added";
  EXPECT_EQ(qs[2].tries, 1);
  EXPECT_EQ(book.correct(lab), 3);
  // A link cannot lower tries or take a first try away either.
  ASSERT_TRUE(book.merge_progress("05-mem-reclaim.1.0.0.0.0.1", error)) << error;
  EXPECT_EQ(qs[0].first_try, std::optional<bool>(true));
  EXPECT_TRUE(qs[0].correct);
  EXPECT_EQ(qs[1].tries, 3);
  // An older link does not say whether a first try was right: not better than "no".
  LabBook fresh;
  ASSERT_TRUE(fresh.merge_progress("05-mem-reclaim.1.1.0", error)) << error;
  EXPECT_EQ(fresh.entry(lab).questions[0].first_try, std::optional<bool>(false));
  EXPECT_TRUE(fresh.entry(lab).questions[0].correct);

  for (const char* bad :
       {"05-mem-reclaim.1.1", "05-mem-reclaim.1.1.1.1", "05-mem-reclaim.x.1.1", ".1.1.1", "05-mem-reclaim.1.1.1~",
        "05-mem-reclaim.1.1.1.1.1.x", "05-mem-reclaim.1.1.1.1.1.1--2", "05-mem-reclaim.1.1.1.1.1.99999999"}) {
    LabBook none;
    EXPECT_FALSE(none.merge_progress(bad, error)) << bad;
    EXPECT_EQ(none.encode_progress(), "") << bad;
  }
}

// A question that names another kernel than its scenario's loads with that kernel in
// [machine]; one that names the scenario's own kernel loads the file as it is.
TEST(LabBook, QuestionScenariosCarryTheQuestionsKernel) {
  const LabBook book;
  int rewritten = 0;
  for (size_t i = 0; i < book.size(); ++i) {
    const LabEntry& e = book.entry(i);
    for (size_t q = 0; q < e.lab->questions.size(); ++q) {
      const LabQuestion& question = e.lab->questions[q];
      SCOPED_TRACE(e.files.dir + " " + question.id);
      const std::string text = book.question_scenario(i, q);
      const ScenarioParse own = parse_scenario(book.file_text(i, question.scenario), "own");
      const ScenarioParse p = parse_scenario(text, "loaded");
      ASSERT_TRUE(p.ok()) << p.error->format();
      EXPECT_EQ(p.scenario->machine.kernel, question.kernel.value_or(own.scenario->machine.kernel));
      if (!question.kernel || *question.kernel == own.scenario->machine.kernel) {
        EXPECT_EQ(text, book.file_text(i, question.scenario));
        continue;
      }
      ++rewritten;
      EXPECT_NE(text.find("kernel = \"6.12.0\"  # the kernel this question asks about"), std::string::npos);
      // Nothing else changes: the works, the actions, the run.
      EXPECT_EQ(p.scenario->actions.size(), own.scenario->actions.size());
      EXPECT_EQ(p.scenario->until, own.scenario->until);
    }
  }
  EXPECT_GE(rewritten, 3) << "labs 6 and 9 ask about v6.12.0";
}

TEST(LabBook, TheKernelGoesIntoMachineWhereverItIs) {
  const std::string lab_toml =
      "title = \"t\"\nscenario = \"s.toml\"\n[[question]]\nid = \"q\"\nask = \"?\"\nquery = \"time start\"\n"
      "kernel = \"6.12.0\"\n";
  const std::string tail = "[[workqueue]]\nname = \"q0\"\n";
  for (const std::string& s : {tail, "[machine]\ncpus = 2\nkernel = \"6.12.118\"\n\n" + tail,
                               "title = \"x\"\n" + tail + "[machine]\n  kernel=\"2.6.35\"\ncpus = 1"}) {
    SCOPED_TRACE(s);
    const LabBook book(std::vector<LabFiles>{LabFiles{"x", {{"lab.toml", lab_toml}, {"s.toml", s}}}});
    ASSERT_TRUE(book.entry(0).lab.has_value()) << book.entry(0).error;
    const std::string text = book.question_scenario(0, 0);
    const ScenarioParse p = parse_scenario(text, "s.toml");
    ASSERT_TRUE(p.ok()) << p.error->format() << "\n" << text;
    EXPECT_EQ(p.scenario->machine.kernel, KernelGeneration::V6_12_0);
    EXPECT_EQ(p.scenario->workqueues.size(), 1u);
  }
}

TEST(LabBook, OpeningALabLoadsItsScenario) {
  const LabBook book;
  for (size_t i = 0; i < book.size(); ++i) {
    SCOPED_TRACE(book.entry(i).files.dir);
    const std::string file = book.start_scenario(i);
    EXPECT_EQ(file, book.entry(i).lab->scenario);
    EXPECT_TRUE(find_lab_scenario(lab_scenario_name(book.entry(i).files.dir, file)).has_value());
  }
  EXPECT_EQ(book.start_scenario(*book.find("05-mem-reclaim")), "starvation.toml");
}

// window.cmwq.labs(): per question, tries, revealed and first_try (null while unanswered).
TEST(LabBook, LabsJsonReportsTriesAndFirstTries) {
  LabBook book;
  const size_t lab = *book.find("05-mem-reclaim");
  book.answer(lab, 0, "22ms");     // first-mayday: not yet
  book.answer(lab, 0, "12ms");     // right on try 2
  book.answer(lab, 1, "rescuer");  // who-runs-writeback: right on the first try
  book.answer(lab, 2, "200ms");    // second-mayday: not yet
  book.reveal(lab, 2);
  LabsPanelState panel;
  panel.shown = true;
  panel.open = "05-mem-reclaim";
  panel.tab = "Labs";
  const std::string json = labs_json(book, panel);
  EXPECT_EQ(json.rfind("{\"shown\":true,\"open\":\"05-mem-reclaim\",\"tab\":\"Labs\","
                       "\"progress\":\"05-mem-reclaim.7.3.0.2.4.2-1-1\"",
                       0),
            0u)
      << json;
  for (const char* part : {
           "\"dir\":\"05-mem-reclaim\",\"title\":\"Memory pressure and WQ_MEM_RECLAIM\",\"error\":\"\","
           "\"answered\":3,\"correct\":2,\"first_try\":1,\"revealed\":1,\"solved\":0",
           "{\"id\":\"first-mayday\",\"answered\":true,\"correct\":true,\"tries\":2,\"revealed\":false,\"first_try\":false}",
           "{\"id\":\"who-runs-writeback\",\"answered\":true,\"correct\":true,\"tries\":1,\"revealed\":false,"
           "\"first_try\":true}",
           "{\"id\":\"second-mayday\",\"answered\":true,\"correct\":false,\"tries\":1,\"revealed\":true,"
           "\"first_try\":false}",
           "{\"id\":\"recovery\",\"answered\":false,\"correct\":false,\"tries\":0,\"revealed\":false,\"first_try\":null}",
       })
    EXPECT_NE(json.find(part), std::string::npos) << part << "\nin " << json;
  EXPECT_NE(labs_json(book, LabsPanelState{}).find("{\"shown\":false,\"open\":null,\"tab\":\"\","), std::string::npos);
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
