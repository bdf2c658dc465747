#include "tools/serve/feed_cache.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <optional>

#include "clipfeed.h"
#include "tools/cli_common.hpp"

namespace serve {

struct FeedCache::Entry {
    std::string url;        // as listed or asked for: the key
    std::string fetch_url;  // where it is fetched: `url`, or where it moved permanently
    bool proxied = false;
    std::string etag;            // the upstream validators of `rendering`
    std::string last_modified;
    std::int64_t feed_interval = 0;  // the feed's own ttl / sy:updatePeriod, seconds
    std::shared_ptr<const Rendering> rendering;
    std::int64_t fetched_at = 0;
    std::int64_t fresh_until = 0;  // 0: never fetched
    int failures = 0;              // in a row
    int error_status = 0;
    std::string error;
    bool gone = false;
    bool fetching = false;
    std::vector<Waiter> waiters;
    std::uint64_t last_use = 0;

    Snapshot snapshot() const { return {rendering, fetched_at, fresh_until, error_status, error}; }
    SavedFeed saved() const {
        return {url, fetch_url, etag, last_modified, feed_interval, fetched_at, fresh_until, rendering};
    }
};

// A worker's own fetchers: listed feeds are the operator's choice, ?url=
// ones a client's, so those go through a fetcher that refuses internal
// addresses and ignores the environment's proxy (through a proxy, the address
// checked would be the proxy's, not the target's).
struct WorkerFetchers {
    std::unique_ptr<clipfeed_fetcher, cli::FetcherDeleter> listed;
    std::unique_ptr<clipfeed_fetcher, cli::FetcherDeleter> guarded;
};

namespace {

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

std::unique_ptr<clipfeed_fetcher, cli::FetcherDeleter> make_fetcher(const CacheOptions& options, bool guarded) {
    clipfeed_fetcher* raw = nullptr;
    if (clipfeed_fetcher_new(&raw) != CLIPFEED_OK) return nullptr;
    std::unique_ptr<clipfeed_fetcher, cli::FetcherDeleter> fetcher(raw);
    clipfeed_fetcher_set_timeout_ms(raw, options.timeout_ms);
    clipfeed_fetcher_set_connect_timeout_ms(raw, std::min(options.timeout_ms, 10000L));
    if (!options.user_agent.empty()) clipfeed_fetcher_set_user_agent(raw, options.user_agent.c_str());
    if (guarded) {
        clipfeed_fetcher_set_block_private_addresses(raw, 1);
        clipfeed_fetcher_set_proxy(raw, "");
        clipfeed_fetcher_set_max_body_bytes(raw, 8 * 1024 * 1024);
    }
    return fetcher;
}

}  // namespace

FeedCache::FeedCache(CacheOptions options, LogSink log) : options_(std::move(options)), log_(std::move(log)) {
    for (unsigned i = 0; i < std::max(1u, options_.workers); ++i) workers_.emplace_back([this] { work(); });
}

FeedCache::~FeedCache() { stop(); }

void FeedCache::add_listed(const std::string& url) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& entry = entries_[url];
    if (entry) return;
    entry = std::make_unique<Entry>();
    entry->url = entry->fetch_url = url;
}

void FeedCache::restore(const SavedFeed& saved) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = entries_.find(saved.url);
    if (found == entries_.end() || found->second->proxied || !saved.rendering) return;
    Entry& entry = *found->second;
    entry.fetch_url = saved.fetch_url.empty() ? saved.url : saved.fetch_url;
    entry.etag = saved.etag;
    entry.last_modified = saved.last_modified;
    entry.feed_interval = saved.feed_interval;
    entry.rendering = saved.rendering;
    entry.fetched_at = saved.fetched_at;
    entry.fresh_until = saved.fresh_until;
}

void FeedCache::get(const std::string& url, bool proxied, Waiter done) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (stopping_) {
        lock.unlock();
        done(Snapshot{nullptr, 0, 0, 503, "the server is stopping"});
        return;
    }
    auto found = entries_.find(url);
    if (found == entries_.end()) {
        if (!proxied) {
            lock.unlock();
            done(Snapshot{nullptr, 0, 0, 404, "not a served feed"});
            return;
        }
        auto entry = std::make_unique<Entry>();
        entry->url = entry->fetch_url = url;
        entry->proxied = true;
        found = entries_.emplace(url, std::move(entry)).first;
        evict_proxied();
    }
    Entry& entry = *found->second;
    entry.last_use = ++use_clock_;
    if (entry.fresh_until > now_seconds() || entry.gone) {
        const Snapshot snapshot = entry.snapshot();
        lock.unlock();
        done(snapshot);
        return;
    }
    entry.waiters.push_back(std::move(done));
    if (!entry.fetching) enqueue(entry);
}

Snapshot FeedCache::peek(const std::string& url) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = entries_.find(url);
    return found == entries_.end() ? Snapshot{} : found->second->snapshot();
}

void FeedCache::enqueue(Entry& entry) {
    entry.fetching = true;
    queue_.push_back(entry.url);
    work_ready_.notify_one();
}

void FeedCache::evict_proxied() {
    std::size_t proxied = 0;
    for (const auto& [url, entry] : entries_) proxied += entry->proxied;
    while (proxied > options_.max_proxied) {
        auto oldest = entries_.end();
        for (auto it = entries_.begin(); it != entries_.end(); ++it) {
            const Entry& e = *it->second;
            if (e.proxied && !e.fetching && e.waiters.empty() &&
                (oldest == entries_.end() || e.last_use < oldest->second->last_use))
                oldest = it;
        }
        if (oldest == entries_.end()) return;  // every one is in use: they go later
        entries_.erase(oldest);
        --proxied;
    }
}

void FeedCache::work() {
    WorkerFetchers fetchers;
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and nothing left to fetch
        const std::string key = queue_.front();
        queue_.pop_front();
        auto found = entries_.find(key);
        if (found == entries_.end()) continue;
        ++fetches_;
        lock.unlock();
        fetch(*found->second, fetchers);  // entries are never erased while fetching
        lock.lock();
    }
}

// One upstream fetch for `entry` (its `fetching` flag keeps it ours), then
// every request that waited for it is answered.
void FeedCache::fetch(Entry& entry, WorkerFetchers& fetchers) {
    std::string fetch_url, etag, last_modified;
    std::shared_ptr<const Rendering> previous;
    bool proxied;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        fetch_url = entry.fetch_url;
        etag = entry.etag;
        last_modified = entry.last_modified;
        previous = entry.rendering;
        proxied = entry.proxied;
    }
    auto& fetcher = proxied ? fetchers.guarded : fetchers.listed;
    if (!fetcher) fetcher = make_fetcher(options_, proxied);

    clipfeed_response* raw = nullptr;
    const int rc = fetcher ? clipfeed_fetcher_fetch(&raw, fetcher.get(), fetch_url.c_str(),
                                                    previous && !etag.empty() ? etag.c_str() : nullptr,
                                                    previous && !last_modified.empty() ? last_modified.c_str()
                                                                                       : nullptr)
                           : CLIPFEED_ENOMEM;
    std::unique_ptr<clipfeed_response, cli::ResponseDeleter> response(raw);
    const std::int64_t now = now_seconds();

    // What the fetch says, worked out before taking the lock.
    int error_status = 0;
    std::string error, log_line;
    std::shared_ptr<const Rendering> rendering;
    const int status = response ? clipfeed_response_status(response.get()) : 0;
    const bool not_modified = response && rc == CLIPFEED_OK && clipfeed_response_not_modified(response.get());
    std::int64_t feed_interval = -1, server_lifetime = 0;
    if (!response || rc != CLIPFEED_OK) {
        error = response ? clipfeed_response_error_message(response.get())
                         : std::string("cannot fetch ") + fetch_url + ": " + clipfeed_strerror(rc);
        error_status = rc == CLIPFEED_EBLOCKED ? 403 : (rc == CLIPFEED_EHTTP && status == 410) ? 410 : 502;
    } else if (!not_modified) {
        const clipfeed_feed* feed = clipfeed_response_feed(response.get());
        std::int64_t upstream_date = -1;
        if (const char* date = clipfeed_response_last_modified(response.get())) upstream_date = parse_http_date(date);
        if (!feed || !clipfeed_feed_format(feed)) {
            error = fetch_url + " is not a feed";
            error_status = 502;
        } else if (!(rendering = render(feed, fetch_url, upstream_date, previous.get(), now, error))) {
            error_status = 502;
        } else if (clipfeed_feed_update_interval(&feed_interval, feed) != CLIPFEED_OK) {
            feed_interval = 0;
        }
    }
    if (response) {
        std::int64_t value = 0;
        if (clipfeed_response_max_age(&value, response.get()) == CLIPFEED_OK) server_lifetime = value;
        if (clipfeed_response_expires(&value, response.get()) == CLIPFEED_OK)
            server_lifetime = std::max(server_lifetime, value - now);
        if (error_status && clipfeed_response_retry_after(&value, response.get()) == CLIPFEED_OK)
            server_lifetime = std::max(server_lifetime, value);
    }

    std::vector<Waiter> waiters;
    Snapshot snapshot;
    std::optional<SavedFeed> to_save;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (error_status) {
            entry.failures += 1;
            entry.error_status = error_status;
            entry.error = error;
            entry.gone = error_status == 410;
            // Back off: 30 s, 60 s, ... up to the feed's interval; a server's
            // Retry-After or max-age, when longer, wins.
            const std::int64_t backoff = std::min<std::int64_t>(
                options_.default_interval, std::int64_t{30} << std::min(entry.failures - 1, 12));
            entry.fresh_until = now + std::max({backoff, server_lifetime, std::int64_t{1}});
            log_line = "fetch " + fetch_url + " failed (" + std::to_string(status) + "): " + error;
        } else {
            if (rendering) {
                entry.rendering = rendering;
                entry.etag = clipfeed_response_etag(response.get()) ? clipfeed_response_etag(response.get()) : "";
                const char* date = clipfeed_response_last_modified(response.get());
                entry.last_modified = date ? date : "";
                entry.feed_interval = feed_interval;
            }
            entry.failures = 0;
            entry.error_status = 0;
            entry.error.clear();
            entry.fetched_at = now;
            entry.fresh_until = now + std::max({options_.default_interval, entry.feed_interval, server_lifetime});
            if (clipfeed_response_permanent_redirect(response.get())) {
                const char* moved = clipfeed_response_permanent_url(response.get());
                if (moved && moved != entry.fetch_url) {
                    if (log_) log_("fetch " + fetch_url + " moved permanently to " + moved + "; fetching that from now on");
                    entry.fetch_url = moved;
                }
            }
            if (!entry.proxied && options_.save) to_save = entry.saved();
            log_line = "fetch " + fetch_url + " " + std::to_string(status) +
                       (not_modified ? " not modified"
                                     : ", " + std::to_string(rendering->items) + " items, " +
                                           std::to_string(rendering->rss.size()) + " B enriched") +
                       ", fresh for " + std::to_string(entry.fresh_until - now) + " s";
        }
        if (response) log_line += " (" + std::to_string(clipfeed_response_elapsed_ms(response.get())) + " ms)";
        entry.fetching = false;
        waiters.swap(entry.waiters);
        snapshot = entry.snapshot();
        rescheduled_ = true;
    }
    watch_wake_.notify_all();
    if (log_) log_(log_line);
    response.reset();
    for (Waiter& waiter : waiters) waiter(snapshot);
    // After the readers, who need not wait for the disk. The entry's next fetch
    // could in principle save before this one; it cannot start before the
    // entry goes stale again (at least a second), and this save takes a few ms.
    if (to_save) options_.save(*to_save, rendering != nullptr);
}

void FeedCache::start_watching() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!watcher_.joinable() && !stopping_) watcher_ = std::thread([this] { watch(); });
}

std::int64_t FeedCache::refresh_listed(std::int64_t now) {
    // A feed is fetched again this long before it goes stale, so that
    // readers never wait for it: a tenth of the interval, at most a minute.
    const std::int64_t ahead = std::min<std::int64_t>(60, options_.default_interval / 10);
    std::int64_t next = now + 60;
    for (auto& [url, entry] : entries_) {
        if (entry->proxied || entry->gone || entry->fetching) continue;
        const std::int64_t due = entry->fresh_until - ahead;
        if (due <= now)
            enqueue(*entry);
        else
            next = std::min(next, due);
    }
    return next;
}

void FeedCache::watch() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
        const std::int64_t next = refresh_listed(now_seconds());
        // At least a second between rounds; a fetch that ends re-reads the schedule then.
        const auto wait = std::chrono::seconds(std::max<std::int64_t>(1, next - now_seconds()));
        watch_wake_.wait_for(lock, wait, [&] { return stopping_ || rescheduled_; });
        rescheduled_ = false;
    }
}

void FeedCache::stop() {
    std::vector<Waiter> waiters;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_ && workers_.empty()) return;
        stopping_ = true;
        queue_.clear();
        for (auto& [url, entry] : entries_) {
            for (Waiter& waiter : entry->waiters) waiters.push_back(std::move(waiter));
            entry->waiters.clear();
        }
    }
    work_ready_.notify_all();
    watch_wake_.notify_all();
    for (Waiter& waiter : waiters) waiter(Snapshot{nullptr, 0, 0, 503, "the server is stopping"});
    if (watcher_.joinable()) watcher_.join();
    for (std::thread& worker : workers_) worker.join();
    workers_.clear();
}

std::uint64_t FeedCache::upstream_fetches() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return fetches_;
}

}  // namespace serve
