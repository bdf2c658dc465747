// Inside the loopback server: the byte stream of one accepted connection,
// plain TCP or TLS over it. The server owns the socket; a transport only reads
// and writes it (and never closes it).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace clipfeed::testing::detail {

class Transport {
public:
    virtual ~Transport() = default;
    // The TLS handshake; plain TCP has none. False: give up on the connection.
    virtual bool handshake() { return true; }
    // Bytes read into `buffer` (> 0), or 0 at the end of the stream or on an error.
    virtual std::size_t read(char* buffer, std::size_t size) = 0;
    // True when every byte was sent. Never raises SIGPIPE.
    virtual bool write(std::string_view bytes) = 0;
    // An orderly end of the stream before the socket closes (TLS: close_notify).
    virtual void finish() {}
};

std::unique_ptr<Transport> make_plain_transport(int socket_fd);

// A TLS server context with a self-signed certificate made when it is built.
class TlsServer {
public:
    TlsServer();  // throws std::runtime_error when OpenSSL fails
    ~TlsServer();
    TlsServer(const TlsServer&) = delete;
    TlsServer& operator=(const TlsServer&) = delete;

    const std::string& certificate_pem() const;
    // Must not outlive this TlsServer.
    std::unique_ptr<Transport> wrap(int socket_fd) const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace clipfeed::testing::detail
