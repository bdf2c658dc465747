#include "feeds/poll/poll_schedule.hpp"

#include <algorithm>
#include <cmath>

namespace clipfeed {

namespace {

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 24 * kHour;

std::int64_t base_interval(const PollHints& hints, const ScheduleSettings& settings) {
    std::int64_t interval = hints.interval ? *hints.interval : settings.default_interval;
    return std::max(interval, settings.min_interval);
}

bool contains(const std::vector<int>& list, int value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// Hour of the day (0-23) and day of the week (0 = Sunday) of a Unix time, UTC.
int hour_of(std::int64_t t) { return static_cast<int>(((t % kDay) + kDay) % kDay / kHour); }
int weekday_of(std::int64_t t) {
    std::int64_t days = t >= 0 ? t / kDay : (t - kDay + 1) / kDay;
    return static_cast<int>(((days + 4) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
}

}  // namespace

std::int64_t outside_skipped(std::int64_t t, const std::vector<int>& skip_hours, const std::vector<int>& skip_days) {
    if (skip_hours.size() >= 24 || skip_days.size() >= 7) return t;  // every hour skipped: the feed can't mean it
    // At most a week of hours to look through.
    for (int step = 0; step < 24 * 8; ++step) {
        bool skipped_day = contains(skip_days, weekday_of(t));
        bool skipped_hour = contains(skip_hours, hour_of(t));
        if (!skipped_day && !skipped_hour) return t;
        std::int64_t next_hour = t - ((t % kHour) + kHour) % kHour + kHour;  // the start of the next hour
        t = next_hour;
    }
    return t;
}

std::int64_t next_poll_after_success(std::int64_t now, const PollHints& hints, const ScheduleSettings& settings) {
    std::int64_t wait = base_interval(hints, settings);
    if (hints.ttl_minutes) wait = std::max(wait, static_cast<std::int64_t>(*hints.ttl_minutes) * 60);
    if (hints.update_period) wait = std::max(wait, *hints.update_period);
    if (hints.max_age) wait = std::max(wait, *hints.max_age);
    if (hints.retry_after) wait = std::max(wait, *hints.retry_after);
    std::int64_t next = now + wait;
    if (hints.expires && *hints.expires > next) next = *hints.expires;
    return outside_skipped(next, hints.skip_hours, hints.skip_days);
}

std::int64_t next_poll_after_failure(std::int64_t now, int failures, const PollHints& hints,
                                     const ScheduleSettings& settings, double unit_random) {
    const std::int64_t interval = base_interval(hints, settings);
    // interval * 2^(failures-1), computed without overflowing.
    double delay = static_cast<double>(interval) * std::pow(2.0, std::max(0, failures - 1));
    delay *= 1.0 + settings.jitter * (2.0 * unit_random - 1.0);
    delay = std::min(delay, static_cast<double>(settings.max_backoff));
    std::int64_t wait = std::max<std::int64_t>(static_cast<std::int64_t>(delay), settings.min_interval);
    wait = std::min(wait, std::max(settings.max_backoff, settings.min_interval));
    if (hints.retry_after) wait = std::max(wait, *hints.retry_after);
    return now + wait;
}

}  // namespace clipfeed
