#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <random>

#include "feeds/memory/arena.hpp"
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

TEST_CASE("Escapes and stray bytes are found wherever they fall in a 16-byte block", "[json]") {
    // Strings of random pieces, so that every kind of byte the writer must
    // escape or check lands at every offset of the blocks it scans at once.
    // A stray byte here can never join its neighbours into valid UTF-8.
    struct Piece {
        std::string bytes;
        std::string read_back;
    };
    const std::string replacement = "\xEF\xBF\xBD";
    const std::vector<Piece> pieces = {
        {"a", "a"},           {"Z", "Z"},           {" ", " "},           {"<p>", "<p>"},
        {"\"", "\""},         {"\\", "\\"},         {"\n", "\n"},         {"\x01", "\x01"},
        {"\x1F", "\x1F"},     {"\x7F", "\x7F"},     {"\xC3\xA9", "\xC3\xA9"}, {"\xE2\x80\x9C", "\xE2\x80\x9C"},
        {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"}, {"\xFF", replacement}, {"\xC0", replacement}, {"\x80", replacement},
    };
    std::mt19937 random(20261206);
    for (int round = 0; round < 3000; ++round) {
        std::string text, expected;
        const int count = static_cast<int>(random() % 90);
        for (int k = 0; k < count; ++k) {
            // Mostly letters, as in real text, so the long plain runs happen too.
            const Piece& piece = random() % 3 ? pieces[random() % 3] : pieces[random() % pieces.size()];
            text += piece.bytes;
            expected += piece.read_back;
        }
        std::string out = "[";
        append_json_string(text, out);
        out += "]";
        INFO("input of " << text.size() << " bytes, round " << round);
        REQUIRE(nlohmann::json::parse(out).at(0).get<std::string>() == expected);
    }
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
};

Feed feed_of_items(std::vector<std::string>& storage, int count) {
    Feed feed;
    feed.format = FeedFormat::rss;
    storage.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        storage.push_back("Item " + std::to_string(i) + " \"quoted\" \xE2\x80\x94 with a line\nbreak");
        Item item;
        item.title = std::string_view(storage.back());
        item.categories.push_back("rivers");
        feed.items.push_back(item);
    }
    return feed;
}

}  // namespace

TEST_CASE("Streamed JSON is the string write_feed_json appends, handed over in pieces", "[json]") {
    std::vector<std::string> storage;
    const Feed feed = feed_of_items(storage, 3000);
    for (JsonStyle style : {JsonStyle::compact, JsonStyle::pretty}) {
        std::string whole;
        write_feed_json(feed, style, whole);
        PieceSink sink;
        REQUIRE(write_feed_json(feed, style, sink));
        std::string joined;
        for (const std::string& p : sink.pieces) joined += p;
        CHECK(joined == whole);
        CHECK(sink.pieces.size() >= 3);
        for (std::size_t i = 0; i + 1 < sink.pieces.size(); ++i) CHECK(sink.pieces[i].size() >= kOutputChunkBytes);
    }
}

TEST_CASE("A sink that refuses a piece stops the JSON writer", "[json]") {
    std::vector<std::string> storage;
    const Feed feed = feed_of_items(storage, 3000);
    PieceSink sink;
    sink.accept = 1;
    CHECK_FALSE(write_feed_json(feed, JsonStyle::pretty, sink));
    CHECK(sink.pieces.size() == 1);
}

TEST_CASE("An item read back from its JSON has the same clippings, the first one its clipping", "[json]") {
    Arena arena;
    Item item;
    item.title = arena.store("Ferry strike");
    Clipping first;
    first.quotes.push_back(Quote{arena.store("\"Boats stay in port,\" the union said."), std::nullopt});
    first.summary = arena.store("Sailings are cancelled until Friday.");
    first.tags.push_back(arena.store("ferries"));
    Clipping second;
    second.quotes.push_back(Quote{arena.store("\"We are talking,\" the operator said."), arena.store("Between the lines")});
    second.read_time_minutes = 3;
    item.clippings = {first, second};

    std::string json;
    write_item_json(item, JsonStyle::compact, json);
    Item back;
    Arena back_arena;
    REQUIRE(read_item_json(json, back, back_arena));
    REQUIRE(back.clippings.size() == 2);
    REQUIRE(back.clipping() == &back.clippings.front());
    CHECK(back.clippings[0].quotes.at(0).text == first.quotes[0].text);
    CHECK(back.clippings[0].summary == first.summary);
    CHECK(back.clippings[1].quotes.at(0).label == second.quotes[0].label);
    CHECK(back.clippings[1].read_time_minutes == 3);
}

TEST_CASE("JSON written before clipping lists existed gives its one clipping as the list", "[json]") {
    Arena arena;
    Item back;
    REQUIRE(read_item_json(R"({"title": "Old", "clipping": {"quotes": [{"text": "\"Still here,\" she said.",
        "label": null}], "summary": "Kept.", "tags": ["archive"], "source": null, "source_url": null,
        "read_time_minutes": null}})", back, arena));
    REQUIRE(back.clippings.size() == 1);
    REQUIRE(back.clipping());
    CHECK(back.clipping()->quotes.at(0).text == "\"Still here,\" she said.");
    CHECK(back.clipping()->tags == std::vector<std::string_view>{"archive"});

    Item none;
    REQUIRE(read_item_json(R"({"title": "No clipping", "clipping": null, "clippings": []})", none, arena));
    CHECK(none.clippings.empty());
    CHECK(none.clipping() == nullptr);
}
