#include "support/pg_test_database.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace clipfeed::testing {

bool postgres_required() {
    const char* required = std::getenv("CLIPFEED_REQUIRE_READERS");
    return required && std::string(required) == "1";
}


namespace {

PGconn* connect(const std::string& uri) {
    PGconn* conn = PQconnectdb(uri.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string message = PQerrorMessage(conn);
        PQfinish(conn);
        throw std::runtime_error("cannot connect to the test server: " + message);
    }
    return conn;
}

}  // namespace

std::string test_server_uri(std::string& why_not) {
    if (const char* uri = std::getenv("CLIPFEED_TEST_PG_URI"); uri && *uri) return uri;
    const char* file = std::getenv("CLIPFEED_TEST_PG_URI_FILE");
    if (!file || !*file) {
        why_not = "no test server: run the test through ctest (its pg fixture starts one) or set "
                  "CLIPFEED_TEST_PG_URI";
        return "";
    }
    std::ifstream in(file);
    std::string uri;
    if (!in || !std::getline(in, uri) || uri.empty()) {
        why_not = std::string("the pg fixture started no server (no ") + file +
                  "): are PostgreSQL's server binaries installed?";
        return "";
    }
    return uri;
}

std::string with_database(const std::string& uri, const std::string& database) {
    const std::size_t query = uri.find('?');
    const std::string base = uri.substr(0, query);
    const std::size_t slash = base.rfind('/');
    return base.substr(0, slash + 1) + database + (query == std::string::npos ? "" : uri.substr(query));
}

std::string with_password(const std::string& uri, const std::string& password) {
    const std::size_t scheme = uri.find("://") + 3;
    const std::size_t at = uri.find('@', scheme);
    const std::size_t colon = uri.find(':', scheme);
    return uri.substr(0, colon + 1) + password + uri.substr(at);
}

std::string new_test_database(std::string& why_not) {
    const std::string server = test_server_uri(why_not);
    if (server.empty()) return "";
    static std::atomic<int> counter{0};
    const std::string name = "clipfeed_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    run_sql(server, "CREATE DATABASE " + name);
    return with_database(server, name);
}

void run_sql(const std::string& uri, const std::string& sql) {
    PGconn* conn = connect(uri);
    PGresult* r = PQexec(conn, sql.c_str());
    const ExecStatusType status = PQresultStatus(r);
    std::string message = PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(conn);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        throw std::runtime_error("test SQL '" + sql + "' failed: " + message);
}

std::string query_value(const std::string& uri, const std::string& sql) {
    PGconn* conn = connect(uri);
    PGresult* r = PQexec(conn, sql.c_str());
    std::string value;
    const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
    std::string message = PQresultErrorMessage(r);
    if (ok && PQntuples(r) > 0) value = PQgetvalue(r, 0, 0);
    PQclear(r);
    PQfinish(conn);
    if (!ok) throw std::runtime_error("test query '" + sql + "' failed: " + message);
    return value;
}

}  // namespace clipfeed::testing
