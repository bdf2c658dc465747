// What a PostgreSQL test says when there is no server to run on: a warning,
// or a failure where every real program must run (CLIPFEED_REQUIRE_READERS=1:
// ./dev.sh test, so CI). For Catch2 tests; the helpers beside it
// (pg_test_database.hpp) serve the benchmarks too, so they do not report.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "support/pg_test_database.hpp"

namespace clipfeed::testing {

// Says why a PostgreSQL test did not run. Always true, so that
// `if (...) return;` reads on.
inline bool postgres_missing(const std::string& why_not) {
    if (postgres_required())
        FAIL_CHECK("PostgreSQL not run, and CLIPFEED_REQUIRE_READERS=1: " << why_not);
    else
        WARN("PostgreSQL skipped: " << why_not);
    return true;
}

// A new database of the test server, or "" once postgres_missing() has said why.
inline std::string new_test_database_or_report() {
    std::string why_not;
    std::string uri = new_test_database(why_not);
    if (uri.empty()) postgres_missing(why_not);
    return uri;
}

}  // namespace clipfeed::testing
