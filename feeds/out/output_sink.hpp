// Where streamed output (JSON, RSS) goes: a writer fills a buffer of its own
// and hands it over in pieces of about kOutputChunkBytes, in order, so that a
// 100 MB document never has to exist whole in memory.
#pragma once

#include <cstddef>
#include <string>

namespace clipfeed {

// Writers pass their buffer on once it holds this much.
constexpr std::size_t kOutputChunkBytes = 64 * 1024;

class OutputSink {
public:
    virtual ~OutputSink() = default;
    // Takes the next `size` bytes. False stops the writer: nothing more is
    // written, and the writer's caller reports the failure.
    virtual bool write(const char* data, std::size_t size) = 0;
};

// A sink that keeps everything: the string functions of the C API.
class StringSink : public OutputSink {
public:
    explicit StringSink(std::string& out) : out_(out) {}
    bool write(const char* data, std::size_t size) override {
        out_.append(data, size);
        return true;
    }

private:
    std::string& out_;
};

}  // namespace clipfeed
