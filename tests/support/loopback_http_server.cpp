// The loopback server: the listener, one thread per connection, reading
// requests (keep-alive, Content-Length bodies), routing, and what handlers
// write through. See loopback_http_server.hpp for why this is hand-written.
#include "support/loopback_http_server.hpp"

#include "support/loopback_transport.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace clipfeed::testing {

namespace {

constexpr std::size_t max_head_bytes = 256 * 1024;
constexpr std::size_t max_body_bytes = 64 * 1024 * 1024;
// How long a connection that the server ends keeps reading what the client
// still sends, so that unread bytes do not turn the close into a reset that
// could destroy the response on its way.
constexpr std::chrono::milliseconds lingering_close_time{200};

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        unsigned char x = static_cast<unsigned char>(a[i]);
        unsigned char y = static_cast<unsigned char>(b[i]);
        if (std::tolower(x) != std::tolower(y)) return false;
    }
    return true;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

const std::string* find_header(const Headers& headers, std::string_view name) {
    for (const auto& field : headers) {
        if (equals_ignoring_case(field.first, name)) return &field.second;
    }
    return nullptr;
}

// Whether a comma-separated header value ("keep-alive, Upgrade") lists `token`.
bool lists_token(std::string_view value, std::string_view token) {
    while (!value.empty()) {
        std::size_t comma = value.find(',');
        if (equals_ignoring_case(trim(value.substr(0, comma)), token)) return true;
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    return false;
}

const char* reason_phrase(int status) {
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 410: return "Gone";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
    }
}

std::string head_bytes(int status, const Headers& headers) {
    std::string bytes = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
    for (const auto& field : headers) {
        bytes += field.first;
        bytes += ": ";
        bytes += field.second;
        bytes += "\r\n";
    }
    bytes += "\r\n";
    return bytes;
}

void set_close_on_exec(int fd) {
    ::fcntl(fd, F_SETFD, ::fcntl(fd, F_GETFD) | FD_CLOEXEC);
}

bool status_has_body(int status) {
    return status >= 200 && status != 204 && status != 304;
}

// The request line and header fields; false when they are not HTTP.
bool parse_head(std::string_view head, HttpRequest& request) {
    std::size_t line_end = head.find("\r\n");
    std::string_view request_line = head.substr(0, line_end);
    std::size_t first_space = request_line.find(' ');
    std::size_t last_space = request_line.rfind(' ');
    if (first_space == std::string_view::npos || first_space == last_space) return false;
    request.method = std::string(request_line.substr(0, first_space));
    request.target = std::string(request_line.substr(first_space + 1, last_space - first_space - 1));
    request.version = std::string(request_line.substr(last_space + 1));
    if (request.method.empty() || request.target.empty() || request.target.find(' ') != std::string::npos ||
        request.version.rfind("HTTP/", 0) != 0) {
        return false;
    }

    // The path of an absolute-form target ("http://host/path", as sent to proxies) too.
    std::string_view path = request.target;
    std::size_t scheme_end = path.find("://");
    if (scheme_end != std::string_view::npos && path.front() != '/') {
        std::size_t path_start = path.find('/', scheme_end + 3);
        path = path_start == std::string_view::npos ? std::string_view("/") : path.substr(path_start);
    }
    std::size_t question = path.find('?');
    request.path = std::string(path.substr(0, question));
    request.query = question == std::string_view::npos ? "" : std::string(path.substr(question + 1));

    while (line_end != std::string_view::npos) {
        head.remove_prefix(line_end + 2);
        line_end = head.find("\r\n");
        std::string_view line = head.substr(0, line_end);
        std::size_t colon = line.find(':');
        // No name, white space in the name, or an obsolete folded line.
        if (colon == 0 || colon == std::string_view::npos) return false;
        std::string_view name = line.substr(0, colon);
        if (name.find_first_of(" \t") != std::string_view::npos) return false;
        request.headers.emplace_back(std::string(name), std::string(trim(line.substr(colon + 1))));
    }
    return true;
}

// A Content-Length value: digits only.
bool parse_length(std::string_view text, std::size_t& length) {
    if (text.empty() || text.size() > 18) return false;
    length = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        length = length * 10 + static_cast<std::size_t>(c - '0');
    }
    return true;
}

enum class ReadOutcome { request, end_of_stream, malformed, head_too_large, body_too_large, unsupported };

// Reads more into `pending`; false at the end of the stream.
bool read_more(detail::Transport& transport, std::string& pending) {
    char buffer[16 * 1024];
    std::size_t got = transport.read(buffer, sizeof buffer);
    if (got == 0) return false;
    pending.append(buffer, got);
    return true;
}

// The next request from the connection; bytes after it stay in `pending`.
ReadOutcome read_request(detail::Transport& transport, std::string& pending, HttpRequest& request) {
    std::size_t head_end = 0;
    for (;;) {
        // Servers ignore empty lines before a request line (RFC 9112, 2.2).
        while (pending.rfind("\r\n", 0) == 0) pending.erase(0, 2);
        head_end = pending.find("\r\n\r\n");
        if (head_end != std::string::npos) break;
        if (pending.size() > max_head_bytes) return ReadOutcome::head_too_large;
        if (!read_more(transport, pending)) return ReadOutcome::end_of_stream;
    }
    if (head_end > max_head_bytes) return ReadOutcome::head_too_large;
    if (!parse_head(std::string_view(pending).substr(0, head_end), request)) return ReadOutcome::malformed;
    pending.erase(0, head_end + 4);

    if (request.has_header("Transfer-Encoding")) return ReadOutcome::unsupported;
    std::size_t length = 0;
    if (request.has_header("Content-Length") && !parse_length(request.header("Content-Length"), length)) {
        return ReadOutcome::malformed;
    }
    if (length > max_body_bytes) return ReadOutcome::body_too_large;
    if (pending.size() < length && equals_ignoring_case(request.header("Expect"), "100-continue")) {
        transport.write("HTTP/1.1 100 Continue\r\n\r\n");
    }
    while (pending.size() < length) {
        if (!read_more(transport, pending)) return ReadOutcome::end_of_stream;
    }
    request.body = pending.substr(0, length);
    pending.erase(0, length);
    return ReadOutcome::request;
}

std::string error_response(ReadOutcome outcome) {
    int status = 400;
    if (outcome == ReadOutcome::head_too_large) status = 431;
    if (outcome == ReadOutcome::body_too_large) status = 413;
    if (outcome == ReadOutcome::unsupported) status = 501;
    return head_bytes(status, {{"Content-Length", "0"}, {"Connection", "close"}});
}

// Whether the client has shut down its end (its FIN has arrived), even with
// bytes before it still unread.
bool peer_has_shut_down(int fd) {
    pollfd watched{fd, POLLRDHUP, 0};
    return ::poll(&watched, 1, 0) > 0 && (watched.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

bool initially_keep_alive(const HttpRequest& request) {
    std::string connection = request.header("Connection");
    if (request.version == "HTTP/1.1") return !lists_token(connection, "close");
    return lists_token(connection, "keep-alive");
}

}  // namespace

std::string HttpRequest::header(std::string_view name) const {
    const std::string* value = find_header(headers, name);
    return value ? *value : std::string();
}

bool HttpRequest::has_header(std::string_view name) const {
    return find_header(headers, name) != nullptr;
}

using Clock = std::chrono::steady_clock;

// A request's time in a handler, as its client can tell it: from when it was
// read to just before the handler's last write (or close). Taken this way, a
// request the client sends after seeing a response never overlaps it, even
// though the handler may still be returning when the next one arrives.
struct RequestSpan {
    Clock::time_point start;
    Clock::time_point end;
    bool running = true;  // counts as open to the end of time
};

struct LoopbackHttpServer::Impl {
    std::unique_ptr<detail::TlsServer> tls;
    std::filesystem::path certificate_file;
    int listen_fd = -1;
    int wake_pipe[2] = {-1, -1};
    std::uint16_t port = 0;

    mutable std::mutex mutex;
    // Told on every request read and when the server stops.
    mutable std::condition_variable changed;
    std::atomic<bool> stopping{false};
    std::map<std::string, Handler, std::less<>> routes;
    std::vector<HttpRequest> requests;
    std::vector<std::string> handler_errors;
    // Each open socket, and whether either side has begun to close it. Shut
    // down on stop; each is closed by its own connection thread.
    std::map<int, bool> open_sockets;
    // By connection number; the accept loop joins those listed as finished.
    std::map<int, std::thread> connection_threads;
    std::vector<int> finished_connections;
    int accepted = 0;
    int max_connections = 0;
    // When each request (in `requests`) was read and when its handler last wrote.
    std::vector<RequestSpan> spans;
    std::thread accept_thread;

    ~Impl() {
        if (listen_fd >= 0) ::close(listen_fd);
        for (int fd : wake_pipe) {
            if (fd >= 0) ::close(fd);
        }
        if (!certificate_file.empty()) {
            std::error_code ignored;
            std::filesystem::remove(certificate_file, ignored);
        }
    }

    void start();
    void stop();
    void accept_loop();
    void serve(int fd, int number);
    void run_handler(const HttpRequest& request, detail::ConnectionState& state);
    void mark_closing(int fd);
    void linger_and_close(int fd);
    void release_socket(int fd, bool already_closed, int number);
    void join_finished_threads();
    void abort_socket(int fd);
    std::size_t count_requests(std::string_view path) const;  // with `mutex` held
};

namespace detail {

// One request's view of its connection, behind a Connection.
struct ConnectionState {
    LoopbackHttpServer::Impl& server;
    Transport& transport;
    int fd;
    bool head_request = false;
    bool keep_alive = true;
    bool wrote_anything = false;
    bool write_failed = false;
    bool ended = false;          // close() or reset() ran: no more reads or writes
    bool socket_closed = false;  // reset() closed the descriptor itself
    Clock::time_point last_output{};  // just before the latest write, close() or reset()
};

}  // namespace detail

void LoopbackHttpServer::Impl::start() {
    listen_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (listen_fd < 0) throw std::runtime_error(std::string("loopback server: socket: ") + std::strerror(errno));
    set_close_on_exec(listen_fd);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;  // the kernel picks a free port
    if (::bind(listen_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listen_fd, SOMAXCONN) != 0) {
        throw std::runtime_error(std::string("loopback server: bind/listen: ") + std::strerror(errno));
    }
    socklen_t address_size = sizeof address;
    if (::getsockname(listen_fd, reinterpret_cast<sockaddr*>(&address), &address_size) != 0) {
        throw std::runtime_error(std::string("loopback server: getsockname: ") + std::strerror(errno));
    }
    port = ntohs(address.sin_port);
    if (::pipe(wake_pipe) != 0) throw std::runtime_error("loopback server: pipe failed");
    set_close_on_exec(wake_pipe[0]);
    set_close_on_exec(wake_pipe[1]);
    accept_thread = std::thread([this] { accept_loop(); });
}

void LoopbackHttpServer::Impl::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex);
        stopping = true;
    }
    changed.notify_all();
    char wake = 'x';
    while (::write(wake_pipe[1], &wake, 1) < 0 && errno == EINTR) {
    }
    accept_thread.join();
    {
        // Wakes connection threads blocked in reads and writes, handlers' included.
        std::lock_guard<std::mutex> lock(mutex);
        for (const auto& socket : open_sockets) ::shutdown(socket.first, SHUT_RDWR);
    }
    // The accept thread is gone, so nothing adds to the list any more.
    for (auto& thread : connection_threads) thread.second.join();
}

void LoopbackHttpServer::Impl::accept_loop() {
    for (;;) {
        pollfd watched[2] = {{listen_fd, POLLIN, 0}, {wake_pipe[0], POLLIN, 0}};
        if (::poll(watched, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (watched[1].revents != 0) return;
        join_finished_threads();
        if ((watched[0].revents & POLLIN) == 0) continue;
        int fd = ::accept(listen_fd, nullptr, nullptr);
        if (fd < 0) {
            // Out of descriptors: the connection stays queued; wait rather than spin.
            if (errno == EMFILE || errno == ENFILE) std::this_thread::sleep_for(std::chrono::milliseconds(10));
            continue;
        }
        set_close_on_exec(fd);
        // Each write leaves at once: drip tests rely on it.
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

        std::lock_guard<std::mutex> lock(mutex);
        if (stopping) {
            ::close(fd);
            return;
        }
        // Connections count as open until either side begins to close them: a
        // client may close one and open the next before the server has seen the first end.
        int open = 1;
        for (auto& socket : open_sockets) {
            if (!socket.second && peer_has_shut_down(socket.first)) socket.second = true;
            if (!socket.second) ++open;
        }
        max_connections = std::max(max_connections, open);
        open_sockets.emplace(fd, false);
        int number = ++accepted;
        connection_threads.emplace(number, std::thread([this, fd, number] { serve(fd, number); }));
    }
}

void LoopbackHttpServer::Impl::serve(int fd, int number) {
    std::unique_ptr<detail::Transport> transport =
        tls ? tls->wrap(fd) : detail::make_plain_transport(fd);
    bool ended_by_handler = false;
    bool socket_closed = false;
    if (transport->handshake()) {
        std::string pending;
        while (!stopping) {
            HttpRequest request;
            ReadOutcome outcome = read_request(*transport, pending, request);
            if (outcome == ReadOutcome::end_of_stream) break;
            if (outcome != ReadOutcome::request) {
                transport->write(error_response(outcome));
                break;
            }
            request.connection = number;
            detail::ConnectionState state{*this, *transport, fd};
            state.head_request = request.method == "HEAD";
            state.keep_alive = initially_keep_alive(request);
            run_handler(request, state);
            if (state.ended) {
                ended_by_handler = true;
                socket_closed = state.socket_closed;
                break;
            }
            // A handler that wrote nothing gets the connection closed: the client sees an empty reply.
            if (!state.keep_alive || !state.wrote_anything || state.write_failed) break;
        }
    }
    if (!ended_by_handler) {
        mark_closing(fd);
        transport->finish();
        linger_and_close(fd);
    }
    transport.reset();
    release_socket(fd, socket_closed, number);
}

void LoopbackHttpServer::Impl::run_handler(const HttpRequest& request, detail::ConnectionState& state) {
    Handler handler;
    std::size_t span = 0;
    {
        std::lock_guard<std::mutex> lock(mutex);
        requests.push_back(request);
        spans.push_back({Clock::now(), {}, true});
        span = spans.size() - 1;
        auto route = routes.find(request.path);
        if (route != routes.end()) handler = route->second;
    }
    changed.notify_all();

    Connection connection(state);
    std::string error;
    try {
        if (handler) {
            handler(request, connection);
        } else {
            connection.respond(404, {{"Content-Type", "text/plain"}}, "not found\n");
        }
    } catch (const std::exception& exception) {
        error = request.method + " " + request.target + ": " + exception.what();
    } catch (...) {
        error = request.method + " " + request.target + ": unknown exception";
    }
    {
        std::lock_guard<std::mutex> lock(mutex);
        bool answered = state.wrote_anything || state.ended;
        spans[span].end = answered && error.empty() ? state.last_output : Clock::now();
        spans[span].running = false;
        if (!error.empty()) handler_errors.push_back(error);
    }
    changed.notify_all();
    // Closed only now, so a client that sees the close finds the error kept.
    if (!error.empty()) connection.close();
}

void LoopbackHttpServer::Impl::mark_closing(int fd) {
    std::lock_guard<std::mutex> lock(mutex);
    auto socket = open_sockets.find(fd);
    if (socket != open_sockets.end()) socket->second = true;
}

void LoopbackHttpServer::Impl::linger_and_close(int fd) {
    ::shutdown(fd, SHUT_WR);
    auto deadline = std::chrono::steady_clock::now() + lingering_close_time;
    char buffer[4096];
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                        std::chrono::steady_clock::now());
        if (left.count() <= 0) return;
        pollfd watched{fd, POLLIN, 0};
        int ready = ::poll(&watched, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return;
        if (::recv(fd, buffer, sizeof buffer, 0) <= 0) return;
    }
}

void LoopbackHttpServer::Impl::release_socket(int fd, bool already_closed, int number) {
    std::lock_guard<std::mutex> lock(mutex);
    if (!already_closed) {
        open_sockets.erase(fd);
        ::close(fd);
    }
    finished_connections.push_back(number);  // the thread's last act
}

void LoopbackHttpServer::Impl::join_finished_threads() {
    std::vector<std::thread> finished;
    {
        std::lock_guard<std::mutex> lock(mutex);
        for (int number : finished_connections) {
            auto thread = connection_threads.find(number);
            finished.push_back(std::move(thread->second));
            connection_threads.erase(thread);
        }
        finished_connections.clear();
    }
    for (std::thread& thread : finished) thread.join();
}

void LoopbackHttpServer::Impl::abort_socket(int fd) {
    std::lock_guard<std::mutex> lock(mutex);
    // A zero linger time makes close() send RST instead of FIN.
    linger no_linger{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &no_linger, sizeof no_linger);
    open_sockets.erase(fd);
    ::close(fd);
}

std::size_t LoopbackHttpServer::Impl::count_requests(std::string_view path) const {
    return static_cast<std::size_t>(std::count_if(requests.begin(), requests.end(),
                                                  [&](const HttpRequest& r) { return r.path == path; }));
}

// ---------------------------------------------------------------------------
// Connection

Connection::Connection(detail::ConnectionState& state) : state_(state) {}

bool Connection::write(std::string_view bytes) {
    if (state_.ended || state_.write_failed) return false;
    if (bytes.empty()) return true;
    state_.wrote_anything = true;
    state_.last_output = Clock::now();
    if (!state_.transport.write(bytes)) {
        state_.write_failed = true;
        return false;
    }
    return true;
}

void Connection::close() {
    if (state_.ended) return;
    state_.ended = true;
    state_.last_output = Clock::now();
    state_.server.mark_closing(state_.fd);
    ::shutdown(state_.fd, SHUT_RDWR);
}

void Connection::reset() {
    if (state_.ended && state_.socket_closed) return;
    state_.ended = true;
    state_.socket_closed = true;
    state_.last_output = Clock::now();
    state_.server.abort_socket(state_.fd);
}

bool Connection::peer_closed() const {
    if (state_.ended || state_.write_failed) return true;
    char byte = 0;
    ssize_t got = ::recv(state_.fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (got == 0) return true;
    if (got < 0) return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
    return false;
}

void Connection::keep_alive(bool keep) {
    state_.keep_alive = keep;
}

bool Connection::keep_alive() const {
    return state_.keep_alive;
}

bool Connection::pause(std::chrono::milliseconds duration) {
    std::unique_lock<std::mutex> lock(state_.server.mutex);
    return !state_.server.changed.wait_for(lock, duration, [this] { return state_.server.stopping.load(); });
}

bool Connection::stopping() const {
    return state_.server.stopping;
}

bool Connection::write_head(int status, const Headers& headers) {
    return write(head_bytes(status, headers));
}

bool Connection::respond(int status, const Headers& headers, std::string_view body) {
    bool has_body = status_has_body(status);
    Headers all = headers;
    if (has_body && !find_header(headers, "Content-Length")) {
        all.emplace_back("Content-Length", std::to_string(body.size()));
    }
    if (status >= 200 && !state_.keep_alive && !find_header(headers, "Connection")) {
        all.emplace_back("Connection", "close");
    }
    std::string bytes = head_bytes(status, all);
    if (has_body && !state_.head_request) bytes += body;
    return write(bytes);
}

bool Connection::respond_chunked(int status, const Headers& headers, const std::vector<std::string>& chunks) {
    Headers all = headers;
    all.emplace_back("Transfer-Encoding", "chunked");
    if (!state_.keep_alive && !find_header(headers, "Connection")) all.emplace_back("Connection", "close");
    std::string bytes = head_bytes(status, all);
    if (!state_.head_request) {
        for (const std::string& chunk : chunks) {
            if (chunk.empty()) continue;  // an empty chunk would end the body early
            char size_line[32];
            std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
            bytes += size_line;
            bytes += chunk;
            bytes += "\r\n";
        }
        bytes += "0\r\n\r\n";
    }
    return write(bytes);
}

// ---------------------------------------------------------------------------
// LoopbackHttpServer

LoopbackHttpServer::LoopbackHttpServer(TlsMode tls) : impl_(std::make_unique<Impl>()) {
    if (tls == TlsMode::self_signed) {
        impl_->tls = std::make_unique<detail::TlsServer>();
        std::string file_template =
            (std::filesystem::temp_directory_path() / "clipfeed-loopback-XXXXXX.pem").string();
        int fd = ::mkstemps(file_template.data(), 4);
        if (fd < 0) throw std::runtime_error("loopback server: cannot make the certificate file");
        impl_->certificate_file = file_template;
        const std::string& pem = impl_->tls->certificate_pem();
        bool written = ::write(fd, pem.data(), pem.size()) == static_cast<ssize_t>(pem.size());
        ::close(fd);
        if (!written) throw std::runtime_error("loopback server: cannot write the certificate file");
    }
    impl_->start();
}

LoopbackHttpServer::~LoopbackHttpServer() {
    impl_->stop();
}

std::uint16_t LoopbackHttpServer::port() const {
    return impl_->port;
}

std::string LoopbackHttpServer::url(std::string_view path) const {
    std::string url = impl_->tls ? "https://127.0.0.1:" : "http://127.0.0.1:";
    url += std::to_string(impl_->port);
    url += path;
    return url;
}

void LoopbackHttpServer::route(std::string path, Handler handler) {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->routes[std::move(path)] = std::move(handler);
}

const std::string& LoopbackHttpServer::certificate_pem() const {
    static const std::string none;
    return impl_->tls ? impl_->tls->certificate_pem() : none;
}

std::filesystem::path LoopbackHttpServer::certificate_file() const {
    return impl_->certificate_file;
}

std::vector<HttpRequest> LoopbackHttpServer::requests() const {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    return impl_->requests;
}

std::size_t LoopbackHttpServer::request_count(std::string_view path) const {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    return impl_->count_requests(path);
}

bool LoopbackHttpServer::wait_for_request_count(std::string_view path, std::size_t count,
                                                std::chrono::milliseconds timeout) const {
    std::unique_lock<std::mutex> lock(impl_->mutex);
    return impl_->changed.wait_for(lock, timeout, [&] { return impl_->count_requests(path) >= count; });
}

int LoopbackHttpServer::connections_accepted() const {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    return impl_->accepted;
}

int LoopbackHttpServer::max_concurrent_connections() const {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    return impl_->max_connections;
}

bool LoopbackHttpServer::wait_for_handlers(std::chrono::milliseconds timeout) const {
    std::unique_lock<std::mutex> lock(impl_->mutex);
    return impl_->changed.wait_for(lock, timeout, [&] {
        for (const RequestSpan& span : impl_->spans)
            if (span.running) return false;
        return true;
    });
}

int LoopbackHttpServer::max_concurrent_requests() const {
    std::vector<std::pair<Clock::time_point, int>> changes;  // +1 at a start, -1 at an end
    {
        std::lock_guard<std::mutex> lock(impl_->mutex);
        for (const RequestSpan& span : impl_->spans) {
            changes.emplace_back(span.start, +1);
            if (!span.running) changes.emplace_back(span.end, -1);
        }
    }
    // At equal times the end sorts first: the two did not overlap.
    std::sort(changes.begin(), changes.end());
    int running = 0;
    int most = 0;
    for (const auto& change : changes) {
        running += change.second;
        most = std::max(most, running);
    }
    return most;
}

std::vector<std::string> LoopbackHttpServer::handler_errors() const {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    return impl_->handler_errors;
}

bool LoopbackHttpServer::stopping() const {
    return impl_->stopping;
}

}  // namespace clipfeed::testing
