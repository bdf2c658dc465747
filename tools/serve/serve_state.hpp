// 'clipfeed serve --state FILE': each listed feed's last good rendering, its
// upstream validators and its schedule in one SQLite table, so that a
// restarted server serves the last good copy at once, under the same ETag and
// Last-Modified, and revalidates upstream with a conditional GET instead of
// fetching every feed again.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "tools/serve/feed_cache.hpp"

struct sqlite3;

namespace serve {

class ServeState {
public:
    // Opens (creating when missing) the table in `path`; nullptr with `error`
    // set when the file cannot be opened or is not an SQLite database.
    static std::unique_ptr<ServeState> open(const std::string& path, std::string& error);
    ~ServeState();
    ServeState(const ServeState&) = delete;
    ServeState& operator=(const ServeState&) = delete;

    // What was kept for `url`, if anything. A rendering written by another
    // version of clipfeed comes back without its upstream validators and
    // already stale: it is served only when upstream fails, and the next fetch
    // is a full one that renders the feed anew. `note` says so when it happens.
    std::optional<SavedFeed> load(const std::string& url, std::string& note);

    // Keeps `feed`; with `rendering_changed` false only its times and fetch URL
    // (after a 304). Any thread. False with `error` set when SQLite fails.
    bool save(const SavedFeed& feed, bool rendering_changed, std::string& error);

    const std::string& path() const { return path_; }

private:
    ServeState(sqlite3* db, std::string path);
    bool save_all(const SavedFeed& feed, std::string& error);

    std::mutex mutex_;
    sqlite3* db_;
    std::string path_;
};

}  // namespace serve
