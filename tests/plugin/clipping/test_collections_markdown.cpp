// Tests for spec/clipping.md version 2 in plugin/clipping: Markdown read
// through md4c, and every clipping of a document (collections).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "plugin/clipping/clipping.hpp"
#include "plugin/clipping/markdown_paragraphs.hpp"
#include "support/clipping_test_support.hpp"

using clipfeed::Arena;
using clipfeed::ContentKind;
using clipfeed_test::clipping_json;
using clipfeed_test::describe_paragraphs;
using clipfeed_test::files_with_extensions;
using clipfeed_test::read_file;
namespace fs = std::filesystem;

namespace {

const fs::path kFixtures = fs::path(CLIPFEED_FIXTURES_DIR) / "clipping";
constexpr const char* kItemLink = "https://clips.example.org/saved/17";

nlohmann::json all_json(const std::string& content, ContentKind kind = ContentKind::detect,
                        std::string_view base_url = kItemLink) {
    Arena arena;
    nlohmann::json list = nlohmann::json::array();
    for (const clipfeed::Clipping& c : clipfeed::extract_clippings(content, kind, base_url, arena))
        list.push_back(clipping_json(c));
    return list;
}

nlohmann::json first_json(const std::string& content, ContentKind kind = ContentKind::detect) {
    Arena arena;
    return clipping_json(clipfeed::extract_clipping(content, kind, kItemLink, arena));
}

std::vector<std::string> markdown_paragraphs(std::string_view markdown) {
    clipfeed::Paragraphs paragraphs;
    clipfeed::read_markdown_paragraphs(markdown, paragraphs);
    paragraphs.normalize();
    return describe_paragraphs(paragraphs);
}

}  // namespace

TEST_CASE("Every collection fixture gives exactly its expected list, and its first as the single answer",
          "[clipping][collections]") {
    auto inputs = files_with_extensions(kFixtures / "collections", {".txt", ".md", ".html"});
    REQUIRE(inputs.size() == 18);
    for (const fs::path& input : inputs) {
        fs::path expected_path = input;
        expected_path.replace_extension(".json");
        INFO("fixture " << input.filename());
        const std::string content = read_file(input);
        const nlohmann::json expected = nlohmann::json::parse(read_file(expected_path));
        const nlohmann::json got = all_json(content);
        REQUIRE(got.size() == expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            INFO("clipping " << i);
            CHECK(got[i].dump(1) == expected[i].dump(1));
        }
        CHECK(first_json(content).dump(1) == expected.front().dump(1));
    }
}

TEST_CASE("Every single-clipping fixture has a list whose first is the single answer", "[clipping][collections]") {
    auto inputs = files_with_extensions(kFixtures, {".txt", ".md", ".html"});
    REQUIRE(inputs.size() >= 23);
    for (const fs::path& input : inputs) {
        INFO("fixture " << input.filename());
        const std::string content = read_file(input);
        const nlohmann::json first = first_json(content);
        const nlohmann::json all = all_json(content);
        if (first.is_null())
            CHECK(all.empty());
        else
            CHECK((!all.empty() && all.front() == first));
    }
}

TEST_CASE("Collections: what splits a document and what does not", "[clipping][collections]") {
    const std::string one = "\"A first passage of the first clipping.\"\n#one\nRead at First Paper\n";
    const std::string two = "\"A passage of the second clipping.\"\n#two\nRead at Second Paper\n";

    SECTION("quotes after a footer start a new clipping in text") {
        auto got = all_json(one + two, ContentKind::text);
        REQUIRE(got.size() == 2);
        CHECK(got[0]["source"] == "First Paper");
        CHECK(got[1]["source"] == "Second Paper");
        CHECK(got[1]["tags"] == nlohmann::json({"two"}));
    }
    SECTION("summary and tags after a footer, with no new quote, stay furniture of the first") {
        auto got = all_json(one + "More prose after the footer.\n#later\n", ContentKind::text);
        REQUIRE(got.size() == 1);
        CHECK(got[0]["summary"].is_null());
        CHECK(got[0]["tags"] == nlohmann::json({"one"}));
    }
    SECTION("a thematic break splits text: the segments after the first clipping are read alone") {
        auto got = all_json(one + "---\n\"Quote with no footer.\"\n---\n" + two, ContentKind::text);
        REQUIRE(got.size() == 2);
        CHECK(got[0]["source"] == "First Paper");
        CHECK(got[1]["quotes"].size() == 1);
        CHECK(got[1]["source"] == "Second Paper");
    }
    SECTION("the first clipping is read as version 1 reads the whole document") {
        // Version 1 has no separators: a clipping cut by one stays whole, and
        // footer lines after the body still count when the clipping has none.
        auto got = all_json("\"Quote with no footer.\"\n---\n" + two, ContentKind::text);
        REQUIRE(got.size() == 1);
        CHECK(got[0]["quotes"].size() == 2);
        CHECK(got[0]["source"] == "Second Paper");
        auto late = all_json(one + two + "4 min read\n", ContentKind::text);
        REQUIRE(late.size() == 2);
        CHECK(late[0]["read_time_minutes"] == 4);
        CHECK(late[1]["read_time_minutes"] == 4);
    }
    SECTION("<hr> inside a blockquote is not a separator") {
        auto got = all_json("<blockquote>\"Before the rule<hr>and after it.\"</blockquote><p>#x</p>");
        REQUIRE(got.size() == 1);
        CHECK(got[0]["quotes"][0]["text"] == "Before the rule and after it.");
    }
    SECTION("a quoted tag line after a footer does not start a clipping") {
        auto got = all_json(one + "#a #b\n" + two, ContentKind::text);
        CHECK(got.size() == 2);
    }
    SECTION("content with no clipping gives an empty list") {
        CHECK(all_json("Just prose.\n---\nMore prose. #tag\n").empty());
        CHECK(all_json("").empty());
    }
}

TEST_CASE("Markdown is detected only where the spec says", "[clipping][markdown]") {
    CHECK(clipfeed::looks_like_markdown("> a quote"));
    CHECK(clipfeed::looks_like_markdown("text\n   > indented three"));
    CHECK(clipfeed::looks_like_markdown("text\r\n> after CRLF"));
    CHECK_FALSE(clipfeed::looks_like_markdown("text\n    > indented four"));
    CHECK_FALSE(clipfeed::looks_like_markdown("a > b, and c >= d"));
    CHECK(clipfeed::looks_like_markdown("see [the page](https://example.com/)"));
    CHECK(clipfeed::looks_like_markdown("![a picture](p.png)"));
    CHECK_FALSE(clipfeed::looks_like_markdown("[not a link]\n(on two lines)"));
    CHECK_FALSE(clipfeed::looks_like_markdown("array[i](x"));
    CHECK_FALSE(clipfeed::looks_like_markdown("\"Plain text clipping.\"\n#tag\nRead at Paper"));
}

TEST_CASE("Markdown blocks become the paragraphs the HTML reader would give", "[clipping][markdown]") {
    SECTION("a quote block is one passage, '>'-only lines and nested markers included") {
        CHECK(markdown_paragraphs("> one\n> two\n>\n> > three\n> > four\n\nafter") ==
              std::vector<std::string>{"Q|one two three four", "after"});
    }
    SECTION("two quote blocks apart are two passages") {
        CHECK(markdown_paragraphs("> one\n\n> two") == std::vector<std::string>{"Q|one", "Q|two"});
    }
    SECTION("list items and headings are paragraphs; a thematic break is no text") {
        CHECK(markdown_paragraphs("# Head *line*\n\n- a\n- b\n\n---\n\n1. c") ==
              std::vector<std::string>{"Head line", "a", "b", "c"});
    }
    SECTION("inline: links give their text and the first link, images nothing, escapes the character") {
        CHECK(markdown_paragraphs("Read at [Paper](https://p.example/x) ![logo](l.png) and [two](y)") ==
              std::vector<std::string>{"Read at Paper and two ->https://p.example/x"});
        CHECK(markdown_paragraphs("\\#tag \\*star\\* snake_case __bold__ `code` &amp;") ==
              std::vector<std::string>{"#tag *star* snake_case bold code &"});
        CHECK(markdown_paragraphs("#tag at the start is text") ==
              std::vector<std::string>{"#tag at the start is text"});
    }
    SECTION("raw HTML is text, and a line indented four spaces is a paragraph line") {
        CHECK(markdown_paragraphs("a <b>c</b>\n\n    indented") == std::vector<std::string>{"a <b>c</b>", "indented"});
    }
}

TEST_CASE("A Markdown clipping's read-at link gives source_url, made absolute", "[clipping][markdown]") {
    const std::string md = "> \"A passage.\"\n\nRead at [Paper](/story/1)\n";
    auto got = first_json(md, ContentKind::text);
    REQUIRE(got.is_object());
    CHECK(got["source"] == "Paper");
    CHECK(got["source_url"] == "https://clips.example.org/story/1");
    SECTION("a read-at line with no link has no source_url") {
        auto plain = first_json("> \"A passage.\"\n\nRead at Paper\n", ContentKind::text);
        REQUIRE(plain.is_object());
        CHECK(plain["source_url"].is_null());
    }
}
