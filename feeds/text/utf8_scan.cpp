// Hand-written rather than a library call: none of the available libraries
// validates at memory speed (utf8proc decodes one code point per call, iconv
// copies), and the common case, a large UTF-8 feed that is mostly ASCII, must
// be checked without a copy. Plain loops: 64 bytes at a time (SSE2) while the
// text is ASCII, each other character by the table in Unicode 15 §3.9
// (Table 3-7, well-formed UTF-8 byte sequences).
#include "feeds/text/utf8_scan.hpp"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace clipfeed {

namespace {

constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

std::uint64_t load_word(const unsigned char* p) {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    return word;
}

#if defined(__SSE2__)
// True when the 64 bytes at `p` are plain ASCII (no NUL), with SSE2 (every
// x86-64 has it): a whole feed is checked at a few bytes per cycle.
bool plain_ascii_64(const unsigned char* p) {
    const auto* v = reinterpret_cast<const __m128i*>(p);
    const __m128i a = _mm_loadu_si128(v), b = _mm_loadu_si128(v + 1);
    const __m128i c = _mm_loadu_si128(v + 2), d = _mm_loadu_si128(v + 3);
    const int high_bits = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d)));
    const __m128i smallest = _mm_min_epu8(_mm_min_epu8(a, b), _mm_min_epu8(c, d));
    const int nul = _mm_movemask_epi8(_mm_cmpeq_epi8(smallest, _mm_setzero_si128()));
    return (high_bits | nul) == 0;
}

// The offset of the first byte of the 64 at `p` that is NUL or >= 0x80, of
// which there is one. Worth it where a feed's non-ASCII characters are a few
// hundred bytes apart: the scan jumps to the character and back to whole
// blocks, instead of stepping through its block byte by byte.
std::size_t first_flagged_byte_64(const unsigned char* p) {
    std::uint64_t flagged = 0;
    for (int k = 3; k >= 0; --k) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p) + k);
        const int high_or_nul = _mm_movemask_epi8(v) | _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128()));
        flagged = flagged << 16 | static_cast<std::uint32_t>(high_or_nul);
    }
    return static_cast<std::size_t>(__builtin_ctzll(flagged));
}
#else
constexpr std::uint64_t kLowBits = 0x0101010101010101ULL;

// True when some byte of `word` is 0x00 or >= 0x80: the word needs a byte-by-byte
// look. (word - 0x01..01) & ~word sets a byte's high bit when that byte is zero.
bool needs_a_closer_look(std::uint64_t word) {
    return ((word | ((word - kLowBits) & ~word)) & kHighBits) != 0;
}

// True when the 16 bytes at `p` are plain ASCII (no NUL).
bool plain_ascii_16(const unsigned char* p) {
    return !needs_a_closer_look(load_word(p)) && !needs_a_closer_look(load_word(p + 8));
}

bool plain_ascii_64(const unsigned char* p) {
    return plain_ascii_16(p) && plain_ascii_16(p + 16) && plain_ascii_16(p + 32) && plain_ascii_16(p + 48);
}

std::size_t first_flagged_byte_64(const unsigned char* p) {
    std::size_t k = 0;
    while (p[k] != 0 && p[k] < 0x80) ++k;
    return k;
}
#endif

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed sequence at `p` (lead byte >= 0x80), or 0 if invalid.
std::size_t sequence_length(const unsigned char* p, std::size_t available) {
    const unsigned char lead = p[0];
    std::size_t length;
    unsigned char second_min = 0x80, second_max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) second_min = 0xA0;  // overlong
        if (lead == 0xED) second_max = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) second_min = 0x90;  // overlong
        if (lead == 0xF4) second_max = 0x8F;  // above U+10FFFF
    } else {
        return 0;  // continuation byte, overlong lead C0/C1, or F5..FF
    }
    if (available < length) return 0;
    if (p[1] < second_min || p[1] > second_max) return 0;
    for (std::size_t k = 2; k < length; ++k)
        if (!is_continuation(p[k])) return 0;
    return length;
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view bytes, std::size_t at) {
    return sequence_length(reinterpret_cast<const unsigned char*>(bytes.data()) + at, bytes.size() - at);
}

std::size_t ascii_prefix(std::string_view bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while (n - i >= 8 && (load_word(p + i) & kHighBits) == 0) i += 8;
    while (i < n && p[i] < 0x80) ++i;
    return i;
}

Utf8Scan scan_utf8(std::string_view bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    Utf8Scan scan;
    scan.size = n;
    scan.ascii_prefix = n;
    std::size_t i = 0;
    while (i < n) {
        // Skip plain ASCII (no NUL) 64 bytes at a time, up to the first byte
        // that is not; the last few bytes one at a time.
        if (n - i >= 64) {
            if (plain_ascii_64(p + i)) {
                i += 64;
                continue;
            }
            i += first_flagged_byte_64(p + i);
        } else if (p[i] != 0 && p[i] < 0x80) {
            ++i;
            continue;
        }
        if (p[i] == 0) {
            scan.has_nul = true;
            ++i;
            continue;
        }
        if (scan.ascii_prefix == n) scan.ascii_prefix = i;
        const std::size_t length = sequence_length(p + i, n - i);
        if (length == 0) {
            scan.valid_prefix = i;
            return scan;
        }
        i += length;
    }
    scan.valid_prefix = n;
    return scan;
}

std::string replace_nul_bytes(std::string_view text, std::size_t& replaced) {
    static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
    std::string out;
    out.reserve(text.size() + 16);
    replaced = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t nul = text.find('\0', start);
        if (nul == std::string_view::npos) {
            out.append(text.substr(start));
            break;
        }
        out.append(text.substr(start, nul - start));
        out.append(kReplacement);
        ++replaced;
        start = nul + 1;
    }
    return out;
}

MixedUtf8 utf8_with_windows1252_strays(std::string_view bytes) {
    // windows-1252's characters for 0x80..0x9F (0: none); 0xA0..0xFF are Latin-1.
    static const char32_t kHigh[32] = {
        0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
    };
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    MixedUtf8 out;
    out.utf8.reserve(n + 16);
    std::size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            std::size_t run = i;
            while (run < n && p[run] < 0x80) ++run;
            out.utf8.append(bytes.substr(i, run - i));
            i = run;
            continue;
        }
        if (std::size_t len = sequence_length(p + i, n - i)) {
            out.utf8.append(bytes.substr(i, len));
            ++out.sequences;
            i += len;
            continue;
        }
        if (out.invalid++ == 0) out.first_invalid = i;
        char32_t cp = p[i] < 0xA0 ? kHigh[p[i] - 0x80] : p[i];
        if (cp == 0) cp = 0xFFFD;
        if (cp < 0x800) {
            out.utf8 += static_cast<char>(0xC0 | (cp >> 6));
            out.utf8 += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out.utf8 += static_cast<char>(0xE0 | (cp >> 12));
            out.utf8 += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out.utf8 += static_cast<char>(0x80 | (cp & 0x3F));
        }
        ++i;
    }
    return out;
}

}  // namespace clipfeed
