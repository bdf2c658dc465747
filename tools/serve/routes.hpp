// What 'clipfeed serve' answers: /feeds/<name>.xml, /opml, /healthz and, with
// --allow-any-url, /proxy?url= (also /feed?url=); the checks before (method,
// authentication) and the HTTP caching around a feed (ETag, Last-Modified,
// 304, gzip, Cache-Control, Age).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tools/serve/feed_cache.hpp"
#include "tools/serve/feed_list.hpp"
#include "tools/serve/http_server.hpp"

namespace serve {

struct RouteOptions {
    bool allow_any_url = false;
    std::string token;        // non-empty: "Authorization: Bearer <token>" required
    std::string basic_auth;   // non-empty: "user:password" for basic authentication
    std::string public_url;   // the base of the URLs in /opml; empty: http://<Host header>
    std::string listen_base;  // "http://127.0.0.1:8088": the base when a request has no Host
};

class Routes {
public:
    Routes(RouteOptions options, const std::vector<ListedFeed>& feeds, FeedCache& cache);
    void handle(const HttpRequest& request, const Reply& reply) const;

private:
    bool authorized(const HttpRequest& request) const;
    void serve_feed(const HttpRequest& request, const Reply& reply, const std::string& url, bool proxied) const;
    HttpResponse opml(const HttpRequest& request) const;

    RouteOptions options_;
    std::vector<ListedFeed> feeds_;
    std::map<std::string, std::string> url_by_name_;
    std::string expected_authorization_;  // "Bearer T" or "Basic base64(user:password)"
    FeedCache& cache_;
};

// The HTTP response for a cache entry, as a request with these headers gets it.
HttpResponse feed_response(const HttpRequest& request, const Snapshot& snapshot, bool private_cache,
                           std::int64_t now);

}  // namespace serve
