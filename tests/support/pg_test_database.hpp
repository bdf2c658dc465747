// Databases of their own for tests of the PostgreSQL poll state, on the
// server the CTest fixture started (tests/support/pg_cluster.py start DIR;
// its superuser URI in DIR/uri, named by CLIPFEED_TEST_PG_URI_FILE, or the URI
// itself in CLIPFEED_TEST_PG_URI).
#pragma once

#include <string>

namespace clipfeed::testing {

// Whether a missing server must fail a test rather than skip it: where every
// real program must run (CLIPFEED_REQUIRE_READERS=1: ./dev.sh test, so CI).
bool postgres_required();
// The server's superuser URI; "" with `why_not` when there is no server.
std::string test_server_uri(std::string& why_not);
// A new empty database on that server, and its URI; "" with `why_not`.
std::string new_test_database(std::string& why_not);
// `uri` naming database `database` instead.
std::string with_database(const std::string& uri, const std::string& database);
// `uri` with `password` instead of its own.
std::string with_password(const std::string& uri, const std::string& password);
// Runs `sql` on the database of `uri`; throws std::runtime_error with the server's message.
void run_sql(const std::string& uri, const std::string& sql);
// The first column of the first row of `sql`, as text ("" when none).
std::string query_value(const std::string& uri, const std::string& sql);

}  // namespace clipfeed::testing
