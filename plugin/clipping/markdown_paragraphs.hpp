// Markdown to paragraphs (spec/clipping.md version 2, "Markdown"): md4c, a
// CommonMark parser, reports blocks, spans and text through callbacks, and
// they are turned straight into the Paragraphs the HTML reader builds, with
// the meaning the HTML reader gives the element each one would render as:
// a quote block is one paragraph marked as a quote (nested quotes and its
// inner paragraphs included), every other block a paragraph of its own, a
// thematic break a separator, a link's target the paragraph's link, an image
// nothing. docs/clippings-v2.md says why this design.
#pragma once

#include <string_view>

#include "plugin/clipping/paragraphs.hpp"

namespace clipfeed {

// True when `text` (content that is not HTML) is to be read as Markdown: a
// line begins, after at most three spaces, with '>', or it holds a link
// "[text](url)".
bool looks_like_markdown(std::string_view text);

// Whether a line of `text` begins, after at most three spaces, with '>'.
bool has_markdown_quote_line(std::string_view text);

// How read_markdown_paragraphs reads. `fast`: blocks that need none of
// CommonMark's machinery (a quote block or a paragraph of plain lines) are read
// by a line scanner, md4c reads the others, and the whole document when
// something in it reaches across blocks (a link reference definition, a code
// fence). `md4c_only`: md4c reads everything, the reference the fast path is
// tested against (tests/plugin/clipping/test_markdown_differential.cpp). Both
// give the same paragraphs for every input.
enum class MarkdownReading { fast, md4c_only };

// Appends the paragraphs of the Markdown `text` to `out` (not yet
// normalized: see Paragraphs::normalize). Any input is accepted.
void read_markdown_paragraphs(std::string_view text, Paragraphs& out,
                              MarkdownReading how = MarkdownReading::fast);

}  // namespace clipfeed
