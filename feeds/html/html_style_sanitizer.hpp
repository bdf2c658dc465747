// Filtering of style attributes, as feedparser's _HTMLSanitizer.sanitize_style:
// url(...) removed, the declaration list checked against a conservative
// grammar (anything else drops the whole attribute), then only allowlisted
// properties kept (background/border/margin/padding ones only with safe
// keywords and sizes).
#pragma once

#include <string>
#include <string_view>

namespace clipfeed::html {

// Writes the cleaned declarations ("color: red; font-weight: bold;") to
// `clean`, empty when nothing survives. `in_svg` also admits SVG paint
// properties (fill, stroke, ...).
void sanitize_style(std::string_view style, bool in_svg, std::string& clean);

}  // namespace clipfeed::html
