#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "feeds/memory/arena.hpp"
#include "feeds/memory/huge_pages.hpp"
#include "support/allocation_counter.hpp"

using clipfeed::Arena;

TEST_CASE("An arena keeps every stored string at its address, NUL-terminated", "[arena]") {
    Arena arena;
    std::vector<std::string_view> views;
    std::vector<std::string> originals;
    for (int i = 0; i < 5000; ++i) {
        originals.push_back(std::string(static_cast<std::size_t>(i % 300), static_cast<char>('a' + i % 26)));
        views.push_back(arena.store(originals.back()));
    }
    originals.push_back(std::string(100000, 'z'));  // bigger than a block
    views.push_back(arena.store(originals.back()));
    for (std::size_t i = 0; i < views.size(); ++i) {
        REQUIRE(views[i] == originals[i]);
        REQUIRE(views[i].data()[views[i].size()] == '\0');
    }
}

TEST_CASE("A big arena keeps its strings intact past the point where it takes huge-page chunks", "[arena]") {
    // 12 MiB of strings: the first 4 MiB in heap blocks, the rest in 2 MiB
    // mapped chunks, with strings of every size on both sides of the change.
    Arena arena;
    std::vector<std::string_view> views;
    std::vector<std::string> originals;
    std::size_t stored = 0;
    for (int i = 0; stored < (std::size_t{12} << 20); ++i) {
        const std::size_t size = i % 97 == 0 ? 40000 : static_cast<std::size_t>(i % 1500);  // some above a quarter block
        originals.push_back(std::string(size, static_cast<char>('a' + i % 26)));
        views.push_back(arena.store(originals.back()));
        stored += size + 1;
    }
    CHECK(arena.bytes_reserved() >= stored);
    CHECK(arena.bytes_reserved() < stored + (std::size_t{3} << 20));  // at most a chunk and a block to spare
    Arena moved = std::move(arena);
    for (std::size_t i = 0; i < views.size(); ++i) {
        REQUIRE(views[i] == originals[i]);
        REQUIRE(views[i].data()[views[i].size()] == '\0');
    }
    CHECK(moved.store("after the move") == "after the move");
}

TEST_CASE("An arena past the huge-page threshold grows by whole chunks, not blocks", "[arena]") {
    // The test above holds whatever memory the strings land in; this one
    // fails if big arenas never take the chunk path. Nothing kept from other
    // tests: a kept mapping longer than a chunk would make a longer step.
    clipfeed::release_kept_huge_pages();
    Arena arena;
    const std::string piece(1000, 'x');
    while (arena.bytes_reserved() < clipfeed::kHugePagesFrom) arena.store(piece);
    const std::size_t before = arena.bytes_reserved();
    while (arena.bytes_reserved() == before) arena.store(piece);
    CHECK(arena.bytes_reserved() - before == clipfeed::kHugePageSize);
    // A string of more than a quarter chunk that does not fit what is left
    // gets memory of its own, not a chunk.
    const std::size_t with_chunk = arena.bytes_reserved();
    const std::string big(clipfeed::kHugePageSize, 'y');
    CHECK(arena.store(big) == big);
    CHECK(arena.bytes_reserved() - with_chunk == big.size() + 1);
}

TEST_CASE("An arena told to expect a big feed takes huge-page chunks from its first string", "[arena]") {
    clipfeed::release_kept_huge_pages();  // a kept mapping longer than a chunk would make a longer step
    Arena arena;
    arena.expect_big();
    const std::string_view first = arena.store("first");
    CHECK(arena.bytes_reserved() == clipfeed::kHugePageSize);  // a chunk, not a 64 KiB block
    // Strings keep to the chunk until it is full, then the next one comes.
    const std::string piece(1000, 'x');
    while (arena.bytes_reserved() == clipfeed::kHugePageSize) arena.store(piece);
    CHECK(arena.bytes_reserved() == 2 * clipfeed::kHugePageSize);
    CHECK(first == "first");
}

TEST_CASE("An arena stores the empty string as a valid C string", "[arena]") {
    Arena arena;
    std::string_view v = arena.store("");
    REQUIRE(v.empty());
    REQUIRE(v.data() != nullptr);
    REQUIRE(v.data()[0] == '\0');
}

TEST_CASE("Arenas that reuse a freed arena's blocks keep their own strings intact", "[arena]") {
    std::vector<std::string_view> first_views;
    Arena second;
    {
        Arena first;
        for (int i = 0; i < 2000; ++i) first_views.push_back(first.store(std::string(100, 'a')));
    }  // its blocks go back to the pool
    std::vector<std::string_view> views;
    Arena third;
    for (int i = 0; i < 2000; ++i) {
        views.push_back(second.store(std::string(100, static_cast<char>('b' + i % 2))));
        views.push_back(third.store(std::string(100, 'z')));
    }
    for (std::size_t i = 0; i < views.size(); i += 2) {
        REQUIRE(views[i] == std::string(100, static_cast<char>('b' + (i / 2) % 2)));
        REQUIRE(views[i + 1] == std::string(100, 'z'));
    }
    Arena moved = std::move(second);
    REQUIRE(moved.bytes_reserved() > 0);
    REQUIRE(second.bytes_reserved() == 0);  // NOLINT(bugprone-use-after-move): a moved-from arena is empty
    REQUIRE(views[0] == std::string(100, 'b'));
}

TEST_CASE("A freed arena's blocks serve the next arena without allocating", "[arena]") {
    if (!clipfeed::testing::AllocationCounter::available()) return;  // sanitizer builds count nothing
    { Arena warm_up; warm_up.store(std::string(1000, 'a')); }
    Arena arena;
    clipfeed::testing::AllocationCounter counter;
    arena.store(std::string_view("a string in a recycled block"));
    CHECK(counter.count() == 1);  // the list of blocks; the block itself was kept
    Arena second;
    clipfeed::testing::AllocationCounter second_counter;
    for (int i = 0; i < 2000; ++i) second.store(std::string_view("fills more than one 64 KiB block..."));
    CHECK(second_counter.count() > 1);  // a block of its own once the kept one is taken
}

TEST_CASE("Pooled arena blocks are freed on request and the next arena allocates its own", "[arena]") {
    { Arena freed; freed.store(std::string(1000, 'a')); }
    CHECK(clipfeed::release_pooled_arena_blocks() >= 64 * 1024);  // at least the freed arena's block
    CHECK(clipfeed::release_pooled_arena_blocks() == 0);
    if (!clipfeed::testing::AllocationCounter::available()) return;  // sanitizer builds count nothing
    Arena arena;
    clipfeed::testing::AllocationCounter counter;
    arena.store(std::string_view("a string in a new block"));
    CHECK(counter.count() == 2);  // the list of blocks and the block
}

TEST_CASE("An arena freed on one thread gives its blocks to an arena on another", "[arena]") {
    // What the fetcher does: a worker thread parses, the caller's thread frees
    // the feed, and the next worker's arena should not need fresh memory.
    if (!clipfeed::testing::AllocationCounter::available()) return;  // sanitizer builds count nothing
    std::unique_ptr<Arena> parsed;
    std::thread([&parsed] {
        parsed = std::make_unique<Arena>();
        for (int i = 0; i < 2000; ++i) parsed->store(std::string_view("fills more than one 64 KiB block..."));
    }).join();
    parsed.reset();  // freed here, on the main thread
    long allocations = -1;
    std::thread([&allocations] {  // a new thread: nothing of its own kept
        Arena arena;
        clipfeed::testing::AllocationCounter counter;
        arena.store(std::string_view("a string in a block another thread freed"));
        allocations = counter.count();
    }).join();
    CHECK(allocations == 1);  // the list of blocks; the block came from the pool
}

TEST_CASE("Arenas on many threads at once share the pool without mixing their strings", "[arena]") {
    std::vector<std::thread> threads;
    std::atomic<int> wrong{0};  // Catch2's assertions are not for other threads
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&wrong, t] {
            const std::string mine(50, static_cast<char>('a' + t));
            for (int round = 0; round < 3; ++round) {
                Arena arena;
                std::vector<std::string_view> views;
                for (int i = 0; i < 3000; ++i) views.push_back(arena.store(mine));
                for (std::string_view v : views)
                    if (v != mine) ++wrong;
            }
        });
    }
    for (std::thread& t : threads) t.join();
    CHECK(wrong == 0);
    Arena after;
    CHECK(after.store("still fine") == "still fine");
}
