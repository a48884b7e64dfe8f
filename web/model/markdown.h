#pragma once
/// @file
/// @brief A tiny Markdown subset for the Labs panel: headings, paragraphs (lines
/// reflowed), numbered and bulleted list items, fenced code blocks, and inline `code`,
/// **bold** and *italic*; a link [text](url) keeps its text. Parsing needs no ImGui, so
/// tests check it natively; web/panels/labs_panel.cpp draws the blocks with word wrapping.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cmwq::web {

/// How a piece of text is shown.
enum class MdStyle : uint8_t {
  Plain,   ///< Ordinary text.
  Code,    ///< `code`: kernel names, files, commands.
  Bold,    ///< **bold**.
  Italic,  ///< *italic*.
};

/// A run of text in one style.
struct MdSpan {
  std::string text;                ///< The text, without its markers.
  MdStyle style = MdStyle::Plain;  ///< Its style.
  /// Equality of text and style (for tests).
  bool operator==(const MdSpan&) const = default;
};

/// What kind of block a MdBlock is.
enum class MdBlockKind : uint8_t {
  Heading,    ///< `# ...` (level 1) to `###### ...` (level 6).
  Paragraph,  ///< Lines up to a blank line, joined with spaces.
  Item,       ///< A list item, `1. ...` or `- ...`, with its continuation lines.
  Code,       ///< A fenced code block, lines kept as they are.
};

/// One block of a document.
struct MdBlock {
  MdBlockKind kind = MdBlockKind::Paragraph;  ///< Its kind.
  int level = 0;                              ///< Heading level, or list nesting (0 = top).
  std::string marker;                         ///< List items: "1.", "-", ...
  std::vector<MdSpan> spans;                  ///< The text (not for Code).
  std::vector<std::string> lines;             ///< Code blocks: the lines.
};

/// Splits @p text into blocks.
std::vector<MdBlock> parse_markdown(std::string_view text);
/// Splits one block's text into styled spans.
std::vector<MdSpan> parse_inline(std::string_view text);

/// A word to place when wrapping: the unit of line breaking is a run of words with no
/// space between them (e.g. `code` followed by a comma).
struct MdWord {
  std::string text;                ///< The word, without spaces.
  MdStyle style = MdStyle::Plain;  ///< Its style.
  bool space_before = false;       ///< A space separates it from the previous word.
};

/// The words of @p spans, in order.
std::vector<MdWord> md_words(const std::vector<MdSpan>& spans);

/// The plain text of @p spans (markers removed), e.g. for a one-line title.
std::string md_plain(const std::vector<MdSpan>& spans);

}  // namespace cmwq::web
