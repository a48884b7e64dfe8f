// Cutting a large TOML text between tables and reading it chunk by chunk (see toml_chunks.h).
#include "core/scenario/toml_chunks.h"

#include <algorithm>

namespace cmwq {
namespace {

bool is_bare_key_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool is_bare_key(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_bare_key_char); }

// The line of @p text starting at @p offset, without its newline.
std::string_view line_at(std::string_view text, size_t offset) {
  const size_t end = text.find('\n', offset);
  return text.substr(offset, end == std::string_view::npos ? std::string_view::npos : end - offset);
}

int count_lines(std::string_view text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

TomlChunk whole() {
  TomlChunk out;
  out.kind = TomlChunk::Kind::Whole;
  return out;
}

}  // namespace

TomlChunks::TomlChunks(std::string_view text, const std::string& file, std::vector<TomlHeaderLine> headers,
                       TomlChunkRules rules)
    : text_(text), file_(file), headers_(std::move(headers)), rules_(std::move(rules)) {
  rules_.tables_per_chunk = std::max<size_t>(rules_.tables_per_chunk, 1);
  size_t in_chunk = 0;
  for (size_t h = 0; h < headers_.size(); ++h) {
    const Header hd = header(h);
    if (hd.name.empty()) return;  // not plain: read whole
    if (!hd.array || !is_split(hd.name)) continue;
    if (cuts_.empty() || in_chunk == rules_.tables_per_chunk) {
      cuts_.push_back(h);
      in_chunk = 0;
    }
    ++in_chunk;
    auto last = std::find_if(last_chunk_.begin(), last_chunk_.end(), [&](const auto& k) { return k.first == hd.name; });
    if (last == last_chunk_.end()) last = last_chunk_.insert(last_chunk_.end(), {std::string(hd.name), 0});
    last->second = cuts_.size();
  }
  planned_ = !cuts_.empty();
}

// `[name]` or `[[name]]` alone on its line from its first column, the name a bare key;
// anything else has an empty name.
TomlChunks::Header TomlChunks::header(size_t h) const {
  const size_t at = headers_[h].offset;
  if (at > 0 && text_[at - 1] != '\n') return {};
  const std::string_view line = line_at(text_, at);
  for (const bool array : {true, false}) {
    const size_t brackets = array ? 2 : 1;
    if (line.size() <= 2 * brackets) continue;
    const std::string_view open = line.substr(0, brackets), close = line.substr(line.size() - brackets);
    const std::string_view name = line.substr(brackets, line.size() - 2 * brackets);
    if (open.find_first_not_of('[') == std::string_view::npos && close.find_first_not_of(']') == std::string_view::npos &&
        is_bare_key(name))
      return {name, array};
  }
  return {};
}

size_t TomlChunks::chunk_begin(size_t c) const { return c == 0 ? 0 : cuts_[c - 1]; }
size_t TomlChunks::chunk_end(size_t c) const { return c < cuts_.size() ? cuts_[c] : headers_.size(); }

std::string_view TomlChunks::chunk_text(size_t c) const {
  const size_t begin = c == 0 ? 0 : headers_[cuts_[c - 1]].offset;
  const size_t end = c < cuts_.size() ? headers_[cuts_[c]].offset : text_.size();
  return text_.substr(begin, end - begin);
}

int TomlChunks::chunk_line0(size_t c) const { return c == 0 ? 0 : headers_[cuts_[c - 1]].line - 1; }

bool TomlChunks::is_split(std::string_view name) const {
  return std::find(rules_.split.begin(), rules_.split.end(), name) != rules_.split.end();
}

bool TomlChunks::is_early(std::string_view name) const {
  return std::find(rules_.early.begin(), rules_.early.end(), name) != rules_.early.end();
}

size_t TomlChunks::last_chunk_with(std::string_view key) const {
  for (const auto& [name, chunk] : last_chunk_)
    if (name == key) return chunk;
  return 0;
}

TomlChunk TomlChunks::next() {
  if (next_ > cuts_.size()) return {};
  const size_t c = next_++;
  if (c > 0) {
    TomlChunk checked = check_headers(c);
    if (checked.kind != TomlChunk::Kind::Table) return checked;
  }
  const std::string_view text = chunk_text(c);
  toml::parse_result r = toml::parse(text, file_);
  if (!r) return located(text, chunk_line0(c), c == cuts_.size(), r.error());
  TomlChunk out;
  out.kind = TomlChunk::Kind::Table;
  out.table = std::move(r).table();
  out.line0 = chunk_line0(c);
  out.index = c;
  note_keys(c, out.table);
  return out;
}

// Before chunk @p c is parsed: a header naming a key an earlier chunk defined (unless it
// appends to a split key's array of tables), or an early key out of the prologue.
TomlChunk TomlChunks::check_headers(size_t c) {
  for (size_t h = chunk_begin(c); h < chunk_end(c); ++h) {
    const Header hd = header(h);
    const auto known = keys_.find(hd.name);
    if (known != keys_.end() && !(hd.array && known->second.header_array)) return redefinition(c, h);
    if (is_early(hd.name)) return whole();
  }
  TomlChunk ok;
  ok.kind = TomlChunk::Kind::Table;
  return ok;
}

// The top-level keys chunk @p c defined first; a split key is an array of tables made
// by headers when this chunk (not the prologue, which has none) has a `[[key]]` line.
void TomlChunks::note_keys(size_t c, const toml::table& t) {
  for (const auto& [key, value] : t) {
    if (keys_.count(key.str())) continue;
    bool header_array = false;
    if (c > 0 && is_split(key.str()))
      for (size_t h = chunk_begin(c); h < chunk_end(c) && !header_array; ++h) {
        const Header hd = header(h);
        header_array = hd.array && hd.name == key.str();
      }
    keys_.emplace(std::string(key.str()), KeyInfo{c, header_array});
  }
}

// Header @p h of chunk @p c names a key an earlier chunk defined. A whole-file parse
// stops at an error in the chunk before that header, or else at the header; toml++
// says what it says there from the chunk that defined the key and that line, parsed
// together at their own lines.
TomlChunk TomlChunks::redefinition(size_t c, size_t h) {
  const size_t begin = headers_[chunk_begin(c)].offset, at = headers_[h].offset;
  const std::string_view before = text_.substr(begin, at - begin);
  if (toml::parse_result r = toml::parse(before, file_); !r) return located(before, chunk_line0(c), false, r.error());
  const KeyInfo& first = keys_.find(header(h).name)->second;
  std::string joined(chunk_text(first.chunk));
  const int line0 = chunk_line0(first.chunk);
  joined.append(static_cast<size_t>(headers_[h].line - line0 - count_lines(joined) - 1), '\n');
  joined.append(line_at(text_, at));
  joined += '\n';
  toml::parse_result r = toml::parse(joined, file_);
  if (r) return whole();  // toml++ accepts it after all: only the whole text can say
  TomlChunk out = located(joined, line0, false, r.error());
  if (out.kind == TomlChunk::Kind::Error && out.error->pos.line != headers_[h].line) return whole();
  return out;
}

// A toml++ error in @p text (lines after @p line0, the end of the file if @p last) as a
// whole-file parse locates it; Whole where toml++ places it outside the text (line 0,
// or the end of a text that is not the end of the file).
TomlChunk TomlChunks::located(std::string_view text, int line0, bool last, const toml::parse_error& e) const {
  const SourcePos p{static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column)};
  if (p.line < 1 || (!last && p.line > count_lines(text))) return whole();
  SourcePos at = clamp_to_text(text, p);
  at.line += line0;
  TomlChunk out;
  out.kind = TomlChunk::Kind::Error;
  out.error = ScenarioError{file_, at, std::string(e.description())};
  return out;
}

}  // namespace cmwq
