// Estimated reading time of an item (spec/clipping.md version 2, "Estimated
// reading time"): words are runs of characters that are not white space, read
// at 265 a minute; when at least half of the letters (characters that are
// neither white space nor punctuation) are CJK (Han, Hiragana, Katakana,
// Hangul), letters are read at 500 a minute. Never below 1.
#pragma once

#include <cstdint>
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

// What the estimate counts: words, letters (characters that are neither white
// space nor punctuation) and the CJK letters among them.
struct ReadingCounts {
    std::uint64_t words = 0;
    std::uint64_t letters = 0;
    std::uint64_t cjk_letters = 0;
};
ReadingCounts count_reading(std::string_view text, TextKind kind);

// The same words and CJK letters, but letters left at 0: all the estimate
// needs when there are no CJK letters, and several times faster, as runs of
// ASCII are read 16 bytes at a time.
ReadingCounts count_words_and_cjk(std::string_view text, TextKind kind);

// The item's estimate: from its content, else (when the content is absent or
// empty) its summary. Counted on the first call and kept in the item.
int reading_minutes(const Item& item);

}  // namespace clipfeed
