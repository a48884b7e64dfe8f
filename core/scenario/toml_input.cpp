// The pre-scan in front of toml++ (see toml_input.h for the limits and why).
#include "core/scenario/toml_input.h"

#include <algorithm>
#include <vector>

#include "core/scenario/toml_parse.h"

namespace cmwq {
namespace {

bool is_control(unsigned char c) { return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

// One pass over the text, knowing only what the limits need: whether it is inside a
// string or a comment, whether a key or a value is being read, and the open brackets.
class TomlScanner {
 public:
  TomlScanner(std::string_view text, const std::string& file, std::vector<TomlHeaderLine>* headers)
      : t_(text), file_(file), headers_(headers) {}

  std::optional<ScenarioError> run() {
    if (t_.size() > kTomlMaxBytes)
      return ScenarioError{file_, {1, 1}, "the file is larger than " + std::to_string(kTomlMaxBytes >> 20) + " MiB"};
    while (i_ < t_.size() && !error_) step();
    return error_;
  }

 private:
  enum class Ctx : uint8_t { Key, Value };

  unsigned char at(size_t k = 0) const { return i_ + k < t_.size() ? static_cast<unsigned char>(t_[i_ + k]) : 0; }
  bool more() const { return i_ < t_.size() && !error_; }

  // Moves over one byte; the column counts characters, so UTF-8 continuation bytes
  // do not move it.
  void advance() {
    const unsigned char c = at();
    ++i_;
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((c & 0xc0) != 0x80) {
      ++column_;
    }
  }

  void fail(const std::string& what) {
    if (!error_) error_ = ScenarioError{file_, {line_, column_}, what};
  }

  // One step outside strings and comments.
  void step() {
    const unsigned char c = at();
    if (c >= 0x80) return fail("only ASCII may stand outside strings and comments: put this character in a quoted string");
    if (is_control(c)) return fail("control character " + hex(c) + " outside a string");
    // toml++ 3.3.0 reads a date-shaped bare value, a space and a digit as a date and a
    // time, and asserts (parse_value()'s scan) when that digit ends the value: a time has
    // two digits for its hour.
    if (c == ' ' && bare_ && ctx_ == Ctx::Value && is_digit(at(1)) && !is_digit(at(2)))
      return fail("a date and its time are parted by one blank, and the time starts with a two-digit hour");
    if (c == '#' || c == '\n' || c == ' ' || c == '\t' || c == '\r') bare_ = false;  // a value ends here
    if (c == '#') return comment();
    if (c == '\n') return newline();
    if (c == ' ' || c == '\t' || c == '\r') return advance();
    if (c == '"' || c == '\'') {
      // toml++ reads a quote inside a bare value as part of that value, and then tests
      // the string's characters as if they stood outside it (see the file comment).
      if (bare_ || !quote_may_start()) return fail("a quoted string may only start a key or a value");
      line_start_ = false;
      string();
    } else if (ctx_ == Ctx::Key) {
      key_char(c);
    } else {
      value_char(c);
    }
    prev_ = c;
  }

  void newline() {
    advance();
    if (open_.empty()) {
      ctx_ = Ctx::Key;
      line_start_ = true;
      key_parts_ = 1;
      prev_ = '\n';
    }
  }

  // Where a key or a value can begin: at the start of a line, after a dot of a key, or
  // after `=`, `[`, `{` or `,`.
  bool quote_may_start() const {
    if (ctx_ == Ctx::Key) return prev_ == '\n' || prev_ == '.' || prev_ == '{' || prev_ == ',';
    return prev_ == '=' || prev_ == '[' || prev_ == ',';
  }

  void key_char(unsigned char c) {
    const bool first = line_start_ && open_.empty();
    line_start_ = false;
    if (c == '[' && first) return header();
    if (c == '.' && ++key_parts_ > kTomlMaxKeyParts)
      return fail("a key has at most " + std::to_string(kTomlMaxKeyParts) + " dotted parts");
    if (c == '=') {
      ctx_ = Ctx::Value;
      key_parts_ = 1;
    }
    if (c == '}' && !open_.empty()) open_.pop_back();  // `{}` or `{ a = 1, }`: back in the value
    if (c == '}') ctx_ = Ctx::Value;
    advance();
  }

  // A value's own characters. A bare value (a number, a date, true) runs up to a blank,
  // `]`, `}`, `,` or `#`; toml++ reads a bracket or a quote inside it as part of it.
  void value_char(unsigned char c) {
    if (bare_ && (c == '[' || c == '{'))
      return fail(std::string(1, static_cast<char>(c)) + " cannot stand inside a value: put a blank or a comma before it");
    bare_ = !(c == '[' || c == '{' || c == ']' || c == '}' || c == ',');
    if (c == '[' || c == '{') {
      if (static_cast<int>(open_.size()) >= kTomlMaxDepth)
        return fail("arrays and inline tables nest at most " + std::to_string(kTomlMaxDepth) + " deep");
      open_.push_back(static_cast<char>(c));
      if (c == '{') begin_key();
    } else if ((c == ']' || c == '}') && !open_.empty()) {
      // toml++ 3.3.0 asserts (parse_value()) on a `}` where an array expects a value.
      if (c != (open_.back() == '[' ? ']' : '}'))
        return fail(open_.back() == '[' ? "expected ] to close the array" : "expected } to close the inline table");
      open_.pop_back();
    } else if (c == ',' && !open_.empty() && open_.back() == '{') {
      begin_key();
    }
    advance();
  }

  void begin_key() {
    ctx_ = Ctx::Key;
    key_parts_ = 1;
  }

  // `[name]` or `[[name]]` at the start of a line; the name is a key like any other.
  // toml++ 3.3.0 asserts (parse_key()) when anything but a key starts the name.
  void header() {
    if (headers_) headers_->push_back({static_cast<uint32_t>(i_), line_});
    advance();
    const bool blank = skip_blanks();
    if (at() == '[' && !blank) {
      advance();
      skip_blanks();
    }
    if (i_ < t_.size() && !starts_key(at()) && at() != ']')
      return fail("expected a table name (a bare or quoted key) after the opening bracket");
    unsigned char last = '[';  // the last character of the name that is not a blank
    while (more() && at() != ']' && at() != '\n' && at() != '#') {
      const unsigned char c = at();
      if (c == '"' || c == '\'') {
        if (last != '[' && last != '.') return fail("a quoted string may only start a key or a value");
        string();
        last = '"';
        continue;
      }
      if (c >= 0x80 || is_control(c)) return step();  // reports it
      if (c == '.' && ++key_parts_ > kTomlMaxKeyParts)
        return fail("a table name has at most " + std::to_string(kTomlMaxKeyParts) + " dotted parts");
      if (c != ' ' && c != '\t') last = c;
      advance();
    }
    key_parts_ = 1;
  }

  // Skips spaces and tabs; true if there were any.
  bool skip_blanks() {
    const size_t from = i_;
    while (at() == ' ' || at() == '\t') advance();
    return i_ > from;
  }

  static bool starts_key(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '"' || c == '\'';
  }

  void comment() {
    while (more() && at() != '\n') {
      if (at() != '\t' && at() < 0x20) return fail("control character " + hex(at()) + " in a comment");
      text_char();
    }
  }

  // A basic or literal string, single- or multi-line, starting at its quote.
  void string() {
    const unsigned char q = at();
    const bool multi = at(1) == q && at(2) == q;
    for (int k = 0; k < (multi ? 3 : 1); ++k) advance();
    while (more()) {
      const unsigned char c = at();
      if (c == q && (!multi || (at(1) == q && at(2) == q))) return close_string(q, multi);
      if (c == '\n' && !multi) return;  // unterminated: toml++ says so
      if (c == '\\' && q == '"') {
        advance();
        if (multi) {
          const Tail tail = backslash_tail();
          if (tail == Tail::Failed) return;
          if (tail == Tail::LineEnding) continue;  // what follows is text again, not an escape
        } else if (at() == '\n' || at() == '\r') {
          continue;  // unterminated: toml++ says so
        }
      }
      if (is_control(at()) && !(multi && (at() == '\n' || at() == '\r')))
        return fail("control character " + hex(at()) + " in a string: write it as an escape");
      text_char();
    }
  }

  enum class Tail : uint8_t { Failed, LineEnding, Escape };

  // After a backslash in a multi-line basic string. toml++ 3.3.0 tests the character
  // after it, and after a line-ending backslash every character up to the next
  // non-blank, with a Unicode whitespace table that is wrong for most non-ASCII
  // characters (undefined behaviour), so those must be ASCII. A line-ending backslash
  // and the blanks and line breaks after it are passed (LineEnding); otherwise the
  // escaped character follows (Escape).
  Tail backslash_tail() {
    size_t k = 0;
    while (at(k) == ' ' || at(k) == '\t') ++k;
    const bool line_end = at(k) == '\n' || at(k) == '\r';
    while (at() == ' ' || at() == '\t' || (line_end && (at() == '\n' || at() == '\r'))) advance();
    if (at() >= 0x80) {
      fail("after a backslash in a multi-line string, the next character that is not a blank must be ASCII");
      return Tail::Failed;
    }
    return line_end ? Tail::LineEnding : Tail::Escape;
  }

  // The closing quote(s); a multi-line string may end in up to two more quotes.
  void close_string(unsigned char q, bool multi) {
    int run = 0;
    while (at() == q && run < (multi ? 5 : 1)) {
      advance();
      ++run;
    }
  }

  // One character of a string or comment: ASCII, or a well-formed UTF-8 sequence.
  void text_char() {
    const unsigned char c = at();
    if (c < 0x80) return advance();
    int extra = 0;
    unsigned char lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) extra = 1;
    else if (c >= 0xe0 && c <= 0xef) extra = 2, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
    else if (c >= 0xf0 && c <= 0xf4) extra = 3, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
    else return fail("invalid UTF-8 byte " + hex(c));
    for (int k = 1; k <= extra; ++k) {
      const unsigned char n = at(static_cast<size_t>(k));
      if (n < (k == 1 ? lo : 0x80) || n > (k == 1 ? hi : 0xbf)) return fail("invalid UTF-8 sequence starting with " + hex(c));
    }
    for (int k = 0; k <= extra; ++k) advance();
  }

  static std::string hex(unsigned char c) {
    static const char* digits = "0123456789ABCDEF";
    return std::string("0x") + digits[c >> 4] + digits[c & 15];
  }

  std::string_view t_;
  const std::string& file_;
  std::vector<TomlHeaderLine>* headers_;  // where header() notes each header, if anywhere
  size_t i_ = 0;
  int line_ = 1;
  int column_ = 1;
  Ctx ctx_ = Ctx::Key;
  bool line_start_ = true;    // nothing but blanks on this line yet (a header may come)
  int key_parts_ = 1;         // dotted parts of the key being read
  unsigned char prev_ = '\n'; // last character outside strings that is not a blank ('\n': a new line)
  bool bare_ = false;          // inside a bare value (a number, a date, a boolean)
  std::vector<char> open_;    // open [ and { of the value being read
  std::optional<ScenarioError> error_;
};

}  // namespace

std::optional<ScenarioError> scan_toml(std::string_view text, const std::string& file,
                                       std::vector<TomlHeaderLine>* headers) {
  return TomlScanner(text, file, headers).run();
}

SourcePos clamp_to_text(std::string_view text, SourcePos p) {
  int lines = 1;
  int last_len = 0;   // length of the current (finally: last) line
  int target_len = 0; // length of line p.line
  for (char c : text) {
    if (c == '\n') {
      if (lines == p.line) target_len = last_len;
      ++lines;
      last_len = 0;
    } else {
      ++last_len;
    }
  }
  if (lines == p.line) target_len = last_len;
  if (p.line < 1) return {1, 1};
  if (p.line > lines) return {lines, last_len + 1};
  p.column = std::clamp(p.column, 1, target_len + 1);
  return p;
}

toml::parse_result parse_toml(std::string_view text, const std::string& file) {
  if (std::optional<ScenarioError> e = scan_toml(text, file)) {
    const toml::source_position at{static_cast<toml::source_index>(e->pos.line),
                                   static_cast<toml::source_index>(e->pos.column)};
    return toml::parse_result(toml::parse_error(std::move(e->message), at));
  }
  return toml::parse(text, file);
}

ScenarioError toml_error(std::string_view text, const std::string& file, const toml::parse_error& e) {
  const SourcePos at{static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column)};
  return ScenarioError{file, clamp_to_text(text, at), std::string(e.description())};
}

}  // namespace cmwq
