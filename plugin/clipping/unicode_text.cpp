#include "plugin/clipping/unicode_text.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace clipfeed::unicode {

namespace {

bool is_ascii_alnum(char32_t cp) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
}

bool is_letter_category(utf8proc_category_t c) {
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

bool is_mark_category(utf8proc_category_t c) {
    return c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME;
}

bool is_number_category(utf8proc_category_t c) {
    return c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO;
}

// Hangul syllables are composed by rule, not from utf8proc's decomposition table.
constexpr char32_t kHangulSyllablesFirst = 0xAC00;
constexpr char32_t kHangulSyllablesLast = 0xD7A3;
constexpr char32_t kHangulJamoFirst = 0x1100;
constexpr char32_t kHangulJamoLast = 0x11FF;

// `s` with every byte that does not start a valid UTF-8 sequence replaced by U+FFFD.
std::string replace_invalid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 8);
    std::size_t pos = 0;
    while (pos < s.size()) {
        std::size_t start = pos;
        char32_t cp = next_codepoint(s, pos);
        if (cp == kReplacementCharacter && pos == start + 1)
            append_utf8(out, cp);
        else
            out.append(s.substr(start, pos - start));
    }
    return out;
}

// Whether the 8 bytes at s[pos] are all ASCII (read as one word: faster than byte by byte).
bool eight_ascii_bytes_at(std::string_view s, std::size_t pos) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + pos, sizeof word);
    return (word & 0x8080808080808080ULL) == 0;
}

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
char32_t continuation_bits(char c) { return static_cast<unsigned char>(c) & 0x3F; }

// More than any canonical decomposition (the longest is 4 code points).
constexpr utf8proc_ssize_t kLongestDecomposition = 16;

utf8proc_propval_t combining_class(utf8proc_int32_t cp) { return utf8proc_get_property(cp)->combining_class; }

// Canonical ordering: each run of characters of non-zero combining class is
// sorted by class, keeping the order of equal classes.
void sort_marks_canonically(std::vector<utf8proc_int32_t>& codepoints) {
    auto by_class = [](utf8proc_int32_t a, utf8proc_int32_t b) {
        return combining_class(a) < combining_class(b);
    };
    auto is_mark = [](utf8proc_int32_t cp) { return combining_class(cp) != 0; };
    for (auto run = codepoints.begin(); run != codepoints.end();) {
        run = std::find_if(run, codepoints.end(), is_mark);
        auto run_end = std::find_if_not(run, codepoints.end(), is_mark);
        if (run_end - run > 1) std::stable_sort(run, run_end, by_class);
        run = run_end;
    }
}

}  // namespace

char32_t next_codepoint(std::string_view s, std::size_t& pos) {
    auto byte = static_cast<unsigned char>(s[pos]);
    if (byte < 0x80) {
        ++pos;
        return byte;
    }
    // Two- and three-byte sequences, nearly all the text that is not ASCII, are
    // decoded here by utf8proc_iterate's rules (no overlong forms, no surrogates):
    // a call into utf8proc for each was most of the time of reading such text.
    // Anything else, valid or not, goes to utf8proc.
    if (byte >= 0xC2 && byte <= 0xDF && pos + 1 < s.size() && is_continuation_byte(s[pos + 1])) {
        char32_t cp = (static_cast<char32_t>(byte & 0x1F) << 6) | continuation_bits(s[pos + 1]);
        pos += 2;
        return cp;
    }
    if (byte >= 0xE0 && byte <= 0xEF && pos + 2 < s.size() && is_continuation_byte(s[pos + 1]) &&
        is_continuation_byte(s[pos + 2])) {
        char32_t cp = (static_cast<char32_t>(byte & 0x0F) << 12) | (continuation_bits(s[pos + 1]) << 6) |
                      continuation_bits(s[pos + 2]);
        if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
            pos += 3;
            return cp;
        }
    }
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + pos),
                              static_cast<utf8proc_ssize_t>(s.size() - pos), &cp);
    if (n <= 0) {
        ++pos;
        return kReplacementCharacter;
    }
    pos += static_cast<std::size_t>(n);
    return static_cast<char32_t>(cp);
}

std::size_t encode_utf8(char32_t cp, char (&out)[4]) {
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = kReplacementCharacter;
    if (cp < 0x80) {
        out[0] = static_cast<char>(cp);
        return 1;
    }
    if (cp < 0x800) {
        out[0] = static_cast<char>(0xC0 | (cp >> 6));
        out[1] = static_cast<char>(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = static_cast<char>(0xE0 | (cp >> 12));
        out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out[2] = static_cast<char>(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = static_cast<char>(0xF0 | (cp >> 18));
    out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (cp & 0x3F));
    return 4;
}

void append_utf8(std::string& out, char32_t cp) {
    char bytes[4];
    out.append(bytes, encode_utf8(cp, bytes));
}

bool is_white_space(char32_t cp) {
    if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

std::size_t white_space_length(std::string_view s, std::size_t pos) {
    auto byte = static_cast<unsigned char>(s[pos]);
    if (byte < 0x80) return is_white_space(byte) ? 1 : 0;
    // Every non-ASCII white space character starts with one of these bytes.
    if (byte != 0xC2 && byte != 0xE1 && byte != 0xE2 && byte != 0xE3) return 0;
    std::size_t next = pos;
    char32_t cp = next_codepoint(s, next);
    return is_white_space(cp) ? next - pos : 0;
}

bool is_letter_or_digit(char32_t cp) {
    if (cp < 0x80) return is_ascii_alnum(cp);
    auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
    return is_letter_category(category) || is_number_category(category);
}

bool is_hashtag_character(char32_t cp) {
    if (cp < 0x80) return is_ascii_alnum(cp) || cp == '-' || cp == '_';
    auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
    return is_letter_category(category) || is_mark_category(category) || category == UTF8PROC_CATEGORY_ND;
}

std::size_t codepoint_count(std::string_view s) {
    std::size_t count = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
    return count;
}

bool is_ascii(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

// NFC changes a character, or joins it to the one before, only when the
// character has a canonical decomposition, a non-zero combining class, or is
// the second half of a canonical composition pair. The pairs' second halves
// are combining marks (category M) or Hangul jamo, so a character that is none
// of these is inert. (utf8proc has no public NFC quick-check, and running the
// full normalization on every paragraph with a curly quote would cost more
// than the rest of the extraction together.)
bool is_nfc_inert(char32_t cp) {
    if (cp < 0x300) return true;  // below the first combining mark, all of Unicode is NFC as it is
    if (cp >= kHangulJamoFirst && cp <= kHangulJamoLast) return false;
    if (cp >= kHangulSyllablesFirst && cp <= kHangulSyllablesLast) return true;
    if (cp > 0x10FFFF) return false;
    const utf8proc_property_t* property = utf8proc_get_property(static_cast<utf8proc_int32_t>(cp));
    if (property->combining_class != 0) return false;
    if (is_mark_category(static_cast<utf8proc_category_t>(property->category))) return false;
    // A canonical decomposition: a decomposition without a compatibility tag.
    // (Read from the property record: utf8proc_decompose_char, which gives the
    // same answer, cost more than the rest of the check together.)
    return property->decomp_seqindex == UINT16_MAX || property->decomp_type != 0;
}

bool is_stable_under_nfc(std::string_view s) {
    std::size_t pos = 0;
    while (pos < s.size()) {
        if (pos + 8 <= s.size() && eight_ascii_bytes_at(s, pos)) {
            pos += 8;
            continue;
        }
        if (static_cast<unsigned char>(s[pos]) < 0x80) {
            ++pos;
            continue;
        }
        std::size_t start = pos;
        char32_t cp = next_codepoint(s, pos);
        if (cp == kReplacementCharacter && pos == start + 1) return false;  // invalid UTF-8
        if (!is_nfc_inert(cp)) return false;
    }
    return true;
}

// NFC as utf8proc_map(UTF8PROC_STABLE | UTF8PROC_COMPOSE) gives it, step by
// step through utf8proc's own functions, but for one: utf8proc puts combining
// marks in canonical order by swapping neighbours, which takes time that grows
// with the square of the length of a run of marks (a paragraph of a few hundred
// KB of alternating marks took minutes). The order is the same stable sort of
// each run of non-starters by combining class, done here in n log n.
void to_nfc(std::string_view s, std::string& out) {
    constexpr auto kOptions = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    std::string repaired = replace_invalid_utf8(s);

    std::vector<utf8proc_int32_t> decomposed;
    decomposed.reserve(repaired.size() + 1);
    int boundclass = UTF8PROC_BOUNDCLASS_START;
    for (std::size_t pos = 0; pos < repaired.size();) {
        utf8proc_int32_t parts[kLongestDecomposition];
        auto n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(next_codepoint(repaired, pos)), parts,
                                         kLongestDecomposition, kOptions, &boundclass);
        if (n < 0 || n > kLongestDecomposition) {
            out = std::move(repaired);  // cannot happen for valid UTF-8: keep the text unnormalized
            return;
        }
        decomposed.insert(decomposed.end(), parts, parts + n);
    }

    sort_marks_canonically(decomposed);

    // utf8proc_reencode composes and writes UTF-8 over the buffer, which needs a spare byte.
    std::size_t length = decomposed.size();
    decomposed.push_back(0);
    auto written = utf8proc_reencode(decomposed.data(), static_cast<utf8proc_ssize_t>(length), kOptions);
    if (written < 0) {
        out = std::move(repaired);
        return;
    }
    out.assign(reinterpret_cast<const char*>(decomposed.data()), static_cast<std::size_t>(written));
}

}  // namespace clipfeed::unicode
