// Character classes and string helpers with Python's meaning of them.
//
// feedparser is written in Python and its HTML code leans on str.isspace(),
// str.strip(), str.lower() and the Unicode-aware \s, \w and \d of the `re`
// module. Matching its output byte for byte means using the same classes, so
// they live here, over UTF-8 text (utf8proc supplies the Unicode categories).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace clipfeed::html {

// One code point decoded from UTF-8 at `pos`; a malformed byte decodes as
// U+FFFD (which belongs to no class) with length 1.
struct CodePoint {
    char32_t value;
    std::size_t length;
};
CodePoint decode_non_ascii(std::string_view text, std::size_t pos);
inline CodePoint decode_utf8(std::string_view text, std::size_t pos) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) return {byte, 1};
    return decode_non_ascii(text, pos);
}

inline bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_alnum(char c) { return is_ascii_letter(c) || is_ascii_digit(c); }
inline bool is_ascii_hex_digit(char c) {
    return is_ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
inline bool has_ascii_upper(std::string_view text) {
    for (char c : text)
        if (is_ascii_upper(c)) return true;
    return false;
}

// A set of bytes, for loops that look at every byte of a run: one table
// lookup per byte instead of a comparison with each member.
class ByteSet {
public:
    constexpr explicit ByteSet(std::string_view bytes) {
        for (char c : bytes) members_[static_cast<unsigned char>(c)] = true;
    }
    constexpr ByteSet with_non_ascii() const {
        ByteSet set = *this;
        for (std::size_t byte = 0x80; byte < 0x100; ++byte) set.members_[byte] = true;
        return set;
    }
    constexpr bool contains(char c) const { return members_[static_cast<unsigned char>(c)]; }
    // Whether any byte of `text` is a member. (string_view::find_first_of
    // calls memchr over the set once per byte of `text`: on the attribute
    // values of every item, 1.2% of the instructions of parse + clippings.)
    constexpr bool contains_any_of(std::string_view text) const {
        for (char c : text)
            if (contains(c)) return true;
        return false;
    }

private:
    bool members_[256] = {};
};

// True when `text` holds `word` at `pos`. A plain loop rather than compare():
// the words are a few bytes of markup, for which a call to memcmp costs more
// than the comparison.
inline bool has_at(std::string_view text, std::size_t pos, std::string_view word) {
    if (pos > text.size() || text.size() - pos < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (text[pos + i] != word[i]) return false;
    return true;
}

bool is_python_space(char32_t c);    // str.isspace() and re's \s
bool is_python_word(char32_t c);     // re's \w: letters, numbers and '_'
bool is_python_digit(char32_t c);    // re's \d: decimal digits (category Nd)

// Length of the Python white space (\s) starting at `pos`, 0 if none.
std::size_t non_ascii_space_length(std::string_view text, std::size_t pos);
inline std::size_t python_space_length(std::string_view text, std::size_t pos) {
    if (pos >= text.size()) return 0;
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) return ((byte >= 0x09 && byte <= 0x0d) || (byte >= 0x1c && byte <= 0x20)) ? 1 : 0;
    return non_ascii_space_length(text, pos);
}
// Position after the run of \s starting at `pos`.
inline std::size_t skip_python_space(std::string_view text, std::size_t pos) {
    while (std::size_t length = python_space_length(text, pos)) pos += length;
    return pos;
}
// Length of the \w character at `pos`, 0 if it is not one.
std::size_t non_ascii_word_length(std::string_view text, std::size_t pos);
inline std::size_t python_word_length(std::string_view text, std::size_t pos) {
    if (pos >= text.size()) return 0;
    const char c = text[pos];
    if (static_cast<unsigned char>(c) < 0x80) return (c == '_' || is_ascii_alnum(c)) ? 1 : 0;
    return non_ascii_word_length(text, pos);
}

// str.strip(): drops leading and trailing Unicode white space.
std::string_view python_strip_general(std::string_view text);  // any text
inline std::string_view python_strip(std::string_view text) {
    // Mostly there is nothing to strip: an ASCII character that is no space at either end.
    const auto is_plain = [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x80 && !((byte >= 0x09 && byte <= 0x0d) || (byte >= 0x1c && byte <= 0x20));
    };
    if (text.empty() || (is_plain(text.front()) && is_plain(text.back()))) return text;
    return python_strip_general(text);
}

// True when str.lower() would leave `text` as it is.
bool is_python_lower(std::string_view text);
// str.lower() (simple case mapping; ASCII fast path).
std::string python_lower(std::string_view text);

}  // namespace clipfeed::html
