#include "feeds/arena.hpp"

#include <cstring>

namespace clipfeed {

namespace {
// Large enough that a feed's short strings share a few blocks; strings bigger
// than a quarter block get a block of their own so little space is wasted.
constexpr std::size_t kBlockSize = 64 * 1024;
}  // namespace

char* Arena::allocate(std::size_t n) {
    if (n > left_) {
        if (n > kBlockSize / 4) {
            blocks_.push_back(std::unique_ptr<char[]>(new char[n]));
            reserved_ += n;
            return blocks_.back().get();
        }
        blocks_.push_back(std::unique_ptr<char[]>(new char[kBlockSize]));
        reserved_ += kBlockSize;
        cursor_ = blocks_.back().get();
        left_ = kBlockSize;
    }
    char* p = cursor_;
    cursor_ += n;
    left_ -= n;
    return p;
}

std::string_view Arena::store(std::string_view s) {
    char* p = allocate(s.size() + 1);
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return {p, s.size()};
}

}  // namespace clipfeed
