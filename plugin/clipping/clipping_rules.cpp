#include "plugin/clipping/clipping_rules.hpp"
#include "feeds/text/ascii.hpp"

#include "plugin/clipping/unicode_text.hpp"

namespace clipfeed::clipping_rules {

namespace {

// The label limits of spec/clipping.md, "Labels".
constexpr std::size_t kLabelColonWithin = 41;  // characters
constexpr std::size_t kLabelMaxWords = 5;

// Read times of more digits than this are not read times (and would not fit an int).
constexpr std::size_t kMaxMinuteDigits = 9;

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_ascii(char c) { return static_cast<unsigned char>(c) < 0x80; }

template <std::size_t N>
constexpr std::size_t longest_of(const std::string_view (&words)[N]) {
    std::size_t longest = 0;
    for (std::string_view word : words) longest = word.size() > longest ? word.size() : longest;
    return longest;
}

// A loop, not string_view's compare: the prefixes here are one to three bytes
// long, and a memcmp call for each cost more than the comparison.
bool starts_with(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (s[i] != prefix[i]) return false;
    return true;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && starts_with(s.substr(s.size() - suffix.size()), suffix);
}

// Paragraph text has only single ASCII spaces for white space.
std::string_view trim_spaces(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

// Removes the trailing white space, '.', '→', '»', '›' and '>' after a source's name.
std::string_view trim_source_end(std::string_view s) {
    for (;;) {
        if (!s.empty() && (s.back() == ' ' || s.back() == '.' || s.back() == '>'))
            s.remove_suffix(1);
        else if (ends_with(s, "\u2192") || ends_with(s, "\u203A"))  // → ›
            s.remove_suffix(3);
        else if (ends_with(s, "\u00BB"))  // »
            s.remove_suffix(2);
        else
            return s;
    }
}

// Reads the whole number at the start of `s` and removes it from `s`.
std::optional<int> take_minutes(std::string_view& s) {
    std::size_t digits = 0;
    int value = 0;
    while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') {
        if (digits == kMaxMinuteDigits) return std::nullopt;
        value = value * 10 + (s[digits] - '0');
        ++digits;
    }
    if (digits == 0) return std::nullopt;
    s.remove_prefix(digits);
    return value;
}

// Removes "min", "mins", "minute" or "minutes" (any case) from the start of `s`.
bool take_minute_unit(std::string_view& s) {
    static constexpr std::string_view kUnits[] = {"minutes", "minute", "mins", "min"};
    for (std::string_view unit : kUnits) {
        if (ascii_starts_with_lowercase(s, unit)) {
            s.remove_prefix(unit.size());
            return true;
        }
    }
    return false;
}

bool take_prefix(std::string_view& s, std::string_view prefix) {
    if (!starts_with(s, prefix)) return false;
    s.remove_prefix(prefix.size());
    return true;
}

// "Read time: 5 min", "Reading time: 5 minutes".
std::optional<int> labelled_read_time(std::string_view s) {
    if (ascii_starts_with_lowercase(s, "read time:"))
        s.remove_prefix(10);
    else if (ascii_starts_with_lowercase(s, "reading time:"))
        s.remove_prefix(13);
    else
        return std::nullopt;
    s = trim_spaces(s);
    auto minutes = take_minutes(s);
    if (!minutes) return std::nullopt;
    take_prefix(s, " ");
    if (!take_minute_unit(s) || !s.empty()) return std::nullopt;
    return minutes;
}

// "5 min read", "5 mins read", "5 minute(s) read", "5-minute read" (and "5min read").
std::optional<int> counted_read_time(std::string_view s) {
    auto minutes = take_minutes(s);
    if (!minutes) return std::nullopt;
    if (!take_prefix(s, " ")) take_prefix(s, "-");
    if (!take_minute_unit(s) || !ascii_iequals(s, " read")) return std::nullopt;
    return minutes;
}

// The separators between hashtags: space , · • | /
std::size_t tag_separator_length(std::string_view s, std::size_t pos) {
    char c = s[pos];
    if (c == ' ' || c == ',' || c == '|' || c == '/') return 1;
    if (starts_with(s.substr(pos), "\u00B7")) return 2;  // ·
    if (starts_with(s.substr(pos), "\u2022")) return 3;  // •
    return 0;
}

bool read_hashtags(std::string_view s, std::vector<std::string_view>& tags) {
    // Most paragraphs start with neither a '#' nor a separator: no more to do.
    if (s.empty() || (s[0] != '#' && tag_separator_length(s, 0) == 0)) return false;
    const std::size_t before = tags.size();
    std::size_t pos = 0;
    while (pos < s.size()) {
        if (std::size_t separator = tag_separator_length(s, pos)) {
            pos += separator;
            continue;
        }
        if (s[pos] != '#') break;
        const std::size_t start = ++pos;
        while (pos < s.size()) {
            if (is_ascii(s[pos])) {  // most tags: no decoding, no call
                if (!is_ascii_alnum(s[pos]) && s[pos] != '-' && s[pos] != '_') break;
                ++pos;
                continue;
            }
            std::size_t next = pos;
            if (!unicode::is_hashtag_character(unicode::next_codepoint(s, next))) break;
            pos = next;
        }
        if (pos == start || (pos < s.size() && tag_separator_length(s, pos) == 0)) break;
        tags.push_back(s.substr(start, pos - start));
    }
    if (pos == s.size() && tags.size() > before) return true;
    tags.resize(before);
    return false;
}

// The separators between the items of a "Tags:" list: , · • |
std::size_t list_separator_length(std::string_view s, std::size_t pos) {
    if (s[pos] == ',' || s[pos] == '|') return 1;
    if (starts_with(s.substr(pos), "\u00B7")) return 2;  // ·
    if (starts_with(s.substr(pos), "\u2022")) return 3;  // •
    return 0;
}

// "a, b, c" after "Tags:": each item trimmed and without a leading '#';
// "#a #b" is read as hashtags.
bool read_tag_list(std::string_view s, std::vector<std::string_view>& tags) {
    if (read_hashtags(s, tags)) return true;
    const std::size_t before = tags.size();
    for (;;) {
        std::size_t end = 0;
        std::size_t separator = 0;
        while (end < s.size() && (separator = list_separator_length(s, end)) == 0) ++end;
        std::string_view item = trim_spaces(s.substr(0, end));
        if (!item.empty() && item.front() == '#') item = trim_spaces(item.substr(1));
        if (!item.empty()) tags.push_back(item);
        if (end == s.size()) break;
        s.remove_prefix(end + separator);
    }
    return tags.size() > before;
}

// Whether `s` has more than `limit` characters (code points, counted as
// unicode::codepoint_count counts them), counting no further than that: a
// colon far into a long quote is common, and counting every character up to
// it was a sixth of the instructions of reading such clippings.
bool has_more_characters_than(std::string_view s, std::size_t limit) {
    std::size_t characters = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && ++characters > limit) return true;
    return false;
}

struct QuotePair {
    std::string_view open;
    std::string_view close;
};

constexpr QuotePair kQuotePairs[] = {
    {"\"", "\""},
    {"\u201C", "\u201D"},  // “…”
    {"\u201E", "\u201C"},  // „…“
    {"\u201E", "\u201D"},  // „…”
    {"\u00AB", "\u00BB"},  // «…»
};

}  // namespace

std::optional<std::string_view> read_at_source(std::string_view paragraph) {
    static constexpr std::string_view kPrefixes[] = {"read at ", "read more at ", "read the full story at ",
                                                     "continue reading at ", "source:"};
    // Most paragraphs go at their first letter.
    char first = paragraph.empty() ? '\0' : ascii_lower(paragraph.front());
    if (first != 'r' && first != 'c' && first != 's') return std::nullopt;
    for (std::string_view prefix : kPrefixes) {
        if (!ascii_starts_with_lowercase(paragraph, prefix)) continue;
        std::string_view source = trim_spaces(trim_source_end(paragraph.substr(prefix.size())));
        if (source.empty()) return std::nullopt;
        return source;
    }
    return std::nullopt;
}

std::optional<ReadTime> read_time(std::string_view paragraph) {
    // Every form starts with a digit, "read" or "unable": most paragraphs go at their first letter.
    char first = paragraph.empty() ? '\0' : ascii_lower(paragraph.front());
    if ((first < '0' || first > '9') && first != 'r' && first != 'u') return std::nullopt;
    if (ascii_iequals(paragraph, "unable to calculate read time")) return ReadTime{std::nullopt};
    if (auto minutes = labelled_read_time(paragraph)) return ReadTime{minutes};
    if (auto minutes = counted_read_time(paragraph)) return ReadTime{minutes};
    return std::nullopt;
}

bool is_furniture(std::string_view paragraph) {
    static constexpr std::string_view kFurnitureWords[] = {
        "collection", "collections", "share", "save", "saved", "bookmark", "copy link", "print", "email"};
    constexpr std::size_t kLongestWord = longest_of(kFurnitureWords);
    if (paragraph.size() <= kLongestWord) {
        for (std::string_view word : kFurnitureWords)
            if (ascii_iequals(paragraph, word)) return true;
    }
    for (std::size_t pos = 0; pos < paragraph.size();) {
        if (is_ascii(paragraph[pos])) {  // most paragraphs start with a letter: no decoding, no call
            if (is_ascii_alnum(paragraph[pos])) return false;
            ++pos;
            continue;
        }
        // General Punctuation (U+2000-U+203F: E2 80 80-BF), where quotes start
        // with a curly quote mark, has no letter or digit: no call either.
        if (starts_with(paragraph.substr(pos), "\xE2\x80") && pos + 2 < paragraph.size() &&
            (static_cast<unsigned char>(paragraph[pos + 2]) & 0xC0) == 0x80) {
            pos += 3;
            continue;
        }
        if (unicode::is_letter_or_digit(unicode::next_codepoint(paragraph, pos))) return false;
    }
    return true;
}

bool read_tag_line(std::string_view paragraph, std::vector<std::string_view>& tags) {
    static constexpr std::string_view kPrefixes[] = {"tags:", "topics:"};
    for (std::string_view prefix : kPrefixes) {
        if (ascii_starts_with_lowercase(paragraph, prefix))
            return read_tag_list(trim_spaces(paragraph.substr(prefix.size())), tags);
    }
    return read_hashtags(paragraph, tags);
}

std::optional<std::string_view> unquote(std::string_view paragraph) {
    // Each opening mark starts with one of these bytes: most paragraphs go at the first.
    const char first = paragraph.empty() ? '\0' : paragraph.front();
    if (first != '"' && first != '\xE2' && first != '\xC2') return std::nullopt;
    for (const QuotePair& pair : kQuotePairs) {
        if (paragraph.size() < pair.open.size() + pair.close.size()) continue;
        if (!starts_with(paragraph, pair.open) || !ends_with(paragraph, pair.close)) continue;
        std::string_view inner = paragraph.substr(pair.open.size(), paragraph.size() - pair.open.size() - pair.close.size());
        return trim_spaces(inner);
    }
    return std::nullopt;
}

std::optional<std::string_view> quote_label(std::string_view quote) {
    std::size_t colon = quote.find(':');
    if (colon == std::string_view::npos || colon + 1 >= quote.size() || quote[colon + 1] != ' ')
        return std::nullopt;
    std::string_view lead_in = quote.substr(0, colon);
    // The colon is character number (characters of the lead-in) + 1.
    if (has_more_characters_than(lead_in, kLabelColonWithin - 1)) return std::nullopt;
    lead_in = trim_spaces(lead_in);
    if (lead_in.empty()) return std::nullopt;
    // One pass for the forbidden marks (. ! ? " “ ”) and the words: a find
    // for each mark cost more than the rest of the test.
    std::size_t words = 1;
    for (std::size_t i = 0; i < lead_in.size(); ++i) {
        const char c = lead_in[i];
        if (c == '.' || c == '!' || c == '?' || c == '"') return std::nullopt;
        if (c == '\xE2' && (starts_with(lead_in.substr(i), "\u201C") || starts_with(lead_in.substr(i), "\u201D")))
            return std::nullopt;
        if (c == ' ') ++words;  // single spaces between words, none at the ends
    }
    if (words > kLabelMaxWords) return std::nullopt;
    return lead_in;
}

}  // namespace clipfeed::clipping_rules
