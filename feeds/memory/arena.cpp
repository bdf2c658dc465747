#include "feeds/memory/arena.hpp"

#include <cstring>
#include <mutex>
#include <utility>

#include "feeds/memory/huge_pages.hpp"

namespace clipfeed {

namespace {
// Large enough that a feed's short strings share a few blocks; strings bigger
// than a quarter block get a block of their own so little space is wasted.
constexpr std::size_t kBlockSize = 64 * 1024;

// An arena that has grown past kHugePagesFrom (a big feed's strings) takes its
// further memory in 2 MiB chunks mapped for transparent huge pages, given back
// when the arena goes (and kept a while for the next big feed: huge_pages.hpp).
// In 64 KiB heap blocks, a feed of 100 MB page-faulted once per 4 KiB whenever
// glibc had trimmed the heap after the previous feed (about 20,000 faults, a
// third of its parse time); in huge pages it is one fault per chunk, or none
// when the chunk is a kept one. Small feeds never get here.
constexpr std::size_t kChunkSize = kHugePageSize;

// Freed standard blocks, kept for the next arena. Without them every feed's
// blocks come from fresh pages: glibc hands the top of the heap back to the
// kernel once a feed is freed (more than its 128 KiB trim threshold is free),
// and the next feed page-faults it in again, a fifth of the time of parsing a
// small feed. One pool for the process, not one per thread: a feed is often
// freed on another thread than the one that parsed it (the fetcher parses on
// its workers, the caller frees on its own thread), and a per-thread cache
// then fills where nothing is parsed and stays empty where everything is.
// Bounded, so an idle process keeps at most this much.
constexpr std::size_t kMaxPooledBlocks = 64;  // 4 MiB

// Constant-initialized and trivially destructible (std::mutex is both), so it
// still works while the process ends or the library is unloaded: a feed may
// be freed by a static destructor or an atexit handler after the closer below
// has run, and then frees its blocks instead of pooling them.
struct BlockPool {
    std::mutex mutex;
    char* blocks[kMaxPooledBlocks];
    std::size_t count;
    bool closed;
};
BlockPool block_pool;

// Frees the pooled blocks, with the mutex held; returns their bytes.
std::size_t free_pooled_blocks() {
    const std::size_t freed = block_pool.count * kBlockSize;
    for (std::size_t i = 0; i < block_pool.count; ++i) delete[] block_pool.blocks[i];
    block_pool.count = 0;
    return freed;
}

// Frees the pooled blocks when the process ends or the library is unloaded
// (dlclose: the pool's memory goes with the library, and with it the only
// pointers to the blocks).
struct BlockPoolCloser {
    ~BlockPoolCloser() {
        std::lock_guard<std::mutex> lock(block_pool.mutex);
        free_pooled_blocks();
        block_pool.closed = true;
    }
};
BlockPoolCloser block_pool_closer;

std::unique_ptr<char[]> new_block() {
    {
        std::lock_guard<std::mutex> lock(block_pool.mutex);
        if (block_pool.count > 0) return std::unique_ptr<char[]>(block_pool.blocks[--block_pool.count]);
    }
    return std::unique_ptr<char[]>(new char[kBlockSize]);
}

// Keeps `block` for the next arena, or frees it.
void recycle(std::unique_ptr<char[]> block) {
    std::lock_guard<std::mutex> lock(block_pool.mutex);
    if (!block_pool.closed && block_pool.count < kMaxPooledBlocks)
        block_pool.blocks[block_pool.count++] = block.release();
}
}  // namespace

std::size_t release_pooled_arena_blocks() {
    std::lock_guard<std::mutex> lock(block_pool.mutex);
    return free_pooled_blocks();
}

Arena::~Arena() { release(); }

Arena::Arena(Arena&& other) noexcept
    : blocks_(std::move(other.blocks_)),
      large_(std::move(other.large_)),
      chunks_(std::move(other.chunks_)),
      cursor_(std::exchange(other.cursor_, nullptr)),
      left_(std::exchange(other.left_, 0)),
      reserved_(std::exchange(other.reserved_, 0)),
      big_(std::exchange(other.big_, false)) {}

Arena& Arena::operator=(Arena&& other) noexcept {
    if (this != &other) {
        release();
        blocks_ = std::move(other.blocks_);
        large_ = std::move(other.large_);
        chunks_ = std::move(other.chunks_);
        cursor_ = std::exchange(other.cursor_, nullptr);
        left_ = std::exchange(other.left_, 0);
        reserved_ = std::exchange(other.reserved_, 0);
        big_ = std::exchange(other.big_, false);
    }
    return *this;
}

void Arena::release() {
    for (std::unique_ptr<char[]>& block : blocks_) recycle(std::move(block));
    blocks_.clear();
    large_.clear();
    for (const Chunk& chunk : chunks_) unmap_huge_pages(chunk.start, chunk.length);
    chunks_.clear();
    // Every feed's strings end here, so a big feed's memory kept for reuse is
    // unmapped once idle even when no big feed follows.
    release_idle_huge_pages();
    cursor_ = nullptr;
    left_ = 0;
    reserved_ = 0;
}

char* Arena::allocate(std::size_t n) {
    if (n > left_) {
        // A big arena puts strings up to a quarter chunk in chunks too.
        std::size_t chunk_length = 0;
        const bool big = big_ || reserved_ >= kHugePagesFrom;
        char* chunk = big && n <= kChunkSize / 4 ? new_chunk(chunk_length) : nullptr;
        if (chunk) {
            reserved_ += chunk_length;
            cursor_ = chunk;
            left_ = chunk_length;
        } else if (n > kBlockSize / 4) {
            large_.push_back(std::unique_ptr<char[]>(new char[n]));
            reserved_ += n;
            return large_.back().get();
        } else {
            blocks_.push_back(new_block());
            reserved_ += kBlockSize;
            cursor_ = blocks_.back().get();
            left_ = kBlockSize;
        }
    }
    char* p = cursor_;
    cursor_ += n;
    left_ -= n;
    return p;
}

char* Arena::new_chunk(std::size_t& length) {
    chunks_.reserve(chunks_.size() + 1);  // so that push_back cannot throw with the mapping made
    length = kChunkSize;
    char* chunk = map_huge_pages(length);
    if (chunk) chunks_.push_back({chunk, length});
    return chunk;
}

std::string_view Arena::store(std::string_view s) {
    char* p = allocate(s.size() + 1);
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return {p, s.size()};
}

}  // namespace clipfeed
