// The poller against a loopback server, with a clock the test moves by hand.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <pthread.h>
#include <sqlite3.h>
#include <unistd.h>

#include "feeds/text/content_hash.hpp"
#include "feeds/poll/pg_connection.hpp"
#include "feeds/poll/poller.hpp"
#include "support/loopback_http_server.hpp"
#include "support/pg_test_database.hpp"
#include "support/pg_test_report.hpp"

using namespace clipfeed;
using clipfeed::testing::Connection;
using clipfeed::testing::HttpRequest;
using clipfeed::testing::LoopbackHttpServer;
namespace fs = std::filesystem;
using clipfeed::testing::postgres_missing;

namespace {

constexpr std::int64_t kStart = 1795341600;  // 2026-11-22T10:00:00Z

std::string rss(const std::vector<std::pair<std::string, std::string>>& items, const std::string& extra = "") {
    std::string out = "<rss version=\"2.0\"><channel><title>Polled</title>" + extra;
    for (const auto& [guid, title] : items)
        out += "<item><guid isPermaLink=\"false\">" + guid + "</guid><title>" + title + "</title></item>";
    return out + "</channel></rss>";
}

// A feed the test can change between polls, served with an ETag.
struct ServedFeed {
    std::mutex mutex;
    std::string body;
    int version = 1;

    void set(std::string b) {
        std::lock_guard<std::mutex> lock(mutex);
        body = std::move(b);
        ++version;
    }
    void serve(const HttpRequest& request, Connection& c) {
        std::lock_guard<std::mutex> lock(mutex);
        std::string etag = "\"v" + std::to_string(version) + "\"";
        if (request.header("If-None-Match") == etag) return (void)c.respond(304, {{"ETag", etag}}, "");
        c.respond(200, {{"Content-Type", "application/rss+xml"}, {"ETag", etag}}, body);
    }
};

struct Recorder {
    std::vector<std::string> new_titles;
    std::vector<std::string> updated_titles;
    std::vector<std::string> errors;
    std::vector<std::pair<std::string, std::string>> moves;
    std::vector<std::string> gone;
    int refuse_next = 0;  // refuse this many deliveries

    PollerCallbacks callbacks() {
        PollerCallbacks c;
        c.new_item = [this](const PolledFeed&, const Feed*, const Item& item) {
            if (refuse_next > 0) {
                --refuse_next;
                return false;
            }
            new_titles.push_back(item.title ? std::string(*item.title) : "");
            return true;
        };
        c.updated_item = [this](const PolledFeed&, const Feed*, const Item& item) {
            updated_titles.push_back(item.title ? std::string(*item.title) : "");
            return true;
        };
        c.feed_error = [this](const PolledFeed&, FetchError, const std::string& message) { errors.push_back(message); };
        c.feed_moved = [this](const PolledFeed& old, const std::string& to) { moves.emplace_back(old.url, to); };
        c.feed_gone = [this](const PolledFeed& f) { gone.push_back(f.url); };
        return c;
    }
};

PollerOptions test_options() {
    PollerOptions o;
    o.fetch.proxy = "";
    o.fetch.total_timeout_ms = 10000;
    return o;
}

// The store a [store] test runs against: each runs once per store.
enum class Store { sqlite, postgres };

// One test's state: SQLite in memory (or in a file of its own, for tests of
// restarts), or a new database of its own on the test PostgreSQL server.
class TestState {
public:
    explicit TestState(Store store, bool file = false) : store_(store) {
        if (store == Store::postgres) {
            location_ = clipfeed::testing::new_test_database(skip_reason_);
        } else if (file) {
            location_ = (fs::temp_directory_path() /
                         ("clipfeed-poller-" + std::to_string(::getpid()) + "-" + std::to_string(++counter_) + ".db"))
                            .string();
            remove_files(location_);
        }
    }
    ~TestState() {
        if (store_ == Store::sqlite && !location_.empty()) remove_files(location_);
    }
    // False (with the reason as a warning) when the PostgreSQL test server is absent; a failure
    // where every real program must run (CLIPFEED_REQUIRE_READERS=1: ./dev.sh test, so CI).
    bool available() const { return skip_reason_.empty() || !postgres_missing(skip_reason_); }
    const std::string& location() const { return location_; }
    std::unique_ptr<PollState> open() const {
        std::string error;
        auto state = PollState::open(location_, error);
        INFO(error);
        REQUIRE(state);
        return state;
    }
    static void remove_files(const std::string& path) {
        for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
    }

private:
    Store store_;
    std::string location_;  // "": SQLite in memory
    std::string skip_reason_;
    static inline int counter_ = 0;
};

const char* store_name(Store store) { return store == Store::sqlite ? "SQLite" : "PostgreSQL"; }

#define STORE_UNDER_TEST(state, file)                                            \
    const Store store = GENERATE(Store::sqlite, Store::postgres);              \
    INFO("store: " << store_name(store));                                      \
    TestState state(store, file);                                   \
    if (!state.available()) return

}  // namespace

TEST_CASE("New items are delivered once, changed items come again as updates", "[poll][store]") {
    STORE_UNDER_TEST(test_state, false);
    LoopbackHttpServer server;
    ServedFeed feed;
    feed.set(rss({{"a", "Alpha"}, {"b", "Beta"}}));
    server.route("/feed", [&](const HttpRequest& r, Connection& c) { feed.serve(r, c); });
    std::int64_t now = kStart;
    Recorder seen;
    Poller poller(test_state.open(), test_options(), seen.callbacks(), [&] { return now; });
    poller.add_feed(server.url("/feed"), "main");

    std::optional<std::int64_t> next = poller.run_due();
    CHECK(seen.new_titles == std::vector<std::string>{"Beta", "Alpha"});  // oldest (last listed) first
    REQUIRE(next);
    CHECK(*next == kStart + 3600);

    now = *next;  // nothing changed: a 304, nothing delivered
    poller.run_due();
    CHECK(seen.new_titles.size() == 2);
    CHECK(server.requests().back().header("If-None-Match") == "\"v2\"");

    feed.set(rss({{"c", "Gamma"}, {"a", "Alpha, corrected"}, {"b", "Beta"}}));
    now += 3600;
    poller.run_due();
    CHECK(seen.new_titles.back() == "Gamma");
    CHECK(seen.new_titles.size() == 3);
    CHECK(seen.updated_titles == std::vector<std::string>{"Alpha, corrected"});
}

TEST_CASE("An item whose callback fails is delivered again on the next poll", "[poll][store]") {
    STORE_UNDER_TEST(test_state, false);
    LoopbackHttpServer server;
    ServedFeed feed;
    feed.set(rss({{"a", "Alpha"}}));
    server.route("/feed", [&](const HttpRequest& r, Connection& c) { feed.serve(r, c); });
    std::int64_t now = kStart;
    Recorder seen;
    seen.refuse_next = 1;
    Poller poller(test_state.open(), test_options(), seen.callbacks(), [&] { return now; });
    poller.add_feed(server.url("/feed"));
    poller.run_due();
    CHECK(seen.new_titles.empty());
    now += 3600;
    poller.run_due();  // the feed answers 304, but the item is still owed
    CHECK(seen.new_titles == std::vector<std::string>{"Alpha"});
    now += 3600;
    poller.run_due();
    CHECK(seen.new_titles.size() == 1);
}

TEST_CASE("A refused item is delivered later even when the feed has dropped it", "[poll][store]") {
    STORE_UNDER_TEST(test_state, false);
    LoopbackHttpServer server;
    ServedFeed feed;
    feed.set(rss({{"a", "Alpha"}}));
    server.route("/feed", [&](const HttpRequest& r, Connection& c) { feed.serve(r, c); });
    std::int64_t now = kStart;
    Recorder seen;
    seen.refuse_next = 1;
    Poller poller(test_state.open(), test_options(), seen.callbacks(), [&] { return now; });
    poller.add_feed(server.url("/feed"));
    poller.run_due();
    feed.set(rss({{"z", "Zeta"}}));  // Alpha rotated out of the feed
    now += 3600;
    poller.run_due();
    CHECK(std::set<std::string>(seen.new_titles.begin(), seen.new_titles.end()) ==
          std::set<std::string>{"Alpha", "Zeta"});
}

TEST_CASE("A delivered item gone from its polled feed is remembered for the retention, forgotten within the hour after",
          "[poll][store]") {
    STORE_UNDER_TEST(test_state, false);
    LoopbackHttpServer server;
    ServedFeed feed;
    feed.set(rss({{"a", "Alpha"}}));
    server.route("/feed", [&](const HttpRequest& r, Connection& c) { feed.serve(r, c); });
    std::int64_t now = kStart;
    Recorder seen;
    PollerOptions options = test_options();
    options.schedule.default_interval = 600;  // a cycle every 10 minutes: pruning is checked at most once an hour
    options.schedule.min_interval = 60;
    options.retention = 2 * 3600;
    Poller poller(test_state.open(), options, seen.callbacks(), [&] { return now; });
    poller.add_feed(server.url("/feed"));
    poller.run_due();
    now += 600;
    feed.set(rss({{"b", "Beta"}}));  // Alpha left the feed now; last seen 600 s ago
    poller.run_due();
    REQUIRE(seen.new_titles == std::vector<std::string>{"Alpha", "Beta"});

    std::int64_t comes_back = 0;
    std::vector<std::string> expected{"Alpha", "Beta"};
    SECTION("within the retention: still remembered") {
        comes_back = kStart + 2 * 3600 - 600;
    }
    SECTION("an hour past the retention: forgotten, so new again") {
        comes_back = kStart + 3 * 3600 + 600;
        expected.push_back("Alpha");
    }
    while (now + 600 < comes_back) {  // 304s every 10 minutes
        now += 600;
        poller.run_due();
    }
    now = comes_back;
    feed.set(rss({{"a", "Alpha"}, {"b", "Beta"}}));
    poller.run_due();
    CHECK(seen.new_titles == expected);
}

TEST_CASE("The schedule follows ttl and backs off after failures, up to the cap", "[poll][store]") {
    STORE_UNDER_TEST(test_state, false);
    LoopbackHttpServer server;
    std::atomic<bool> broken{false};
    server.route("/feed", [&](const HttpRequest&, Connection& c) {
        if (broken) return (void)c.respond(500, {}, "down");
        c.respond(200, {{"Content-Type", "application/rss+xml"}}, rss({{"a", "A"}}, "<ttl>240</ttl>"));
    });
    std::int64_t now = kStart;
    Recorder seen;
    Poller poller(test_state.open(), test_options(), seen.callbacks(), [&] { return now; }, [] { return 0.5; });
    poller.add_feed(server.url("/feed"));
    CHECK(*poller.run_due() == now + 4 * 3600);  // ttl 240 minutes

    broken = true;
    std::vector<std::int64_t> waits;
    for (int i = 0; i < 8; ++i) {
        now = poller.feeds().at(0).next_poll;
        std::int64_t next = *poller.run_due();
        waits.push_back(next - now);
    }
    CHECK(waits == std::vector<std::int64_t>{3600, 7200, 14400, 28800, 57600, 86400, 86400, 86400});
    CHECK(seen.errors.size() == 8);
    CHECK(seen.errors.back().find("500") != std::string::npos);
    CHECK(poller.feeds().at(0).error_count == 8);

    broken = false;  // recovers: back to the normal schedule
    now = poller.feeds().at(0).next_poll;
    CHECK(*poller.run_due() == now + 4 * 3600);
    CHECK(poller.feeds().at(0).error_count == 0);
}

TEST_CASE("Every feed that answers 304 has its new schedule saved when a cycle has more than a batch of them",
          "[poll][store]") {
    STORE_UNDER_TEST(test_state, false);
    LoopbackHttpServer server;
    ServedFeed feed;
    feed.set(rss({{"a", "Alpha"}}));
    bool broken = false;
    server.route("/feed", [&](const HttpRequest& r, Connection& c) {
        if (broken) return (void)c.respond(500, {}, "down");
        feed.serve(r, c);
    });
    std::int64_t now = kStart;
    Recorder seen;
    Poller poller(test_state.open(), test_options(), seen.callbacks(), [&] { return now; }, [] { return 0.5; });
    constexpr int kFeeds = 300;  // the poller saves 304s 256 at a time
    for (int i = 0; i < kFeeds; ++i) poller.add_feed(server.url("/feed?n=" + std::to_string(i)));
    poller.run_due();  // 200s
    REQUIRE(seen.new_titles.size() == kFeeds);

    now += 3600;
    broken = true;
    poller.run_due();  // 500s: an error counted on each
    for (const clipfeed::StoredFeed& f : poller.feeds()) REQUIRE(f.error_count == 1);

    broken = false;
    for (const clipfeed::StoredFeed& f : poller.feeds()) now = std::max(now, f.next_poll);  // all due again
    std::optional<std::int64_t> next = poller.run_due();  // 304s
    CHECK(server.requests().back().header("If-None-Match") == "\"v2\"");
    REQUIRE(next);
    CHECK(*next == now + 3600);
    for (const clipfeed::StoredFeed& f : poller.feeds()) {
        INFO(f.url);
        REQUIRE(f.next_poll == now + 3600);
        REQUIRE(f.error_count == 0);
        REQUIRE(f.last_error.empty());
    }
    CHECK(seen.new_titles.size() == kFeeds);  // nothing delivered twice
}

TEST_CASE("A batch of 304s and failures records each feed's own schedule and error, and a removed feed costs the "
          "others nothing",
          "[poll][store]") {
    STORE_UNDER_TEST(test_state, false);
    auto state = test_state.open();
    std::vector<std::int64_t> ids;
    for (const char* name : {"a", "b", "c", "d", "e"})
        ids.push_back(state->add_feed(std::string("http://127.0.0.1:1/") + name, "", std::nullopt, kStart).id);
    state->record_schedules({{ids[1], kStart + 5, 1, "b: first failure"}});
    REQUIRE(state->remove_feed("http://127.0.0.1:1/c"));
    // A 304, a failure, the removed feed, a 304 after a failure, a failure,
    // and a feed twice (the later poll counts), all in one batch.
    state->record_schedules({{ids[0], kStart + 100, 0, ""},
                             {ids[1], kStart + 200, 2, "b: HTTP 500, 'quoted', \"and\" {braced}"},
                             {ids[2], kStart + 300, 0, ""},
                             {ids[3], kStart + 400, 7, "d: timed out"},
                             {ids[4], kStart + 500, 0, ""},
                             {ids[3], kStart + 600, 0, ""}});
    std::map<std::string, StoredFeed> by_name;
    for (const StoredFeed& f : state->feeds()) by_name[f.url.substr(f.url.size() - 1)] = f;
    REQUIRE(by_name.size() == 4);
    CHECK(by_name["a"].next_poll == kStart + 100);
    CHECK(by_name["a"].error_count == 0);
    CHECK(by_name["b"].next_poll == kStart + 200);
    CHECK(by_name["b"].error_count == 2);
    CHECK(by_name["b"].last_error == "b: HTTP 500, 'quoted', \"and\" {braced}");
    CHECK(by_name["d"].next_poll == kStart + 600);
    CHECK(by_name["d"].error_count == 0);
    CHECK(by_name["d"].last_error.empty());
    CHECK(by_name["e"].next_poll == kStart + 500);
    for (const auto& [name, f] : by_name) CHECK(f.etag.empty());  // validators are not a schedule's to change
}

TEST_CASE("A cycle of mixed 304s and failures saves each feed's own outcome, also when the store's connection "
          "breaks in the middle of it",
          "[poll][store]") {
    STORE_UNDER_TEST(test_state, false);
    // 300 feeds (the poller saves 304s and failures 256 at a time); in the
    // second cycle every third is down, the others answer 304.
    LoopbackHttpServer server;
    std::atomic<bool> some_down{false};
    server.route("/feed", [&](const HttpRequest& r, Connection& c) {
        const int n = std::stoi(r.query.substr(2));  // "n=..."
        if (some_down && n % 3 == 1) return (void)c.respond(500, {}, "down " + std::to_string(n));
        if (r.header("If-None-Match") == "\"v1\"") return (void)c.respond(304, {{"ETag", "\"v1\""}}, "");
        c.respond(200, {{"Content-Type", "application/rss+xml"}, {"ETag", "\"v1\""}},
                  rss({{"f" + std::to_string(n), "f" + std::to_string(n)}}));
    });
    std::int64_t now = kStart;
    Recorder seen;
    PollerCallbacks callbacks = seen.callbacks();
    int failures = 0;
    const bool break_connection = GENERATE(false, true);
    INFO("connection broken mid-cycle: " << break_connection);
    if (break_connection && store == Store::sqlite) return;  // a file has no connection to lose
    callbacks.feed_error = [&](const PolledFeed&, FetchError, const std::string& message) {
        seen.errors.push_back(message);
        // The server drops the poller's connection halfway through the
        // cycle: what was sent and not yet answered is sent again.
        if (++failures == 50 && break_connection)
            clipfeed::testing::run_sql(test_state.location(),
                                       "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                       "WHERE datname = current_database() AND pid <> pg_backend_pid()");
    };
    Poller poller(test_state.open(), test_options(), callbacks, [&] { return now; }, [] { return 0.5; });
    constexpr int kFeeds = 300;
    for (int i = 0; i < kFeeds; ++i) poller.add_feed(server.url("/feed?n=" + std::to_string(i)));
    poller.run_due();
    REQUIRE(seen.new_titles.size() == kFeeds);

    now += 3600;
    some_down = true;
    poller.run_due();
    // A claim the broken connection left unanswered holds its feeds until
    // the cycle ends: they are polled by the next one, now.
    poller.run_due();
    CHECK(failures == kFeeds / 3);
    for (const StoredFeed& f : poller.feeds()) {
        const int n = std::stoi(f.url.substr(f.url.find("n=") + 2));
        INFO(f.url);
        CHECK(f.etag == "\"v1\"");
        if (n % 3 == 1) {
            CHECK(f.error_count == 1);
            // Its own failure, not a neighbour's: the message ends with its URL.
            CHECK(f.last_error.size() > f.url.size());
            CHECK(f.last_error.rfind(" from " + f.url) == f.last_error.size() - f.url.size() - 6);
            CHECK(f.next_poll > now);
        } else {
            CHECK(f.error_count == 0);
            CHECK(f.last_error.empty());
            CHECK(f.next_poll == now + 3600);
        }
    }
    CHECK(seen.new_titles.size() == kFeeds);  // nothing delivered twice
}

TEST_CASE("Saves of polled feeds are batched, yet a crash between batches loses nothing and errors are per feed",
          "[poll][store]") {
    STORE_UNDER_TEST(test_state, true);
    // 80 feeds of 3 items (the poller saves fetches with a body 32 feeds per
    // transaction, at once when an item was refused); every tenth feed is down.
    // After the restart the feeds have dropped their oldest item, "-2".
    LoopbackHttpServer server;
    constexpr int kFeeds = 80;
    auto down = [](int n) { return n % 10 == 7; };
    std::atomic<bool> restarted{false};
    server.route("/feed", [&](const HttpRequest& r, Connection& c) {
        const int n = std::stoi(r.query.substr(2));  // "n=..."
        if (down(n)) return (void)c.respond(500, {}, "down");
        const std::string etag = restarted ? "\"v2\"" : "\"v1\"";
        if (r.header("If-None-Match") == etag) return (void)c.respond(304, {{"ETag", etag}}, "");
        const std::string f = "f" + std::to_string(n) + "-";
        if (restarted)
            c.respond(200, {{"Content-Type", "application/rss+xml"}, {"ETag", etag}},
                      rss({{f + "0", f + "0"}, {f + "1", f + "1"}}));
        else
            c.respond(200, {{"Content-Type", "application/rss+xml"}, {"ETag", etag}},
                      rss({{f + "0", f + "0"}, {f + "1", f + "1"}, {f + "2", f + "2"}}));
    });
    // The crash: the state as it is on disk at a feed's first offer (its
    // oldest item, "-2") from the 150th offer on, mid-cycle, copied aside;
    // what was delivered by then is all the host has. SQLite: the files;
    // PostgreSQL: what is committed, read over a second connection into a
    // second database.
    const fs::path path = test_state.location();
    TestState crashed_state(store, true);
    const fs::path crashed = crashed_state.location();
    std::set<std::string> delivered_before, refused_before;
    int offers = 0;
    bool copied = false;
    std::int64_t now = kStart;
    PollerCallbacks first;
    first.new_item = [&](const PolledFeed&, const Feed*, const Item& item) {
        const std::string title(*item.title);
        if (++offers >= 150 && !copied && title.back() == '2') {
            if (store == Store::sqlite) {
                for (const char* suffix : {"", "-wal"})
                    if (fs::exists(path.string() + suffix))
                        fs::copy_file(path.string() + suffix, crashed.string() + suffix,
                                      fs::copy_options::overwrite_existing);
            } else {
                std::string error;
                auto committed = PollState::open(path.string(), error);
                auto copy = PollState::open(crashed.string(), error);
                if (committed && copy) copy->load(committed->dump());
            }
            copied = true;
        }
        const bool refuse = title.back() == '2' && std::stoi(title.substr(1)) % 5 == 0;
        if (!copied) (refuse ? refused_before : delivered_before).insert(title);
        return !refuse;
    };
    {
        Poller poller(test_state.open(), test_options(), first, [&] { return now; }, [] { return 0.5; });
        for (int n = 0; n < kFeeds; ++n) poller.add_feed(server.url("/feed?n=" + std::to_string(n)));
        poller.run_due();
        REQUIRE(copied);
        REQUIRE(!refused_before.empty());
        // Each failure is recorded on its own feed, the others are clean.
        for (const StoredFeed& f : poller.feeds()) {
            const int n = std::stoi(f.url.substr(f.url.find("n=") + 2));
            INFO(f.url);
            CHECK(f.error_count == (down(n) ? 1 : 0));
            CHECK(f.last_error.empty() == !down(n));
            CHECK(f.etag == (down(n) ? "" : "\"v1\""));
        }
    }

    // The restart, from the files as the crash left them.
    now += 24 * 3600;
    restarted = true;
    std::set<std::string> delivered_after;
    PollerCallbacks second;
    second.new_item = [&](const PolledFeed&, const Feed*, const Item& item) {
        delivered_after.insert(std::string(*item.title));
        return true;
    };
    {
        Poller poller(crashed_state.open(), test_options(), second, [&] { return now; });
        poller.run_due();
    }
    for (int n = 0; n < kFeeds; ++n) {
        if (down(n)) continue;
        for (int k = 0; k < 2; ++k) {  // "-2" is gone: only what the crashed state owes comes back
            const std::string title = "f" + std::to_string(n) + "-" + std::to_string(k);
            INFO(title);
            CHECK((delivered_before.count(title) + delivered_after.count(title)) > 0);
        }
    }
    for (const std::string& title : refused_before) {
        INFO(title);
        CHECK(delivered_after.count(title) == 1);  // kept as owed, though the feed has dropped it
    }
}

TEST_CASE("Feeds due for a poll come most overdue first, ties in the order they were added", "[poll][store]") {
    STORE_UNDER_TEST(test_state, false);
    auto state = test_state.open();
    std::vector<std::int64_t> ids;
    for (const char* name : {"a", "b", "c", "d", "e"})
        ids.push_back(state->add_feed(std::string("http://127.0.0.1:1/") + name, "", std::nullopt, kStart).id);
    state->record_schedules(
        {{ids[0], kStart + 20, 0, ""}, {ids[2], kStart + 10, 0, ""}, {ids[3], kStart + 50, 0, ""},
         {ids[4], kStart + 10, 0, ""}});
    std::vector<std::string> order;
    for (const StoredFeed& f : state->due_feeds(kStart + 30)) order.push_back(f.url.substr(f.url.size() - 1));
    CHECK(order == std::vector<std::string>{"b", "c", "e", "a"});
}

TEST_CASE("Retry-After on a 503 holds the next poll back", "[poll][store]") {
    STORE_UNDER_TEST(test_state, false);
    LoopbackHttpServer server;
    server.route("/feed", [](const HttpRequest&, Connection& c) { c.respond(503, {{"Retry-After", "7200"}}, ""); });
    std::int64_t now = kStart;
    Recorder seen;
    Poller poller(test_state.open(), test_options(), seen.callbacks(), [&] { return now; }, [] { return 0.5; });
    poller.add_feed(server.url("/feed"));
    CHECK(*poller.run_due() == now + 7200);
}

TEST_CASE("A permanent redirect updates the stored URL, a 410 stops polling", "[poll][store]") {
    STORE_UNDER_TEST(test_state, false);
    LoopbackHttpServer server;
    server.route("/old", [&](const HttpRequest&, Connection& c) {
        c.respond(301, {{"Location", server.url("/new")}}, "");
    });
    server.route("/new", [](const HttpRequest&, Connection& c) {
        c.respond(200, {{"Content-Type", "application/rss+xml"}}, rss({{"a", "A"}}));
    });
    server.route("/gone", [](const HttpRequest&, Connection& c) { c.respond(410, {}, ""); });
    std::int64_t now = kStart;
    Recorder seen;
    Poller poller(test_state.open(), test_options(), seen.callbacks(), [&] { return now; });
    poller.add_feed(server.url("/old"), "renamed");
    poller.add_feed(server.url("/gone"));
    poller.run_due();
    REQUIRE(seen.moves.size() == 1);
    CHECK(seen.moves[0] == std::make_pair(server.url("/old"), server.url("/new")));
    CHECK(seen.gone == std::vector<std::string>{server.url("/gone")});
    auto feeds = poller.feeds();
    REQUIRE(feeds.size() == 2);
    CHECK(feeds[0].url == server.url("/new"));
    CHECK(feeds[0].key == "renamed");
    CHECK(feeds[1].gone);

    now += 7 * 86400;  // a week later: the gone feed is never asked again
    poller.run_due();
    CHECK(server.request_count("/gone") == 1);
    CHECK(server.request_count("/old") == 1);
    CHECK(server.request_count("/new") == 2);
}

TEST_CASE("At most N requests run at once per host", "[poll][store]") {
    STORE_UNDER_TEST(test_state, false);
    LoopbackHttpServer server;
    for (int i = 0; i < 6; ++i) {
        server.route("/feed" + std::to_string(i), [i](const HttpRequest&, Connection& c) {
            c.pause(std::chrono::milliseconds(150));
            c.respond(200, {{"Content-Type", "application/rss+xml"}}, rss({{"x" + std::to_string(i), "X"}}));
        });
    }
    std::int64_t now = kStart;
    Recorder seen;
    PollerOptions o = test_options();
    o.fetch.max_host_connections = 2;
    Poller poller(test_state.open(), o, seen.callbacks(), [&] { return now; });
    for (int i = 0; i < 6; ++i) poller.add_feed(server.url("/feed" + std::to_string(i)));
    poller.run_due();
    CHECK(seen.new_titles.size() == 6);
    CHECK(server.max_concurrent_connections() <= 2);
    REQUIRE(server.wait_for_handlers(std::chrono::seconds(10)));
    CHECK(server.max_concurrent_requests() == 2);
}

TEST_CASE("State survives a restart: validators are kept and the next poll is a 304", "[poll][store]") {
    STORE_UNDER_TEST(test_state, true);
    LoopbackHttpServer server;
    ServedFeed feed;
    feed.set(rss({{"a", "Alpha"}}));
    server.route("/feed", [&](const HttpRequest& r, Connection& c) { feed.serve(r, c); });
    std::int64_t now = kStart;
    {
        Recorder seen;
        Poller poller(test_state.open(), test_options(), seen.callbacks(), [&] { return now; });
        poller.add_feed(server.url("/feed"));
        poller.run_due();
        CHECK(seen.new_titles.size() == 1);
    }
    now += 3600;
    {
        Recorder seen;
        Poller poller(test_state.open(), test_options(), seen.callbacks(), [&] { return now; });
        poller.run_due();
        CHECK(seen.new_titles.empty());
        CHECK(server.requests().back().header("If-None-Match") == "\"v2\"");
    }
}

TEST_CASE("The background thread polls, and stop() returns promptly mid-fetch", "[poll][store]") {
    STORE_UNDER_TEST(test_state, false);
    LoopbackHttpServer server;
    server.route("/feed", [](const HttpRequest&, Connection& c) {
        c.respond(200, {{"Content-Type", "application/rss+xml"}}, rss({{"a", "A"}}));
    });
    server.route("/slow", [](const HttpRequest&, Connection& c) {
        c.pause(std::chrono::seconds(20));
        c.respond(200, {}, "");
    });
    std::atomic<int> delivered{0};
    char callback_thread[16] = "";
    PollerCallbacks callbacks;
    callbacks.new_item = [&](const PolledFeed&, const Feed*, const Item&) {
        pthread_getname_np(pthread_self(), callback_thread, sizeof callback_thread);
        ++delivered;  // after the name: the test's thread reads it once this is 1
        return true;
    };
    Poller poller(test_state.open(), test_options(), callbacks);
    poller.add_feed(server.url("/feed"));
    poller.add_feed(server.url("/slow"));
    poller.start();
    for (int i = 0; i < 200 && delivered == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(delivered == 1);
    CHECK(std::string(callback_thread) == "clipfeed-poll");  // the poller's own thread, named for the host's tools
    auto before = std::chrono::steady_clock::now();
    poller.stop();
    CHECK(std::chrono::steady_clock::now() - before < std::chrono::seconds(3));
}

TEST_CASE("A corrupt, foreign or newer state file is a clear error, never a reset", "[poll]") {
    const fs::path dir = fs::temp_directory_path() / ("clipfeed-state-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::string error;

    const fs::path garbage = dir / "garbage.db";
    std::ofstream(garbage) << std::string(8192, 'x');
    CHECK_FALSE(PollState::open(garbage.string(), error));
    CHECK(error.find("garbage.db") != std::string::npos);
    CHECK(error.find("corrupt") != std::string::npos);
    CHECK(fs::file_size(garbage) == 8192);  // untouched

    const fs::path newer = dir / "newer.db";
    {
        auto state = PollState::open(newer.string(), error);
        REQUIRE(state);
    }
    {
        // Pretend a later version wrote it.
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open_v2(newer.string().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db, "PRAGMA user_version=7", nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
        CHECK_FALSE(PollState::open(newer.string(), error));
        CHECK(error.find("newer") != std::string::npos);
        CHECK(error.find("newer.db") != std::string::npos);
    }

    const fs::path locked = dir / "locked.db";
    auto first = PollState::open(locked.string(), error);
    REQUIRE(first);
    CHECK_FALSE(PollState::open(locked.string(), error));
    CHECK(error.find("locked") != std::string::npos);
    first.reset();
    CHECK(PollState::open(locked.string(), error));
    fs::remove_all(dir);
}

TEST_CASE("The content hash is pinned, and tells pieces and their boundaries apart", "[poll]") {
    // State files keep these hashes: a build that hashed differently would
    // report every stored item as changed. XXH3-64, seeded piece by piece.
    clipfeed::ContentHash pinned;
    pinned.add("A title");
    pinned.add("https://example.org/a");
    CHECK(pinned.hex() == "c97e77eabff45eb3");

    clipfeed::ContentHash ab_c, a_bc, ab_d;
    ab_c.add("ab");
    ab_c.add("c");
    a_bc.add("a");
    a_bc.add("bc");
    ab_d.add("ab");
    ab_d.add("d");
    CHECK(ab_c.hex() != a_bc.hex());
    CHECK(ab_c.hex() != ab_d.hex());
    CHECK(ab_c.hex().size() == 16);
}

TEST_CASE("A PostgreSQL state that is foreign, newer, unreachable or refuses the password is a clear error naming "
          "the server and database, never the password",
          "[poll][store]") {
    std::string why_not;
    const std::string server = clipfeed::testing::test_server_uri(why_not);
    if (server.empty()) {
        postgres_missing(why_not);
        return;
    }
    std::string error;
    bool unavailable = false;

    SECTION("a database of something else is refused and left alone") {
        const std::string uri = clipfeed::testing::new_test_database(why_not);
        clipfeed::testing::run_sql(uri, "CREATE TABLE invoices(id int); INSERT INTO invoices VALUES (1)");
        CHECK_FALSE(PollState::open(uri, error, &unavailable));
        CHECK(error.find("not a clipfeed state") != std::string::npos);
        CHECK(error.find(uri.substr(uri.rfind('/') + 1)) != std::string::npos);  // the database's name
        CHECK_FALSE(unavailable);
        CHECK(clipfeed::testing::query_value(uri, "SELECT count(*) FROM invoices") == "1");
        CHECK(clipfeed::testing::query_value(uri, "SELECT to_regclass('feeds') IS NULL") == "t");
    }
    SECTION("a state written by a newer version is refused") {
        const std::string uri = clipfeed::testing::new_test_database(why_not);
        REQUIRE(PollState::open(uri, error));
        clipfeed::testing::run_sql(uri, "UPDATE clipfeed_meta SET value = '7' WHERE name = 'schema_version'");
        CHECK_FALSE(PollState::open(uri, error));
        CHECK(error.find("newer clipfeed") != std::string::npos);
        CHECK(error.find("version 7") != std::string::npos);
    }
    SECTION("a wrong password is an error for good, and the password is never shown") {
        const std::string uri = clipfeed::testing::with_password(server, "not-the-Secret-42");
        CHECK_FALSE(PollState::open(uri, error, &unavailable));
        INFO(error);
        CHECK(error.find("password authentication failed") != std::string::npos);
        CHECK(error.find("database \"postgres\"") != std::string::npos);
        CHECK(error.find("127.0.0.1") != std::string::npos);
        CHECK(error.find("not-the-Secret-42") == std::string::npos);
        CHECK_FALSE(unavailable);
    }
    SECTION("no server listening is worth trying again later") {
        const std::string uri = "postgresql://clipfeed:hunter2-secret@127.0.0.1:" +
                                std::to_string(clipfeed::testing::unused_loopback_port()) + "/feeds";
        CHECK_FALSE(PollState::open(uri, error, &unavailable));
        INFO(error);
        CHECK(error.find("cannot connect") != std::string::npos);
        CHECK(error.find("database \"feeds\"") != std::string::npos);
        CHECK(error.find("hunter2-secret") == std::string::npos);
        CHECK(unavailable);
    }
}

namespace {

// Two workers' states on one new test database; both null when there is no
// PostgreSQL server to test against (the reason is reported).
std::pair<std::unique_ptr<PollState>, std::unique_ptr<PollState>> two_workers_on_a_new_database() {
    const std::string uri = clipfeed::testing::new_test_database_or_report();
    if (uri.empty()) return {};
    std::string error;
    auto first = PollState::open(uri, error);
    REQUIRE(first);
    auto second = PollState::open(uri, error);
    REQUIRE(second);
    return {std::move(first), std::move(second)};
}

// "127.0.0.N" of the test feeds' URLs, http://127.0.0.N:8080/...
std::string loopback_host_of(const std::string& url) { return url.substr(7, 9); }

}  // namespace

TEST_CASE("Workers sharing a PostgreSQL state never claim the same feed or host, and a lapsed lease is taken over",
          "[poll][store]") {
    auto [first, second] = two_workers_on_a_new_database();
    if (!first) return;
    // 3 hosts (loopback addresses), 4 feeds each.
    for (int host = 1; host <= 3; ++host)
        for (int n = 0; n < 4; ++n)
            first->add_feed("http://127.0.0." + std::to_string(host) + ":8080/feed" + std::to_string(n), "",
                            std::nullopt, kStart);
    first->set_lease_seconds(60);
    second->set_lease_seconds(1);

    auto hosts_of = [](const std::vector<StoredFeed>& feeds) {
        std::set<std::string> hosts;
        for (const StoredFeed& f : feeds) hosts.insert(loopback_host_of(f.url));
        return hosts;
    };
    const std::vector<StoredFeed> a = first->claim_due(kStart, 5, 5);  // more feeds than one host has
    REQUIRE(a.size() == 5);
    CHECK(hosts_of(a).size() == 2);
    const std::vector<StoredFeed> b = second->claim_due(kStart, 100, 100);
    // Only the host nobody polls: its 4 feeds, though 7 are due and unleased.
    REQUIRE(b.size() == 4);
    CHECK(hosts_of(b).size() == 1);
    for (const std::string& host : hosts_of(b)) CHECK(hosts_of(a).count(host) == 0);
    CHECK(second->claim_due(kStart, 100, 100).empty());

    // The second worker's leases (1 s) lapse while the first renews its own.
    second->record_schedules({{b[0].id, kStart + 3600, 0, ""}});
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    first->renew_leases();
    std::set<std::int64_t> taken;
    for (const StoredFeed& f : first->claim_due(kStart, 100, 100)) taken.insert(f.id);
    // The 3 the second worker neither finished nor renewed, and the 3 left of
    // the second host, which the first worker polls already.
    CHECK(taken.size() == 6);
    for (std::size_t i = 1; i < b.size(); ++i) CHECK(taken.count(b[i].id) == 1);
    CHECK(taken.count(b[0].id) == 0);               // recorded: due in an hour
    CHECK(second->claim_due(kStart, 100, 100).empty());  // the first worker holds every host now

    first->release_leases();
    first->next_due();  // the release (sent without waiting) is read, so committed
    // Everything but the recorded one is due for anyone. A claim takes all free
    // hosts but one, left to other workers; the next claim takes that one.
    const std::vector<StoredFeed> again = second->claim_due(kStart, 100, 100);
    CHECK(hosts_of(again).size() == 2);
    CHECK(again.size() + second->claim_due(kStart, 100, 100).size() == 11);
}

TEST_CASE("A claim takes at most its share of one busy host's feeds and leaves hosts to other workers",
          "[poll][store]") {
    auto [first, second] = two_workers_on_a_new_database();
    if (!first) return;
    // One busy host (8 feeds, the first in the claims' order) and six small ones (1 each).
    auto add = [&](int host, int feeds) {
        for (int n = 0; n < feeds; ++n)
            first->add_feed("http://127.0.0." + std::to_string(host) + ":8080/feed" + std::to_string(n), "",
                            std::nullopt, kStart);
    };
    add(1, 8);
    for (int host = 2; host <= 7; ++host) add(host, 1);
    auto per_host = [](const std::vector<StoredFeed>& feeds) {
        std::map<std::string, int> count;
        for (const StoredFeed& f : feeds) ++count[loopback_host_of(f.url)];
        return count;
    };
    using Counts = std::map<std::string, int>;
    // Without a share, the busy host fills the whole claim.
    CHECK(per_host(first->claim_due(kStart, 8, 8)) == Counts{{"127.0.0.1", 8}});
    first->release_leases();
    // Two per host, from all free hosts but one, which is left to other workers.
    CHECK(per_host(first->claim_due(kStart, 8, 2)) == Counts{{"127.0.0.1", 2}, {"127.0.0.2", 1}, {"127.0.0.3", 1},
                                                              {"127.0.0.4", 1}, {"127.0.0.5", 1}, {"127.0.0.6", 1}});
    // Another worker finds that one.
    CHECK(per_host(second->claim_due(kStart, 8, 8)) == Counts{{"127.0.0.7", 1}});
    // The first worker goes on with the busy host it holds, the only host
    // with due feeds left: alone, it may fill the claim.
    CHECK(per_host(first->claim_due(kStart, 8, 2)) == Counts{{"127.0.0.1", 6}});
}

TEST_CASE("A claim's share per host is what keeps every connection busy under the per-host limit", "[poll]") {
    FetchOptions fetch;
    fetch.max_connections = 32;
    fetch.max_host_connections = 4;
    CHECK(claim_per_host(128, fetch) == 16);  // eight hosts at four connections each fill all 32
    CHECK(claim_per_host(100, fetch) == 13);  // rounded up
    CHECK(claim_per_host(1, fetch) == 1);
    fetch.max_host_connections = 32;  // one host may take every connection
    CHECK(claim_per_host(128, fetch) == 128);
    fetch.max_host_connections = 50;  // more than in all: as many as in all
    CHECK(claim_per_host(128, fetch) == 128);
    fetch.max_connections = 0;  // not a usable setting: read as one connection in all, the whole claim
    CHECK(claim_per_host(10, fetch) == 10);
    fetch.max_connections = 32;
    fetch.max_host_connections = 0;  // nor this one: read as one per host
    CHECK(claim_per_host(64, fetch) == 2);
}

TEST_CASE("A worker whose first claim meets another worker's claim in progress claims again and polls",
          "[poll][store]") {
    const std::string uri = clipfeed::testing::new_test_database_or_report();
    if (uri.empty()) return;
    LoopbackHttpServer server;
    server.route("/feed", [](const HttpRequest& r, Connection& c) {
        c.respond(200, {{"Content-Type", "application/rss+xml"}}, rss({{r.query, r.query}}));
    });
    std::string error;
    auto state = PollState::open(uri, error);
    REQUIRE(state);
    Recorder seen;
    Poller poller(std::move(state), test_options(), seen.callbacks(), [] { return kStart; });
    for (int n = 0; n < 4; ++n) poller.add_feed(server.url("/feed?n=" + std::to_string(n)));

    // Another worker's claim, caught while it runs: it holds the hosts it
    // chooses among locked, and a claim at the same moment skips them.
    bool unavailable = false;
    auto other = PgConnection::connect(uri, error, unavailable);
    REQUIRE(other);
    other->run_script("BEGIN; SELECT name FROM hosts FOR UPDATE");
    std::thread commit_soon([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the retries wait 150 ms or more in all
        other->run_script("COMMIT");  // leasing nothing: the hosts are free again
    });
    poller.run_due();
    commit_soon.join();
    std::sort(seen.new_titles.begin(), seen.new_titles.end());
    CHECK(seen.new_titles == std::vector<std::string>{"n=0", "n=1", "n=2", "n=3"});
}

TEST_CASE("A PostgreSQL state keeps its leases in no index, so that claims rewrite schedule rows in "
          "place",
          "[poll][store]") {
    const std::string uri = clipfeed::testing::new_test_database_or_report();
    if (uri.empty()) return;
    auto index_count = [&] {
        return clipfeed::testing::query_value(uri, "SELECT count(*) FROM pg_indexes WHERE indexname = 'feeds_leased'");
    };
    std::string error;
    {
        auto state = PollState::open(uri, error);
        REQUIRE(state);
        state->add_feed("http://127.0.0.1:1/a", "", std::nullopt, kStart);
    }
    CHECK(index_count() == "0");
    // The schedule's lease columns are in no index, and its pages keep room
    // (the earlier index feeds_leased goes on an upgrade: test_pg_state.cpp).
    CHECK(clipfeed::testing::query_value(
              uri, "SELECT count(*) FROM pg_indexes WHERE tablename = 'schedule' AND indexdef LIKE '%lease%'") == "0");
    CHECK(clipfeed::testing::query_value(uri, "SELECT reloptions::text FROM pg_class WHERE relname = 'schedule'") ==
          "{fillfactor=70}");
    auto state = PollState::open(uri, error);
    REQUIRE(state);
    const std::vector<StoredFeed> claimed = state->claim_due(kStart, 10, 10);
    REQUIRE(claimed.size() == 1);
    CHECK(state->claim_due(kStart, 10, 10).empty());
    // Leases are found without the index: by worker, for the release.
    CHECK(clipfeed::testing::query_value(uri, "SELECT leased_by IS NOT NULL FROM schedule") == "t");
    state->release_leases();
    CHECK(state->claim_due(kStart, 10, 10).size() == 1);
}

TEST_CASE("A batch of fetches classified and recorded together: a feed twice, a removed feed, pending items",
          "[poll][store]") {
    STORE_UNDER_TEST(test_state, false);
    auto state = test_state.open();
    const StoredFeed a = state->add_feed("http://127.0.0.1:1/a", "", std::nullopt, 100);
    const StoredFeed b = state->add_feed("http://127.0.0.1:1/b", "", std::nullopt, 100);
    const StoredFeed c = state->add_feed("http://127.0.0.1:1/c", "", std::nullopt, 100);
    auto seen = [](const std::string& key, const std::string& hash) {
        SeenItem s;
        s.key = key;
        s.content_hash = hash;
        return s;
    };
    std::vector<SeenItem> a1{seen("x", "x1"), seen("y", "y1")}, b1{seen("z", "z1")}, c1{seen("w", "w1")};
    // Classified the way a shared store's poller asks: several feeds in one question.
    state->classify_start({{a.id, &a1}, {b.id, &b1}, {c.id, &c1}});
    state->classify_finish();
    for (const auto* items : {&a1, &b1, &c1})
        for (const SeenItem& s : *items) CHECK(s.status == SeenItem::Status::fresh);
    a1[0].delivered = true;  // x delivered, y refused: owed with its JSON
    a1[1].payload = "{\"title\":\"y\"}";
    b1[0].delivered = true;
    c1[0].delivered = true;
    // A's second fetch in the same batch: x changed and delivered, y delivered now.
    std::vector<SeenItem> a2{seen("x", "x2"), seen("y", "y1")};
    a2[0].status = SeenItem::Status::changed;
    a2[0].delivered = true;
    a2[1].status = SeenItem::Status::fresh;
    a2[1].delivered = true;
    // Classified with the first fetch, before either was saved: no rows for x and y yet.
    a2[0].stored = a2[1].stored = false;
    REQUIRE(state->remove_feed(c.url));  // removed while it was fetched
    StoredFeed a_after = a, b_after = b, c_after = c;
    a_after.etag = "\"a2\"";
    b_after.etag = "\"b1\"";
    state->record_fetches({{a, a1, 200}, {b_after, b1, 200}, {c_after, c1, 200}, {a_after, a2, 201}});
    CHECK(state->pending_of({a.id}).empty());  // the later fetch delivered y
    std::vector<SeenItem> a3{seen("x", "x2"), seen("y", "y1"), seen("v", "v1")}, b3{seen("z", "z1")};
    state->classify_start({{a.id, &a3}, {b.id, &b3}});
    state->classify_finish();
    CHECK(a3[0].status == SeenItem::Status::unchanged);
    CHECK(a3[1].status == SeenItem::Status::unchanged);
    CHECK(a3[2].status == SeenItem::Status::fresh);
    CHECK(b3[0].status == SeenItem::Status::unchanged);
    CHECK((a3[0].stored && a3[1].stored && b3[0].stored));
    CHECK_FALSE(a3[2].stored);  // saved with a plain INSERT
    // One feed asked alone (classify(), as a local store's poller asks) reads the same.
    std::vector<SeenItem> a4{seen("x", "x3"), seen("y", "y1"), seen("v", "v1")};
    state->classify(a.id, a4);
    CHECK(a4[0].status == SeenItem::Status::changed);
    CHECK(a4[1].status == SeenItem::Status::unchanged);
    CHECK(a4[2].status == SeenItem::Status::fresh);
    std::vector<std::string> etags;
    for (const StoredFeed& f : state->feeds()) etags.push_back(f.url + " " + f.etag);
    CHECK(etags == std::vector<std::string>{a.url + " \"a2\"", b.url + " \"b1\""});
    // A refused item recorded alone stays owed, with its JSON.
    std::vector<SeenItem> b4{seen("z", "z2")};
    b4[0].status = SeenItem::Status::changed;
    b4[0].payload = "{\"title\":\"z2\"}";
    state->record_fetches({{b_after, b4, 300}});
    const std::vector<PendingItem> owed = state->pending_of({b.id});
    REQUIRE(owed.size() == 1);
    CHECK(owed[0].key == "z");
    CHECK(owed[0].update);
    CHECK(owed[0].payload == "{\"title\":\"z2\"}");
}
