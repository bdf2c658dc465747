#include "feeds/net/fetch_transfer.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "feeds/runtime/lazy_library.hpp"
#include "feeds/text/ascii.hpp"
#include "feeds/text/dates.hpp"

namespace clipfeed {

namespace {

const char* const kAccept =
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5, */*;q=0.1";

bool is_redirect(long status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool is_permanent(long status) { return status == 301 || status == 308; }

// The last response's value of a header, "" when absent.
std::string header_value(CURL* easy, const char* name) {
    struct curl_header* h = nullptr;
    if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK || !h || !h->value) return {};
    return h->value;
}

// "max-age=N" from a Cache-Control header.
std::optional<std::int64_t> max_age_of(const std::string& cache_control) {
    std::string cc = ascii_lowercase(cache_control);
    for (std::size_t pos = cc.find("max-age"); pos != std::string::npos; pos = cc.find("max-age", pos + 7)) {
        bool at_start = pos == 0 || cc[pos - 1] == ',' || cc[pos - 1] == ' ';
        std::size_t eq = pos + 7;
        while (eq < cc.size() && cc[eq] == ' ') ++eq;
        if (!at_start || eq >= cc.size() || cc[eq] != '=') continue;
        std::size_t digits = eq + 1;
        while (digits < cc.size() && (cc[digits] == ' ' || cc[digits] == '"')) ++digits;
        std::int64_t value = 0;
        std::size_t k = digits;
        while (k < cc.size() && cc[k] >= '0' && cc[k] <= '9' && k - digits < 12) value = value * 10 + (cc[k++] - '0');
        if (k > digits) return value;
    }
    return std::nullopt;
}

std::string reason_phrase(long status) {
    switch (status) {
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 410: return "Gone";
        case 429: return "Too Many Requests";
        case 500: return "Internal Server Error";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        default: return "";
    }
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    std::size_t n = size * count;
    if (static_cast<std::int64_t>(t->result.body.size() + n) > t->max_body) {
        t->too_large = true;
        return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
    }
    std::string& body = t->result.body;
    if (body.empty()) {
        // Sized once from Content-Length (of the encoded body, so a lower bound
        // when compressed) rather than doubled up to it: each doubling copies
        // the body into fresh memory, and the page faults cost more than the copy.
        curl_off_t length = -1;
        if (curl_easy_getinfo(t->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == CURLE_OK && length > 0 &&
            length <= t->max_body)
            body.reserve(static_cast<std::size_t>(length));
    }
    body.append(data, n);
    return n;
}

// Also limits the bytes on the wire, which for a compressed body are fewer
// than the decompressed ones the body callback sees.
int on_progress(void* user, curl_off_t /*dltotal*/, curl_off_t dlnow, curl_off_t, curl_off_t) {
    auto* t = static_cast<Transfer*>(user);
    if (dlnow > t->max_body) {
        t->too_large = true;
        return 1;
    }
    return 0;
}

// Loopback, private (RFC 1918, unique local), link-local, unspecified and
// carrier-grade NAT addresses: what a server-side host must not be made to
// fetch from (SSRF).
bool is_private_address(const sockaddr* address, std::string& text) {
    char buffer[INET6_ADDRSTRLEN] = {};
    if (address->sa_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(address);
        inet_ntop(AF_INET, &in->sin_addr, buffer, sizeof buffer);
        text = buffer;
        const std::uint32_t a = ntohl(in->sin_addr.s_addr);
        auto in_net = [&](std::uint32_t net, int bits) { return (a >> (32 - bits)) == (net >> (32 - bits)); };
        return in_net(0x7F000000, 8) || in_net(0x0A000000, 8) || in_net(0xAC100000, 12) || in_net(0xC0A80000, 16) ||
               in_net(0xA9FE0000, 16) || in_net(0x00000000, 8) || in_net(0x64400000, 10);
    }
    if (address->sa_family == AF_INET6) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
        inet_ntop(AF_INET6, &in6->sin6_addr, buffer, sizeof buffer);
        text = buffer;
        const unsigned char* b = in6->sin6_addr.s6_addr;
        if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) || IN6_IS_ADDR_UNSPECIFIED(&in6->sin6_addr)) return true;
        if ((b[0] & 0xFE) == 0xFC) return true;                 // fc00::/7 unique local
        if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return true;  // fe80::/10 link-local
        if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
            sockaddr_in mapped{};
            mapped.sin_family = AF_INET;
            std::memcpy(&mapped.sin_addr, b + 12, 4);
            return is_private_address(reinterpret_cast<const sockaddr*>(&mapped), text);
        }
    }
    return false;
}

curl_socket_t open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
    auto* t = static_cast<Transfer*>(user);
    std::string text;
    if (purpose == CURLSOCKTYPE_IPCXN && t->block_private &&
        is_private_address(reinterpret_cast<const sockaddr*>(&address->addr), text)) {
        t->blocked_address = text;
        return CURL_SOCKET_BAD;
    }
    return ::socket(address->family, address->socktype, address->protocol);
}

// Turns a libcurl failure into an error class and a message naming the URL.
void classify_curl_error(Transfer& t, CURLcode code, const FetchOptions& o) {
    const std::string& url = t.current_url;
    std::string detail = t.error_buffer[0] ? t.error_buffer : curl_easy_strerror(code);
    if (!t.blocked_address.empty()) {
        return fail(t, FetchError::blocked,
                    "refused to fetch " + url + ": it resolves to " + t.blocked_address +
                        ", a private, loopback or link-local address");
    }
    if (detail.find("Too large response headers") != std::string::npos) {
        return fail(t, FetchError::too_large, "the response headers from " + url + " are too large: " + detail);
    }
    if (t.too_large || code == CURLE_FILESIZE_EXCEEDED) {
        return fail(t, FetchError::too_large,
                    "the response from " + url + " is larger than the limit of " + std::to_string(o.max_body_bytes) +
                        " bytes; the transfer was stopped");
    }
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
            return fail(t, FetchError::dns, "cannot resolve the host of " + url + ": " + detail);
        case CURLE_COULDNT_CONNECT:
            return fail(t, FetchError::connect, "cannot connect to " + url + ": " + detail);
        case CURLE_OPERATION_TIMEDOUT:
            return fail(t, FetchError::timeout, "timed out fetching " + url + ": " + detail);
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
        case CURLE_SSL_SHUTDOWN_FAILED:
        case CURLE_SSL_CRL_BADFILE:
            return fail(t, FetchError::tls, "TLS failed for " + url + ": " + detail);
        case CURLE_PARTIAL_FILE:
            return fail(t, FetchError::truncated,
                        "the response from " + url + " was cut off after " + std::to_string(t.result.body.size()) +
                            " bytes: " + detail);
        case CURLE_UNSUPPORTED_PROTOCOL:
            return fail(t, FetchError::scheme, "not an http or https URL: " + url);
        case CURLE_URL_MALFORMAT:
            return fail(t, FetchError::invalid_url, "not a valid URL: '" + url + "': " + detail);
        default:
            return fail(t, FetchError::network, "fetching " + url + " failed: " + detail);
    }
}

void read_response_headers(Transfer& t) {
    FetchResult& r = t.result;
    r.etag = header_value(t.easy, "ETag");
    r.last_modified = header_value(t.easy, "Last-Modified");
    r.content_location = header_value(t.easy, "Content-Location");
    r.content_language = header_value(t.easy, "Content-Language");
    char* type = nullptr;
    curl_easy_getinfo(t.easy, CURLINFO_CONTENT_TYPE, &type);
    r.content_type = type ? type : "";
    r.max_age_seconds = max_age_of(header_value(t.easy, "Cache-Control"));
    std::string expires = header_value(t.easy, "Expires");
    r.expires = expires.empty() ? std::nullopt : parse_date(expires);
    curl_off_t retry_after = 0;
    r.retry_after_seconds.reset();
    if (curl_easy_getinfo(t.easy, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK &&
        !header_value(t.easy, "Retry-After").empty())
        r.retry_after_seconds = static_cast<std::int64_t>(retry_after);
}

bool looks_like_html(const FetchResult& r) {
    std::string type = ascii_lowercase(r.content_type);
    if (type.find("html") != std::string::npos) return true;
    std::string head = ascii_lowercase(r.body.substr(0, 512));
    return head.find("<!doctype html") != std::string::npos || head.find("<html") != std::string::npos;
}

// Moves on to `url` as the transfer's next hop.
void go_to(Transfer& t, const std::string& url) {
    t.visited.push_back(url);
    t.current_url = url;
}

}  // namespace

Transfer::Transfer(const FetchRequest& r, const FetchOptions& options)
    : request(r), current_url(r.url), max_body(options.max_body_bytes), started(std::chrono::steady_clock::now()) {
    result.url = r.url;
    visited.push_back(r.url);
}

Transfer::~Transfer() {
    if (easy) curl_easy_cleanup(easy);
    curl_slist_free_all(headers);
}

bool is_http_url(const std::string& url) {
    std::string head = ascii_lowercase(url.substr(0, 8));
    return head.rfind("http://", 0) == 0 || head.rfind("https://", 0) == 0;
}

void fail(Transfer& t, FetchError error, const std::string& message) {
    t.result.error = error;
    t.result.error_message = message;
}

void configure_transfer(Transfer& t, const FetchOptions& o, CURLSH* share) {
    if (!t.easy) {
        t.easy = curl_easy_init();
        if (!t.easy) throw std::bad_alloc();
    } else {
        curl_easy_reset(t.easy);
    }
    CURL* e = t.easy;
    curl_easy_setopt(e, CURLOPT_URL, t.current_url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.error_buffer);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_SHARE, share);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);  // followed by hand, hop by hop
    curl_easy_setopt(e, CURLOPT_USERAGENT, o.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, o.connect_timeout_ms);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, o.total_timeout_ms);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, o.low_speed_bytes);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, o.low_speed_seconds);
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(o.max_body_bytes));
    // Feeds run to hundreds of KiB: 64 KiB reads (libcurl's default is 16)
    // took a quarter less CPU to fetch 2,000 feeds of 120 KB over loopback.
    curl_easy_setopt(e, CURLOPT_BUFFERSIZE, 64L * 1024);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(e, CURLOPT_XFERINFODATA, &t);
    curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, o.verify_tls ? 1L : 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, o.verify_tls ? 2L : 0L);
    if (!o.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, o.ca_file.c_str());
    if (o.proxy) curl_easy_setopt(e, CURLOPT_PROXY, o.proxy->c_str());
    t.block_private = o.block_private_addresses;
    t.blocked_address.clear();
    if (o.block_private_addresses) {
        curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_socket);
        curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &t);
    }

    curl_slist_free_all(t.headers);
    t.headers = nullptr;
    auto add_header = [&](const std::string& line) {
        curl_slist* next = curl_slist_append(t.headers, line.c_str());
        if (!next) throw std::bad_alloc();
        t.headers = next;
    };
    add_header(std::string("Accept: ") + kAccept);
    if (!t.discovering) {
        // The validators belong to the feed the caller asked for, wherever it now lives.
        if (!t.request.etag.empty()) add_header("If-None-Match: " + t.request.etag);
        if (!t.request.last_modified.empty()) add_header("If-Modified-Since: " + t.request.last_modified);
    }
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);

    t.result.body.clear();
    t.too_large = false;
    t.error_buffer[0] = '\0';
}

NextStep after_hop(Transfer& t, CURLcode code, const FetchOptions& o) {
    FetchResult& r = t.result;
    r.final_url = t.current_url;
    curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &r.status);
    if (code != CURLE_OK) {
        classify_curl_error(t, code, o);
        return NextStep::deliver;
    }
    read_response_headers(t);

    char* location = nullptr;
    curl_easy_getinfo(t.easy, CURLINFO_REDIRECT_URL, &location);
    if (is_redirect(r.status) && location && *location) {
        std::string next = location;
        if (!is_http_url(next)) {
            fail(t, FetchError::scheme, t.current_url + " redirects to a URL that is not http or https: " + next);
            return NextStep::deliver;
        }
        if (std::find(t.visited.begin(), t.visited.end(), next) != t.visited.end()) {
            fail(t, FetchError::redirects, "redirect loop: " + t.current_url + " leads back to " + next);
            return NextStep::deliver;
        }
        if (++t.redirects > o.max_redirects) {
            fail(t, FetchError::redirects,
                 "too many redirects (more than " + std::to_string(o.max_redirects) + ") starting at " + r.url);
            return NextStep::deliver;
        }
        if (t.permanent_chain && is_permanent(r.status)) {
            r.permanent_redirect = true;
            r.permanent_url = next;
        } else {
            t.permanent_chain = false;
        }
        go_to(t, next);
        return NextStep::next_hop;
    }
    if (r.status == 304) {
        r.not_modified = true;
        r.body.clear();
        return NextStep::deliver;
    }
    if (r.status < 200 || r.status >= 300) {
        std::string reason = reason_phrase(r.status);
        fail(t, FetchError::http_status,
             "HTTP " + std::to_string(r.status) + (reason.empty() ? "" : " " + reason) + " from " + t.current_url);
        return NextStep::deliver;
    }
    return o.parse ? NextStep::parse : NextStep::deliver;
}

void parse_body(Transfer& t, const FetchOptions& o) {
    FetchResult& r = t.result;
    ParseContext context;
    context.url = r.final_url;
    context.content_type = r.content_type;
    context.content_location = r.content_location;
    context.content_language = r.content_language;
    context.from_http = true;
    context.enrich = o.enrich;
    context.sanitize_html = o.sanitize_html;
    context.limits = o.parse_limits;
    r.feed = parse_feed(r.body, context);
    if (r.feed->feed.format == FeedFormat::unknown && !t.discovering && looks_like_html(r)) {
        try {
            t.discovered = discover_feed_links(r.body, r.final_url);
        } catch (const LibraryUnavailable& e) {
            t.discovery_error = e.what();  // libxml2 is missing: said in the not-a-feed error
        }
    }
}

NextStep after_parse(Transfer& t) {
    FetchResult& r = t.result;
    if (!r.feed) return NextStep::deliver;  // parsing threw: the error is set
    if (r.feed->feed.format != FeedFormat::unknown) return NextStep::deliver;
    if (!t.discovered.empty()) {
        r.feed.reset();
        r.discovered_url = t.discovered.front();
        t.discovering = true;
        t.redirects = 0;
        go_to(t, r.discovered_url);
        return NextStep::next_hop;
    }
    if (!t.discovering && looks_like_html(r)) {
        if (!t.discovery_error.empty())
            fail(t, FetchError::not_a_feed,
                 "the page at " + r.final_url + " is HTML; its feed links could not be read: " + t.discovery_error);
        else
            fail(t, FetchError::not_a_feed, "the page at " + r.final_url + " is HTML and links to no feed");
    } else {
        std::string why = r.feed->feed.warnings.empty() ? std::string() : ": " + r.feed->feed.warnings.front();
        fail(t, FetchError::not_a_feed,
             r.final_url + " did not return a feed (Content-Type '" + r.content_type + "')" + why);
    }
    r.feed.reset();
    return NextStep::deliver;
}

}  // namespace clipfeed
