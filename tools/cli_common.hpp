// Shared by the clipfeed command's subcommands: exit codes, error reports,
// input reading, and owners for C API handles.
#pragma once

#include <memory>
#include <string>

#include "clipfeed.h"

namespace cli {

// Exit codes, also listed in --help and the README.
constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;  // an input could not be read, a fetch failed, or the library failed
constexpr int kExitUsage = 2;   // a bad command line

extern const char* const kExitCodesHelp;

struct FeedDeleter {
    void operator()(clipfeed_feed* f) const { clipfeed_feed_free(f); }
};
struct OptionsDeleter {
    void operator()(clipfeed_parse_options* o) const { clipfeed_parse_options_free(o); }
};
struct ClippingDeleter {
    void operator()(clipfeed_clipping* c) const { clipfeed_clipping_free(c); }
};
struct StringDeleter {
    void operator()(char* s) const { clipfeed_string_free(s); }
};
struct FetcherDeleter {
    void operator()(clipfeed_fetcher* f) const { clipfeed_fetcher_free(f); }
};
struct ResponseDeleter {
    void operator()(clipfeed_response* r) const { clipfeed_response_free(r); }
};
struct PollerDeleter {
    void operator()(clipfeed_poller* p) const { clipfeed_poller_free(p); }
};
using OwnedString = std::unique_ptr<char, StringDeleter>;

// Prints "clipfeed: <what>" on stderr; returns kExitFailed.
int report(const std::string& what);
// The same for a failed C API call, with its code's name and the library's detail.
int report_library_error(const std::string& doing, int code);

// Reads a whole file, or standard input for "-". False with `error` set.
bool read_input(const std::string& path, std::string& out, std::string& error);

std::string trim(const std::string& s);
std::string lower(std::string s);

// Writes and flushes; false when stdout is gone.
bool write_stdout(const char* text);

// Writes all of `data` to `fd` (again after EINTR); false, with errno set, when a write fails.
bool write_all(int fd, const char* data, std::size_t size);

// A file descriptor (standard output) with a buffer of its own, for documents
// the library streams (clipfeed_feed_write_json, clipfeed_feed_write_rss):
// small pieces are gathered into 64 KiB writes, large ones written as they
// come. Anything stdio buffered for the descriptor is flushed first.
class FdOutput {
public:
    explicit FdOutput(int fd);
    ~FdOutput();
    FdOutput(const FdOutput&) = delete;
    FdOutput& operator=(const FdOutput&) = delete;

    // False once a write failed (errno_value() says why); later calls do nothing.
    bool write(const char* data, std::size_t size);
    bool flush();
    int errno_value() const { return errno_; }
    // What a failed write was, for a report: "cannot write to standard output: Broken pipe".
    std::string failure() const;

    // A clipfeed_write_callback; user_data is the FdOutput.
    static int callback(const char* data, std::size_t size, void* user_data);

private:
    bool write_all(const char* data, std::size_t size);

    static constexpr std::size_t kBufferBytes = 64 * 1024;
    int fd_;
    std::string buffer_;
    int errno_ = 0;
};

// Parses a feed file, or standard input for "-", with clipfeed_feed_parse_file:
// a file is read with one read() into the buffer the library parses in place.
// Returns the library's code.
int parse_feed_input(const std::string& path, const clipfeed_parse_options* options, clipfeed_feed** out);
// "'PATH'", or "standard input" for "-": the input in a report.
std::string input_name(const std::string& path);

}  // namespace cli
