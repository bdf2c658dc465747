// The line scanner of the Markdown fast path (markdown_paragraphs.cpp): splits
// Markdown into blocks (runs of non-blank lines) and finds the blocks that
// need none of CommonMark's machinery, so that they can go into Paragraphs
// without md4c. A block is plain when it is
//   - a quote block: every line starts with '>' (the first in column 0, the
//     others after at most three spaces), or
//   - a paragraph: its first line starts in column 0,
// and every line's text (after the '>' markers of a quote line) has no byte
// that inline parsing gives a meaning to (\ * _ [ ] ! < & `) except in plain
// inline links ("[text](destination)", the text with none of those bytes, the
// destination with none of them and no space, parenthesis or quote), no
// control byte but a tab, and does not start with anything that could open a block (a list
// marker, a heading, a thematic break, a setext underline, a fence, '>' in a
// paragraph, '<', '|'). Everything else is `other`, for md4c.
//
// What a plain block gives is what md4c's callbacks give for it (one
// paragraph of the lines' texts joined by a space; a quote's marked as one),
// as long as nothing outside the block changes how it is read. Two things
// can: a link reference definition (it gives meaning to [text] elsewhere) and
// a fenced code block (it runs over blank lines); has_cross_block_markdown
// says when the whole document must go to md4c. Nothing else reaches over a
// blank line to a block that starts in column 0 with no block marker: a quote
// block and a paragraph end at a blank line, a list item goes on only at its
// content's indentation, and HTML blocks and indented code are switched off.
#pragma once

#include <cstddef>
#include <string_view>

#include "plugin/clipping/paragraphs.hpp"

namespace clipfeed {

// Whether `text` holds "]:" (a link reference definition may end there),
// "```" or "~~~" (a code fence may start there): then md4c reads it all. A
// plain block never does, so only the other blocks need to be looked at.
bool has_cross_block_markdown(std::string_view text);

struct MarkdownBlock {
    enum class Kind { paragraph, quote, other };
    std::size_t begin = 0;  // the first line's first byte
    std::size_t end = 0;    // the end of the last line, before its line break
    std::size_t last_line = 0;  // where the last line starts
    Kind kind = Kind::other;
    bool links = false;     // (plain blocks) it holds a plain link
};

// The next block at or after `pos` (blank lines skipped): false when only
// blank lines are left. `pos` moves past the block.
bool next_markdown_block(std::string_view text, std::size_t& pos, MarkdownBlock& block);

// Appends a plain block (kind paragraph or quote) to `out`, as md4c's
// callbacks do through markdown_paragraphs.cpp's reader.
void append_plain_block(std::string_view text, const MarkdownBlock& block, Paragraphs& out);

// Which line scan this process uses: "avx2" (chosen at run time when the CPU
// has it, unless CLIPFEED_MARKDOWN_SSE2 is set), "sse2" or "bytes".
const char* markdown_line_scan();

}  // namespace clipfeed
