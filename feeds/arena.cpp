#include "feeds/arena.hpp"

#include <cstring>
#include <utility>

namespace clipfeed {

namespace {
// Large enough that a feed's short strings share a few blocks; strings bigger
// than a quarter block get a block of their own so little space is wasted.
constexpr std::size_t kBlockSize = 64 * 1024;

// Freed standard blocks, kept for the next arena on the same thread. Without
// them every feed's blocks come from fresh pages: glibc hands the top of the
// heap back to the kernel once a feed is freed (more than its 128 KiB trim
// threshold is free), and the next feed page-faults it in again, a fifth of
// the time of parsing a small feed. Bounded, so an idle thread keeps at most
// this much.
constexpr std::size_t kMaxCachedBlocks = 32;  // 2 MiB

struct BlockCache {
    std::vector<std::unique_ptr<char[]>> blocks;
};
thread_local BlockCache block_cache;

std::unique_ptr<char[]> new_block() {
    std::vector<std::unique_ptr<char[]>>& cached = block_cache.blocks;
    if (cached.empty()) return std::unique_ptr<char[]>(new char[kBlockSize]);
    std::unique_ptr<char[]> block = std::move(cached.back());
    cached.pop_back();
    return block;
}
}  // namespace

Arena::~Arena() { release(); }

Arena::Arena(Arena&& other) noexcept
    : blocks_(std::move(other.blocks_)),
      large_(std::move(other.large_)),
      cursor_(std::exchange(other.cursor_, nullptr)),
      left_(std::exchange(other.left_, 0)),
      reserved_(std::exchange(other.reserved_, 0)) {}

Arena& Arena::operator=(Arena&& other) noexcept {
    if (this != &other) {
        release();
        blocks_ = std::move(other.blocks_);
        large_ = std::move(other.large_);
        cursor_ = std::exchange(other.cursor_, nullptr);
        left_ = std::exchange(other.left_, 0);
        reserved_ = std::exchange(other.reserved_, 0);
    }
    return *this;
}

void Arena::release() {
    std::vector<std::unique_ptr<char[]>>& cached = block_cache.blocks;
    for (std::unique_ptr<char[]>& block : blocks_) {
        if (cached.size() >= kMaxCachedBlocks) break;
        cached.push_back(std::move(block));
    }
    blocks_.clear();
    large_.clear();
    cursor_ = nullptr;
    left_ = 0;
    reserved_ = 0;
}

char* Arena::allocate(std::size_t n) {
    if (n > left_) {
        if (n > kBlockSize / 4) {
            large_.push_back(std::unique_ptr<char[]>(new char[n]));
            reserved_ += n;
            return large_.back().get();
        }
        blocks_.push_back(new_block());
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
