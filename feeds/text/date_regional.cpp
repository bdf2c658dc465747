// The non-English dates feedparser knows: Greek and Hungarian month (and Greek
// weekday) names, which the RFC 822 and ISO 8601 readers look up here, and the
// two Korean blog formats, read here whole. Text is UTF-8 (this file too).
//
// In feedparser itself the Hungarian and Korean readers never get a turn: its
// ISO 8601 reader runs first and takes "2004-július-13T9:15-05:00" for 2004 and
// today's month. We read them as their own readers (and feedparser's tests)
// intend.
#include "feeds/text/date_parts.hpp"

namespace clipfeed::date_parts {

namespace {

struct MonthName {
    std::string_view name;
    int month;
};

// feedparser's table (greek.py): several spellings per month, matched exactly.
constexpr MonthName kGreekMonths[] = {
    {"Ιαν", 1},  {"Φεβ", 2},  {"Μάώ", 3},  {"Μαώ", 3},  {"Απρ", 4}, {"Μάι", 5}, {"Μαϊ", 5},
    {"Μαι", 5},  {"Ιούν", 6}, {"Ιον", 6},  {"Ιούλ", 7}, {"Ιολ", 7}, {"Αύγ", 8}, {"Αυγ", 8},
    {"Σεπ", 9},  {"Οκτ", 10}, {"Νοέ", 11}, {"Νοε", 11}, {"Δεκ", 12},
};

constexpr std::string_view kGreekWeekdays[] = {"Κυρ", "Δευ", "Τρι", "Τετ", "Πεμ", "Παρ", "Σαβ"};

// The Hungarian names, plus feedparser's two misspellings ("februári", "máujus").
constexpr MonthName kHungarianMonths[] = {
    {"január", 1},    {"február", 2},  {"februári", 2}, {"március", 3}, {"április", 4},
    {"május", 5},     {"máujus", 5},   {"június", 6},   {"július", 7},  {"augusztus", 8},
    {"szeptember", 9}, {"október", 10}, {"november", 11}, {"december", 12},
};

constexpr int kKoreaUtcOffset = 9 * 3600;  // KST, the zone both Korean formats imply

// "hh:mm:ss" with one- or two-digit fields.
bool read_korean_clock(Cursor& c, LocalTime& t) {
    int* const fields[3] = {&t.hour, &t.minute, &t.second};
    for (int i = 0; i < 3; ++i) {
        if (i > 0 && !c.skip(':')) return false;
        const std::size_t run = c.digit_run();
        if (run < 1 || run > 2) return false;
        *fields[i] = c.take_number(run);
    }
    return true;
}

bool read_two_digits(Cursor& c, int& value) {
    if (c.digit_run() != 2) return false;
    value = c.take_number(2);
    return true;
}

// OnBlog: "2004년 05월 28일  01:31:15".
bool read_onblog(Cursor& c, LocalTime& t) {
    if (c.digit_run() != 4) return false;
    t.year = c.take_number(4);
    return c.skip_text("년") && c.skip_spaces() > 0 && read_two_digits(c, t.month) &&
           c.skip_text("월") && c.skip_spaces() > 0 && read_two_digits(c, t.day) &&
           c.skip_text("일") && c.skip_spaces() > 0 && read_korean_clock(c, t);
}

// Nate: "2004-05-25 오후 11:23:17", with 오전 (AM) or 오후 (PM) on a 12-hour clock.
// feedparser adds 12 to every PM hour and none to AM ones, so that "오후 12:30"
// (half past noon) fails and "오전 12:30" comes out as noon; we read the clock
// the usual way.
bool read_nate(Cursor& c, LocalTime& t) {
    if (c.digit_run() != 4) return false;
    t.year = c.take_number(4);
    if (!c.skip('-') || !read_two_digits(c, t.month) || !c.skip('-') || !read_two_digits(c, t.day) ||
        c.skip_spaces() == 0) {
        return false;
    }
    const bool pm = c.skip_text("오후");
    if (!pm && !c.skip_text("오전")) return false;
    if (c.skip_spaces() == 0 || !read_korean_clock(c, t) || t.hour > 12) return false;
    if (t.hour == 12) t.hour = 0;
    if (pm) t.hour += 12;
    return true;
}

}  // namespace

int greek_month(std::string_view token) {
    for (const MonthName& m : kGreekMonths) {
        if (token == m.name) return m.month;
    }
    return 0;
}

bool is_greek_weekday(std::string_view token) {
    for (std::string_view day : kGreekWeekdays) {
        if (token == day) return true;
    }
    return false;
}

int hungarian_month(std::string_view name) {
    for (const MonthName& m : kHungarianMonths) {
        if (name == m.name) return m.month;
    }
    return 0;
}

std::optional<std::int64_t> parse_korean(std::string_view text) {
    for (bool (*read)(Cursor&, LocalTime&) : {read_onblog, read_nate}) {
        Cursor c(text);
        LocalTime t;
        if (read(c, t) && c.at_end() && t.hour <= 23 && t.minute <= 59 && t.second <= 59) {
            t.utc_offset = kKoreaUtcOffset;
            return epoch_seconds(t);
        }
    }
    return std::nullopt;
}

}  // namespace clipfeed::date_parts
