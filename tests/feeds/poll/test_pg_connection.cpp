// PgConnection's pipelines against the test PostgreSQL server: several sent
// without waiting, each its own transaction, read back in order.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <set>
#include <stdexcept>
#include <string>

#include "feeds/poll/pg_connection.hpp"
#include "support/pg_test_database.hpp"
#include "support/pg_test_report.hpp"

using namespace clipfeed;

namespace {

// A connection to a new database of the test server, or null (with a
// warning, or a failure where every program must run) when there is none.
std::unique_ptr<PgConnection> test_connection(std::string& uri) {
    uri = clipfeed::testing::new_test_database_or_report();
    if (uri.empty()) return nullptr;
    std::string error;
    bool unavailable = false;
    auto db = PgConnection::connect(uri, error, unavailable);
    INFO(error);
    REQUIRE(db);
    return db;
}

std::set<std::string> values(PgConnection& db) {
    PgResult r = db.run("SELECT x FROM t ORDER BY x");
    std::set<std::string> out;
    for (int i = 0; i < r.rows(); ++i) out.insert(r.text(i, 0));
    return out;
}

}  // namespace

TEST_CASE("Pipelines sent without waiting are each one transaction: a failed one is rolled back whole and thrown, "
          "the others are saved",
          "[poll][store]") {
    std::string uri;
    auto db = test_connection(uri);
    if (!db) return;
    db->run_script("CREATE TABLE t(x integer PRIMARY KEY)");
    // Prepared first: a statement new to the session waits for what is out
    // (and throws its failure there).
    CHECK(db->run("SELECT count(*) FROM t").text(0, 0) == "0");
    db->run("INSERT INTO t VALUES($1)", {"1"});
    // The second inserts 2 and then 1 again: the duplicate fails it, 2 with it.
    db->pipeline_async({{"INSERT INTO t VALUES($1)", {"2"}}, {"INSERT INTO t VALUES($1)", {"1"}}});
    db->pipeline_async({{"INSERT INTO t VALUES($1)", {"3"}}});
    const PgConnection::Ticket count = db->send("SELECT count(*) FROM t", {});
    db->pipeline_async({{"INSERT INTO t VALUES($1)", {"4"}}});
    try {
        db->finish();
        FAIL("the duplicate key was not reported");
    } catch (const std::runtime_error& e) {
        CHECK(std::string(e.what()).find("duplicate key") != std::string::npos);
    }
    CHECK(db->receive(count).text(0, 0) == "2");  // 1 and 3, as the server ran them in order
    CHECK(values(*db) == std::set<std::string>{"1", "3", "4"});
    db->pipeline_async({{"INSERT INTO t VALUES($1)", {"5"}}});  // the connection carries on
    CHECK(values(*db) == std::set<std::string>{"1", "3", "4", "5"});
    CHECK_THROWS_AS(db->receive(count), std::logic_error);  // taken once
}

TEST_CASE("Pipelines out when the server drops the connection are sent again, and a query's rows still come",
          "[poll][store]") {
    std::string uri;
    auto db = test_connection(uri);
    if (!db) return;
    db->run_script("CREATE TABLE t(x integer PRIMARY KEY)");
    db->run("SELECT 1");  // the statements below prepared on this session first
    db->pipeline_async({{"INSERT INTO t VALUES($1) ON CONFLICT DO NOTHING", {"1"}}});
    db->finish();
    for (int round = 0; round < 2; ++round) {
        db->pipeline_async({{"INSERT INTO t VALUES($1) ON CONFLICT DO NOTHING", {std::to_string(10 + round)}}});
        const PgConnection::Ticket ticket = db->send("SELECT count(*) FROM t", {});
        db->pipeline_async({{"INSERT INTO t VALUES($1) ON CONFLICT DO NOTHING", {std::to_string(20 + round)}}});
        // Another session ends this one's, with its pipelines maybe unread.
        clipfeed::testing::run_sql(uri, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                        "WHERE datname = current_database() AND pid <> pg_backend_pid()");
        const std::string counted = db->receive(ticket).text(0, 0);
        CHECK((counted == std::to_string(2 + 2 * round) || counted == std::to_string(3 + 2 * round)));
        db->finish();
    }
    CHECK(values(*db) == std::set<std::string>{"1", "10", "11", "20", "21"});
}
