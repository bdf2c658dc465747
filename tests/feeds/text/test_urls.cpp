#include <catch2/catch.hpp>

#include "feeds/text/urls.hpp"

using clipfeed::has_url_scheme;
using clipfeed::resolve_url;

TEST_CASE("Relative references resolve against the base as RFC 3986 says", "[urls]") {
    CHECK(resolve_url("http://example.com/a/b/feed.xml", "c.html") == "http://example.com/a/b/c.html");
    CHECK(resolve_url("http://example.com/a/b/feed.xml", "/root") == "http://example.com/root");
    CHECK(resolve_url("http://example.com/a/b/feed.xml", "../up") == "http://example.com/a/up");
    CHECK(resolve_url("http://example.com/a/b/feed.xml", "?q=1") == "http://example.com/a/b/feed.xml?q=1");
    CHECK(resolve_url("https://example.com/a/", "//cdn.example.net/x.png") == "https://cdn.example.net/x.png");
    CHECK(resolve_url("http://example.com/feed", "#frag") == "http://example.com/feed#frag");
}

TEST_CASE("Absolute references and references without a base are kept as written", "[urls]") {
    CHECK(resolve_url("http://example.com/", "https://other.example/x") == "https://other.example/x");
    CHECK(resolve_url("http://example.com/", "mailto:me@example.com") == "mailto:me@example.com");
    CHECK(resolve_url("", "relative/path") == "relative/path");
    CHECK(resolve_url("not a url", "relative/path") == "relative/path");
    CHECK(resolve_url("http://example.com/", "  /spaced  ") == "http://example.com/spaced");
}

TEST_CASE("A scheme is letters, digits, plus, minus or dot before a colon", "[urls]") {
    CHECK(has_url_scheme("http://x"));
    CHECK(has_url_scheme("tag:example.com,2004:1"));
    CHECK(has_url_scheme("urn:uuid:1234"));
    CHECK_FALSE(has_url_scheme("/path:with:colons"));
    CHECK_FALSE(has_url_scheme("1http://x"));
    CHECK_FALSE(has_url_scheme("no-colon"));
}
