// Estimated reading time of an item (spec/clipping.md version 2, "Estimated
// reading time"): words are runs of characters that are not white space, read
// at 265 a minute; when at least half of the letters (characters that are
// neither white space nor punctuation) are CJK (Han, Hiragana, Katakana,
// Hangul), letters are read at 500 a minute. Never below 1.
#pragma once

#include <string_view>

#include "feeds/model/model.hpp"

namespace clipfeed {

constexpr int kWordsPerMinute = 265;
constexpr int kCjkCharactersPerMinute = 500;

// The estimate for `text` read as `kind`. HTML (and XHTML) is read as plain
// text: tags give nothing, except that every element but the inline ones
// (a, em, span, ...) ends a word, as a paragraph break does on the page;
// script and style give nothing; character references are one character
// each (&nbsp; white space).
int estimated_reading_minutes(std::string_view text, TextKind kind);

// Sets each item's estimated_reading_minutes from its content, else (when the
// content is absent or empty) its summary.
void add_reading_times(Feed& feed);

}  // namespace clipfeed
