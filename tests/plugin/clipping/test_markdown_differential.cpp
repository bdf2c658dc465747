// The Markdown fast path (plugin/clipping/markdown_blocks: plain blocks read
// by a line scanner, md4c for the rest) against md4c reading everything: for
// every Markdown fixture, the shared version-2 examples and thousands of
// generated documents, both must give the same paragraphs, quote marks,
// links and separators.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "plugin/clipping/markdown_blocks.hpp"
#include "plugin/clipping/markdown_paragraphs.hpp"
#include "plugin/clipping/paragraphs.hpp"
#include "support/clipping_test_support.hpp"

using clipfeed::MarkdownBlock;
using clipfeed::MarkdownReading;
namespace fs = std::filesystem;

namespace {

// describe_paragraphs, then where the separators are.
std::vector<std::string> read_as(const std::string& markdown, MarkdownReading how) {
    clipfeed::Paragraphs paragraphs;
    clipfeed::read_markdown_paragraphs(markdown, paragraphs, how);
    paragraphs.normalize();
    std::vector<std::string> out = clipfeed_test::describe_paragraphs(paragraphs);
    for (std::size_t at : paragraphs.separators()) out.push_back("separator before " + std::to_string(at));
    return out;
}

// How many blocks of `markdown` the fast path reads itself (kinds paragraph, quote).
std::size_t plain_blocks(const std::string& markdown) {
    std::size_t plain = 0;
    MarkdownBlock block;
    for (std::size_t pos = 0; clipfeed::next_markdown_block(markdown, pos, block);)
        if (block.kind != MarkdownBlock::Kind::other) ++plain;
    return plain;
}

// Returns how many plain blocks the files had between them.
std::size_t compare_files(const std::vector<fs::path>& files) {
    std::size_t plain = 0;
    for (const fs::path& file : files) {
        INFO("file " << file);
        const std::string markdown = clipfeed_test::read_file(file);
        const auto expected = read_as(markdown, MarkdownReading::md4c_only);
        CHECK(!expected.empty());
        CHECK(read_as(markdown, MarkdownReading::fast) == expected);
        plain += plain_blocks(markdown);
    }
    return plain;
}

// A fixed sequence for a seed, the same on every machine: mt19937_64's
// output is set by the C++ standard.
class Random {
public:
    explicit Random(std::uint64_t seed) : engine_(seed) {}
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(engine_() % n); }
    bool one_in(std::size_t n) { return below(n) == 0; }
    template <typename T, std::size_t N>
    const T& pick(const T (&items)[N]) { return items[below(N)]; }

private:
    std::mt19937_64 engine_;
};

// Pieces of a line's text: mostly plain (what the fast path reads), with
// everything inline parsing gives a meaning to now and then.
const char* const kPlainWords[] = {
    "harbour", "council", "the", "ferry", "opened", "\xE2\x80\x9C" "Quoted", "words.\xE2\x80\x9D", "caf\xC3\xA9",
    "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xAE\xE5\xA4\xA9\xE6\xB0\x97",  // 東京の天気
    "#tag", "#local-news", "Read at Example News", "5 min read", "Why it matters:", "a > b", "x=1", "-5",
    "2024", "(note)", "50%", "a\tb", "e\xCC\x81",  // e + combining acute: NFC composes it
    "\xE3\x80\x80", "\xC2\xA0", "~", "| pipe", "+1", "#", "1.5", "snake-case",
    "\xEF\xBB\xBF" "bom", "line\xE2\x80\xA8sep", "\xC3",  // a BOM, U+2028, a cut UTF-8 sequence
    // Plain links, which the fast path reads itself.
    "[#tag](/tags/harbour)", "[Read at Example News](https://news.example.com/0/1)", "[a](b)(c)", "[](u)",
    "[x](y)z", "[caf\xC3\xA9](https://\xC3\xA9.example/a?b=1#c)", "Read at [Paper](/p)", "[ a ](b>c)",
};
const char* const kMarkupPieces[] = {
    "*em*", "_u_", "**strong**", "__strong__", "`code`", "[a link](https://x.example/a?b=1&amp;c=2)",
    "![an image](p.png)", "\\*", "\\#tag", "&amp;", "&copy;", "&#35;", "<https://auto.example/>", "a<b",
    "snake_case", "wow!", "]", "[", "[Read at Paper](/r/1 \"title\")", "[ref]", "![x][ref]", "\\", "&",
    "\f", "\v", "** not closed", "[x](<a b>)", "[a] (b)", "[a](b c)", "[a](<b>)", "[a](b \"t\")", "[a](b(c))",
    "[a]()", "[a](b", "[a\tb](c)", "[a](b\\c)", "[a](b&amp;c)", "[a [b](c)", "[a](b)]",
};
// Whole lines that open (or may open) a block, or change others.
const char* const kBlockLines[] = {
    "- item", "* item", "+ item", "1. item", "2) item", "12345678901. too long", "# Heading", "###### six",
    "####### seven", "#tag line", "---", "***", "___", "- - -", "===", "```", "~~~", "```js", "[ref]: https://r.example/",
    "    indented four", "\tindented tab", "  two spaces", "<div>", "| a | b |", "> in a paragraph", "#",
    "   > three", "    > four", ">", ">>", "> >", ">     > far", ">\tx", "1.", "-", "10. ten",
};
const char* const kLineBreaks[] = {"\n", "\n", "\n", "\r\n", "\r"};
const char* const kBlankLines[] = {"\n\n", "\n\n", "\n \n", "\n\t\n", "\r\n\r\n", "\r\r", "\n\n\n", "\n   \n"};

std::string line_text(Random& r, bool markup) {
    std::string text;
    const std::size_t pieces = 1 + r.below(7);
    for (std::size_t i = 0; i < pieces; ++i) {
        if (i) text += r.one_in(8) ? "  " : " ";
        if (markup && r.one_in(4)) {
            if (r.one_in(12))
                text += std::string("nul\0byte", 8);  // a NUL, which md4c gives as U+FFFD
            else
                text += r.pick(kMarkupPieces);
        } else {
            text += r.pick(kPlainWords);
        }
    }
    if (r.one_in(6)) text += r.one_in(2) ? "  " : " ";  // trailing spaces: a hard break or nothing
    return text;
}

std::string quote_markers(Random& r, bool first) {
    std::string markers = first ? "" : std::string(r.below(3) == 0 ? r.below(4) : 0, ' ');
    const std::size_t depth = 1 + (r.one_in(4) ? r.below(3) : 0);
    for (std::size_t i = 0; i < depth; ++i) markers += r.one_in(3) ? ">" : "> ";
    return markers;
}

// A document of blocks: paragraphs, quote blocks, block lines, in any mix.
std::string generate(Random& r) {
    const bool markup = !r.one_in(3);  // a third of the documents: plain text only
    std::string doc;
    const std::size_t blocks = 1 + r.below(8);
    for (std::size_t b = 0; b < blocks; ++b) {
        if (b) doc += r.pick(kBlankLines);
        const std::size_t lines = 1 + r.below(3);
        const std::size_t shape = r.below(10);
        const char* line_break = r.pick(kLineBreaks);
        for (std::size_t l = 0; l < lines; ++l) {
            if (l) doc += line_break;
            if (markup && r.one_in(9)) {
                doc += r.pick(kBlockLines);
                if (r.one_in(2)) doc += " " + line_text(r, markup);
            } else if (shape < 4) {
                doc += quote_markers(r, l == 0) + line_text(r, markup);
            } else {
                if (l > 0 && r.one_in(6)) doc += std::string(1 + r.below(5), ' ');
                doc += line_text(r, markup);
            }
        }
    }
    if (r.one_in(3)) doc += r.pick(kLineBreaks);
    return doc;
}

}  // namespace

TEST_CASE("The Markdown fast path and md4c alone give the same paragraphs for our Markdown fixtures",
          "[clipping][markdown][differential]") {
    const fs::path fixtures = fs::path(CLIPFEED_FIXTURES_DIR) / "clipping";
    auto files = clipfeed_test::files_with_extensions(fixtures, {".md"});
    auto collections = clipfeed_test::files_with_extensions(fixtures / "collections", {".md"});
    files.insert(files.end(), collections.begin(), collections.end());
    REQUIRE(files.size() >= 5);
    CHECK(compare_files(files) > 0);
}

TEST_CASE("The Markdown fast path and md4c alone give the same paragraphs for the shared version-2 examples",
          "[clipping][markdown][differential][shared]") {
    const fs::path examples = fs::path(CLIPFEED_SHARED_DIR) / "examples" / "clippings-v2";
    if (!fs::is_directory(examples)) {
        WARN("skipped: " << examples << " is absent (set CLIPFEED_SHARED_DIR)");
        return;
    }
    std::vector<fs::path> files;
    for (const char* folder : {"all", "single"}) {
        auto found = clipfeed_test::files_with_extensions(examples / folder, {".md"});
        files.insert(files.end(), found.begin(), found.end());
    }
    REQUIRE(!files.empty());
    CHECK(compare_files(files) > 0);
}

TEST_CASE("The Markdown fast path and md4c alone give the same paragraphs for generated documents",
          "[clipping][markdown][differential]") {
    Random r(21);
    std::size_t plain = 0, documents_all_plain = 0;
    for (int i = 0; i < 50000; ++i) {
        const std::string doc = generate(r);
        INFO("document " << i << ": " << ::Catch::Detail::stringify(doc));
        const auto expected = read_as(doc, MarkdownReading::md4c_only);
        REQUIRE(read_as(doc, MarkdownReading::fast) == expected);
        const std::size_t doc_plain = plain_blocks(doc);
        plain += doc_plain;
        MarkdownBlock block;
        std::size_t blocks = 0;
        for (std::size_t pos = 0; clipfeed::next_markdown_block(doc, pos, block);) ++blocks;
        if (doc_plain == blocks && !clipfeed::has_cross_block_markdown(doc)) ++documents_all_plain;
    }
    // The comparison means something only when both paths are taken often.
    CHECK(plain > 50000);
    CHECK(documents_all_plain > 1000);
    CHECK(documents_all_plain < 45000);
}

TEST_CASE("The Markdown line scanner reads plain blocks itself and leaves the rest to md4c",
          "[clipping][markdown]") {
    auto kinds = [](const std::string& markdown) {
        std::string out;
        MarkdownBlock block;
        for (std::size_t pos = 0; clipfeed::next_markdown_block(markdown, pos, block);)
            out += block.kind == MarkdownBlock::Kind::paragraph ? 'P' : block.kind == MarkdownBlock::Kind::quote ? 'Q' : 'o';
        return out;
    };
    CHECK(kinds("> \xE2\x80\x9C" "A quote,\n> two lines.\xE2\x80\x9D\n\nA summary.\n\n#tag #other\n\n5 min read") == "QPPP");
    CHECK(kinds("> > nested\n>\n>> and on") == "Q");
    CHECK(kinds("Read at [Paper](https://p.example/)\n\n> [#a](/t/a) [#b](/t/b)") == "PQ");  // plain links
    CHECK(kinds("[a](b c)\n\n[a] (b)\n\n![a](b)\n\n[a](<b>)") == "oooo");
    CHECK(kinds("> a quote\nlazy line") == "o");                     // a lazy continuation
    CHECK(kinds("text\n---") == "o");                                // a setext heading
    CHECK(kinds("# Heading\n\n#tag") == "oP");                       // a heading, a hashtag
    CHECK(kinds("1. item\n\n2024 was a year\n\n2024. was a list") == "oPo");
    CHECK(kinds("  indented\n\nsnake_case\n\nfine\ttab\r\n\r\nform\ffeed") == "ooPo");
    CHECK(clipfeed::has_cross_block_markdown("[ref]: https://r.example/"));
    CHECK(clipfeed::has_cross_block_markdown("```\ncode\n\nstill code"));
    CHECK_FALSE(clipfeed::has_cross_block_markdown("> plain [link](u) ~ `a`"));
}

TEST_CASE("A link reference definition after plain blocks sends the whole document to md4c",
          "[clipping][markdown][differential]") {
    // The plain blocks before it were read already: they are read again, once.
    const std::string doc = "A plain paragraph.\n\n> \"A plain quote.\"\n\nSee [the page].\n\n[the page]: https://r.example/p\n";
    const auto fast = read_as(doc, MarkdownReading::fast);
    CHECK(fast == read_as(doc, MarkdownReading::md4c_only));
    CHECK(fast == std::vector<std::string>{"A plain paragraph.", "Q|\"A plain quote.\"", "See the page. ->https://r.example/p"});
}

TEST_CASE("The Markdown line scan in use is the one the environment asks for", "[clipping][markdown][differential]") {
    // ctest runs the differential tests twice: as the CPU allows, and with
    // CLIPFEED_MARKDOWN_SSE2 set, so that the SSE2 scan is compared with md4c too.
    const std::string scan = clipfeed::markdown_line_scan();
    INFO("line scan: " << scan);
    if (std::getenv("CLIPFEED_MARKDOWN_SSE2")) {
        CHECK(scan == "sse2");
    } else {
#if defined(__x86_64__)
        CHECK(scan == std::string(__builtin_cpu_supports("avx2") ? "avx2" : "sse2"));
#endif
    }
}
