// Tests for feeds/html_canonical: the rewriter's shortcut for markup already in
// the form the sanitizer writes must give exactly what the full rewriter gives,
// and must leave everything outside that form to it.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "feeds/html/html_canonical.hpp"
#include "feeds/html/html_rewrite.hpp"
#include "feeds/html/html_rules.hpp"
#include "feeds/html/html_uri.hpp"

namespace {

using clipfeed::HtmlRewriteOptions;
using clipfeed::HtmlRewriteWorkspace;
using clipfeed::html::CanonicalRewrite;

constexpr std::string_view kBase = "https://clips.example.org/news/item.html";

CanonicalRewrite classify(std::string_view html, std::string_view base = kBase) {
    clipfeed::html::UriResolver resolver(base);
    std::string link, out;
    return clipfeed::html::rewrite_canonical_html(html, resolver, link, out);
}

// What a reader gets from a rewrite: the output, or the input when unchanged.
std::string result_of(std::optional<std::string_view> rewritten, std::string_view html) {
    return std::string(rewritten ? *rewritten : html);
}

// rewrite_html (with the shortcut) and rewrite_html_in_full (without) agree on `html`.
void check_same_as_full_rewrite(std::string_view html, std::string_view base, HtmlRewriteWorkspace& with_shortcut,
                                HtmlRewriteWorkspace& in_full) {
    HtmlRewriteOptions options;
    options.sanitize = true;
    options.base_url = base;
    const std::optional<std::string_view> fast = clipfeed::rewrite_html(html, options, with_shortcut);
    const std::optional<std::string_view> full = clipfeed::rewrite_html_in_full(html, options, in_full);
    INFO("html: " << html << "\nbase: " << base);
    REQUIRE(fast.has_value() == full.has_value());
    REQUIRE(result_of(fast, html) == result_of(full, html));
}

}  // namespace

TEST_CASE("Markup in the sanitizer's own form takes the shortcut", "[html][canonical]") {
    CHECK(classify("plain text") == CanonicalRewrite::kUnchanged);
    CHECK(classify("<p>One</p><blockquote><p>&ldquo;Two&rdquo; &amp; &#8220;three&#x201d;</p></blockquote>") ==
          CanonicalRewrite::kUnchanged);
    CHECK(classify("<p>a<br />b</p><hr />") == CanonicalRewrite::kUnchanged);
    CHECK(classify(R"(<p><a href="https://clips.example.org/x">x</a></p>)") == CanonicalRewrite::kUnchanged);
    CHECK(classify(R"(<p><a href="/tags/x">#x</a></p>)") == CanonicalRewrite::kRewritten);
    CHECK(classify("a > b") == CanonicalRewrite::kUnchanged);
    // Attributes sorted, double-quoted, allowed, nothing to escape or lower-case.
    CHECK(classify(R"(<p class="intro" id="p1">x</p><a href="https://clips.example.org/" title="t">y</a>)") ==
          CanonicalRewrite::kUnchanged);
    CHECK(classify(R"(<img alt="photo" src="https://clips.example.org/p.jpg" /><a href="x" rel="nofollow">z</a>)") ==
          CanonicalRewrite::kRewritten);
    CHECK(classify(R"(<blockquote cite="/source">q</blockquote>)") == CanonicalRewrite::kRewritten);
}

TEST_CASE("The common elements the shortcut knows by heart are allowed and not void", "[html][canonical]") {
    int common = 0;
    for (std::string_view name : {"p", "a", "b", "i", "em", "li", "ul", "ol", "div", "span", "strong", "blockquote",
                                  "q", "br", "hr", "img", "svg", "script", "blink", "pp", "aa"}) {
        if (!clipfeed::html::is_common_plain_element(name)) continue;
        ++common;
        INFO(name);
        CHECK(clipfeed::html::is_acceptable_element(name));
        CHECK_FALSE(clipfeed::html::is_void_element(name));
    }
    CHECK(common == 12);
}

TEST_CASE("The common attributes the shortcut knows by heart are allowed", "[html][canonical]") {
    int common = 0;
    for (std::string_view name : {"href", "src", "alt", "title", "class", "id", "width", "height", "style", "onclick",
                                  "data-x", "rel", "hre", "hreff"}) {
        if (!clipfeed::html::is_common_attribute(name)) continue;
        ++common;
        INFO(name);
        CHECK(clipfeed::html::is_acceptable_attribute(name));
    }
    CHECK(common == 8);
}

TEST_CASE("Markup outside the sanitizer's form is left to the full rewriter", "[html][canonical]") {
    const char* outside[] = {
        " <p>leading space</p>",
        "<p>trailing line break</p>\n",
        "<p>a\r\nb</p>",
        "<P>upper case</P>",
        "<p id=\"x\" class=\"y\">attributes out of order</p>",
        "<p id=\"x\" id=\"y\">a repeated attribute</p>",
        "<p class=\"x\" >space before the bracket</p>",
        "<p class=x>unquoted</p>",
        "<p hidden>no value</p>",
        "<span style=\"color: red\">style</span>",
        "<div data-x=\"1\">not allowed</div>",
        "<p xml:lang=\"en\">a colon</p>",
        "<a href=\"x\" rel=\"NoFollow\">upper-case rel</a>",
        "<img src=\"x.png\">",
        "<img alt=\"a &amp; b\" />",
        "<br>",                                    // written "<br />"
        "<p>a</br></p>",                           // a void element's end tag is dropped
        "<script>x()</script>",
        "<svg><rect /></svg>",
        "<blink>not allowed</blink>",
        "<p>&#39;quoted&#34;</p>",                 // feed() turns these into quote marks
        "<p>&#150; windows-1252</p>",
        "<p>&#X201D; upper-case hex</p>",
        "<p>&unknown; entity</p>",
        "<p>AT&T</p>",
        "<p>&amp no semicolon</p>",
        "<!-- a comment --><p>x</p>",
        "<p>a < b</p>",
        "<a href='single quotes'>x</a>",
        "<a href=\"x\" >space before the bracket</a>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"?a=1&amp;b=2\">an ampersand</a>",
        "<a title=\"t\" href=\"x\">out of order</a>",
        "<a href=\"https://clips.example.org/\"",  // no '>'
    };
    for (const char* html : outside) {
        INFO(html);
        CHECK(classify(html) == CanonicalRewrite::kNotCanonical);
    }
}

TEST_CASE("The shortcut resolves links as the full rewriter does", "[html][canonical]") {
    HtmlRewriteWorkspace with_shortcut, in_full;
    const std::string_view html =
        R"(<p><a href="/tags/a">#a</a> <a href="b">b</a> <a href="">self</a> <a href="//other.example/c">c</a> )"
        R"(<a href=" padded ">d</a> <a href="mailto:x@example.org">e</a> <a href="https://clips.example.org/f">f</a></p>)";
    for (std::string_view base : {kBase, std::string_view("http://other.example:8080/dir/"), std::string_view(""),
                                  std::string_view("https://[broken/")})
        check_same_as_full_rewrite(html, base, with_shortcut, in_full);

    HtmlRewriteOptions options;
    options.sanitize = true;
    options.base_url = kBase;
    CHECK(result_of(clipfeed::rewrite_html(R"(<p><a href="/tags/a">#a</a></p>)", options, with_shortcut), "") ==
          R"(<p><a href="https://clips.example.org/tags/a">#a</a></p>)");
}

TEST_CASE("The shortcut and the full rewriter agree on generated markup", "[html][canonical]") {
    // Pieces in the sanitizer's form, links, and near misses, put together at random.
    const std::vector<std::string> canonical = {
        "text", " ", "\n", "\t", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xC2\xA0", "caf\xC3\xA9", ">", "/>", "#tag",
        "<p>", "</p>", "<blockquote>", "</blockquote>", "<em>", "</em>", "<strong>", "</strong>", "<h2>", "</h2>",
        "<ul>", "<li>", "</li>", "</ul>", "<br />", "<hr />", "<img />", "<a>", "</a>",
        "&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&ldquo;", "&#8220;", "&#x201c;", "&#039;", "&#x27;",
    };
    const std::vector<std::string> links = {
        "<a href=\"https://clips.example.org/x\">", "<a href=\"/tags/y\">", "<a href=\"z\">", "<a href=\"\">",
        "<a href=\" /padded \">", "<a href=\"javascript:x()\">", "<a href=\"data:,x\">",
        "<a href=\"mailto:a@b.example\">", "<a href=\"HTTP://UPPER.example/\">", "<a href=\"//host.example/p\">",
        "<a href=\"?q=1&amp;r=2\">", "<a href=\"a<b\">", "<a href=\"https://[v6/\">", "<a href=\"x\ny\">",
        "<p class=\"c\">", "<p class=\"c\" id=\"i\">", "<p id=\"i\" class=\"c\">", "<img alt=\"a\" src=\"/i.png\" />",
        "<img src=\"i.png\" alt=\"a\" />", "<img src=\"javascript:x\" />", "<img alt=\"\" />",
        "<a href=\"x\" title=\"t\">", "<a href=\"x\" rel=\"nofollow\">", "<a href=\"x\" rel=\"NoFollow\">",
        "<a href=\"x\" target=\"_blank\">", "<a href=\"x\" type=\"Text/HTML\">", "<span style=\"color: red\">",
        "<p id=\"x\" id=\"y\">", "<blockquote cite=\"/c\">", "<blockquote cite=\"javascript:x\">",
        "<div data-x=\"1\">", "<td colspan=\"2\">", "<p title=\"a\tb\">", "<p title=\"it's\">",
        "<p title=\"caf\xC3\xA9\">", "<a name=\"n\">", "<p class=\"x\" >", "<p class=x>",
    };
    const std::vector<std::string> near_misses = {
        "  ", "<br>", "<br/>", "</br>", "<p/>", "<p />", "<P>", "</P>", "<p >", "< p>", "<x>", "</x>", "<svg>",
        "</svg>", "<math>", "<script>", "</script>", "<style>", "<b", "<", "</", "<>", "<!-- c -->", "<!x>",
        "<?pi?>", "<![CDATA[x]]>", "<p/x/", "&#x201C;", "&#39;", "&#34;", "&#150;", "&#9999999999;", "&#;", "&#x;",
        "&unknown;", "&amp", "&", "&T ", "AT&T", "<a href=\"x\" >", "<a href='x'>", "<a href=x>",
        "<a title=\"t\" href=\"x\">", "<a href=\"x\" title=\"t\">", "<a href=\"x", "\r\n", "\r",
    };
    const std::string_view bases[] = {kBase, "http://other.example:8080/dir/", "", "https://[broken/"};
    std::mt19937 random(20261126);  // fixed: the same inputs on every run
    HtmlRewriteWorkspace with_shortcut, in_full;
    int through_shortcut = 0, rewritten_by_shortcut = 0;
    const int kInputs = 40000;
    for (int n = 0; n < kInputs; ++n) {
        // Half the inputs in the sanitizer's form but for a link or two, so
        // that many take the shortcut; the rest with near misses mixed in.
        const bool with_near_misses = n % 2 == 1;
        std::string html;
        const int count = 1 + static_cast<int>(random() % 24);
        for (int i = 0; i < count; ++i) {
            const unsigned kind = random() % 8;
            if (kind == 0) html += links[random() % links.size()];
            else if (kind == 1 && with_near_misses) html += near_misses[random() % near_misses.size()];
            else html += canonical[random() % canonical.size()];
        }
        const std::string_view base = bases[random() % std::size(bases)];

        const CanonicalRewrite shortcut = classify(html, base);
        if (shortcut != CanonicalRewrite::kNotCanonical) ++through_shortcut;
        if (shortcut == CanonicalRewrite::kRewritten) ++rewritten_by_shortcut;
        check_same_as_full_rewrite(html, base, with_shortcut, in_full);
    }
    // The comparison means something only if the shortcut was taken often.
    INFO(through_shortcut << " of " << kInputs << " through the shortcut, " << rewritten_by_shortcut << " rewritten");
    CHECK(through_shortcut > kInputs / 10);
    CHECK(rewritten_by_shortcut > kInputs / 20);
}
