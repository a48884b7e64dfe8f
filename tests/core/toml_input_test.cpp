// The pre-scan in front of toml++ (core/scenario/toml_input.h): the inputs that crash
// or overflow toml++ 3.3.0 are refused with a located error, through every reader
// (scenario, lab file, answers file), and everything we ship still reads.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/lab/lab.h"
#include "core/scenario/scenario.h"
#include "core/scenario/toml_input.h"

namespace cmwq {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The error of scanning @p text as "line:col: message", or "" when it is accepted.
std::string scan(const std::string& text) {
  const std::optional<ScenarioError> e = scan_toml(text, "t.toml");
  return e ? std::to_string(e->pos.line) + ":" + std::to_string(e->pos.column) + ": " + e->message : "";
}

std::string dotted_key(int parts) {
  std::string k = "a";
  for (int i = 1; i < parts; ++i) k += ".a";
  return k;
}

TEST(TomlInput, EveryShippedTomlFileIsAccepted) {
  const fs::path root(CMWQ_SOURCE_DIR);
  int files = 0;
  for (const char* dir : {"scenarios", "labs", "tests/labs"}) {
    for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
      if (e.path().extension() != ".toml") continue;
      EXPECT_EQ(scan(slurp(e.path())), "") << e.path();
      ++files;
    }
  }
  EXPECT_GT(files, 50);
}

TEST(TomlInput, AHeaderNameMustStartRightAfterItsBrackets) {
  // toml++ 3.3.0 asserts in parse_key() <- parse_table_header() when the name does not
  // start with a key character or a quote: `[[[` (four bytes) and, found by fuzzing, `[.`.
  EXPECT_EQ(scan("[[[\n"), "1:3: expected a table name (a bare or quoted key) after the opening bracket");
  EXPECT_EQ(scan("title = \"x\"\n  [[[work]]]\n"),
            "2:5: expected a table name (a bare or quoted key) after the opening bracket");
  EXPECT_EQ(scan("[.[sne!rs]\n]\n"), "1:2: expected a table name (a bare or quoted key) after the opening bracket");
  EXPECT_EQ(scan("[[ \t=x]]\n"), "1:5: expected a table name (a bare or quoted key) after the opening bracket");
  EXPECT_EQ(scan("[ machine ]\n[[ work ]]\n[ \"a b\" . 'c' ]\n['x']\n[-_9]\n"), "");
  EXPECT_EQ(scan("[ [x]]\n"), "1:3: expected a table name (a bare or quoted key) after the opening bracket");
  EXPECT_EQ(scan("[]\n["), "");  // toml++ refuses these itself ("blank bare keys", end of file)
}

TEST(TomlInput, NonAsciiOutsideStringsIsRefusedWhereItStands) {
  // toml++ 3.3.0 reaches an "unreachable" branch on a non-ASCII character after a value.
  EXPECT_EQ(scan("x = 1\xc3\xa9\n"),
            "1:6: only ASCII may stand outside strings and comments: put this character in a quoted string");
  EXPECT_EQ(scan("\xc3\xa9 = 1\n"),
            "1:1: only ASCII may stand outside strings and comments: put this character in a quoted string");
}

TEST(TomlInput, LongDottedKeysAreRefusedAtTheFirstPartOverTheLimit) {
  // 150 000 parts overflowed the native stack, 8 000 the wasm one.
  EXPECT_EQ(scan(dotted_key(kTomlMaxKeyParts) + " = 1\n"), "");
  const int dot = 2 * kTomlMaxKeyParts;  // the 32nd dot: column 1 + 2 * 32 - 1 + 1
  EXPECT_EQ(scan(dotted_key(150000) + " = 1\n"),
            "1:" + std::to_string(dot) + ": a key has at most 32 dotted parts");
  EXPECT_EQ(scan("[" + dotted_key(100) + "]\n"), "1:" + std::to_string(dot + 1) + ": a table name has at most 32 dotted parts");
  EXPECT_EQ(scan("x = { " + dotted_key(40) + " = 1 }\n"),
            "1:" + std::to_string(dot + 6) + ": a key has at most 32 dotted parts");
}

TEST(TomlInput, DeepNestingIsRefused) {
  EXPECT_EQ(scan("x = " + std::string(kTomlMaxDepth, '[') + std::string(kTomlMaxDepth, ']') + "\n"), "");
  EXPECT_EQ(scan("x = " + std::string(100000, '[') + "\n"), "1:37: arrays and inline tables nest at most 32 deep");
  std::string braces = "x = ";
  for (int i = 0; i < 40; ++i) braces += "{a=";
  EXPECT_EQ(scan(braces + "\n"), "1:" + std::to_string(5 + 3 * 32) + ": arrays and inline tables nest at most 32 deep");
}

TEST(TomlInput, AQuoteOnlyStartsAKeyOrAValue) {
  // Found by fuzzing: toml++ 3.3.0 reads `1w"1é` as one bare value and tests `é` with its
  // faulty whitespace table (undefined behaviour); a quote inside a bare value is refused.
  EXPECT_EQ(scan("f= 1w[es.j[!t\"1\xc3\xa9sss[s\n"), "1:6: [ cannot stand inside a value: put a blank or a comma before it");
  EXPECT_EQ(scan("f= 1w\"1\xc3\xa9\"\n"), "1:6: a quoted string may only start a key or a value");
  EXPECT_EQ(scan("a = 1 \"x\"\n"), "1:7: a quoted string may only start a key or a value");
  EXPECT_EQ(scan("a\"b\" = 1\n"), "1:2: a quoted string may only start a key or a value");
  EXPECT_EQ(scan("[a\"b\"]\n"), "1:3: a quoted string may only start a key or a value");
  EXPECT_EQ(scan("\"a\".'b'.c = [\"x\", 'y',\n  \"z\"]\nt = { \"k\" = \"v\", 'l' = ['m'] }\n[\"q\" . 'r']\n"), "");
  // Also found by fuzzing: a bracket or an `=` inside a bare value, then a quote.
  EXPECT_EQ(scan("cpu=0)h[\"\xc3\xa9" "be\xc3\xa9 d"), "1:8: [ cannot stand inside a value: put a blank or a comma before it");
  EXPECT_EQ(scan("N00=0N00='0b00=0b0\xd0\xb8"), "1:10: a quoted string may only start a key or a value");
  EXPECT_EQ(scan("f= 00s[z['''ree['''\n"), "1:7: [ cannot stand inside a value: put a blank or a comma before it");
  EXPECT_EQ(scan("d = 1979-05-27 07:32:00Z\nx = [1,2,{a=3}]\nb = true # c\n"), "");
}

TEST(TomlInput, ClosersMatchTheirOpeners) {
  // Found by fuzzing: `[}` asserts in toml++'s parse_value().
  EXPECT_EQ(scan("hhh=[}"), "1:6: expected ] to close the array");
  EXPECT_EQ(scan("x = { a = [1, 2} }\n"), "1:16: expected ] to close the array");
  EXPECT_EQ(scan("x = [ { a = 1 ] ]\n"), "1:15: expected } to close the inline table");
  EXPECT_EQ(scan("x = [[1], {a = [2]}, []]\n"), "");
}

TEST(TomlInput, MultiLineStringEscapesAreFollowedByAscii) {
  // toml++ 3.3.0 tests what follows a backslash in a multi-line basic string with its
  // faulty Unicode whitespace table (undefined behaviour on e.g. U+00E9).
  const std::string rule = "after a backslash in a multi-line string, the next character that is not a blank must be ASCII";
  EXPECT_EQ(scan("a = \"\"\"x\\\n   \xc3\xa9\"\"\"\n"), "2:4: " + rule);
  EXPECT_EQ(scan("a = \"\"\"x\\\xc3\xa9\"\"\"\n"), "1:10: " + rule);
  EXPECT_EQ(scan("a = \"\"\"x\\ \t\n\n  y \xc3\xa9 \\\" \\u00e9\"\"\"\n"), "");
  EXPECT_EQ(scan("a = \"x\\u00e9 \xc3\xa9\"\n"), "");  // single-line strings have no line-ending backslash
  // Found by fuzzing: a line-ending backslash, blank lines, another one, then U+FEF7.
  EXPECT_EQ(scan("\"\"\"\\   \n \n\\   \n \n  \xef\xbb\xb7    \n"), "5:3: " + rule);
  EXPECT_EQ(scan("a = \"\"\"x\\\\\"\"\"\nb = \"\"\"y\\\n  \\\n  z\\\"\"\"\"\n"), "");
}

TEST(TomlInput, StringsAndCommentsMayHoldAnythingValid) {
  EXPECT_EQ(scan("s = \"[[[ \xc3\xa9 \\\" a.b.c.d = [[[[\"\n# caf\xc3\xa9 [[[\n[[work]]\nname = 'w\xe2\x82\xac'\n"), "");
  EXPECT_EQ(scan("m = \"\"\"\nline \"quoted\" \"\" \xf0\x9f\x98\x80\n\"\"\"\"\nn = '''a''''\n"), "");
  EXPECT_EQ(scan("a = [[[1]], [[2]]]\nt = { x = [1.5, 2.5], y.z = 'q' }\n"), "");
  EXPECT_EQ(scan("e = \"tab\\tok\"\n\tk = 1\r\n"), "");
}

TEST(TomlInput, BrokenUtf8AndControlCharactersAreRefused) {
  EXPECT_EQ(scan("s = \"\xc3\"\n"), "1:6: invalid UTF-8 sequence starting with 0xC3");
  EXPECT_EQ(scan("s = \"\xff\"\n"), "1:6: invalid UTF-8 byte 0xFF");
  EXPECT_EQ(scan("s = \"\xed\xa0\x80\"\n"), "1:6: invalid UTF-8 sequence starting with 0xED");  // a surrogate
  EXPECT_EQ(scan("# \xc0\xaf\n"), "1:3: invalid UTF-8 byte 0xC0");                            // overlong '/'
  EXPECT_EQ(scan(std::string("s = \"a\0b\"\n", 10)), "1:7: control character 0x00 in a string: write it as an escape");
  EXPECT_EQ(scan(std::string("x = 1\0\n", 7)), "1:6: control character 0x00 outside a string");
  EXPECT_EQ(scan("# a\x01\n"), "1:4: control character 0x01 in a comment");
}

TEST(TomlInput, EveryReaderGoesThroughTheScan) {
  const ScenarioParse s = parse_scenario("[[[", "bad.toml");
  ASSERT_TRUE(s.error.has_value());
  EXPECT_EQ(s.error->format(), "bad.toml:1:3: error: expected a table name (a bare or quoted key) after the opening bracket");

  LabFiles files;
  files.dir = "labs/x";
  files.files["lab.toml"] = "title = \"t\"\n" + dotted_key(9000) + " = 1\n";
  const LabParse lab = load_lab(files);
  ASSERT_TRUE(lab.error.has_value());
  EXPECT_EQ(lab.error->format(), "labs/x/lab.toml:2:64: error: a key has at most 32 dotted parts");

  ScenarioError e;
  EXPECT_FALSE(parse_answers("[answers]\nx = 1\xc3\xa9\n", "a.toml", Lab{}, e).has_value());
  EXPECT_EQ(e.format(), "a.toml:2:6: error: only ASCII may stand outside strings and comments: put this character in a quoted string");
}

// Fuzzing found `N=1&00-----y 9#` (lab_fuzz): toml++ 3.3.0 takes a 10-character bare
// value with `-` as its 5th and 8th character, a space and a digit for a date and a time
// (parse_value()) and asserts when the value ends after that one digit. The class, for
// any bare value: a blank, one digit, then anything but a digit.
TEST(TomlInput, ATimeAfterADateStartsWithTwoDigits) {
  const std::string msg = "a date and its time are parted by one blank, and the time starts with a two-digit hour";
  EXPECT_EQ(scan("N=1&00-----y 9#"), "1:13: " + msg);
  EXPECT_EQ(scan("d = 2024-01-01 9\n"), "1:15: " + msg);
  EXPECT_EQ(scan("x = [2024-01-01 9]\n"), "1:16: " + msg);
  EXPECT_EQ(scan("x = 1 2,"), "1:6: " + msg);
  // A real date-time, blanks before a comment or a bracket, blanks inside strings: fine.
  EXPECT_EQ(scan("d = 2024-01-01 12:00:00\nx = [1, 2 ] # 3\ny = \"a 1\"\n"), "");
}

TEST(TomlInput, ErrorsOfTomlppStayInsideTheText) {
  // An unterminated string at the end: toml++ points past the end of the text.
  ScenarioError e;
  EXPECT_FALSE(parse_answers("[answers]\nx = \"abc", "a.toml", Lab{}, e).has_value());
  EXPECT_EQ(e.pos.line, 2);
  EXPECT_LE(e.pos.column, 9);
}

TEST(TomlInput, TooLargeATextIsRefusedBeforeReadingIt) {
  const std::string big(kTomlMaxBytes + 1, '#');
  EXPECT_EQ(scan(big), "1:1: the file is larger than 256 MiB");
}

}  // namespace
}  // namespace cmwq
