// Plain text to paragraphs (spec/clipping.md, rule 2).
#pragma once

#include <string_view>

#include "plugin/clipping/paragraphs.hpp"

namespace clipfeed {

// Appends the paragraphs of `text` (LF, CRLF or CR line ends) to `out`: when a
// blank line stands anywhere between two non-blank lines, paragraphs are the
// blocks between blank lines, their lines joined with a space; otherwise every
// non-blank line is a paragraph. A thematic break line (see below) is a
// separator (spec version 2, "Collections").
void read_text_paragraphs(std::string_view text, Paragraphs& out);

// Whether `line` is a thematic break: after at most three spaces, three or
// more of one of '-', '*', '_', with only spaces or tabs between and after.
bool is_thematic_break(std::string_view line);

}  // namespace clipfeed
