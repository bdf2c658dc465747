// Internal pieces shared by the date parsers in feeds/date_*.cpp: character
// tests, a read cursor, calendar arithmetic, time-zone offsets, and the entry
// point of each format family. Not part of clipfeed's interface (that is
// feeds/text/dates.hpp). Nothing here allocates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "feeds/text/ascii.hpp"

namespace clipfeed::date_parts {

// ---------------------------------------------------------------------------
// Characters. ASCII only, on purpose: <cctype> and std::tolower consult the
// C locale, and date syntax is ASCII whatever the locale says.

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
// The first byte of a UTF-8 multi-byte character (Greek, Hungarian or Korean names).
inline bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

std::string_view trim_spaces(std::string_view text);

// Value of a string of 1..9 ASCII digits, or nullopt for anything else.
std::optional<int> digits_value(std::string_view text);

// A read position in a string. Each read consumes what it matched, or nothing.
class Cursor {
public:
    explicit Cursor(std::string_view text) : text_(text) {}

    bool at_end() const { return pos_ >= text_.size(); }
    char peek(std::size_t ahead = 0) const {
        return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
    }
    std::string_view rest() const { return text_.substr(pos_); }

    bool skip(char c) {
        if (at_end() || text_[pos_] != c) return false;
        ++pos_;
        return true;
    }
    bool skip_either(char a, char b) { return skip(a) || skip(b); }
    bool skip_text(std::string_view exact) {
        if (text_.substr(pos_, exact.size()) != exact) return false;
        pos_ += exact.size();
        return true;
    }
    std::size_t skip_spaces() {
        const std::size_t start = pos_;
        while (!at_end() && is_space(text_[pos_])) ++pos_;
        return pos_ - start;
    }
    // Length of the run of digits at the cursor (nothing is consumed).
    std::size_t digit_run() const {
        std::size_t n = 0;
        while (pos_ + n < text_.size() && is_digit(text_[pos_ + n])) ++n;
        return n;
    }
    // Consumes exactly `count` digits (the caller has checked they are there).
    int take_number(std::size_t count) {
        int value = 0;
        for (std::size_t i = 0; i < count; ++i) value = value * 10 + (text_[pos_++] - '0');
        return value;
    }
    // Consumes and returns everything up to the next white space or the end.
    std::string_view take_token() {
        const std::size_t start = pos_;
        while (!at_end() && !is_space(text_[pos_])) ++pos_;
        return text_.substr(start, pos_ - start);
    }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

// ---------------------------------------------------------------------------
// Calendar arithmetic on the proleptic Gregorian calendar, written out here
// rather than with timegm/mktime: those read TZ and the process environment,
// and mktime also "normalises" impossible dates instead of refusing them.

constexpr std::int64_t kSecondsPerDay = 86400;
constexpr std::int64_t kFirstSupportedSecond = -62135596800;  // 0001-01-01T00:00:00Z
constexpr std::int64_t kLastSupportedSecond = 253402300799;   // 9999-12-31T23:59:59Z

bool is_leap_year(std::int64_t year);
int days_in_month(std::int64_t year, int month);  // month 1..12
// Days since 1970-01-01 of a valid date (negative before it).
std::int64_t days_from_civil(std::int64_t year, int month, int day);

struct CivilDate {
    std::int64_t year;
    int month;  // 1..12
    int day;    // 1..31
};
CivilDate civil_from_days(std::int64_t days_since_epoch);

// A date and time as written, with the offset of its zone. Fields are not
// checked when they are read; epoch_seconds checks the date, and each format
// family checks the time against its own rules (ISO 8601 allows 24:00:00 and
// second 60, RFC 822 as feedparser reads it does not).
struct LocalTime {
    int year = 0;
    int month = 1;
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int utc_offset = 0;  // seconds east of UTC
};

// Seconds since the epoch for `t`, or nullopt when its date is not a calendar
// date of years 1..9999 or the UTC result falls outside those years.
std::optional<std::int64_t> epoch_seconds(const LocalTime& t);

// Seconds east of UTC for a zone as feeds write it: "Z", "GMT", "EST", "+0100",
// "-05:00", "+2", "GMT+2", "UTC-03:30", "Etc/GMT", "(UTC)". Names feedparser
// does not know count as UTC, as feedparser counts them; a malformed number
// ("+zz:00", "+100", "+25:00") gives nullopt.
std::optional<int> zone_offset(std::string_view token);

// ---------------------------------------------------------------------------
// Format families. Each takes text already trimmed of surrounding white space.

// RFC 822/1123/2822 and their broken variants, asctime, Perforce, Greek.
std::optional<std::int64_t> parse_rfc822_family(std::string_view text);
// W3C-DTF, RFC 3339, ISO 8601 (also compact and partial forms), MSSQL, Hungarian.
std::optional<std::int64_t> parse_iso8601_family(std::string_view text);
// The two Korean blog formats feedparser knows (OnBlog and Nate), Korean time.
std::optional<std::int64_t> parse_korean(std::string_view text);

// Month (1..12) or 0 for the Greek month abbreviations feedparser knows.
int greek_month(std::string_view token);
bool is_greek_weekday(std::string_view token);
// Month (1..12) or 0 for a lower-case Hungarian month name.
int hungarian_month(std::string_view name);

}  // namespace clipfeed::date_parts
