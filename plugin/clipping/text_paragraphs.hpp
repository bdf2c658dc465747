// Plain text to paragraphs (spec/clipping.md, rule 2).
#pragma once

#include <string_view>

#include "plugin/clipping/paragraphs.hpp"

namespace clipfeed {

// Appends the paragraphs of `text` (LF, CRLF or CR line ends) to `out`: when a
// blank line stands anywhere between two non-blank lines, paragraphs are the
// blocks between blank lines, their lines joined with a space; otherwise every
// non-blank line is a paragraph.
void read_text_paragraphs(std::string_view text, Paragraphs& out);

}  // namespace clipfeed
