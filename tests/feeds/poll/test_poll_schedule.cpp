// The polling schedule, with days of clock time computed in microseconds.
#include <catch2/catch.hpp>

#include "feeds/poll/poll_schedule.hpp"

using namespace clipfeed;

namespace {

// 2026-11-23 (a Monday) 10:00:00 UTC.
constexpr std::int64_t kMonday10 = 1795341600 + 86400;
constexpr std::int64_t kHour = 3600;

}  // namespace

TEST_CASE("By default a feed is polled every 60 minutes, never more often than the floor", "[poll][schedule]") {
    ScheduleSettings s;
    PollHints none;
    CHECK(next_poll_after_success(kMonday10, none, s) == kMonday10 + 3600);

    PollHints eager;
    eager.interval = 30;  // the host asked for every 30 s
    s.min_interval = 600;
    CHECK(next_poll_after_success(kMonday10, eager, s) == kMonday10 + 600);
    eager.interval = 7200;
    CHECK(next_poll_after_success(kMonday10, eager, s) == kMonday10 + 7200);
}

TEST_CASE("RSS ttl and sy:updatePeriod/Frequency stretch the interval, never shorten it", "[poll][schedule]") {
    ScheduleSettings s;
    PollHints h;
    h.ttl_minutes = 180;
    CHECK(next_poll_after_success(kMonday10, h, s) == kMonday10 + 3 * kHour);
    h.ttl_minutes = 5;  // shorter than the interval: the interval stands
    CHECK(next_poll_after_success(kMonday10, h, s) == kMonday10 + kHour);

    PollHints sy;
    sy.update_period = 86400 / 2;  // daily, twice
    CHECK(next_poll_after_success(kMonday10, sy, s) == kMonday10 + 12 * kHour);
}

TEST_CASE("Cache-Control max-age, Expires and Retry-After push the next poll later", "[poll][schedule]") {
    ScheduleSettings s;
    PollHints h;
    h.max_age = 2 * kHour;
    CHECK(next_poll_after_success(kMonday10, h, s) == kMonday10 + 2 * kHour);
    h.expires = kMonday10 + 5 * kHour;
    CHECK(next_poll_after_success(kMonday10, h, s) == kMonday10 + 5 * kHour);
    h.retry_after = 8 * kHour;
    CHECK(next_poll_after_success(kMonday10, h, s) == kMonday10 + 8 * kHour);
    PollHints expired;
    expired.expires = kMonday10 - kHour;  // already past: no effect
    CHECK(next_poll_after_success(kMonday10, expired, s) == kMonday10 + kHour);
}

TEST_CASE("skipHours and skipDays move the poll to the next allowed hour", "[poll][schedule]") {
    ScheduleSettings s;
    PollHints h;
    h.skip_hours = {11, 12, 13};
    // 10:00 + 1 h = 11:00, skipped until 14:00.
    CHECK(next_poll_after_success(kMonday10, h, s) == kMonday10 + 4 * kHour);

    PollHints weekend;
    weekend.skip_days = {0, 6};  // Sunday, Saturday
    const std::int64_t friday_2330 = kMonday10 + 4 * 86400 + 13 * kHour + 1800;
    // +1 h is Saturday 00:30: skipped to Monday 00:00.
    CHECK(next_poll_after_success(friday_2330, weekend, s) == kMonday10 + 7 * 86400 - 10 * kHour);
    CHECK(outside_skipped(kMonday10, {}, {}) == kMonday10);
    std::vector<int> all_hours;
    for (int i = 0; i < 24; ++i) all_hours.push_back(i);
    CHECK(outside_skipped(kMonday10, all_hours, {}) == kMonday10);  // nonsense: ignored
}

TEST_CASE("Failures back off exponentially with jitter, up to a cap of 24 hours", "[poll][schedule]") {
    ScheduleSettings s;
    PollHints h;
    const double no_jitter = 0.5;  // the middle of [0, 1): jitter factor 1.0
    CHECK(next_poll_after_failure(kMonday10, 1, h, s, no_jitter) == kMonday10 + kHour);
    CHECK(next_poll_after_failure(kMonday10, 2, h, s, no_jitter) == kMonday10 + 2 * kHour);
    CHECK(next_poll_after_failure(kMonday10, 4, h, s, no_jitter) == kMonday10 + 8 * kHour);
    CHECK(next_poll_after_failure(kMonday10, 6, h, s, no_jitter) == kMonday10 + 24 * kHour);
    CHECK(next_poll_after_failure(kMonday10, 60, h, s, no_jitter) == kMonday10 + 24 * kHour);
    CHECK(next_poll_after_failure(kMonday10, 1000, h, s, 0.99) == kMonday10 + 24 * kHour);

    // Jitter spreads retries by +-10%.
    const std::int64_t low = next_poll_after_failure(kMonday10, 3, h, s, 0.0) - kMonday10;
    const std::int64_t high = next_poll_after_failure(kMonday10, 3, h, s, 0.999) - kMonday10;
    CHECK(low == static_cast<std::int64_t>(4 * kHour * 0.9));
    CHECK(high > 4 * kHour);
    CHECK(high <= static_cast<std::int64_t>(4 * kHour * 1.1));

    // A server's Retry-After is respected even past the cap.
    h.retry_after = 2 * 86400;
    CHECK(next_poll_after_failure(kMonday10, 1, h, s, no_jitter) == kMonday10 + 2 * 86400);
}
