// Atom 0.3 and 1.0: text constructs, links, people, xml:base.
#include <catch2/catch.hpp>

#include "feeds/xml/parse.hpp"

using namespace clipfeed;

namespace {

std::unique_ptr<ParsedFeed> atom_entry(std::string_view entry_body) {
    return parse_feed("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>F</title><entry>" + std::string(entry_body) +
                          "</entry></feed>",
                      {});
}

const Item& only_item(const ParsedFeed& p) {
    REQUIRE(p.feed.items.size() == 1);
    return p.feed.items[0];
}

}  // namespace

TEST_CASE("Atom text constructs: text is plain, html is one level unescaped, xhtml is inner markup", "[parse][atom]") {
    auto p = atom_entry("<title type=\"text\">History of the &lt;blink&gt; tag</title>"
                        "<summary type=\"html\">AT&amp;amp;T &lt;b&gt;bold&lt;/b&gt;</summary>"
                        "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">A <b>bold</b> "
                        "<i>move</i> &amp; more</div></content>");
    const Item& item = only_item(*p);
    CHECK(item.title == std::string_view("History of the <blink> tag"));
    CHECK(item.summary == std::string_view("AT&amp;T <b>bold</b>"));
    CHECK(item.summary_kind == TextKind::html);
    CHECK(item.content == std::string_view("A <b>bold</b> <i>move</i> &amp; more"));
    CHECK(item.content_kind == TextKind::xhtml);
    CHECK_FALSE(p->feed.recovered);
}

TEST_CASE("Atom 0.3 content in base64 mode is decoded, escaped mode read as HTML", "[parse][atom]") {
    auto p = parse_feed("<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><entry>"
                        "<content type=\"text/html\" mode=\"base64\">PHA+SGVsbG88L3A+</content>"
                        "<summary type=\"text/html\" mode=\"escaped\">&lt;i&gt;hi&lt;/i&gt;</summary>"
                        "<title type=\"\">evil</title></entry></feed>",
                        {});
    CHECK(p->feed.version == "atom03");
    const Item& item = only_item(*p);
    CHECK(item.content == std::string_view("<p>Hello</p>"));
    CHECK(item.summary == std::string_view("<i>hi</i>"));
    CHECK(item.title == std::string_view("evil"));  // type="" asks for base64, but "evil" is not
}

TEST_CASE("Atom links: alternate is the link, self the feed URL, enclosure an enclosure, others ignored",
          "[parse][atom]") {
    auto p = parse_feed("<feed xmlns=\"http://www.w3.org/2005/Atom\">"
                        "<link rel=\"self\" href=\"https://a.example/feed\"/><link href=\"https://a.example/\"/>"
                        "<entry><link rel=\"related\" href=\"https://b.example/\"/>"
                        "<link rel=\"alternate\" type=\"application/pdf\" href=\"https://a.example/1.pdf\"/>"
                        "<link rel=\"alternate\" type=\"text/html\" href=\"https://a.example/1\"/>"
                        "<link rel=\"enclosure\" type=\"audio/mpeg\" length=\"12\" href=\"https://a.example/1.mp3\"/>"
                        "</entry></feed>",
                        {});
    CHECK(p->feed.feed_url == std::string_view("https://a.example/feed"));
    CHECK(p->feed.link == std::string_view("https://a.example/"));
    const Item& item = only_item(*p);
    CHECK(item.link == std::string_view("https://a.example/1"));
    REQUIRE(item.enclosures.size() == 1);
    CHECK(item.enclosures[0].url == "https://a.example/1.mp3");
    CHECK(item.enclosures[0].type == std::string_view("audio/mpeg"));
    CHECK(item.enclosures[0].length == 12);
}

TEST_CASE("Atom people have name, email and uri, each author element is one person", "[parse][atom]") {
    auto p = atom_entry("<author><name>One</name><email>one@x.example</email></author>"
                        "<author><name>Two</name><uri>https://two.example/</uri></author><author/>");
    const Item& item = only_item(*p);
    REQUIRE(item.authors.size() == 2);
    CHECK(item.authors[0].email == std::string_view("one@x.example"));
    CHECK_FALSE(item.authors[0].uri);
    CHECK(item.authors[1].uri == std::string_view("https://two.example/"));
}

TEST_CASE("xml:base nests: each level resolves against the one outside it", "[parse][atom]") {
    auto p = parse_feed("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://s.example/a/\">"
                        "<entry xml:base=\"b/\"><link href=\"c\"/><id>d</id>"
                        "<content type=\"html\" xml:base=\"/root/\">&lt;img src=\"e.png\"&gt;</content></entry></feed>",
                        {});
    const Item& item = only_item(*p);
    CHECK(item.link == std::string_view("https://s.example/a/b/c"));
    CHECK(item.id == std::string_view("https://s.example/a/b/d"));
    CHECK(item.content == std::string_view("<img src=\"https://s.example/root/e.png\" />"));
}

TEST_CASE("An Atom entry document is one item with no feed data", "[parse][atom]") {
    auto p = parse_feed("<entry xmlns=\"http://www.w3.org/2005/Atom\"><id>urn:x:1</id><title>Solo</title></entry>", {});
    CHECK(p->feed.format == FeedFormat::atom);
    CHECK(p->feed.version == "atom10");
    CHECK_FALSE(p->feed.title);
    CHECK(only_item(*p).title == std::string_view("Solo"));
}

TEST_CASE("The entry's own id wins over one nested deeper, wherever it stands", "[parse][atom]") {
    auto p = parse_feed("<feed xmlns=\"http://www.w3.org/2005/Atom\">"
                        "<entry><id>right</id><source><id>wrong</id></source></entry>"
                        "<entry><foo><id>wrong</id></foo><id>right</id></entry></feed>",
                        {});
    REQUIRE(p->feed.items.size() == 2);
    CHECK(p->feed.items[0].id == std::string_view("right"));
    CHECK(p->feed.items[1].id == std::string_view("right"));
}
