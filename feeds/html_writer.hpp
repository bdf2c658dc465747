// Writing HTML the way feedparser's _BaseHTMLProcessor serializes it, while
// comparing the output with the input: as long as everything written equals
// the input so far, nothing is stored, so content that comes out unchanged
// costs no allocation.
#pragma once

#include "feeds/html_tokenizer.hpp"

#include <cstring>
#include <string>
#include <string_view>

namespace clipfeed::html {

class HtmlWriter {
public:
    explicit HtmlWriter(std::string_view original) : original_(original) {}

    // Writes `piece` as it is.
    void append(std::string_view piece) {
        if (piece.empty()) return;
        if (!diverged_) {
            if (piece.size() <= original_.size() - written_ &&
                (piece.data() == original_.data() + written_ ||
                 std::memcmp(piece.data(), original_.data() + written_, piece.size()) == 0)) {
                written_ += piece.size();
                return;
            }
            diverge(piece.size());
        }
        out_.append(piece);
    }

    // <tag name="value" ...>, or <tag ... /> for void elements; values escaped.
    void start_tag(std::string_view tag, const AttributeList& attributes);
    // </tag>; nothing for void elements.
    void end_tag(std::string_view tag);

    // True when the output is the input, byte for byte.
    bool same_as_input() const { return !diverged_ && written_ == original_.size(); }
    std::string take();

private:
    void escaped_attribute(std::string_view value);
    void diverge(std::size_t extra);

    std::string_view original_;
    std::size_t written_ = 0;  // while not diverged: the output is original_[0, written_)
    bool diverged_ = false;
    std::string out_;
};

// Attribute values are written with <, >, " and bare & (one that starts no
// character or entity reference) escaped.
bool needs_attribute_escaping(std::string_view value);
std::string escape_attribute(std::string_view value);

}  // namespace clipfeed::html
