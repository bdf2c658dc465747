// A small HTTP/1.1 server on 127.0.0.1 for tests of clients (the fetcher, the poller).
//
// Written on raw POSIX sockets on purpose, in the spirit of newsboat's test
// httptestserver: off-the-shelf servers (cpp-httplib and the like) frame
// responses for you (Content-Length, chunking, closing), and the tests that use
// this one need to break exactly that: truncated bodies, lying lengths, stalls,
// drips, resets, header floods. So a handler writes raw bytes; respond() and
// friends are only conveniences on top.
//
// One thread accepts; each connection gets its own thread, which reads requests
// one after another (keep-alive) and runs the routed handler for each.
// Destroying the server shuts every socket down and wakes handlers that wait in
// Connection::pause(), so it returns promptly even while handlers stall.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clipfeed::testing {

// Header fields in order, duplicates kept (so a test can send the same one twice).
using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method;
    std::string target;   // as sent: "/path?query"
    std::string path;     // the target without its query ("/path")
    std::string query;    // after the '?', "" when there is none
    std::string version;  // "HTTP/1.1"
    Headers headers;
    std::string body;     // read by Content-Length
    int connection = 0;   // which connection it came on: 1 for the first the server accepted, ...

    // The first field with this name (case-insensitive), "" when absent.
    std::string header(std::string_view name) const;
    bool has_header(std::string_view name) const;
};

namespace detail {
struct ConnectionState;
}

// What a handler writes its response to. Writes are raw bytes: a handler can
// send anything, broken HTTP included.
class Connection {
public:
    explicit Connection(detail::ConnectionState& state);  // the server makes these
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Best effort: once the peer is gone (or after close()) writes are dropped
    // quietly, and never raise SIGPIPE. False when the bytes were not all sent.
    bool write(std::string_view bytes);
    // Ends the connection now with a FIN: whatever was promised (Content-Length,
    // chunks) stays unsent, so the client sees a truncated response.
    void close();
    // Ends the connection now with a TCP reset (the client sees "connection reset").
    void reset();
    // True once the client has closed its end (or a write failed, or close()/reset() ran).
    bool peer_closed() const;
    // Whether the server reads another request on this connection after the
    // handler returns. Starts as the request asked (HTTP/1.1 without
    // "Connection: close"); respond() adds "Connection: close" when it is false.
    void keep_alive(bool keep);
    bool keep_alive() const;

    // Sleeps up to `duration`, waking early when the server stops. False when it
    // is stopping: handlers that drip or stall loop on this and return on false.
    bool pause(std::chrono::milliseconds duration);
    bool stopping() const;

    // Conveniences built on write().
    // The status line and the header fields exactly as given, then the blank line.
    bool write_head(int status, const Headers& headers);
    // A whole response: adds "Content-Length: <body size>" unless `headers` has
    // one (so a handler can lie about it), and "Connection: close" when
    // keep_alive() is false. No body for HEAD requests, 1xx, 204 or 304.
    bool respond(int status, const Headers& headers, std::string_view body);
    // "Transfer-Encoding: chunked" and each non-empty chunk, then the last chunk.
    bool respond_chunked(int status, const Headers& headers, const std::vector<std::string>& chunks);

private:
    detail::ConnectionState& state_;
};

// Runs on the connection's thread. A handler that writes nothing gets its
// connection closed (the client sees an empty reply). Handlers must not use
// Catch2 assertions (they are not thread-safe): record what they see instead.
using Handler = std::function<void(const HttpRequest&, Connection&)>;

enum class TlsMode {
    none,         // plain HTTP
    self_signed,  // HTTPS with a certificate made at start-up (for 127.0.0.1 and localhost)
};

class LoopbackHttpServer {
public:
    // Binds 127.0.0.1 on a free port and starts serving. Throws std::runtime_error
    // when it cannot (no socket, no certificate): a test cannot go on without it.
    explicit LoopbackHttpServer(TlsMode tls = TlsMode::none);
    // Stops: closes the listener, shuts every connection down, wakes paused
    // handlers and waits for all threads.
    ~LoopbackHttpServer();
    LoopbackHttpServer(const LoopbackHttpServer&) = delete;
    LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

    std::uint16_t port() const;
    // "http://127.0.0.1:PORT" + path ("https://..." with TLS).
    std::string url(std::string_view path) const;
    // The handler for requests whose path (query left off) is exactly `path`;
    // replaces an earlier one. Paths without a handler get a 404.
    void route(std::string path, Handler handler);

    // TLS only ("" / empty path without): the server's certificate as PEM, and
    // the same written to a file that lives as long as the server (a CA file for clients).
    const std::string& certificate_pem() const;
    std::filesystem::path certificate_file() const;

    // Observations. Requests are recorded when they have been read, before the handler runs.
    std::vector<HttpRequest> requests() const;
    std::size_t request_count(std::string_view path) const;
    // Waits until `path` has been requested `count` times; false on timeout.
    bool wait_for_request_count(std::string_view path, std::size_t count,
                                std::chrono::milliseconds timeout) const;
    int connections_accepted() const;
    // The most connections open at once. A connection stops counting as soon as
    // either side begins to close it, so a client that closes one and then opens
    // the next is never seen holding two.
    int max_concurrent_connections() const;
    // The most requests in handlers at once, each counted from when it was read
    // to just before its handler's last write (or close(), or the return of a
    // handler that wrote nothing); one still in its handler counts as open. So a
    // request sent after its client saw the previous response never overlaps it.
    int max_concurrent_requests() const;
    // Waits until every request read so far has left its handler; false on
    // timeout. A client has its answer before the handler that wrote it has
    // returned, so a test that counts requests once its clients are done waits
    // here first: a handler the machine has not run again yet would otherwise
    // still count as open.
    bool wait_for_handlers(std::chrono::milliseconds timeout) const;
    // What escaped handlers (exceptions): the connection is closed and the message kept here.
    std::vector<std::string> handler_errors() const;
    // True once the destructor has begun: handlers that sleep check this and return.
    bool stopping() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

// gzip (RFC 1952) of the bytes, made with zlib.
std::string gzip(std::string_view data);
// gzip of `uncompressed_size` zero bytes, made a block at a time: a small body
// that inflates to a huge one, without holding the huge one in memory.
std::string gzip_bomb(std::size_t uncompressed_size);
// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") for Date, Last-Modified, Retry-After.
std::string http_date(std::int64_t unix_seconds);
// A loopback TCP port nothing listens on right now (the kernel's pick, released
// again): for a server started later, or to test a refused connection.
std::uint16_t unused_loopback_port();

}  // namespace clipfeed::testing
