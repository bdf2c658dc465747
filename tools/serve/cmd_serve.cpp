// clipfeed serve: the listed feeds, enriched with their clippings, over HTTP
// for feed readers that can only subscribe to a URL (docs/serve.md).
#include "tools/serve/cmd_serve.hpp"

#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <thread>

#include "tools/cli_common.hpp"
#include "tools/serve/feed_cache.hpp"
#include "tools/serve/feed_list.hpp"
#include "tools/serve/http_server.hpp"
#include "tools/serve/routes.hpp"
#include "tools/serve/serve_state.hpp"
#include "tools/serve/ssrf_guard.hpp"

namespace cli {

namespace {

// One line per event on stderr, whole lines even from many threads.
class Log {
public:
    explicit Log(bool quiet) : quiet_(quiet) {}
    void operator()(const std::string& line) {
        if (quiet_) return;
        always(line);
    }
    void always(const std::string& line) {
        std::lock_guard<std::mutex> lock(mutex_);
        std::fprintf(stderr, "clipfeed serve: %s\n", line.c_str());
    }

private:
    bool quiet_;
    std::mutex mutex_;
};

// "127.0.0.1:8088", "[::1]:8088", "localhost:80", ":8088" (loopback).
bool parse_listen(const std::string& text, std::string& host, int& port, std::string& error) {
    std::string port_text;
    if (!text.empty() && text[0] == '[') {
        const std::size_t close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            error = "--listen '" + text + "': expected [IPV6]:PORT";
            return false;
        }
        host = text.substr(1, close - 1);
        port_text = text.substr(close + 2);
    } else {
        const std::size_t colon = text.rfind(':');
        if (colon == std::string::npos) {
            error = "--listen '" + text + "': expected HOST:PORT, as in 127.0.0.1:8088";
            return false;
        }
        host = text.substr(0, colon);
        port_text = text.substr(colon + 1);
    }
    if (host.empty()) host = "127.0.0.1";
    char* end = nullptr;
    const long value = std::strtol(port_text.c_str(), &end, 10);
    if (port_text.empty() || *end || value < 0 || value > 65535) {
        error = "--listen '" + text + "': the port must be a number from 0 to 65535";
        return false;
    }
    port = static_cast<int>(value);
    return true;
}

bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace

int run_serve(const ServeArgs& args) {
    serve::ServerOptions server_options;
    std::string error;
    if (!parse_listen(args.listen, server_options.host, server_options.port, error)) {
        std::fprintf(stderr, "clipfeed: %s\n", error.c_str());
        return kExitUsage;
    }
    if (!args.token.empty() && !args.basic_auth.empty()) {
        std::fprintf(stderr, "clipfeed: --token and --basic-auth exclude each other: choose one\n");
        return kExitUsage;
    }
    if (!args.basic_auth.empty() && args.basic_auth.find(':') == std::string::npos) {
        std::fprintf(stderr, "clipfeed: --basic-auth expects USER:PASSWORD\n");
        return kExitUsage;
    }
    Log log(args.quiet);

    std::vector<serve::ListedFeed> feeds;
    std::vector<std::string> warnings;
    const bool listed = serve::read_feed_list(args.feeds, feeds, warnings, error);
    for (const std::string& warning : warnings) log.always("warning: " + warning);
    if (!listed) return report(error);

    // Signals are taken by this thread alone (sigwait below): block them
    // before any other thread starts, so that each inherits the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);  // a reader that hangs up mid-response is not our end

    // Opened before the cache, so that it outlives the fetch workers that save into it.
    std::unique_ptr<serve::ServeState> state;
    if (!args.state.empty() && !(state = serve::ServeState::open(args.state, error))) return report(error);

    serve::CacheOptions cache_options;
    cache_options.default_interval = std::max<std::int64_t>(1, static_cast<std::int64_t>(args.interval_minutes * 60));
    cache_options.timeout_ms = static_cast<long>(args.timeout_seconds * 1000);
    cache_options.user_agent = args.user_agent;
    if (state)
        cache_options.save = [&state, &log](const serve::SavedFeed& feed, bool rendering_changed) {
            std::string why;
            if (!state->save(feed, rendering_changed, why)) log.always("warning: " + why);
        };
    serve::FeedCache cache(cache_options, [&log](const std::string& line) { log(line); });
    std::size_t restored = 0;
    for (const serve::ListedFeed& feed : feeds) {
        cache.add_listed(feed.url);
        if (!state) continue;
        std::string note;
        if (auto saved = state->load(feed.url, note)) {
            cache.restore(*saved);
            ++restored;
        }
        if (!note.empty()) log.always("warning: " + note);
    }
    if (state)
        log.always("state " + state->path() + ": " + std::to_string(restored) + " of " + std::to_string(feeds.size()) +
                   " feeds kept from the last run");

    serve::RouteOptions route_options;
    route_options.allow_any_url = args.allow_any_url;
    route_options.token = args.token;
    route_options.basic_auth = args.basic_auth;
    route_options.public_url = args.public_url;

    server_options.threads = args.threads > 0 ? static_cast<unsigned>(args.threads)
                                              : std::max(2u, std::thread::hardware_concurrency());
    server_options.max_connections = static_cast<unsigned>(args.max_connections);
    server_options.timeout_seconds = static_cast<unsigned>(args.client_timeout_seconds);

    // The routes need the base URL, which needs the port the server got: the
    // handler reads `routes` once both exist.
    std::unique_ptr<serve::Routes> routes;
    auto server = serve::HttpServer::start(
        server_options,
        [&routes](const serve::HttpRequest& request, const serve::Reply& reply) { routes->handle(request, reply); },
        args.quiet ? serve::LogSink() : serve::LogSink([&log](const std::string& line) { log(line); }), error);
    if (!server) return report(error);
    const std::string host = server_options.host.find(':') != std::string::npos ? "[" + server_options.host + "]"
                                                                                 : server_options.host;
    route_options.listen_base = "http://" + host + ":" + std::to_string(server->port());
    routes = std::make_unique<serve::Routes>(route_options, feeds, cache);
    // Requests that came before `routes` existed would have found it null;
    // none can: nobody knows the port until the line below is printed.

    if (!is_loopback(server_options.host) && args.token.empty() && args.basic_auth.empty())
        log.always("warning: listening on " + server_options.host +
                   " without --token or --basic-auth: anyone who can reach it can read the feeds");
    for (const serve::ListedFeed& feed : feeds) log("/feeds/" + feed.name + ".xml <- " + feed.url);
    log.always("listening on " + route_options.listen_base + "/ (" + std::to_string(feeds.size()) +
               " feeds; /opml lists them)");
    if (args.watch) cache.start_watching();

    int signal_number = 0;
    sigwait(&signals, &signal_number);
    log.always(std::string("stopping (") + (signal_number == SIGINT ? "SIGINT" : "SIGTERM") + ")");
    cache.stop();   // answers every request still waiting, so none stays suspended
    server->stop();
    log.always("stopped after " + std::to_string(cache.upstream_fetches()) + " upstream fetches");
    return kExitOk;
}

CLI::App* add_serve_command(CLI::App& app, ServeArgs& args) {
    CLI::App* serve = app.add_subcommand(
        "serve", "Serve feeds enriched with their clippings over HTTP, for readers that can only subscribe to a URL "
                 "(Miniflux, FreshRSS, Akregator, Thunderbird, ...)");
    serve->add_option("--feeds", args.feeds, "The feeds to serve: an OPML file or a newsboat urls file")->required();
    serve->add_option("--state", args.state,
                      "An SQLite file keeping each feed's last good copy and validators across restarts "
                      "(created when missing)");
    serve->add_option("--listen", args.listen, "HOST:PORT to listen on (port 0: any free one)")->capture_default_str();
    serve->add_flag("--watch", args.watch, "Keep every listed feed fresh in the background, not only on request");
    serve->add_flag("--allow-any-url", args.allow_any_url,
                    "Also serve /proxy?url=FEED_URL for any public http(s) feed (internal addresses are refused)");
    serve->add_option("--token", args.token, "Require 'Authorization: Bearer TOKEN' (except for /healthz)");
    serve->add_option("--basic-auth", args.basic_auth, "Require HTTP basic authentication as USER:PASSWORD");
    serve->add_option("--public-url", args.public_url,
                      "The server's URL as readers reach it, for /opml (default: from the request's Host)");
    serve->add_option("--interval", args.interval_minutes,
                      "Minutes a fetched feed is served before it is fetched again, unless its ttl or its server's "
                      "Cache-Control/Expires ask for longer")->capture_default_str()
        ->check(CLI::PositiveNumber);
    serve->add_option("--timeout", args.timeout_seconds, "Seconds an upstream fetch may take")->capture_default_str()
        ->check(CLI::PositiveNumber);
    serve->add_option("--user-agent", args.user_agent, "The User-Agent sent upstream");
    serve->add_option("--threads", args.threads, "Threads serving connections (default: one per core, at least 2)");
    serve->add_option("--max-connections", args.max_connections, "Client connections at once")->capture_default_str()
        ->check(CLI::Range(1, 100000));
    serve->add_option("--client-timeout", args.client_timeout_seconds,
                      "Seconds a client connection may stay idle or half-sent before it is closed")->capture_default_str()
        ->check(CLI::Range(1, 3600));
    serve->add_flag("--quiet", args.quiet, "No log line per request and per upstream fetch");
    serve->footer("Paths: /feeds/<name>.xml (names from the OPML titles or the URLs; the start-up log lists them), "
                  "/opml, /healthz.\nStops cleanly on SIGINT or SIGTERM.");
    return serve;
}

}  // namespace cli
