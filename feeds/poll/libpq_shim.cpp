// The libpq functions the PostgreSQL poll state calls (pg_connection.cpp,
// postgres_state.cpp), defined here under their own names and forwarding to
// libpq.so.5, which is opened when a poller first connects to PostgreSQL
// rather than linked: linking it loaded libpq, Kerberos and LDAP (about 3 ms)
// into every host at start-up. Why by hand: feeds/runtime/lazy_library.hpp.
// Hidden, like every symbol but clipfeed_*. A function the state starts to
// call goes into LIBPQ_SYMBOLS and gets a definition below (DEVELOPERS.md,
// "Lazily loaded libraries"). No libpq function is variadic.
#include "feeds/poll/libpq_shim.hpp"

#include <libpq-fe.h>

#include "feeds/runtime/lazy_shim.hpp"

namespace {

#define LIBPQ_SYMBOLS(X)                                                                                     \
    X(PQconnectdbParams) X(PQfinish) X(PQreset) X(PQstatus) X(PQtransactionStatus) X(PQerrorMessage) X(PQdb)  \
    X(PQhost) X(PQport) X(PQuser) X(PQexec) X(PQprepare) X(PQexecPrepared) X(PQsendQueryPrepared)            \
    X(PQgetResult) X(PQenterPipelineMode) X(PQexitPipelineMode) X(PQpipelineSync) X(PQresultStatus)          \
    X(PQresultErrorMessage) X(PQclear) X(PQntuples) X(PQgetvalue) X(PQgetlength) X(PQgetisnull)              \
    X(PQcmdTuples) X(PQsetnonblocking) X(PQflush) X(PQconsumeInput) X(PQsocket) X(PQpipelineStatus)

CLIPFEED_LAZY_TABLE(LIBPQ_SYMBOLS)

clipfeed::LazyLibrary& libpq() {
    static clipfeed::LazyLibrary library("libpq.so.5", "keeping the poller's state in PostgreSQL", CLIPFEED_LAZY_ARGS);
    return library;
}

#define PQ_FN(name) CLIPFEED_LAZY_CALL(libpq(), name)

}  // namespace

namespace clipfeed {
bool load_libpq(std::string& error) noexcept { return libpq().try_load(error); }
}  // namespace clipfeed

extern "C" {

PGconn* PQconnectdbParams(const char* const* keywords, const char* const* values, int expand_dbname) {
    return PQ_FN(PQconnectdbParams)(keywords, values, expand_dbname);
}
void PQfinish(PGconn* conn) { PQ_FN(PQfinish)(conn); }
void PQreset(PGconn* conn) { PQ_FN(PQreset)(conn); }
ConnStatusType PQstatus(const PGconn* conn) { return PQ_FN(PQstatus)(conn); }
PGTransactionStatusType PQtransactionStatus(const PGconn* conn) { return PQ_FN(PQtransactionStatus)(conn); }
char* PQerrorMessage(const PGconn* conn) { return PQ_FN(PQerrorMessage)(conn); }
char* PQdb(const PGconn* conn) { return PQ_FN(PQdb)(conn); }
char* PQhost(const PGconn* conn) { return PQ_FN(PQhost)(conn); }
char* PQport(const PGconn* conn) { return PQ_FN(PQport)(conn); }
char* PQuser(const PGconn* conn) { return PQ_FN(PQuser)(conn); }
PGresult* PQexec(PGconn* conn, const char* query) { return PQ_FN(PQexec)(conn, query); }
PGresult* PQprepare(PGconn* conn, const char* stmtName, const char* query, int nParams, const Oid* paramTypes) {
    return PQ_FN(PQprepare)(conn, stmtName, query, nParams, paramTypes);
}
PGresult* PQexecPrepared(PGconn* conn, const char* stmtName, int nParams, const char* const* paramValues,
                         const int* paramLengths, const int* paramFormats, int resultFormat) {
    return PQ_FN(PQexecPrepared)(conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat);
}
int PQsendQueryPrepared(PGconn* conn, const char* stmtName, int nParams, const char* const* paramValues,
                        const int* paramLengths, const int* paramFormats, int resultFormat) {
    return PQ_FN(PQsendQueryPrepared)(conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat);
}
PGresult* PQgetResult(PGconn* conn) { return PQ_FN(PQgetResult)(conn); }
int PQsetnonblocking(PGconn* conn, int arg) { return PQ_FN(PQsetnonblocking)(conn, arg); }
int PQflush(PGconn* conn) { return PQ_FN(PQflush)(conn); }
int PQconsumeInput(PGconn* conn) { return PQ_FN(PQconsumeInput)(conn); }
int PQsocket(const PGconn* conn) { return PQ_FN(PQsocket)(conn); }
PGpipelineStatus PQpipelineStatus(const PGconn* conn) { return PQ_FN(PQpipelineStatus)(conn); }
int PQenterPipelineMode(PGconn* conn) { return PQ_FN(PQenterPipelineMode)(conn); }
int PQexitPipelineMode(PGconn* conn) { return PQ_FN(PQexitPipelineMode)(conn); }
int PQpipelineSync(PGconn* conn) { return PQ_FN(PQpipelineSync)(conn); }
ExecStatusType PQresultStatus(const PGresult* res) { return PQ_FN(PQresultStatus)(res); }
char* PQresultErrorMessage(const PGresult* res) { return PQ_FN(PQresultErrorMessage)(res); }
void PQclear(PGresult* res) { PQ_FN(PQclear)(res); }
int PQntuples(const PGresult* res) { return PQ_FN(PQntuples)(res); }
char* PQgetvalue(const PGresult* res, int tup_num, int field_num) { return PQ_FN(PQgetvalue)(res, tup_num, field_num); }
int PQgetlength(const PGresult* res, int tup_num, int field_num) { return PQ_FN(PQgetlength)(res, tup_num, field_num); }
int PQgetisnull(const PGresult* res, int tup_num, int field_num) { return PQ_FN(PQgetisnull)(res, tup_num, field_num); }
char* PQcmdTuples(PGresult* res) { return PQ_FN(PQcmdTuples)(res); }

}  // extern "C"
