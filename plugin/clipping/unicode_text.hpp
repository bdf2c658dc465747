// UTF-8 helpers for the clipping extractor: white space, letters, NFC.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace clipfeed::unicode {

constexpr char32_t kReplacementCharacter = 0xFFFD;

// Decodes the UTF-8 sequence at s[pos] and moves `pos` past it. A byte that
// does not start a valid sequence gives U+FFFD and moves one byte on.
char32_t next_codepoint(std::string_view s, std::size_t& pos);

// Writes `cp` as UTF-8 into `out` and returns its length (1-4); a surrogate or
// a value past U+10FFFF gives U+FFFD.
std::size_t encode_utf8(char32_t cp, char (&out)[4]);

// Appends `cp` as UTF-8, as encode_utf8 writes it.
void append_utf8(std::string& out, char32_t cp);

// Unicode White_Space: ASCII blanks, U+0085, U+00A0, U+1680, U+2000-U+200A,
// U+2028, U+2029, U+202F, U+205F, U+3000.
bool is_white_space(char32_t cp);

// Bytes of the white space character starting at s[pos], or 0 when there is none.
std::size_t white_space_length(std::string_view s, std::size_t pos);

// Letters (L*) and digits (N*), in any script.
bool is_letter_or_digit(char32_t cp);

// A character that may follow '#' in a hashtag: a letter, a combining mark
// (so words in scripts such as Devanagari hold together), a digit, '-' or '_'.
bool is_hashtag_character(char32_t cp);

// Number of characters (code points) in valid UTF-8.
std::size_t codepoint_count(std::string_view s);

// True when every byte is ASCII.
bool is_ascii(std::string_view s);

// True when `s` is valid UTF-8 that normalization form C leaves as it is,
// decided from character properties without normalizing (most text with curly
// quotes, dashes and accented Latin letters is).
bool is_stable_under_nfc(std::string_view s);

// Sets `out` to `s` in normalization form C; invalid UTF-8 bytes become U+FFFD.
void to_nfc(std::string_view s, std::string& out);

// Exposed for the tests: whether this code point can never change, nor combine
// with its neighbour, under NFC.
bool is_nfc_inert(char32_t cp);

}  // namespace clipfeed::unicode
