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
