// Plain TCP for the loopback server: recv and send(MSG_NOSIGNAL).
#include "loopback_transport.hpp"

#include <sys/socket.h>
#include <sys/types.h>

#include <cerrno>

namespace clipfeed::testing::detail {

namespace {

class PlainTransport : public Transport {
public:
    explicit PlainTransport(int socket_fd) : fd_(socket_fd) {}

    std::size_t read(char* buffer, std::size_t size) override {
        for (;;) {
            ssize_t got = ::recv(fd_, buffer, size, 0);
            if (got > 0) return static_cast<std::size_t>(got);
            if (got < 0 && errno == EINTR) continue;
            return 0;
        }
    }

    bool write(std::string_view bytes) override {
        while (!bytes.empty()) {
            ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (sent < 0 && errno == EINTR) continue;
            if (sent <= 0) return false;
            bytes.remove_prefix(static_cast<std::size_t>(sent));
        }
        return true;
    }

private:
    int fd_;
};

}  // namespace

std::unique_ptr<Transport> make_plain_transport(int socket_fd) {
    return std::make_unique<PlainTransport>(socket_fd);
}

}  // namespace clipfeed::testing::detail
