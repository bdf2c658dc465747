// Tests for feeds/readingtime: the estimated reading time of every item
// (spec/clipping.md version 2, "Estimated reading time").
#include <catch2/catch.hpp>

#include <cctype>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "feeds/readingtime/reading_time.hpp"
#include "feeds/xml/parse.hpp"

using clipfeed::estimated_reading_minutes;
using clipfeed::TextKind;

namespace {

std::string words(int count, const std::string& word = "lorem") {
    std::string out;
    for (int i = 0; i < count; ++i) out += (i ? " " : "") + word;
    return out;
}

// `count` words as HTML paragraphs of at most `per_paragraph` words, no white
// space between the paragraphs: only the tags separate their words.
std::string paragraphs(int count, int per_paragraph) {
    std::string out;
    for (int done = 0; done < count; done += per_paragraph)
        out += "<p>" + words(std::min(per_paragraph, count - done)) + "</p>";
    return out;
}

}  // namespace

TEST_CASE("Reading time: 265 words are one minute, 266 are two", "[readingtime]") {
    CHECK(estimated_reading_minutes(words(265), TextKind::text) == 1);
    CHECK(estimated_reading_minutes(words(266), TextKind::text) == 2);
    CHECK(estimated_reading_minutes(words(530), TextKind::text) == 2);
    CHECK(estimated_reading_minutes(words(531), TextKind::text) == 3);
    CHECK(estimated_reading_minutes(paragraphs(265, 50), TextKind::html) == 1);
    CHECK(estimated_reading_minutes(paragraphs(266, 50), TextKind::html) == 2);
}

TEST_CASE("Reading time: an item with no text is one minute", "[readingtime]") {
    CHECK(estimated_reading_minutes("", TextKind::text) == 1);
    CHECK(estimated_reading_minutes(" \n\t ", TextKind::text) == 1);
    CHECK(estimated_reading_minutes("<p></p><img src=\"x.png\"><script>var a = 1;</script>", TextKind::html) == 1);
}

TEST_CASE("Reading time: what separates words in HTML", "[readingtime]") {
    // Block tags end words; inline tags do not; references are one character.
    const std::string inline_split = "<p>" + words(265, "lo<b>rem</b>") + " one</p>";
    CHECK(estimated_reading_minutes(inline_split, TextKind::html) == 2);  // 266 words
    CHECK(estimated_reading_minutes(words(266, "lorem<br>ipsum") , TextKind::html) == 3);  // 532 words
    CHECK(estimated_reading_minutes(words(133, "lorem&nbsp;ipsum"), TextKind::html) == 2);  // 266 words
    CHECK(estimated_reading_minutes(words(133, "lorem&amp;ipsum"), TextKind::html) == 1);   // 133 words
    CHECK(estimated_reading_minutes("<!-- " + words(600) + " --><p>short</p>", TextKind::html) == 1);
    CHECK(estimated_reading_minutes("<style>" + words(600) + "</style><p>short</p>", TextKind::html) == 1);
    // Read as text, the same markup is words like any other.
    CHECK(estimated_reading_minutes(paragraphs(265, 50), TextKind::text) == 1);
    CHECK(estimated_reading_minutes(words(266, "<p>x</p>"), TextKind::text) == 2);
}

TEST_CASE("Reading time: CJK text counts characters, 500 a minute, punctuation aside", "[readingtime]") {
    std::string han;
    for (int i = 0; i < 50; ++i) han += "新闻报道科学技术经济发展。";  // 12 letters and a full stop
    CHECK(estimated_reading_minutes(han, TextKind::text) == 2);  // 600 letters
    std::string kana;
    for (int i = 0; i < 100; ++i) kana += "ひらがなカタカナ";  // 800 letters
    CHECK(estimated_reading_minutes("<p>" + kana + "</p>", TextKind::html) == 2);
    std::string hangul;
    for (int i = 0; i < 125; ++i) hangul += "한국어 ";  // 375 letters, 125 words
    CHECK(estimated_reading_minutes(hangul, TextKind::text) == 1);
    // Less than half CJK: words again (one word of 300 Han and 301 Latin letters).
    std::string mixed(301, 'a');
    for (int i = 0; i < 300; ++i) mixed += "字";
    CHECK(estimated_reading_minutes(mixed, TextKind::text) == 1);
    std::string half(300, 'a');
    for (int i = 0; i < 300; ++i) half += "字";
    CHECK(estimated_reading_minutes(half, TextKind::text) == 2);  // 600 letters, half CJK
}

TEST_CASE("Reading time: every parsed item gets one, from its content else its summary", "[readingtime]") {
    const std::string feed =
        "<rss version=\"2.0\"><channel><title>t</title>"
        "<item><title>a</title><description>" + words(300) + "</description></item>"
        "<item><title>b</title><description>short</description>"
        "<content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">" + words(600) +
        "</content:encoded></item>"
        "<item><title>c</title><description>" + words(600) + "</description>"
        "<content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"></content:encoded></item>"
        "<item><title>d</title></item>"
        "</channel></rss>";
    clipfeed::ParseContext context;  // no enricher: the estimate does not depend on clippings
    auto parsed = clipfeed::parse_feed(feed, context);
    REQUIRE(parsed->feed.items.size() == 4);
    const auto& items = parsed->feed.items;
    CHECK(!items[0].estimated_reading_minutes.get());  // counted when first asked for
    CHECK(clipfeed::reading_minutes(items[0]) == 2);
    CHECK(items[0].estimated_reading_minutes.get() == 2);  // and kept
    CHECK(clipfeed::reading_minutes(items[1]) == 3);
    CHECK(clipfeed::reading_minutes(items[2]) == 3);
    CHECK(clipfeed::reading_minutes(items[3]) == 1);
}

namespace {

// The counts of ASCII text by the spec's words alone, one character at a
// time: the reference the table-driven counter is checked against.
clipfeed::ReadingCounts reference_counts(const std::string& text) {
    clipfeed::ReadingCounts counts;
    bool in_word = false;
    for (unsigned char c : text) {
        const bool space = c == ' ' || (c >= '\t' && c <= '\r');
        // Unicode puts $ + < = > ^ ` | ~ among the symbols, the rest of ispunct among punctuation.
        const bool punctuation = std::ispunct(c) && std::strchr("$+<=>^`|~", c) == nullptr;
        if (!space && !in_word) ++counts.words;
        if (!space && !punctuation) ++counts.letters;
        in_word = !space;
    }
    return counts;
}

}  // namespace

TEST_CASE("Reading time: the counts of random ASCII text match a character-by-character count", "[readingtime]") {
    std::mt19937 random(20261206);
    const std::string alphabet = "ab \t\n\r\v\f.,;:!?'\"()[]{}-_/\\@#%&*$+<=>^`|~09\x01\x7f";
    for (int round = 0; round < 500; ++round) {
        std::string text(random() % 300, ' ');
        for (char& c : text) c = alphabet[random() % alphabet.size()];
        const clipfeed::ReadingCounts got = clipfeed::count_reading(text, TextKind::text);
        const clipfeed::ReadingCounts want = reference_counts(text);
        INFO("text: " << text);
        CHECK(got.words == want.words);
        CHECK(got.letters == want.letters);
        CHECK(got.cjk_letters == 0);
        CHECK(clipfeed::count_words_and_cjk(text, TextKind::text).words == want.words);  // 16 bytes at a time
    }
}

TEST_CASE("Reading time: runs of thousands of blocks with nothing to stop them are counted whole", "[readingtime]") {
    // The fast count sums word starts in byte counters, added up every 255 blocks of 16 bytes:
    // runs well past 4,080 bytes with no markup, reference or UTF-8 in them.
    std::mt19937 random(20261207);
    const std::string alphabet = "ab \t\n.,;:!?'\"()-_/09";
    for (int round = 0; round < 20; ++round) {
        std::string text(4000 + random() % 40000, ' ');
        for (char& c : text) c = alphabet[random() % alphabet.size()];
        const clipfeed::ReadingCounts want = reference_counts(text);
        INFO("round " << round << ", " << text.size() << " bytes");
        CHECK(clipfeed::count_words_and_cjk(text, TextKind::text).words == want.words);
        CHECK(clipfeed::count_words_and_cjk(text, TextKind::html).words == want.words);
    }
    CHECK(clipfeed::count_words_and_cjk(words(20000), TextKind::html).words == 20000);
    // One-letter words: a word starts in every other byte counter of every block, the most a
    // counter can take before it is added up.
    CHECK(clipfeed::count_words_and_cjk(words(40000, "a"), TextKind::text).words == 40000);
}

TEST_CASE("Reading time: the fast word count agrees with the full count on text and HTML", "[readingtime]") {
    // Runs long enough for the 16-byte blocks, broken by markup, references and UTF-8.
    const std::vector<std::string> pieces = {"lorem", " ", "  ", "\n", "\t\r\n", "ipsum.", "<p>", "</p>", "<b>",
                                             "</b>", "&amp;", "&nbsp;", "&#x5b57;", "é", "字", "ひら", "—",
                                             "\xc2\xa0", "a<", "&", "0123456789abcdef", "                "};
    std::mt19937 random(61206);
    for (int round = 0; round < 1000; ++round) {
        std::string text;
        const int count = static_cast<int>(random() % 60);
        for (int i = 0; i < count; ++i) text += pieces[random() % pieces.size()];
        for (TextKind kind : {TextKind::text, TextKind::html}) {
            const clipfeed::ReadingCounts full = clipfeed::count_reading(text, kind);
            const clipfeed::ReadingCounts fast = clipfeed::count_words_and_cjk(text, kind);
            INFO("text: " << text << (kind == TextKind::text ? " (text)" : " (html)"));
            CHECK(fast.words == full.words);
            CHECK(fast.cjk_letters == full.cjk_letters);
        }
    }
}

TEST_CASE("Reading time: threads that ask for the same item's estimate at once agree", "[readingtime]") {
    std::string feed = "<rss version=\"2.0\"><channel><title>t</title>";
    for (int i = 0; i < 50; ++i) feed += "<item><title>x</title><description>" + words(100 + 10 * i) + "</description></item>";
    feed += "</channel></rss>";
    clipfeed::ParseContext context;
    auto parsed = clipfeed::parse_feed(feed, context);
    const auto& items = parsed->feed.items;
    REQUIRE(items.size() == 50);
    std::vector<std::vector<int>> seen(4);
    std::vector<std::thread> threads;
    for (auto& out : seen)
        threads.emplace_back([&items, &out] {
            for (const auto& item : items) out.push_back(clipfeed::reading_minutes(item));
        });
    for (auto& t : threads) t.join();
    for (int i = 0; i < 50; ++i) {
        const int want = (100 + 10 * i + 264) / 265;
        for (const auto& out : seen) CHECK(out[static_cast<std::size_t>(i)] == want);
    }
}
