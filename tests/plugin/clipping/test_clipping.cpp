// Tests for plugin/clipping: whole documents in, clippings out.
#include <catch2/catch.hpp>
#include <utf8proc.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "support/clipping_test_support.hpp"
#include "plugin/clipping/clipping.hpp"
#include "plugin/clipping/unicode_text.hpp"

using clipfeed::Arena;
using clipfeed::ContentKind;
using clipfeed::extract_clipping;
using clipfeed_test::clipping_json;
using clipfeed_test::files_with_extensions;
using clipfeed_test::read_file;
using clipfeed_test::scorer_canonical;
namespace fs = std::filesystem;

namespace {

const fs::path kFixtures = fs::path(CLIPFEED_FIXTURES_DIR) / "clipping";
const fs::path kShared = fs::path(CLIPFEED_SHARED_DIR);

// The item link our fixtures' relative read-at links resolve against.
constexpr const char* kItemLink = "https://clips.example.org/saved/17";

nlohmann::json extract_json(const std::string& content, ContentKind kind = ContentKind::detect,
                            std::string_view base_url = kItemLink) {
    Arena arena;
    return clipping_json(extract_clipping(content, kind, base_url, arena));
}

// Checks each field on its own, so a failure names the field.
void check_fields(const nlohmann::json& got, const nlohmann::json& expected) {
    if (expected.is_null() || got.is_null()) {
        CHECK(got.dump(1) == expected.dump(1));
        return;
    }
    for (const char* field : {"quotes", "summary", "tags", "source", "source_url", "read_time_minutes"}) {
        INFO("field " << field);
        CHECK(got[field].dump(1) == expected[field].dump(1));
    }
}

}  // namespace

TEST_CASE("Every fixture document gives exactly its expected clipping", "[clipping]") {
    auto inputs = files_with_extensions(kFixtures, {".txt", ".md", ".html"});
    REQUIRE(inputs.size() >= 23);
    for (const fs::path& input : inputs) {
        fs::path expected_path = input;
        expected_path.replace_extension(".json");
        INFO("fixture " << input.filename());
        check_fields(extract_json(read_file(input)), nlohmann::json::parse(read_file(expected_path)));
    }
}

TEST_CASE("The shared text and HTML gold cases give the expected clipping as the scorer compares it",
          "[clipping][shared]") {
    const fs::path cases = kShared / "examples" / "clippings" / "cases";
    if (!fs::is_directory(cases)) {
        WARN("skipped: " << cases << " is absent (set CLIPFEED_SHARED_DIR)");
        return;
    }
    auto inputs = files_with_extensions(cases, {".txt", ".html"});
    REQUIRE(!inputs.empty());
    for (const fs::path& input : inputs) {
        fs::path expected_path = kShared / "examples" / "clippings" / "expected" / input.filename();
        expected_path.replace_extension(".json");
        INFO("case " << input.filename());
        // As `clipfeed clip FILE` runs it: detected kind, no item link.
        check_fields(scorer_canonical(extract_json(read_file(input), ContentKind::detect, "")),
                     scorer_canonical(nlohmann::json::parse(read_file(expected_path))));
    }
}

TEST_CASE("The Axios example gives exactly its expected JSON", "[clipping][shared]") {
    const fs::path example = kShared / "examples" / "clipping-axios.txt";
    if (!fs::exists(example)) {
        WARN("skipped: " << example << " is absent (set CLIPFEED_SHARED_DIR)");
        return;
    }
    auto expected = nlohmann::json::parse(read_file(kShared / "examples" / "clipping-axios.expected.json"));
    auto got = extract_json(read_file(example), ContentKind::detect, "");
    check_fields(scorer_canonical(got), scorer_canonical(expected));
    CHECK(got == expected);  // byte for byte, not only after the scorer's normalization
}

// The content a feed parser hands over for each shape of feed item (the
// feed.*.xml gold cases), written out by hand.
TEST_CASE("Item content as a feed hands it over is read by its declared kind", "[clipping][feed-shapes]") {
    SECTION("Atom content type=\"text\": plain text with a leading newline") {
        std::string content =
            "\n\"The pool will stay open until 9 p.m. all summer.\"\n"
            "\"Why it matters: It is the only public pool on the west side.\"\n"
            "#pools #summer\nRead at West Side News\nUnable to calculate read time\nCollection\n[\n|\n...\n]";
        auto got = extract_json(content, ContentKind::text, "https://clips.example.org/c/1");
        REQUIRE(got.is_object());
        CHECK(got["quotes"].size() == 2);
        CHECK(got["quotes"][1]["label"] == "Why it matters");
        CHECK(got["tags"] == nlohmann::json({"pools", "summer"}));
        CHECK(got["source"] == "West Side News");
        CHECK(got["source_url"].is_null());
        CHECK(got["read_time_minutes"].is_null());
    }
    SECTION("Atom content type=\"xhtml\": the xhtml div and its paragraphs") {
        std::string content =
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"><div class=\"clip\">\n"
            "<p>\"The pool will stay open until 9 p.m. all summer.\"</p>\n"
            "<p>Extended hours start on June 1.</p>\n"
            "<p>#pools #summer</p>\n"
            "<p>Read at <a href=\"/pools/hours\">West Side News</a></p>\n"
            "<p><span>2 min read</span></p>\n</div></div>";
        auto got = extract_json(content, ContentKind::html, "https://clips.example.org/c/2");
        REQUIRE(got.is_object());
        CHECK(got["quotes"][0]["text"] == "The pool will stay open until 9 p.m. all summer.");
        CHECK(got["summary"] == "Extended hours start on June 1.");
        CHECK(got["source_url"] == "https://clips.example.org/pools/hours");
        CHECK(got["read_time_minutes"] == 2);
    }
    SECTION("RSS description or content:encoded: HTML with blockquotes or <br> lines") {
        std::string blockquotes =
            "<blockquote><p>\u201cThe pool will stay open until 9 p.m. all summer.\u201d</p></blockquote>\n"
            "<p><a href=\"https://clips.example.org/tags/pools\">#pools</a></p>\n"
            "<p><a href=\"https://news.example.com/pools\">Read at West Side News</a></p>\n"
            "<div class=\"collection\">Collection <span>[</span> | <span>...</span> ]</div>";
        auto got = extract_json(blockquotes, ContentKind::html, "https://clips.example.org/c/3");
        REQUIRE(got.is_object());
        CHECK(got["quotes"][0]["text"] == "The pool will stay open until 9 p.m. all summer.");
        CHECK(got["tags"] == nlohmann::json({"pools"}));
        CHECK(got["source_url"] == "https://news.example.com/pools");

        std::string lines =
            "<p>\"The pool will stay open until 9 p.m. all summer.\"<br>\n#pools #summer<br>\n"
            "Read at West Side News<br>\n3 min read<br>\nCollection<br>\n[<br>\n]</p>";
        got = extract_json(lines, ContentKind::html, "https://clips.example.org/c/4");
        REQUIRE(got.is_object());
        CHECK(got["source"] == "West Side News");
        CHECK(got["source_url"].is_null());
        CHECK(got["read_time_minutes"] == 3);
    }
    SECTION("An item whose description is an ordinary article lede has no clipping") {
        std::string lede =
            "<p>\"It was the busiest day in years,\" the lifeguard said on Saturday.</p>"
            "<p>Lines stretched around the block.</p>";
        CHECK(extract_json(lede, ContentKind::html, "https://clips.example.org/c/5").is_null());
    }
}

TEST_CASE("Detection reads content with an element tag as HTML and anything else as text", "[clipping]") {
    std::string tagged = "<p>\"Bridges <em>matter</em>.\"</p>\n<p>#bridges</p>";
    CHECK(extract_json(tagged)["quotes"][0]["text"] == "Bridges matter.");
    // Read as text, the first line begins with "<p>", not with a quote mark.
    CHECK(extract_json(tagged, ContentKind::text).is_null());

    std::string untagged = "\"Love <3, x<y &amp; more\"\n#hearts";
    CHECK(extract_json(untagged)["quotes"][0]["text"] == "Love <3, x<y &amp; more");
    // Read as HTML, both lines are one paragraph, which is no quote.
    CHECK(extract_json(untagged, ContentKind::html).is_null());
}

TEST_CASE("Letters and quote marks written as character references still make a clipping", "[clipping]") {
    // The early exit must not miss "Read" spelled with a reference, nor &quot; quotes.
    auto got = extract_json("<p>&quot;Rents rose 8%.&quot;</p><p>&#82;ead at Housing Desk</p>", ContentKind::html);
    REQUIRE(got.is_object());
    CHECK(got["quotes"][0]["text"] == "Rents rose 8%.");
    CHECK(got["source"] == "Housing Desk");
    got = extract_json("<p>&laquo;&nbsp;Les loyers montent.&nbsp;&raquo;</p><p>&#35;logement</p>", ContentKind::html);
    REQUIRE(got.is_object());
    CHECK(got["quotes"][0]["text"] == "Les loyers montent.");
    CHECK(got["tags"] == nlohmann::json({"logement"}));
}

TEST_CASE("Content that is empty or lacks a quote or any footer and tag gives no clipping", "[clipping]") {
    CHECK(extract_json("").is_null());
    CHECK(extract_json("\n\n").is_null());
    CHECK(extract_json("\"A quote with nothing after it.\"").is_null());
    CHECK(extract_json("Read at Somewhere\n#tags #only").is_null());
}

TEST_CASE("Every string of a clipping is NUL-terminated in the arena and outlives later calls", "[clipping]") {
    Arena arena;
    std::string content = "<blockquote>\"Why it matters: Roads.\"</blockquote><p>Short summary.</p><p>#roads</p>"
                          "<p><a href=\"/x\">Read at Road News</a></p><p>4 min read</p>";
    auto clipping = extract_clipping(content, ContentKind::detect, "https://example.org/a/b", arena);
    REQUIRE(clipping);
    auto first = clipping_json(clipping);
    content.assign(content.size(), 'x');  // the input is not referenced
    for (int i = 0; i < 3; ++i) {        // nor are the extractor's reused buffers
        Arena other;
        extract_clipping("\"Another quote.\"\n#other\nRead at Elsewhere", ContentKind::text, "", other);
    }
    CHECK(clipping_json(clipping) == first);
    CHECK(first["source_url"] == "https://example.org/x");

    auto nul_terminated = [](std::string_view s) { return s.data()[s.size()] == '\0'; };
    for (const auto& quote : clipping->quotes) {
        CHECK(nul_terminated(quote.text));
        REQUIRE(quote.label);
        CHECK(nul_terminated(*quote.label));
    }
    for (auto tag : clipping->tags) CHECK(nul_terminated(tag));
    CHECK(nul_terminated(*clipping->summary));
    CHECK(nul_terminated(*clipping->source));
    CHECK(nul_terminated(*clipping->source_url));
}

TEST_CASE("Content larger than the reused buffers is read the same way", "[clipping]") {
    std::string content = "\"A quote ahead of a very long summary.\"\n";
    std::string paragraph(200, 'a');
    while (content.size() < (3u << 20)) content += paragraph + "\n";
    content += "#long\n";
    auto got = extract_json(content, ContentKind::text);
    REQUIRE(got.is_object());
    CHECK(got["tags"] == nlohmann::json({"long"}));
    CHECK(got["summary"].get<std::string>().size() > (3u << 20));
}

TEST_CASE("Invalid UTF-8 in the content becomes U+FFFD", "[clipping]") {
    auto got = extract_json("\"Caf\xE9 prices rose.\"\n#cafe", ContentKind::text);
    REQUIRE(got.is_object());
    CHECK(got["quotes"][0]["text"] == "Caf\xEF\xBF\xBD prices rose.");
}

namespace {

bool is_valid_utf8(std::string_view s) {
    for (std::size_t pos = 0; pos < s.size();) {
        utf8proc_int32_t cp = 0;
        auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + pos),
                                  static_cast<utf8proc_ssize_t>(s.size() - pos), &cp);
        if (n <= 0) return false;
        pos += static_cast<std::size_t>(n);
    }
    return true;
}

bool is_nfc(std::string_view s) {
    utf8proc_uint8_t* out = nullptr;
    auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()),
                          &out, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    bool same = n >= 0 && std::string_view(reinterpret_cast<char*>(out), static_cast<std::size_t>(n)) == s;
    std::free(out);
    return same;
}

// Plain, folded, trimmed text: valid UTF-8 in NFC, no white space but single
// spaces between words, none at the ends, and not empty.
bool is_clean_text(std::string_view s) {
    if (s.empty() || s.front() == ' ' || s.back() == ' ' || s.find("  ") != std::string_view::npos) return false;
    if (!is_valid_utf8(s) || !is_nfc(s)) return false;
    for (std::size_t pos = 0; pos < s.size();) {
        char32_t cp = clipfeed::unicode::next_codepoint(s, pos);
        if (cp != ' ' && clipfeed::unicode::is_white_space(cp)) return false;
    }
    return true;
}

}  // namespace

TEST_CASE("Any input gives a clipping of clean plain text, or none, and never fails", "[clipping][robustness]") {
    const std::vector<std::string> pieces = {
        "<p>", "</p>", "<blockquote>", "</blockquote>", "<br>", "<div class=\"x\">", "</div>", "<a href=\"/x?a=1&amp;b\">",
        "</a>", "<span>", "<!--", "-->", "<![CDATA[", "]]>", "<script>", "</script>", "<style>", "<title>", "&amp;",
        "&nbsp;", "&#8220;", "&#x201D;", "&#", "&", ";", "&quot;", "\"", "\u201C", "\u201D", "\u201E", "\u00AB ", " \u00BB",
        "#tag", "#\u00E9t\u00E9", " #", ", ", " \u00B7 ", "Tags: ", "Read at ", "Source:", "News", " \u2192", "3 min read",
        "Unable to calculate read time", "Collection", "\n", "\r\n", "\r", "\n\n", " ", "\t", "\u00A0", "\u3000", "\xFF",
        "\xE2\x80", "x", "Word", ": ", "Why it matters: ", ".", "e\u0301", "\u1100\u1161", "<", ">", "=", "'", "</",
        "<!DOCTYPE html>", "<?pi?>", "<p/>", "<BR/>"};
    std::uint32_t seed = 12345;
    auto next = [&seed] {
        seed = seed * 1103515245u + 12345u;  // a fixed sequence: the test is repeatable
        return (seed >> 16) & 0x7FFF;
    };
    std::size_t clippings = 0;
    for (int doc = 0; doc < 3000; ++doc) {
        std::string content;
        const std::uint32_t length = next() % 60;
        for (std::uint32_t i = 0; i < length; ++i) content += pieces[next() % pieces.size()];
        for (ContentKind kind : {ContentKind::detect, ContentKind::text, ContentKind::html}) {
            Arena arena;
            auto clipping = extract_clipping(content, kind, "https://clips.example.org/c/9", arena);
            if (!clipping) continue;
            ++clippings;
            INFO("content: " << content);
            REQUIRE(!clipping->quotes.empty());
            for (const auto& quote : clipping->quotes) {
                CHECK(is_clean_text(quote.text));
                if (quote.label) CHECK((is_clean_text(*quote.label) && quote.text.substr(0, quote.label->size()) == *quote.label));
            }
            if (clipping->summary) {
                std::string_view rest = *clipping->summary;
                for (std::size_t cut; (cut = rest.find("\n\n")) != std::string_view::npos; rest.remove_prefix(cut + 2))
                    CHECK(is_clean_text(rest.substr(0, cut)));
                CHECK(is_clean_text(rest));
            }
            for (std::size_t i = 0; i < clipping->tags.size(); ++i) {
                CHECK(is_clean_text(clipping->tags[i]));
                for (std::size_t j = 0; j < i; ++j) CHECK(clipping->tags[i] != clipping->tags[j]);
            }
            if (clipping->source) CHECK(is_clean_text(*clipping->source));
            CHECK((clipping->source || clipping->read_time_minutes || !clipping->tags.empty() ||
                   content.find("read time") != std::string::npos || content.find("Tags:") != std::string::npos));
        }
    }
    CHECK(clippings > 50);  // the pieces do make clippings, so the checks above ran
}

TEST_CASE("A footer word is found wherever it falls in content without a '#'", "[clipping]") {
    // The early exit looks for "read", "source", "tags" and "topics" many bytes
    // at a time; move each footer across those blocks and the content's end.
    const std::vector<std::string> footers = {"<p>5 min read</p>", "<p>Source: Harbor Desk</p>",
                                              "<p>Tags: harbor</p>", "<p>TOPICS: harbor</p>"};
    for (const std::string& footer : footers) {
        for (std::size_t pad = 0; pad < 100; ++pad) {
            for (bool footer_last : {true, false}) {
                std::string content = "<blockquote>\u201CThe harbor reopens.\u201D</blockquote>";
                content += "<p>" + std::string(pad, 'x') + "</p>" + footer;
                if (!footer_last) content += "<p>" + std::string(pad, 'y') + "</p>";
                INFO(content);
                CHECK(extract_json(content, ContentKind::html).is_object());
            }
        }
    }
    // Content shorter than one block.
    CHECK(extract_json("\"Q\"\nSource: X", ContentKind::text).is_object());
    CHECK(extract_json("\"Q\"\nRead", ContentKind::text).is_null());  // the word alone is no footer
}

TEST_CASE("Repeated tags are dropped, the first of each kept in place, however many there are", "[clipping]") {
    std::string content = "\"A quote.\"\n";
    nlohmann::json expected = nlohmann::json::array();
    for (int i = 2999; i >= 0; --i) {
        content += "#t" + std::to_string(i) + " ";
        expected.push_back("t" + std::to_string(i));
    }
    for (int i = 0; i < 3000; ++i) content += "#t" + std::to_string(i) + " ";
    content += "#T7 #t7";  // case is kept: #T7 is a tag of its own
    expected.push_back("T7");
    auto got = extract_json(content, ContentKind::text);
    REQUIRE(got.is_object());
    CHECK(got["tags"] == expected);
}
