#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "feeds/out/json_writer.hpp"

using namespace clipfeed;

TEST_CASE("Strings are escaped so any JSON parser reads them back unchanged", "[json]") {
    std::string out;
    append_json_string("quote \" backslash \\ newline \n tab \t bell \x07 caf\xC3\xA9 \xE2\x80\x9C", out);
    auto back = nlohmann::json::parse(out).get<std::string>();
    CHECK(back == "quote \" backslash \\ newline \n tab \t bell \x07 caf\xC3\xA9 \xE2\x80\x9C");
}

TEST_CASE("Bytes that are not UTF-8 become U+FFFD so the output stays valid", "[json]") {
    std::string out;
    append_json_string("a\xFF" "b\xC3", out);
    CHECK(nlohmann::json::parse(out).get<std::string>() == "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
}

TEST_CASE("A feed is written with every schema key, null for absent values", "[json]") {
    Feed feed;
    feed.format = FeedFormat::rss;
    feed.version = "rss20";
    feed.encoding = "utf-8";
    feed.title = std::string_view("T");
    Item item;
    item.id = std::string_view("1");
    item.enclosures.push_back({"http://x/a.mp3", std::string_view("audio/mpeg"), 42});
    feed.items.push_back(item);
    feed.recovered = true;
    feed.warnings.push_back("something");

    for (JsonStyle style : {JsonStyle::compact, JsonStyle::pretty}) {
        std::string out;
        write_feed_json(feed, style, out);
        auto j = nlohmann::json::parse(out);
        for (const char* key : {"format", "version", "encoding", "title", "link", "feed_url", "description",
                                "language", "updated", "published", "image", "rights", "authors", "categories",
                                "items", "warnings", "recovered"})
            CHECK(j.contains(key));
        CHECK(j["format"] == "rss");
        CHECK(j["link"].is_null());
        CHECK(j["authors"] == nlohmann::json::array());
        CHECK(j["recovered"] == true);
        auto& it = j["items"][0];
        for (const char* key : {"id", "title", "link", "published", "updated", "authors", "categories", "summary",
                                "content", "rights", "enclosures", "clipping"})
            CHECK(it.contains(key));
        CHECK(it["enclosures"][0]["length"] == 42);
        CHECK(it["clipping"].is_null());
    }
}
