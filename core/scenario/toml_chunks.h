#pragma once
/// @file
/// @brief A large TOML text read a few thousand tables at a time, so that toml++'s
/// in-memory table never holds the whole of it (a million-work scenario is 140 MB of
/// text and 2.6 GB of table).
///
/// The text is cut just before `[[work]]`-like header lines (the split keys): a prologue
/// (everything before the first cut), then chunks of a few thousand of those tables
/// each. toml++ reads one chunk at a time; its positions are moved by the chunk's first
/// line, so every node and every error is located as in a whole-file parse. The cut is
/// made only where it cannot change what toml++ says:
/// - the header lines come from the pre-scan (toml_input.h), which knows strings,
///   arrays and inline tables, and every header of the file is a plain `[name]` or
///   `[[name]]` alone on its line; anything else and the text is read whole;
/// - a chunk may append to a split key's array of tables, but any other header naming
///   a key an earlier chunk defined is a redefinition: it is reported as toml++ reports
///   it (the earlier chunk and that header line, parsed together), and if toml++ would
///   accept it after all the text is read whole;
/// - the early keys (tables the reader needs before any split table, such as
///   `[machine]`) must stand in the prologue, or the text is read whole;
/// - an error toml++ places outside its chunk (line 0, or past a chunk's end) makes the
///   text be read whole, where toml++ places it itself.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/scenario/toml_parse.h"

namespace cmwq {

/// How a text is cut (TomlChunks).
struct TomlChunkRules {
  std::vector<std::string> split;  ///< Keys whose `[[key]]` lines are cut points.
  std::vector<std::string> early;  ///< Keys whose headers must stand before the first cut.
  size_t tables_per_chunk = 4096;  ///< Split tables in each chunk after the prologue (at least 1).
};

/// What TomlChunks::next() gives.
struct TomlChunk {
  /// What came out.
  enum class Kind : uint8_t {
    Table,  ///< The next chunk's table.
    Done,   ///< Every chunk has been given.
    Error,  ///< A TOML error, located as a whole-file parse locates it.
    Whole,  ///< The text must be read whole after all.
  };
  Kind kind = Kind::Done;              ///< What this is.
  toml::table table;                   ///< The chunk's table (Kind::Table).
  int line0 = 0;                       ///< Lines before the chunk: add it to the table's lines.
  size_t index = 0;                    ///< The chunk's index; 0 is the prologue.
  std::optional<ScenarioError> error;  ///< The error (Kind::Error).
};

/// Reads a text accepted by scan_toml() chunk by chunk (see the file comment).
class TomlChunks {
 public:
  /// Plans the chunks of @p text (named @p file in errors) from the @p headers the
  /// scan noted; planned() says whether it may be read in chunks.
  TomlChunks(std::string_view text, const std::string& file, std::vector<TomlHeaderLine> headers,
             TomlChunkRules rules);
  /// False if the text must be read whole: a header that is not plain, or no split table.
  bool planned() const { return planned_; }
  /// The index of the last chunk with a `[[key]]` header (0 if none).
  size_t last_chunk_with(std::string_view key) const;
  /// Parses and gives the next chunk (Kind::Table), or says why there is none.
  TomlChunk next();

 private:
  struct Header {
    std::string_view name;  // the key between the brackets; empty if the header is not plain
    bool array = false;     // [[name]]
  };
  struct KeyInfo {
    size_t chunk = 0;           // the chunk that first defined it
    bool header_array = false;  // made only by [[key]] headers of split keys
  };

  Header header(size_t h) const;
  size_t chunk_begin(size_t c) const;  // index in headers_ of chunk c's first header
  size_t chunk_end(size_t c) const;    // one past its last
  std::string_view chunk_text(size_t c) const;
  int chunk_line0(size_t c) const;
  bool is_split(std::string_view name) const;
  bool is_early(std::string_view name) const;
  TomlChunk check_headers(size_t c);
  void note_keys(size_t c, const toml::table& t);
  TomlChunk redefinition(size_t c, size_t h);
  TomlChunk located(std::string_view text, int line0, bool last, const toml::parse_error& e) const;

  std::string_view text_;
  std::string file_;  // a copy: callers may pass a temporary
  std::vector<TomlHeaderLine> headers_;
  TomlChunkRules rules_;
  std::vector<size_t> cuts_;  // header index of each chunk's first header, chunk 1 on
  std::vector<std::pair<std::string, size_t>> last_chunk_;  // split key, last chunk with its [[key]]
  std::map<std::string, KeyInfo, std::less<>> keys_;        // top-level keys defined so far
  size_t next_ = 0;
  bool planned_ = false;
};

}  // namespace cmwq
