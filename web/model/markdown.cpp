// A tiny Markdown subset: blocks, inline spans and words for wrapping.
#include "web/model/markdown.h"

#include <cctype>

namespace cmwq::web {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

size_t indent_of(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
  return n;
}

// "1. text", "- text", "* text", "+ text": the marker and where the text starts.
bool list_item(std::string_view line, std::string& marker, size_t& text_at) {
  const size_t i = indent_of(line);
  if (i >= line.size()) return false;
  size_t j = i;
  if (line[j] == '-' || line[j] == '*' || line[j] == '+') {
    ++j;
  } else {
    while (j < line.size() && std::isdigit(static_cast<unsigned char>(line[j]))) ++j;
    if (j == i || j - i > 3 || j >= line.size() || (line[j] != '.' && line[j] != ')')) return false;
    ++j;
  }
  if (j >= line.size() || line[j] != ' ') return false;
  marker = std::string(line.substr(i, j - i));
  text_at = j;
  while (text_at < line.size() && line[text_at] == ' ') ++text_at;
  return true;
}

int heading_level(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && line[n] == '#') ++n;
  if (n == 0 || n > 6 || n >= line.size() || line[n] != ' ') return 0;
  return static_cast<int>(n);
}

void append_text(std::vector<MdSpan>& out, std::string_view text, MdStyle style) {
  if (text.empty()) return;
  if (!out.empty() && out.back().style == style)
    out.back().text += text;
  else
    out.push_back(MdSpan{std::string(text), style});
}

}  // namespace

std::vector<MdSpan> parse_inline(std::string_view s) {
  std::vector<MdSpan> out;
  size_t plain = 0;  // start of the pending plain text
  size_t i = 0;
  auto flush = [&](size_t end) { append_text(out, s.substr(plain, end - plain), MdStyle::Plain); };
  while (i < s.size()) {
    const char c = s[i];
    if (c == '`') {
      const size_t end = s.find('`', i + 1);
      if (end != std::string_view::npos) {
        flush(i);
        append_text(out, s.substr(i + 1, end - i - 1), MdStyle::Code);
        i = plain = end + 1;
        continue;
      }
    } else if (c == '*' && i + 1 < s.size() && s[i + 1] == '*') {
      const size_t end = s.find("**", i + 2);
      if (end != std::string_view::npos && end > i + 2) {
        flush(i);
        // Code inside bold stays code; the rest is bold.
        for (const MdSpan& inner : parse_inline(s.substr(i + 2, end - i - 2)))
          append_text(out, inner.text, inner.style == MdStyle::Plain ? MdStyle::Bold : inner.style);
        i = plain = end + 2;
        continue;
      }
    } else if (c == '*' && i + 1 < s.size() && !is_space(s[i + 1]) &&
               (i == 0 || !std::isalnum(static_cast<unsigned char>(s[i - 1])))) {
      size_t end = i + 1;
      while ((end = s.find('*', end)) != std::string_view::npos && is_space(s[end - 1])) ++end;
      if (end != std::string_view::npos && end > i + 1) {
        flush(i);
        append_text(out, s.substr(i + 1, end - i - 1), MdStyle::Italic);
        i = plain = end + 1;
        continue;
      }
    } else if (c == '[') {
      const size_t close = s.find(']', i + 1);
      if (close != std::string_view::npos && close + 1 < s.size() && s[close + 1] == '(') {
        const size_t paren = s.find(')', close + 2);
        if (paren != std::string_view::npos) {
          flush(i);
          for (const MdSpan& inner : parse_inline(s.substr(i + 1, close - i - 1)))
            append_text(out, inner.text, inner.style);
          i = plain = paren + 1;
          continue;
        }
      }
    }
    ++i;
  }
  flush(s.size());
  return out;
}

std::vector<MdBlock> parse_markdown(std::string_view text) {
  std::vector<MdBlock> out;
  std::string pending;  // text of the open paragraph or list item
  bool open = false;
  auto close = [&] {
    if (open) out.back().spans = parse_inline(trim(pending));
    pending.clear();
    open = false;
  };
  size_t pos = 0;
  bool in_code = false;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string_view t = trim(line);

    if (in_code) {
      if (t.starts_with("```")) {
        in_code = false;
      } else {
        out.back().lines.emplace_back(line);
      }
      continue;
    }
    if (t.starts_with("```")) {
      close();
      out.push_back(MdBlock{MdBlockKind::Code, 0, "", {}, {}});
      in_code = true;
      continue;
    }
    if (t.empty()) {
      close();
      continue;
    }
    if (const int level = indent_of(line) == 0 ? heading_level(line) : 0) {
      close();
      MdBlock b{MdBlockKind::Heading, level, "", parse_inline(trim(line.substr(static_cast<size_t>(level)))), {}};
      out.push_back(b);
      continue;
    }
    std::string marker;
    size_t text_at = 0;
    if (list_item(line, marker, text_at)) {
      close();
      out.push_back(MdBlock{MdBlockKind::Item, static_cast<int>(indent_of(line) / 2), marker, {}, {}});
      pending = std::string(line.substr(text_at));
      open = true;
      continue;
    }
    std::string_view body = t;
    if (body.starts_with('>')) body = trim(body.substr(1));  // a quote reads as a paragraph
    if (!open) {
      out.push_back(MdBlock{MdBlockKind::Paragraph, 0, "", {}, {}});
      open = true;
    } else {
      pending += ' ';
    }
    pending += body;
  }
  close();
  return out;
}

std::vector<MdWord> md_words(const std::vector<MdSpan>& spans) {
  std::vector<MdWord> out;
  bool space = false;
  for (const MdSpan& s : spans) {
    size_t i = 0;
    while (i < s.text.size()) {
      if (is_space(s.text[i])) {
        space = true;
        ++i;
        continue;
      }
      size_t j = i;
      while (j < s.text.size() && !is_space(s.text[j])) ++j;
      out.push_back(MdWord{s.text.substr(i, j - i), s.style, space && !out.empty()});
      space = false;
      i = j;
    }
  }
  return out;
}

std::string md_plain(const std::vector<MdSpan>& spans) {
  std::string out;
  for (const MdSpan& s : spans) out += s.text;
  return out;
}

}  // namespace cmwq::web
