#include "tools/serve/serve_state.hpp"

#include <sqlite3.h>

#include "clipfeed.h"
#include "feeds/runtime/lazy_libraries.hpp"

namespace serve {

namespace {

// The table has a name of its own, so the file may hold other tables too
// ('clipfeed exec' keeps clipfeed_exec_cache the same way).
const char* const kSchema =
    "CREATE TABLE IF NOT EXISTS clipfeed_serve_cache("
    " url TEXT PRIMARY KEY,"            // as listed
    " fetch_url TEXT NOT NULL,"         // where it is fetched now
    " etag TEXT NOT NULL,"              // upstream's validators of rss
    " last_modified TEXT NOT NULL,"
    " feed_interval INTEGER NOT NULL,"  // the feed's ttl, seconds
    " fetched_at INTEGER NOT NULL,"     // Unix times
    " fresh_until INTEGER NOT NULL,"
    " writer TEXT NOT NULL,"            // the clipfeed that rendered rss
    " rss BLOB NOT NULL,"               // the enriched document as served
    " rss_last_modified INTEGER NOT NULL,"  // its Last-Modified
    " title TEXT NOT NULL,"
    " link TEXT NOT NULL,"
    " items INTEGER NOT NULL)";

std::string writer_name() { return std::string("clipfeed ") + clipfeed_version(); }

std::string column_text(sqlite3_stmt* s, int column) {
    const void* data = sqlite3_column_blob(s, column);
    const int size = sqlite3_column_bytes(s, column);
    return data ? std::string(static_cast<const char*>(data), static_cast<std::size_t>(size)) : std::string();
}

void bind_text(sqlite3_stmt* s, int index, const std::string& text) {
    sqlite3_bind_text(s, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

// A prepared statement, finalized when it goes.
struct Statement {
    sqlite3_stmt* s = nullptr;
    Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &s, nullptr); }
    ~Statement() { sqlite3_finalize(s); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
};

}  // namespace

std::unique_ptr<ServeState> ServeState::open(const std::string& path, std::string& error) {
    sqlite3* db = clipfeed::open_sqlite_file(path, SQLITE_OPEN_FULLMUTEX, error);
    if (!db) return nullptr;
    std::unique_ptr<ServeState> state(new ServeState(db, path));
    sqlite3_busy_timeout(db, 5000);  // another server or 'clipfeed exec' may share the file
    char* message = nullptr;
    if (sqlite3_exec(db, kSchema, nullptr, nullptr, &message) != SQLITE_OK) {
        error = "cannot use the state file '" + path + "': " + (message ? message : sqlite3_errmsg(db));
        sqlite3_free(message);
        return nullptr;
    }
    return state;
}

ServeState::ServeState(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

ServeState::~ServeState() { sqlite3_close(db_); }

std::optional<SavedFeed> ServeState::load(const std::string& url, std::string& note) {
    std::lock_guard<std::mutex> lock(mutex_);
    Statement st(db_,
                 "SELECT fetch_url, etag, last_modified, feed_interval, fetched_at, fresh_until, writer, rss, "
                 "rss_last_modified, title, link, items FROM clipfeed_serve_cache WHERE url = ?1");
    if (!st.s) {
        note = "cannot read " + url + " from the state file '" + path_ + "': " + sqlite3_errmsg(db_);
        return std::nullopt;
    }
    bind_text(st.s, 1, url);
    if (sqlite3_step(st.s) != SQLITE_ROW) return std::nullopt;
    std::string rss = column_text(st.s, 7);
    if (rss.empty()) return std::nullopt;
    SavedFeed feed;
    feed.url = url;
    feed.fetch_url = column_text(st.s, 0);
    feed.etag = column_text(st.s, 1);
    feed.last_modified = column_text(st.s, 2);
    feed.feed_interval = sqlite3_column_int64(st.s, 3);
    feed.fetched_at = sqlite3_column_int64(st.s, 4);
    feed.fresh_until = sqlite3_column_int64(st.s, 5);
    const std::string writer = column_text(st.s, 6);
    const std::int64_t items = sqlite3_column_int64(st.s, 11);
    feed.rendering = restore_rendering(std::move(rss), sqlite3_column_int64(st.s, 8), column_text(st.s, 9),
                                       column_text(st.s, 10), static_cast<std::size_t>(items < 0 ? 0 : items));
    if (writer != writer_name()) {
        // Upstream's 304 would vouch for a document this version did not write.
        note = url + " was kept by " + writer + ": served only if upstream fails until it is fetched anew";
        feed.etag.clear();
        feed.last_modified.clear();
        feed.fresh_until = 0;
    }
    return feed;
}

bool ServeState::save(const SavedFeed& feed, bool rendering_changed, std::string& error) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (rendering_changed) return save_all(feed, error);
    Statement st(db_, "UPDATE clipfeed_serve_cache SET fetch_url = ?2, fetched_at = ?3, fresh_until = ?4 "
                      "WHERE url = ?1 AND writer = ?5");
    if (st.s) {
        bind_text(st.s, 1, feed.url);
        bind_text(st.s, 2, feed.fetch_url);
        sqlite3_bind_int64(st.s, 3, feed.fetched_at);
        sqlite3_bind_int64(st.s, 4, feed.fresh_until);
        bind_text(st.s, 5, writer_name());
        if (sqlite3_step(st.s) == SQLITE_DONE && sqlite3_changes(db_) > 0) return true;
    }
    return save_all(feed, error);  // no row of ours to update (a save that failed before, another version's)
}

bool ServeState::save_all(const SavedFeed& feed, std::string& error) {
    if (!feed.rendering) return true;
    Statement st(db_,
                 "INSERT OR REPLACE INTO clipfeed_serve_cache(url, fetch_url, etag, last_modified, feed_interval, "
                 "fetched_at, fresh_until, writer, rss, rss_last_modified, title, link, items) "
                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    bool done = false;
    if (st.s) {
        const Rendering& r = *feed.rendering;
        bind_text(st.s, 1, feed.url);
        bind_text(st.s, 2, feed.fetch_url);
        bind_text(st.s, 3, feed.etag);
        bind_text(st.s, 4, feed.last_modified);
        sqlite3_bind_int64(st.s, 5, feed.feed_interval);
        sqlite3_bind_int64(st.s, 6, feed.fetched_at);
        sqlite3_bind_int64(st.s, 7, feed.fresh_until);
        bind_text(st.s, 8, writer_name());
        sqlite3_bind_blob64(st.s, 9, r.rss.data(), r.rss.size(), SQLITE_STATIC);  // bound for this step only
        sqlite3_bind_int64(st.s, 10, r.last_modified);
        bind_text(st.s, 11, r.title);
        bind_text(st.s, 12, r.link);
        sqlite3_bind_int64(st.s, 13, static_cast<sqlite3_int64>(r.items));
        done = sqlite3_step(st.s) == SQLITE_DONE;
    }
    if (!done) error = "cannot save " + feed.url + " in the state file '" + path_ + "': " + sqlite3_errmsg(db_);
    return done;
}

}  // namespace serve
