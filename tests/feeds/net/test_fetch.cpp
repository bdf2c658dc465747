// The fetcher against a real HTTP server on 127.0.0.1: every behaviour of a
// careful client, and every way a server can misbehave.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "feeds/net/fetch.hpp"
#include "support/loopback_http_server.hpp"

using namespace clipfeed;
using clipfeed::testing::Connection;
using clipfeed::testing::HttpRequest;
using clipfeed::testing::LoopbackHttpServer;

namespace {

const char* const kFeed =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Loopback News</title>"
    "<link>http://news.example/</link><item><title>First</title><guid>n-1</guid></item></channel></rss>";

// Tests never use a proxy from the environment: the server is on loopback.
FetchOptions test_options() {
    FetchOptions o;
    o.proxy = "";
    o.connect_timeout_ms = 5000;
    o.total_timeout_ms = 20000;
    return o;
}

void serve_feed(Connection& c, testing::Headers extra = {}) {
    extra.emplace_back("Content-Type", "application/rss+xml; charset=utf-8");
    c.respond(200, extra, kFeed);
}

}  // namespace

TEST_CASE("A feed is fetched, parsed, and its validators and caching headers read", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/feed", [](const HttpRequest&, Connection& c) {
        serve_feed(c, {{"ETag", "\"v1\""},
                       {"Last-Modified", "Sun, 22 Nov 2026 10:00:00 GMT"},
                       {"Cache-Control", "public, max-age=900"},
                       {"Expires", "Sun, 22 Nov 2026 10:15:00 GMT"}});
    });
    Fetcher fetcher(test_options());
    FetchResult r = fetcher.fetch({server.url("/feed"), "", ""});
    REQUIRE(r.ok());
    CHECK(r.status == 200);
    CHECK(r.final_url == server.url("/feed"));
    CHECK(r.etag == "\"v1\"");
    CHECK(r.last_modified == "Sun, 22 Nov 2026 10:00:00 GMT");
    CHECK(r.max_age_seconds == 900);
    CHECK(r.expires == 1795341600 + 900);  // 2026-11-22T10:15:00Z
    CHECK(r.content_type == "application/rss+xml; charset=utf-8");
    REQUIRE(r.feed);
    CHECK(r.feed->feed.title == std::string_view("Loopback News"));
    CHECK(r.feed->feed.items.size() == 1);
    CHECK(r.elapsed_ms >= 0);

    const HttpRequest sent = server.requests().at(0);
    CHECK(sent.header("User-Agent").find("clipfeed") != std::string::npos);
    CHECK(sent.header("Accept").find("application/rss+xml") != std::string::npos);
    CHECK_FALSE(sent.header("Accept-Encoding").empty());
}

TEST_CASE("Conditional GET round trip with an ETag: the second fetch is a 304", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/feed", [](const HttpRequest& request, Connection& c) {
        if (request.header("If-None-Match") == "\"abc\"") return (void)c.respond(304, {{"ETag", "\"abc\""}}, "");
        serve_feed(c, {{"ETag", "\"abc\""}});
    });
    Fetcher fetcher(test_options());
    FetchResult first = fetcher.fetch({server.url("/feed"), "", ""});
    REQUIRE(first.ok());
    FetchResult second = fetcher.fetch({server.url("/feed"), first.etag, ""});
    REQUIRE(second.ok());
    CHECK(second.status == 304);
    CHECK(second.not_modified);
    CHECK_FALSE(second.feed);
    CHECK(second.body.empty());
    CHECK(server.requests().at(1).header("If-None-Match") == "\"abc\"");
}

TEST_CASE("Conditional GET round trip with Last-Modified", "[fetch]") {
    const std::string stamp = "Mon, 23 Nov 2026 08:00:00 GMT";
    LoopbackHttpServer server;
    server.route("/feed", [&](const HttpRequest& request, Connection& c) {
        if (request.header("If-Modified-Since") == stamp) return (void)c.respond(304, {}, "");
        serve_feed(c, {{"Last-Modified", stamp}});
    });
    Fetcher fetcher(test_options());
    FetchResult first = fetcher.fetch({server.url("/feed"), "", ""});
    REQUIRE(first.last_modified == stamp);
    FetchResult second = fetcher.fetch({server.url("/feed"), "", first.last_modified});
    CHECK(second.not_modified);
    CHECK(second.ok());
}

TEST_CASE("Redirect chains are followed, only an unbroken run of 301/308 is a permanent move", "[fetch]") {
    LoopbackHttpServer server;
    auto redirect = [&](int status, std::string to) {
        return [&server, status, to](const HttpRequest&, Connection& c) {
            c.respond(status, {{"Location", server.url(to)}}, "");
        };
    };
    server.route("/old", redirect(301, "/older-still"));
    server.route("/older-still", redirect(308, "/temp"));
    server.route("/temp", redirect(302, "/feed"));
    server.route("/moved-later", redirect(302, "/perm"));
    server.route("/perm", redirect(301, "/feed"));
    server.route("/relative", [](const HttpRequest&, Connection& c) { c.respond(307, {{"Location", "feed"}}, ""); });
    server.route("/feed", [](const HttpRequest&, Connection& c) { serve_feed(c); });
    Fetcher fetcher(test_options());

    FetchResult r = fetcher.fetch({server.url("/old"), "", ""});
    REQUIRE(r.ok());
    CHECK(r.final_url == server.url("/feed"));
    CHECK(r.permanent_redirect);
    CHECK(r.permanent_url == server.url("/temp"));  // the 302 ends the permanent part

    r = fetcher.fetch({server.url("/moved-later"), "", ""});
    REQUIRE(r.ok());
    CHECK_FALSE(r.permanent_redirect);
    CHECK(r.permanent_url.empty());

    r = fetcher.fetch({server.url("/relative"), "", ""});
    REQUIRE(r.ok());
    CHECK(r.final_url == server.url("/feed"));
}

TEST_CASE("Redirect loops and too many redirects are errors naming the URL", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/a", [&](const HttpRequest&, Connection& c) { c.respond(302, {{"Location", server.url("/b")}}, ""); });
    server.route("/b", [&](const HttpRequest&, Connection& c) { c.respond(302, {{"Location", server.url("/a")}}, ""); });
    for (int i = 0; i < 10; ++i) {
        server.route("/hop" + std::to_string(i), [&server, i](const HttpRequest&, Connection& c) {
            c.respond(302, {{"Location", server.url("/hop" + std::to_string(i + 1))}}, "");
        });
    }
    FetchOptions o = test_options();
    o.max_redirects = 3;
    Fetcher fetcher(o);

    FetchResult loop = fetcher.fetch({server.url("/a"), "", ""});
    CHECK(loop.error == FetchError::redirects);
    CHECK(loop.error_message.find("loop") != std::string::npos);
    CHECK(loop.error_message.find(server.url("/a")) != std::string::npos);

    FetchResult many = fetcher.fetch({server.url("/hop0"), "", ""});
    CHECK(many.error == FetchError::redirects);
    CHECK(many.error_message.find("too many") != std::string::npos);
    CHECK(server.request_count("/hop4") == 0);
}

TEST_CASE("Only http and https: a redirect elsewhere is refused, file:// never opened", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/to-file", [](const HttpRequest&, Connection& c) {
        c.respond(302, {{"Location", "file:///etc/passwd"}}, "");
    });
    server.route("/to-gopher", [](const HttpRequest&, Connection& c) {
        c.respond(301, {{"Location", "gopher://127.0.0.1/1"}}, "");
    });
    Fetcher fetcher(test_options());
    for (const char* path : {"/to-file", "/to-gopher"}) {
        FetchResult r = fetcher.fetch({server.url(path), "", ""});
        CHECK(r.error == FetchError::scheme);
        CHECK(r.body.find("root:") == std::string::npos);
        CHECK_FALSE(r.feed);
    }
    FetchResult direct = fetcher.fetch({"file:///etc/passwd", "", ""});
    CHECK(direct.error == FetchError::scheme);
    CHECK(direct.body.empty());
}

TEST_CASE("A gzip-compressed feed is decompressed and parsed", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/feed.gz", [](const HttpRequest&, Connection& c) {
        c.respond(200, {{"Content-Type", "application/rss+xml"}, {"Content-Encoding", "gzip"}}, testing::gzip(kFeed));
    });
    Fetcher fetcher(test_options());
    FetchResult r = fetcher.fetch({server.url("/feed.gz"), "", ""});
    REQUIRE(r.ok());
    CHECK(r.body == kFeed);
    CHECK(r.feed->feed.title == std::string_view("Loopback News"));
}

TEST_CASE("A body over the limit is stopped: declared, chunked, and compressed", "[fetch]") {
    LoopbackHttpServer server;
    const std::string big(300000, 'x');
    server.route("/declared", [&](const HttpRequest&, Connection& c) { c.respond(200, {}, big); });
    server.route("/chunked", [&](const HttpRequest&, Connection& c) {
        c.respond_chunked(200, {}, std::vector<std::string>(30, std::string(10000, 'y')));
    });
    server.route("/bomb", [](const HttpRequest&, Connection& c) {
        c.respond(200, {{"Content-Encoding", "gzip"}}, testing::gzip_bomb(50u << 20));
    });
    FetchOptions o = test_options();
    o.max_body_bytes = 100000;
    Fetcher fetcher(o);
    for (const char* path : {"/declared", "/chunked", "/bomb"}) {
        INFO(path);
        FetchResult r = fetcher.fetch({server.url(path), "", ""});
        CHECK(r.error == FetchError::too_large);
        CHECK(r.body.size() <= 100000);
        CHECK(r.error_message.find(server.url(path)) != std::string::npos);
    }
}

TEST_CASE("A truncated body is detected and reported", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/cut", [](const HttpRequest&, Connection& c) {
        c.write_head(200, {{"Content-Length", "5000"}, {"Content-Type", "application/rss+xml"}});
        c.write(std::string(kFeed).substr(0, 60));
        c.close();
    });
    Fetcher fetcher(test_options());
    FetchResult r = fetcher.fetch({server.url("/cut"), "", ""});
    CHECK(r.error == FetchError::truncated);
    CHECK(r.error_message.find("cut off") != std::string::npos);
}

TEST_CASE("A stalled server and a slow drip time out", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/stall", [](const HttpRequest&, Connection& c) {
        c.write_head(200, {{"Content-Length", "100000"}});
        c.write("<rss>");
        while (c.pause(std::chrono::milliseconds(50))) {
        }
    });
    server.route("/drip", [](const HttpRequest&, Connection& c) {
        c.write_head(200, {{"Content-Length", "100000"}});
        while (c.write("x") && c.pause(std::chrono::milliseconds(20))) {
        }
    });
    FetchOptions o = test_options();
    o.low_speed_bytes = 1000;
    o.low_speed_seconds = 1;
    Fetcher stall_fetcher(o);
    FetchResult stalled = stall_fetcher.fetch({server.url("/stall"), "", ""});
    CHECK(stalled.error == FetchError::timeout);

    FetchOptions total = test_options();
    total.total_timeout_ms = 800;
    total.low_speed_bytes = 0;  // only the total limit applies
    Fetcher drip_fetcher(total);
    FetchResult dripped = drip_fetcher.fetch({server.url("/drip"), "", ""});
    CHECK(dripped.error == FetchError::timeout);
    CHECK(dripped.elapsed_ms < 5000);
}

TEST_CASE("HTTP error statuses are errors carrying the status", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/gone", [](const HttpRequest&, Connection& c) { c.respond(410, {}, "gone"); });
    server.route("/broken", [](const HttpRequest&, Connection& c) { c.respond(500, {}, "oops"); });
    Fetcher fetcher(test_options());
    struct Case {
        const char* path;
        long status;
    };
    for (Case k : {Case{"/nowhere", 404}, Case{"/gone", 410}, Case{"/broken", 500}}) {
        FetchResult r = fetcher.fetch({server.url(k.path), "", ""});
        CHECK(r.error == FetchError::http_status);
        CHECK(r.status == k.status);
        CHECK(r.error_message.find(std::to_string(k.status)) != std::string::npos);
        CHECK(r.error_message.find(server.url(k.path)) != std::string::npos);
        CHECK_FALSE(r.feed);
    }
}

TEST_CASE("429 and 503 expose Retry-After, in seconds or as an HTTP date", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/busy", [](const HttpRequest&, Connection& c) { c.respond(429, {{"Retry-After", "120"}}, ""); });
    server.route("/down", [](const HttpRequest&, Connection& c) {
        c.respond(503, {{"Retry-After", testing::http_date(std::time(nullptr) + 3600)}}, "");
    });
    Fetcher fetcher(test_options());
    FetchResult busy = fetcher.fetch({server.url("/busy"), "", ""});
    CHECK(busy.status == 429);
    CHECK(busy.retry_after_seconds == 120);
    FetchResult down = fetcher.fetch({server.url("/down"), "", ""});
    CHECK(down.status == 503);
    REQUIRE(down.retry_after_seconds);
    CHECK(*down.retry_after_seconds > 3500);
    CHECK(*down.retry_after_seconds <= 3600);
}

TEST_CASE("An HTML page leads to the feed it advertises", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/blog", [](const HttpRequest&, Connection& c) {
        c.respond(200, {{"Content-Type", "text/html; charset=utf-8"}},
                  "<!DOCTYPE html><html><head><title>Blog</title>"
                  "<link rel=\"stylesheet\" href=\"/style.css\">"
                  "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"RSS\" href=\"/feeds/main.xml\">"
                  "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/feeds/atom.xml\">"
                  "</head><body><p>Hello</p></body></html>");
    });
    server.route("/plain-page", [](const HttpRequest&, Connection& c) {
        c.respond(200, {{"Content-Type", "text/html"}}, "<html><body><p>No feeds here</p></body></html>");
    });
    server.route("/feeds/main.xml", [](const HttpRequest&, Connection& c) { serve_feed(c); });
    Fetcher fetcher(test_options());
    FetchResult r = fetcher.fetch({server.url("/blog"), "", ""});
    REQUIRE(r.ok());
    CHECK(r.discovered_url == server.url("/feeds/main.xml"));
    CHECK(r.final_url == server.url("/feeds/main.xml"));
    CHECK(r.feed->feed.title == std::string_view("Loopback News"));
    CHECK(server.request_count("/feeds/atom.xml") == 0);

    FetchResult none = fetcher.fetch({server.url("/plain-page"), "", ""});
    CHECK(none.error == FetchError::not_a_feed);
    CHECK(none.error_message.find(server.url("/plain-page")) != std::string::npos);
}

TEST_CASE("A charset given only in the Content-Type decodes the feed, Content-Location is the base", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/latin1", [](const HttpRequest&, Connection& c) {
        c.respond(200,
                  {{"Content-Type", "text/xml; charset=iso-8859-1"},
                   {"Content-Location", "/canonical/feed.xml"},
                   {"Content-Language", "de"}},
                  "<rss version=\"2.0\"><channel><title>K\xF6ln</title><item><link>story</link></item>"
                  "</channel></rss>");
    });
    Fetcher fetcher(test_options());
    FetchResult r = fetcher.fetch({server.url("/latin1"), "", ""});
    REQUIRE(r.ok());
    CHECK(r.feed->feed.encoding == "iso-8859-1");
    CHECK(r.feed->feed.title == std::string_view("K\xC3\xB6ln"));
    CHECK(r.feed->feed.language == std::string_view("de"));
    CHECK(r.feed->feed.items.at(0).link == std::string_view(server.url("/canonical/story")));
}

TEST_CASE("A response that is not a feed is an error saying what came", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/json", [](const HttpRequest&, Connection& c) {
        c.respond(200, {{"Content-Type", "application/json"}}, "{\"not\": \"a feed\"}");
    });
    Fetcher fetcher(test_options());
    FetchResult r = fetcher.fetch({server.url("/json"), "", ""});
    CHECK(r.error == FetchError::not_a_feed);
    CHECK(r.error_message.find("application/json") != std::string::npos);
}

TEST_CASE("Nothing listening is a connect error", "[fetch]") {
    Fetcher fetcher(test_options());
    std::string url = "http://127.0.0.1:" + std::to_string(testing::unused_loopback_port()) + "/feed";
    FetchResult r = fetcher.fetch({url, "", ""});
    CHECK(r.error == FetchError::connect);
    CHECK(r.error_message.find(url) != std::string::npos);
    CHECK(r.status == 0);
}

TEST_CASE("TLS: a self-signed certificate fails unless trusted or verification is off", "[fetch]") {
    LoopbackHttpServer server(testing::TlsMode::self_signed);
    server.route("/feed", [](const HttpRequest&, Connection& c) { serve_feed(c); });
    const std::string url = server.url("/feed");
    REQUIRE(url.rfind("https://", 0) == 0);

    Fetcher strict(test_options());
    FetchResult refused = strict.fetch({url, "", ""});
    CHECK(refused.error == FetchError::tls);
    CHECK(refused.error_message.find(url) != std::string::npos);

    FetchOptions trusting = test_options();
    trusting.ca_file = server.certificate_file().string();
    Fetcher with_ca(trusting);
    CHECK(with_ca.fetch({url, "", ""}).ok());

    FetchOptions insecure = test_options();
    insecure.verify_tls = false;
    Fetcher unverified(insecure);
    CHECK(unverified.fetch({url, "", ""}).ok());
}

TEST_CASE("Many URLs are fetched at once, each result delivered as it completes", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/slow", [](const HttpRequest&, Connection& c) {
        c.pause(std::chrono::milliseconds(300));
        serve_feed(c);
    });
    server.route("/fast", [](const HttpRequest&, Connection& c) { serve_feed(c); });
    Fetcher fetcher(test_options());
    std::vector<FetchRequest> requests = {{server.url("/slow"), "", ""},
                                          {server.url("/fast"), "", ""},
                                          {server.url("/missing"), "", ""},
                                          {"ftp://127.0.0.1/x", "", ""}};
    std::vector<std::string> order;
    fetcher.fetch_many(requests, [&](FetchResult&& r) {
        order.push_back(r.url);
        return true;
    });
    REQUIRE(order.size() == 4);
    CHECK(order.back() == server.url("/slow"));  // the slow one finishes last
}

namespace {

// How many threads of this process have `name` (/proc/self/task/*/comm).
int threads_named(const std::string& name) {
    int count = 0;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
        std::ifstream comm(task.path() / "comm");
        std::string line;
        if (std::getline(comm, line) && line == name) ++count;
    }
    return count;
}

}  // namespace

TEST_CASE("Bodies are parsed on worker threads named clipfeed-parse, gone with their fetcher", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/feed", [](const HttpRequest&, Connection& c) { serve_feed(c); });
    REQUIRE(threads_named("clipfeed-parse") == 0);  // no fetcher of another test is left
    {
        Fetcher fetcher(test_options());
        FetchResult r = fetcher.fetch({server.url("/feed"), "", ""});
        REQUIRE(r.feed);
        // Each worker names itself when it starts, which on a loaded machine may
        // come after the first body is parsed: wait for them (at most 5 s).
        const int workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (threads_named("clipfeed-parse") < workers && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        CHECK(threads_named("clipfeed-parse") == workers);
    }
    CHECK(threads_named("clipfeed-parse") == 0);
}

TEST_CASE("More bodies than the parse backlog holds are all fetched and parsed", "[fetch]") {
    // 40 feeds of about 1.2 MB: more than the 32 MiB of bodies that may wait
    // for parsing at once, so new transfers wait for the parser now and then.
    LoopbackHttpServer server;
    const std::string padding(1000, 'x');
    std::vector<FetchRequest> requests;
    for (int feed = 0; feed < 40; ++feed) {
        std::string xml = "<rss version=\"2.0\"><channel><title>feed " + std::to_string(feed) + "</title>";
        for (int item = 0; item < 1200; ++item)
            xml += "<item><guid>" + std::to_string(item) + "</guid><description>" + padding + "</description></item>";
        xml += "</channel></rss>";
        const std::string path = "/feed-" + std::to_string(feed);
        server.route(path, [xml](const HttpRequest&, Connection& c) {
            c.respond(200, {{"Content-Type", "application/rss+xml"}}, xml);
        });
        requests.push_back({server.url(path), "", ""});
    }
    FetchOptions options = test_options();
    options.max_connections = 8;
    options.max_host_connections = 8;
    Fetcher fetcher(options);
    std::map<std::string, std::string> titles;  // by URL
    int complete = 0;
    fetcher.fetch_many(requests, [&](FetchResult&& r) {
        if (r.ok() && r.feed && r.feed->feed.items.size() == 1200 && r.body.size() > 1'200'000) ++complete;
        if (r.feed && r.feed->feed.title) titles[r.url] = std::string(*r.feed->feed.title);
        return true;
    });
    CHECK(complete == 40);
    REQUIRE(titles.size() == 40);
    CHECK(titles[server.url("/feed-7")] == "feed 7");
}

TEST_CASE("A transfer on a handle another one used sends only its own request headers", "[fetch]") {
    // One connection, so the second and third fetches reuse the first one's
    // libcurl handle: the validators of one feed must not reach another.
    LoopbackHttpServer server;
    std::mutex mutex;
    std::map<std::string, std::string> validators;  // path -> what arrived
    auto record = [&](const HttpRequest& request, Connection& c) {
        {
            std::lock_guard<std::mutex> lock(mutex);
            validators[request.path] = request.header("If-None-Match") + "|" + request.header("If-Modified-Since");
        }
        serve_feed(c);
    };
    server.route("/a", record);
    server.route("/b", record);
    server.route("/c", record);
    FetchOptions options = test_options();
    options.max_connections = 1;
    options.max_host_connections = 1;
    Fetcher fetcher(options);
    int ok = 0;
    fetcher.fetch_many({{server.url("/a"), "\"a1\"", "Sun, 22 Nov 2026 10:00:00 GMT"},
                        {server.url("/b"), "", ""},
                        {server.url("/c"), "\"c1\"", ""}},
                       [&](FetchResult&& r) {
                           ok += r.ok() && r.feed ? 1 : 0;
                           return true;
                       });
    CHECK(ok == 3);
    std::lock_guard<std::mutex> lock(mutex);
    CHECK(validators["/a"] == "\"a1\"|Sun, 22 Nov 2026 10:00:00 GMT");
    CHECK(validators["/b"] == "|");
    CHECK(validators["/c"] == "\"c1\"|");
}

TEST_CASE("Returning false from the callback cancels the remaining fetches", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/fast", [](const HttpRequest&, Connection& c) { serve_feed(c); });
    server.route("/slow", [](const HttpRequest&, Connection& c) {
        c.pause(std::chrono::seconds(10));
        serve_feed(c);
    });
    Fetcher fetcher(test_options());
    int calls = 0;
    auto start = std::chrono::steady_clock::now();
    fetcher.fetch_many({{server.url("/fast"), "", ""}, {server.url("/slow"), "", ""}, {server.url("/slow"), "", ""}},
                       [&](FetchResult&&) {
                           ++calls;
                           return false;
                       });
    CHECK(calls == 1);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("Connections per host stay within the limit", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/feed", [](const HttpRequest&, Connection& c) {
        c.pause(std::chrono::milliseconds(100));
        serve_feed(c);
    });
    FetchOptions o = test_options();
    o.max_host_connections = 2;
    Fetcher fetcher(o);
    std::vector<FetchRequest> requests(8, FetchRequest{server.url("/feed"), "", ""});
    int ok = 0;
    fetcher.fetch_many(requests, [&](FetchResult&& r) {
        ok += r.ok() ? 1 : 0;
        return true;
    });
    CHECK(ok == 8);
    CHECK(server.max_concurrent_connections() <= 2);
    REQUIRE(server.wait_for_handlers(std::chrono::seconds(10)));
    CHECK(server.max_concurrent_requests() == 2);
}

TEST_CASE("A host at its connection limit does not hold back the requests to other hosts behind it", "[fetch]") {
    // Six requests to a slow host, then two to a fast one (another port: another
    // host to libcurl), one connection per host, four in all. Handed to libcurl
    // in order, the slow host's took all four places, and the fast host's two
    // waited for three of them (about 450 ms).
    LoopbackHttpServer slow;
    slow.route("/feed", [](const HttpRequest&, Connection& c) {
        c.pause(std::chrono::milliseconds(150));
        serve_feed(c);
    });
    LoopbackHttpServer fast;
    fast.route("/feed", [](const HttpRequest&, Connection& c) { serve_feed(c); });
    FetchOptions o = test_options();
    o.max_connections = 4;
    o.max_host_connections = 1;
    Fetcher fetcher(o);
    std::vector<FetchRequest> requests(6, FetchRequest{slow.url("/feed"), "", ""});
    requests.push_back({fast.url("/feed"), "", ""});
    requests.push_back({fast.url("/feed"), "", ""});
    std::vector<std::string> order;
    fetcher.fetch_many(requests, [&](FetchResult&& r) {
        CHECK(r.ok());
        order.push_back(r.url == fast.url("/feed") ? "fast" : "slow");
        return true;
    });
    REQUIRE(order.size() == 8);
    CHECK(order[0] == "fast");
    CHECK(order[1] == "fast");
    REQUIRE(slow.wait_for_handlers(std::chrono::seconds(10)));
    CHECK(slow.max_concurrent_requests() == 1);  // the per-host limit still holds
}

TEST_CASE("Connections stay open for the next batch of fetches", "[fetch]") {
    // A poller fetches in batches (a cycle, or a claim of a shared state):
    // the connections the last one opened must serve the next, not be closed
    // as its transfers drain.
    LoopbackHttpServer server;
    server.route("/feed", [](const HttpRequest&, Connection& c) {
        c.pause(std::chrono::milliseconds(50));  // all eight at once: eight connections
        serve_feed(c);
    });
    FetchOptions o = test_options();
    o.max_connections = 8;
    o.max_host_connections = 8;
    Fetcher fetcher(o);
    std::vector<FetchRequest> requests(8, FetchRequest{server.url("/feed"), "", ""});
    for (int batch = 0; batch < 3; ++batch) {
        int ok = 0;
        fetcher.fetch_many(requests, [&](FetchResult&& r) {
            ok += r.ok() ? 1 : 0;
            return true;
        });
        CHECK(ok == 8);
    }
    CHECK(server.max_concurrent_connections() == 8);
    CHECK(server.connections_accepted() == 8);
}

TEST_CASE("Discovering feed links in HTML pages", "[fetch]") {
    auto links = discover_feed_links("<html><head><base href=\"https://base.example/dir/\">"
                                     "<LINK REL=\"Alternate\" TYPE=\"application/atom+xml\" HREF=\"a.xml\">"
                                     "<link rel=\"alternate home\" type=\"application/feed+json\" href=\"/f.json\">"
                                     "<link rel=\"alternate\" type=\"text/html\" href=\"other.html\">"
                                     "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"a.xml\">"
                                     "</head></html>",
                                     "https://page.example/x");
    REQUIRE(links.size() == 2);
    CHECK(links[0] == "https://base.example/dir/a.xml");
    CHECK(links[1] == "https://base.example/f.json");
    CHECK(discover_feed_links("not html at all", "https://page.example/").empty());
}

TEST_CASE("Hosts that ask for it never reach loopback or private addresses", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/feed", [](const HttpRequest&, Connection& c) { serve_feed(c); });
    FetchOptions o = test_options();
    o.block_private_addresses = true;
    Fetcher guarded(o);
    for (const std::string& url : {server.url("/feed"), "http://localhost:" + std::to_string(server.port()) + "/feed",
                                   std::string("http://[::1]:") + std::to_string(server.port()) + "/feed"}) {
        INFO(url);
        FetchResult r = guarded.fetch({url, "", ""});
        CHECK(r.error == FetchError::blocked);
        CHECK(r.error_message.find(url) != std::string::npos);
    }
    CHECK(server.request_count("/feed") == 0);
    Fetcher open_by_default(test_options());
    CHECK(open_by_default.fetch({server.url("/feed"), "", ""}).ok());
}

TEST_CASE("An endless body and a flood of headers are cut off with an error", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/endless", [](const HttpRequest&, Connection& c) {
        c.write_head(200, {{"Transfer-Encoding", "chunked"}});
        const std::string chunk = "1000\r\n" + std::string(4096, 'z') + "\r\n";
        while (c.write(chunk) && !c.stopping()) {
        }
    });
    server.route("/headers", [](const HttpRequest&, Connection& c) {
        std::string head = "HTTP/1.1 200 OK\r\n";
        for (int i = 0; i < 20000; ++i) head += "X-Flood-" + std::to_string(i) + ": " + std::string(60, 'h') + "\r\n";
        c.write(head);
        c.close();
    });
    FetchOptions o = test_options();
    o.max_body_bytes = 1 << 20;
    Fetcher fetcher(o);
    FetchResult endless = fetcher.fetch({server.url("/endless"), "", ""});
    CHECK(endless.error == FetchError::too_large);
    CHECK(endless.body.size() <= (1u << 20));
    FetchResult flood = fetcher.fetch({server.url("/headers"), "", ""});
    CHECK(flood.error == FetchError::too_large);
    CHECK(flood.error_message.find("headers") != std::string::npos);
}

TEST_CASE("Fetched feeds are parsed with the fetcher's limits", "[fetch][limits]") {
    LoopbackHttpServer server;
    server.route("/many", [](const HttpRequest&, Connection& c) {
        std::string body = "<rss version=\"2.0\"><channel><title>Many</title>";
        for (int i = 0; i < 5; ++i) body += "<item><guid>g" + std::to_string(i) + "</guid></item>";
        c.respond(200, {{"Content-Type", "application/rss+xml"}}, body + "</channel></rss>");
    });
    FetchOptions options = test_options();
    options.parse_limits.max_items = 2;
    Fetcher fetcher(options);
    FetchResult r = fetcher.fetch({server.url("/many"), "", ""});
    REQUIRE(r.ok());
    REQUIRE(r.feed);
    CHECK(r.feed->feed.items.size() == 2);
    CHECK(r.feed->feed.recovered);
    CHECK_FALSE(r.feed->feed.warnings.empty());
}
