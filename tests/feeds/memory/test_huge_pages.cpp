// The pool of huge-page mappings kept for the next big feed (feeds/memory/huge_pages.cpp).
// Whether a mapping was unmapped is asked of the kernel: msync on an address
// range that is not mapped fails with ENOMEM.
#include <catch2/catch.hpp>

#include <sys/mman.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "feeds/memory/arena.hpp"
#include "feeds/memory/huge_pages.hpp"

using namespace clipfeed;

namespace {

constexpr std::size_t MiB = std::size_t{1} << 20;

// Unmaps whatever other tests left kept, so that each test starts empty.
void empty_the_pool() { release_kept_huge_pages(); }

bool is_mapped(const char* start, std::size_t length) {
    return msync(const_cast<char*>(start), length, MS_ASYNC) == 0 || errno != ENOMEM;
}

char* map_touched(std::size_t& length) {
    char* p = map_huge_pages(length);
    REQUIRE(p != nullptr);
    std::memset(p, 'x', length);
    return p;
}

}  // namespace

TEST_CASE("A mapping given back serves the next request of its size without a new mapping", "[huge-pages]") {
    empty_the_pool();
    std::size_t length = 3 * MiB;
    char* first = map_touched(length);
    CHECK(length == 4 * MiB);  // whole huge pages

    unmap_huge_pages(first, length);
    CHECK(retained_huge_page_bytes() == 4 * MiB);
    CHECK(is_mapped(first, length));

    std::size_t again = 4 * MiB;
    char* second = map_huge_pages(again);
    CHECK(second == first);
    CHECK(again == 4 * MiB);
    CHECK(retained_huge_page_bytes() == 0);
    std::memset(second, 'y', again);  // writable all through
    CHECK(second[again - 1] == 'y');
    unmap_huge_pages(second, again);
    empty_the_pool();
}

TEST_CASE("A request takes the smallest kept mapping that is long enough", "[huge-pages]") {
    empty_the_pool();
    std::size_t two = 2 * MiB, eight = 8 * MiB, four = 4 * MiB;
    char* mapping_of_two = map_touched(two);
    char* mapping_of_eight = map_touched(eight);
    char* mapping_of_four = map_touched(four);
    unmap_huge_pages(mapping_of_two, two);
    unmap_huge_pages(mapping_of_eight, eight);
    unmap_huge_pages(mapping_of_four, four);
    CHECK(retained_huge_page_bytes() == 14 * MiB);

    std::size_t length = 3 * MiB;
    CHECK(map_huge_pages(length) == mapping_of_four);
    CHECK(length == 4 * MiB);
    length = 6 * MiB;
    CHECK(map_huge_pages(length) == mapping_of_eight);
    CHECK(length == 8 * MiB);  // the whole kept mapping, to be given back whole
    length = 1;
    CHECK(map_huge_pages(length) == mapping_of_two);
    CHECK(retained_huge_page_bytes() == 0);

    unmap_huge_pages(mapping_of_two, two);
    unmap_huge_pages(mapping_of_eight, eight);
    unmap_huge_pages(mapping_of_four, four);
    empty_the_pool();
}

TEST_CASE("Kept memory stays within its cap by unmapping the oldest mappings first", "[huge-pages]") {
    empty_the_pool();
    // Untouched mappings: only address space, however long.
    std::size_t half = kMaxRetainedHugePages / 2, other_half = half, more = 2 * MiB;
    char* oldest = map_huge_pages(half);
    char* newer = map_huge_pages(other_half);
    char* newest = map_huge_pages(more);
    REQUIRE((oldest && newer && newest));

    unmap_huge_pages(oldest, half);
    unmap_huge_pages(newer, other_half);
    CHECK(retained_huge_page_bytes() == kMaxRetainedHugePages);
    unmap_huge_pages(newest, more);

    CHECK(retained_huge_page_bytes() == other_half + more);
    CHECK_FALSE(is_mapped(oldest, half));
    CHECK(is_mapped(newer, other_half));
    CHECK(is_mapped(newest, more));
    empty_the_pool();
    CHECK_FALSE(is_mapped(newer, other_half));
}

TEST_CASE("A mapping larger than the cap is unmapped at once", "[huge-pages]") {
    empty_the_pool();
    std::size_t length = kMaxRetainedHugePages + 2 * MiB;
    char* mapping = map_huge_pages(length);
    REQUIRE(mapping != nullptr);
    unmap_huge_pages(mapping, length);
    CHECK(retained_huge_page_bytes() == 0);
    CHECK_FALSE(is_mapped(mapping, length));
}

TEST_CASE("Kept mappings are unmapped once idle for the retention time", "[huge-pages]") {
    empty_the_pool();
    std::size_t length = 2 * MiB;
    char* mapping = map_touched(length);
    unmap_huge_pages(mapping, length);

    release_idle_huge_pages();  // given back just now: not idle yet
    CHECK(retained_huge_page_bytes() == length);
    CHECK(is_mapped(mapping, length));

    // As it stands once kRetainHugePagesFor has passed.
    release_huge_pages_given_back_before(std::chrono::steady_clock::now() + std::chrono::milliseconds(1));
    CHECK(retained_huge_page_bytes() == 0);
    CHECK_FALSE(is_mapped(mapping, length));
}

TEST_CASE("An arena given a kept mapping longer than a chunk fills all of it and gives all of it back",
          "[huge-pages][arena]") {
    empty_the_pool();
    std::size_t length = 8 * MiB;
    char* kept = map_touched(length);
    unmap_huge_pages(kept, length);
    {
        Arena arena;
        const std::string piece(1000, 'x');
        while (arena.bytes_reserved() < kHugePagesFrom) arena.store(piece);  // heap blocks up to here
        const std::size_t before = arena.bytes_reserved();
        std::string_view first_in_chunk;
        while (arena.bytes_reserved() == before) first_in_chunk = arena.store(piece);
        CHECK(arena.bytes_reserved() - before == 8 * MiB);  // the kept mapping, whole
        CHECK(first_in_chunk.data() == kept);
        CHECK(retained_huge_page_bytes() == 0);
        // Strings go on into it past the first 2 MiB, and the arena does not grow.
        std::string_view last = first_in_chunk;
        for (std::size_t i = 0; i < 8 * MiB / piece.size() && last.data() < kept + 7 * MiB; ++i)
            last = arena.store(piece);
        CHECK(last.data() >= kept + 7 * MiB);
        CHECK(arena.bytes_reserved() == before + 8 * MiB);
    }
    CHECK(retained_huge_page_bytes() == 8 * MiB);  // given back whole, not as a 2 MiB chunk
    empty_the_pool();
    CHECK_FALSE(is_mapped(kept, 8 * MiB));
}

// Mappings are unmapped after the pool's mutex is released; a mapping must
// still go to one thread at a time. Each thread fills what it gets with its
// own byte and checks it is still there before giving it back: a mapping
// handed to two threads at once shows the other's byte. Worker threads only
// count; the checks are made here (Catch2 asserts on the test's thread).
TEST_CASE("Threads mapping and giving back at once never share a mapping", "[huge-pages]") {
    empty_the_pool();
    constexpr int kThreads = 4;
    constexpr int kRounds = 40;
    std::atomic<int> refused{0}, overwritten{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([t, &refused, &overwritten] {
            const char mark = static_cast<char>('a' + t);
            for (int round = 0; round < kRounds; ++round) {
                std::size_t length = (1 + static_cast<std::size_t>((t + round) % 4)) * 2 * MiB;
                char* p = map_huge_pages(length);
                if (!p) {
                    ++refused;
                    continue;
                }
                // A page per 64 KiB is enough to see another thread's writes.
                for (std::size_t at = 0; at < length; at += 64 * 1024) p[at] = mark;
                std::this_thread::yield();
                for (std::size_t at = 0; at < length; at += 64 * 1024)
                    if (p[at] != mark) ++overwritten;
                unmap_huge_pages(p, length);
            }
        });
    }
    for (std::thread& thread : threads) thread.join();
    CHECK(refused == 0);
    CHECK(overwritten == 0);
    CHECK(retained_huge_page_bytes() <= kMaxRetainedHugePages);
    CHECK(retained_huge_page_bytes() > 0);  // the last ones given back are kept
    const std::size_t kept = retained_huge_page_bytes();
    CHECK(release_kept_huge_pages() == kept);
    CHECK(retained_huge_page_bytes() == 0);
}
