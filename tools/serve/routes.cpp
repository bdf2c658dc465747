#include "tools/serve/routes.hpp"

#include <algorithm>
#include <ctime>

#include "tools/cli_common.hpp"
#include "tools/serve/ssrf_guard.hpp"

namespace serve {

namespace {

std::string base64(const std::string& in) {
    static const char* const table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                           static_cast<unsigned char>(in[i + 2]);
        out += table[v >> 18];
        out += table[(v >> 12) & 63];
        out += table[(v >> 6) & 63];
        out += table[v & 63];
    }
    if (i < in.size()) {
        unsigned v = static_cast<unsigned char>(in[i]) << 16;
        if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
        out += table[v >> 18];
        out += table[(v >> 12) & 63];
        out += i + 1 < in.size() ? table[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

// Compares in time that does not depend on where the strings differ.
bool same_secret(const std::string& a, const std::string& b) {
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i % (b.size() + 1)]);
    return diff == 0;
}

std::string xml_attribute(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\n': out += "&#10;"; break;
            default: out += c;
        }
    }
    return out;
}

// A Host header fit to build URLs from: a name or address and a port, nothing else.
bool plausible_host(const std::string& host) {
    if (host.empty() || host.size() > 255) return false;
    for (char c : host)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
              c == ':' || c == '[' || c == ']'))
            return false;
    return true;
}

HttpResponse text(int status, const std::string& message) {
    HttpResponse response;
    response.set_text(status, message + "\n");
    response.add_header("Cache-Control", "no-store");
    return response;
}

}  // namespace

HttpResponse feed_response(const HttpRequest& request, const Snapshot& snapshot, bool private_cache,
                           std::int64_t now) {
    const bool servable = snapshot.rendering && (snapshot.error_status == 0 || snapshot.error_status == 502);
    if (!servable) {
        const int status = snapshot.error_status ? snapshot.error_status : 502;
        const char* what = status == 410   ? "the upstream feed is gone (HTTP 410)"
                           : status == 403 ? "refused"
                           : status == 404 ? "not found"
                           : status == 503 ? "unavailable"
                                           : "upstream error";
        HttpResponse response = text(status, std::string(what) + ": " + snapshot.error);
        if (status == 502 && snapshot.fresh_until > now)
            response.add_header("Retry-After", std::to_string(snapshot.fresh_until - now));
        return response;
    }
    const Rendering& r = *snapshot.rendering;
    const std::string* accept_encoding = request.header("Accept-Encoding");
    const bool gzip = !r.gzip.empty() && accept_encoding && accepts_gzip(*accept_encoding);
    HttpResponse response;
    response.add_header("ETag", gzip ? r.etag_gzip : r.etag);
    response.add_header("Last-Modified", http_date(r.last_modified));
    // The lifetime as of the fetch, and the age since: a cache subtracts one from the other.
    response.add_header("Cache-Control", std::string(private_cache ? "private, " : "") + "max-age=" +
                                             std::to_string(std::max<std::int64_t>(0, snapshot.fresh_until -
                                                                                          snapshot.fetched_at)));
    response.add_header("Age", std::to_string(std::max<std::int64_t>(0, now - snapshot.fetched_at)));
    response.add_header("Vary", "Accept-Encoding");
    if (snapshot.error_status) {
        response.add_header("Warning", "110 - \"Response is Stale\"");
        response.add_header("Warning", "111 - \"Revalidation Failed\"");
        response.log_note = "stale copy: " + snapshot.error;
    }

    bool not_modified = false;
    if (const std::string* if_none_match = request.header("If-None-Match")) {
        not_modified = etag_matches(*if_none_match, r.etag);
    } else if (const std::string* since = request.header("If-Modified-Since")) {
        const std::int64_t date = parse_http_date(*since);
        not_modified = date >= 0 && r.last_modified <= date;
    }
    if (not_modified) {
        response.status = 304;
        return response;
    }
    const std::string& body = gzip ? r.gzip : r.rss;
    response.body = std::shared_ptr<const char>(snapshot.rendering, body.data());
    response.body_size = body.size();
    response.add_header("Content-Type", "application/rss+xml; charset=utf-8");
    if (gzip) {
        response.add_header("Content-Encoding", "gzip");
        response.log_note = response.log_note.empty() ? "gzip" : "gzip, " + response.log_note;
    }
    return response;
}

Routes::Routes(RouteOptions options, const std::vector<ListedFeed>& feeds, FeedCache& cache)
    : options_(std::move(options)), feeds_(feeds), cache_(cache) {
    for (const ListedFeed& feed : feeds_) url_by_name_[feed.name] = feed.url;
    if (!options_.token.empty()) expected_authorization_ = "Bearer " + options_.token;
    if (!options_.basic_auth.empty()) expected_authorization_ = "Basic " + base64(options_.basic_auth);
}

bool Routes::authorized(const HttpRequest& request) const {
    if (expected_authorization_.empty()) return true;
    const std::string* given = request.header("Authorization");
    if (!given) return false;
    // The scheme's name is case-insensitive; the credentials are not.
    const std::size_t space = given->find(' ');
    const std::size_t expected_space = expected_authorization_.find(' ');
    if (space == std::string::npos ||
        cli::lower(given->substr(0, space)) != cli::lower(expected_authorization_.substr(0, expected_space)))
        return false;
    return same_secret(cli::trim(given->substr(space + 1)), expected_authorization_.substr(expected_space + 1));
}

void Routes::handle(const HttpRequest& request, const Reply& reply) const {
    if (request.method != "GET" && request.method != "HEAD") {
        HttpResponse response = text(405, "method " + request.method + " not allowed: only GET and HEAD");
        response.add_header("Allow", "GET, HEAD");
        return reply.send(std::move(response));
    }
    const std::string& path = request.path;
    if (path == "/healthz") return reply.send(text(200, "ok"));
    if (!authorized(request)) {
        HttpResponse response = text(401, "authentication required");
        response.add_header("WWW-Authenticate", options_.token.empty() ? "Basic realm=\"clipfeed\", charset=\"UTF-8\""
                                                                       : "Bearer realm=\"clipfeed\"");
        return reply.send(std::move(response));
    }
    if (path == "/opml") return reply.send(opml(request));
    static const std::string prefix = "/feeds/", suffix = ".xml";
    if (path.size() > prefix.size() + suffix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
        path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
        const std::string name = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
        auto found = url_by_name_.find(name);
        if (found == url_by_name_.end())
            return reply.send(text(404, "no feed named '" + name + "' is served here; /opml lists them"));
        return serve_feed(request, reply, found->second, false);
    }
    if (path == "/proxy" || path == "/feed") {
        if (!options_.allow_any_url)
            return reply.send(text(403, "the ?url= proxy is off: this server serves only its listed feeds "
                                        "(start it with --allow-any-url to allow others)"));
        const std::string* url = request.query_value("url");
        if (!url || url->empty()) return reply.send(text(400, "missing the url parameter: " + path + "?url=FEED_URL"));
        std::string reason;
        if (!allowed_proxy_url(*url, reason)) return reply.send(text(403, "refused to fetch " + *url + ": " + reason));
        return serve_feed(request, reply, *url, true);
    }
    if (path == "/")
        return reply.send(text(200, "clipfeed serve: " + std::to_string(feeds_.size()) +
                                        " feed(s) enriched with their clippings; /opml lists them"));
    reply.send(text(404, "nothing at " + path + "; the feeds are at /feeds/<name>.xml, listed in /opml"));
}

void Routes::serve_feed(const HttpRequest& request, const Reply& reply, const std::string& url, bool proxied) const {
    const bool private_cache = !expected_authorization_.empty();
    // The request is copied: the callback may run after this one has returned.
    cache_.get(url, proxied, [request, reply, private_cache](const Snapshot& snapshot) {
        reply.send(feed_response(request, snapshot, private_cache, static_cast<std::int64_t>(std::time(nullptr))));
    });
}

HttpResponse Routes::opml(const HttpRequest& request) const {
    std::string base = options_.public_url;
    if (base.empty()) {
        const std::string* host = request.header("Host");
        base = host && plausible_host(*host) ? "http://" + *host : options_.listen_base;
    }
    while (!base.empty() && base.back() == '/') base.pop_back();
    std::string out =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n"
        "  <head><title>clipfeed: feeds enriched with their clippings</title></head>\n  <body>\n";
    for (const ListedFeed& feed : feeds_) {
        const Snapshot snapshot = cache_.peek(feed.url);
        std::string title = feed.title;
        if (title.empty() && snapshot.rendering) title = snapshot.rendering->title;
        if (title.empty()) title = feed.name;
        out += "    <outline type=\"rss\" text=\"" + xml_attribute(title) + "\" title=\"" + xml_attribute(title) +
               "\" xmlUrl=\"" + xml_attribute(base + "/feeds/" + feed.name + ".xml") + "\"";
        if (snapshot.rendering && !snapshot.rendering->link.empty())
            out += " htmlUrl=\"" + xml_attribute(snapshot.rendering->link) + "\"";
        out += "/>\n";
    }
    out += "  </body>\n</opml>\n";
    HttpResponse response;
    response.set_text(200, std::move(out), "text/x-opml; charset=utf-8");
    response.add_header("Cache-Control", "no-cache");
    return response;
}

}  // namespace serve
