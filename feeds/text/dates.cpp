// Feed dates to Unix time and back.
//
// The reading follows feedparser's date handlers (the reference this project is
// measured against) family by family: feeds/text/date_rfc822.cpp, date_iso8601.cpp
// and date_regional.cpp, on the pieces in date_parts.hpp. Each file's opening
// comment lists where we read a date differently from feedparser and why.
//
// Why hand-written scanners: no Debian library reads the broken variants feeds
// write ("Thu,01 Jan 2004 19:48:21 GMT+2", "Mon, 26 January 2004 16:31:00 ET",
// "2003-012-31T10:14:55+00:00"); std::get_time and strptime are bound to the
// process locale (month names change with LC_TIME) and much slower than a scan
// over a string_view; and timegm/mktime depend on TZ. This runs for every item
// of 20,000-item feeds, so it neither allocates nor copies on its way to a
// result, and takes no locks.
#include "feeds/text/dates.hpp"

#include "feeds/text/date_parts.hpp"

namespace clipfeed {

using namespace date_parts;

std::optional<std::int64_t> parse_date(std::string_view text) {
    text = trim_spaces(text);
    if (text.empty()) return std::nullopt;
    const char first = text.front();
    if (is_digit(first) || first == '-') {
        if (auto seconds = parse_iso8601_family(text)) return seconds;
        if (first == '-') return std::nullopt;
        // "1 Jan 2004", "2006/09/15 08:19:53", and the Korean forms.
        if (auto seconds = parse_rfc822_family(text)) return seconds;
        return parse_korean(text);
    }
    return parse_rfc822_family(text);
}

namespace {

char* write_digits(char* out, std::uint64_t value, int min_width) {
    char reversed[20];
    int n = 0;
    do {
        reversed[n++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (n < min_width) reversed[n++] = '0';
    while (n > 0) *out++ = reversed[--n];
    return out;
}

}  // namespace

std::string format_rfc3339(std::int64_t seconds) {
    // Floor division: 1969-12-31T23:59:59Z is second -1 of day -1.
    std::int64_t days = seconds / kSecondsPerDay;
    std::int64_t second_of_day = seconds % kSecondsPerDay;
    if (second_of_day < 0) {
        second_of_day += kSecondsPerDay;
        --days;
    }
    const CivilDate date = civil_from_days(days);

    char buffer[48];
    char* out = buffer;
    // Years 0000-9999 take RFC 3339's four digits. Any int64 is accepted: years
    // beyond those get ISO 8601's expanded form, a sign and more digits.
    if (date.year < 0) {
        *out++ = '-';
        out = write_digits(out, static_cast<std::uint64_t>(-date.year), 4);
    } else {
        if (date.year > 9999) *out++ = '+';
        out = write_digits(out, static_cast<std::uint64_t>(date.year), 4);
    }
    *out++ = '-';
    out = write_digits(out, static_cast<std::uint64_t>(date.month), 2);
    *out++ = '-';
    out = write_digits(out, static_cast<std::uint64_t>(date.day), 2);
    *out++ = 'T';
    out = write_digits(out, static_cast<std::uint64_t>(second_of_day / 3600), 2);
    *out++ = ':';
    out = write_digits(out, static_cast<std::uint64_t>(second_of_day / 60 % 60), 2);
    *out++ = ':';
    out = write_digits(out, static_cast<std::uint64_t>(second_of_day % 60), 2);
    *out++ = 'Z';
    return std::string(buffer, out);
}

}  // namespace clipfeed
