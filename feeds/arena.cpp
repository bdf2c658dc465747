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

// Trivially destructible, so it can still be used while the thread (or the
// process) ends: a feed freed by a static destructor or an atexit handler
// runs after the thread's non-trivial thread_locals are gone.
struct BlockCache {
    char* blocks[kMaxCachedBlocks];
    std::size_t count;
    bool closed;  // the thread is ending: blocks are freed, not kept
};
thread_local BlockCache block_cache;  // zero-initialized

// Frees the kept blocks when the thread ends.
struct BlockCacheCloser {
    ~BlockCacheCloser() {
        for (std::size_t i = 0; i < block_cache.count; ++i) delete[] block_cache.blocks[i];
        block_cache.count = 0;
        block_cache.closed = true;
    }
};
thread_local BlockCacheCloser block_cache_closer;

std::unique_ptr<char[]> new_block() {
    if (block_cache.count == 0) return std::unique_ptr<char[]>(new char[kBlockSize]);
    return std::unique_ptr<char[]>(block_cache.blocks[--block_cache.count]);
}

// Keeps `block` for the next arena, or frees it.
void recycle(std::unique_ptr<char[]> block) {
    if (block_cache.closed || block_cache.count == kMaxCachedBlocks) return;
    (void)&block_cache_closer;  // odr-use: makes sure this thread's closer exists to free them
    block_cache.blocks[block_cache.count++] = block.release();
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
    for (std::unique_ptr<char[]>& block : blocks_) recycle(std::move(block));
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
