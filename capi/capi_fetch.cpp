// The C API for the fetcher and its responses.
#include <climits>

#include "capi/capi_internal.hpp"
#include "feeds/net/fetch.hpp"
#include "plugin/enrich/enrich.hpp"

using clipfeed::capi::fail;
using clipfeed::capi::guarded;

struct clipfeed_fetcher {
    clipfeed::Fetcher fetcher;
};

struct clipfeed_response {
    clipfeed::FetchResult result;
    clipfeed_feed feed;  // takes the parsed feed out of `result`, for clipfeed_response_feed()
};

namespace {

clipfeed_response* wrap(clipfeed::FetchResult&& result) {
    auto response = std::make_unique<clipfeed_response>();
    response->feed = clipfeed_feed::owning(std::move(result.feed));
    response->result = std::move(result);
    return response.release();
}

const char* c_str_or_null(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

int optional_out(int64_t* out, const std::optional<std::int64_t>& value, const char* function) {
    if (!out) return fail(CLIPFEED_EINVAL, std::string(function) + ": out is NULL");
    if (!value) return CLIPFEED_ENOTFOUND;
    *out = *value;
    return CLIPFEED_OK;
}

// Runs `set` on the fetcher's options after checking the handle and the value.
template <typename Set>
int set_option(clipfeed_fetcher* fetcher, bool valid, const char* function, Set&& set) {
    return guarded(function, [&] {
        if (!fetcher) return fail(CLIPFEED_EINVAL, std::string(function) + ": fetcher is NULL");
        if (!valid) return fail(CLIPFEED_EINVAL, std::string(function) + ": value out of range");
        set(fetcher->fetcher.options());
        return CLIPFEED_OK;
    });
}

const clipfeed::FetchResult* result_of(const clipfeed_response* r) { return r ? &r->result : nullptr; }

}  // namespace

extern "C" {

int clipfeed_fetcher_new(clipfeed_fetcher** out) {
    return guarded("clipfeed_fetcher_new", [&] {
        if (!out) return fail(CLIPFEED_EINVAL, "clipfeed_fetcher_new: out is NULL");
        *out = new clipfeed_fetcher();
        (*out)->fetcher.options().enrich = clipfeed::clipping_enricher(true);
        return CLIPFEED_OK;
    });
}

void clipfeed_fetcher_free(clipfeed_fetcher* fetcher) { delete fetcher; }

int clipfeed_fetcher_set_user_agent(clipfeed_fetcher* fetcher, const char* user_agent) {
    return set_option(fetcher, user_agent != nullptr, "clipfeed_fetcher_set_user_agent",
                      [&](clipfeed::FetchOptions& o) { o.user_agent = user_agent; });
}

int clipfeed_fetcher_set_connect_timeout_ms(clipfeed_fetcher* fetcher, long milliseconds) {
    return set_option(fetcher, milliseconds > 0, "clipfeed_fetcher_set_connect_timeout_ms",
                      [&](clipfeed::FetchOptions& o) { o.connect_timeout_ms = milliseconds; });
}

int clipfeed_fetcher_set_timeout_ms(clipfeed_fetcher* fetcher, long milliseconds) {
    return set_option(fetcher, milliseconds > 0, "clipfeed_fetcher_set_timeout_ms",
                      [&](clipfeed::FetchOptions& o) { o.total_timeout_ms = milliseconds; });
}

int clipfeed_fetcher_set_low_speed(clipfeed_fetcher* fetcher, long bytes_per_second, long seconds) {
    return set_option(fetcher, bytes_per_second >= 0 && seconds >= 0, "clipfeed_fetcher_set_low_speed",
                      [&](clipfeed::FetchOptions& o) {
                          o.low_speed_bytes = bytes_per_second;
                          o.low_speed_seconds = seconds;
                      });
}

int clipfeed_fetcher_set_max_body_bytes(clipfeed_fetcher* fetcher, int64_t bytes) {
    return set_option(fetcher, bytes > 0, "clipfeed_fetcher_set_max_body_bytes",
                      [&](clipfeed::FetchOptions& o) { o.max_body_bytes = bytes; });
}

int clipfeed_fetcher_set_max_redirects(clipfeed_fetcher* fetcher, int redirects) {
    return set_option(fetcher, redirects >= 0, "clipfeed_fetcher_set_max_redirects",
                      [&](clipfeed::FetchOptions& o) { o.max_redirects = redirects; });
}

int clipfeed_fetcher_set_proxy(clipfeed_fetcher* fetcher, const char* proxy) {
    return set_option(fetcher, true, "clipfeed_fetcher_set_proxy", [&](clipfeed::FetchOptions& o) {
        if (proxy) o.proxy = proxy;
        else o.proxy.reset();
    });
}

int clipfeed_fetcher_set_ca_file(clipfeed_fetcher* fetcher, const char* path) {
    return set_option(fetcher, true, "clipfeed_fetcher_set_ca_file",
                      [&](clipfeed::FetchOptions& o) { o.ca_file = path ? path : ""; });
}

int clipfeed_fetcher_set_verify_tls(clipfeed_fetcher* fetcher, int verify) {
    return set_option(fetcher, true, "clipfeed_fetcher_set_verify_tls",
                      [&](clipfeed::FetchOptions& o) { o.verify_tls = verify != 0; });
}

int clipfeed_fetcher_set_max_connections(clipfeed_fetcher* fetcher, int connections) {
    return set_option(fetcher, connections > 0, "clipfeed_fetcher_set_max_connections",
                      [&](clipfeed::FetchOptions& o) { o.max_connections = connections; });
}

int clipfeed_fetcher_set_max_host_connections(clipfeed_fetcher* fetcher, int connections) {
    return set_option(fetcher, connections > 0, "clipfeed_fetcher_set_max_host_connections",
                      [&](clipfeed::FetchOptions& o) { o.max_host_connections = connections; });
}

int clipfeed_fetcher_set_clippings(clipfeed_fetcher* fetcher, int enabled) {
    return set_option(fetcher, true, "clipfeed_fetcher_set_clippings",
                      [&](clipfeed::FetchOptions& o) { o.enrich = clipfeed::clipping_enricher(enabled != 0); });
}

int clipfeed_fetcher_set_parse_options(clipfeed_fetcher* fetcher, const clipfeed_parse_options* options) {
    return set_option(fetcher, true, "clipfeed_fetcher_set_parse_options",
                      [&](clipfeed::FetchOptions& o) { clipfeed::capi::apply_parse_options(options, o); });
}

int clipfeed_fetcher_set_block_private_addresses(clipfeed_fetcher* fetcher, int block) {
    return set_option(fetcher, true, "clipfeed_fetcher_set_block_private_addresses",
                      [&](clipfeed::FetchOptions& o) { o.block_private_addresses = block != 0; });
}

int clipfeed_fetcher_fetch(clipfeed_response** out, clipfeed_fetcher* fetcher, const char* url, const char* etag,
                           const char* last_modified) {
    return guarded("clipfeed_fetcher_fetch", [&] {
        if (!out) return fail(CLIPFEED_EINVAL, "clipfeed_fetcher_fetch: out is NULL");
        *out = nullptr;
        if (!fetcher || !url) return fail(CLIPFEED_EINVAL, "clipfeed_fetcher_fetch: fetcher or url is NULL");
        clipfeed::FetchRequest request{url, etag ? etag : "", last_modified ? last_modified : ""};
        *out = wrap(fetcher->fetcher.fetch(request));
        const clipfeed::FetchResult& r = (*out)->result;
        if (r.ok()) return CLIPFEED_OK;
        return fail(static_cast<int>(r.error), r.error_message);
    });
}

int clipfeed_fetcher_fetch_many(clipfeed_fetcher* fetcher, const char* const* urls, const char* const* etags,
                                const char* const* last_modifieds, size_t count, clipfeed_fetch_callback callback,
                                void* user_data) {
    return guarded("clipfeed_fetcher_fetch_many", [&] {
        if (!fetcher || !callback || (!urls && count > 0))
            return fail(CLIPFEED_EINVAL, "clipfeed_fetcher_fetch_many: fetcher, urls or callback is NULL");
        std::vector<clipfeed::FetchRequest> requests;
        requests.reserve(count);
        for (size_t i = 0; i < count; ++i) {
            if (!urls[i]) return fail(CLIPFEED_EINVAL, "clipfeed_fetcher_fetch_many: urls[" + std::to_string(i) + "] is NULL");
            clipfeed::FetchRequest r;
            r.url = urls[i];
            if (etags && etags[i]) r.etag = etags[i];
            if (last_modifieds && last_modifieds[i]) r.last_modified = last_modifieds[i];
            requests.push_back(std::move(r));
        }
        bool canceled = false;
        fetcher->fetcher.fetch_many(requests, [&](clipfeed::FetchResult&& result) {
            // The callback owns the response from here on.
            canceled = callback(wrap(std::move(result)), user_data) != 0;
            return !canceled;
        });
        return canceled ? fail(CLIPFEED_ECANCELED, "clipfeed_fetcher_fetch_many: canceled by the callback")
                        : CLIPFEED_OK;
    });
}

void clipfeed_response_free(clipfeed_response* response) { delete response; }

int clipfeed_response_error(const clipfeed_response* response) {
    return response ? static_cast<int>(response->result.error) : CLIPFEED_EINVAL;
}

const char* clipfeed_response_error_message(const clipfeed_response* response) {
    return response ? response->result.error_message.c_str() : nullptr;
}

const char* clipfeed_response_url(const clipfeed_response* r) { return r ? c_str_or_null(r->result.url) : nullptr; }
const char* clipfeed_response_final_url(const clipfeed_response* r) {
    return r ? c_str_or_null(r->result.final_url) : nullptr;
}
const char* clipfeed_response_discovered_url(const clipfeed_response* r) {
    return r ? c_str_or_null(r->result.discovered_url) : nullptr;
}
int clipfeed_response_status(const clipfeed_response* r) { return r ? static_cast<int>(r->result.status) : 0; }
int clipfeed_response_not_modified(const clipfeed_response* r) { return r && r->result.not_modified ? 1 : 0; }
int clipfeed_response_permanent_redirect(const clipfeed_response* r) {
    return r && r->result.permanent_redirect ? 1 : 0;
}
const char* clipfeed_response_permanent_url(const clipfeed_response* r) {
    return r ? c_str_or_null(r->result.permanent_url) : nullptr;
}
const char* clipfeed_response_etag(const clipfeed_response* r) { return r ? c_str_or_null(r->result.etag) : nullptr; }
const char* clipfeed_response_last_modified(const clipfeed_response* r) {
    return r ? c_str_or_null(r->result.last_modified) : nullptr;
}
const char* clipfeed_response_content_type(const clipfeed_response* r) {
    return r ? c_str_or_null(r->result.content_type) : nullptr;
}

int clipfeed_response_max_age(int64_t* out, const clipfeed_response* r) {
    if (!r) return fail(CLIPFEED_EINVAL, "clipfeed_response_max_age: response is NULL");
    return optional_out(out, r->result.max_age_seconds, "clipfeed_response_max_age");
}

int clipfeed_response_expires(int64_t* out, const clipfeed_response* r) {
    if (!r) return fail(CLIPFEED_EINVAL, "clipfeed_response_expires: response is NULL");
    return optional_out(out, r->result.expires, "clipfeed_response_expires");
}

int clipfeed_response_retry_after(int64_t* out, const clipfeed_response* r) {
    if (!r) return fail(CLIPFEED_EINVAL, "clipfeed_response_retry_after: response is NULL");
    return optional_out(out, r->result.retry_after_seconds, "clipfeed_response_retry_after");
}

int64_t clipfeed_response_elapsed_ms(const clipfeed_response* r) { return r ? r->result.elapsed_ms : 0; }

const void* clipfeed_response_body(const clipfeed_response* r, size_t* size) {
    const clipfeed::FetchResult* result = result_of(r);
    if (size) *size = result ? result->body.size() : 0;
    return result && !result->body.empty() ? result->body.data() : nullptr;
}

const clipfeed_feed* clipfeed_response_feed(const clipfeed_response* r) {
    return r && r->feed.owned ? &r->feed : nullptr;
}

int clipfeed_response_to_json(char** out, const clipfeed_response* r, int flags) {
    return guarded("clipfeed_response_to_json", [&] {
        if (!out) return fail(CLIPFEED_EINVAL, "clipfeed_response_to_json: out is NULL");
        *out = nullptr;
        if (!r) return fail(CLIPFEED_EINVAL, "clipfeed_response_to_json: response is NULL");
        clipfeed::JsonStyle style;
        if (!clipfeed::capi::json_style_from_flags(flags, style))
            return fail(CLIPFEED_EINVAL, "clipfeed_response_to_json: unknown flags " + std::to_string(flags));
        std::string json;
        // The parsed feed lives in the handle, moved out of the result.
        clipfeed::write_fetch_json(r->result, r->feed.owned.get(), style, json);
        *out = clipfeed::capi::malloc_copy(json);
        return *out ? CLIPFEED_OK : fail(CLIPFEED_ENOMEM, "clipfeed_response_to_json: out of memory");
    });
}

}  // extern "C"
