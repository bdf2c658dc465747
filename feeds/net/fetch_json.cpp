// A fetch's outcome as JSON: the feed's keys plus a "fetch" object
// (what `clipfeed fetch` prints).
#include "feeds/net/fetch.hpp"
#include "feeds/out/json_writer.hpp"

namespace clipfeed {

namespace {

const char* error_kind(FetchError e) {
    switch (e) {
        case FetchError::none: return nullptr;
        case FetchError::invalid_url: return "invalid_url";
        case FetchError::dns: return "dns";
        case FetchError::connect: return "connect";
        case FetchError::tls: return "tls";
        case FetchError::timeout: return "timeout";
        case FetchError::http_status: return "http";
        case FetchError::too_large: return "too_large";
        case FetchError::redirects: return "redirects";
        case FetchError::not_a_feed: return "not_a_feed";
        case FetchError::truncated: return "truncated";
        case FetchError::scheme: return "scheme";
        case FetchError::network: return "network";
        case FetchError::canceled: return "canceled";
        case FetchError::blocked: return "blocked";
    }
    return "unknown";
}

void optional_string(JsonWriter& w, const char* key, const std::string& value) {
    w.key(key);
    if (value.empty()) w.null();
    else w.string(value);
}

void optional_integer(JsonWriter& w, const char* key, const std::optional<std::int64_t>& value) {
    w.key(key);
    if (value) w.integer(*value);
    else w.null();
}

}  // namespace

void write_fetch_json(const FetchResult& r, const ParsedFeed* feed, JsonStyle style, std::string& out) {
    static const Feed kNoFeed;
    JsonWriter w(style, out);
    w.begin_object();
    write_feed_fields(w, feed ? feed->feed : kNoFeed);
    w.key("fetch");
    w.begin_object();
    optional_string(w, "url", r.url);
    optional_string(w, "final_url", r.final_url);
    optional_string(w, "discovered_url", r.discovered_url);
    w.key("status");
    if (r.status) w.integer(r.status);
    else w.null();
    w.key("not_modified");
    w.boolean(r.not_modified);
    w.key("permanent_redirect");
    w.boolean(r.permanent_redirect);
    optional_string(w, "permanent_url", r.permanent_url);
    optional_string(w, "etag", r.etag);
    optional_string(w, "last_modified", r.last_modified);
    optional_string(w, "content_type", r.content_type);
    optional_integer(w, "max_age", r.max_age_seconds);
    w.field("expires", r.expires);
    optional_integer(w, "retry_after", r.retry_after_seconds);
    w.key("elapsed_ms");
    w.integer(r.elapsed_ms);
    optional_string(w, "error", r.error_message);
    w.key("error_kind");
    if (const char* kind = error_kind(r.error)) w.string(kind);
    else w.null();
    w.end_object();
    w.end_object();
    if (style == JsonStyle::pretty) out += '\n';
}

}  // namespace clipfeed
