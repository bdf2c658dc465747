// When to poll a feed next: the polite interval, never earlier than the feed
// or its server allows, and exponential backoff with jitter after failures.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace clipfeed {

struct ScheduleSettings {
    std::int64_t default_interval = 60 * 60;  // seconds, for feeds without their own
    std::int64_t min_interval = 5 * 60;       // the floor: never more often than this
    std::int64_t max_backoff = 24 * 60 * 60;  // failures never push a poll further than this
    double jitter = 0.1;                      // backoff delays vary by +-10%, so failed feeds spread out
};

// What the last successful response and document said about polling.
struct PollHints {
    std::optional<std::int64_t> interval;        // the feed's own setting (the host's), seconds
    std::optional<int> ttl_minutes;              // RSS <ttl>
    std::optional<std::int64_t> update_period;   // sy:updatePeriod / sy:updateFrequency, seconds
    std::optional<std::int64_t> max_age;         // Cache-Control: max-age, seconds
    std::optional<std::int64_t> expires;         // Expires, Unix time
    std::optional<std::int64_t> retry_after;     // Retry-After, seconds
    std::vector<int> skip_hours;                 // 0-23, UTC
    std::vector<int> skip_days;                  // 0 = Sunday
};

// The next poll after a successful one at `now`: the interval (the feed's own
// or the default, at least the floor), stretched to what ttl, sy:update*,
// max-age, Expires and Retry-After ask for, then moved out of skipped hours
// and days.
std::int64_t next_poll_after_success(std::int64_t now, const PollHints& hints, const ScheduleSettings& settings);

// The next poll after the `failures`-th failure in a row (1 for the first):
// the interval doubled per failure, jittered by `unit_random` in [0, 1), capped
// at max_backoff, and never before Retry-After.
std::int64_t next_poll_after_failure(std::int64_t now, int failures, const PollHints& hints,
                                     const ScheduleSettings& settings, double unit_random);

// The first time at or after `t` outside the skipped hours and days (UTC).
std::int64_t outside_skipped(std::int64_t t, const std::vector<int>& skip_hours, const std::vector<int>& skip_days);

}  // namespace clipfeed
