#include <catch2/catch.hpp>

#include "feeds/text/urls.hpp"

using clipfeed::has_url_scheme;
using clipfeed::resolve_url;
using clipfeed::url_authority;

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

TEST_CASE("A URL's authority is what stands between // and the path, query or fragment", "[urls]") {
    CHECK(url_authority("http://user:pw@Example.ORG:8080/a/b?q#f") == "user:pw@Example.ORG:8080");
    CHECK(url_authority("https://a.org") == "a.org");
    CHECK(url_authority("http://a.org?q=/x") == "a.org");
    CHECK(url_authority("http://a.org#/x") == "a.org");
    CHECK(url_authority("http://[::1]:80/") == "[::1]:80");
    CHECK(url_authority("file:///etc/feed.xml").empty());
    CHECK(url_authority("mailto:a@b.org").empty());
    CHECK(url_authority("//a.org/no-scheme").empty());
}

namespace {

struct Resolution {
    const char* base;
    const char* reference;
    const char* expected;
};

void check_table(const Resolution* begin, const Resolution* end) {
    for (const Resolution* r = begin; r != end; ++r) {
        INFO("base \"" << r->base << "\", reference \"" << r->reference << "\"");
        CHECK(resolve_url(r->base, r->reference) == r->expected);
    }
}

}  // namespace

TEST_CASE("RFC 3986's normal examples (5.4.1) resolve as the RFC lists them", "[urls]") {
    static const Resolution table[] = {
        {"http://a/b/c/d;p?q", "g:h", "g:h"},
        {"http://a/b/c/d;p?q", "g", "http://a/b/c/g"},
        {"http://a/b/c/d;p?q", "./g", "http://a/b/c/g"},
        {"http://a/b/c/d;p?q", "g/", "http://a/b/c/g/"},
        {"http://a/b/c/d;p?q", "/g", "http://a/g"},
        {"http://a/b/c/d;p?q", "//g", "http://g"},
        {"http://a/b/c/d;p?q", "?y", "http://a/b/c/d;p?y"},
        {"http://a/b/c/d;p?q", "g?y", "http://a/b/c/g?y"},
        {"http://a/b/c/d;p?q", "#s", "http://a/b/c/d;p?q#s"},
        {"http://a/b/c/d;p?q", "g#s", "http://a/b/c/g#s"},
        {"http://a/b/c/d;p?q", "g?y#s", "http://a/b/c/g?y#s"},
        {"http://a/b/c/d;p?q", ";x", "http://a/b/c/;x"},
        {"http://a/b/c/d;p?q", "g;x", "http://a/b/c/g;x"},
        {"http://a/b/c/d;p?q", "g;x?y#s", "http://a/b/c/g;x?y#s"},
        {"http://a/b/c/d;p?q", "", "http://a/b/c/d;p?q"},
        {"http://a/b/c/d;p?q", ".", "http://a/b/c/"},
        {"http://a/b/c/d;p?q", "./", "http://a/b/c/"},
        {"http://a/b/c/d;p?q", "..", "http://a/b/"},
        {"http://a/b/c/d;p?q", "../", "http://a/b/"},
        {"http://a/b/c/d;p?q", "../g", "http://a/b/g"},
        {"http://a/b/c/d;p?q", "../..", "http://a/"},
        {"http://a/b/c/d;p?q", "../../", "http://a/"},
        {"http://a/b/c/d;p?q", "../../g", "http://a/g"},
    };
    check_table(std::begin(table), std::end(table));
}

TEST_CASE("RFC 3986's abnormal examples (5.4.2) resolve as the RFC lists them, strictly", "[urls]") {
    static const Resolution table[] = {
        {"http://a/b/c/d;p?q", "../../../g", "http://a/g"},
        {"http://a/b/c/d;p?q", "../../../../g", "http://a/g"},
        {"http://a/b/c/d;p?q", "/./g", "http://a/g"},
        {"http://a/b/c/d;p?q", "/../g", "http://a/g"},
        {"http://a/b/c/d;p?q", "g.", "http://a/b/c/g."},
        {"http://a/b/c/d;p?q", ".g", "http://a/b/c/.g"},
        {"http://a/b/c/d;p?q", "g..", "http://a/b/c/g.."},
        {"http://a/b/c/d;p?q", "..g", "http://a/b/c/..g"},
        {"http://a/b/c/d;p?q", "./../g", "http://a/b/g"},
        {"http://a/b/c/d;p?q", "./g/.", "http://a/b/c/g/"},
        {"http://a/b/c/d;p?q", "g/./h", "http://a/b/c/g/h"},
        {"http://a/b/c/d;p?q", "g/../h", "http://a/b/c/h"},
        {"http://a/b/c/d;p?q", "g;x=1/./y", "http://a/b/c/g;x=1/y"},
        {"http://a/b/c/d;p?q", "g;x=1/../y", "http://a/b/c/y"},
        {"http://a/b/c/d;p?q", "g?y/./x", "http://a/b/c/g?y/./x"},
        {"http://a/b/c/d;p?q", "g?y/../x", "http://a/b/c/g?y/../x"},
        {"http://a/b/c/d;p?q", "g#s/./x", "http://a/b/c/g#s/./x"},
        {"http://a/b/c/d;p?q", "g#s/../x", "http://a/b/c/g#s/../x"},
        {"http://a/b/c/d;p?q", "http:g", "http:g"},  // strict: a scheme makes it absolute
    };
    check_table(std::begin(table), std::end(table));
}

TEST_CASE("Resolution keeps hosts, ports, escapes and raw characters as written", "[urls]") {
    static const Resolution table[] = {
        // An authority with an empty path merges as "/" (5.2.3).
        {"http://example.com", "c.html", "http://example.com/c.html"},
        {"http://example.com#f", "x", "http://example.com/x"},
        {"http://example.com?q", "x", "http://example.com/x"},
        // Schemes are written in lower case (3.1); hosts keep their case.
        {"HTTP://Example.COM/a/b", "c", "http://Example.COM/a/c"},
        // Ports, user information, IPv6 literals.
        {"http://example.com:8080/a/b", "../c", "http://example.com:8080/c"},
        {"http://example.com:80/a/", "x", "http://example.com:80/a/x"},
        {"http://Example.com:/a/", "b", "http://Example.com:/a/b"},
        {"http://u:p@example.com/a/", "b", "http://u:p@example.com/a/b"},
        {"http://[::1]:8080/a/", "x", "http://[::1]:8080/a/x"},
        {"http://[2001:db8::1]/a/b", "//[::1]/z", "http://[::1]/z"},
        {"http://[2001:db8::1]/a/b", "../c?d", "http://[2001:db8::1]/c?d"},
        // Network-path references take the base's scheme only.
        {"https://example.com/a/", "//cdn.example.net/x.png", "https://cdn.example.net/x.png"},
        {"https://example.com", "//other.example", "https://other.example"},
        {"https://example.com", "//other.example/p/../q?r#f", "https://other.example/q?r#f"},
        {"http://example.com/a", "//h:80", "http://h:80"},
        {"http://example.com/", "//", "http://"},
        {"http://example.com/", "///x", "http:///x"},
        // Percent-escapes are data, not decoded: %2e%2e is not a dot segment.
        {"http://example.com/%7Efoo/a", "b%20c", "http://example.com/%7Efoo/b%20c"},
        {"http://example.com/a%2Fb/c", "../d", "http://example.com/d"},
        {"http://example.com/", "%2e%2e/x", "http://example.com/%2e%2e/x"},
        {"http://example.com/", "x?a=%zz", "http://example.com/x?a=%zz"},
        // Spaces and non-ASCII (IRIs, RFC 3987) stay as the feed wrote them.
        {"http://example.com/a b/c", "d e", "http://example.com/a b/d e"},
        {"http://example.com/", "a?b c#d e", "http://example.com/a?b c#d e"},
        {"http://example.com/\xC3\xA4/", "\xC3\xB6.html", "http://example.com/\xC3\xA4/\xC3\xB6.html"},
        {"http://b\xC3\xBC" "cher.example/a/", "b", "http://b\xC3\xBC" "cher.example/a/b"},
        {"http://xn--bcher-kva.example/a/", "../b", "http://xn--bcher-kva.example/b"},
        {"http://example.com/", "\\path", "http://example.com/\\path"},
        // Dot segments of the base go only when a path is merged with it.
        {"http://example.com/a/./b/../c", "d", "http://example.com/a/d"},
        {"http://example.com/a/./b/../c", "?q", "http://example.com/a/./b/../c?q"},
        {"http://example.com/a/", ".//b", "http://example.com/a//b"},
        {"http://example.com/a/", "b//c", "http://example.com/a/b//c"},
        {"http://example.com/a/", "...", "http://example.com/a/..."},
        {"http://example.com/a", "..", "http://example.com/"},
        {"http://example.com/a/b", "../../../../x", "http://example.com/x"},
        // Empty queries and fragments are kept; an empty reference is the base without its fragment.
        {"http://example.com/a/b?x#y", "", "http://example.com/a/b?x"},
        {"http://example.com/a/b?x#y", "?", "http://example.com/a/b?"},
        {"http://example.com/a/b?x#y", "#", "http://example.com/a/b?x#"},
        {"http://example.com/a/b?x#y", "#z", "http://example.com/a/b?x#z"},
        {"http://example.com/?", "x", "http://example.com/x"},
        // Other hierarchical schemes resolve alike.
        {"ftp://ftp.example.com/pub/", "file.txt", "ftp://ftp.example.com/pub/file.txt"},
        {"file:///home/x/feed.xml", "y.html", "file:///home/x/y.html"},
        {"x-custom://host/path/f", "g", "x-custom://host/path/g"},
        {"FILE:///a/", "x", "file:///a/x"},
        {"news:/a/b", "c", "news:/a/c"},
    };
    check_table(std::begin(table), std::end(table));
}

TEST_CASE("Without a usable base a relative reference comes back as written", "[urls]") {
    static const Resolution table[] = {
        {"", "x", "x"},
        {"   ", "x", "x"},
        {"not a url", "x", "x"},
        {"/relative/base", "x", "x"},
        {"//host/no-scheme", "x", "x"},
        {"http://[::1/", "x", "x"},        // an unclosed IP literal
        {"http://exa mple.com/", "x", "x"},  // white space in the host
        {"http://", "x", "x"},               // no host
        {"http:///a/", "x", "x"},
        // An opaque base (no authority, no '/' path) serves fragments only.
        {"tag:example.com,2004:x", "rel", "rel"},
        {"urn:uuid:1234", "rel", "rel"},
        {"urn:uuid:1234", "?q", "?q"},
        {"mailto:me@example.com", "x", "x"},
        {"x-custom:opaque/path", "g", "g"},
        {"urn:a:b", "#f", "urn:a:b#f"},
        {"tag:example.com,2004:x#old", "#new", "tag:example.com,2004:x#new"},
        // Absolute references of any scheme are kept, with their case.
        {"http://example.com/", "javascript:alert(1)", "javascript:alert(1)"},
        {"http://example.com/", "HTTP://Other.example/", "HTTP://Other.example/"},
        {"http://example.com/", "tag:example.com,2004:1", "tag:example.com,2004:1"},
        {"urn:uuid:1234", "urn:uuid:5678", "urn:uuid:5678"},
    };
    check_table(std::begin(table), std::end(table));
}
