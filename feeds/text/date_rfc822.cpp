// RFC 822 / 1123 / 2822 dates as feeds really write them, read token by token:
//
//   [weekday] day month year [time [AM|PM] [zone]]     "Thu, 01 Jan 2004 19:48:21 GMT"
//   [weekday] month day year [time [AM|PM] [zone]]     "Thu Aug 30 2012 17:26:16 +0200"
//   [weekday] month day time [zone] year               asctime: "Sun Jan  4 16:29:06 PST 2004"
//   [weekday] YYYY/MM/DD [time [zone]]                 Perforce: "Fri, 2006/09/15 08:19:53 EDT"
//
// Tokens are separated by white space and commas, so a missing comma ("Thu 01
// Jan"), a missing space ("Thu,01 Jan"), extra spaces and extra commas ("Mon, 13
// Feb, 2012", "January 26, 2004") all read the same. Like feedparser we take the
// weekday as a decoration (a wrong one is ignored), month and weekday names by
// their first three letters in any case ("Sept", "January", "Jan.", "THURSDAY"),
// two-digit years as 1990..2089, a missing time as midnight and a missing or
// unknown zone as UTC, and ignore what follows the zone ("+0000 (UTC)").
// Greek month and weekday abbreviations work in the same places.
//
// Beyond feedparser we also read a weekday-led date without a zone ("Thu, 01
// Jan 2004 10:00:00": feedparser refuses it), "GMT+2"/"UTC+2"/"+01" (refused,
// or in "UTC+2"'s case taken as UTC), a zone glued to the time, AM/PM (which
// feedparser takes for a zone and so ignores), fractional seconds, "01." as a
// day, and asctime and Perforce dates without a weekday. Hours run 0..23 and
// seconds 0..59: feedparser refuses 24:00:00 and second 60 in these formats.
#include "feeds/text/date_parts.hpp"

#include <array>

namespace clipfeed::date_parts {

namespace {

constexpr std::size_t kMaxTokens = 8;  // enough for the longest form above, plus one

struct Tokens {
    std::array<std::string_view, kMaxTokens> items;
    std::size_t count = 0;

    std::string_view operator[](std::size_t i) const { return i < count ? items[i] : std::string_view(); }
};

bool is_separator(char c) { return is_space(c) || c == ','; }

Tokens split_tokens(std::string_view text) {
    Tokens tokens;
    std::size_t i = 0;
    while (i < text.size() && tokens.count < kMaxTokens) {
        while (i < text.size() && is_separator(text[i])) ++i;
        const std::size_t start = i;
        while (i < text.size() && !is_separator(text[i])) ++i;
        if (i > start) tokens.items[tokens.count++] = text.substr(start, i - start);
    }
    return tokens;
}

bool has_three_letters(std::string_view token) {
    return token.size() >= 3 && is_ascii_letter(token[0]) && is_ascii_letter(token[1]) &&
           is_ascii_letter(token[2]);
}

bool is_weekday(std::string_view token) {
    if (is_greek_weekday(token)) return true;
    if (!has_three_letters(token)) return false;
    for (std::string_view day : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}) {
        if (ascii_starts_with_lowercase(token, day)) return true;
    }
    return false;
}

// 1..12, or 0 when the token is no month name.
int month_from_name(std::string_view token) {
    if (has_three_letters(token)) {
        static constexpr std::string_view kMonths[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                         "jul", "aug", "sep", "oct", "nov", "dec"};
        for (int i = 0; i < 12; ++i) {
            if (ascii_starts_with_lowercase(token, kMonths[i])) return i + 1;
        }
        return 0;
    }
    return greek_month(token);
}

// "1", "01", and German-style "01.".
std::optional<int> day_from_token(std::string_view token) {
    if (!token.empty() && token.back() == '.') token.remove_suffix(1);
    if (token.size() > 2) return std::nullopt;
    return digits_value(token);
}

// feedparser's rule for one- and two-digit years: 90..99 are 1990s, the rest 2000s.
std::optional<int> year_from_token(std::string_view token) {
    if (token.size() > 4) return std::nullopt;
    std::optional<int> year = digits_value(token);
    if (year && token.size() <= 2) *year += *year >= 90 ? 1900 : 2000;
    return year;
}

// "h", "h:mm", "h:mm:ss", each field one or two digits, with a fraction of the
// last that is dropped. Returns what follows in the token (a glued zone or
// AM/PM), or nullopt when the token does not start with a time.
std::optional<std::string_view> read_clock(std::string_view token, LocalTime& t) {
    Cursor c(token);
    int* const fields[3] = {&t.hour, &t.minute, &t.second};
    for (int i = 0; i < 3; ++i) {
        const std::size_t run = c.digit_run();
        if (run < 1 || run > 2) return std::nullopt;
        *fields[i] = c.take_number(run);
        if (i == 2 || !(c.peek() == ':' && is_digit(c.peek(1)))) break;
        c.skip(':');
    }
    if (c.peek() == '.' && is_digit(c.peek(1))) {
        c.skip('.');
        while (is_digit(c.peek())) c.skip(c.peek());
    }
    return c.rest();
}

enum class Meridiem { none, am, pm };

Meridiem meridiem_from_token(std::string_view token) {
    if (ascii_iequals(token, "am") || ascii_iequals(token, "a.m.")) return Meridiem::am;
    if (ascii_iequals(token, "pm") || ascii_iequals(token, "p.m.")) return Meridiem::pm;
    return Meridiem::none;
}

bool apply_meridiem(LocalTime& t, Meridiem meridiem) {
    if (meridiem == Meridiem::none) return true;
    if (t.hour < 1 || t.hour > 12) return false;
    if (meridiem == Meridiem::am && t.hour == 12) t.hour = 0;
    if (meridiem == Meridiem::pm && t.hour != 12) t.hour += 12;
    return true;
}

bool apply_zone(LocalTime& t, std::string_view token) {
    if (token.empty()) return true;  // no zone: UTC
    const std::optional<int> offset = zone_offset(token);
    if (!offset) return false;
    t.utc_offset = *offset;
    return true;
}

// The time at tokens[i] and what may follow it: AM/PM, then the zone. With
// `year_last` (asctime) the year closes the date instead, after an optional zone.
bool read_time_and_zone(const Tokens& tokens, std::size_t i, LocalTime& t, bool year_last) {
    const std::optional<std::string_view> glued = read_clock(tokens[i++], t);
    if (!glued) return false;
    std::string_view zone = *glued;
    Meridiem meridiem = meridiem_from_token(zone);
    if (meridiem != Meridiem::none) zone = {};
    if (zone.empty() && meridiem == Meridiem::none) {
        meridiem = meridiem_from_token(tokens[i]);
        if (meridiem != Meridiem::none) ++i;
    }
    if (year_last) {
        std::optional<int> year = year_from_token(tokens[i]);
        if (!year && zone.empty()) {
            zone = tokens[i++];
            year = year_from_token(tokens[i]);
        }
        if (!year) return false;
        t.year = *year;
    } else if (zone.empty()) {
        zone = tokens[i];
    }
    if (!apply_meridiem(t, meridiem) || !apply_zone(t, zone)) return false;
    return t.hour <= 23 && t.minute <= 59 && t.second <= 59;
}

// Perforce's "YYYY/MM/DD".
bool read_slash_date(std::string_view token, LocalTime& t) {
    const std::size_t first = token.find('/');
    const std::size_t second = token.find('/', first + 1);
    if (first != 4 || second == std::string_view::npos || second - first > 3) return false;
    const std::optional<int> year = digits_value(token.substr(0, first));
    const std::optional<int> month = digits_value(token.substr(first + 1, second - first - 1));
    const std::optional<int> day = digits_value(token.substr(second + 1));
    if (!year || !month || !day || token.size() - second > 3) return false;
    t.year = *year;
    t.month = *month;
    t.day = *day;
    return true;
}

}  // namespace

std::optional<std::int64_t> parse_rfc822_family(std::string_view text) {
    const Tokens tokens = split_tokens(text);
    std::size_t i = 0;
    if (is_weekday(tokens[i])) ++i;
    LocalTime t;

    if (tokens[i].find('/') != std::string_view::npos) {
        if (!read_slash_date(tokens[i++], t)) return std::nullopt;
        if (i < tokens.count && !read_time_and_zone(tokens, i, t, false)) return std::nullopt;
        return epoch_seconds(t);
    }

    std::optional<int> day = day_from_token(tokens[i]);
    int month = 0;
    if (day) {
        month = month_from_name(tokens[i + 1]);
    } else {
        month = month_from_name(tokens[i]);
        day = day_from_token(tokens[i + 1]);
    }
    if (!day || month == 0) return std::nullopt;
    t.day = *day;
    t.month = month;
    i += 2;

    if (const std::optional<int> year = year_from_token(tokens[i])) {
        t.year = *year;
        ++i;
        if (i < tokens.count && !read_time_and_zone(tokens, i, t, false)) return std::nullopt;
    } else if (!read_time_and_zone(tokens, i, t, true)) {
        return std::nullopt;
    }
    return epoch_seconds(t);
}

}  // namespace clipfeed::date_parts
