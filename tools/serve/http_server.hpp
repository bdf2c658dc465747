// The HTTP server under 'clipfeed serve': requests in, responses out, with
// the connection handling (keep-alive, HEAD, timeouts, a connection limit,
// a thread pool) left to libmicrohttpd. This header names no libmicrohttpd
// type; http_server.cpp is the only file that includes it (docs/serve.md
// says why that library).
//
// A handler answers through a Reply, at once or later from any thread: a
// request waiting for an upstream fetch holds no server thread meanwhile (its
// connection is suspended until the reply comes).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace serve {

struct HttpRequest {
    std::string method;  // "GET", "HEAD", ...
    std::string path;    // the URL's path, without the query
    std::string client;  // the peer's address, "127.0.0.1"
    std::vector<std::pair<std::string, std::string>> headers;
    std::vector<std::pair<std::string, std::string>> query;  // URL-decoded

    // The first value, compared case-insensitively for headers; nullptr when absent.
    const std::string* header(std::string_view name) const;
    const std::string* query_value(std::string_view name) const;
};

struct HttpResponse {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    // The body: shared with whoever keeps it (the feed cache), never copied.
    std::shared_ptr<const char> body;
    std::size_t body_size = 0;
    std::string log_note;  // appended to the request's log line ("gzip", "stale")

    void set_text(int status_code, std::string text, const char* content_type = "text/plain; charset=utf-8");
    void add_header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

class HttpServer;
struct Exchange;

// Answers one request, exactly once; copies refer to the same request. From
// any thread. Answering after the server stopped does nothing.
class Reply {
public:
    explicit Reply(std::shared_ptr<Exchange> exchange) : exchange_(std::move(exchange)) {}
    void send(HttpResponse response) const;

private:
    std::shared_ptr<Exchange> exchange_;
};

using Handler = std::function<void(const HttpRequest&, const Reply&)>;
using LogSink = std::function<void(const std::string& line)>;

struct ServerOptions {
    std::string host = "127.0.0.1";  // an IPv4 or IPv6 address or a name that resolves to one
    int port = 8088;                  // 0: any free port (see HttpServer::port)
    unsigned threads = 2;             // the pool serving connections
    unsigned max_connections = 256;   // more wait in the kernel's backlog until one closes
    unsigned timeout_seconds = 15;    // a connection idle this long (mid-request too) is closed
    std::size_t max_request_bytes = 16 * 1024;  // request line and headers
};

class HttpServer {
public:
    // Starts listening and serving on threads of its own; nullptr with
    // `error` set when the address cannot be used (taken, malformed).
    static std::unique_ptr<HttpServer> start(const ServerOptions& options, Handler handler, LogSink log,
                                             std::string& error);
    ~HttpServer();  // stop()
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    int port() const { return port_; }
    // Stops accepting, then closes every connection. Replies still owed must
    // have been sent (a suspended connection cannot be closed before).
    void stop();

    struct Impl;

private:
    explicit HttpServer(std::unique_ptr<Impl> impl, int port);
    std::unique_ptr<Impl> impl_;
    int port_;
};

}  // namespace serve
