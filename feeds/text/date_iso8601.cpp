// W3C-DTF, RFC 3339 and the ISO 8601 forms feeds use, read by one scanner:
//
//   date:  YYYY | YYYY-MM | YYYY-MM-DD | YYYYMMDD | YYYY-DDD | YYYYDDD (ordinal)
//          YY-MM-DD | YYMMDD | YY-DDD | YYDDD | -YYMM | -YY-MM  (two-digit year: 20YY)
//          YYYY-0MM-DD (a Google feed's extra zero), YYYY-<Hungarian month>-DD
//          Hyphenated months, days, hours and minutes may have one digit, as W3C-DTF
//          readers (feedparser's among them) allow.
//   then optionally 'T', 't' or spaces (MSSQL: "2004-07-08 23:56:58"), and a time:
//          hh | hh:mm | hh:mm:ss | hhmm | hhmmss, with a fraction (. or ,) that is dropped
//   then optionally a zone, glued on or after spaces: Z, +hh:mm, +hhmm, +hh, or a name
//          (GMT, EST, ...). Anything after the zone is ignored, as feedparser ignores it.
//
// Where feedparser differs, it is by accident of its implementation and we
// read the date as written instead: it drops the time of compact forms
// ("20031231T101455Z" is midnight), drops the minutes of "+0530", gives midnight
// for "2004-07-08 23:56:58 EST" (the 't' of "est" splits its W3C-DTF reader),
// reads months 13 and Feb 30 as dates in the following month, fills missing
// years and months from today's date ("--12-31", "-03"), and reads any text
// with a date in front ("2003 was a great year", "1234567890"). We refuse all
// of those but the first three, and read two-digit years as 20YY where
// feedparser takes the current century.
#include "feeds/text/date_parts.hpp"

namespace clipfeed::date_parts {

namespace {

constexpr int kTwoDigitYearBase = 2000;

bool set_ordinal_day(LocalTime& t, int day_of_year) {
    const int days_in_year = is_leap_year(t.year) ? 366 : 365;
    if (day_of_year < 1 || day_of_year > days_in_year) return false;
    t.month = 1;
    while (day_of_year > days_in_month(t.year, t.month)) {
        day_of_year -= days_in_month(t.year, t.month);
        ++t.month;
    }
    t.day = day_of_year;
    return true;
}

// After "YYYY-": a month name (Hungarian feeds), an ordinal day, or month[-day].
bool read_after_full_year(Cursor& c, LocalTime& t) {
    if (is_ascii_letter(c.peek()) || is_non_ascii(c.peek())) {
        const std::string_view rest = c.rest();
        const std::size_t hyphen = rest.find('-');
        if (hyphen == std::string_view::npos) return false;
        t.month = hungarian_month(rest.substr(0, hyphen));
        if (t.month == 0) return false;
        c.skip_text(rest.substr(0, hyphen + 1));
        const std::size_t run = c.digit_run();
        if (run < 1 || run > 2) return false;
        t.day = c.take_number(run);
        return true;
    }
    const std::size_t run = c.digit_run();
    if (run == 3 && c.peek(3) != '-') return set_ordinal_day(t, c.take_number(3));
    if (run == 3 && c.peek() != '0') return false;  // only "0MM" is a month
    if (run < 1 || run > 3) return false;
    t.month = c.take_number(run);
    if (!c.skip('-')) return true;  // YYYY-MM
    const std::size_t day_run = c.digit_run();
    if (day_run < 1 || day_run > 2) return false;
    t.day = c.take_number(day_run);
    return true;
}

bool read_date(Cursor& c, LocalTime& t) {
    if (c.skip('-')) {
        // "-YYMM" or "-YY-MM": a month of a two-digit year.
        if (c.digit_run() == 4) {
            t.year = kTwoDigitYearBase + c.take_number(2);
            t.month = c.take_number(2);
            return true;
        }
        if (c.digit_run() != 2) return false;
        t.year = kTwoDigitYearBase + c.take_number(2);
        if (!c.skip('-') || c.digit_run() != 2) return false;
        t.month = c.take_number(2);
        return true;
    }
    switch (c.digit_run()) {
    case 4:
        t.year = c.take_number(4);
        return c.skip('-') ? read_after_full_year(c, t) : true;
    case 8:
        t.year = c.take_number(4);
        t.month = c.take_number(2);
        t.day = c.take_number(2);
        return true;
    case 7:
        t.year = c.take_number(4);
        return set_ordinal_day(t, c.take_number(3));
    case 6:
        t.year = kTwoDigitYearBase + c.take_number(2);
        t.month = c.take_number(2);
        t.day = c.take_number(2);
        return true;
    case 5:
        t.year = kTwoDigitYearBase + c.take_number(2);
        return set_ordinal_day(t, c.take_number(3));
    case 2:
        t.year = kTwoDigitYearBase + c.take_number(2);
        if (!c.skip('-')) return false;
        if (c.digit_run() == 3) return set_ordinal_day(t, c.take_number(3));
        if (c.digit_run() != 2) return false;
        t.month = c.take_number(2);
        if (!c.skip('-') || c.digit_run() != 2) return false;
        t.day = c.take_number(2);
        return true;
    default:
        return false;
    }
}

// A decimal fraction of the last time field; feeds carry no more than seconds.
void skip_fraction(Cursor& c) {
    if ((c.peek() == '.' || c.peek() == ',') && is_digit(c.peek(1))) {
        c.skip_either('.', ',');
        while (is_digit(c.peek())) c.skip(c.peek());
    }
}

bool read_time(Cursor& c, LocalTime& t) {
    const std::size_t run = c.digit_run();
    if (run == 4 || run == 6) {
        t.hour = c.take_number(2);
        t.minute = c.take_number(2);
        if (run == 6) t.second = c.take_number(2);
    } else if (run == 1 || run == 2) {
        t.hour = c.take_number(run);
        if (c.skip(':')) {
            const std::size_t minute_run = c.digit_run();
            if (minute_run < 1 || minute_run > 2) return false;
            t.minute = c.take_number(minute_run);
            if (c.skip(':')) {
                const std::size_t second_run = c.digit_run();
                if (second_run < 1 || second_run > 2) return false;
                t.second = c.take_number(second_run);
            }
        }
    } else {
        return false;
    }
    skip_fraction(c);
    // 24:00:00 is the end of the day (ISO 8601) and second 60 a leap second
    // (RFC 3339); both roll over into what follows, as feedparser rolls them.
    const bool end_of_day = t.hour == 24 && t.minute == 0 && t.second == 0;
    return (t.hour <= 23 || end_of_day) && t.minute <= 59 && t.second <= 60;
}

}  // namespace

std::optional<std::int64_t> parse_iso8601_family(std::string_view text) {
    Cursor c(text);
    LocalTime t;
    if (!read_date(c, t)) return std::nullopt;
    if (c.at_end()) return epoch_seconds(t);
    if (!c.skip_either('T', 't') && c.skip_spaces() == 0) return std::nullopt;
    if (!read_time(c, t)) return std::nullopt;
    c.skip_spaces();
    if (!c.at_end()) {
        const std::optional<int> offset = zone_offset(c.take_token());
        if (!offset) return std::nullopt;
        t.utc_offset = *offset;
    }
    return epoch_seconds(t);
}

}  // namespace clipfeed::date_parts
