// Fetching feeds over HTTP with libcurl, as a careful client: conditional GET,
// compression, redirects followed one by one (so loops, scheme changes and
// permanent moves are seen), limits on size and time, and classified errors
// that name the URL.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "feeds/xml/parse.hpp"

namespace clipfeed {

struct FetchOptions {
    std::string user_agent = "clipfeed/0.1 (feed reader library; +https://example.invalid/clipfeed)";
    long connect_timeout_ms = 15'000;
    long total_timeout_ms = 60'000;
    long low_speed_bytes = 100;      // a transfer slower than this many bytes/s ...
    long low_speed_seconds = 20;     // ... for this long is abandoned as stalled
    std::int64_t max_body_bytes = std::int64_t{32} << 20;  // decompressed and on the wire
    int max_redirects = 8;
    std::optional<std::string> proxy;  // nullopt: the environment's (http_proxy, ...); "": none
    std::string ca_file;               // "": the system's CA store
    bool verify_tls = true;
    int max_connections = 32;          // at once, in total
    int max_host_connections = 4;      // at once, per host
    bool block_private_addresses = false;  // refuse loopback, private, link-local (server-side hosts)
    bool parse = true;                 // parse the body into a feed
    FeedEnricher enrich = nullptr;     // run over each parsed body on the parse workers
    bool sanitize_html = true;
    ParseLimits parse_limits;
};

struct FetchRequest {
    std::string url;
    std::string etag;           // sent as If-None-Match when not empty
    std::string last_modified;  // sent as If-Modified-Since when not empty
};

// Error classes; their numbers match the C API's CLIPFEED_E* codes.
enum class FetchError {
    none = 0,
    invalid_url = 2,        // CLIPFEED_EINVAL
    dns = 6,
    connect = 7,
    tls = 8,
    timeout = 9,
    http_status = 10,
    too_large = 11,
    redirects = 12,         // too many, or a loop
    not_a_feed = 13,
    truncated = 14,
    scheme = 15,            // not http/https (also after a redirect)
    network = 16,           // any other transfer failure
    canceled = 17,
    blocked = 19,           // the host resolves to an address the fetcher was told to refuse
};

struct FetchResult {
    std::string url;             // as requested
    std::string final_url;       // after redirects (and autodiscovery)
    std::string discovered_url;  // the feed an HTML page pointed to, if it was one
    long status = 0;             // of the last response; 0 when none came
    bool not_modified = false;   // 304: the caller's copy is current; no body
    bool permanent_redirect = false;  // the first redirect(s) were 301/308
    std::string permanent_url;   // where the permanent redirects lead: the feed's new address
    std::string etag, last_modified, content_type, content_location, content_language;
    std::optional<std::int64_t> max_age_seconds;    // Cache-Control: max-age
    std::optional<std::int64_t> expires;            // Expires, Unix time
    std::optional<std::int64_t> retry_after_seconds;  // Retry-After (seconds, or a date made relative)
    std::int64_t elapsed_ms = 0;
    std::string body;
    std::unique_ptr<ParsedFeed> feed;  // the parsed body (also for error pages: null)
    FetchError error = FetchError::none;
    std::string error_message;         // names the URL and what happened

    bool ok() const { return error == FetchError::none; }
};

// One thread at a time per Fetcher. Connections are reused across calls.
class Fetcher {
public:
    explicit Fetcher(FetchOptions options = {});
    ~Fetcher();
    Fetcher(const Fetcher&) = delete;
    Fetcher& operator=(const Fetcher&) = delete;

    const FetchOptions& options() const { return options_; }
    FetchOptions& options() { return options_; }

    FetchResult fetch(const FetchRequest& request);

    // Fetches all requests concurrently (within the connection limits) and
    // hands each result to `on_result` on this thread as it completes.
    // `on_result` returns false to cancel: the transfers still running are
    // abandoned and no more results are handed over.
    void fetch_many(const std::vector<FetchRequest>& requests, const std::function<bool(FetchResult&&)>& on_result);
    // The same, and `before_wait` is called on this thread each time the
    // fetch is about to wait for the network: it may do deferred work, and
    // returns how long the wait may last at most (milliseconds; the fetch
    // waits up to a second anyway), or a negative number to cancel.
    void fetch_many(const std::vector<FetchRequest>& requests, const std::function<bool(FetchResult&&)>& on_result,
                    const std::function<long()>& before_wait);

    // From any thread: makes a running fetch_many return promptly (its
    // transfers abandoned, no more results handed over) and every later one
    // return at once, until resume().
    void cancel();
    void resume();

private:
    struct Impl;
    FetchOptions options_;
    std::unique_ptr<Impl> impl_;
};

// The result as the feed JSON (of `feed`, usually result.feed; empty when
// null) plus a "fetch" object (url, final_url, status, not_modified,
// permanent_redirect, etag, last_modified, retry_after, elapsed_ms, error, ...).
// Defined in fetch_json.cpp.
enum class JsonStyle;
void write_fetch_json(const FetchResult& result, const ParsedFeed* feed, JsonStyle style, std::string& out);

// The feed URLs an HTML page advertises with <link rel="alternate"> (RSS,
// Atom, JSON Feed), absolute against `page_url` (or the page's <base>), in
// document order.
std::vector<std::string> discover_feed_links(std::string_view html, std::string_view page_url);

}  // namespace clipfeed
