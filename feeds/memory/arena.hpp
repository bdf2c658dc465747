// A monotonic string store: strings copied in stay at the same address until the
// arena is destroyed, so the model can hold string_views into it.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace clipfeed {

class Arena {
public:
    Arena() = default;
    ~Arena();
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;
    Arena(Arena&& other) noexcept;
    Arena& operator=(Arena&& other) noexcept;

    // Copies `s` and a terminating NUL; the returned view excludes the NUL.
    std::string_view store(std::string_view s);

    // Tells the arena it will hold a big feed's strings (its document is
    // kHugePagesFrom or more): it takes huge-page chunks from its first
    // allocation on, instead of only once it has reserved kHugePagesFrom in
    // 64 KiB heap blocks, each of which page-faults per 4 KiB when fresh.
    void expect_big() { big_ = true; }

    // Bytes held, for memory accounting.
    std::size_t bytes_reserved() const { return reserved_; }

private:
    char* allocate(std::size_t n);
    // A mapped chunk of at least kChunkSize bytes, or nullptr; `length` receives its size.
    char* new_chunk(std::size_t& length);
    void release();

    std::vector<std::unique_ptr<char[]>> blocks_;  // standard-size blocks
    std::vector<std::unique_ptr<char[]>> large_;   // one string each, above a quarter block
    struct Chunk {
        char* start;
        std::size_t length;  // what the mapping holds: a kept one may be longer than asked for
    };
    std::vector<Chunk> chunks_;                    // mapped huge-page chunks, once the arena is big
    char* cursor_ = nullptr;
    std::size_t left_ = 0;
    std::size_t reserved_ = 0;
    bool big_ = false;  // expect_big()
};

// Frees the blocks that freed arenas left for the next ones (at most 4 MiB),
// and returns their bytes.
std::size_t release_pooled_arena_blocks();

}  // namespace clipfeed
