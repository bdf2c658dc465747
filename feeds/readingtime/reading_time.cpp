#include "feeds/readingtime/reading_time.hpp"

#include <utf8proc.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <array>
#include <cstdint>
#include <optional>

namespace clipfeed {

namespace {

char to_ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// What an ASCII byte is to the count. kStop marks the bytes a reader handles
// itself: every byte of 0x80 or more (UTF-8), and in HTML '<' and '&'.
enum AsciiClass : unsigned char { kSpace, kPunctuation, kLetter, kStop };

// White space is \t \n \v \f \r and ' '; punctuation is the ASCII part of the
// Unicode punctuation categories (P*); $ + < = > ^ ` | ~ are symbols, which
// count as letters, as do digits and control characters.
constexpr std::array<unsigned char, 256> ascii_classes(bool html) {
    std::array<unsigned char, 256> table{};
    for (int c = 0; c < 256; ++c) table[c] = c >= 0x80 ? kStop : kLetter;
    for (char c : std::string_view(" \t\n\v\f\r")) table[static_cast<unsigned char>(c)] = kSpace;
    for (char c : std::string_view("!\"#%&'()*,-./:;?@[\\]_{}")) table[static_cast<unsigned char>(c)] = kPunctuation;
    if (html) table['<'] = table['&'] = kStop;
    return table;
}

constexpr std::array<unsigned char, 256> kTextClasses = ascii_classes(false);
constexpr std::array<unsigned char, 256> kHtmlClasses = ascii_classes(true);

bool is_cjk(char32_t cp) {
    return (cp >= 0x1100 && cp <= 0x11FF) ||    // Hangul Jamo
           (cp >= 0x2E80 && cp <= 0x2FDF) ||    // CJK radicals, Kangxi radicals
           (cp >= 0x3040 && cp <= 0x30FF) ||    // Hiragana, Katakana
           (cp >= 0x3100 && cp <= 0x31FF) ||    // Bopomofo, Hangul compatibility Jamo, Katakana extensions
           (cp >= 0x3400 && cp <= 0x4DBF) ||    // CJK extension A
           (cp >= 0x4E00 && cp <= 0x9FFF) ||    // CJK unified ideographs
           (cp >= 0xA960 && cp <= 0xA97F) ||    // Hangul Jamo extended A
           (cp >= 0xAC00 && cp <= 0xD7FF) ||    // Hangul syllables, Jamo extended B
           (cp >= 0xF900 && cp <= 0xFAFF) ||    // CJK compatibility ideographs
           (cp >= 0xFF66 && cp <= 0xFFDC) ||    // halfwidth Katakana and Hangul
           (cp >= 0x20000 && cp <= 0x3FFFF);    // CJK extensions B and later
}

// Elements that do not end a word: the text around them runs on.
bool is_inline_element(std::string_view name) {
    // a switch on the length, as this runs for every tag of every item
    switch (name.size()) {
        case 1: return name == "a" || name == "b" || name == "i" || name == "q" || name == "s" || name == "u";
        case 2: return name == "em" || name == "tt";
        case 3:
            return name == "bdi" || name == "bdo" || name == "big" || name == "del" || name == "dfn" ||
                   name == "ins" || name == "kbd" || name == "sub" || name == "sup" || name == "var" ||
                   name == "wbr";
        case 4:
            return name == "abbr" || name == "cite" || name == "code" || name == "data" || name == "font" ||
                   name == "mark" || name == "samp" || name == "span" || name == "time";
        case 5: return name == "small";
        case 6: return name == "strike" || name == "strong";
        case 7: return name == "acronym";
        default: return false;
    }
}

class Counter {
public:
    // A counter for the estimate without CJK: ASCII letters are not counted
    // (letters only matter when CJK letters are there), so ASCII runs can be
    // read 16 bytes at a time.
    explicit Counter(bool ascii_letters) : ascii_letters_(ascii_letters) {}

    void space() { in_word_ = false; }
    // A character that is not white space.
    void visible(bool letter, bool cjk) {
        if (!in_word_) ++words_;
        in_word_ = true;
        letters_ += letter;
        cjk_ += cjk;
    }
    void ascii(unsigned char c) {
        const unsigned char kind = kTextClasses[c];
        if (kind == kSpace)
            space();
        else
            visible(kind == kLetter, false);
    }
    // Counts bytes from `text` up to the first one `classes` marks kStop, and
    // returns how many it counted. This is where nearly all the time goes, so
    // it is a plain loop over a table with no branch but its end.
    std::size_t ascii_run(std::string_view text, const std::array<unsigned char, 256>& classes) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
        std::size_t i = ascii_letters_ ? 0 : words_in_blocks(text, &classes == &kHtmlClasses);
        bool in_word = in_word_;
        std::uint64_t words = words_, letters = letters_;
        for (; i < text.size(); ++i) {
            const unsigned char kind = classes[bytes[i]];
            if (kind == kStop) break;
            const bool seen = kind != kSpace;
            words += seen && !in_word;
            letters += kind == kLetter;
            in_word = seen;
        }
        in_word_ = in_word;
        words_ = words;
        letters_ = letters;
        return i;
    }
    void codepoint(char32_t cp) {
        if (cp < 0x80) return ascii(static_cast<unsigned char>(cp));
        const utf8proc_category_t category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
        if (category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
            category == UTF8PROC_CATEGORY_ZP || cp == 0x85)
            return space();
        const bool punctuation = category >= UTF8PROC_CATEGORY_PC && category <= UTF8PROC_CATEGORY_PO;
        visible(!punctuation, !punctuation && is_cjk(cp));
    }

    ReadingCounts counts() const { return ReadingCounts{words_, ascii_letters_ ? letters_ : 0, cjk_}; }

private:
    // Counts the words of whole 16-byte blocks of `text` that hold neither a
    // byte of 0x80 or more nor, in HTML, '<' or '&', and returns how many bytes
    // it read. A word starts at a byte that is not white space after one that is.
    // The starts are summed as bytes, in a vector (each byte of `starts` is 1 at
    // most a block), and added up every 255 blocks and at the end: a popcount
    // of each block's mask took as long as finding the starts.
    std::size_t words_in_blocks(std::string_view text, bool html) {
        std::size_t i = 0;
#if defined(__SSE2__)
        const __m128i lt = _mm_set1_epi8('<'), amp = _mm_set1_epi8('&'), blank = _mm_set1_epi8(' ');
        const __m128i tab = _mm_set1_epi8('\t'), four = _mm_set1_epi8(4), zero = _mm_setzero_si128();
        // Byte 15: whether the byte before the next block is part of a word.
        __m128i previous_seen = in_word_ ? _mm_set1_epi8(-1) : zero;
        __m128i starts = zero;
        int blocks_in_starts = 0;
        auto add_starts = [&] {
            const __m128i sums = _mm_sad_epu8(starts, zero);  // two 64-bit lanes
            words_ += static_cast<std::uint64_t>(_mm_cvtsi128_si32(sums)) +
                      static_cast<std::uint64_t>(_mm_cvtsi128_si32(_mm_unpackhi_epi64(sums, sums)));
            starts = zero;
            blocks_in_starts = 0;
        };
        for (; i + 16 <= text.size(); i += 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
            // Bytes of 0x80 or more have their top bit set, as have the comparisons' matches.
            const __m128i stops = html ? _mm_or_si128(v, _mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, amp))) : v;
            if (_mm_movemask_epi8(stops)) break;
            // \t \n \v \f \r are 9 to 13: (c - 9) <= 4 as unsigned bytes.
            const __m128i from_tab = _mm_sub_epi8(v, tab);
            const __m128i control_space = _mm_cmpeq_epi8(_mm_min_epu8(from_tab, four), from_tab);
            const __m128i seen = _mm_cmpeq_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, blank), control_space), zero);
            const __m128i seen_before = _mm_or_si128(_mm_slli_si128(seen, 1), _mm_srli_si128(previous_seen, 15));
            starts = _mm_sub_epi8(starts, _mm_andnot_si128(seen_before, seen));  // 0xFF is -1: adds 1
            previous_seen = seen;
            if (++blocks_in_starts == 255) add_starts();
        }
        add_starts();
        in_word_ = (_mm_movemask_epi8(previous_seen) & 0x8000) != 0;
#else
        (void)text;
        (void)html;
#endif
        return i;
    }

    bool ascii_letters_;
    bool in_word_ = false;
    std::uint64_t words_ = 0;
    std::uint64_t letters_ = 0;
    std::uint64_t cjk_ = 0;
};

// The text at text[pos], a byte of 0x80 or more: decodes one character.
std::size_t read_non_ascii(std::string_view text, std::size_t pos, Counter& counter) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                                               static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
    if (length <= 0) {
        counter.visible(true, false);  // invalid UTF-8: one character, as U+FFFD would be
        return 1;
    }
    counter.codepoint(static_cast<char32_t>(cp));
    return static_cast<std::size_t>(length);
}

void count_text(std::string_view text, Counter& counter) {
    for (std::size_t pos = 0; pos < text.size();) {
        pos += counter.ascii_run(text.substr(pos), kTextClasses);
        if (pos < text.size()) pos += read_non_ascii(text, pos, counter);
    }
}

class HtmlCounter {
public:
    HtmlCounter(std::string_view html, Counter& counter) : html_(html), counter_(counter) {}

    void run() {
        while (pos_ < html_.size()) {
            pos_ += counter_.ascii_run(html_.substr(pos_), kHtmlClasses);
            if (pos_ >= html_.size()) break;
            const char c = html_[pos_];
            if (c == '<')
                read_markup();
            else if (c == '&')
                read_reference();
            else
                pos_ += read_non_ascii(html_, pos_, counter_);
        }
    }

private:
    static bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

    std::size_t after(std::string_view what, std::size_t from) const {
        std::size_t at = html_.find(what, from);
        return at == std::string_view::npos ? html_.size() : at + what.size();
    }

    void read_markup() {
        const std::size_t start = pos_ + 1;
        if (html_.compare(start, 3, "!--") == 0) {
            pos_ = after("-->", start + 3);
            return;
        }
        std::size_t name_start = start;
        if (name_start < html_.size() && html_[name_start] == '/') ++name_start;
        if (name_start >= html_.size() || !(is_letter(html_[name_start]) || html_[name_start] == '!' ||
                                            html_[name_start] == '?')) {
            counter_.ascii('<');  // a '<' that starts no tag is text
            ++pos_;
            return;
        }
        std::size_t name_end = name_start;
        char name[16];
        std::size_t length = 0;
        while (name_end < html_.size() && (is_letter(html_[name_end]) || (html_[name_end] >= '0' && html_[name_end] <= '9'))) {
            if (length < sizeof name) name[length++] = to_ascii_lower(html_[name_end]);
            ++name_end;
        }
        std::string_view lower(name, length);
        pos_ = after(">", name_end);
        if (!is_inline_element(lower)) counter_.space();
        const bool end_tag = html_[start] == '/';
        if (!end_tag && (lower == "script" || lower == "style")) {
            pos_ = after(lower == "script" ? std::string_view("</script") : std::string_view("</style"), pos_);
            pos_ = after(">", pos_);
        }
    }

    void read_reference() {
        // "&name;" or "&#123;" / "&#x1F;": one character; &nbsp; and its numbers white space.
        std::size_t end = pos_ + 1;
        while (end < html_.size() && end - pos_ < 33 && html_[end] != ';' &&
               (is_letter(html_[end]) || (html_[end] >= '0' && html_[end] <= '9') || html_[end] == '#'))
            ++end;
        if (end >= html_.size() || html_[end] != ';' || end == pos_ + 1) {
            counter_.ascii('&');
            ++pos_;
            return;
        }
        std::string_view body = html_.substr(pos_ + 1, end - pos_ - 1);
        pos_ = end + 1;
        if (body == "nbsp" || body == "#160" || body == "#xa0" || body == "#xA0" || body == "#Xa0" || body == "#XA0") {
            counter_.space();
        } else if (body == "amp" || body == "quot" || body == "apos" || body == "#39" || body == "#34" ||
                   body == "#38") {
            counter_.visible(false, false);
        } else if (body.front() == '#') {
            char32_t cp = 0;
            const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
            for (std::size_t i = hex ? 2 : 1; i < body.size() && cp < 0x110000; ++i) {
                const char d = body[i];
                const int digit = d >= '0' && d <= '9' ? d - '0'
                                  : hex && to_ascii_lower(d) >= 'a' && to_ascii_lower(d) <= 'f'
                                      ? to_ascii_lower(d) - 'a' + 10
                                      : -1;
                if (digit < 0) break;
                cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(digit);
            }
            counter_.codepoint(cp > 0 && cp < 0x110000 ? cp : 0xFFFD);
        } else {
            counter_.visible(true, false);  // a named character: a letter as far as the count goes
        }
    }

    std::string_view html_;
    Counter& counter_;
    std::size_t pos_ = 0;
};

}  // namespace

namespace {

ReadingCounts count(std::string_view text, TextKind kind, bool ascii_letters) {
    Counter counter(ascii_letters);
    if (kind == TextKind::text)
        count_text(text, counter);
    else
        HtmlCounter(text, counter).run();
    return counter.counts();
}

}  // namespace

ReadingCounts count_reading(std::string_view text, TextKind kind) { return count(text, kind, true); }

ReadingCounts count_words_and_cjk(std::string_view text, TextKind kind) { return count(text, kind, false); }

int estimated_reading_minutes(std::string_view text, TextKind kind) {
    ReadingCounts counts = count_words_and_cjk(text, kind);
    if (counts.cjk_letters > 0) counts = count_reading(text, kind);  // letters decide: count them too
    std::uint64_t count = counts.words, per_minute = kWordsPerMinute;
    if (counts.letters > 0 && counts.cjk_letters * 2 >= counts.letters) {
        count = counts.letters;
        per_minute = kCjkCharactersPerMinute;
    }
    const std::uint64_t minutes = (count + per_minute - 1) / per_minute;
    return minutes < 1 ? 1 : minutes > 1000000000 ? 1000000000 : static_cast<int>(minutes);
}

int reading_minutes(const Item& item) {
    if (std::optional<int> kept = item.estimated_reading_minutes.get()) return *kept;
    int minutes = 1;
    if (item.content && !item.content->empty())
        minutes = estimated_reading_minutes(*item.content, item.content_kind);
    else if (item.summary)
        minutes = estimated_reading_minutes(*item.summary, item.summary_kind);
    item.estimated_reading_minutes.set(minutes);
    return minutes;
}

}  // namespace clipfeed
