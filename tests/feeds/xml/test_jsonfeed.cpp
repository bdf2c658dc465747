// Tests for JSON Feed reading (feeds/xml/jsonfeed.cpp).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "feeds/text/dates.hpp"
#include "feeds/xml/jsonfeed.hpp"

using namespace clipfeed;

namespace {

struct Result {
    bool ok = false;
    std::unique_ptr<ParsedFeed> parsed = std::make_unique<ParsedFeed>();
    const Feed& feed() const { return parsed->feed; }
};

Result read(std::string_view document, std::string_view url = "") {
    Result result;
    ParseContext context;
    context.url = url;
    result.ok = parse_json_feed(document, context, *result.parsed);
    return result;
}

bool has_warning(const Feed& feed, std::string_view fragment) {
    for (const std::string& warning : feed.warnings) {
        if (warning.find(fragment) != std::string::npos) return true;
    }
    return false;
}

std::string warnings_of(const Feed& feed) {
    std::string all;
    for (const std::string& warning : feed.warnings) all += warning + "\n";
    return all;
}

bool nul_terminated(std::string_view s) { return s.data()[s.size()] == '\0'; }

// feeds/text/dates.cpp starts as a placeholder that recognises nothing; date
// assertions run once the real parser is in.
bool have_date_parser() { return parse_date("2024-03-10T08:00:00Z").has_value(); }

}  // namespace

TEST_CASE("A JSON Feed 1.1 document fills every mapped field", "[jsonfeed]") {
    auto result = read(R"json({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Harbour Notes",
        "home_page_url": "https://harbour.example/",
        "feed_url": "https://harbour.example/feed.json",
        "description": "Tides, boats and the people on them.",
        "language": "en-GB",
        "icon": "https://harbour.example/icon-512.png",
        "favicon": "https://harbour.example/favicon-64.png",
        "expired": false,
        "authors": [{"name": "Ines Marlow", "url": "https://harbour.example/ines", "avatar": "https://harbour.example/i.png"}],
        "items": [{
            "id": "https://harbour.example/2024/spring-tide",
            "url": "https://harbour.example/2024/spring-tide",
            "title": "Spring tide",
            "content_html": "<p>The water came <em>up</em>.</p>",
            "summary": "The highest tide of the year.",
            "date_published": "2024-03-10T08:00:00Z",
            "date_modified": "2024-03-11T09:30:00+01:00",
            "authors": [{"name": "Tom Reed"}, {"url": "mailto:crew@harbour.example?subject=Hi"}],
            "tags": ["tides", "weather"],
            "attachments": [{"url": "https://harbour.example/tide.mp3", "mime_type": "audio/mpeg",
                             "size_in_bytes": 123456, "duration_in_seconds": 60}]
        }]
    })json");
    REQUIRE(result.ok);
    const Feed& feed = result.feed();
    CHECK(feed.format == FeedFormat::json);
    CHECK(feed.version == "json11");
    CHECK(feed.encoding == "utf-8");
    CHECK_FALSE(feed.recovered);
    CHECK(feed.title == "Harbour Notes");
    CHECK(nul_terminated(*feed.title));
    CHECK(feed.link == "https://harbour.example/");
    CHECK(feed.feed_url == "https://harbour.example/feed.json");
    CHECK(feed.description == "Tides, boats and the people on them.");
    CHECK(feed.language == "en-GB");
    CHECK(feed.image == "https://harbour.example/icon-512.png");
    REQUIRE(feed.authors.size() == 1);
    CHECK(feed.authors[0].name == "Ines Marlow");
    CHECK(feed.authors[0].uri == "https://harbour.example/ines");
    CHECK_FALSE(feed.authors[0].email);
    if (have_date_parser()) {
        CHECK(feed.warnings.empty());
    } else {
        CHECK(feed.warnings.size() == 2);  // the two dates
    }

    REQUIRE(feed.items.size() == 1);
    const Item& item = feed.items[0];
    CHECK(item.id == "https://harbour.example/2024/spring-tide");
    CHECK(item.link == "https://harbour.example/2024/spring-tide");
    CHECK(item.title == "Spring tide");
    CHECK(nul_terminated(*item.title));
    CHECK(item.content == "<p>The water came <em>up</em>.</p>");
    CHECK(item.content_kind == TextKind::html);
    CHECK(item.summary == "The highest tide of the year.");
    CHECK(item.summary_kind == TextKind::text);
    if (have_date_parser()) {
        CHECK(item.published == 1710057600);  // 2024-03-10T08:00:00Z
        CHECK(item.updated == 1710145800);    // 2024-03-11T08:30:00Z
    }
    REQUIRE(item.authors.size() == 2);
    CHECK(item.authors[0].name == "Tom Reed");
    CHECK_FALSE(item.authors[0].uri);
    CHECK_FALSE(item.authors[1].name);
    CHECK(item.authors[1].uri == "mailto:crew@harbour.example?subject=Hi");
    CHECK(item.authors[1].email == "crew@harbour.example");
    REQUIRE(item.categories.size() == 2);
    CHECK(item.categories[0] == "tides");
    CHECK(item.categories[1] == "weather");
    REQUIRE(item.enclosures.size() == 1);
    CHECK(item.enclosures[0].url == "https://harbour.example/tide.mp3");
    CHECK(nul_terminated(item.enclosures[0].url));
    CHECK(item.enclosures[0].type == "audio/mpeg");
    CHECK(item.enclosures[0].length == 123456);
    CHECK_FALSE(item.rights);
    CHECK_FALSE(item.clipping());
}

TEST_CASE("Item dates are read with the feed date parser", "[jsonfeed][dates]") {
    if (!have_date_parser()) {
        WARN("feeds/text/dates.cpp is still the placeholder; JSON Feed date assertions skipped");
        return;
    }
    auto result = read(R"json({
        "version": "https://jsonfeed.org/version/1.1",
        "items": [
            {"id": "1", "date_published": "2024-03-10T08:00:00Z", "date_modified": "2024-03-11T09:30:00+01:00"},
            {"id": "2", "date_published": "sometime last week"}
        ]
    })json");
    REQUIRE(result.ok);
    const Feed& feed = result.feed();
    REQUIRE(feed.items.size() == 2);
    CHECK(feed.items[0].published == 1710057600);  // 2024-03-10T08:00:00Z
    CHECK(feed.items[0].updated == 1710145800);    // 2024-03-11T08:30:00Z
    CHECK_FALSE(feed.items[1].published);
    CHECK(has_warning(feed, "items[1].date_published \"sometime last week\" is not a date"));
    CHECK_FALSE(has_warning(feed, "items[0]"));
}

TEST_CASE("A JSON Feed 1.0 document reads the singular author", "[jsonfeed]") {
    auto result = read(R"json({
        "version": "https://jsonfeed.org/version/1",
        "title": "Small Hours",
        "author": {"name": "Pat Quill", "url": "https://smallhours.example/about"},
        "items": [
            {"id": "a", "content_text": "Up late again.", "author": {"name": "Guest Writer"}},
            {"id": "b", "content_text": "Still up."}
        ]
    })json");
    REQUIRE(result.ok);
    const Feed& feed = result.feed();
    CHECK(feed.version == "json1");
    REQUIRE(feed.authors.size() == 1);
    CHECK(feed.authors[0].name == "Pat Quill");
    CHECK(feed.authors[0].uri == "https://smallhours.example/about");
    REQUIRE(feed.items.size() == 2);
    REQUIRE(feed.items[0].authors.size() == 1);
    CHECK(feed.items[0].authors[0].name == "Guest Writer");
    // The spec: an item without an author has the feed's.
    REQUIRE(feed.items[1].authors.size() == 1);
    CHECK(feed.items[1].authors[0].name == "Pat Quill");
}

TEST_CASE("authors is preferred over author, which is the fallback", "[jsonfeed]") {
    auto result = read(R"json({
        "version": "https://jsonfeed.org/version/1.1",
        "author": {"name": "Old Style"},
        "authors": [{"name": "New One"}, {"name": "New Two"}],
        "items": [
            {"id": "1", "author": {"name": "Item Old"}, "authors": [{"name": "Item New"}]},
            {"id": "2", "author": {"name": "Item Old"}, "authors": []},
            {"id": "3", "authors": [{"avatar": "https://x.example/a.png"}]}
        ]
    })json");
    REQUIRE(result.ok);
    const Feed& feed = result.feed();
    REQUIRE(feed.authors.size() == 2);
    CHECK(feed.authors[0].name == "New One");
    CHECK(feed.authors[1].name == "New Two");
    REQUIRE(feed.items.size() == 3);
    REQUIRE(feed.items[0].authors.size() == 1);
    CHECK(feed.items[0].authors[0].name == "Item New");
    REQUIRE(feed.items[1].authors.size() == 1);
    CHECK(feed.items[1].authors[0].name == "Item Old");
    // An author with only an avatar names nobody: the item falls back to the feed's authors.
    REQUIRE(feed.items[2].authors.size() == 2);
    CHECK(feed.items[2].authors[0].name == "New One");
}

TEST_CASE("content_html wins over content_text and the summary falls back to the content", "[jsonfeed]") {
    auto result = read(R"json({
        "version": "https://jsonfeed.org/version/1.1",
        "items": [
            {"id": "both", "content_html": "<b>rich</b>", "content_text": "plain"},
            {"id": "text", "content_text": "just words"},
            {"id": "summary", "content_text": "the whole story", "summary": "the gist"},
            {"id": "html-summary", "content_html": "<p>story</p>", "summary": "gist <not html>"},
            {"id": "bare"},
            {"id": "empty", "content_text": ""}
        ]
    })json");
    REQUIRE(result.ok);
    const auto& items = result.feed().items;
    REQUIRE(items.size() == 6);

    CHECK(items[0].content == "<b>rich</b>");
    CHECK(items[0].content_kind == TextKind::html);
    CHECK(items[0].summary == "<b>rich</b>");
    CHECK(items[0].summary_kind == TextKind::html);

    CHECK(items[1].content == "just words");
    CHECK(items[1].content_kind == TextKind::text);
    CHECK(items[1].summary == "just words");
    CHECK(items[1].summary_kind == TextKind::text);

    CHECK(items[2].content == "the whole story");
    CHECK(items[2].summary == "the gist");

    CHECK(items[3].content_kind == TextKind::html);
    CHECK(items[3].summary == "gist <not html>");
    CHECK(items[3].summary_kind == TextKind::text);

    CHECK_FALSE(items[4].content);
    CHECK_FALSE(items[4].summary);

    // Present but empty stays "" rather than absent.
    CHECK(items[5].content == "");
    CHECK(items[5].summary == "");
}

TEST_CASE("An item without url links to its external_url", "[jsonfeed]") {
    auto result = read(R"json({
        "version": "https://jsonfeed.org/version/1.1",
        "items": [
            {"id": "1", "url": "https://blog.example/1", "external_url": "https://news.example/story"},
            {"id": "2", "external_url": "https://news.example/other"},
            {"id": "3"}
        ]
    })json");
    REQUIRE(result.ok);
    const auto& items = result.feed().items;
    REQUIRE(items.size() == 3);
    CHECK(items[0].link == "https://blog.example/1");
    CHECK(items[1].link == "https://news.example/other");
    CHECK_FALSE(items[2].link);
}

TEST_CASE("A number id becomes its decimal string", "[jsonfeed]") {
    auto result = read(R"json({
        "version": "https://jsonfeed.org/version/1.1",
        "items": [
            {"id": 42},
            {"id": 18446744073709551615},
            {"id": -7},
            {"id": 1.5},
            {"id": true},
            {"id": {"nested": 1}},
            {"id": null}
        ]
    })json");
    REQUIRE(result.ok);
    const auto& items = result.feed().items;
    REQUIRE(items.size() == 7);
    CHECK(items[0].id == "42");
    CHECK(nul_terminated(*items[0].id));
    CHECK(items[1].id == "18446744073709551615");
    CHECK(items[2].id == "-7");
    CHECK(items[3].id == "1.5");
    CHECK(items[4].id == "true");
    CHECK_FALSE(items[5].id);
    CHECK(has_warning(result.feed(), "items[5].id is an object, expected a string"));
    CHECK_FALSE(items[6].id);
    CHECK(result.feed().warnings.size() == 1);
}

TEST_CASE("Fields of the wrong JSON type are skipped with a warning naming them", "[jsonfeed]") {
    auto result = read(R"json({
        "version": "https://jsonfeed.org/version/1.1",
        "title": ["not", "a", "string"],
        "home_page_url": 7,
        "icon": false,
        "favicon": "https://site.example/favicon.png",
        "authors": {"name": "not in an array"},
        "items": [
            {"id": "0"},
            {"id": "1", "tags": "solo", "attachments": {"url": "https://site.example/a.mp3"}},
            {"id": "2", "tags": ["ok", 3, null, "fine"], "authors": ["Plain Name", {"name": 5, "url": "https://site.example/x"}]},
            {"id": "3", "title": 12, "url": {"href": "x"}, "content_html": 1, "content_text": "fallback text",
             "date_published": 20240101, "summary": false},
            {"id": "4", "attachments": [
                "https://site.example/loose.mp3",
                {"mime_type": "audio/mpeg"},
                {"url": "https://site.example/a.mp3", "mime_type": 3, "size_in_bytes": "1000"},
                {"url": "https://site.example/b.mp3", "size_in_bytes": -5},
                {"url": "https://site.example/c.mp3", "size_in_bytes": 2048.0},
                {"url": "https://site.example/d.mp3", "size_in_bytes": 10.5}
            ]}
        ]
    })json");
    REQUIRE(result.ok);
    const Feed& feed = result.feed();
    INFO(warnings_of(feed));
    CHECK_FALSE(feed.title);
    CHECK(has_warning(feed, "title is an array, expected a string"));
    CHECK_FALSE(feed.link);
    CHECK(has_warning(feed, "home_page_url is a number, expected a string"));
    // A bad icon falls through to the favicon.
    CHECK(has_warning(feed, "icon is a boolean, expected a string"));
    CHECK(feed.image == "https://site.example/favicon.png");
    CHECK(feed.authors.empty());
    CHECK(has_warning(feed, "authors is an object, expected an array"));

    REQUIRE(feed.items.size() == 5);
    CHECK(feed.items[1].categories.empty());
    CHECK(has_warning(feed, "items[1].tags is a string, expected an array"));
    CHECK(feed.items[1].enclosures.empty());
    CHECK(has_warning(feed, "items[1].attachments is an object, expected an array"));

    REQUIRE(feed.items[2].categories.size() == 2);
    CHECK(feed.items[2].categories[0] == "ok");
    CHECK(feed.items[2].categories[1] == "fine");
    CHECK(has_warning(feed, "items[2].tags[1] is a number, expected a string"));
    CHECK(has_warning(feed, "items[2].authors[0] is a string, expected an object"));
    CHECK(has_warning(feed, "items[2].authors[1].name is a number, expected a string"));
    REQUIRE(feed.items[2].authors.size() == 1);
    CHECK_FALSE(feed.items[2].authors[0].name);
    CHECK(feed.items[2].authors[0].uri == "https://site.example/x");

    const Item& item3 = feed.items[3];
    CHECK(item3.id == "3");
    CHECK_FALSE(item3.title);
    CHECK(has_warning(feed, "items[3].title is a number, expected a string"));
    CHECK_FALSE(item3.link);
    CHECK(has_warning(feed, "items[3].url is an object, expected a string"));
    CHECK(item3.content == "fallback text");
    CHECK(item3.content_kind == TextKind::text);
    CHECK(has_warning(feed, "items[3].content_html is a number, expected a string"));
    CHECK_FALSE(item3.published);
    CHECK(has_warning(feed, "items[3].date_published is a number, expected a string"));
    CHECK(item3.summary == "fallback text");
    CHECK(has_warning(feed, "items[3].summary is a boolean, expected a string"));

    const auto& enclosures = feed.items[4].enclosures;
    CHECK(has_warning(feed, "items[4].attachments[0] is a string, expected an object"));
    CHECK(has_warning(feed, "items[4].attachments[1] has no url"));
    REQUIRE(enclosures.size() == 4);
    CHECK(enclosures[0].url == "https://site.example/a.mp3");
    CHECK_FALSE(enclosures[0].type);
    CHECK_FALSE(enclosures[0].length);
    CHECK(has_warning(feed, "items[4].attachments[2].mime_type is a number, expected a string"));
    CHECK(has_warning(feed, "items[4].attachments[2].size_in_bytes is a string, expected a number"));
    CHECK_FALSE(enclosures[1].length);
    CHECK(has_warning(feed, "items[4].attachments[3].size_in_bytes is -5"));
    CHECK(enclosures[2].length == 2048);
    CHECK_FALSE(enclosures[3].length);
    CHECK(has_warning(feed, "items[4].attachments[5].size_in_bytes is 10.5"));

    // Item 0 was fine: nothing said about it.
    CHECK_FALSE(has_warning(feed, "items[0]"));
}

TEST_CASE("null members are absent without a warning", "[jsonfeed]") {
    auto result = read(R"json({
        "version": "https://jsonfeed.org/version/1.1",
        "title": null, "home_page_url": null, "authors": null,
        "items": [{"id": "x", "title": null, "summary": null, "content_html": null, "tags": null,
                   "attachments": null, "date_published": null}]
    })json");
    REQUIRE(result.ok);
    const Feed& feed = result.feed();
    CHECK(feed.warnings.empty());
    CHECK_FALSE(feed.title);
    CHECK_FALSE(feed.link);
    REQUIRE(feed.items.size() == 1);
    CHECK_FALSE(feed.items[0].title);
    CHECK_FALSE(feed.items[0].summary);
}

TEST_CASE("Items that are not objects are skipped with a warning", "[jsonfeed]") {
    auto result = read(R"json({
        "version": "https://jsonfeed.org/version/1.1",
        "items": [{"id": "first"}, "second", 3, null, [], {"id": "last"}]
    })json");
    REQUIRE(result.ok);
    const Feed& feed = result.feed();
    REQUIRE(feed.items.size() == 2);
    CHECK(feed.items[0].id == "first");
    CHECK(feed.items[1].id == "last");
    CHECK(has_warning(feed, "items[1] is a string, expected an object"));
    CHECK(has_warning(feed, "items[2] is a number, expected an object"));
    CHECK(has_warning(feed, "items[3] is null, expected an object"));
    CHECK(has_warning(feed, "items[4] is an array, expected an object"));
    CHECK(feed.warnings.size() == 4);
}

TEST_CASE("Relative URLs resolve against the document URL", "[jsonfeed]") {
    const char* document = R"json({
        "version": "https://jsonfeed.org/version/1.1",
        "home_page_url": "/",
        "feed_url": "feed.json",
        "icon": "../img/icon.png",
        "authors": [{"name": "Ann", "url": "/people/ann"}],
        "items": [{
            "id": "p1",
            "url": "posts/1.html",
            "authors": [{"name": "Bo", "url": "https://elsewhere.example/bo"}],
            "attachments": [{"url": "media/1.mp3", "mime_type": "audio/mpeg"}]
        }, {
            "id": "p2",
            "external_url": "//cdn.example/story"
        }]
    })json";

    SECTION("with a base") {
        auto result = read(document, "https://site.example/blog/feeds/main.json");
        REQUIRE(result.ok);
        const Feed& feed = result.feed();
        CHECK(feed.link == "https://site.example/");
        CHECK(feed.feed_url == "https://site.example/blog/feeds/feed.json");
        CHECK(feed.image == "https://site.example/blog/img/icon.png");
        REQUIRE(feed.authors.size() == 1);
        CHECK(feed.authors[0].uri == "https://site.example/people/ann");
        REQUIRE(feed.items.size() == 2);
        CHECK(feed.items[0].link == "https://site.example/blog/feeds/posts/1.html");
        REQUIRE(feed.items[0].authors.size() == 1);
        CHECK(feed.items[0].authors[0].uri == "https://elsewhere.example/bo");
        REQUIRE(feed.items[0].enclosures.size() == 1);
        CHECK(feed.items[0].enclosures[0].url == "https://site.example/blog/feeds/media/1.mp3");
        CHECK(feed.items[1].link == "https://cdn.example/story");
    }
    SECTION("Content-Location overrides the URL") {
        auto parsed = std::make_unique<ParsedFeed>();
        ParseContext context;
        context.url = "https://site.example/blog/feeds/main.json";
        context.content_location = "/mirror/feed.json";
        REQUIRE(parse_json_feed(document, context, *parsed));
        CHECK(parsed->feed.feed_url == "https://site.example/mirror/feed.json");
    }
    SECTION("without a base they stay relative") {
        auto result = read(document);
        REQUIRE(result.ok);
        CHECK(result.feed().feed_url == "feed.json");
        REQUIRE(result.feed().items.size() == 2);
        CHECK(result.feed().items[0].link == "posts/1.html");
    }
}

TEST_CASE("The feed language falls back to Content-Language", "[jsonfeed]") {
    auto parsed = std::make_unique<ParsedFeed>();
    ParseContext context;
    context.content_language = "fr";
    REQUIRE(parse_json_feed(R"json({"version": "https://jsonfeed.org/version/1.1", "items": []})json", context,
                            *parsed));
    CHECK(parsed->feed.language == "fr");

    auto declared = std::make_unique<ParsedFeed>();
    REQUIRE(parse_json_feed(R"json({"version": "https://jsonfeed.org/version/1.1", "language": "de", "items": []})json",
                            context, *declared));
    CHECK(declared->feed.language == "de");
}

TEST_CASE("A document that is not JSON is rejected with a warning saying where", "[jsonfeed]") {
    for (const char* text : {"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [}",
                             "{", "", "{\"a\": 1} trailing", "{'single': 'quotes'}",
                             "{\"version\": \"https://jsonfeed.org/version/1\", // comment\n \"items\": []}"}) {
        INFO(text);
        auto result = read(text);
        CHECK_FALSE(result.ok);
        CHECK(result.feed().format == FeedFormat::unknown);
        CHECK(result.feed().version.empty());
        CHECK(result.feed().items.empty());
        CHECK(has_warning(result.feed(), "not valid JSON"));
        CHECK(has_warning(result.feed(), "line 1"));
    }
}

TEST_CASE("Invalid UTF-8 inside a JSON string makes the document invalid JSON", "[jsonfeed]") {
    auto result = read("{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"caf\xe9\", \"items\": []}");
    CHECK_FALSE(result.ok);
    CHECK(has_warning(result.feed(), "not valid JSON"));
}

TEST_CASE("JSON that is not a feed object is rejected", "[jsonfeed]") {
    SECTION("an array") {
        auto result = read(R"json([{"version": "https://jsonfeed.org/version/1.1", "items": []}])json");
        CHECK_FALSE(result.ok);
        CHECK(result.feed().format == FeedFormat::unknown);
        CHECK(has_warning(result.feed(), "the document is an array, not an object"));
    }
    SECTION("a string") {
        auto result = read(R"json("https://jsonfeed.org/version/1.1")json");
        CHECK_FALSE(result.ok);
        CHECK(has_warning(result.feed(), "the document is a string, not an object"));
    }
    SECTION("an object with neither version nor items") {
        auto result = read(R"json({"name": "package.json, maybe", "dependencies": {}})json");
        CHECK_FALSE(result.ok);
        CHECK(result.feed().format == FeedFormat::unknown);
        CHECK_FALSE(result.feed().title);
        CHECK(has_warning(result.feed(), "not a JSON Feed"));
    }
    SECTION("an object whose items is not an array and whose version is something else") {
        auto result = read(R"json({"version": "2.0", "items": {"a": 1}, "title": "Not a feed"})json");
        CHECK_FALSE(result.ok);
        CHECK_FALSE(result.feed().title);
    }
}

TEST_CASE("A missing or foreign version is tolerated when there is an items array", "[jsonfeed]") {
    SECTION("missing") {
        auto result = read(R"json({"title": "No Version", "items": [{"id": "1", "title": "One"}]})json");
        REQUIRE(result.ok);
        const Feed& feed = result.feed();
        CHECK(feed.format == FeedFormat::json);
        CHECK(feed.version == "");
        CHECK(feed.title == "No Version");
        REQUIRE(feed.items.size() == 1);
        CHECK(feed.items[0].title == "One");
        CHECK(has_warning(feed, "version is missing"));
    }
    SECTION("not a jsonfeed.org URL") {
        auto result = read(R"json({"version": 1, "items": []})json");
        REQUIRE(result.ok);
        CHECK(result.feed().version == "");
        CHECK(has_warning(result.feed(), "version is not a jsonfeed.org URL"));
    }
}

TEST_CASE("Version URLs are recognised in their common spellings", "[jsonfeed]") {
    CHECK(read(R"json({"version": "http://jsonfeed.org/version/1"})json").feed().version == "json1");
    CHECK(read(R"json({"version": "https://jsonfeed.org/version/1/"})json").feed().version == "json1");
    CHECK(read(R"json({"version": " https://jsonfeed.org/version/1.1 "})json").feed().version == "json11");

    auto future = read(R"json({"version": "https://jsonfeed.org/version/1.2", "items": [{"id": "z"}]})json");
    REQUIRE(future.ok);
    CHECK(future.feed().format == FeedFormat::json);
    CHECK(future.feed().version == "");
    REQUIRE(future.feed().items.size() == 1);
    CHECK(has_warning(future.feed(), "unknown JSON Feed version \"1.2\""));
}

TEST_CASE("Empty or missing items give a feed without items", "[jsonfeed]") {
    auto empty = read(R"json({"version": "https://jsonfeed.org/version/1.1", "title": "Quiet", "items": []})json");
    REQUIRE(empty.ok);
    CHECK(empty.feed().items.empty());
    CHECK(empty.feed().title == "Quiet");
    CHECK(empty.feed().warnings.empty());

    auto missing = read(R"json({"version": "https://jsonfeed.org/version/1.1", "title": "Quieter"})json");
    REQUIRE(missing.ok);
    CHECK(missing.feed().format == FeedFormat::json);
    CHECK(missing.feed().items.empty());
    CHECK(has_warning(missing.feed(), "items is missing"));

    auto wrong = read(R"json({"version": "https://jsonfeed.org/version/1.1", "items": "none"})json");
    REQUIRE(wrong.ok);
    CHECK(wrong.feed().items.empty());
    CHECK(has_warning(wrong.feed(), "items is a string, expected an array"));
}

TEST_CASE("Escaped characters are decoded and U+0000 is dropped", "[jsonfeed]") {
    auto result = read(R"json({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Caf\u00e9 \ud83d\ude00 \"quoted\" a\/b",
        "items": [{"id": "n", "title": "before\u0000after"}]
    })json");
    REQUIRE(result.ok);
    CHECK(result.feed().title == "Caf\xc3\xa9 \xf0\x9f\x98\x80 \"quoted\" a/b");
    REQUIRE(result.feed().items.size() == 1);
    CHECK(result.feed().items[0].title == "beforeafter");
    CHECK(has_warning(result.feed(), "items[0].title contains U+0000"));
}

TEST_CASE("Deeply nested JSON is handled without a crash", "[jsonfeed]") {
    std::string deep = R"json({"version": "https://jsonfeed.org/version/1.1", "_ext": )json";
    deep += std::string(100000, '[') + std::string(100000, ']') + R"json(, "items": [{"id": "ok"}]})json";
    auto result = read(deep);
    REQUIRE(result.ok);
    REQUIRE(result.feed().items.size() == 1);
    CHECK(result.feed().items[0].id == "ok");
}

// ---------------------------------------------------------------------------
// feed-rs' JSON Feed fixtures and its expected outputs (.serde.json).

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// feed-rs runs links through a URL parser, which gives "https://example.com"
// its "/" path; compare links without that difference.
std::string without_trailing_slash(std::string url) {
    if (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

std::optional<std::string> serde_text(const nlohmann::json& value, const char* key) {
    if (!value.is_object() || !value.contains(key) || !value[key].is_string()) return std::nullopt;
    return value[key].get<std::string>();
}

std::optional<std::string> as_string(const Text& text) {
    if (!text) return std::nullopt;
    return std::string(*text);
}

}  // namespace

TEST_CASE("feed-rs' JSON Feed fixtures read as feed-rs reads them", "[jsonfeed]") {
    const std::string dir = std::string(CLIPFEED_SHARED_DIR) + "/conformance/data/feed-rs/jsonfeed/";
    if (!std::ifstream(dir + "jsonfeed_spec_1.json")) {
        WARN("feed-rs JSON Feed fixtures not found under " << dir << "; skipped");
        return;
    }
    if (!have_date_parser()) WARN("feeds/text/dates.cpp is still the placeholder; fixture dates not compared");
    for (const char* name : {"jsonfeed_spec_1", "jsonfeed_example_1", "jsonfeed_elastic_1.1"}) {
        INFO(name);
        const std::string source = read_file(dir + name + ".json");
        const auto expected = nlohmann::json::parse(read_file(dir + name + ".serde.json"));
        auto result = read(source);
        REQUIRE(result.ok);
        const Feed& feed = result.feed();
        INFO(warnings_of(feed));
        CHECK(feed.format == FeedFormat::json);
        if (have_date_parser()) CHECK(feed.warnings.empty());
        CHECK(as_string(feed.title) == serde_text(expected["title"], "content"));
        CHECK(as_string(feed.description) == serde_text(expected["description"], "content"));
        CHECK(as_string(feed.link) == serde_text(expected["links"][0], "href"));
        CHECK(as_string(feed.image) == serde_text(expected["logo"], "uri"));

        const auto& entries = expected["entries"];
        REQUIRE(feed.items.size() == entries.size());
        for (std::size_t i = 0; i < entries.size(); ++i) {
            INFO("item " << i);
            const Item& item = feed.items[i];
            const auto& entry = entries[i];
            // feed-rs makes up an id (a hash) when there is none; only real ids compare.
            const std::string entry_id = entry["id"].get<std::string>();
            if (source.find(entry_id) != std::string::npos) {
                CHECK(as_string(item.id) == entry_id);
            } else {
                CHECK_FALSE(item.id);
            }
            CHECK(as_string(item.title) == serde_text(entry["title"], "content"));
            CHECK(as_string(item.content) == serde_text(entry["content"], "body"));
            REQUIRE(item.link);
            CHECK(without_trailing_slash(std::string(*item.link)) ==
                  without_trailing_slash(entry["links"][0]["href"].get<std::string>()));
            if (have_date_parser()) {
                CHECK((item.published ? std::optional<std::string>(format_rfc3339(*item.published)) : std::nullopt) ==
                      serde_text(entry, "published"));
                CHECK((item.updated ? std::optional<std::string>(format_rfc3339(*item.updated)) : std::nullopt) ==
                      serde_text(entry, "updated"));
            }
            if (entry["content"].is_object()) {
                const std::string type = entry["content"]["content_type"].get<std::string>();
                CHECK(item.content_kind == (type == "text/html" ? TextKind::html : TextKind::text));
            }
        }
    }
}
