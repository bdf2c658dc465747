// RSS and RDF: how elements map to the model (feedparser's rules).
#include <catch2/catch.hpp>

#include "feeds/memory/huge_pages.hpp"
#include "feeds/xml/parse.hpp"

using namespace clipfeed;

namespace {

std::unique_ptr<ParsedFeed> parse(std::string_view xml, ParseContext context = {}) { return parse_feed(xml, context); }

std::string rss_item(std::string_view body) {
    return "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
           "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
           "xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" "
           "xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><title>C</title><item>" +
           std::string(body) + "</item></channel></rss>";
}

const Item& only_item(const ParsedFeed& p) {
    REQUIRE(p.feed.items.size() == 1);
    return p.feed.items[0];
}

}  // namespace

TEST_CASE("RSS versions map to feedparser's version codes", "[parse]") {
    struct Case {
        const char* doc;
        const char* version;
        FeedFormat format;
    };
    const Case cases[] = {
        {"<rss version=\"2.0\"><channel/></rss>", "rss20", FeedFormat::rss},
        {"<rss version=\"2.0.1\"><channel/></rss>", "rss20", FeedFormat::rss},
        {"<rss version=\"0.91\"><channel/></rss>", "rss091u", FeedFormat::rss},
        {"<rss version=\"0.92\"><channel/></rss>", "rss092", FeedFormat::rss},
        {"<rss version=\"0.93\"><channel/></rss>", "rss093", FeedFormat::rss},
        {"<rss version=\"0.94\"><channel/></rss>", "rss094", FeedFormat::rss},
        {"<rss><channel/></rss>", "rss", FeedFormat::rss},
        {"<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" "
         "\"http://my.netscape.com/publish/formats/rss-0.91.dtd\"><rss version=\"0.91\"><channel/></rss>",
         "rss091n", FeedFormat::rss},
        {"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">"
         "<channel/></rdf:RDF>",
         "rss10", FeedFormat::rdf},
        {"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
         "xmlns=\"http://my.netscape.com/rdf/simple/0.9/\"><channel/></rdf:RDF>",
         "rss090", FeedFormat::rdf},
        {"<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel/></rss>", "rss20", FeedFormat::rss},
    };
    for (const Case& c : cases) {
        INFO(c.doc);
        auto p = parse(c.doc);
        CHECK(p->feed.version == c.version);
        CHECK(p->feed.format == c.format);
        CHECK_FALSE(p->feed.recovered);
    }
}

TEST_CASE("The first title is the item's, image and text-input titles are not the feed's", "[parse]") {
    auto p = parse("<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\"><channel>"
                   "<image><title>Logo</title><url>http://x/logo.png</url></image>"
                   "<title>Real title</title><textInput><title>Search</title></textInput>"
                   "<item><media:title>Media title</media:title><title>Item title</title><title>Second</title></item>"
                   "</channel></rss>");
    CHECK(p->feed.title == std::string_view("Real title"));
    CHECK(p->feed.image == std::string_view("http://x/logo.png"));
    CHECK(only_item(*p).title == std::string_view("Item title"));
}

TEST_CASE("A permalink guid is the id and, without a link, the link", "[parse]") {
    auto p = parse(rss_item("<guid>https://site.example/post/1</guid>"));
    CHECK(only_item(*p).id == std::string_view("https://site.example/post/1"));
    CHECK(only_item(*p).link == std::string_view("https://site.example/post/1"));

    p = parse(rss_item("<guid isPermaLink=\"false\">https://site.example/post/1</guid>"));
    CHECK(only_item(*p).id == std::string_view("https://site.example/post/1"));
    CHECK_FALSE(only_item(*p).link);

    p = parse(rss_item("<link>https://site.example/a</link><guid>https://site.example/b</guid>"));
    CHECK(only_item(*p).link == std::string_view("https://site.example/a"));

    p = parse(rss_item("<guid>urn:uuid:1234</guid>"));  // an id, but not a web page
    CHECK_FALSE(only_item(*p).link);
}

TEST_CASE("Description is the summary, content:encoded the content, either stands in for the other", "[parse]") {
    auto p = parse(rss_item("<description>Short</description><content:encoded><![CDATA[<p>Long</p>]]></content:encoded>"));
    CHECK(only_item(*p).summary == std::string_view("Short"));
    CHECK(only_item(*p).content == std::string_view("<p>Long</p>"));
    CHECK(only_item(*p).content_kind == TextKind::html);

    p = parse(rss_item("<content:encoded>Only content</content:encoded>"));
    CHECK(only_item(*p).summary == std::string_view("Only content"));
    CHECK(only_item(*p).content == std::string_view("Only content"));

    p = parse(rss_item("<itunes:summary>Podcast summary</itunes:summary>"));
    CHECK(only_item(*p).summary == std::string_view("Podcast summary"));
    CHECK_FALSE(only_item(*p).content);
}

TEST_CASE("Authors come from author, dc:creator and itunes:author, email and name are split", "[parse]") {
    auto p = parse(rss_item("<author>jo@news.example (Jo Smith)</author><dc:creator>Ana Ruiz</dc:creator>"
                            "<itunes:author>The Show</itunes:author>"));
    const Item& item = only_item(*p);
    REQUIRE(item.authors.size() == 3);
    CHECK(item.authors[0].name == std::string_view("Jo Smith"));
    CHECK(item.authors[0].email == std::string_view("jo@news.example"));
    CHECK(item.authors[1].name == std::string_view("Ana Ruiz"));
    CHECK_FALSE(item.authors[1].email);
    CHECK(item.authors[2].name == std::string_view("The Show"));
}

TEST_CASE("Categories come from category, dc:subject, media:category and keywords, each once", "[parse]") {
    auto p = parse(rss_item("<category>News</category><dc:subject>Local</dc:subject><category>News</category>"
                            "<media:category>Video</media:category><itunes:keywords>a, b,,c</itunes:keywords>"));
    const auto& cats = only_item(*p).categories;
    REQUIRE(cats.size() == 6);
    CHECK(cats[0] == "News");
    CHECK(cats[1] == "Local");
    CHECK(cats[2] == "Video");
    CHECK(cats[5] == "c");
}

TEST_CASE("Dates: pubDate is published, dc:date and lastBuildDate updated, never copied across", "[parse]") {
    auto p = parse("<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>"
                   "<pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate><lastBuildDate>Tue, 10 Jun 2003 09:41:01 GMT"
                   "</lastBuildDate><item><pubDate>Tue, 03 Jun 2003 09:39:21 GMT</pubDate></item>"
                   "<item><dc:date>2003-06-03T09:39:21+02:00</dc:date></item>"
                   "<item><pubDate>yesterday-ish</pubDate></item></channel></rss>");
    const Feed& f = p->feed;
    CHECK(f.published == 1055217600);
    CHECK(f.updated == 1055238061);
    REQUIRE(f.items.size() == 3);
    CHECK(f.items[0].published == 1054633161);
    CHECK_FALSE(f.items[0].updated);
    CHECK(f.items[1].updated == 1054625961);
    CHECK_FALSE(f.items[1].published);
    CHECK_FALSE(f.items[2].published);
    REQUIRE(f.warnings.size() == 1);
    CHECK(f.warnings[0].find("yesterday-ish") != std::string::npos);
    CHECK_FALSE(f.recovered);  // a bad date is a warning, not a broken document
}

TEST_CASE("Elements of unknown namespaces are ignored even when their local name is known", "[parse]") {
    auto p = parse("<rss version=\"2.0\" xmlns:x=\"http://example.com/other\"><channel><item>"
                   "<x:description>wrong</x:description><description>right</description><x:title>no</x:title>"
                   "</item></channel></rss>");
    CHECK(only_item(*p).summary == std::string_view("right"));
    CHECK_FALSE(only_item(*p).title);
    CHECK_FALSE(p->feed.recovered);
}

TEST_CASE("A prefix the document never declares is read by its usual meaning and flags the feed", "[parse]") {
    auto p = parse("<rss version=\"2.0\"><channel><item><dc:creator>Undeclared</dc:creator></item></channel></rss>");
    REQUIRE(only_item(*p).authors.size() == 1);
    CHECK(only_item(*p).authors[0].name == std::string_view("Undeclared"));
    CHECK(p->feed.recovered);
}

TEST_CASE("HTML entities are decoded and flag the feed, except under the Netscape DTD", "[parse]") {
    auto p = parse("<rss version=\"2.0\"><channel><title>Caf&eacute; &amp; &#8220;bar&#x201D; &nosuch;</title>"
                   "</channel></rss>");
    CHECK(p->feed.title == std::string_view("Caf\xC3\xA9 & \xE2\x80\x9C" "bar\xE2\x80\x9D &nosuch;"));
    CHECK(p->feed.recovered);

    p = parse("<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"rss-0.91.dtd\">"
              "<rss version=\"0.91\"><channel><title>Caf&eacute;</title></channel></rss>");
    CHECK(p->feed.title == std::string_view("Caf\xC3\xA9"));
    CHECK_FALSE(p->feed.recovered);
}

TEST_CASE("Relative links resolve against xml:base, then the document URL, then the feed's link", "[parse]") {
    ParseContext with_url;
    with_url.url = "https://docs.example/feeds/main.xml";
    auto p = parse("<rss version=\"2.0\"><channel><link>/home</link><item><link>posts/1</link></item></channel></rss>",
                   with_url);
    CHECK(p->feed.link == std::string_view("https://docs.example/home"));
    CHECK(only_item(*p).link == std::string_view("https://docs.example/feeds/posts/1"));

    p = parse("<rss version=\"2.0\"><channel><link>https://site.example/blog/</link>"
              "<item><link>posts/1</link><description>&lt;a href=\"/x\"&gt;x&lt;/a&gt;</description></item>"
              "</channel></rss>");
    CHECK(only_item(*p).link == std::string_view("https://site.example/blog/posts/1"));
    CHECK(only_item(*p).summary == std::string_view("<a href=\"https://site.example/x\">x</a>"));

    ParseContext with_location = with_url;
    with_location.content_location = "/moved/feed.xml";
    p = parse("<rss version=\"2.0\"><channel><item><link>a</link></item></channel></rss>", with_location);
    CHECK(only_item(*p).link == std::string_view("https://docs.example/moved/a"));
}

TEST_CASE("HTML is sanitized by default, and kept as written when asked", "[parse]") {
    const std::string doc = rss_item("<description><![CDATA[<p onclick=\"steal()\">Hi<script>alert(1)</script> "
                                     "<a href=\"javascript:x()\">x</a></p>]]></description>");
    auto p = parse(doc);
    CHECK(only_item(*p).summary == std::string_view("<p>Hi <a href=\"\">x</a></p>"));

    ParseContext raw;
    raw.sanitize_html = false;
    p = parse(doc, raw);
    CHECK(only_item(*p).summary ==
          std::string_view("<p onclick=\"steal()\">Hi<script>alert(1)</script> <a href=\"javascript:x()\">x</a></p>"));
}

TEST_CASE("The HTTP charset decides the encoding and the Content-Language the default language", "[parse]") {
    ParseContext http;
    http.from_http = true;
    http.content_type = "application/rss+xml; charset=iso-8859-1";
    http.content_language = "fr";
    auto p = parse("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Cr\xE8me</title>"
                   "</channel></rss>",
                   http);
    CHECK(p->feed.encoding == "iso-8859-1");
    CHECK(p->feed.title == std::string_view("Cr\xC3\xA8me"));
    CHECK(p->feed.language == std::string_view("fr"));
}

TEST_CASE("RSS 1.0 items sit beside the channel and take their id from rdf:about", "[parse]") {
    auto p = parse("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
                   "xmlns=\"http://purl.org/rss/1.0/\"><channel rdf:about=\"http://x/\"><title>T</title></channel>"
                   "<item rdf:about=\"http://x/1\"><title>One</title></item>"
                   "<item rdf:about=\"http://x/2\"><title>Two</title></item></rdf:RDF>");
    REQUIRE(p->feed.items.size() == 2);
    CHECK(p->feed.items[1].id == std::string_view("http://x/2"));
    CHECK(p->feed.title == std::string_view("T"));
}

TEST_CASE("A document of 4 MiB or more keeps its strings in huge-page chunks from the first one", "[parse]") {
    // In 64 KiB heap blocks, a fresh process page-faults every 4 KiB of them;
    // a big document's arena starts with a 2 MiB chunk instead. Here its
    // strings (the sanitized descriptions, longer than the raw ones, so not
    // written over them) fill far less than one chunk.
    release_kept_huge_pages();  // a kept mapping longer than a chunk would be taken whole
    auto document = [](int items) {
        std::string out = "<rss version=\"2.0\"><channel><title>Big</title>";
        const std::string padding(4000, 'p');  // plain text: stays in the document buffer
        for (int i = 0; i < items; ++i)
            out += "<item><guid>" + std::to_string(i) + padding + "</guid><description>&lt;p&gt;Fish " + std::to_string(i) +
                   " &lt;img src=\"f.png\"&gt;&lt;/p&gt;</description></item>";
        return out + "</channel></rss>";
    };
    const std::string big = document(1200);
    REQUIRE(big.size() >= kHugePagesFrom);
    auto p = parse_feed(big, {});
    REQUIRE(p->feed.items.size() == 1200);
    CHECK(p->feed.items[7].summary == std::string_view("<p>Fish 7 <img src=\"f.png\" /></p>"));
    CHECK(p->arena.bytes_reserved() == kHugePageSize);
    // A small document's strings stay in heap blocks.
    auto small = parse_feed(document(10), {});
    REQUIRE(small->feed.items.size() == 10);
    CHECK(small->arena.bytes_reserved() > 0);
    CHECK(small->arena.bytes_reserved() < kHugePageSize);
}

TEST_CASE("Sanitized HTML shorter than the raw text takes its place, longer goes to the arena, both ending in NUL",
          "[parse]") {
    // The C API hands these strings out as char*: each must end where the model says.
    auto p = parse(rss_item(
        "<link>https://river.example/items/1</link>"
        "<description>&lt;p onclick=\"steal()\"&gt;Ferries &lt;b&gt;return&lt;/b&gt;&lt;script&gt;x()&lt;/script&gt;"
        "&lt;/p&gt;</description>"
        "<content:encoded><![CDATA[<p>See <a href=\"/timetable\">the timetable</a> and "
        "<img src=\"map.png\">.</p>]]></content:encoded>"));
    const Item& item = only_item(*p);
    REQUIRE(item.summary);
    CHECK(*item.summary == "<p>Ferries <b>return</b></p>");
    CHECK(item.summary->data()[item.summary->size()] == '\0');
    REQUIRE(item.content);
    CHECK(*item.content == "<p>See <a href=\"/timetable\">the timetable</a> and <img src=\"map.png\" />.</p>");
    CHECK(item.content->data()[item.content->size()] == '\0');
}
