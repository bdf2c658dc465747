#include "tools/cli_common.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <iostream>

namespace cli {

const char* const kExitCodesHelp =
    "Exit status: 0 success (also for malformed feeds: see \"recovered\" and \"warnings\"),\n"
    "1 an input could not be read, a fetch failed or processing failed, 2 bad command line.";

int report(const std::string& what) {
    std::cerr << "clipfeed: " << what << "\n";
    return kExitFailed;
}

int report_library_error(const std::string& doing, int code) {
    std::string detail = clipfeed_last_error();
    return report(doing + ": " + clipfeed_strerror(code) + (detail.empty() ? "" : " (" + detail + ")"));
}

namespace {

// Reads what is left of `fd` into `out`: a regular file in one read of its
// size, anything else in blocks of 1 MiB. False with errno set.
bool read_all(int fd, std::string& out) {
    struct stat info;
    std::size_t block = 1 << 20;
    if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0)
        block = static_cast<std::size_t>(info.st_size) + 1;  // +1: the read that sees the end
    for (;;) {
        const std::size_t used = out.size();
        out.resize(used + block);
        const ssize_t n = ::read(fd, out.data() + used, block);
        if (n < 0 && errno == EINTR) {
            out.resize(used);
            continue;
        }
        if (n < 0) return false;
        out.resize(used + static_cast<std::size_t>(n));
        if (n == 0) return true;
        block = std::max<std::size_t>(block, 1 << 20);
    }
}

}  // namespace

// Reads a whole file, or standard input for "-". Returns false with `error` set.
bool read_input(const std::string& path, std::string& out, std::string& error) {
    if (path == "-") {
        if (!read_all(STDIN_FILENO, out)) {
            error = "cannot read standard input: " + std::string(std::strerror(errno));
            return false;
        }
        return true;
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = "cannot open '" + path + "': " + std::strerror(errno);
        return false;
    }
    const bool ok = read_all(fd, out);
    const int saved = errno;
    ::close(fd);
    if (!ok) {
        error = "cannot read '" + path + "': " + std::strerror(saved);
        return false;
    }
    return true;
}

std::string input_name(const std::string& path) { return path == "-" ? "standard input" : "'" + path + "'"; }

int parse_feed_input(const std::string& path, const clipfeed_parse_options* options, clipfeed_feed** out) {
    // /dev/stdin opens what standard input is: a file given with '<' is read
    // like any file, a pipe in large blocks.
    return clipfeed_feed_parse_file(out, path == "-" ? "/dev/stdin" : path.c_str(), options);
}

FdOutput::FdOutput(int fd) : fd_(fd) {
    std::fflush(stdout);
    buffer_.reserve(kBufferBytes);
}

FdOutput::~FdOutput() { flush(); }

bool FdOutput::write(const char* data, std::size_t size) {
    if (errno_) return false;
    if (buffer_.size() + size <= kBufferBytes) {
        buffer_.append(data, size);
        return true;
    }
    if (!flush()) return false;
    if (size < kBufferBytes) {
        buffer_.append(data, size);
        return true;
    }
    return write_all(data, size);
}

bool FdOutput::flush() {
    if (errno_) return false;
    const bool ok = write_all(buffer_.data(), buffer_.size());
    buffer_.clear();
    return ok;
}

std::string FdOutput::failure() const {
    return std::string("cannot write to ") + (fd_ == STDOUT_FILENO ? "standard output" : "the output") + ": " +
           std::strerror(errno_);
}

int FdOutput::callback(const char* data, std::size_t size, void* user_data) {
    return static_cast<FdOutput*>(user_data)->write(data, size) ? 0 : 1;
}

bool FdOutput::write_all(const char* data, std::size_t size) {
    if (cli::write_all(fd_, data, size)) return true;
    errno_ = errno;
    return false;
}

bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

std::string trim(const std::string& s) {
    const char* ws = " \t\r\n";
    std::size_t b = s.find_first_not_of(ws);
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

bool write_stdout(const char* text) {
    return std::fputs(text, stdout) >= 0 && std::fflush(stdout) == 0;
}

}  // namespace cli
