#include "feeds/poll/sqlite_state.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <unordered_map>

#include "feeds/runtime/lazy_libraries.hpp"

namespace clipfeed {

namespace {

constexpr int kSchemaVersion = 1;

const char* const kSchema = R"sql(
CREATE TABLE feeds(
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL UNIQUE,
  key TEXT NOT NULL DEFAULT '',
  interval INTEGER,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  next_poll INTEGER NOT NULL DEFAULT 0,
  error_count INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  gone INTEGER NOT NULL DEFAULT 0,
  title TEXT NOT NULL DEFAULT '',
  last_content INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE items(
  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  delivered_hash TEXT NOT NULL DEFAULT '',
  pending_hash TEXT,
  payload TEXT,
  pending_order INTEGER,
  last_seen INTEGER NOT NULL,
  PRIMARY KEY(feed_id, key)
) WITHOUT ROWID;
CREATE INDEX items_pending ON items(feed_id, pending_order) WHERE payload IS NOT NULL;
)sql";

// A prepared statement: its own, finalized on scope exit, or one SqliteState
// keeps (SqliteState::prepared), reset on scope exit for its next use. Errors
// throw, with SQLite's message; SqliteState's callers turn them into poll errors.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) : db_(db), owned_(true) {
        if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) fail("preparing");
    }
    Statement(sqlite3* db, sqlite3_stmt* kept) : db_(db), stmt_(kept), owned_(false) {}
    ~Statement() {
        if (owned_) {
            sqlite3_finalize(stmt_);
        } else {
            sqlite3_reset(stmt_);
            sqlite3_clear_bindings(stmt_);
        }
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int i, std::int64_t v) {
        sqlite3_bind_int64(stmt_, i, v);
        return *this;
    }
    Statement& bind(int i, const std::string& v) {
        sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind_null(int i) {
        sqlite3_bind_null(stmt_, i);
        return *this;
    }
    // True while there is a row.
    bool step() {
        int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc != SQLITE_DONE) fail("running");
        return false;
    }
    void run() {
        step();
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    void reset() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
    bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
    std::string text(int col) const {
        const unsigned char* p = sqlite3_column_text(stmt_, col);
        return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
                 : std::string();
    }

private:
    [[noreturn]] void fail(const char* doing) {
        throw std::runtime_error(std::string("state database: ") + doing + " a query failed: " + sqlite3_errmsg(db_));
    }
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    bool owned_;
};

const char* const kFeedColumns =
    "id, url, key, interval, etag, last_modified, next_poll, error_count, last_error, gone, title";

StoredFeed feed_from(const Statement& s) {
    StoredFeed f;
    f.id = s.integer(0);
    f.url = s.text(1);
    f.key = s.text(2);
    if (!s.is_null(3)) f.interval = s.integer(3);
    f.etag = s.text(4);
    f.last_modified = s.text(5);
    f.next_poll = s.integer(6);
    f.error_count = static_cast<int>(s.integer(7));
    f.last_error = s.text(8);
    f.gone = s.integer(9) != 0;
    f.title = s.text(10);
    return f;
}

std::vector<StoredFeed> select_feeds(sqlite3* db, const std::string& where, std::int64_t arg, bool bind_arg) {
    Statement s(db, ("SELECT " + std::string(kFeedColumns) + " FROM feeds " + where).c_str());
    if (bind_arg) s.bind(1, arg);
    std::vector<StoredFeed> out;
    while (s.step()) out.push_back(feed_from(s));
    return out;
}

std::vector<PendingItem> select_pending(sqlite3* db, const char* where, std::int64_t feed_id, bool bind_feed) {
    Statement s(db, (std::string("SELECT feed_id, key, pending_hash, delivered_hash, payload FROM items "
                                 "WHERE payload IS NOT NULL ") +
                     where + " ORDER BY feed_id, pending_order")
                        .c_str());
    if (bind_feed) s.bind(1, feed_id);
    std::vector<PendingItem> out;
    while (s.step()) {
        PendingItem p;
        p.feed_id = s.integer(0);
        p.key = s.text(1);
        p.content_hash = s.text(2);
        p.update = !s.text(3).empty();
        p.payload = s.text(4);
        out.push_back(std::move(p));
    }
    return out;
}

// Runs a pragma or statement during open, mapping SQLite's failures to the
// errors a user can act on.
bool open_step(sqlite3* db, const char* sql, const std::string& path, std::string& error) {
    char* message = nullptr;
    int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    std::string detail = message ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    if (rc == SQLITE_OK) return true;
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        error = "the state file '" + path + "' is locked by another process (is another clipfeed polling it?)";
    else if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
        error = "the state file '" + path + "' is corrupt or not a clipfeed state file: " + detail;
    else
        error = "cannot use the state file '" + path + "': " + detail;
    return false;
}

std::int64_t single_integer(sqlite3* db, const char* sql) {
    Statement s(db, sql);
    return s.step() ? s.integer(0) : 0;
}

}  // namespace

std::unique_ptr<SqliteState> SqliteState::open(const std::string& path, std::string& error) {
    const std::string file = path.empty() ? ":memory:" : path;
    sqlite3* db = open_sqlite_file(file, SQLITE_OPEN_FULLMUTEX, error);
    if (!db) return nullptr;
    std::unique_ptr<SqliteState> state(new SqliteState(db, file));
    sqlite3_busy_timeout(db, 500);

    // One poller per state file: the exclusive lock is taken now and kept.
    if (!open_step(db, "PRAGMA locking_mode=EXCLUSIVE", file, error)) return nullptr;
    if (!open_step(db, "PRAGMA journal_mode=WAL", file, error)) return nullptr;
    if (!open_step(db, "BEGIN IMMEDIATE; COMMIT", file, error)) return nullptr;
    if (!open_step(db, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON", file, error)) return nullptr;

    try {
        Statement check(db, "PRAGMA quick_check");
        std::string verdict = check.step() ? check.text(0) : "";
        if (verdict != "ok") {
            error = "the state file '" + file + "' is corrupt (SQLite quick_check: " + verdict + ")";
            return nullptr;
        }
        std::int64_t version = single_integer(db, "PRAGMA user_version");
        if (version > kSchemaVersion) {
            error = "the state file '" + file + "' was written by a newer clipfeed (state version " +
                    std::to_string(version) + "; this one reads version " + std::to_string(kSchemaVersion) + ")";
            return nullptr;
        }
        if (version == 0) {
            if (single_integer(db, "SELECT count(*) FROM sqlite_master") > 0) {
                error = "the file '" + file + "' is an SQLite database of something else, not a clipfeed state file";
                return nullptr;
            }
            state->exec("BEGIN");
            state->exec(kSchema);
            state->exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
            state->exec("COMMIT");
        }
    } catch (const std::runtime_error& e) {
        if (!open_step(db, "SELECT 1 FROM sqlite_master LIMIT 1", file, error)) return nullptr;
        error = "cannot use the state file '" + file + "': " + e.what();
        return nullptr;
    }
    return state;
}

SqliteState::~SqliteState() {
    for (auto& [sql, statement] : prepared_) sqlite3_finalize(statement);
    sqlite3_close(db_);
}

void SqliteState::in_write_transaction(const std::function<void()>& work) {
    Statement(db_, prepared("BEGIN IMMEDIATE")).run();
    try {
        work();
        Statement(db_, prepared("COMMIT")).run();
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

sqlite3_stmt* SqliteState::prepared(const char* sql) {
    auto it = prepared_.find(sql);
    if (it != prepared_.end()) return it->second;
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK)
        throw std::runtime_error(std::string("state database: preparing a query failed: ") + sqlite3_errmsg(db_));
    prepared_.emplace(sql, statement);
    return statement;
}

void SqliteState::exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::string detail = message ? message : sqlite3_errmsg(db_);
        sqlite3_free(message);
        throw std::runtime_error("state database: " + detail);
    }
}

StoredFeed SqliteState::add_feed(const std::string& url, const std::string& key, std::optional<std::int64_t> interval,
                               std::int64_t now) {
    Statement s(db_,
                "INSERT INTO feeds(url, key, interval, next_poll) VALUES(?1, ?2, ?3, ?4) "
                "ON CONFLICT(url) DO UPDATE SET key = excluded.key, interval = excluded.interval");
    s.bind(1, url).bind(2, key).bind(4, now);
    if (interval) s.bind(3, *interval);
    else s.bind_null(3);
    s.run();
    Statement get(db_, ("SELECT " + std::string(kFeedColumns) + " FROM feeds WHERE url = ?1").c_str());
    get.bind(1, url);
    get.step();
    return feed_from(get);
}

bool SqliteState::remove_feed(const std::string& url) {
    Statement s(db_, "DELETE FROM feeds WHERE url = ?1");
    s.bind(1, url).run();
    return sqlite3_changes(db_) > 0;
}

std::vector<StoredFeed> SqliteState::feeds() { return select_feeds(db_, "ORDER BY id", 0, false); }

std::vector<StoredFeed> SqliteState::due_feeds(std::int64_t now) {
    // Sorted here rather than with ORDER BY: SQLite's sorter copies every
    // column of every row, and took a third of this query (2,000 feeds).
    std::vector<StoredFeed> due = select_feeds(db_, "WHERE gone = 0 AND next_poll <= ?1", now, true);
    std::sort(due.begin(), due.end(), [](const StoredFeed& a, const StoredFeed& b) {
        return a.next_poll != b.next_poll ? a.next_poll < b.next_poll : a.id < b.id;
    });
    return due;
}

std::optional<std::int64_t> SqliteState::next_due() {
    Statement s(db_, "SELECT min(next_poll) FROM feeds WHERE gone = 0");
    if (!s.step() || s.is_null(0)) return std::nullopt;
    return s.integer(0);
}

void SqliteState::classify(std::int64_t feed_id, std::vector<SeenItem>& items) {
    std::unordered_map<std::string, std::string> delivered;  // key -> hash of the content delivered
    Statement s(db_, prepared("SELECT key, delivered_hash FROM items WHERE feed_id = ?1"));
    s.bind(1, feed_id);
    while (s.step()) delivered.emplace(s.text(0), s.text(1));
    for (SeenItem& item : items) {
        auto it = delivered.find(item.key);
        item.stored = it != delivered.end();
        if (it == delivered.end() || it->second.empty()) item.status = SeenItem::Status::fresh;
        else if (it->second != item.content_hash) item.status = SeenItem::Status::changed;
        else item.status = SeenItem::Status::unchanged;
    }
}

void SqliteState::record_fetches(const std::vector<FetchRecord>& fetches) {
    if (fetches.empty()) return;
    in_write_transaction([&] {
        for (const FetchRecord& fetch : fetches) save_fetch(fetch.feed, fetch.items, fetch.now);
    });
}

void SqliteState::save_fetch(const StoredFeed& feed, const std::vector<SeenItem>& items, std::int64_t now) {
    Statement update(db_, prepared("UPDATE feeds SET etag = ?2, last_modified = ?3, next_poll = ?4, "
                                   "error_count = 0, last_error = '', title = ?5, last_content = ?6 WHERE id = ?1"));
    update.bind(1, feed.id).bind(2, feed.etag).bind(3, feed.last_modified).bind(4, feed.next_poll);
    update.bind(5, feed.title).bind(6, now).run();
    // Removed while it was fetched: its items would only break the foreign key.
    if (sqlite3_changes(db_) == 0) return;

    Statement delivered(db_, prepared("INSERT INTO items(feed_id, key, delivered_hash, last_seen) "
                                      "VALUES(?1, ?2, ?3, ?4) ON CONFLICT(feed_id, key) DO UPDATE SET "
                                      "delivered_hash = excluded.delivered_hash, pending_hash = NULL, "
                                      "payload = NULL, pending_order = NULL, last_seen = excluded.last_seen"));
    Statement pending(db_, prepared("INSERT INTO items(feed_id, key, pending_hash, payload, pending_order, "
                                    "last_seen) VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(feed_id, key) DO "
                                    "UPDATE SET pending_hash = excluded.pending_hash, payload = excluded.payload, "
                                    "pending_order = coalesce(items.pending_order, excluded.pending_order), "
                                    "last_seen = excluded.last_seen"));
    Statement seen(db_, prepared("UPDATE items SET last_seen = ?3 WHERE feed_id = ?1 AND key = ?2"));
    // Feeds list the newest item first; pending items are delivered oldest first.
    std::int64_t order = now * 100000;
    for (std::size_t i = items.size(); i-- > 0;) {
        const SeenItem& item = items[i];
        ++order;
        if (item.status == SeenItem::Status::unchanged) {
            seen.bind(1, feed.id).bind(2, item.key).bind(3, now).run();
        } else if (item.delivered) {
            delivered.bind(1, feed.id).bind(2, item.key).bind(3, item.content_hash).bind(4, now).run();
        } else {
            pending.bind(1, feed.id).bind(2, item.key).bind(3, item.content_hash).bind(4, item.payload);
            pending.bind(5, order).bind(6, now).run();
        }
    }
}

void SqliteState::record_schedules(const std::vector<NextPoll>& feeds) {
    if (feeds.empty()) return;
    in_write_transaction([&] {
        Statement s(db_, prepared("UPDATE feeds SET next_poll = ?2, error_count = ?3, last_error = ?4 WHERE id = ?1"));
        for (const NextPoll& feed : feeds)
            s.bind(1, feed.feed_id).bind(2, feed.next_poll).bind(3, feed.error_count).bind(4, feed.last_error).run();
    });
}

bool SqliteState::record_moved(std::int64_t feed_id, const std::string& new_url) {
    Statement taken(db_, "SELECT id FROM feeds WHERE url = ?1");
    taken.bind(1, new_url);
    if (taken.step()) {
        // Already subscribed at the new address: the old entry has nothing left to do.
        Statement drop(db_, "DELETE FROM feeds WHERE id = ?1");
        drop.bind(1, feed_id).run();
        return false;
    }
    Statement s(db_, "UPDATE feeds SET url = ?2 WHERE id = ?1");
    s.bind(1, feed_id).bind(2, new_url).run();
    return true;
}

void SqliteState::record_gone(std::int64_t feed_id, const std::string& reason) {
    Statement s(db_, "UPDATE feeds SET gone = 1, last_error = ?2 WHERE id = ?1");
    s.bind(1, feed_id).bind(2, reason).run();
}

std::vector<PendingItem> SqliteState::pending_of(const std::vector<std::int64_t>& feed_ids) {
    std::vector<PendingItem> out;
    for (std::int64_t id : feed_ids)
        for (PendingItem& p : select_pending(db_, "AND feed_id = ?1", id, true)) out.push_back(std::move(p));
    return out;
}

std::vector<PendingItem> SqliteState::all_pending() { return select_pending(db_, "", 0, false); }

void SqliteState::mark_delivered(const PendingItem& item) {
    // Only the content that was delivered: a newer version recorded since stays pending.
    Statement s(db_, prepared("UPDATE items SET delivered_hash = pending_hash, pending_hash = NULL, payload = NULL, "
                              "pending_order = NULL WHERE feed_id = ?1 AND key = ?2 AND pending_hash = ?3"));
    s.bind(1, item.feed_id).bind(2, item.key).bind(3, item.content_hash).run();
}

int SqliteState::prune(std::int64_t cutoff) {
    Statement s(db_,
                "DELETE FROM items WHERE payload IS NULL AND last_seen < ?1 AND last_seen < "
                "(SELECT last_content FROM feeds WHERE feeds.id = items.feed_id)");
    s.bind(1, cutoff).run();
    return sqlite3_changes(db_);
}

StateDump SqliteState::dump() {
    StateDump out;
    {
        Statement s(db_, ("SELECT " + std::string(kFeedColumns) + ", last_content FROM feeds ORDER BY id").c_str());
        while (s.step()) out.feeds.push_back({feed_from(s), s.integer(11)});
    }
    Statement s(db_,
                "SELECT feed_id, key, delivered_hash, pending_hash, payload, pending_order, last_seen FROM items "
                "ORDER BY feed_id, key");
    while (s.step()) {
        StateDump::Item item;
        item.feed_id = s.integer(0);
        item.key = s.text(1);
        item.delivered_hash = s.text(2);
        if (!s.is_null(3)) item.pending_hash = s.text(3);
        if (!s.is_null(4)) item.payload = s.text(4);
        if (!s.is_null(5)) item.pending_order = s.integer(5);
        item.last_seen = s.integer(6);
        out.items.push_back(std::move(item));
    }
    return out;
}

void SqliteState::load(const StateDump& dump) {
    in_write_transaction([&] {
        if (single_integer(db_, "SELECT count(*) FROM feeds") > 0)
            throw std::runtime_error(describe() + " already holds feeds: copy into a new state");
        Statement feed(db_,
                       "INSERT INTO feeds(id, url, key, interval, etag, last_modified, next_poll, error_count, "
                       "last_error, gone, title, last_content) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
        for (const StateDump::Feed& row : dump.feeds) {
            const StoredFeed& f = row.feed;
            feed.bind(1, f.id).bind(2, f.url).bind(3, f.key);
            if (f.interval) feed.bind(4, *f.interval);
            else feed.bind_null(4);
            feed.bind(5, f.etag).bind(6, f.last_modified).bind(7, f.next_poll).bind(8, std::int64_t{f.error_count});
            feed.bind(9, f.last_error).bind(10, std::int64_t{f.gone ? 1 : 0}).bind(11, f.title).bind(12, row.last_content);
            feed.run();
        }
        Statement item(db_,
                       "INSERT INTO items(feed_id, key, delivered_hash, pending_hash, payload, pending_order, last_seen) "
                       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        for (const StateDump::Item& row : dump.items) {
            item.bind(1, row.feed_id).bind(2, row.key).bind(3, row.delivered_hash);
            if (row.pending_hash) item.bind(4, *row.pending_hash);
            else item.bind_null(4);
            if (row.payload) item.bind(5, *row.payload);
            else item.bind_null(5);
            if (row.pending_order) item.bind(6, *row.pending_order);
            else item.bind_null(6);
            item.bind(7, row.last_seen).run();
        }
    });
}

}  // namespace clipfeed
