// HTML to paragraphs (spec/clipping.md, rule 2): every block element and every
// <br> starts a paragraph, inline elements only give their text, script and
// style give nothing, and a <blockquote> is one paragraph marked as a quote.
#pragma once

#include <string_view>

#include "plugin/clipping/paragraphs.hpp"

namespace clipfeed {

// What an element means for paragraphs.
enum class ElementRole {
    inline_text,  // a, strong, em, span, ... and any element not known here
    block,        // p, div, li, h1-h6, ...: a paragraph boundary
    blockquote,   // one paragraph, marked as a quote
    line_break,   // br: a paragraph boundary
    raw_text,     // script, style (and title, the page's name, not its content): skipped
};

// The role of an element, by its name in any ASCII case.
ElementRole element_role(std::string_view name);

// Appends the paragraphs of `html` to `out` (not yet normalized: see
// Paragraphs::normalize). Any input is accepted: HTML that is not well formed
// is read as a browser would read most of it.
void read_html_paragraphs(std::string_view html, Paragraphs& out);

// True when `content` holds an HTML element tag such as <p>, <br>, <div>,
// <blockquote>, <a> or <span> (start or end tag): spec rule 1, "Text or HTML".
bool looks_like_html(std::string_view content);

}  // namespace clipfeed
