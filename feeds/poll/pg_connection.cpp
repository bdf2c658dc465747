#include "feeds/poll/pg_connection.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>

#include <cstdlib>
#include <utility>

#include "feeds/poll/libpq_shim.hpp"

namespace clipfeed {

namespace {

// libpq's messages run over several lines ("...failed: Connection refused\n\tIs
// the server running..."): one line for ours.
std::string one_line(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '\t') c = ' ';
    std::string out;
    for (char c : text)
        if (!(c == ' ' && (out.empty() || out.back() == ' '))) out += c;
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string describe(pg_conn* conn) {
    auto value = [](const char* v) { return std::string(v && *v ? v : "?"); };
    std::string host = value(PQhost(conn));
    if (!host.empty() && host[0] == '/') host = "socket " + host;  // a Unix socket folder
    return "database \"" + value(PQdb(conn)) + "\" on server " + host + ":" + value(PQport(conn)) + " as user \"" +
           value(PQuser(conn)) + "\"";
}

// Failures a later attempt may get past: no server listening, starting up,
// shutting down, too many clients. Not a wrong password, a missing database
// or role, or a refused TLS handshake.
bool may_pass(const std::string& message) {
    for (const char* permanent : {"password authentication failed", "authentication failed", "does not exist",
                                  "no password supplied", "pg_hba.conf", "certificate", "SSL", "invalid"})
        if (message.find(permanent) != std::string::npos) return false;
    return true;
}

void append_escaped(std::string& out, const std::string& value) {
    out += '"';
    for (char c : value) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += '"';
}

}  // namespace

PgResult::~PgResult() { PQclear(result_); }

PgResult& PgResult::operator=(PgResult&& other) noexcept {
    if (this != &other) {
        PQclear(result_);
        result_ = other.result_;
        other.result_ = nullptr;
    }
    return *this;
}

int PgResult::rows() const { return result_ ? PQntuples(result_) : 0; }
bool PgResult::is_null(int row, int col) const { return PQgetisnull(result_, row, col) != 0; }
std::string PgResult::text(int row, int col) const {
    return std::string(PQgetvalue(result_, row, col), static_cast<std::size_t>(PQgetlength(result_, row, col)));
}
std::int64_t PgResult::integer(int row, int col) const {
    return is_null(row, col) ? 0 : std::strtoll(PQgetvalue(result_, row, col), nullptr, 10);
}
std::int64_t PgResult::affected() const {
    const char* n = result_ ? PQcmdTuples(result_) : "";
    return *n ? std::strtoll(n, nullptr, 10) : 0;
}

std::unique_ptr<PgConnection> PgConnection::connect(const std::string& uri, std::string& error, bool& unavailable) {
    // The URI's own settings win over these defaults (libpq takes the last
    // value given; the expanded dbname comes last). Without a connect timeout
    // a server that drops packets would hold the poller for minutes.
    std::vector<const char*> keys{"fallback_application_name"};
    std::vector<const char*> values{"clipfeed"};
    if (!std::getenv("PGCONNECT_TIMEOUT")) {
        keys.push_back("connect_timeout");
        values.push_back("10");
    }
    keys.push_back("dbname");
    values.push_back(uri.c_str());
    keys.push_back(nullptr);
    values.push_back(nullptr);
    std::string unavailable_library;
    if (!load_libpq(unavailable_library)) {  // libpq is opened here, on the first connection
        error = "cannot connect to the PostgreSQL state: " + unavailable_library;
        unavailable = false;  // trying again will not help
        return nullptr;
    }
    pg_conn* conn = PQconnectdbParams(keys.data(), values.data(), 1);
    if (!conn) {
        error = "cannot connect to the PostgreSQL state: out of memory";
        unavailable = false;
        return nullptr;
    }
    if (PQstatus(conn) != CONNECTION_OK) {
        const std::string message = one_line(PQerrorMessage(conn));
        error = "cannot connect to the PostgreSQL state (" + describe(conn) + "): " + message;
        unavailable = may_pass(message);
        PQfinish(conn);
        return nullptr;
    }
    std::unique_ptr<PgConnection> db(new PgConnection(conn));
    db->set_up_session();
    return db;
}

void PgConnection::set_up_session() {
    // Every statement's plan is made once, when it is prepared, for any
    // parameters: the statements look rows up by key from arrays of any
    // length, which the generic plan does with the index (it assumes a short
    // array), where a plan for one batch's 640 keys may hash the whole table
    // instead; and planning them again for every batch cost as much as
    // running them. A server without the setting (before 12) plans as it does.
    PQclear(PQexec(conn_, "SET plan_cache_mode = force_generic_plan"));
}

// PQreset() reconnects with the connection's own parameters: the URI is not kept.
PgConnection::PgConnection(pg_conn* conn) : conn_(conn), where_(describe(conn)) {}

const std::string& PgConnection::statement_name(const char* sql) {
    auto it = prepared_.find(sql);
    if (it != prepared_.end()) return it->second;
    const std::string name = "s" + std::to_string(prepared_.size());
    PGresult* prepared = PQprepare(conn_, name.c_str(), sql, 0, nullptr);
    const bool ok = prepared && PQresultStatus(prepared) == PGRES_COMMAND_OK;
    const std::string detail = prepared ? PQresultErrorMessage(prepared) : PQerrorMessage(conn_);
    PQclear(prepared);
    if (!ok) fail("preparing a statement", detail);
    return prepared_.emplace(sql, name).first->second;
}

PgConnection::~PgConnection() {
    try {
        finish();  // what was sent is committed before the connection closes
    } catch (...) {
        // Nothing to tell anyone now: what was not saved is fetched again.
    }
    PQfinish(conn_);
}

bool PgConnection::lost() const { return PQstatus(conn_) == CONNECTION_BAD; }

void PgConnection::ensure_connected() {
    if (!lost()) return;
    // The server's prepared statements went with the old session.
    prepared_.clear();
    PQreset(conn_);
    if (lost())
        throw StateUnavailable("lost the connection to the PostgreSQL state (" + where_ +
                               ") and cannot reconnect: " + one_line(PQerrorMessage(conn_)));
    set_up_session();
}

void PgConnection::fail(const std::string& doing, const std::string& detail) {
    const std::string message = "the PostgreSQL state (" + where_ + "): " + doing + " failed: " + one_line(detail);
    if (lost()) throw StateUnavailable(message + " (the connection was lost; nothing of it was saved)");
    throw std::runtime_error(message);
}

PgResult PgConnection::run(const char* sql, const PgParams& params) {
    finish();  // an earlier pipeline_async's results first
    // Inside a transaction of several statements a retry would run this one
    // alone: the caller's whole operation fails instead, and is retried.
    const bool alone = lost() || PQtransactionStatus(conn_) == PQTRANS_IDLE;
    try {
        return run_once(sql, params);
    } catch (const StateUnavailable&) {
        if (!alone) throw;
        // Once: the server may have restarted since the last statement.
        return run_once(sql, params);
    }
}

PgResult PgConnection::run_once(const char* sql, const PgParams& params) {
    ensure_connected();
    const std::string& name = statement_name(sql);
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    PGresult* r = PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                                 nullptr, 0);
    const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        const std::string detail = r ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
        PQclear(r);
        if (!lost() && PQtransactionStatus(conn_) == PQTRANS_INERROR && std::string(sql) != "COMMIT")
            PQclear(PQexec(conn_, "ROLLBACK"));
        fail("a statement", detail);
    }
    return PgResult(r);
}

void PgConnection::run_script(const std::string& sql) {
    finish();
    ensure_connected();
    PGresult* r = PQexec(conn_, sql.c_str());
    const bool ok = r && (PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK);
    const std::string detail = r ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
    PQclear(r);
    if (!ok) {
        if (PQtransactionStatus(conn_) == PQTRANS_INERROR) PQclear(PQexec(conn_, "ROLLBACK"));
        fail("running SQL", detail);
    }
}

void PgConnection::pipeline(const std::vector<PgStatement>& statements) {
    finish();
    const bool alone = lost() || PQtransactionStatus(conn_) == PQTRANS_IDLE;
    try {
        pipeline_once(statements);
    } catch (const StateUnavailable&) {
        if (!alone) throw;
        pipeline_once(statements);
    }
}

void PgConnection::pipeline_async(std::vector<PgStatement> statements) {
    // Inside a transaction of the caller's: no waiting on its behalf.
    if (in_flight_.empty() && !lost() && PQtransactionStatus(conn_) != PQTRANS_IDLE) {
        pipeline(statements);
        return;
    }
    send_group(std::move(statements), 0);
}

PgConnection::Ticket PgConnection::send(const char* sql, PgParams params) {
    const Ticket ticket = ++last_ticket_;
    std::vector<PgStatement> statements;
    statements.push_back({sql, std::move(params)});
    send_group(std::move(statements), ticket);
    return ticket;
}

void PgConnection::send_group(std::vector<PgStatement> statements, Ticket ticket) {
    if (lost() || in_flight_.size() >= kMaxInFlight) finish();
    // A statement new to this session is prepared first, outside the pipeline.
    for (const PgStatement& s : statements)
        if (!prepared_.count(s.sql)) {
            finish();
            break;
        }
    InFlight group;
    group.ticket = ticket;
    try {
        group.sent = pipeline_send(statements);
    } catch (const StateUnavailable&) {
        // Once more, waiting: the server may have restarted.
        if (ticket) {
            try {
                received_[ticket] = run(statements.front().sql, statements.front().params);
            } catch (const std::runtime_error&) {
                failed_[ticket] = std::current_exception();
            }
        } else {
            pipeline_once(statements);
        }
        return;
    }
    group.send_error = first_send_error_;
    group.statements = std::move(statements);
    in_flight_.push_back(std::move(group));
}

PgResult PgConnection::receive(Ticket ticket) {
    auto waiting = [&] {
        for (const InFlight& g : in_flight_)
            if (g.ticket == ticket) return true;
        return false;
    };
    while (waiting()) collect_oldest();
    auto failed = failed_.find(ticket);
    if (failed != failed_.end()) {
        std::exception_ptr failure = failed->second;
        failed_.erase(failed);
        std::rethrow_exception(failure);
    }
    auto it = received_.find(ticket);
    if (it == received_.end()) throw std::logic_error("PgConnection::receive() of a statement not sent, or taken");
    PgResult rows = std::move(it->second);
    received_.erase(it);
    return rows;
}

void PgConnection::finish() {
    // Every pipeline is read, also after a failure of one; the first is thrown.
    std::exception_ptr first;
    while (!in_flight_.empty()) {
        try {
            collect_oldest();
        } catch (...) {
            if (!first) first = std::current_exception();
        }
    }
    if (first) std::rethrow_exception(first);
}

void PgConnection::collect_oldest() {
    InFlight group = std::move(in_flight_.front());
    in_flight_.pop_front();
    try {
        PgResult rows;
        pipeline_collect(group.statements.size(), group.sent, group.send_error, group.ticket ? &rows : nullptr,
                         !in_flight_.empty());
        if (group.ticket) received_[group.ticket] = std::move(rows);
    } catch (const StateUnavailable&) {
        // Lost before the server answered: what it had not committed was
        // rolled back. This pipeline and every later one are sent again.
        std::deque<InFlight> groups;
        groups.push_back(std::move(group));
        for (InFlight& g : in_flight_) groups.push_back(std::move(g));
        in_flight_.clear();
        resend_after_loss(std::move(groups));
    } catch (const std::runtime_error&) {
        // A send()'s failure belongs to whoever receive()s it.
        if (!group.ticket) throw;
        failed_[group.ticket] = std::current_exception();
    }
}

void PgConnection::resend_after_loss(std::deque<InFlight> groups) {
    std::exception_ptr first;
    for (InFlight& g : groups) {
        try {
            if (g.ticket) received_[g.ticket] = run_once(g.statements.front().sql, g.statements.front().params);
            else pipeline_once(g.statements);
        } catch (const std::runtime_error&) {
            if (g.ticket) failed_[g.ticket] = std::current_exception();
            else if (!first) first = std::current_exception();
        }
    }
    if (first) std::rethrow_exception(first);
}

void PgConnection::pipeline_once(const std::vector<PgStatement>& statements) {
    const std::size_t sent = pipeline_send(statements);
    pipeline_collect(statements.size(), sent, first_send_error_, nullptr);
}

std::size_t PgConnection::pipeline_send(const std::vector<PgStatement>& statements) {
    ensure_connected();
    // Statements are prepared first, one round trip each, once per session.
    for (const PgStatement& s : statements) statement_name(s.sql);
    if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF && PQenterPipelineMode(conn_) != 1)
        fail("starting a pipeline", PQerrorMessage(conn_));
    first_send_error_.clear();
    // Sent without blocking: with several pipelines out, the server may be
    // writing answers this side has not read while this side writes, and each
    // would wait for the other. flush_output() reads while it writes.
    PQsetnonblocking(conn_, 1);
    std::vector<const char*> values;
    std::size_t sent = 0;
    for (const PgStatement& s : statements) {
        values.clear();
        for (const auto& p : s.params) values.push_back(p ? p->c_str() : nullptr);
        if (PQsendQueryPrepared(conn_, prepared_.at(s.sql).c_str(), static_cast<int>(values.size()), values.data(),
                                nullptr, nullptr, 0) != 1) {
            first_send_error_ = PQerrorMessage(conn_);
            break;
        }
        ++sent;
    }
    if (PQpipelineSync(conn_) != 1 && first_send_error_.empty()) first_send_error_ = PQerrorMessage(conn_);
    int flushed;
    while ((flushed = PQflush(conn_)) == 1) {
        pollfd p{PQsocket(conn_), POLLIN | POLLOUT, 0};
        if (::poll(&p, 1, 1000) < 0 && errno != EINTR) break;
        if ((p.revents & POLLIN) && PQconsumeInput(conn_) != 1) break;
    }
    if (flushed != 0 && first_send_error_.empty()) first_send_error_ = PQerrorMessage(conn_);
    PQsetnonblocking(conn_, 0);
    return sent;
}

void PgConnection::pipeline_collect(std::size_t count, std::size_t sent, std::string first_error, PgResult* last,
                                    bool more) {
    // Each statement's result, then the sync's.
    for (std::size_t i = 0; i < sent && !lost(); ++i) {
        PGresult* r = PQgetResult(conn_);
        if (!r) {
            if (first_error.empty()) first_error = PQerrorMessage(conn_);
            break;
        }
        const ExecStatusType status = PQresultStatus(r);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && first_error.empty())
            first_error = status == PGRES_PIPELINE_ABORTED ? "aborted" : PQresultErrorMessage(r);
        if (last && i + 1 == sent) *last = PgResult(r);  // kept: the caller reads its rows
        else PQclear(r);
        PQclear(PQgetResult(conn_));  // the NULL that ends each statement's results
    }
    while (!lost()) {
        PGresult* r = PQgetResult(conn_);
        if (!r) continue;
        const bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
        PQclear(r);
        if (sync) break;
    }
    if (!more) PQexitPipelineMode(conn_);
    if (lost() && first_error.empty()) first_error = PQerrorMessage(conn_);
    if (!first_error.empty()) {
        if (!more && !lost() && PQtransactionStatus(conn_) == PQTRANS_INERROR) PQclear(PQexec(conn_, "ROLLBACK"));
        fail("writing " + std::to_string(count) + " statements", first_error);
    }
}

std::string pg_array(const std::vector<std::string>& values) {
    std::string out = "{";
    for (const std::string& v : values) {
        if (out.size() > 1) out += ',';
        append_escaped(out, v);
    }
    return out + "}";
}

std::string pg_array(const std::vector<std::int64_t>& values) {
    std::string out = "{";
    for (std::int64_t v : values) {
        if (out.size() > 1) out += ',';
        out += std::to_string(v);
    }
    return out + "}";
}

}  // namespace clipfeed
