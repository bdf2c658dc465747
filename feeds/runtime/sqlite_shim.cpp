// The SQLite functions clipfeed calls (the poll state, feeds/poll/sqlite_state.cpp,
// and the command's caches), defined here under their own names and forwarding
// to libsqlite3.so.0, which is opened when a state is first opened rather than
// linked: linking it cost every process that loads libclipfeed.so.1 about
// 0.3 ms at start-up (mapping 1.4 MB and relocating it), a tenth of a
// `clipfeed parse` of a small feed, which never opens a state. Why by hand:
// feeds/runtime/lazy_library.hpp.
//
// Hidden, like every symbol but clipfeed_*. A function clipfeed starts to call
// goes into SQLITE_SYMBOLS and gets a definition below (DEVELOPERS.md,
// "Lazily loaded libraries"). No SQLite function called here is variadic.
#include "feeds/runtime/lazy_libraries.hpp"

#include <sqlite3.h>

#include "feeds/runtime/lazy_shim.hpp"

namespace {

#define SQLITE_SYMBOLS(X)                                                                                     \
    X(sqlite3_open_v2) X(sqlite3_close) X(sqlite3_errmsg) X(sqlite3_exec) X(sqlite3_free) X(sqlite3_changes)    \
    X(sqlite3_busy_timeout) X(sqlite3_prepare_v2) X(sqlite3_prepare_v3) X(sqlite3_step) X(sqlite3_reset)         \
    X(sqlite3_finalize) X(sqlite3_clear_bindings) X(sqlite3_bind_int64) X(sqlite3_bind_text) X(sqlite3_bind_null) \
    X(sqlite3_bind_blob) X(sqlite3_bind_blob64) X(sqlite3_column_int64) X(sqlite3_column_bytes)                  \
    X(sqlite3_column_blob) X(sqlite3_column_text) X(sqlite3_column_type)

CLIPFEED_LAZY_TABLE(SQLITE_SYMBOLS)

clipfeed::LazyLibrary& sqlite() {
    static clipfeed::LazyLibrary library("libsqlite3.so.0", "keeping state in SQLite", CLIPFEED_LAZY_ARGS);
    return library;
}

#define SQLITE_FN(name) CLIPFEED_LAZY_CALL(sqlite(), name)

}  // namespace

extern "C" {

int sqlite3_open_v2(const char* filename, sqlite3** db, int flags, const char* vfs) {
    return SQLITE_FN(sqlite3_open_v2)(filename, db, flags, vfs);
}
int sqlite3_close(sqlite3* db) { return SQLITE_FN(sqlite3_close)(db); }
const char* sqlite3_errmsg(sqlite3* db) { return SQLITE_FN(sqlite3_errmsg)(db); }
int sqlite3_exec(sqlite3* db, const char* sql, int (*callback)(void*, int, char**, char**), void* argument,
                 char** error) {
    return SQLITE_FN(sqlite3_exec)(db, sql, callback, argument, error);
}
void sqlite3_free(void* p) { SQLITE_FN(sqlite3_free)(p); }
int sqlite3_changes(sqlite3* db) { return SQLITE_FN(sqlite3_changes)(db); }
int sqlite3_busy_timeout(sqlite3* db, int ms) { return SQLITE_FN(sqlite3_busy_timeout)(db, ms); }
int sqlite3_prepare_v2(sqlite3* db, const char* sql, int bytes, sqlite3_stmt** statement, const char** tail) {
    return SQLITE_FN(sqlite3_prepare_v2)(db, sql, bytes, statement, tail);
}
int sqlite3_prepare_v3(sqlite3* db, const char* sql, int bytes, unsigned int flags, sqlite3_stmt** statement,
                       const char** tail) {
    return SQLITE_FN(sqlite3_prepare_v3)(db, sql, bytes, flags, statement, tail);
}
int sqlite3_step(sqlite3_stmt* s) { return SQLITE_FN(sqlite3_step)(s); }
int sqlite3_reset(sqlite3_stmt* s) { return SQLITE_FN(sqlite3_reset)(s); }
int sqlite3_finalize(sqlite3_stmt* s) { return SQLITE_FN(sqlite3_finalize)(s); }
int sqlite3_clear_bindings(sqlite3_stmt* s) { return SQLITE_FN(sqlite3_clear_bindings)(s); }
int sqlite3_bind_int64(sqlite3_stmt* s, int i, sqlite3_int64 v) { return SQLITE_FN(sqlite3_bind_int64)(s, i, v); }
int sqlite3_bind_text(sqlite3_stmt* s, int i, const char* v, int bytes, void (*destructor)(void*)) {
    return SQLITE_FN(sqlite3_bind_text)(s, i, v, bytes, destructor);
}
int sqlite3_bind_null(sqlite3_stmt* s, int i) { return SQLITE_FN(sqlite3_bind_null)(s, i); }
int sqlite3_bind_blob(sqlite3_stmt* s, int i, const void* v, int bytes, void (*destructor)(void*)) {
    return SQLITE_FN(sqlite3_bind_blob)(s, i, v, bytes, destructor);
}
int sqlite3_bind_blob64(sqlite3_stmt* s, int i, const void* v, sqlite3_uint64 bytes, void (*destructor)(void*)) {
    return SQLITE_FN(sqlite3_bind_blob64)(s, i, v, bytes, destructor);
}
sqlite3_int64 sqlite3_column_int64(sqlite3_stmt* s, int column) { return SQLITE_FN(sqlite3_column_int64)(s, column); }
int sqlite3_column_bytes(sqlite3_stmt* s, int column) { return SQLITE_FN(sqlite3_column_bytes)(s, column); }
const void* sqlite3_column_blob(sqlite3_stmt* s, int column) { return SQLITE_FN(sqlite3_column_blob)(s, column); }
const unsigned char* sqlite3_column_text(sqlite3_stmt* s, int column) {
    return SQLITE_FN(sqlite3_column_text)(s, column);
}
int sqlite3_column_type(sqlite3_stmt* s, int column) { return SQLITE_FN(sqlite3_column_type)(s, column); }

}  // extern "C"

namespace clipfeed {

sqlite3* open_sqlite_file(const std::string& path, int extra_flags, std::string& error) {
    const std::string failed = "cannot open the state file '" + path + "': ";
    std::string unavailable;
    if (!sqlite().try_load(unavailable)) {
        error = failed + unavailable;
        return nullptr;
    }
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | extra_flags, nullptr) !=
        SQLITE_OK) {
        error = failed + (db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return nullptr;
    }
    return db;
}

}  // namespace clipfeed
