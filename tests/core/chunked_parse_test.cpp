// A large scenario is read a few thousand tables at a time (core/scenario/toml_chunks.h).
// Whatever the text, that must give what reading it whole gives: the same scenario, or
// the same error at the same file, line and column. Each test reads texts both ways
// (chunking forced with tiny chunks) and compares; a few also check the answer itself.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/scenario/scenario.h"
#include "core/scenario/toml_chunks.h"
#include "harness.h"

namespace cmwq::test {
namespace {

namespace fs = std::filesystem;

std::string where(SourcePos p) { return std::to_string(p.line) + ":" + std::to_string(p.column); }

std::string op_text(const OpSpec& o) {
  return std::to_string(static_cast<int>(o.code)) + " " + std::to_string(o.ns) + " " + std::to_string(o.count) + " " +
         std::to_string(static_cast<int>(o.gfp)) + " " + o.wq + " " + o.target + " " + std::to_string(o.cpu) + " " +
         o.text + " @" + where(o.pos);
}

// Everything a parse gives, as text: the error, or the scenario's fields.
std::string describe(const ScenarioParse& p) {
  if (!p.ok()) return "error " + p.error->format();
  const Scenario& s = *p.scenario;
  const MachineConfig& m = s.machine;
  std::ostringstream o;
  o << s.file << "|" << s.title << "|" << s.description << "\n"
    << m.cpus << " " << m.hz << " " << static_cast<int>(m.sched) << " " << static_cast<int>(m.timers) << " "
    << m.memory_pages << " " << m.cache_pages << " " << m.wmark_min << " " << m.wmark_low << " " << m.wmark_high << " "
    << m.fork_fails_below_min << " " << m.lockdep << " " << m.cpus_per_pod << " " << static_cast<int>(m.kernel) << " "
    << m.wq.cpu_intensive_thresh_us << " " << m.wq.cpu_intensive_warning_thresh << " " << m.wq.watchdog_thresh << " "
    << m.wq.power_efficient << " " << m.seed << "\n";
  for (const WorkqueueSpec& q : s.workqueues)
    o << "wq " << q.name << " " << q.flags << " " << q.max_active << " " << q.ordered << " @" << where(q.pos) << "\n";
  for (const WorkSpec& w : s.works) {
    o << "work " << w.name << " " << w.function << " " << w.delayed << " @" << where(w.pos) << "\n";
    for (const OpSpec& op : w.program) o << "  " << op_text(op) << "\n";
  }
  for (const ActionSpec& a : s.actions) {
    o << "at " << a.time << " " << static_cast<int>(a.op) << " " << a.wq << " " << a.target << " " << a.cpu << " "
      << a.from_cpu << " " << a.count << " " << a.delay << " " << a.name << " " << a.text << " @" << where(a.pos) << "\n";
    for (const OpSpec& op : a.program) o << "  " << op_text(op) << "\n";
  }
  o << s.reclaim_wq << " " << s.reclaim_work << " " << s.rcu_wq << " " << s.until << " " << s.budget.max_events << " "
    << s.budget.max_memory_mib << "\n";
  for (const OpSpec& op : s.rcu_program) o << "rcu " << op_text(op) << "\n";
  return o.str();
}

ScenarioParse chunked(const std::string& text, size_t tables) {
  ScenarioOptions o;
  o.chunk_min_bytes = 0;
  o.chunk_tables = tables;
  return parse_scenario(text, "t.toml", o);
}

ScenarioParse whole(const std::string& text) {
  ScenarioOptions o;
  o.chunk_min_bytes = SIZE_MAX;
  return parse_scenario(text, "t.toml", o);
}

// Reads @p text whole and in chunks of 1, 2 and 3 tables; all must agree. Returns the
// whole read's description.
std::string expect_same(const std::string& text, const std::string& label) {
  const std::string want = describe(whole(text));
  for (size_t tables : {1, 2, 3}) {
    const std::string got = describe(chunked(text, tables));
    EXPECT_EQ(got, want) << label << ", chunks of " << tables << " tables; text:\n" << text;
    if (got != want) break;
  }
  return want;
}


// A generated scenario: @p works works burning and sleeping, each queued by an [[at]].
std::string generated(int works) {
  std::string t = "title = \"generated\"\n\n[machine]\ncpus = 4\n\n[run]\nuntil = \"20ms\"\n\n";
  t += "[[workqueue]]\nname = \"q\"\n\n";
  for (int i = 0; i < works; ++i)
    t += "[[work]]\nname = \"w" + std::to_string(i) + "\"\nprogram = [\"burn 50us\", \"sleep 200us\"]\n\n";
  for (int i = 0; i < works; ++i)
    t += "[[at]]\ntime = \"" + std::to_string(i) + "us\"\ndo = [\"queue_work q w" + std::to_string(i) + " cpu=" +
         std::to_string(i % 4) + "\"]\n\n";
  return t;
}

// The line (from 1) on which @p needle first occurs in @p text.
int line_of(const std::string& text, const std::string& needle) {
  const size_t at = text.find(needle);
  return at == std::string::npos ? 0 : 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

TEST(ChunkedParse, ShippedScenariosReadTheSameInChunks) {
  const std::vector<fs::path> files = shipped_scenario_files();
  ASSERT_GT(files.size(), 10u);
  for (const fs::path& f : files) expect_same(read_file(f), f.filename().string());
}

TEST(ChunkedParse, ALargeFileIsReadInChunksByDefault) {
  const std::string text = generated(12000);
  ASSERT_GE(text.size(), ScenarioOptions{}.chunk_min_bytes);
  const ScenarioParse p = parse_scenario(text, "t.toml");
  ASSERT_TRUE(p.ok()) << p.error->format();
  EXPECT_EQ(p.scenario->works.size(), 12000u);
  EXPECT_EQ(p.scenario->actions.size(), 12000u);
  EXPECT_EQ(p.scenario->works[11999].pos.line, line_of(text, "name = \"w11999\"") - 1);
  EXPECT_EQ(p.scenario->actions[11999].text, "queue_work q w11999 cpu=3");
  EXPECT_EQ(describe(p), describe(whole(text)));
}

// An error deep in a big file: the same file:line:column and message both ways, and the
// line is the one the mistake is on.
TEST(ChunkedParse, AnErrorDeepInABigFileIsLocatedAsInAWholeRead) {
  const std::string big = generated(6000);
  struct Case {
    std::string from, to, on;  // replace `from` by `to`; the error is on the line with `on`
  };
  const std::vector<Case> cases = {
      {"name = \"w4321\"\n", "name = \"w4321\"\nname = \"again\"\n", "name = \"again\""},  // toml++: a key twice
      {"time = \"5000us\"", "time = \"5000xs\"", "5000xs"},                                  // a bad duration
      {"queue_work q w5001 cpu=1", "queue_work q w99999 cpu=1", "w99999"},                       // an unknown work
      {"name = \"w3000\"\nprogram = [\"burn 50us\"", "name = \"w3000\"\nprogram = [\"burn 50us\" \"x\"", "\" \"x\""},  // syntax
      {"name = \"w5999\"", "name = \"w17\" ", "\"w17\" "},  // a duplicate work name
  };
  for (const Case& c : cases) {
    const std::string text = replace_once(big, c.from, c.to);
    const ScenarioParse w = whole(text);
    ASSERT_FALSE(w.ok()) << c.to;
    EXPECT_EQ(w.error->pos.line, line_of(text, c.on)) << w.error->format();
    EXPECT_GT(w.error->pos.line, 10000) << w.error->format();
    for (size_t tables : {1, 7, 4096})
      EXPECT_EQ(describe(chunked(text, tables)), describe(w)) << c.to << " in chunks of " << tables;
  }
}

// Top-level tables and keys defined twice, the second time in a later chunk: toml++'s
// own error at the second definition, as a whole read gives it.
TEST(ChunkedParse, ATableDefinedAgainInALaterChunkIsReportedAsTomlDoes) {
  const std::string base = generated(5);
  const std::vector<std::string> texts = {
      base + "[machine]\ncpus = 2\n",                             // [machine] twice
      base + "[run]\nuntil = \"5ms\"\n",                          // [run] twice, the second after [[work]]
      base + "[title]\nx = 1\n",                                  // a value, then a table
      replace_once(base, "[[work]]", "[work]\nname = \"x\"\n\n[[work]]"),  // [work] then [[work]]
      "work = []\n" + base,                                       // an inline array, then [[work]]
      base + "[work]\nname = \"late\"\n",                         // [[work]] then [work]
      base + "[at]\ntime = \"1ms\"\n",                            // [[at]] then [at]
      base + "[[machine]]\ncpus = 2\n",                           // a table, then [[machine]]
  };
  for (const std::string& text : texts) {
    const std::string want = expect_same(text, "redefinition");
    EXPECT_EQ(want.rfind("error t.toml:", 0), 0u) << want;
  }
  // The [run] case, checked by hand: toml++ names the table at the second [run].
  const ScenarioParse p = chunked(base + "[run]\nuntil = \"5ms\"\n", 1);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error->pos.line, line_of(base, "[[at]]\ntime = \"4us\"") + 4);
  EXPECT_NE(p.error->message.find("run"), std::string::npos) << p.error->message;
}

// Tables the reader needs before any [[work]] may come after them; names may be used
// before they are declared; other tables may follow the [[work]] tables.
TEST(ChunkedParse, OrderOfTablesDoesNotMatter) {
  const std::string base = generated(4);
  const std::string moved_machine = replace_once(base, "[machine]\ncpus = 4\n", "") + "[machine]\ncpus = 4\n";
  const std::string late_wq = replace_once(base, "[[workqueue]]\nname = \"q\"\n", "") + "[[workqueue]]\nname = \"q\"\n";
  const std::string at_first =
      replace_once(base, "[[work]]", "[[at]]\ntime = \"0ms\"\ndo = [\"queue_work q w3\", \"complete c\"]\n\n[[work]]");
  const std::string late_tables =
      base + "[memory]\nreclaim_workqueue = \"q\"\nreclaim_work = \"w0\"\n\n[rcu]\nprogram = [\"flush_work w1\"]\n";
  const std::string forward_program =
      replace_once(base, "program = [\"burn 50us\", \"sleep 200us\"]", "program = [\"queue_work q w3\", \"burn 1ms\"]");
  const std::string bad_forward = replace_once(at_first, "w3\", \"complete c\"", "w9\", 7");
  for (const std::string& text : {moved_machine, late_wq, at_first, late_tables, forward_program, bad_forward})
    expect_same(text, "reordered");
  EXPECT_TRUE(chunked(at_first, 1).ok());
  EXPECT_TRUE(chunked(forward_program, 1).ok());
  EXPECT_EQ(chunked(at_first, 1).scenario->actions.size(), 6u);
}

// Errors of earlier passes win over later ones wherever they are in the file: an
// unknown top-level key after a bad [[work]], a duplicate name after a bad action.
TEST(ChunkedParse, TheFirstErrorIsTheWholeReadsWhateverTheChunk) {
  const std::string base = generated(6);
  const std::string bad_op = replace_once(base, "\"burn 50us\", \"sleep 200us\"", "\"burn 50xs\"");
  const std::vector<std::string> texts = {
      bad_op + "[zebra]\nx = 1\n",
      bad_op + "[apple]\nx = 1\n\n[zebra]\ny = 2\n",
      replace_once(base, "do = [\"queue_work q w1 cpu=1\"]", "do = [\"queue_work q nope\"]") + "[[work]]\nname = \"w2\"\nprogram = []\n",
      replace_once(bad_op, "name = \"w5\"", "name = \"w 5\""),
      bad_op + "[run]\nseed = -1\n",
      replace_once(base, "[run]\nuntil = \"20ms\"\n", "") + "[run]\nuntil = \"-1ms\"\n",
      base + "[[work]]\nname = \"late\"\nprogram = [\"flush_work ghost\"]\n",
  };
  for (const std::string& text : texts) expect_same(text, "first error");
}

// The redefinitions above are answered from the chunks (bounded memory), not by
// reading the file whole; a header that is not plain, or a valid append to an array of
// tables that is not cut, makes the file be read whole.
TEST(ChunkedParse, RedefinitionsAreAnsweredWithoutReadingWhole) {
  const std::string base = generated(5);
  auto last_kind = [](const std::string& text) {
    std::vector<TomlHeaderLine> headers;
    EXPECT_FALSE(scan_toml(text, "t.toml", &headers));
    TomlChunks chunks(text, "t.toml", std::move(headers), {{"work", "at"}, {"machine"}, 1});
    if (!chunks.planned()) return TomlChunk::Kind::Whole;
    TomlChunk c;
    do c = chunks.next();
    while (c.kind == TomlChunk::Kind::Table);
    return c.kind;
  };
  EXPECT_EQ(last_kind(base), TomlChunk::Kind::Done);
  EXPECT_EQ(last_kind(base + "[run]\nuntil = \"5ms\"\n"), TomlChunk::Kind::Error);
  EXPECT_EQ(last_kind(base + "[work]\nname = \"late\"\n"), TomlChunk::Kind::Error);
  EXPECT_EQ(last_kind("work = []\n" + base), TomlChunk::Kind::Error);
  EXPECT_EQ(last_kind(base + "[machine]\ncpus = 2\n"), TomlChunk::Kind::Error);
  EXPECT_EQ(last_kind(base + "[machine.x]\ny = 2\n"), TomlChunk::Kind::Whole);  // not a plain header
  EXPECT_EQ(last_kind(base + "[[workqueue]]\nname = \"z\"\n"), TomlChunk::Kind::Whole);  // valid TOML
  EXPECT_EQ(last_kind(base + "[[work]]\nname = \"x\"\n[[work]]\nname = \"x\"\nx = \"\"\"\n[[work]]\n\"\"\"\n"),
            TomlChunk::Kind::Done);  // a header line inside a string is no cut
}

// Seeded line mutations of the shipped scenarios (lines and [[...]] blocks deleted,
// duplicated, moved to the end): whole and chunked reads agree on every one.
TEST(ChunkedParse, MutatedScenariosReadTheSameInChunks) {
  uint64_t seed = 0x5eed;
  auto next = [&seed](size_t n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<size_t>((seed >> 33) % n);
  };
  int mutants = 0;
  for (const fs::path& f : shipped_scenario_files()) {
    std::vector<std::string> lines;
    std::istringstream in(read_file(f));
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    if (lines.empty()) continue;
    for (int m = 0; m < 60; ++m) {
      std::vector<std::string> v = lines;
      for (int k = 0, n = 1 + static_cast<int>(next(3)); k < n; ++k) {
        const size_t i = next(v.size()), len = 1 + next(4);
        const std::vector<std::string> block(v.begin() + static_cast<long>(i),
                                             v.begin() + static_cast<long>(std::min(v.size(), i + len)));
        switch (next(4)) {
          case 0: v.erase(v.begin() + static_cast<long>(i)); break;
          case 1: v.insert(v.begin() + static_cast<long>(next(v.size())), block.begin(), block.end()); break;
          case 2: v.insert(v.end(), block.begin(), block.end()); break;
          default: v.insert(v.begin() + static_cast<long>(i), block.begin(), block.end()); break;
        }
        if (v.empty()) v.push_back("");
      }
      std::string text;
      for (const std::string& l : v) text += l + "\n";
      expect_same(text, f.filename().string() + " mutant " + std::to_string(m));
      ++mutants;
      if (HasFailure()) return;
    }
  }
  EXPECT_GT(mutants, 600);
}

}  // namespace
}  // namespace cmwq::test
