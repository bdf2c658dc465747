// Writing HTML the way feedparser's _BaseHTMLProcessor serializes it, while
// comparing the output with the input: as long as everything written equals
// the input so far, nothing is stored, so content that comes out unchanged
// costs no allocation.
#pragma once

#include "feeds/html/html_tokenizer.hpp"

#include <cstring>
#include <string>
#include <string_view>

namespace clipfeed::html {

enum class AttributeValues {
    kRaw,      // to be escaped on writing
    kEscaped,  // already escaped (escaping changes nothing in escaped text)
};

class HtmlWriter {
public:
    // Once the output differs from `original`, it is written into `buffer`,
    // whose size is kept as room to write in: a buffer reused from one call
    // to the next is neither allocated nor zero-filled again.
    HtmlWriter(std::string_view original, std::string& buffer) : original_(original), out_(buffer) {}
    HtmlWriter(const HtmlWriter&) = delete;
    HtmlWriter& operator=(const HtmlWriter&) = delete;

    // Writes `piece` as it is.
    void append(std::string_view piece) {
        if (!diverged_) {
            if (continues_input(piece)) {
                written_ += piece.size();
                return;
            }
            diverge(piece.size());
        }
        write(piece.data(), piece.size());
    }
    void append(char c) {
        if (!diverged_) {
            if (written_ < original_.size() && original_[written_] == c) {
                ++written_;
                return;
            }
            diverge(1);
        }
        write(&c, 1);
    }

    // <tag name="value" ...>, or <tag ... /> for void elements; values escaped.
    void start_tag(std::string_view tag, const AttributeList& attributes, AttributeValues values);
    // </tag>; nothing for void elements.
    void end_tag(std::string_view tag);

    // True when the output is the input, byte for byte.
    bool same_as_input() const { return !diverged_ && written_ == original_.size(); }
    // The output: a view of the input while it equals the input's beginning,
    // else of the buffer. Valid until the buffer is written again.
    std::string_view output() const {
        return diverged_ ? std::string_view(out_.data(), out_size_) : original_.substr(0, written_);
    }
    // The output, in the buffer (copied there if need be), for changes in place.
    char* output_in_buffer() {
        if (!diverged_) diverge(0);
        return out_.data();
    }
    std::size_t output_size() const { return diverged_ ? out_size_ : written_; }

private:
    // True when `piece` is the input's next bytes (so far, output = input).
    bool continues_input(std::string_view piece) const {
        if (piece.size() > original_.size() - written_) return false;
        const char* next = original_.data() + written_;
        // Text is a view of the input, compared by address; markup pieces
        // are a few bytes, compared in a loop rather than with a call to memcmp.
        if (piece.data() == next) return true;
        if (piece.size() > 16) return std::memcmp(piece.data(), next, piece.size()) == 0;
        for (std::size_t i = 0; i < piece.size(); ++i)
            if (piece[i] != next[i]) return false;
        return true;
    }
    // From here on the output differs from the input: copies what was written so far.
    void diverge(std::size_t extra);
    void write(const char* data, std::size_t size) {
        if (size == 0) return;  // `data` may be null (an empty string_view)
        if (size > out_.size() - out_size_) grow(size);
        std::memcpy(&out_[out_size_], data, size);
        out_size_ += size;
    }
    void grow(std::size_t extra);
    void escaped_attribute(std::string_view value);

    std::string_view original_;
    std::size_t written_ = 0;  // while not diverged: the output is original_[0, written_)
    bool diverged_ = false;
    // Once diverged, the output is out_[0, out_size_) and the rest of out_
    // is room to write in: appending a piece of markup (a few bytes) is then
    // a short copy, without a call to std::string::append for each.
    std::string& out_;
    std::size_t out_size_ = 0;
};

// Attribute values are written with <, >, " and bare & (one that starts no
// character or entity reference) escaped.
bool needs_attribute_escaping(std::string_view value);
std::string escape_attribute(std::string_view value);

}  // namespace clipfeed::html
