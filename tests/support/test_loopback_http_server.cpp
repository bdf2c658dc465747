// The loopback test server, driven by libcurl and by raw sockets.
#include <catch2/catch.hpp>

#include <curl/curl.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/loopback_http_server.hpp"

using clipfeed::testing::Connection;
using clipfeed::testing::gzip;
using clipfeed::testing::gzip_bomb;
using clipfeed::testing::http_date;
using clipfeed::testing::HttpRequest;
using clipfeed::testing::LoopbackHttpServer;
using clipfeed::testing::TlsMode;
using namespace std::chrono_literals;

namespace {

size_t append_to_string(char* data, size_t size, size_t count, void* target) {
    static_cast<std::string*>(target)->append(data, size * count);
    return size * count;
}

struct Fetched {
    CURLcode code = CURLE_OK;
    long status = 0;
    std::string body;
    std::string headers;
    long new_connections = 0;
};

// One curl easy handle; fetch() may run on it again to reuse its connection.
class CurlClient {
public:
    CurlClient() : handle_(curl_easy_init()) { REQUIRE(handle_ != nullptr); }
    ~CurlClient() { curl_easy_cleanup(handle_); }
    CurlClient(const CurlClient&) = delete;
    CurlClient& operator=(const CurlClient&) = delete;

    CURL* handle() { return handle_; }

    Fetched fetch(const std::string& url, const std::function<void(CURL*)>& setup = {}) {
        Fetched fetched;
        prepare(handle_, url, fetched);
        if (setup) setup(handle_);
        fetched.code = curl_easy_perform(handle_);
        curl_easy_getinfo(handle_, CURLINFO_RESPONSE_CODE, &fetched.status);
        curl_easy_getinfo(handle_, CURLINFO_NUM_CONNECTS, &fetched.new_connections);
        return fetched;
    }

    // The options every request here uses; callers add their own after.
    static void prepare(CURL* handle, const std::string& url, Fetched& fetched) {
        curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
        curl_easy_setopt(handle, CURLOPT_PROXY, "");  // never an http_proxy from the environment
        curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(handle, CURLOPT_TIMEOUT, 20L);
        curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, append_to_string);
        curl_easy_setopt(handle, CURLOPT_WRITEDATA, &fetched.body);
        curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, append_to_string);
        curl_easy_setopt(handle, CURLOPT_HEADERDATA, &fetched.headers);
    }

private:
    CURL* handle_;
};

Fetched fetch(const std::string& url, const std::function<void(CURL*)>& setup = {}) {
    CurlClient client;
    return client.fetch(url, setup);
}

// A client that writes and reads bytes exactly as the test says.
class RawClient {
public:
    explicit RawClient(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        REQUIRE(fd_ >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(port);
        REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    }
    ~RawClient() { close(); }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    void send(std::string_view bytes) {
        while (!bytes.empty()) {
            ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            REQUIRE(sent > 0);
            bytes.remove_prefix(static_cast<std::size_t>(sent));
        }
    }

    // Reads until what was received holds `marker` (then returns all of it), the
    // server closes, or 5 s pass.
    std::string read_until(std::string_view marker) {
        auto deadline = std::chrono::steady_clock::now() + 5s;
        while (received_.find(marker) == std::string::npos && !closed_by_server_) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) break;
            pollfd watched{fd_, POLLIN, 0};
            if (::poll(&watched, 1, static_cast<int>(left.count())) <= 0) break;
            char buffer[16 * 1024];
            ssize_t got = ::recv(fd_, buffer, sizeof buffer, 0);
            if (got <= 0) {
                closed_by_server_ = true;
                break;
            }
            received_.append(buffer, static_cast<std::size_t>(got));
        }
        std::string all = std::move(received_);
        received_.clear();
        return all;
    }
    std::string read_to_end() { return read_until(std::string(1, '\0') + "never sent"); }
    bool closed_by_server() const { return closed_by_server_; }

    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_;
    std::string received_;
    bool closed_by_server_ = false;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void respond_ok(const HttpRequest&, Connection& connection) {
    connection.respond(200, {{"Content-Type", "text/plain"}}, "ok");
}

}  // namespace

TEST_CASE("A routed path answers with its handler's response and any other path with 404", "[testserver]") {
    LoopbackHttpServer server;
    server.route("/feed.xml", [](const HttpRequest&, Connection& connection) {
        connection.respond(200, {{"Content-Type", "application/rss+xml"}}, "<rss/>");
    });
    CHECK(server.url("/feed.xml") == "http://127.0.0.1:" + std::to_string(server.port()) + "/feed.xml");

    Fetched routed = fetch(server.url("/feed.xml?page=2"));
    CHECK(routed.code == CURLE_OK);
    CHECK(routed.status == 200);
    CHECK(routed.body == "<rss/>");
    CHECK(routed.headers.find("Content-Type: application/rss+xml\r\n") != std::string::npos);
    CHECK(routed.headers.find("Content-Length: 6\r\n") != std::string::npos);

    Fetched unrouted = fetch(server.url("/missing"));
    CHECK(unrouted.code == CURLE_OK);
    CHECK(unrouted.status == 404);

    CHECK(server.request_count("/feed.xml") == 1);
    CHECK(server.request_count("/missing") == 1);
    CHECK(server.requests().size() == 2);
    CHECK(server.handler_errors().empty());
}

TEST_CASE("Two requests through one curl handle share one connection", "[testserver]") {
    LoopbackHttpServer server;
    server.route("/a", respond_ok);
    server.route("/b", respond_ok);

    CurlClient client;
    Fetched first = client.fetch(server.url("/a"));
    Fetched second = client.fetch(server.url("/b"));
    CHECK(first.code == CURLE_OK);
    CHECK(second.code == CURLE_OK);
    CHECK(first.new_connections == 1);
    CHECK(second.new_connections == 0);
    CHECK(server.connections_accepted() == 1);
    std::vector<HttpRequest> requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].connection == 1);
    CHECK(requests[1].connection == 1);
}

TEST_CASE("Requests sent back to back on one socket are answered in order", "[testserver]") {
    LoopbackHttpServer server;
    server.route("/one", [](const HttpRequest&, Connection& connection) { connection.respond(200, {}, "first"); });
    server.route("/two", [](const HttpRequest&, Connection& connection) { connection.respond(200, {}, "second"); });

    RawClient client(server.port());
    client.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n");
    std::string answers = client.read_until("second");
    CHECK(answers ==
          "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst"
          "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond");
    CHECK_FALSE(client.closed_by_server());
    CHECK(server.connections_accepted() == 1);
}

TEST_CASE("A handler sees the method, target, path, query, headers and body as sent", "[testserver]") {
    LoopbackHttpServer server;
    server.route("/submit", respond_ok);

    std::string body(3000, 'x');
    curl_slist* headers = curl_slist_append(nullptr, "X-Custom: some value");
    headers = curl_slist_append(headers, "If-None-Match: \"v1\"");
    Fetched fetched = fetch(server.url("/submit?a=1&b=2"), [&](CURL* handle) {
        curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(handle, CURLOPT_USERAGENT, "clipfeed-test/1");
        curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
    });
    curl_slist_free_all(headers);
    CHECK(fetched.code == CURLE_OK);

    std::vector<HttpRequest> requests = server.requests();
    REQUIRE(requests.size() == 1);
    const HttpRequest& request = requests[0];
    CHECK(request.method == "POST");
    CHECK(request.target == "/submit?a=1&b=2");
    CHECK(request.path == "/submit");
    CHECK(request.query == "a=1&b=2");
    CHECK(request.version == "HTTP/1.1");
    CHECK(request.header("x-custom") == "some value");
    CHECK(request.header("IF-NONE-MATCH") == "\"v1\"");
    CHECK(request.header("User-Agent") == "clipfeed-test/1");
    CHECK(request.header("Host") == "127.0.0.1:" + std::to_string(server.port()));
    CHECK(request.header("X-Absent").empty());
    CHECK_FALSE(request.has_header("X-Absent"));
    CHECK(request.body == body);
}

TEST_CASE("A client that expects 100-continue is told to go on before it sends the body", "[testserver]") {
    LoopbackHttpServer server;
    server.route("/upload", [](const HttpRequest& request, Connection& connection) {
        connection.respond(200, {}, "got " + std::to_string(request.body.size()));
    });

    RawClient client(server.port());
    client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
    CHECK(client.read_until("\r\n\r\n") == "HTTP/1.1 100 Continue\r\n\r\n");
    client.send("hello");
    CHECK(client.read_until("got 5") == "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\ngot 5");
}

TEST_CASE("A request that is not HTTP gets 400 and the connection closes", "[testserver]") {
    LoopbackHttpServer server;
    RawClient client(server.port());
    client.send("HELLO THERE\r\n\r\n");
    CHECK(client.read_to_end() == "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    CHECK(client.closed_by_server());
    CHECK(server.requests().empty());
}

TEST_CASE("A request head over 256 KiB gets 431 and the connection closes", "[testserver]") {
    LoopbackHttpServer server;
    RawClient client(server.port());
    client.send("GET / HTTP/1.1\r\nX-Big: " + std::string(300 * 1024, 'b') + "\r\n\r\n");
    CHECK(client.read_to_end().rfind("HTTP/1.1 431 Request Header Fields Too Large\r\n", 0) == 0);
    CHECK(client.closed_by_server());
}

TEST_CASE("A client's Connection: close or HTTP/1.0 ends the connection after the response", "[testserver]") {
    LoopbackHttpServer server;
    server.route("/", respond_ok);
    const std::string closing_response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                                         "Connection: close\r\n\r\nok";
    RawClient client(server.port());
    SECTION("HTTP/1.1 with Connection: close") {
        client.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        CHECK(client.read_to_end() == closing_response);
    }
    SECTION("HTTP/1.0 without keep-alive") {
        client.send("GET / HTTP/1.0\r\n\r\n");
        CHECK(client.read_to_end() == closing_response);
    }
    CHECK(client.closed_by_server());
}

TEST_CASE("A handler can end a keep-alive connection after its response", "[testserver]") {
    LoopbackHttpServer server;
    server.route("/last", [](const HttpRequest&, Connection& connection) {
        connection.keep_alive(false);
        connection.respond(200, {}, "bye");
    });
    RawClient client(server.port());
    client.send("GET /last HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(client.read_to_end() == "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nbye");
    CHECK(client.closed_by_server());
}

TEST_CASE("HEAD, 204 and 304 responses carry no body and keep the connection", "[testserver]") {
    LoopbackHttpServer server;
    server.route("/page", [](const HttpRequest&, Connection& connection) { connection.respond(200, {}, "0123456789"); });
    server.route("/cached", [](const HttpRequest&, Connection& connection) {
        connection.respond(304, {{"ETag", "\"v1\""}}, "");
    });

    RawClient client(server.port());
    client.send("HEAD /page HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(client.read_until("\r\n\r\n") == "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
    client.send("GET /cached HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(client.read_until("\r\n\r\n") == "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n");
    client.send("GET /page HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(client.read_until("0123456789") == "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789");
    CHECK(server.connections_accepted() == 1);

    Fetched head = fetch(server.url("/page"), [](CURL* handle) { curl_easy_setopt(handle, CURLOPT_NOBODY, 1L); });
    CHECK(head.code == CURLE_OK);
    CHECK(head.body.empty());
}

TEST_CASE("A chunked response is framed in chunks on the wire and arrives whole through curl", "[testserver]") {
    LoopbackHttpServer server;
    server.route("/chunked", [](const HttpRequest&, Connection& connection) {
        connection.respond_chunked(200, {{"Content-Type", "text/plain"}}, {"Hello, ", "", "chunked world"});
    });

    RawClient client(server.port());
    client.send("GET /chunked HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(client.read_until("0\r\n\r\n") ==
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
          "7\r\nHello, \r\nd\r\nchunked world\r\n0\r\n\r\n");

    Fetched fetched = fetch(server.url("/chunked"));
    CHECK(fetched.code == CURLE_OK);
    CHECK(fetched.body == "Hello, chunked world");
}

TEST_CASE("gzip bodies decompress through curl's Accept-Encoding", "[testserver]") {
    LoopbackHttpServer server;
    std::string text;
    for (int i = 0; i < 200; ++i) text += "<item><title>Item " + std::to_string(i) + "</title></item>\n";
    std::string compressed = gzip(text);
    REQUIRE(compressed.size() > 2);
    CHECK(static_cast<unsigned char>(compressed[0]) == 0x1f);
    CHECK(static_cast<unsigned char>(compressed[1]) == 0x8b);
    CHECK(compressed.size() < text.size() / 4);
    server.route("/feed", [&](const HttpRequest&, Connection& connection) {
        connection.respond(200, {{"Content-Encoding", "gzip"}}, compressed);
    });

    const std::size_t bomb_size = 20 * 1024 * 1024;
    std::string bomb = gzip_bomb(bomb_size);
    CHECK(bomb.size() < bomb_size / 500);
    server.route("/bomb", [&](const HttpRequest&, Connection& connection) {
        connection.respond(200, {{"Content-Encoding", "gzip"}}, bomb);
    });

    auto accept_gzip = [](CURL* handle) { curl_easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, ""); };
    Fetched feed = fetch(server.url("/feed"), accept_gzip);
    CHECK(feed.code == CURLE_OK);
    CHECK(feed.body == text);
    CHECK(server.requests().at(0).header("Accept-Encoding").find("gzip") != std::string::npos);

    Fetched inflated = fetch(server.url("/bomb"), accept_gzip);
    CHECK(inflated.code == CURLE_OK);
    CHECK(inflated.body.size() == bomb_size);
    CHECK(inflated.body.find_first_not_of('\0') == std::string::npos);
}

TEST_CASE("A handler that closes mid-body leaves curl with a partial file", "[testserver]") {
    std::atomic<bool> written_after_close{true};
    auto server = std::make_unique<LoopbackHttpServer>();
    server->route("/truncated", [&](const HttpRequest&, Connection& connection) {
        connection.write_head(200, {{"Content-Length", "1000"}});
        connection.write(std::string(300, 'a'));
        connection.close();
        written_after_close = connection.write("dropped");
    });
    Fetched fetched = fetch(server->url("/truncated"));
    server.reset();  // waits for the handler
    CHECK(fetched.code == CURLE_PARTIAL_FILE);
    CHECK(fetched.body == std::string(300, 'a'));
    CHECK_FALSE(written_after_close);
}

TEST_CASE("A handler that lies about Content-Length and closes leaves curl with a partial file", "[testserver]") {
    LoopbackHttpServer server;
    server.route("/short", [](const HttpRequest&, Connection& connection) {
        connection.respond(200, {{"Content-Length", "50"}}, "only this");
        connection.close();
    });
    Fetched fetched = fetch(server.url("/short"));
    CHECK(fetched.code == CURLE_PARTIAL_FILE);
    CHECK(fetched.body == "only this");
}

TEST_CASE("A handler that resets the connection leaves curl with a receive error", "[testserver]") {
    LoopbackHttpServer server;
    server.route("/reset", [](const HttpRequest&, Connection& connection) {
        connection.write_head(200, {{"Content-Length", "1000"}});
        connection.reset();
    });
    Fetched fetched = fetch(server.url("/reset"));
    CHECK(fetched.code == CURLE_RECV_ERROR);
}

TEST_CASE("A handler that writes nothing leaves curl with an empty reply", "[testserver]") {
    LoopbackHttpServer server;
    server.route("/nothing", [](const HttpRequest&, Connection&) {});
    Fetched fetched = fetch(server.url("/nothing"));
    CHECK(fetched.code == CURLE_GOT_NOTHING);
}

TEST_CASE("A handler's exception is kept and its connection closed", "[testserver]") {
    LoopbackHttpServer server;
    server.route("/throws", [](const HttpRequest&, Connection&) { throw std::runtime_error("handler broke"); });
    Fetched fetched = fetch(server.url("/throws"));
    CHECK(fetched.code == CURLE_GOT_NOTHING);
    std::vector<std::string> errors = server.handler_errors();
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == "GET /throws: handler broke");
}

TEST_CASE("A dripping handler's bytes reach curl as separate pieces", "[testserver]") {
    LoopbackHttpServer server;
    server.route("/drip", [](const HttpRequest&, Connection& connection) {
        connection.write_head(200, {{"Content-Length", "5"}});
        for (char c : std::string("abcde")) {
            if (!connection.pause(30ms) || !connection.write(std::string(1, c))) return;
        }
    });
    std::vector<std::size_t> pieces;
    std::string body;
    CurlClient client;
    Fetched fetched;
    CurlClient::prepare(client.handle(), server.url("/drip"), fetched);
    auto record = +[](char* data, size_t size, size_t count, void* target) -> size_t {
        auto* into = static_cast<std::pair<std::string*, std::vector<std::size_t>*>*>(target);
        into->first->append(data, size * count);
        into->second->push_back(size * count);
        return size * count;
    };
    std::pair<std::string*, std::vector<std::size_t>*> target{&body, &pieces};
    curl_easy_setopt(client.handle(), CURLOPT_WRITEFUNCTION, record);
    curl_easy_setopt(client.handle(), CURLOPT_WRITEDATA, &target);
    CHECK(curl_easy_perform(client.handle()) == CURLE_OK);
    CHECK(body == "abcde");
    CHECK(pieces.size() >= 3);
}

TEST_CASE("Many header fields reach the client as written", "[testserver]") {
    LoopbackHttpServer server;
    server.route("/flood", [](const HttpRequest&, Connection& connection) {
        clipfeed::testing::Headers headers;
        for (int i = 0; i < 5000; ++i) headers.emplace_back("X-Flood-" + std::to_string(i), "value");
        headers.emplace_back("Content-Length", "0");
        connection.write_head(200, headers);
    });
    RawClient client(server.port());
    client.send("GET /flood HTTP/1.1\r\nHost: x\r\n\r\n");
    std::string head = client.read_until("\r\n\r\n");
    CHECK(head.size() > 5000 * 15);
    CHECK(head.find("X-Flood-4999: value\r\nContent-Length: 0\r\n\r\n") != std::string::npos);
}

TEST_CASE("Writing to a client that has gone is seen as peer_closed and raises no SIGPIPE", "[testserver]") {
    LoopbackHttpServer server;
    std::atomic<bool> saw_peer_closed{false};
    std::atomic<bool> write_failed{false};
    std::atomic<bool> handler_done{false};
    server.route("/gone", [&](const HttpRequest&, Connection& connection) {
        while (!connection.peer_closed() && connection.pause(5ms)) {
        }
        saw_peer_closed = connection.peer_closed();
        for (int i = 0; i < 200 && !write_failed; ++i) {
            if (!connection.write(std::string(64 * 1024, 'x'))) write_failed = true;
            connection.pause(1ms);
        }
        handler_done = true;
    });
    RawClient client(server.port());
    client.send("GET /gone HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(server.wait_for_request_count("/gone", 1, 5s));
    client.close();
    auto start = std::chrono::steady_clock::now();
    while (!handler_done && seconds_since(start) < 5) std::this_thread::sleep_for(5ms);
    CHECK(handler_done);
    CHECK(saw_peer_closed);
    CHECK(write_failed);
}

TEST_CASE("The destructor returns promptly while handlers stall or clients idle", "[testserver]") {
    auto server = std::make_unique<LoopbackHttpServer>();
    std::atomic<int> handlers_returned{0};
    // Stalls in pause(), which the stop wakes.
    server->route("/stall", [&](const HttpRequest&, Connection& connection) {
        connection.write_head(200, {{"Content-Length", "100"}});
        connection.pause(60s);
        ++handlers_returned;
    });
    // Polls stopping() between short sleeps.
    LoopbackHttpServer* raw_server = server.get();
    server->route("/poll", [&handlers_returned, raw_server](const HttpRequest&, Connection&) {
        while (!raw_server->stopping()) std::this_thread::sleep_for(10ms);
        ++handlers_returned;
    });
    // Blocks in write() to a client that never reads, until the socket is shut down.
    server->route("/flood", [&](const HttpRequest&, Connection& connection) {
        connection.write_head(200, {{"Content-Length", "999999999999"}});
        std::string block(1024 * 1024, 'x');
        while (connection.write(block)) {
        }
        ++handlers_returned;
    });

    RawClient stalled(server->port());
    stalled.send("GET /stall HTTP/1.1\r\nHost: x\r\n\r\n");
    RawClient polled(server->port());
    polled.send("GET /poll HTTP/1.1\r\nHost: x\r\n\r\n");
    RawClient flooded(server->port());
    flooded.send("GET /flood HTTP/1.1\r\nHost: x\r\n\r\n");
    RawClient idle(server->port());  // connected, never sends
    REQUIRE(server->wait_for_request_count("/stall", 1, 5s));
    REQUIRE(server->wait_for_request_count("/poll", 1, 5s));
    REQUIRE(server->wait_for_request_count("/flood", 1, 5s));
    std::this_thread::sleep_for(100ms);  // lets the flood fill the socket buffers and block
    CHECK(server->max_concurrent_requests() == 3);
    CHECK(server->max_concurrent_connections() == 4);

    auto start = std::chrono::steady_clock::now();
    server.reset();
    CHECK(seconds_since(start) < 2.0);
    CHECK(handlers_returned == 3);
    CHECK(stalled.read_to_end().rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    CHECK(stalled.closed_by_server());
    CHECK(idle.read_to_end().empty());
    CHECK(idle.closed_by_server());
}

TEST_CASE("A curl transfer cut off by the server stopping ends with a partial file", "[testserver]") {
    auto server = std::make_unique<LoopbackHttpServer>();
    server->route("/stall", [](const HttpRequest&, Connection& connection) {
        connection.write_head(200, {{"Content-Length", "100"}});
        connection.write("part");
        connection.pause(60s);
    });
    Fetched fetched;
    std::thread client([&] { fetched = fetch(server->url("/stall")); });
    bool started = server->wait_for_request_count("/stall", 1, 5s);
    std::this_thread::sleep_for(50ms);
    server.reset();
    client.join();
    CHECK(started);
    CHECK(fetched.code == CURLE_PARTIAL_FILE);
    CHECK(fetched.body == "part");
}

TEST_CASE("Parallel requests through a curl multi handle count as concurrent", "[testserver]") {
    constexpr int parallel = 4;
    LoopbackHttpServer server;
    std::mutex mutex;
    std::condition_variable all_arrived;
    int arrived = 0;
    // Each handler waits (5 s at most) until all have arrived, so the overlap does not depend on timing.
    server.route("/slow", [&](const HttpRequest&, Connection& connection) {
        {
            std::unique_lock<std::mutex> lock(mutex);
            ++arrived;
            all_arrived.notify_all();
            all_arrived.wait_for(lock, 5s, [&] { return arrived >= parallel; });
        }
        connection.respond(200, {}, "done");
    });

    CURLM* multi = curl_multi_init();
    REQUIRE(multi != nullptr);
    std::vector<CURL*> handles;
    std::vector<Fetched> results(parallel);
    for (int i = 0; i < parallel; ++i) {
        CURL* handle = curl_easy_init();
        CurlClient::prepare(handle, server.url("/slow"), results[static_cast<std::size_t>(i)]);
        curl_multi_add_handle(multi, handle);
        handles.push_back(handle);
    }
    int running = parallel;
    auto start = std::chrono::steady_clock::now();
    while (running > 0 && seconds_since(start) < 20) {
        curl_multi_perform(multi, &running);
        if (running > 0) curl_multi_poll(multi, nullptr, 0, 100, nullptr);
    }
    int succeeded = 0;
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
        if (message->msg == CURLMSG_DONE && message->data.result == CURLE_OK) ++succeeded;
    }
    for (CURL* handle : handles) {
        curl_multi_remove_handle(multi, handle);
        curl_easy_cleanup(handle);
    }
    curl_multi_cleanup(multi);

    CHECK(succeeded == parallel);
    for (const Fetched& result : results) CHECK(result.body == "done");
    REQUIRE(server.wait_for_handlers(10s));
    CHECK(server.max_concurrent_requests() == parallel);
    CHECK(server.max_concurrent_connections() == parallel);
    CHECK(server.connections_accepted() == parallel);
}

TEST_CASE("Requests one after another never count as concurrent", "[testserver]") {
    LoopbackHttpServer server;
    server.route("/", respond_ok);
    for (int i = 0; i < 20; ++i) {
        Fetched fetched = fetch(server.url("/"), [](CURL* handle) { curl_easy_setopt(handle, CURLOPT_FORBID_REUSE, 1L); });
        CHECK(fetched.code == CURLE_OK);
    }
    // And on one connection.
    CurlClient client;
    for (int i = 0; i < 20; ++i) CHECK(client.fetch(server.url("/")).code == CURLE_OK);
    REQUIRE(server.wait_for_handlers(10s));
    CHECK(server.max_concurrent_requests() == 1);
    CHECK(server.max_concurrent_connections() == 1);
    CHECK(server.connections_accepted() == 21);
}

TEST_CASE("Waiting for a request count times out without the requests and returns once they came", "[testserver]") {
    LoopbackHttpServer server;
    server.route("/feed", respond_ok);
    CHECK_FALSE(server.wait_for_request_count("/feed", 1, 50ms));
    std::thread client([&] {
        fetch(server.url("/feed"));
        fetch(server.url("/feed"));
    });
    bool came = server.wait_for_request_count("/feed", 2, 10s);
    client.join();
    CHECK(came);
    CHECK(server.request_count("/feed") == 2);
}

TEST_CASE("curl trusting the server's self-signed certificate fetches over HTTPS", "[testserver]") {
    LoopbackHttpServer server(TlsMode::self_signed);
    server.route("/secure", [](const HttpRequest&, Connection& connection) { connection.respond(200, {}, "secret"); });
    CHECK(server.url("/secure").rfind("https://127.0.0.1:", 0) == 0);
    CHECK(server.certificate_pem().rfind("-----BEGIN CERTIFICATE-----\n", 0) == 0);

    std::ifstream file(server.certificate_file());
    std::string from_file((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    CHECK(from_file == server.certificate_pem());

    std::string ca_file = server.certificate_file().string();
    auto trust_server = [&](CURL* handle) {
        curl_easy_setopt(handle, CURLOPT_CAINFO, ca_file.c_str());
        curl_easy_setopt(handle, CURLOPT_CAPATH, nullptr);
        curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 2L);
    };

    SECTION("by IP address, twice on one connection") {
        CurlClient client;
        Fetched first = client.fetch(server.url("/secure"), trust_server);
        Fetched second = client.fetch(server.url("/secure"), trust_server);
        CHECK(first.code == CURLE_OK);
        CHECK(first.body == "secret");
        CHECK(second.code == CURLE_OK);
        CHECK(second.new_connections == 0);
        CHECK(server.connections_accepted() == 1);
    }
    SECTION("by the name localhost, with the certificate as a blob") {
        std::string pem = server.certificate_pem();
        Fetched fetched = fetch("https://localhost:" + std::to_string(server.port()) + "/secure", [&](CURL* handle) {
            curl_blob blob{pem.data(), pem.size(), CURL_BLOB_COPY};
            curl_easy_setopt(handle, CURLOPT_CAINFO_BLOB, &blob);
            curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L);
            curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 2L);
        });
        CHECK(fetched.code == CURLE_OK);
        CHECK(fetched.body == "secret");
    }
}

TEST_CASE("curl without the server's certificate refuses it", "[testserver]") {
    LoopbackHttpServer server(TlsMode::self_signed);
    LoopbackHttpServer other(TlsMode::self_signed);
    server.route("/secure", respond_ok);
    CHECK(other.certificate_pem() != server.certificate_pem());
    // Trusting another server's certificate only (not the system's CAs, which may be missing).
    std::string other_ca_file = other.certificate_file().string();
    Fetched fetched = fetch(server.url("/secure"), [&](CURL* handle) {
        curl_easy_setopt(handle, CURLOPT_CAINFO, other_ca_file.c_str());
        curl_easy_setopt(handle, CURLOPT_CAPATH, nullptr);
        curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L);
    });
    CHECK(fetched.code == CURLE_PEER_FAILED_VERIFICATION);
    CHECK(server.request_count("/secure") == 0);

    LoopbackHttpServer plain;
    CHECK(plain.certificate_pem().empty());
    CHECK(plain.certificate_file().empty());
}

TEST_CASE("HTTP dates are IMF-fixdates in GMT", "[testserver]") {
    CHECK(http_date(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
    CHECK(http_date(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(http_date(1709251199) == "Thu, 29 Feb 2024 23:59:59 GMT");
}
