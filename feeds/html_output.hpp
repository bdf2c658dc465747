// The output of the HTML rewriter, compared with its input as it grows: while
// everything written equals the input so far, nothing is stored, so content
// that comes out unchanged costs no allocation.
#pragma once

#include <cstring>
#include <string>
#include <string_view>

namespace clipfeed::html {

class OutputSink {
public:
    explicit OutputSink(std::string_view original) : original_(original) {}

    void append(std::string_view piece) {
        if (piece.empty()) return;
        if (!diverged_) {
            if (piece.size() <= original_.size() - written_ &&
                (piece.data() == original_.data() + written_ ||
                 std::memcmp(piece.data(), original_.data() + written_, piece.size()) == 0)) {
                written_ += piece.size();
                return;
            }
            diverged_ = true;
            out_.reserve(original_.size() + piece.size() + 64);
            out_.assign(original_.data(), written_);
        }
        out_.append(piece);
    }

    // True when the output is the input, byte for byte.
    bool same_as_input() const { return !diverged_ && written_ == original_.size(); }

    std::string take() {
        if (!diverged_) return std::string(original_.substr(0, written_));
        return std::move(out_);
    }

private:
    std::string_view original_;
    std::size_t written_ = 0;  // while not diverged: the output is original_[0, written_)
    bool diverged_ = false;
    std::string out_;
};

}  // namespace clipfeed::html
