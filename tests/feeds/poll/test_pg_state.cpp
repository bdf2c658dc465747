// The PostgreSQL poll state's own schema: the upgrade of a version 1 state,
// and what replaced the items' foreign key to feeds (a feed's items go with
// it, however it is deleted, also when a save of it is committing then).
#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "feeds/poll/pg_connection.hpp"
#include "feeds/poll/poll_state.hpp"
#include "support/pg_test_database.hpp"

using namespace clipfeed;

namespace {

// A new database of the test server, or "" (with a warning, or a failure
// where every program must run) when there is none.
std::string test_database() {
    std::string why_not;
    const std::string uri = clipfeed::testing::new_test_database(why_not);
    if (uri.empty()) {
        if (clipfeed::testing::postgres_required()) FAIL_CHECK("PostgreSQL not run: " << why_not);
        else WARN("PostgreSQL skipped: " << why_not);
    }
    return uri;
}

std::unique_ptr<PollState> open_state(const std::string& uri) {
    std::string error;
    auto state = PollState::open(uri, error);
    INFO(error);
    REQUIRE(state);
    return state;
}

// A new item, delivered.
SeenItem delivered(const std::string& key, const std::string& hash) {
    SeenItem s;
    s.key = key;
    s.content_hash = hash;
    s.status = SeenItem::Status::fresh;
    s.delivered = true;
    return s;
}

std::string count(const std::string& uri, const std::string& sql) { return clipfeed::testing::query_value(uri, sql); }

std::string items_of(const std::string& uri, std::int64_t feed_id) {
    return count(uri, "SELECT count(*) FROM items WHERE feed_id = " + std::to_string(feed_id));
}

}  // namespace

TEST_CASE("A PostgreSQL state of schema version 1 is upgraded when opened: its items are kept, its foreign key goes, "
          "and a deleted feed's items still go with it",
          "[poll][store]") {
    const std::string uri = test_database();
    if (uri.empty()) return;
    StoredFeed a, b;
    {
        auto state = open_state(uri);
        a = state->add_feed("http://127.0.0.1:1/a", "", std::nullopt, 100);
        b = state->add_feed("http://127.0.0.1:1/b", "", std::nullopt, 100);
        state->record_fetches({{a, {delivered("x", "x1"), delivered("y", "y1")}, 200},
                               {b, {delivered("z", "z1"), delivered("w", "w1")}, 200}});
    }
    CHECK(count(uri, "SELECT value FROM clipfeed_meta WHERE name = 'schema_version'") == "2");
    CHECK(count(uri, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'items'::regclass AND contype = 'f'") ==
          "0");
    // As clipfeed made it before: items refer to feeds, version 1.
    clipfeed::testing::run_sql(uri, "DROP TRIGGER feeds_delete_items ON feeds; DROP FUNCTION clipfeed_delete_items(); "
                                    "ALTER TABLE items ADD FOREIGN KEY (feed_id) REFERENCES feeds(id) ON DELETE "
                                    "CASCADE; UPDATE clipfeed_meta SET value = '1' WHERE name = 'schema_version'");
    REQUIRE(count(uri, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'items'::regclass AND contype = 'f'") ==
            "1");

    auto state = open_state(uri);
    CHECK(count(uri, "SELECT value FROM clipfeed_meta WHERE name = 'schema_version'") == "2");
    CHECK(count(uri, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'items'::regclass AND contype = 'f'") ==
          "0");
    CHECK(count(uri, "SELECT count(*) FROM pg_trigger WHERE tgname = 'feeds_delete_items'") == "1");
    CHECK(count(uri, "SELECT count(*) FROM items") == "4");
    std::vector<SeenItem> again{delivered("x", "x1"), delivered("y", "y2"), delivered("v", "v1")};
    state->classify_start({{a.id, &again}});
    state->classify_finish();
    CHECK(again[0].status == SeenItem::Status::unchanged);
    CHECK(again[1].status == SeenItem::Status::changed);
    CHECK(again[2].status == SeenItem::Status::fresh);

    REQUIRE(state->remove_feed(a.url));
    CHECK(items_of(uri, a.id) == "0");
    CHECK(items_of(uri, b.id) == "2");
    CHECK_FALSE(state->remove_feed(a.url));

    // Deleted by other means (by hand, or by a clipfeed of version 1 still
    // running), a feed takes its items too.
    clipfeed::testing::run_sql(uri, "DELETE FROM feeds WHERE id = " + std::to_string(b.id));
    CHECK(count(uri, "SELECT count(*) FROM items") == "0");
}

TEST_CASE("A PostgreSQL state: a feed removed while a save of it is not yet committed leaves none of its items behind",
          "[poll][store]") {
    const std::string uri = test_database();
    if (uri.empty()) return;
    auto state = open_state(uri);
    const StoredFeed a = state->add_feed("http://127.0.0.1:1/a", "", std::nullopt, 100);
    // Another worker's save of `a`, as record_fetches() writes it: the feed's
    // row updated (and so locked), then its items, not yet committed.
    std::string error;
    bool unavailable = false;
    auto other = PgConnection::connect(uri, error, unavailable);
    INFO(error);
    REQUIRE(other);
    other->run("BEGIN");
    other->run("UPDATE feeds SET title = 'saved' WHERE id = $1", {std::to_string(a.id)});
    other->run("INSERT INTO items(feed_id, key, delivered_hash, last_seen) VALUES($1, 'k', 'h', 1)",
               {std::to_string(a.id)});
    std::future<bool> removed = std::async(std::launch::async, [&] { return state->remove_feed(a.url); });
    // The removal waits for the save's lock on the feed...
    CHECK(removed.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout);
    other->run("COMMIT");
    // ...and then removes the feed and the items the save wrote.
    CHECK(removed.get());
    CHECK(count(uri, "SELECT count(*) FROM feeds") == "0");
    CHECK(items_of(uri, a.id) == "0");
}

TEST_CASE("A PostgreSQL state: a feed moved onto an address already subscribed is removed with its items",
          "[poll][store]") {
    const std::string uri = test_database();
    if (uri.empty()) return;
    auto state = open_state(uri);
    const StoredFeed a = state->add_feed("http://127.0.0.1:1/a", "", std::nullopt, 100);
    const StoredFeed b = state->add_feed("http://127.0.0.1:1/b", "", std::nullopt, 100);
    state->record_fetches({{a, {delivered("x", "x1")}, 200}, {b, {delivered("z", "z1")}, 200}});
    state->feeds();  // the save (sent without waiting) is read, so committed
    REQUIRE(items_of(uri, a.id) == "1");
    CHECK_FALSE(state->record_moved(a.id, b.url));
    CHECK(items_of(uri, a.id) == "0");
    CHECK(items_of(uri, b.id) == "1");
    CHECK(state->feeds().size() == 1);
}

TEST_CASE("A PostgreSQL state: a claim says which feeds owe items, and pending_of() reads only when one of them does",
          "[poll][store]") {
    const std::string uri = test_database();
    if (uri.empty()) return;
    auto state = open_state(uri);
    const StoredFeed a = state->add_feed("http://127.0.0.1:1/a", "", std::nullopt, 100);
    const StoredFeed b = state->add_feed("http://127.0.0.1:1/b", "", std::nullopt, 100);
    SeenItem refused = delivered("x", "x1");
    refused.delivered = false;
    refused.payload = "{\"title\":\"x\"}";
    StoredFeed a_saved = a, b_saved = b;
    a_saved.next_poll = b_saved.next_poll = 150;  // due again
    state->record_fetches({{a_saved, {refused}, 120}, {b_saved, {delivered("z", "z1")}, 120}});

    std::vector<std::int64_t> ids;
    for (const StoredFeed& f : state->claim_due(200, 10)) ids.push_back(f.id);
    REQUIRE(ids.size() == 2);
    const std::vector<PendingItem> owed = state->pending_of(ids);
    REQUIRE(owed.size() == 1);
    CHECK(owed[0].feed_id == a.id);
    CHECK(owed[0].payload == "{\"title\":\"x\"}");
    state->release_leases();

    // b alone: claimed owing nothing, so nothing; an owed item written since
    // by another process is read when asked outside a claim.
    StoredFeed a_later = a_saved;
    a_later.next_poll = 1000;
    state->record_fetches({{a_later, {delivered("x", "x1")}, 130}});  // a owes nothing now, and is not due
    CHECK(state->claim_due(200, 10).size() == 1);
    CHECK(state->pending_of({b.id}).empty());
    clipfeed::testing::run_sql(uri, "UPDATE items SET payload = '{}', pending_hash = 'z2' WHERE key = 'z'");
    CHECK(state->pending_of({b.id}).size() == 1);
}
