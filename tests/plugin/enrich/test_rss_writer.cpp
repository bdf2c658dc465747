#include <catch2/catch.hpp>

#include <libxml/parser.h>
#include <pugixml.hpp>

#include <utf8proc.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>
#include <fstream>
#include <iterator>
#include <set>

#include "feeds/text/dates.hpp"
#include "feeds/xml/parse.hpp"
#include "plugin/enrich/rss_writer.hpp"
#include "plugin/clipping/clipping.hpp"
#include "plugin/enrich/enrich.hpp"

using namespace clipfeed;

namespace {

// Well-formed by libxml2's strict reading (no recovery): it rejects what XML
// 1.0 forbids, control characters and bad UTF-8 included.
bool well_formed(const std::string& xml) {
    xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "rss.xml", nullptr,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlFreeDoc(doc);
    return doc != nullptr;
}

std::string read_fixture(const std::string& name) {
    std::ifstream in(std::string(CLIPFEED_FIXTURES_DIR) + "/rss_writer/" + name, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::unique_ptr<ParsedFeed> parse(std::string_view bytes, std::string_view url) {
    ParseContext context;
    context.url = url;
    context.enrich = add_clippings;
    return parse_feed(bytes, context);
}

// The text of every CDATA section and text node of the first `name` element
// in the first item, joined: what an XML parser hands a reader.
std::string first_item_element_text(const std::string& xml, const char* name) {
    pugi::xml_document doc;
    REQUIRE(doc.load_string(xml.c_str()));
    std::string out;
    for (pugi::xml_node child : doc.child("rss").child("channel").child("item").child(name).children())
        out += child.value();
    return out;
}

std::vector<std::string> guids_of(const std::string& xml) {
    pugi::xml_document doc;
    REQUIRE(doc.load_string(xml.c_str()));
    std::vector<std::string> out;
    for (pugi::xml_node item : doc.child("rss").child("channel").children("item")) {
        CHECK(std::string(item.child("guid").attribute("isPermaLink").value()) == "false");
        out.push_back(item.child("guid").text().get());
    }
    return out;
}

Feed one_item_feed(const Item& item) {
    Feed feed;
    feed.format = FeedFormat::rss;
    feed.title = std::string_view("T");
    feed.items.push_back(item);
    return feed;
}

void check_same_clipping(const Clipping& a, const Clipping& b) {
    REQUIRE(a.quotes.size() == b.quotes.size());
    for (std::size_t i = 0; i < a.quotes.size(); ++i) {
        CHECK(a.quotes[i].text == b.quotes[i].text);
        CHECK(a.quotes[i].label == b.quotes[i].label);
    }
    CHECK(a.summary == b.summary);
    CHECK(a.tags == b.tags);
    CHECK(a.source == b.source);
    CHECK(a.source_url == b.source_url);
    CHECK(a.read_time_minutes == b.read_time_minutes);
}

}  // namespace

TEST_CASE("Markup characters in every value are escaped and read back unchanged", "[rss-writer]") {
    Item item;
    item.title = std::string_view("Fish & chips <cheap> \"now\" 'here'");
    item.link = std::string_view("http://example.com/a?x=1&y=<2>");
    item.summary = std::string_view("<p>Tom &amp; Jerry</p>");
    item.summary_kind = TextKind::html;
    item.categories = {"R&D", "<b>"};
    item.enclosures.push_back({"http://example.com/a.mp3?x=1&y=\"2\"", std::string_view("audio/mpeg"), 7});
    Feed feed = one_item_feed(item);
    feed.title = std::string_view("A & B");

    const std::string xml = write_rss(feed, {"http://example.com/feed?a=1&b=2", true, true});
    REQUIRE(well_formed(xml));
    auto back = parse(xml, "http://example.com/feed?a=1&b=2");
    REQUIRE(back->feed.format == FeedFormat::rss);
    CHECK_FALSE(back->feed.recovered);
    CHECK(back->feed.title == std::string_view("A & B"));
    const Item& read = back->feed.items.at(0);
    CHECK(read.title == item.title);
    CHECK(read.link == item.link);
    CHECK(read.summary == item.summary);
    CHECK(read.categories == item.categories);
    REQUIRE(read.enclosures.size() == 1);
    CHECK(read.enclosures[0].url == item.enclosures[0].url);
    CHECK(read.enclosures[0].length == std::optional<std::int64_t>(7));
}

TEST_CASE("Content holding the CDATA end marker is split across CDATA sections and reads back whole", "[rss-writer]") {
    Item item;
    item.title = std::string_view("cdata");
    item.content = std::string_view("<p>a]]>b ]]]]> c]]></p>]]>");
    item.content_kind = TextKind::html;
    const std::string xml = write_rss(one_item_feed(item), {});
    REQUIRE(well_formed(xml));
    // No CDATA section holds "]]>": each one ends at the first.
    const std::string encoded = xml.substr(xml.find("<content:encoded>"));
    CHECK(encoded.find("<![CDATA[<p>a]]]]><![CDATA[>b") != std::string::npos);
    CHECK(first_item_element_text(xml, "content:encoded") == *item.content);
}

TEST_CASE("Characters XML cannot carry are dropped and bytes that are not UTF-8 become U+FFFD", "[rss-writer]") {
    CHECK(xml_safe("a\x01" "b\x1F" "c\td\ne\rf") == "abc\td\ne\rf");
    CHECK(xml_safe("caf\xC3\xA9 \xE2\x80\x9Cok\xE2\x80\x9D") == "caf\xC3\xA9 \xE2\x80\x9Cok\xE2\x80\x9D");
    CHECK(xml_safe("x\xFFy") == "x\xEF\xBF\xBDy");
    CHECK(xml_safe("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a UTF-8-encoded surrogate
    CHECK(xml_safe("\xEF\xBF\xBE|\xEF\xBF\xBF") == "|");                            // U+FFFE, U+FFFF

    Item item;
    item.title = std::string_view("bell\x07 title");
    const std::string content = std::string("<p>nul") + '\0' + "-in-content and \x0B vertical tab</p>";
    item.content = std::string_view(content);
    item.content_kind = TextKind::html;
    const std::string xml = write_rss(one_item_feed(item), {"http://example.com/\x01" "feed", true, true});
    CHECK(well_formed(xml));
    CHECK(first_item_element_text(xml, "content:encoded") == "<p>nul-in-content and  vertical tab</p>");
}

TEST_CASE("Guids are the feed URL and the item's id, else its link, else a hash of its text", "[rss-writer]") {
    auto back = parse(read_fixture("mixed.atom"), "https://desk.example.net/feed.atom");
    const std::vector<std::string> guids = item_guids(back->feed, "https://desk.example.net/feed.atom");
    REQUIRE(guids.size() == 6);
    CHECK(guids[0] == "https://desk.example.net/feed.atom#urn:example:clip:ferry");
    CHECK(guids[3] == "https://desk.example.net/feed.atom#urn:example:tides");
    CHECK(guids[4] == "https://desk.example.net/feed.atom#urn:example:tides#2");  // the id repeats
    CHECK(guids[5].rfind("https://desk.example.net/feed.atom#hash:", 0) == 0);

    Item by_link;
    by_link.link = std::string_view("https://desk.example.net/c/x");
    CHECK(item_guids(one_item_feed(by_link), "F")[0] == "F#https://desk.example.net/c/x");
    CHECK(item_guids(one_item_feed(by_link), "")[0] == "https://desk.example.net/c/x");
}

TEST_CASE("Guids are unique within a feed, stable across writes and differ between feeds", "[rss-writer]") {
    Feed feed;
    feed.format = FeedFormat::rss;
    for (int i = 0; i < 3; ++i) {  // three items with nothing to tell them apart
        Item item;
        item.title = std::string_view("same");
        feed.items.push_back(item);
    }
    Item with_id;
    with_id.id = std::string_view("hash:x");
    feed.items.push_back(with_id);

    const std::string first = write_rss(feed, {"http://a.example/feed", true, true});
    const std::vector<std::string> guids = guids_of(first);
    CHECK(std::set<std::string>(guids.begin(), guids.end()).size() == guids.size());
    CHECK(guids_of(write_rss(feed, {"http://a.example/feed", true, true})) == guids);

    // Written again after a round trip through the parser: the same guids.
    auto back = parse(read_fixture("mixed.atom"), "https://desk.example.net/feed.atom");
    const std::string once = write_rss(back->feed, {"https://desk.example.net/feed.atom", true, true});
    auto again = parse(read_fixture("mixed.atom"), "https://desk.example.net/feed.atom");
    CHECK(guids_of(write_rss(again->feed, {"https://desk.example.net/feed.atom", true, true})) == guids_of(once));

    // newsboat keys items by guid alone: the same items in another feed get other guids.
    const std::vector<std::string> elsewhere = guids_of(write_rss(feed, {"http://b.example/feed", true, true}));
    for (const std::string& guid : elsewhere) CHECK(std::find(guids.begin(), guids.end(), guid) == guids.end());
}

TEST_CASE("Without a feed URL the guids and self link come from the feed's own links", "[rss-writer]") {
    auto back = parse(read_fixture("mixed.atom"), "");
    const std::string xml = write_rss(back->feed, {});
    CHECK(guids_of(xml).at(0) == "https://desk.example.net/#urn:example:clip:ferry");
    CHECK(xml.find("<atom:link rel=\"self\" href=\"https://desk.example.net/\"") != std::string::npos);
}

TEST_CASE("A clipping is rendered as labelled blockquotes, summary, #tags, source link and read time",
          "[rss-writer]") {
    Clipping clipping;
    clipping.quotes.push_back({"First passage & more.", std::nullopt});
    clipping.quotes.push_back({"Why it matters: <b> is not markup here.", std::string_view("Why it matters")});
    clipping.summary = std::string_view("One paragraph.\n\nAnother one.");
    clipping.tags = {"alpha", "beta-2"};
    clipping.source = std::string_view("The Daily Example");
    clipping.source_url = std::string_view("https://news.example.com/story?a=1&b=2");
    clipping.read_time_minutes = 4;

    const std::string html = clipping_to_html(clipping);
    CHECK(html ==
          "<blockquote>First passage &amp; more.</blockquote>\n"
          "<blockquote><strong>Why it matters:</strong> &lt;b&gt; is not markup here.</blockquote>\n"
          "<p>One paragraph.</p>\n"
          "<p>Another one.</p>\n"
          "<p>#alpha #beta-2</p>\n"
          "<p>Read at <a href=\"https://news.example.com/story?a=1&amp;b=2\">The Daily Example</a></p>\n"
          "<p>4 min read</p>\n");

    Arena arena;
    auto read_back = extract_clipping(html, ContentKind::html, "", arena);
    REQUIRE(read_back);
    check_same_clipping(*read_back, clipping);
}

TEST_CASE("A rendered clipping reads back the same even in its awkward cases", "[rss-writer]") {
    Arena arena;
    SECTION("a quote that itself starts and ends with quote marks keeps them") {
        Clipping clipping;
        clipping.quotes.push_back({"\"Yes,\" she said, \"and no.\"", std::nullopt});
        clipping.source = std::string_view("Example");
        auto back = extract_clipping(clipping_to_html(clipping), ContentKind::html, "", arena);
        REQUIRE(back);
        check_same_clipping(*back, clipping);
    }
    SECTION("tags that are no hashtags are written as a Tags: line") {
        Clipping clipping;
        clipping.quotes.push_back({"A passage.", std::nullopt});
        clipping.tags = {"new york", "transit"};
        const std::string html = clipping_to_html(clipping);
        CHECK(html.find("<p>Tags: new york, transit</p>") != std::string::npos);
        auto back = extract_clipping(html, ContentKind::html, "", arena);
        REQUIRE(back);
        check_same_clipping(*back, clipping);
    }
    SECTION("a clipping without source or read time ends with a footer line, so what follows is not read into it") {
        Clipping clipping;
        clipping.quotes.push_back({"Only a passage.", std::nullopt});
        clipping.tags = {"solo"};
        const std::string html = clipping_to_html(clipping) + "<hr>\n<blockquote>Only a passage.</blockquote>\n"
                                                              "<p>Leftover prose.</p>";
        auto back = extract_clipping(html, ContentKind::html, "", arena);
        REQUIRE(back);
        check_same_clipping(*back, clipping);
    }
}

TEST_CASE("Round trip: the enriched feed parses back with its items, categories and clippings", "[rss-writer]") {
    const std::string url = "https://desk.example.net/feed.atom";
    auto original = parse(read_fixture("mixed.atom"), url);
    const Feed& before = original->feed;
    const std::string xml = write_rss(before, {url, true, true});
    REQUIRE(well_formed(xml));
    auto back = parse(xml, url);
    const Feed& after = back->feed;
    CHECK(after.format == FeedFormat::rss);
    CHECK(after.version == "rss20");
    CHECK_FALSE(after.recovered);
    CHECK(after.title == before.title);
    CHECK(after.link == before.link);
    CHECK(after.feed_url == std::optional<std::string_view>(url));
    CHECK(after.updated == before.updated);
    REQUIRE(after.items.size() == before.items.size());

    for (std::size_t i = 0; i < before.items.size(); ++i) {
        INFO("item " << i);
        const Item& a = before.items[i];
        const Item& b = after.items[i];
        CHECK(b.title == a.title);
        CHECK(b.link == a.link);
        CHECK(b.published == (a.published ? a.published : a.updated));
        CHECK((b.clipping() != nullptr) == (a.clipping() != nullptr));
        if (a.clipping() && b.clipping()) check_same_clipping(*b.clipping(), *a.clipping());
    }

    const Item& ferry = after.items[0];
    CHECK(ferry.updated == before.items[0].updated);
    // The item's own categories, then the clipping's tags not already there ("Ferries" is).
    CHECK(ferry.categories == std::vector<std::string_view>{"transport", "Ferries", "harbour-board"});
    REQUIRE(ferry.authors.size() == 1);
    CHECK(ferry.authors[0].name == std::string_view("Mira Holm"));
    CHECK(ferry.authors[0].email == std::string_view("mira@desk.example.net"));
    // The feed gave only content (the model's summary is that content): written once, as content:encoded.
    CHECK(first_item_element_text(xml, "description").empty());
    REQUIRE(ferry.enclosures.size() == 1);
    CHECK(ferry.enclosures[0].url == "https://desk.example.net/audio/ferry.mp3");
    CHECK(ferry.enclosures[0].type == std::string_view("audio/mpeg"));
    CHECK(ferry.enclosures[0].length == std::optional<std::int64_t>(123456));
    // The rendering comes first, then the original content.
    const std::string_view content = ferry.content.value_or("");
    const std::size_t rendered = content.find("<strong>What's next:</strong>");
    const std::size_t as_written = content.find("\u201CFrom April the morning ferry");
    CHECK(rendered != std::string_view::npos);
    CHECK(as_written != std::string_view::npos);
    CHECK(rendered < as_written);
    CHECK(content.find("<a href=\"https://desk.example.net/out/ferry-story\">The Harbour Gazette</a>") !=
          std::string_view::npos);

    // The plain-text clipping has no footer of its own: still read once, not twice.
    REQUIRE(after.items[1].clipping());
    CHECK(after.items[1].clipping()->quotes.size() == 2);
    CHECK(after.items[1].categories == std::vector<std::string_view>{"lighthouse", "heritage"});
}

TEST_CASE("Items without a clipping are written as they came, apart from the guid", "[rss-writer]") {
    const std::string url = "https://desk.example.net/feed.atom";
    auto original = parse(read_fixture("mixed.atom"), url);
    const std::string xml = write_rss(original->feed, {url, true, true});
    auto back = parse(xml, url);
    for (std::size_t i = 2; i < original->feed.items.size(); ++i) {
        INFO("item " << i);
        const Item& a = original->feed.items[i];
        const Item& b = back->feed.items.at(i);
        REQUIRE_FALSE(a.clipping());
        CHECK(b.summary == a.summary);
        CHECK(b.content == a.content);
        CHECK(b.categories == a.categories);
        CHECK(b.title == a.title);
    }
    CHECK(back->feed.items[2].summary == std::string_view("<p>The webcam on the <em>east mole</em> works again.</p>"));
}

TEST_CASE("Plain mode renders no clipping and keeps only the item's own categories", "[rss-writer]") {
    const std::string url = "https://desk.example.net/feed.atom";
    auto original = parse(read_fixture("mixed.atom"), url);
    const std::string xml = write_rss(original->feed, {url, false, false});
    REQUIRE(well_formed(xml));
    CHECK(xml.find("<channel><title>Harbour desk clippings</title><link>") != std::string::npos);  // compact
    CHECK(xml.find("\n  <item>") == std::string::npos);
    auto back = parse(xml, url);
    const Item& ferry = back->feed.items.at(0);
    CHECK(ferry.categories == std::vector<std::string_view>{"transport", "Ferries"});
    CHECK(ferry.content == original->feed.items[0].content);
    REQUIRE(ferry.clipping());  // the original content still holds it
    check_same_clipping(*ferry.clipping(), *original->feed.items[0].clipping());
}

TEST_CASE("Plain text is written as HTML paragraphs and line breaks", "[rss-writer]") {
    CHECK(text_to_html("one\ntwo & <three>\r\n\r\nfour\rfive\n\n\n") ==
          "<p>one<br>\ntwo &amp; &lt;three&gt;</p>\n<p>four<br>\nfive</p>\n");
    // A single line needs no paragraph around it.
    CHECK(text_to_html("Fish & chips") == "Fish &amp; chips");
    CHECK(text_to_html("") == "");
}

TEST_CASE("Dates are written as RFC 822 in UTC and read back to the same second", "[rss-writer]") {
    CHECK(format_rfc822(0) == "Thu, 01 Jan 1970 00:00:00 +0000");
    CHECK(format_rfc822(1700000000) == "Tue, 14 Nov 2023 22:13:20 +0000");
    CHECK(format_rfc822(-1) == "Wed, 31 Dec 1969 23:59:59 +0000");
    CHECK(format_rfc822(951782400) == "Tue, 29 Feb 2000 00:00:00 +0000");
    for (std::int64_t t : {0LL, 1700000000LL, -86401LL, 951782400LL, 4102444799LL})
        CHECK(parse_date(format_rfc822(t)) == std::optional<std::int64_t>(t));
}

namespace {

// Keeps every piece a writer hands over; refuses the piece after `accept` of them.
struct PieceSink : OutputSink {
    std::vector<std::string> pieces;
    std::size_t accept = SIZE_MAX;
    bool write(const char* data, std::size_t size) override {
        if (pieces.size() == accept) return false;
        pieces.emplace_back(data, size);
        return true;
    }
    std::string joined() const {
        std::string out;
        for (const std::string& p : pieces) out += p;
        return out;
    }
};

std::string many_items_feed(int items) {
    std::string xml = "<rss version=\"2.0\"><channel><title>Many</title><link>https://many.example.org/</link>";
    for (int i = 0; i < items; ++i)
        xml += "<item><title>Item " + std::to_string(i) + "</title><link>https://many.example.org/" +
               std::to_string(i) + "</link><description>&lt;p&gt;Paragraph " + std::to_string(i) +
               " of a longer text about rivers, harbours and the ferries between them.&lt;/p&gt;</description>"
               "<category>rivers</category></item>";
    return xml + "</channel></rss>";
}

}  // namespace

TEST_CASE("The streamed RSS is the document write_rss returns, handed over in pieces", "[rss-writer]") {
    auto parsed = parse(many_items_feed(2000), "https://many.example.org/feed.xml");
    for (bool indent : {true, false}) {
        RssWriteOptions options;
        options.indent = indent;
        const std::string whole = write_rss(parsed->feed, options);
        PieceSink sink;
        REQUIRE(write_rss(parsed->feed, options, sink));
        CHECK(sink.joined() == whole);
        CHECK(sink.pieces.size() >= 3);
        for (std::size_t i = 0; i + 1 < sink.pieces.size(); ++i) CHECK(sink.pieces[i].size() >= kOutputChunkBytes);
        CHECK(well_formed(whole));
    }
}

TEST_CASE("A sink that refuses a piece stops the RSS writer", "[rss-writer]") {
    auto parsed = parse(many_items_feed(2000), "https://many.example.org/feed.xml");
    PieceSink sink;
    sink.accept = 1;
    CHECK_FALSE(write_rss(parsed->feed, RssWriteOptions{}, sink));
    CHECK(sink.pieces.size() == 1);
}

TEST_CASE("A feed without items streams as the channel alone", "[rss-writer]") {
    auto parsed = parse("<rss version=\"2.0\"><channel><title>Empty</title></channel></rss>", "");
    PieceSink sink;
    REQUIRE(write_rss(parsed->feed, RssWriteOptions{}, sink));
    CHECK(sink.joined() == write_rss(parsed->feed, RssWriteOptions{}));
    CHECK(sink.joined().find("<generator>clipfeed</generator>") != std::string::npos);
    const std::string closing = "  </channel>\n</rss>\n";
    CHECK(sink.joined().substr(sink.joined().size() - closing.size()) == closing);
}

namespace {

// 4,000 texts of up to 24 of `pieces`, chosen by a generator seeded with
// `seed`: long enough for the writers' 16-byte blocks, with what stops a block
// at every offset within one.
std::vector<std::string> random_texts(const std::vector<std::string>& pieces, unsigned seed) {
    std::mt19937 random(seed);
    std::vector<std::string> texts(4000);
    for (std::string& text : texts) {
        const int count = static_cast<int>(random() % 24);
        for (int i = 0; i < count; ++i) text += pieces[random() % pieces.size()];
    }
    return texts;
}

}  // namespace

TEST_CASE("xml_safe keeps exactly what a code point at a time would keep", "[rss_writer]") {
    // The reference: one UTF-8 sequence at a time, as the XML 1.0 Char production says.
    auto reference = [](const std::string& text) {
        std::string out;
        for (std::size_t pos = 0; pos < text.size();) {
            utf8proc_int32_t cp = 0;
            const auto length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                                                 static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
            if (length <= 0) {
                out += "\xEF\xBF\xBD";
                ++pos;
                continue;
            }
            const bool allowed = cp >= 0x20 ? cp != 0xFFFE && cp != 0xFFFF : cp == '\t' || cp == '\n' || cp == '\r';
            if (allowed) out.append(text, pos, static_cast<std::size_t>(length));
            pos += static_cast<std::size_t>(length);
        }
        return out;
    };
    const std::vector<std::string> pieces = {"plain text ", "\t", "\n", "\r", "\x01", "\x1F", "\x7F", "caf\xC3\xA9",
                                             "\xE2\x80\x9C", "\xF0\x9F\x93\xB0", "\xFF", "\xC3", "\xED\xA0\x80",
                                             "\xEF\xBF\xBE", "\xEF\xBF\xBF", "\xC2\x85", "\xC0\xAF", "<&>",
                                             "a longer run of prose, more than one block long "};
    for (const std::string& text : random_texts(pieces, 1206)) {
        INFO("text: " << text);
        CHECK(xml_safe(text) == reference(text));
    }
}

TEST_CASE("Text is HTML-escaped exactly as a byte at a time would escape it", "[rss_writer]") {
    auto reference = [](const std::string& text) {
        std::string out;
        for (char c : text) {
            if (c == '&') out += "&amp;";
            else if (c == '<') out += "&lt;";
            else if (c == '>') out += "&gt;";
            else if (c == '"') out += "&quot;";
            else out += c;
        }
        return out;
    };
    const std::vector<std::string> pieces = {"plain text ", "&", "<", ">", "\"", "'", "caf\xC3\xA9", "\xFF", "\t",
                                             "a longer run of prose, more than one block long "};
    for (const std::string& text : random_texts(pieces, 1207)) {
        INFO("text: " << text);
        CHECK(text_to_html(text) == reference(text));  // one line: escaped, no <p>
    }
}
