#include "feeds/readingtime/reading_time.hpp"

#include <utf8proc.h>

#include <cstdint>

namespace clipfeed {

namespace {

char to_ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_ascii_space(unsigned char c) { return c == ' ' || (c >= 0x09 && c <= 0x0D); }

// ASCII characters of the Unicode punctuation categories (P*); $ + < = > ^ ` | ~ are symbols.
bool is_ascii_punctuation(unsigned char c) {
    switch (c) {
        case '!': case '"': case '#': case '%': case '&': case '\'': case '(': case ')': case '*':
        case ',': case '-': case '.': case '/': case ':': case ';': case '?': case '@': case '[':
        case '\\': case ']': case '_': case '{': case '}':
            return true;
        default:
            return false;
    }
}

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
bool is_inline_element(std::string_view lower_name) {
    static constexpr std::string_view kInline[] = {
        "a",    "abbr", "acronym", "b",   "bdi",    "bdo", "big",  "cite", "code", "data", "del",
        "dfn",  "em",   "font",    "i",   "ins",    "kbd", "mark", "q",    "s",    "samp", "small",
        "span", "strike", "strong", "sub", "sup",   "time", "tt",  "u",    "var",  "wbr"};
    for (std::string_view name : kInline)
        if (name == lower_name) return true;
    return false;
}

class Counter {
public:
    void space() { in_word_ = false; }
    // A character that is not white space.
    void visible(bool letter, bool cjk) {
        if (!in_word_) ++words_;
        in_word_ = true;
        letters_ += letter;
        cjk_ += cjk;
    }
    void ascii(unsigned char c) {
        if (is_ascii_space(c))
            space();
        else
            visible(!is_ascii_punctuation(c), false);
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

    int minutes() const {
        std::uint64_t count = words_, per_minute = kWordsPerMinute;
        if (letters_ > 0 && cjk_ * 2 >= letters_) {
            count = letters_;
            per_minute = kCjkCharactersPerMinute;
        }
        const std::uint64_t minutes = (count + per_minute - 1) / per_minute;
        return minutes < 1 ? 1 : minutes > 1000000000 ? 1000000000 : static_cast<int>(minutes);
    }

private:
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
        const auto c = static_cast<unsigned char>(text[pos]);
        if (c < 0x80) {
            counter.ascii(c);
            ++pos;
        } else {
            pos += read_non_ascii(text, pos, counter);
        }
    }
}

class HtmlCounter {
public:
    HtmlCounter(std::string_view html, Counter& counter) : html_(html), counter_(counter) {}

    void run() {
        while (pos_ < html_.size()) {
            const auto c = static_cast<unsigned char>(html_[pos_]);
            if (c == '<') {
                read_markup();
            } else if (c == '&') {
                read_reference();
            } else if (c < 0x80) {
                counter_.ascii(c);
                ++pos_;
            } else {
                pos_ += read_non_ascii(html_, pos_, counter_);
            }
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

int estimated_reading_minutes(std::string_view text, TextKind kind) {
    Counter counter;
    if (kind == TextKind::text)
        count_text(text, counter);
    else
        HtmlCounter(text, counter).run();
    return counter.minutes();
}

void add_reading_times(Feed& feed) {
    for (Item& item : feed.items) {
        if (item.content && !item.content->empty())
            item.estimated_reading_minutes = estimated_reading_minutes(*item.content, item.content_kind);
        else if (item.summary)
            item.estimated_reading_minutes = estimated_reading_minutes(*item.summary, item.summary_kind);
        else
            item.estimated_reading_minutes = 1;
    }
}

}  // namespace clipfeed
