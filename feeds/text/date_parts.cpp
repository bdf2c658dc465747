// Shared pieces of the date parsers: text helpers, calendar arithmetic and
// time-zone offsets (see date_parts.hpp).
#include "feeds/text/date_parts.hpp"

namespace clipfeed::date_parts {

std::string_view trim_spaces(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

std::optional<int> digits_value(std::string_view text) {
    if (text.empty() || text.size() > 9) return std::nullopt;
    int value = 0;
    for (char c : text) {
        if (!is_digit(c)) return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

// ---------------------------------------------------------------------------
// Calendar

bool is_leap_year(std::int64_t year) {
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int days_in_month(std::int64_t year, int month) {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap_year(year)) return 29;
    return kDays[month - 1];
}

// Both conversions count years from 1 March, so that the leap day is the last
// day of its year and every month before it has a fixed length. 400 Gregorian
// years ("an era") are exactly 146097 days; 1970-01-01 is day 719468 counted
// from 0000-03-01.
namespace {
constexpr std::int64_t kDaysPerEra = 146097;
constexpr std::int64_t kEpochDayFromYearZeroMarch = 719468;

// Floor division for the era, so dates before year 0 land in the era below.
std::int64_t era_of(std::int64_t value, std::int64_t era_length) {
    return (value >= 0 ? value : value - (era_length - 1)) / era_length;
}
}  // namespace

std::int64_t days_from_civil(std::int64_t year, int month, int day) {
    const std::int64_t march_year = month <= 2 ? year - 1 : year;
    const std::int64_t era = era_of(march_year, 400);
    const std::int64_t year_of_era = march_year - era * 400;                  // 0..399
    const int march_month = month > 2 ? month - 3 : month + 9;                // 0 = March
    const std::int64_t day_of_year = (153 * march_month + 2) / 5 + day - 1;  // 0..365
    const std::int64_t day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * kDaysPerEra + day_of_era - kEpochDayFromYearZeroMarch;
}

CivilDate civil_from_days(std::int64_t days_since_epoch) {
    const std::int64_t days = days_since_epoch + kEpochDayFromYearZeroMarch;
    const std::int64_t era = era_of(days, kDaysPerEra);
    const std::int64_t day_of_era = days - era * kDaysPerEra;  // 0..146096
    // Take out the leap days (every 4th year, not every 100th, every 400th)
    // to find the year within the era.
    const std::int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / (kDaysPerEra - 1)) / 365;
    const std::int64_t day_of_year =
        day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);  // 0..365
    const int march_month = static_cast<int>((5 * day_of_year + 2) / 153);    // 0..11
    const int day = static_cast<int>(day_of_year - (153 * march_month + 2) / 5 + 1);
    const int month = march_month < 10 ? march_month + 3 : march_month - 9;
    const std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
    return CivilDate{year, month, day};
}

std::optional<std::int64_t> epoch_seconds(const LocalTime& t) {
    if (t.year < 1 || t.year > 9999 || t.month < 1 || t.month > 12) return std::nullopt;
    if (t.day < 1 || t.day > days_in_month(t.year, t.month)) return std::nullopt;
    const std::int64_t seconds = days_from_civil(t.year, t.month, t.day) * kSecondsPerDay +
                                 std::int64_t{t.hour} * 3600 + t.minute * 60 + t.second -
                                 t.utc_offset;
    if (seconds < kFirstSupportedSecond || seconds > kLastSupportedSecond) return std::nullopt;
    return seconds;
}

// ---------------------------------------------------------------------------
// Time zones

namespace {

struct NamedZone {
    std::string_view name;  // lower case
    int hours_east;
};

// feedparser's table (rfc822.py), which RFC 822 section 5 mostly is. The
// military letters keep RFC 822's signs (A = -1, N = +1, M = -12, Y = +12),
// which run opposite to military use; RFC 1123 says so, and feedparser and
// we keep them anyway. Other single letters are unknown, hence UTC.
constexpr NamedZone kNamedZones[] = {
    {"ut", 0},   {"utc", 0},  {"gmt", 0},  {"z", 0},    {"adt", -3}, {"ast", -4}, {"at", -4},
    {"edt", -4}, {"est", -5}, {"et", -5},  {"cdt", -5}, {"cst", -6}, {"ct", -6},  {"mdt", -6},
    {"mst", -7}, {"mt", -7},  {"pdt", -7}, {"pst", -8}, {"pt", -8},  {"a", -1},   {"n", 1},
    {"m", -12},  {"y", 12},   {"met", 1},  {"mest", 2},
};

// "+h", "+hh", "+hhmm", "+h:mm", "+hh:mm" (or "-"). Hours 0..23, minutes 0..59.
std::optional<int> numeric_offset(std::string_view text) {
    const int sign = text.front() == '-' ? -1 : 1;
    text.remove_prefix(1);
    std::size_t hour_digits = 0;
    while (hour_digits < text.size() && is_digit(text[hour_digits])) ++hour_digits;
    std::optional<int> hours, minutes = 0;
    if (hour_digits == 4) {
        if (text.size() != 4) return std::nullopt;
        hours = digits_value(text.substr(0, 2));
        minutes = digits_value(text.substr(2, 2));
    } else if (hour_digits == 1 || hour_digits == 2) {
        hours = digits_value(text.substr(0, hour_digits));
        if (text.size() > hour_digits) {
            if (text[hour_digits] != ':' || text.size() != hour_digits + 3) return std::nullopt;
            minutes = digits_value(text.substr(hour_digits + 1));
        }
    } else {
        // No digits, or three ("+100": feedparser reads ten hours; nobody means that).
        return std::nullopt;
    }
    if (!hours || !minutes || *hours > 23 || *minutes > 59) return std::nullopt;
    return sign * (*hours * 3600 + *minutes * 60);
}

// Letters, possibly with the '/', '_' and '-' of tz database names ("Europe/Paris").
bool looks_like_zone_name(std::string_view text) {
    if (text.empty() || !is_ascii_letter(text.front())) return false;
    for (char c : text) {
        if (!is_ascii_letter(c) && c != '/' && c != '_' && c != '-') return false;
    }
    return true;
}

}  // namespace

std::optional<int> zone_offset(std::string_view token) {
    if (token.size() >= 2 && token.front() == '(' && token.back() == ')') {
        token = token.substr(1, token.size() - 2);
    }
    if (!token.empty() && token.back() == '.') token.remove_suffix(1);
    if (ascii_starts_with_lowercase(token, "etc/")) {
        token.remove_prefix(4);
        // In the tz database "Etc/GMT+5" is five hours *behind* UTC (the POSIX
        // sign). feedparser refuses these; guessing either sign would be wrong
        // half the time, so refuse them too.
        if (ascii_starts_with_lowercase(token, "gmt") && token.size() > 3) return std::nullopt;
    }
    if (token.empty()) return std::nullopt;
    if (token.front() == '+' || token.front() == '-') return numeric_offset(token);
    // "GMT+2", "GMT-05:00", "UTC+0530", "UT-3".
    for (std::string_view prefix : {std::string_view("gmt"), std::string_view("utc"), std::string_view("ut")}) {
        if (ascii_starts_with_lowercase(token, prefix) && token.size() > prefix.size() &&
            (token[prefix.size()] == '+' || token[prefix.size()] == '-')) {
            return numeric_offset(token.substr(prefix.size()));
        }
    }
    if (!looks_like_zone_name(token)) return std::nullopt;
    for (const NamedZone& zone : kNamedZones) {
        if (ascii_iequals(token, zone.name)) return zone.hours_east * 3600;
    }
    return 0;  // An unknown name ("CET", "Europe/Paris"): UTC, as in feedparser.
}

}  // namespace clipfeed::date_parts
