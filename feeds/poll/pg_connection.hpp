// One libpq connection for the PostgreSQL poll state: statements prepared
// on first use and kept, pipelines of many statements with one round trip,
// reconnection after the server went away, and messages that name the
// server and database (never the password).
#pragma once

#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

struct pg_conn;
struct pg_result;

namespace clipfeed {

// The server cannot be reached, or the connection broke: trying again later
// may work. What was being written is rolled back by the server.
class StateUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

using PgParams = std::vector<std::optional<std::string>>;  // text values; nullopt is NULL

// One statement of a pipeline: `sql` is a string literal (its address names
// the prepared statement).
struct PgStatement {
    const char* sql;
    PgParams params;
};

class PgResult {
public:
    explicit PgResult(pg_result* result = nullptr) : result_(result) {}
    ~PgResult();
    PgResult(PgResult&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
    PgResult& operator=(PgResult&& other) noexcept;
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;

    int rows() const;
    bool is_null(int row, int col) const;
    std::string text(int row, int col) const;
    std::int64_t integer(int row, int col) const;
    bool boolean(int row, int col) const { return text(row, col) == "t"; }
    std::int64_t affected() const;  // rows an INSERT/UPDATE/DELETE changed

private:
    pg_result* result_;
};

class PgConnection {
public:
    // Connects to `uri` (anything libpq accepts, with its environment:
    // PGPASSFILE, PGSERVICE, TLS settings). nullptr on failure, with `error`
    // naming the server and database and `unavailable` set when the failure
    // may pass (the server is down or starting) rather than be for good (a
    // wrong password, no such database).
    static std::unique_ptr<PgConnection> connect(const std::string& uri, std::string& error, bool& unavailable);
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    // Runs one prepared statement (`sql` a string literal) and returns its
    // rows. Throws StateUnavailable when the connection is lost (after one
    // reconnect and retry, which is safe: every statement clipfeed runs may run
    // twice), std::runtime_error for any other failure.
    PgResult run(const char* sql, const PgParams& params = {});
    // Runs text that is not kept prepared (schema set-up: may hold several statements).
    void run_script(const std::string& sql);
    // Sends every statement, then waits once for all their results. The first
    // failure throws (a transaction the statements opened is rolled back).
    // Retried once on a lost connection, as run().
    void pipeline(const std::vector<PgStatement>& statements);
    // The same without waiting: sends the statements and returns, so the
    // caller works on while the server runs them. They are one transaction
    // of their own (give no BEGIN or COMMIT). Their results are read when
    // run(), pipeline(), finish() or the destructor is called, a statement
    // new to the session is prepared, a receive() needs a later answer, or
    // more than 8 pipelines are out; that call throws their failure (after
    // one retry on a lost connection). Only outside a transaction; inside
    // one it waits, as pipeline().
    void pipeline_async(std::vector<PgStatement> statements);
    // Reads every pipeline out; throws the first failure.
    void finish();
    // One statement sent without waiting, its rows taken later with
    // receive(ticket) (which waits if they are not there yet). A statement
    // run in between reads them first and keeps them for receive(), so
    // several may be sent before their rows are taken.
    using Ticket = std::uint64_t;
    Ticket send(const char* sql, PgParams params);
    PgResult receive(Ticket ticket);

    // "database "d" on server h:p", for messages.
    const std::string& where() const { return where_; }

private:
    explicit PgConnection(pg_conn* conn);
    void ensure_connected();
    void set_up_session();  // settings of each session (also after a reconnect)
    // The server-side name of `sql`'s prepared statement, prepared (one round
    // trip) the first time this session sees it.
    const std::string& statement_name(const char* sql);
    bool lost() const;
    [[noreturn]] void fail(const std::string& doing, const std::string& detail);
    PgResult run_once(const char* sql, const PgParams& params);
    void pipeline_once(const std::vector<PgStatement>& statements);
    std::size_t pipeline_send(const std::vector<PgStatement>& statements);  // how many were sent
    // Reads a pipeline's results; `last`, when given, gets the last statement's.
    // Leaves pipeline mode unless `more` pipelines are still out.
    void pipeline_collect(std::size_t count, std::size_t sent, std::string first_error, PgResult* last,
                          bool more = false);

    pg_conn* conn_;
    std::string where_;
    std::unordered_map<const char*, std::string> prepared_;  // sql -> statement name
    // Pipelines sent and not yet read, oldest first: each ends with a sync,
    // so each is its own transaction (or a send()'s query). Several may be
    // out at once, so that the caller works on while the server runs them.
    struct InFlight {
        std::vector<PgStatement> statements;
        std::size_t sent = 0;    // how many were sent
        std::string send_error;  // why not all were
        Ticket ticket = 0;       // a send() (not 0): its rows are kept for receive()
    };
    std::deque<InFlight> in_flight_;
    static constexpr std::size_t kMaxInFlight = 8;  // more waits for the oldest first
    void send_group(std::vector<PgStatement> statements, Ticket ticket);
    // Reads the oldest pipeline's results: a write's failure is thrown, a
    // send()'s rows or failure kept for receive(). A lost connection sends
    // it and every later one again, waiting, once.
    void collect_oldest();
    void resend_after_loss(std::deque<InFlight> groups);
    std::string first_send_error_;  // of the last pipeline_send()
    Ticket last_ticket_ = 0;
    std::unordered_map<Ticket, PgResult> received_;  // send()s' rows, read before receive() asked
    std::unordered_map<Ticket, std::exception_ptr> failed_;  // send()s that failed, for receive() to throw
};

// A PostgreSQL array literal of texts or integers, for `= ANY($1::text[])`.
std::string pg_array(const std::vector<std::string>& values);
std::string pg_array(const std::vector<std::int64_t>& values);

}  // namespace clipfeed
