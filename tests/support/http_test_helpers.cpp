// Bytes for test responses: gzip bodies (zlib) and HTTP dates.
#include "support/loopback_http_server.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace clipfeed::testing {

namespace {

// Runs deflate over `input` with `flush`, appending the output.
void deflate_into(z_stream& stream, std::string_view input, int flush, std::string& output) {
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    stream.avail_in = static_cast<uInt>(input.size());
    unsigned char buffer[16 * 1024];
    do {
        stream.next_out = buffer;
        stream.avail_out = sizeof buffer;
        if (deflate(&stream, flush) == Z_STREAM_ERROR) throw std::runtime_error("gzip: deflate failed");
        output.append(reinterpret_cast<const char*>(buffer), sizeof buffer - stream.avail_out);
    } while (stream.avail_out == 0);
}

// A gzip stream fed piece by piece.
class GzipWriter {
public:
    explicit GzipWriter(int level) {
        // 15 + 16: the largest window, with a gzip header and trailer instead of zlib's.
        if (deflateInit2(&stream_, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
            throw std::runtime_error("gzip: deflateInit2 failed");
        }
    }
    ~GzipWriter() { deflateEnd(&stream_); }
    GzipWriter(const GzipWriter&) = delete;
    GzipWriter& operator=(const GzipWriter&) = delete;

    void add(std::string_view data) {
        constexpr std::size_t piece = 1 << 20;  // avail_in is 32 bits
        while (!data.empty()) {
            std::string_view part = data.substr(0, piece);
            deflate_into(stream_, part, Z_NO_FLUSH, output_);
            data.remove_prefix(part.size());
        }
    }
    std::string finish() {
        deflate_into(stream_, {}, Z_FINISH, output_);
        return std::move(output_);
    }

private:
    z_stream stream_{};
    std::string output_;
};

}  // namespace

std::string gzip(std::string_view data) {
    GzipWriter writer(Z_DEFAULT_COMPRESSION);
    writer.add(data);
    return writer.finish();
}

std::string gzip_bomb(std::size_t uncompressed_size) {
    const std::string zeros(64 * 1024, '\0');
    GzipWriter writer(Z_BEST_COMPRESSION);
    while (uncompressed_size > 0) {
        std::size_t part = std::min(uncompressed_size, zeros.size());
        writer.add(std::string_view(zeros).substr(0, part));
        uncompressed_size -= part;
    }
    return writer.finish();
}

std::string http_date(std::int64_t unix_seconds) {
    static const char* const weekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::time_t time = static_cast<std::time_t>(unix_seconds);
    std::tm parts{};
    if (!gmtime_r(&time, &parts)) return "";
    // Spelled out rather than strftime: "%a" and "%b" follow the locale.
    char text[40];
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", weekdays[parts.tm_wday],
                  parts.tm_mday, months[parts.tm_mon], parts.tm_year + 1900, parts.tm_hour, parts.tm_min,
                  parts.tm_sec);
    return text;
}

std::uint16_t unused_loopback_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("unused_loopback_port: socket() failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
    ::close(fd);  // nothing listens there any more
    if (!ok) throw std::runtime_error("unused_loopback_port: no port on 127.0.0.1");
    return ntohs(addr.sin_port);
}

}  // namespace clipfeed::testing
