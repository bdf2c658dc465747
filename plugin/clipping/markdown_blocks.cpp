#include "plugin/clipping/markdown_blocks.hpp"

#include <algorithm>
#include <cstdlib>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#define CLIPFEED_MARKDOWN_AVX2 1
#endif

namespace clipfeed {

namespace {

constexpr std::size_t kNone = std::string_view::npos;

bool is_line_break(char c) { return c == '\n' || c == '\r'; }
bool is_blank(char c) { return c == ' ' || c == '\t'; }  // md4c's blanks: a line of only these is blank

// The bytes inline parsing may give a meaning to, with md4c's flags as the
// reader sets them (no extensions, raw HTML off, so '<' only matters for
// autolinks).
constexpr bool is_inline_special(unsigned char c) {
    return c == '\\' || c == '*' || c == '_' || c == '[' || c == ']' || c == '!' || c == '<' || c == '&' ||
           c == '`';
}

// A byte a line scan stops at: a control byte (line breaks and tabs among
// them) or, when `inline_too`, an inline special.
constexpr bool is_stop(unsigned char c, bool inline_too) { return c < 0x20 || (inline_too && is_inline_special(c)); }

#if defined(CLIPFEED_MARKDOWN_AVX2)
// With AVX2 (chosen at run time: the build targets plain x86-64), 32 bytes
// are classified with two table lookups, one by each half of the byte
// (vpshufb): a byte is a stop when both tables give it a common bit. Bit 0:
// controls (high half 0 or 1, any low half); bit 1: '!' '&' '*' (2 with 1, 6,
// A); bit 2: '<' (3 with C); bit 3: '[' '\\' ']' '_' (5 with B, C, D, F);
// bit 4: '`' (6 with 0). Bytes from 0x80 have no bit in the high table. Returns
// where the 32-byte steps stopped: at a stop, or with fewer than 32 bytes left.
__attribute__((target("avx2"))) std::size_t next_inline_stop_avx2(const unsigned char* bytes, std::size_t pos,
                                                                   std::size_t size) {
    const __m256i low_table = _mm256_setr_epi8(17, 3, 1, 1, 1, 1, 3, 1, 1, 1, 3, 9, 13, 9, 1, 9,  //
                                               17, 3, 1, 1, 1, 1, 3, 1, 1, 1, 3, 9, 13, 9, 1, 9);
    const __m256i high_table = _mm256_setr_epi8(1, 1, 2, 4, 0, 8, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0,  //
                                                1, 1, 2, 4, 0, 8, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    const __m256i zero = _mm256_setzero_si256();
    while (size - pos >= 32) {
        const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bytes + pos));
        const __m256i low = _mm256_shuffle_epi8(low_table, _mm256_and_si256(b, nibble));
        const __m256i high = _mm256_shuffle_epi8(high_table, _mm256_and_si256(_mm256_srli_epi16(b, 4), nibble));
        const __m256i plain = _mm256_cmpeq_epi8(_mm256_and_si256(low, high), zero);
        if (const unsigned mask = ~static_cast<unsigned>(_mm256_movemask_epi8(plain)))
            return pos + static_cast<std::size_t>(__builtin_ctz(mask));
        pos += 32;
    }
    return pos;
}

// Whether the CPU has AVX2 and the system saves its registers (XCR0 bits 1
// and 2), asked on the first Markdown read. Not __builtin_cpu_supports: that
// links in libgcc's CPU model, a constructor that runs a dozen CPUID
// instructions when the library loads, in every host, Markdown or not (1.5%
// of a `clipfeed parse` of a 3-item feed; CPUID traps to the hypervisor of
// a virtual machine). CLIPFEED_MARKDOWN_SSE2 in the environment keeps the
// SSE2 scan on a machine with AVX2: how the tests run it
// (markdown_line_scan() tells which is used).
bool has_avx2() {
    static const bool avx2 = [] {
        unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
        if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_OSXSAVE) || !(ecx & bit_AVX)) return false;
        unsigned xcr0 = 0, xcr0_high = 0;
        __asm__("xgetbv" : "=a"(xcr0), "=d"(xcr0_high) : "c"(0));
        if ((xcr0 & 6) != 6) return false;
        if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) || !(ebx & bit_AVX2)) return false;
        return std::getenv("CLIPFEED_MARKDOWN_SSE2") == nullptr;
    }();
    return avx2;
}
#endif

// The first byte at or after `pos` that is_stop, or the text's end; with
// SSE2 also '^', which lies between '[' and '`' (one range test for the six
// is cheaper than a test for each five): the caller passes over it.
// 32 bytes at a time: the line scan is most of the fast path's work.
template <bool kInlineToo>
std::size_t next_stop(std::string_view text, std::size_t pos) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
#if defined(CLIPFEED_MARKDOWN_AVX2)
    if (kInlineToo && has_avx2()) {
        pos = next_inline_stop_avx2(bytes, pos, size);
        if (size - pos >= 32) return pos;
    }
#endif
#if defined(__SSE2__)
    const __m128i control_max = _mm_set1_epi8(0x1F);
    const __m128i below_range = _mm_set1_epi8('[' - 1);
    const __m128i above_range = _mm_set1_epi8('`' + 1);
    const __m128i star = _mm_set1_epi8('*'), bang = _mm_set1_epi8('!'), less = _mm_set1_epi8('<'),
                  amp = _mm_set1_epi8('&');
    const auto stops = [&](const unsigned char* p) {
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        // b <= 0x1F, unsigned: min(b, 0x1F) == b.
        const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(b, control_max), b);
        if (!kInlineToo) return control;
        // '[' to '`' (signed comparison: bytes beyond ASCII are negative, so outside).
        const __m128i range = _mm_and_si128(_mm_cmpgt_epi8(b, below_range), _mm_cmplt_epi8(b, above_range));
        const __m128i others = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, star), _mm_cmpeq_epi8(b, bang)),
                                            _mm_or_si128(_mm_cmpeq_epi8(b, less), _mm_cmpeq_epi8(b, amp)));
        return _mm_or_si128(_mm_or_si128(control, range), others);
    };
    while (size - pos >= 32) {
        const int low = _mm_movemask_epi8(stops(bytes + pos));
        const int high = _mm_movemask_epi8(stops(bytes + pos + 16));
        if (const unsigned mask = static_cast<unsigned>(low) | (static_cast<unsigned>(high) << 16))
            return pos + static_cast<std::size_t>(__builtin_ctz(mask));
        pos += 32;
    }
#endif
    while (pos < size && !is_stop(bytes[pos], kInlineToo)) ++pos;
    return pos;
}

// The end of the line that `pos` is in (its line break or the text's end).
// With AVX2 the inline scan, which also stops at every inline special, is
// still faster than SSE2's scan for control bytes alone.
std::size_t line_end(std::string_view text, std::size_t pos) {
    for (;;) {
#if defined(CLIPFEED_MARKDOWN_AVX2)
        pos = has_avx2() ? next_stop<true>(text, pos) : next_stop<false>(text, pos);
#else
        pos = next_stop<false>(text, pos);
#endif
        if (pos == text.size() || is_line_break(text[pos])) return pos;
        ++pos;  // another control byte
    }
}

// The start of the next line, after the line break at `end` (\r\n is one, as
// \r and \n alone are).
std::size_t after_break(std::string_view text, std::size_t end) {
    if (end == text.size()) return end;
    if (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') return end + 2;
    return end + 1;
}

// A byte of a plain link destination: not white space or a control byte, no
// inline special, no parenthesis (they may nest), no quote (a title).
constexpr bool is_plain_destination_byte(unsigned char c) {
    return c > 0x20 && !is_inline_special(c) && c != '(' && c != ')' && c != '"' && c != '\'';
}

// is_plain_destination_byte for each byte: one load per byte of a URL.
struct DestinationBytes {
    bool plain[256] = {};
    constexpr DestinationBytes() {
        for (int c = 0; c < 256; ++c) plain[c] = is_plain_destination_byte(static_cast<unsigned char>(c));
    }
};
constexpr DestinationBytes kDestinationBytes;

// The end (after its ')') of the plain inline link "[text](destination)"
// whose '[' is text[at], looked for before `end` (a line break ends it too): the text without an
// inline special or a control byte, the destination not empty and made of
// is_plain_destination_byte. kNone when there is none. With no link
// reference definition in the document, such a link is always read as one.
std::size_t plain_link_end(std::string_view text, std::size_t at, std::size_t end) {
    const std::size_t close = std::min(next_stop<true>(text, at + 1), end);
    if (end - close < 2 || text[close] != ']' || text[close + 1] != '(') return kNone;
    const std::size_t destination = close + 2;
    std::size_t after = destination;
    while (after < end && kDestinationBytes.plain[static_cast<unsigned char>(text[after])]) ++after;
    if (after == destination || after == end || text[after] != ')') return kNone;
    return after + 1;
}

// Appends `s`, text whose every '[' starts a plain link, as md4c's reader
// does: the text between, and each link's text while the link is open.
void append_with_plain_links(std::string_view s, Paragraphs& out) {
    std::size_t pos = 0;
    for (std::size_t open = s.find('['); open != std::string_view::npos; open = s.find('[', pos)) {
        out.append_text(s.substr(pos, open - pos));
        const std::size_t close = s.find(']', open);
        const std::size_t after = s.find(')', close);
        out.set_open_link(s.substr(close + 2, after - close - 2));
        out.append_text(s.substr(open + 1, close - open - 1));
        out.set_open_link(std::nullopt);
        pos = after + 1;
    }
    out.append_text(s.substr(pos));
}

struct Line {
    std::size_t end;  // before the line break
    bool links;       // it holds a plain link
    bool plain;       // no inline special but plain links' brackets, no control byte but tabs
};

// The line starting at `pos`; its bytes are looked at only when `look`.
Line read_line(std::string_view text, std::size_t pos, bool look) {
    if (!look) return {line_end(text, pos), false, false};
    bool links = false;
    for (;;) {
        pos = next_stop<true>(text, pos);
        if (pos == text.size() || is_line_break(text[pos])) return {pos, links, true};
        if (text[pos] == '\t' || text[pos] == '^') {
            ++pos;
        } else if (text[pos] == '[') {
            // A link's text and destination stop at a line break: no need to find the line's end first.
            const std::size_t after = plain_link_end(text, pos, text.size());
            if (after == kNone) return {line_end(text, pos), false, false};
            pos = after;
            links = true;
        } else {
            return {line_end(text, pos), false, false};
        }
    }
}

std::size_t skip_blanks(std::string_view text, std::size_t pos, std::size_t end) {
    while (pos < end && is_blank(text[pos])) ++pos;
    return pos;
}

// Whether the line text starting at `at` (not blank) may open a block, or
// interrupt a paragraph, rather than be a paragraph's text: a quote marker,
// a list marker, a thematic break, a setext underline, a fence, an ATX
// heading ('#' to '######' and then a blank or the line's end: "#tag" is
// text), raw HTML's '<', a table's '|'. More than CommonMark needs, never less.
bool may_open_block(std::string_view text, std::size_t at, std::size_t end) {
    switch (text[at]) {
        case '>': case '-': case '+': case '*': case '_': case '=': case '`': case '~': case '<': case '|':
            return true;
        case '#': {
            std::size_t after = at;
            while (after < end && text[after] == '#') ++after;
            return after - at <= 6 && (after == end || is_blank(text[after]));
        }
        default: {
            std::size_t after = at;
            while (after < end && text[after] >= '0' && text[after] <= '9') ++after;
            return after > at && after < end && (text[after] == '.' || text[after] == ')');
        }
    }
}

// Where the text of the quote line [pos, end) starts after its '>' markers
// (each with one optional space after it, nested ones up to three spaces
// further on), or kNone when it does not start with one. The first line of a
// block must have its '>' in column 0, the others after at most three spaces.
std::size_t after_quote_markers(std::string_view text, std::size_t pos, std::size_t end, bool first) {
    if (!first)
        for (int spaces = 0; spaces < 3 && pos < end && text[pos] == ' '; ++spaces) ++pos;
    if (pos == end || text[pos] != '>') return kNone;
    for (;;) {
        ++pos;  // the '>'
        if (pos < end && text[pos] == ' ') ++pos;
        std::size_t marker = pos;
        for (int spaces = 0; spaces < 3 && marker < end && text[marker] == ' '; ++spaces) ++marker;
        if (marker == end || text[marker] != '>') return pos;
        pos = marker;
    }
}

}  // namespace

bool has_cross_block_markdown(std::string_view text) {
    return text.find("]:") != std::string_view::npos || text.find("```") != std::string_view::npos ||
           text.find("~~~") != std::string_view::npos;
}

bool next_markdown_block(std::string_view text, std::size_t& pos, MarkdownBlock& block) {
    const std::size_t size = text.size();
    for (;;) {  // blank lines
        const std::size_t at = skip_blanks(text, pos, size);
        if (at == size) {
            pos = size;
            return false;
        }
        if (!is_line_break(text[at])) break;
        pos = after_break(text, at);
    }
    using Kind = MarkdownBlock::Kind;
    Kind kind = text[pos] == '>' ? Kind::quote : is_blank(text[pos]) ? Kind::other : Kind::paragraph;
    block.begin = pos;
    block.links = false;
    for (bool first = true;; first = false) {
        if (!first) {
            const std::size_t at = skip_blanks(text, pos, size);
            if (at == size || is_line_break(text[at])) break;  // a blank line ends the block
        }
        const Line line = read_line(text, pos, kind != Kind::other);
        block.links |= line.links;
        if (!line.plain) {
            kind = Kind::other;
        } else if (kind == Kind::quote) {
            const std::size_t content = after_quote_markers(text, pos, line.end, first);
            if (content == kNone) {
                kind = Kind::other;  // a lazy continuation line
            } else {
                const std::size_t at = skip_blanks(text, content, line.end);
                if (at < line.end && may_open_block(text, at, line.end)) kind = Kind::other;
            }
        } else if (kind == Kind::paragraph) {
            const std::size_t at = skip_blanks(text, pos, line.end);
            if (may_open_block(text, at, line.end)) kind = Kind::other;  // `at` < end: the line is not blank
        }
        block.last_line = pos;
        block.end = line.end;
        pos = after_break(text, line.end);
        if (pos == size) break;
    }
    block.kind = kind;
    return true;
}

void append_plain_block(std::string_view text, const MarkdownBlock& block, Paragraphs& out) {
    // md4c's reader: entering a paragraph or a quote at the top ends the open
    // paragraph; a paragraph's lines join with a space (a line break is white
    // space to append_text, and leading and trailing blanks go); everything
    // inside a quote block is one paragraph marked as a quote.
    out.end_paragraph();
    if (block.kind == MarkdownBlock::Kind::paragraph) {
        const std::string_view paragraph = text.substr(block.begin, block.end - block.begin);
        if (block.links)
            append_with_plain_links(paragraph, out);
        else
            out.append_text(paragraph);
        out.end_paragraph();
        return;
    }
    bool first = true;
    for (std::size_t pos = block.begin; pos < block.end; first = false) {
        // The last line ends where the block does (often the only line).
        const std::size_t end = pos >= block.last_line ? block.end : line_end(text, pos);
        const std::size_t content = after_quote_markers(text, pos, end, first);
        if (block.links)
            append_with_plain_links(text.substr(content, end - content), out);
        else
            out.append_text(text.substr(content, end - content));
        out.append_space();
        pos = after_break(text, end);
    }
    out.end_paragraph(true);
}

const char* markdown_line_scan() {
#if defined(CLIPFEED_MARKDOWN_AVX2)
    if (has_avx2()) return "avx2";
#endif
#if defined(__SSE2__)
    return "sse2";
#else
    return "bytes";
#endif
}

}  // namespace clipfeed
