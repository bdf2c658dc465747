// Broken XML: every item that can be read comes out whole, and the feed says
// it was recovered.
#include <catch2/catch.hpp>

#include <string>

#include "feeds/xml/parse.hpp"

using namespace clipfeed;

namespace {

std::string item_xml(int i, const std::string& title) {
    return "<item><title>" + title + "</title><link>https://news.example.com/" + std::to_string(i) +
           "</link><guid isPermaLink=\"false\">id-" + std::to_string(i) +
           "</guid><description><![CDATA[<p>Body &amp; text " + std::to_string(i) +
           "</p>]]></description></item>\n";
}

std::string feed_with(const std::vector<std::string>& items, bool close = true) {
    std::string doc = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>"
                      "<title>Broken &amp; fixed</title><link>https://news.example.com/</link>\n";
    for (const std::string& item : items) doc += item;
    if (close) doc += "</channel></rss>\n";
    return doc;
}

void require_intact(const Item& item, int i) {
    INFO("item " << i);
    REQUIRE(item.title);
    CHECK(*item.title == "Item " + std::to_string(i));
    REQUIRE(item.link);
    CHECK(*item.link == "https://news.example.com/" + std::to_string(i));
    REQUIRE(item.id);
    CHECK(*item.id == "id-" + std::to_string(i));
    REQUIRE(item.summary);
    CHECK(*item.summary == "<p>Body &amp; text " + std::to_string(i) + "</p>");
}

}  // namespace

TEST_CASE("A bare '<' in one item leaves every other item whole", "[parse][recovery]") {
    std::vector<std::string> items;
    for (int i = 0; i < 50; ++i) items.push_back(item_xml(i, i == 17 ? "Item 17 < 18" : "Item " + std::to_string(i)));
    auto parsed = parse_feed(feed_with(items), {});
    const Feed& feed = parsed->feed;
    CHECK(feed.recovered);
    REQUIRE(feed.items.size() == 50);
    for (int i = 0; i < 50; ++i)
        if (i != 17) require_intact(feed.items[static_cast<std::size_t>(i)], i);
    // The repaired item keeps its text too: the '<' was escaped, not dropped.
    CHECK(*feed.items[17].title == "Item 17 < 18");
    CHECK(feed.title == std::string_view("Broken & fixed"));
    CHECK_FALSE(feed.warnings.empty());
}

TEST_CASE("A bare '&' in one item is kept as text and the feed is flagged", "[parse][recovery]") {
    std::vector<std::string> items;
    for (int i = 0; i < 10; ++i) items.push_back(item_xml(i, i == 3 ? "Item 3 & friends" : "Item " + std::to_string(i)));
    auto parsed = parse_feed(feed_with(items), {});
    CHECK(parsed->feed.recovered);
    REQUIRE(parsed->feed.items.size() == 10);
    CHECK(*parsed->feed.items[3].title == "Item 3 & friends");
    for (int i = 0; i < 10; ++i)
        if (i != 3) require_intact(parsed->feed.items[static_cast<std::size_t>(i)], i);
}

TEST_CASE("A feed cut off mid-item keeps every earlier item and the channel", "[parse][recovery]") {
    std::vector<std::string> items;
    for (int i = 0; i < 20; ++i) items.push_back(item_xml(i, "Item " + std::to_string(i)));
    std::string doc = feed_with(items, false);
    doc += "<item><title>Item 20</title><link>https://news.exa";  // the connection dropped here
    auto parsed = parse_feed(doc, {});
    const Feed& feed = parsed->feed;
    CHECK(feed.recovered);
    CHECK(feed.format == FeedFormat::rss);
    CHECK(feed.title == std::string_view("Broken & fixed"));
    REQUIRE(feed.items.size() >= 20);
    for (int i = 0; i < 20; ++i) require_intact(feed.items[static_cast<std::size_t>(i)], i);
    bool mentions_cut = false;
    for (const std::string& w : feed.warnings) mentions_cut |= w.find("cut off") != std::string::npos;
    CHECK(mentions_cut);
}

TEST_CASE("Mismatched tags inside one item cost that item only", "[parse][recovery]") {
    std::vector<std::string> items;
    for (int i = 0; i < 12; ++i) items.push_back(item_xml(i, "Item " + std::to_string(i)));
    items[5] = "<item><title>Item 5</title><link>https://news.example.com/5</link><guid>id-5</guid>"
               "<description><b>bold</i></description></item>\n";
    auto parsed = parse_feed(feed_with(items), {});
    const Feed& feed = parsed->feed;
    CHECK(feed.recovered);
    REQUIRE(feed.items.size() == 12);
    for (int i = 0; i < 12; ++i)
        if (i != 5) require_intact(feed.items[static_cast<std::size_t>(i)], i);
    CHECK(*feed.items[5].title == "Item 5");
    CHECK(*feed.items[5].link == "https://news.example.com/5");
}

TEST_CASE("Markup that looks like an item inside CDATA is not split off", "[parse][recovery]") {
    std::string doc = "<rss version=\"2.0\"><channel><title>T</title>"
                      "<item><title>One</title><description><![CDATA[ <item>not an item</item> ]]></description></item>"
                      "<item><title>Two & three</title></item>"
                      "</channel></rss>";
    auto parsed = parse_feed(doc, {});
    REQUIRE(parsed->feed.items.size() == 2);
    // (The sanitizer drops the unknown <item> tags inside the HTML, keeping their text.)
    CHECK(*parsed->feed.items[0].summary == "not an item");
    CHECK(*parsed->feed.items[1].title == "Two & three");
}

TEST_CASE("A document that is not XML at all gives no format, no items and a warning", "[parse][recovery]") {
    for (const char* text : {"", "   ", "just some words", "<html><body><p>a web page</p></body></html>",
                             "<<<>>>&&&"}) {
        INFO(text);
        auto parsed = parse_feed(text, {});
        CHECK(parsed->feed.format == FeedFormat::unknown);
        CHECK(parsed->feed.items.empty());
        CHECK(parsed->feed.recovered);
        CHECK_FALSE(parsed->feed.warnings.empty());
    }
}

TEST_CASE("An Atom feed with a broken entry keeps its other entries", "[parse][recovery]") {
    std::string doc = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title>";
    for (int i = 0; i < 8; ++i) {
        doc += "<entry><title>Entry " + std::to_string(i) + "</title><id>urn:e:" + std::to_string(i) + "</id>";
        if (i == 2) doc += "<summary>a <<< b</summary>";
        doc += "</entry>";
    }
    doc += "</feed>";
    auto parsed = parse_feed(doc, {});
    REQUIRE(parsed->feed.items.size() == 8);
    for (int i = 0; i < 8; ++i) CHECK(*parsed->feed.items[static_cast<std::size_t>(i)].id == "urn:e:" + std::to_string(i));
    CHECK(parsed->feed.recovered);
    CHECK(parsed->feed.format == FeedFormat::atom);
}
