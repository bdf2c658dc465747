// Hostile documents: every limit holds, with a warning, and nothing crashes
// or grows without bound.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "feeds/xml/parse.hpp"

using namespace clipfeed;

namespace {

bool has_warning(const Feed& f, std::string_view text) {
    for (const std::string& w : f.warnings)
        if (w.find(text) != std::string::npos) return true;
    return false;
}

std::string items(int n) {
    std::string out = "<rss version=\"2.0\"><channel>";
    for (int i = 0; i < n; ++i) out += "<item><title>" + std::to_string(i) + "</title></item>";
    return out + "</channel></rss>";
}

}  // namespace

TEST_CASE("A document over the size limit is not parsed", "[limits]") {
    ParseContext c;
    c.limits.max_document_bytes = 100;
    auto p = parse_feed(items(20), c);
    CHECK(p->feed.items.empty());
    CHECK(p->feed.recovered);
    CHECK(has_warning(p->feed, "more than the limit of 100"));
    CHECK(parse_feed(items(20), {})->feed.items.size() == 20);
}

TEST_CASE("Items past the item limit are dropped", "[limits]") {
    ParseContext c;
    c.limits.max_items = 5;
    auto p = parse_feed(items(50), c);
    REQUIRE(p->feed.items.size() == 5);
    CHECK(*p->feed.items[4].title == "4");
    CHECK(has_warning(p->feed, "more than 5 items"));
}

TEST_CASE("Elements nested past the depth limit are skipped, not recursed into", "[limits]") {
    const int depth = 100000;  // deep enough to overflow the stack if walked recursively
    std::string doc = "<rss version=\"2.0\"><channel><item><title>kept</title>";
    for (int i = 0; i < depth; ++i) doc += "<x>";
    doc += "<title>too deep</title>";
    for (int i = 0; i < depth; ++i) doc += "</x>";
    doc += "</item></channel></rss>";
    auto p = parse_feed(doc, {});
    REQUIRE(p->feed.items.size() == 1);
    CHECK(*p->feed.items[0].title == "kept");
    CHECK(has_warning(p->feed, "deeper than 256"));

    ParseContext shallow;
    shallow.limits.max_depth = 3;  // rss, channel, item
    p = parse_feed("<rss version=\"2.0\"><channel><item><title>t</title></item></channel></rss>", shallow);
    CHECK(p->feed.items.size() == 1);
    CHECK_FALSE(p->feed.items[0].title);
}

TEST_CASE("XHTML content nested past the depth limit is cut", "[limits]") {
    std::string doc = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"xhtml\">";
    for (int i = 0; i < 100000; ++i) doc += "<b>";
    doc += "deep";
    for (int i = 0; i < 100000; ++i) doc += "</b>";
    doc += "</content></entry></feed>";
    auto p = parse_feed(doc, {});
    REQUIRE(p->feed.items.size() == 1);
    CHECK(p->feed.items[0].content->find("deep") == std::string_view::npos);
    CHECK(p->feed.recovered);
}

TEST_CASE("Values past the text limit are cut at a character boundary", "[limits]") {
    ParseContext c;
    c.limits.max_text_bytes = 10;
    // "é" is two bytes: the cut must not split one.
    auto p = parse_feed("<rss version=\"2.0\"><channel><title>aaaaaaaaa\xC3\xA9\xC3\xA9 tail</title></channel></rss>", c);
    REQUIRE(p->feed.title);
    CHECK(*p->feed.title == "aaaaaaaaa");
    CHECK(p->feed.recovered);
    CHECK(has_warning(p->feed, "longer than 10 bytes"));
}

TEST_CASE("Attributes past the attribute limit are ignored", "[limits]") {
    ParseContext c;
    c.limits.max_attributes = 4;
    std::string link = "<link";
    for (int i = 0; i < 10; ++i) link += " a" + std::to_string(i) + "=\"x\"";
    link += " href=\"https://late.example/\"/>";
    auto p = parse_feed("<feed xmlns=\"http://www.w3.org/2005/Atom\">" + link + "</feed>", c);
    CHECK(p->feed.link.value_or("") != "https://late.example/");
    CHECK(has_warning(p->feed, "more than 4 attributes"));
    CHECK(parse_feed("<feed xmlns=\"http://www.w3.org/2005/Atom\">" + link + "</feed>", {})->feed.link ==
          std::string_view("https://late.example/"));

    // Exactly at the limit, the last attribute is read and nothing is warned about.
    auto at_limit = parse_feed(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><link a=\"1\" b=\"2\" c=\"3\" href=\"https://last.example/\"/></feed>", c);
    CHECK(at_limit->feed.link.value_or("") == "https://last.example/");
    CHECK_FALSE(has_warning(at_limit->feed, "attributes"));
    CHECK_FALSE(at_limit->feed.recovered);
}

TEST_CASE("Billion laughs and quadratic blow-up parse in bounded time and memory", "[limits]") {
    std::string laughs = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY l0 \"lol\">";
    for (int i = 1; i <= 12; ++i) {
        laughs += "<!ENTITY l" + std::to_string(i) + " \"";
        for (int k = 0; k < 10; ++k) laughs += "&l" + std::to_string(i - 1) + ";";
        laughs += "\">";
    }
    laughs += "]><rss version=\"2.0\"><channel><title>&l12;</title></channel></rss>";

    // One large entity referenced a hundred thousand times.
    std::string quadratic = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY big \"" + std::string(100000, 'x') +
                            "\">]><rss version=\"2.0\"><channel><description>";
    for (int i = 0; i < 100000; ++i) quadratic += "&big;";
    quadratic += "</description></channel></rss>";

    for (const std::string* doc : {&laughs, &quadratic}) {
        auto start = std::chrono::steady_clock::now();
        auto p = parse_feed(*doc, {});
        CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
        CHECK(p->feed.recovered);
        CHECK(p->arena.bytes_reserved() < (std::size_t{64} << 20));
        CHECK((!p->feed.description || p->feed.description->size() < (std::size_t{16} << 20)));
    }
}

TEST_CASE("External entities and DTDs are never loaded", "[limits]") {
    auto p = parse_feed("<?xml version=\"1.0\"?><!DOCTYPE rss SYSTEM \"file:///etc/passwd\" ["
                        "<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>"
                        "<rss version=\"2.0\"><channel><title>a&secret;b</title></channel></rss>",
                        {});
    CHECK(*p->feed.title == "ab");
    CHECK(has_warning(p->feed, "was not loaded"));
}

TEST_CASE("NUL bytes and invalid UTF-8 are replaced, with a warning", "[limits]") {
    std::string doc = "<rss version=\"2.0\"><channel><title>a";
    doc += '\0';
    doc += "b\xFF\xFE c\xC3\xA9</title></channel></rss>";
    auto p = parse_feed(doc, {});
    REQUIRE(p->feed.title);
    CHECK(p->feed.title->find("\xEF\xBF\xBD") != std::string_view::npos);  // U+FFFD for the NUL
    CHECK(p->feed.title->find("c\xC3\xA9") != std::string_view::npos);
    CHECK(p->feed.recovered);
    CHECK_FALSE(p->feed.warnings.empty());
}
