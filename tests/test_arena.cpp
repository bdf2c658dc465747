#include <catch2/catch.hpp>

#include <string>

#include "feeds/arena.hpp"

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
    }  // its blocks go back to this thread's cache
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
