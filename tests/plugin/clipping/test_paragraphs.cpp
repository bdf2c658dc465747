// Tests for plugin/clipping/paragraphs, text_paragraphs, html_paragraphs
// and plugin/html_entities: documents to paragraphs.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "support/clipping_test_support.hpp"
#include "plugin/clipping/html_entities.hpp"
#include "plugin/clipping/html_paragraphs.hpp"
#include "plugin/clipping/paragraphs.hpp"
#include "plugin/clipping/text_paragraphs.hpp"
#include "plugin/clipping/unicode_text.hpp"

using clipfeed::Paragraphs;

namespace {

using Texts = std::vector<std::string>;

Texts text_paragraphs(std::string_view text) {
    Paragraphs paragraphs;
    clipfeed::read_text_paragraphs(text, paragraphs);
    paragraphs.normalize();
    return clipfeed_test::describe_paragraphs(paragraphs);
}

Texts html_paragraphs(std::string_view html) {
    Paragraphs paragraphs;
    clipfeed::read_html_paragraphs(html, paragraphs);
    paragraphs.normalize();
    return clipfeed_test::describe_paragraphs(paragraphs);
}

}  // namespace

// --- Plain text ----------------------------------------------------------

TEST_CASE("Without a blank line between text, every non-blank line is a paragraph", "[clipping][paragraphs]") {
    CHECK(text_paragraphs("one\ntwo\n\n") == Texts{"one", "two"});
    CHECK(text_paragraphs("\n\n  one  \n two\nthree") == Texts{"one", "two", "three"});
}

TEST_CASE("With a blank line between text, paragraphs are the blocks, their lines joined by a space",
          "[clipping][paragraphs]") {
    CHECK(text_paragraphs("one\nmore\n\ntwo\n") == Texts{"one more", "two"});
    CHECK(text_paragraphs("one\n\n\n\ntwo\nthree") == Texts{"one", "two three"});
    // A line of white space (tabs, no-break spaces) is blank.
    CHECK(text_paragraphs("one\n \t\u00A0\ntwo") == Texts{"one", "two"});
}

TEST_CASE("LF, CRLF and CR line ends all end lines", "[clipping][paragraphs]") {
    CHECK(text_paragraphs("a\r\nb\r\n") == Texts{"a", "b"});
    CHECK(text_paragraphs("a\rb\r") == Texts{"a", "b"});
    CHECK(text_paragraphs("a\r\n\r\nb\rc") == Texts{"a", "b c"});
    CHECK(text_paragraphs("a\r\rb") == Texts{"a", "b"});
    CHECK(text_paragraphs("a\n\rb") == Texts{"a", "b"});  // LF then CR: a blank line between
}

TEST_CASE("White space runs fold to one space and paragraphs are trimmed", "[clipping][paragraphs]") {
    CHECK(text_paragraphs("\t a \t b\u00A0\u00A0c\u2003d\u3000e\u202F\u00BB  ") == Texts{"a b c d e \u00BB"});
    CHECK(text_paragraphs("x\u200By") == Texts{"x\u200By"});  // a zero width space is not white space
}

TEST_CASE("Paragraph text is put in Unicode normalization form C", "[clipping][paragraphs]") {
    CHECK(text_paragraphs("Cafe\u0301 cre\u0300me") == Texts{"Caf\u00E9 cr\u00E8me"});
    CHECK(text_paragraphs("\u212B ngstr\u00F6m") == Texts{"\u00C5 ngstr\u00F6m"});         // a singleton
    CHECK(text_paragraphs("\u1100\u1161\u11A8") == Texts{"\uAC01"});                     // Hangul jamo
    CHECK(text_paragraphs("\u1112\u1161\u11AB \uD55C") == Texts{"\uD55C \uD55C"});
    CHECK(text_paragraphs("\uAC00\u11A8") == Texts{"\uAC01"});                           // syllable + final jamo
    CHECK(text_paragraphs("\u0CC6\u0CC2") == Texts{"\u0CCA"});                           // Kannada vowel signs
    CHECK(text_paragraphs("\u201CAlready NFC \u2014 \u00E9\u2019s\u201D") == Texts{"\u201CAlready NFC \u2014 \u00E9\u2019s\u201D"});
}

// --- HTML --------------------------------------------------------------------

TEST_CASE("Block elements and <br> split HTML into paragraphs, inline elements only give text",
          "[clipping][paragraphs]") {
    CHECK(html_paragraphs("<p>one <b>bold</b><i>it</i> <span>x</span></p>two<div>three<br>four<br/>five</div>") ==
          Texts{"one boldit x", "two", "three", "four", "five"});
    CHECK(html_paragraphs("<ul><li>a</li><li>b<ol><li>c</li></ol></li></ul><h2>Head</h2><table><tr><td>x</td>"
                          "<td>y</td></tr></table><section>s</section><hr>z") ==
          Texts{"a", "b", "c", "Head", "x", "y", "s", "z"});
    CHECK(html_paragraphs("<P CLASS=x>Upper</P><BR><DIV>case</DIV>") == Texts{"Upper", "case"});
    CHECK(html_paragraphs("<custom-element>inline</custom-element> text") == Texts{"inline text"});
}

TEST_CASE("A blockquote is one paragraph, whatever blocks it holds", "[clipping][paragraphs]") {
    CHECK(html_paragraphs("before<blockquote><p>one</p><p>two<br>three</p></blockquote>after") ==
          Texts{"before", "Q|one two three", "after"});
    CHECK(html_paragraphs("<blockquote>outer <blockquote>inner</blockquote> tail</blockquote>") ==
          Texts{"Q|outer inner tail"});
    CHECK(html_paragraphs("<blockquote> </blockquote><blockquote>x</blockquote>") == Texts{"Q|x"});
    CHECK(html_paragraphs("<blockquote>never closed<p>more") == Texts{"Q|never closed more"});
    CHECK(html_paragraphs("stray</blockquote>end") == Texts{"stray", "end"});
}

TEST_CASE("Script, style and title give no text, comments, doctypes and processing instructions neither",
          "[clipping][paragraphs]") {
    CHECK(html_paragraphs("<!DOCTYPE html><?xml version=\"1.0\"?><title>T</title><style>p > a {}</style>"
                          "<script>if (a < b && c) { s = \"</p>\"; }</script><p>text<!-- <p>hidden</p> -->"
                          "more</p>") == Texts{"textmore"});
    CHECK(html_paragraphs("<SCRIPT type=x>x = '</scr' + 'ipt>';</SCRIPT >after") == Texts{"after"});
    CHECK(html_paragraphs("a<!-->b<!--->c<!-- x -- y -->d") == Texts{"abcd"});
    CHECK(html_paragraphs("a<!-- never closed <p>b") == Texts{"a"});
    CHECK(html_paragraphs("a<script>never closed") == Texts{"a"});
}

TEST_CASE("CDATA sections give their text as written", "[clipping][paragraphs]") {
    CHECK(html_paragraphs("<p>a<![CDATA[ <b>&amp; ]]>b</p>") == Texts{"a <b>&amp; b"});
    CHECK(html_paragraphs("<p>a<![CDATA[unterminated") == Texts{"aunterminated"});
}

TEST_CASE("A '<' that starts no markup is text", "[clipping][paragraphs]") {
    CHECK(html_paragraphs("a < b, x<3, <> and </ > end") == Texts{"a < b, x<3, <> and end"});
    CHECK(html_paragraphs("trailing <") == Texts{"trailing <"});
}

TEST_CASE("Character references are decoded", "[clipping][paragraphs]") {
    CHECK(html_paragraphs("&ldquo;&amp;&rdquo; &#8220;&#x201d; &#X41;&#66 &eacute;&Eacute;") ==
          Texts{"\u201C&\u201D \u201C\u201D AB \u00E9\u00C9"});
    CHECK(html_paragraphs("a&nbsp;b&nbsp;&nbsp;c") == Texts{"a b c"});
    CHECK(html_paragraphs("&#0; &#xD800; &#x110000; &#99999999999;") == Texts{"\uFFFD \uFFFD \uFFFD \uFFFD"});
    CHECK(html_paragraphs("&#147;quoted&#148; &#150; &#129;") == Texts{"\u201Cquoted\u201D \u2013 \u0081"});
}

TEST_CASE("The old Latin-1 entity names also work without a semicolon, as in browsers", "[clipping][paragraphs]") {
    CHECK(html_paragraphs("Tom &amp Jerry &copy2024 &nbspx &lt;p&gt") == Texts{"Tom & Jerry \u00A92024 x <p>"});
    CHECK(html_paragraphs("&notit; &ampx") == Texts{"\u00ACit; &x"});
    // Other names need their semicolon; unknown names and lone ampersands stay as written.
    CHECK(html_paragraphs("&hellip &apos &unknown; AT&T R & D &; &#; &#x;") ==
          Texts{"&hellip &apos &unknown; AT&T R & D &; &#; &#x;"});
}

TEST_CASE("Every HTML 4 entity name is read, in its own case only", "[clipping][paragraphs]") {
    CHECK(html_paragraphs("&diams; &thetasym; &Aring; &aring; &rsquo; &NBSP; &Diams;") ==
          Texts{"\u2666 \u03D1 \u00C5 \u00E5 \u2019 &NBSP; &Diams;"});
}

TEST_CASE("A paragraph's link is the first <a href> in it, its references decoded", "[clipping][paragraphs]") {
    CHECK(html_paragraphs("<p>Read at <a href=\"/x?a=1&amp;b=2\">X</a> or <a href=\"/y\">Y</a></p>") ==
          Texts{"Read at X or Y ->/x?a=1&b=2"});
    CHECK(html_paragraphs("<p><a href='single'>s</a></p><p><a href=bare>b</a></p><p><a name=n>none</a></p>") ==
          Texts{"s ->single", "b ->bare", "none"});
    CHECK(html_paragraphs("<p><a title=\"a > b\" HREF=\"/t\" href=\"/second\">t</a></p>") == Texts{"t ->/t"});
    // In attribute values, a legacy name followed by '=' or a letter stays as written.
    CHECK(html_paragraphs("<a href=\"?x=1&copy=2&notit=3&amp=4&lt\">q</a>") == Texts{"q ->?x=1&copy=2&notit=3&amp=4<"});
}

TEST_CASE("A link around blocks belongs to the paragraphs inside it, and to no later one",
          "[clipping][paragraphs]") {
    CHECK(html_paragraphs("<a href=\"/wrap\"><p>Read at X</p></a><p>later</p>") == Texts{"Read at X ->/wrap", "later"});
    CHECK(html_paragraphs("<p><a href=\"/empty\"></a></p><p>next</p>") == Texts{"next"});
    CHECK(html_paragraphs("<p><a href=\"/first\"></a>Read at <a href=\"/second\">X</a></p>") ==
          Texts{"Read at X ->/first"});
}

TEST_CASE("Malformed tags are read as far as they go", "[clipping][paragraphs]") {
    CHECK(html_paragraphs("<p class=\"unterminated>text</p><p>next</p>") == Texts{});
    CHECK(html_paragraphs("<p =weird x = 'y' z>ok</p>") == Texts{"ok"});
    CHECK(html_paragraphs("<p>text</p   ><br  />x</>y") == Texts{"text", "xy"});
    CHECK(html_paragraphs("<p>a</p id=\"x\">b") == Texts{"a", "b"});
}

TEST_CASE("Content is HTML when it holds a known element's tag", "[clipping][paragraphs]") {
    using clipfeed::looks_like_html;
    for (std::string_view html : {"<p>x", "a<br>b", "a<br/>b", "<div class=x>", "<blockquote>", "<a href=x>",
                                  "x</span>", "<SPAN>", "<em>", "<section>", "<figure>", "<h2>", "<img src=x>"}) {
        INFO(html);
        CHECK(looks_like_html(html));
    }
    for (std::string_view text : {"plain", "a < b", "x<3", "<Axios>", "<>", "<unknowntag>", "< p>", "<p",
                                  "email <me@example.com>", "&lt;p&gt;"}) {
        INFO(text);
        CHECK_FALSE(looks_like_html(text));
    }
}

// --- Long and unusual runs of text ---------------------------------------------

TEST_CASE("White space folds the same wherever it falls in a long run of text", "[clipping][paragraphs]") {
    // Words of every length up to 40 bytes between separators of every kind, so
    // that each separator falls at every offset in the blocks text is read in.
    const std::vector<std::string> separators = {" ", "  ", "\t", "\n", " \r\n ", "\u00A0", " \u00A0 ", "\u2003",
                                                 "\u3000"};
    const std::vector<std::string> letters = {"a", "Z", "0", "-", "\u00C0", "\u00E9", "\u02FF", "\u0400", "\u201C",
                                              "\u4E2D", "\U0001F600", "\x01", "\x7F"};
    std::uint32_t seed = 7;
    auto next = [&seed] {
        seed = seed * 1103515245u + 12345u;  // a fixed sequence: the test is repeatable
        return (seed >> 16) & 0x7FFF;
    };
    for (int text_number = 0; text_number < 200; ++text_number) {
        std::string text = separators[next() % separators.size()];  // leading white space is dropped
        std::string expected;
        for (int word = 0; word < 30; ++word) {
            std::string letters_of_word;
            for (std::uint32_t length = 1 + next() % 40; length > 0; --length)
                letters_of_word += (next() % 8 == 0) ? letters[next() % letters.size()] : std::string(1, 'k');
            text += letters_of_word + separators[next() % separators.size()];
            expected += (expected.empty() ? "" : " ") + letters_of_word;
        }
        Paragraphs paragraphs;
        paragraphs.append_text(text);
        paragraphs.end_paragraph();
        paragraphs.normalize();
        INFO("text " << text_number);
        REQUIRE(paragraphs.size() == 1);
        CHECK(paragraphs.text(0) == expected);
    }
}

TEST_CASE("A character cut in two by a tag is joined again, bytes that stay invalid become U+FFFD",
          "[clipping][paragraphs]") {
    CHECK(html_paragraphs("<p>\xE2\x80<b></b>\x9Cquoted</p>") == Texts{"\u201Cquoted"});
    CHECK(html_paragraphs("<p>\xE2\x80<b></b>x</p>") == Texts{"\uFFFD\uFFFDx"});
}

TEST_CASE("Combining marks are put in canonical order, however long their run", "[clipping][paragraphs]") {
    // U+0316 (class 220) goes before U+0301 (class 230); the first U+0301 then composes with the 'a'.
    CHECK(text_paragraphs("a\u0301\u0316") == Texts{"\u00E1\u0316"});
    std::string marks = "a";
    std::string expected = "\u00E1";
    for (int i = 0; i < 5000; ++i) marks += "\u0301\u0316";
    for (int i = 0; i < 5000; ++i) expected += "\u0316";
    for (int i = 1; i < 5000; ++i) expected += "\u0301";
    CHECK(text_paragraphs(marks) == Texts{expected});
}

TEST_CASE("Long text with many CR line ends, or many references and no tag, is read in full",
          "[clipping][paragraphs]") {
    std::string lines;
    for (int i = 0; i < 20000; ++i) lines += "x\r";
    CHECK(text_paragraphs(lines).size() == 20000);
    std::string references;
    for (int i = 0; i < 20000; ++i) references += "&amp;";
    CHECK(html_paragraphs(references) == Texts{std::string(20000, '&')});
}

TEST_CASE("The characters beyond ASCII that text runs take in unchecked are NFC-inert and not white space",
          "[clipping][paragraphs]") {
    // Paragraphs copies U+00C0-U+02FF and U+2010-U+2027 without looking them up.
    for (char32_t first : {U'\u00C0', U'\u2010'}) {
        char32_t last = first == U'\u00C0' ? U'\u02FF' : U'\u2027';
        for (char32_t cp = first; cp <= last; ++cp) {
            INFO("U+" << std::hex << static_cast<std::uint32_t>(cp));
            CHECK(clipfeed::unicode::is_nfc_inert(cp));
            CHECK_FALSE(clipfeed::unicode::is_white_space(cp));
        }
    }
}
