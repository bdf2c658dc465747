#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>

#include "feeds/memory/document_buffer.hpp"
#include "feeds/memory/huge_pages.hpp"
#include "feeds/xml/parse.hpp"

using clipfeed::DocumentBuffer;

namespace {

std::string big_rss(std::size_t at_least_bytes) {
    std::string doc = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Big</title>";
    for (int i = 0; doc.size() < at_least_bytes; ++i) {
        doc += "<item><title>Item " + std::to_string(i) + "</title><guid>g" + std::to_string(i) +
               "</guid><description>" + std::string(900, 'x') + " &amp; more</description></item>";
    }
    return doc + "</channel></rss>";
}

}  // namespace

TEST_CASE("A document buffer holds small and huge-page sized documents alike", "[document-buffer]") {
    for (std::size_t size : {std::size_t{0}, std::size_t{100}, clipfeed::kHugePagesFrom + 12345}) {
        std::string bytes(size, '\0');
        for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>('a' + i % 26);
        DocumentBuffer buffer;
        buffer.assign(bytes);
        REQUIRE(std::string_view(buffer) == bytes);

        buffer.remove_prefix(size >= 3 ? 3 : 0);
        REQUIRE(std::string_view(buffer) == std::string_view(bytes).substr(size >= 3 ? 3 : 0));

        DocumentBuffer moved = std::move(buffer);
        REQUIRE(buffer.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
        REQUIRE(moved.size() == (size >= 3 ? size - 3 : 0));
        moved.clear();
        REQUIRE(moved.empty());
    }
}

TEST_CASE("A document buffer adopts a converted text and can then be reused for a copy", "[document-buffer]") {
    DocumentBuffer buffer;
    buffer.adopt(std::string("\xEF\xBB\xBF<rss/>"));
    REQUIRE(std::string_view(buffer) == "\xEF\xBB\xBF<rss/>");
    buffer.remove_prefix(3);
    REQUIRE(std::string_view(buffer) == "<rss/>");

    DocumentBuffer moved = std::move(buffer);
    REQUIRE(std::string_view(moved) == "<rss/>");

    // Replacing the adopted text with a copy leaves nothing of it behind.
    moved.assign("<feed/>");
    REQUIRE(std::string_view(moved) == "<feed/>");
    moved.adopt(std::string("<x/>"));
    REQUIRE(std::string_view(moved) == "<x/>");
}

TEST_CASE("A feed bigger than the huge-page threshold parses the same from memory and from a file",
          "[document-buffer][parse]") {
    const std::string doc = "\xEF\xBB\xBF" + big_rss(clipfeed::kHugePagesFrom + 100000);
    clipfeed::ParseContext context;
    auto from_memory = clipfeed::parse_feed(doc, context);

    char path[] = "/tmp/clipfeed-big-feed-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    close(fd);
    std::ofstream(path, std::ios::binary) << doc;
    std::string error;
    auto from_file = clipfeed::parse_feed_file(path, context, error);
    std::remove(path);
    REQUIRE(from_file);

    for (const auto* parsed : {from_memory.get(), from_file.get()}) {
        const clipfeed::Feed& feed = parsed->feed;
        REQUIRE_FALSE(feed.recovered);
        REQUIRE(feed.items.size() > 4000);
        REQUIRE(feed.items.back().id == "g" + std::to_string(feed.items.size() - 1));
        REQUIRE(feed.items[7].summary.value_or("") == std::string(900, 'x') + " & more");
    }
    REQUIRE(from_memory->feed.items.size() == from_file->feed.items.size());
}

TEST_CASE("A big feed parsed after another reuses its memory and parses the same", "[document-buffer][parse]") {
    const std::string doc = big_rss(clipfeed::kHugePagesFrom + 100000);
    clipfeed::ParseContext context;
    clipfeed::release_kept_huge_pages();

    const std::size_t first_items = clipfeed::parse_feed(doc, context)->feed.items.size();
    const std::size_t kept_after_one = clipfeed::retained_huge_page_bytes();
    CHECK(kept_after_one >= doc.size());  // at least the document's mapping is kept

    // The second parse takes the kept mappings, whatever they still hold, and
    // gives the same back: nothing new was mapped.
    auto second = clipfeed::parse_feed(doc, context);
    CHECK(clipfeed::retained_huge_page_bytes() < kept_after_one);
    REQUIRE(second->feed.items.size() == first_items);
    CHECK(second->feed.items.back().id == "g" + std::to_string(first_items - 1));
    CHECK(second->feed.items[first_items / 2].summary.value_or("") == std::string(900, 'x') + " & more");
    second.reset();
    CHECK(clipfeed::retained_huge_page_bytes() == kept_after_one);
}
