// libmicrohttpd behind http_server.hpp: the only file that includes it.
//
// Mode: an internal thread pool over epoll, so many idle or slow connections
// cost no thread each; suspend/resume, so a request that waits for an
// upstream fetch holds no pool thread. Each request gets an Exchange shared by
// the connection (through MHD's per-request pointer) and by its Reply.
#include "tools/serve/http_server.hpp"
#include "tools/serve/microhttpd_shim.hpp"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>

namespace serve {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

}  // namespace

const std::string* HttpRequest::header(std::string_view name) const {
    for (const auto& [key, value] : headers)
        if (iequals(key, name)) return &value;
    return nullptr;
}

const std::string* HttpRequest::query_value(std::string_view name) const {
    for (const auto& [key, value] : query)
        if (key == name) return &value;
    return nullptr;
}

void HttpResponse::set_text(int status_code, std::string text, const char* content_type) {
    status = status_code;
    auto owned = std::make_shared<const std::string>(std::move(text));
    body_size = owned->size();
    body = std::shared_ptr<const char>(owned, owned->data());
    add_header("Content-Type", content_type);
}

struct HttpServer::Impl {
    MHD_Daemon* daemon = nullptr;
    int listen_fd = -1;
    Handler handler;
    LogSink log;
};

struct Exchange {
    std::mutex mutex;
    MHD_Connection* connection = nullptr;
    HttpServer::Impl* server = nullptr;
    HttpRequest request;
    std::chrono::steady_clock::time_point started;
    std::optional<HttpResponse> response;  // set by Reply::send, queued by the connection's thread
    bool dispatched = false;
    bool suspended = false;
    bool answered = false;
    bool finished = false;  // the connection is done with this request: late replies are dropped
};

namespace {

using ExchangeBox = std::shared_ptr<Exchange>;  // what MHD's per-request pointer holds

MHD_Result collect(void* cls, MHD_ValueKind, const char* key, const char* value) {
    auto* out = static_cast<std::vector<std::pair<std::string, std::string>>*>(cls);
    out->emplace_back(key ? key : "", value ? value : "");
    return MHD_YES;
}

std::string client_address(MHD_Connection* connection) {
    const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr) return "-";
    char text[INET6_ADDRSTRLEN] = "-";
    const sockaddr* address = info->client_addr;
    if (address->sa_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof text);
    else if (address->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text, sizeof text);
    return text;
}

void release_body(void* holder) { delete static_cast<std::shared_ptr<const char>*>(holder); }

void log_request(const Exchange& exchange, const HttpResponse& response) {
    if (!exchange.server->log) return;
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - exchange.started).count();
    char line[160];
    std::snprintf(line, sizeof line, " %d %zu B %.1f ms", response.status, response.body_size, ms);
    exchange.server->log(exchange.request.client + " " + exchange.request.method + " " + exchange.request.path +
                         line + (response.log_note.empty() ? "" : " " + response.log_note));
}

MHD_Result queue(MHD_Connection* connection, const Exchange& exchange, HttpResponse& response) {
    log_request(exchange, response);
    MHD_Response* out = nullptr;
    if (response.body && response.body_size > 0) {
        auto* holder = new std::shared_ptr<const char>(std::move(response.body));
        out = MHD_create_response_from_buffer_with_free_callback_cls(
            response.body_size, const_cast<char*>(holder->get()), &release_body, holder);
        if (!out) delete holder;
    } else {
        out = MHD_create_response_from_buffer(0, const_cast<char*>(""), MHD_RESPMEM_PERSISTENT);
    }
    if (!out) return MHD_NO;  // out of memory: MHD closes the connection
    for (const auto& [name, value] : response.headers) MHD_add_response_header(out, name.c_str(), value.c_str());
    const MHD_Result queued = MHD_queue_response(connection, static_cast<unsigned>(response.status), out);
    MHD_destroy_response(out);
    return queued;
}

MHD_Result on_request(void* cls, MHD_Connection* connection, const char* url, const char* method, const char*,
                      const char*, size_t* upload_size, void** per_request) {
    auto* box = static_cast<ExchangeBox*>(*per_request);
    if (!box) {
        auto exchange = std::make_shared<Exchange>();
        exchange->connection = connection;
        exchange->server = static_cast<HttpServer::Impl*>(cls);
        exchange->started = std::chrono::steady_clock::now();
        exchange->request.method = method ? method : "";
        exchange->request.path = url ? url : "";
        exchange->request.client = client_address(connection);
        MHD_get_connection_values(connection, MHD_HEADER_KIND, &collect, &exchange->request.headers);
        MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, &collect, &exchange->request.query);
        box = new ExchangeBox(std::move(exchange));
        *per_request = box;
        // Answered on the next call, once MHD has the whole request: a
        // response queued on this first call makes MHD close the connection
        // after it (no keep-alive).
        return MHD_YES;
    }
    Exchange& exchange = **box;
    if (*upload_size != 0) {  // no route takes a body: read and drop it
        *upload_size = 0;
        return MHD_YES;
    }
    if (!exchange.dispatched) {
        exchange.dispatched = true;
        exchange.server->handler(exchange.request, Reply(*box));
    }
    std::unique_lock<std::mutex> lock(exchange.mutex);
    if (exchange.response) {
        HttpResponse response = std::move(*exchange.response);
        exchange.response.reset();
        lock.unlock();
        return queue(connection, exchange, response);
    }
    // Not answered yet: park the connection until Reply::send resumes it.
    // Under the lock, so that a reply racing in sees `suspended`.
    exchange.suspended = true;
    MHD_suspend_connection(connection);
    return MHD_YES;
}

void on_completed(void*, MHD_Connection*, void** per_request, MHD_RequestTerminationCode) {
    auto* box = static_cast<ExchangeBox*>(*per_request);
    if (!box) return;
    {
        std::lock_guard<std::mutex> lock((*box)->mutex);
        (*box)->finished = true;
    }
    delete box;
    *per_request = nullptr;
}

void on_library_message(void* cls, const char* format, va_list arguments) {
    auto* impl = static_cast<HttpServer::Impl*>(cls);
    char text[512];
    std::vsnprintf(text, sizeof text, format, arguments);
    std::string line = text;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (impl->log) impl->log("http server: " + line);
}

// A listening socket on host:port, or -1 with `error` set.
int listen_on(const ServerOptions& options, std::string& error) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(options.port);
    if (int rc = getaddrinfo(options.host.c_str(), port.c_str(), &hints, &found)) {
        error = "cannot listen on " + options.host + ": " + gai_strerror(rc);
        return -1;
    }
    int fd = -1;
    std::string why = "no address";
    for (addrinfo* a = found; a && fd < 0; a = a->ai_next) {
        fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            why = std::strerror(errno);
            continue;
        }
        const int on = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, 1024) != 0) {
            why = std::strerror(errno);
            ::close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(found);
    if (fd < 0) error = "cannot listen on " + options.host + ":" + port + ": " + why;
    return fd;
}

int bound_port(int fd) {
    sockaddr_storage address{};
    socklen_t size = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) return -1;
    if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
    return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
}

}  // namespace

void Reply::send(HttpResponse response) const {
    Exchange& exchange = *exchange_;
    std::unique_lock<std::mutex> lock(exchange.mutex);
    if (exchange.finished || exchange.answered) return;
    exchange.answered = true;
    exchange.response = std::move(response);
    if (exchange.suspended) {
        exchange.suspended = false;
        lock.unlock();  // the connection's thread takes the lock again to queue the response
        MHD_resume_connection(exchange.connection);
    }
}

std::unique_ptr<HttpServer> HttpServer::start(const ServerOptions& options, Handler handler, LogSink log,
                                              std::string& error) {
    std::string unavailable;
    if (!load_microhttpd(unavailable)) {  // libmicrohttpd is opened here, not at the command's start
        error = "cannot start the HTTP server: " + unavailable;
        return nullptr;
    }
    auto impl = std::make_unique<Impl>();
    impl->handler = std::move(handler);
    impl->log = std::move(log);
    impl->listen_fd = listen_on(options, error);
    if (impl->listen_fd < 0) return nullptr;
    const int port = bound_port(impl->listen_fd);
    impl->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG, 0, nullptr,
        nullptr, &on_request, impl.get(),
        MHD_OPTION_EXTERNAL_LOGGER, &on_library_message, impl.get(),
        MHD_OPTION_LISTEN_SOCKET, impl->listen_fd,
        MHD_OPTION_THREAD_POOL_SIZE, options.threads,
        MHD_OPTION_CONNECTION_LIMIT, options.max_connections,
        MHD_OPTION_CONNECTION_TIMEOUT, options.timeout_seconds,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, options.max_request_bytes * 2,  // headers in, headers out
        MHD_OPTION_NOTIFY_COMPLETED, &on_completed, impl.get(),
        MHD_OPTION_END);
    if (!impl->daemon) {
        ::close(impl->listen_fd);
        error = "cannot start the HTTP server on " + options.host + ":" + std::to_string(port);
        return nullptr;
    }
    return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl), port));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl, int port) : impl_(std::move(impl)), port_(port) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::stop() {
    if (!impl_ || !impl_->daemon) return;
    MHD_stop_daemon(impl_->daemon);  // closes every connection and the listening socket, joins the pool
    impl_->daemon = nullptr;
    impl_->listen_fd = -1;
}

}  // namespace serve
