// The served feeds in memory: per upstream URL the last good rendering, its
// upstream validators and when to fetch it next. One upstream fetch serves
// every request: requests for a stale or cold feed wait for the one fetch in
// flight (single flight), fresh ones are answered at once. Fetches run on a
// few worker threads, each with fetchers of its own (a clipfeed_fetcher is
// one thread at a time), so no request holds a server thread while waiting.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tools/serve/rendering.hpp"

namespace serve {

// What --state keeps of a listed feed between runs (serve_state.hpp): enough
// to serve the last good copy at once and to revalidate it upstream with a
// conditional GET when it goes stale.
struct SavedFeed {
    std::string url;                  // as listed: the key
    std::string fetch_url;            // where it is fetched (another URL after a permanent redirect)
    std::string etag;                 // the upstream validators of `rendering`
    std::string last_modified;
    std::int64_t feed_interval = 0;   // the feed's own ttl, seconds
    std::int64_t fetched_at = 0;      // when upstream last confirmed `rendering`
    std::int64_t fresh_until = 0;     // no upstream fetch before this time
    std::shared_ptr<const Rendering> rendering;
};

// Called on the fetch worker after each good fetch of a listed feed;
// `rendering_changed` is false after a 304 (only the times and the URL moved).
using SaveSink = std::function<void(const SavedFeed& feed, bool rendering_changed)>;

struct CacheOptions {
    std::int64_t default_interval = 900;  // seconds a fetch stays fresh unless the feed or its server asks longer
    long timeout_ms = 30000;              // one upstream fetch, redirects included
    std::string user_agent;               // empty: the library's
    unsigned workers = 4;                 // upstream fetches at once
    std::size_t max_proxied = 256;        // ?url= entries kept; the least recently used go first
    SaveSink save;                        // --state: keeps listed feeds across restarts; may be empty
};

// What a request gets: the copy to serve, or why there is none.
struct Snapshot {
    std::shared_ptr<const Rendering> rendering;  // the last good copy; null when none
    std::int64_t fetched_at = 0;   // when the upstream last confirmed it (Age counts from here)
    std::int64_t fresh_until = 0;  // no upstream fetch before this time
    int error_status = 0;          // 0: current; 502 upstream failed, 410 gone, 403 refused, 503 stopping
    std::string error;             // the upstream failure in a line
};

using Waiter = std::function<void(const Snapshot&)>;
struct WorkerFetchers;
using LogSink = std::function<void(const std::string& line)>;

class FeedCache {
public:
    FeedCache(CacheOptions options, LogSink log);
    ~FeedCache();
    FeedCache(const FeedCache&) = delete;
    FeedCache& operator=(const FeedCache&) = delete;

    void add_listed(const std::string& url);
    // Gives the listed feed `saved.url` what a previous run kept (--state); an
    // unlisted URL is ignored. Before any request.
    void restore(const SavedFeed& saved);

    // Calls `done` with the entry for `url` (a listed feed; with `proxied`, an
    // entry made on demand): at once when it is fresh, else when the fetch it
    // shares with every request meanwhile has finished. Any thread; `done`
    // runs on the caller's thread or on a fetch worker.
    void get(const std::string& url, bool proxied, Waiter done);

    // The entry as it is, without fetching (for /opml).
    Snapshot peek(const std::string& url);

    // Keeps the listed feeds fresh from a thread of its own: each is fetched
    // again shortly before it goes stale ('clipfeed serve --watch').
    void start_watching();

    // Answers every waiting request (503), stops the watcher, lets the fetches
    // in flight end (each within the timeout) and joins the workers.
    void stop();

    std::uint64_t upstream_fetches() const;

    struct Entry;

private:
    void enqueue(Entry& entry);  // with mutex_ held
    void work();
    void fetch(Entry& entry, WorkerFetchers& fetchers);
    void watch();
    std::int64_t refresh_listed(std::int64_t now);  // with mutex_ held; the next time one is due
    void evict_proxied();                           // with mutex_ held

    CacheOptions options_;
    LogSink log_;
    mutable std::mutex mutex_;
    std::condition_variable work_ready_;
    std::condition_variable watch_wake_;
    std::map<std::string, std::unique_ptr<Entry>> entries_;
    std::deque<std::string> queue_;
    std::vector<std::thread> workers_;
    std::thread watcher_;
    bool stopping_ = false;
    bool rescheduled_ = false;  // a fetch ended: the watcher reads the schedule again
    std::uint64_t fetches_ = 0;
    std::uint64_t use_clock_ = 0;  // orders proxied entries by last use
};

}  // namespace serve
