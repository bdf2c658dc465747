// The lazy loader on real libraries: one that is there (zlib, which the tests
// link anyway), one that is not, and one that lacks a symbol.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <string>
#include <thread>
#include <vector>

#include "feeds/runtime/lazy_library.hpp"

using namespace clipfeed;

namespace {
int after_load_calls = 0;
void count_after_load() { ++after_load_calls; }
}  // namespace

TEST_CASE("A lazy library that exists is loaded once and its symbols work", "[runtime]") {
    const char* names[] = {"zlibVersion", "crc32"};
    void* slots[2] = {};
    LazyLibrary zlib("libz.so.1", "the loader's test", names, slots, 2, count_after_load);
    after_load_calls = 0;
    std::vector<std::thread> threads;
    std::vector<char> results(8, 0);
    for (std::size_t i = 0; i < results.size(); ++i)
        threads.emplace_back([&, i] { results[i] = zlib.try_load() ? 1 : 0; });
    for (std::thread& t : threads) t.join();
    for (char r : results) CHECK(r == 1);
    CHECK(after_load_calls == 1);
    CHECK(zlib.error().empty());
    CHECK(library_is_loaded("libz.so.1"));
    auto version = reinterpret_cast<decltype(&::zlibVersion)>(zlib.slot(0));
    CHECK(std::string(version()) == std::string(ZLIB_VERSION));
    auto crc = reinterpret_cast<decltype(&::crc32)>(zlib.slot(1));
    const unsigned char text[] = "123456789";
    CHECK(crc(0, text, 9) == 0xCBF43926UL);  // the CRC-32 check value
}

TEST_CASE("A missing lazy library gives an error naming it and what needed it, every time", "[runtime]") {
    const char* names[] = {"anything"};
    void* slots[1] = {};
    LazyLibrary missing("libclipfeed-no-such-library.so.9", "the loader's test", names, slots, 1, count_after_load);
    after_load_calls = 0;
    CHECK_FALSE(missing.try_load());
    const std::string error = missing.error();
    CHECK(error.find("libclipfeed-no-such-library.so.9 could not be loaded (needed for the loader's test): ") == 0);
    CHECK(error.find("cannot open shared object file") != std::string::npos);  // dlerror's reason
    CHECK(after_load_calls == 0);
    CHECK(slots[0] == nullptr);
    try {
        missing.require();
        FAIL("require() returned");
    } catch (const LibraryUnavailable& e) {
        CHECK(std::string(e.what()) == error);
    }
    CHECK_FALSE(missing.try_load());  // the failure is remembered, not retried
    CHECK_FALSE(library_is_loaded("libclipfeed-no-such-library.so.9"));
}

TEST_CASE("A lazy library without one of its symbols is an error naming the symbol", "[runtime]") {
    const char* names[] = {"zlibVersion", "clipfeed_no_such_function"};
    void* slots[2] = {};
    LazyLibrary zlib("libz.so.1", "the loader's test", names, slots, 2);
    CHECK_FALSE(zlib.try_load());
    CHECK(zlib.error().find("libz.so.1 has no symbol clipfeed_no_such_function (needed for the loader's test)") == 0);
    CHECK_THROWS_AS(zlib.require(), LibraryUnavailable);
}

TEST_CASE("A lazy library whose initialization fails is not used", "[runtime]") {
    const char* names[] = {"zlibVersion"};
    void* slots[1] = {};
    LazyLibrary zlib("libz.so.1", "the loader's test", names, slots, 1,
                     [] { throw LibraryUnavailable("its global init returned 2"); });
    CHECK_FALSE(zlib.try_load());
    CHECK(zlib.error() == "libz.so.1 could not be initialized (needed for the loader's test): its global init returned 2");
}
