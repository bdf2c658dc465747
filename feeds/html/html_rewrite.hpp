// Rewriting the HTML inside feed items: relative links made absolute, unsafe
// markup removed, and the result serialized the way feedparser does, so that a
// reader can show it as it is.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace clipfeed {

namespace html {
class UriResolver;
}

struct HtmlRewriteOptions {
    std::string_view base_url;   // relative URIs in link attributes resolve against it ("" = leave them)
    bool sanitize = false;       // drop elements, attributes, URL schemes and CSS outside the allowlist
    bool xhtml = false;          // the input is XHTML (application/xhtml+xml): "<x/>" closes the element
};

// The rewritten HTML, or nullopt when the input needs no change at all (the
// common case). This form sets up a workspace for the one call; a parser
// reuses one (below), with which an unchanged input costs no allocation.
//
// This is feedparser 6.0's treatment of text/html and application/xhtml+xml
// content: its relative-URI resolver (run when there is a base or when
// sanitizing, as feedparser always runs it before its sanitizer) and then,
// with `sanitize`, its sanitizer, whose result is also stripped of leading
// and trailing white space with CRLF turned into LF. Either pass re-serializes
// the markup: tags in lower case, attributes sorted and double-quoted, "<br />".
// With neither a base nor `sanitize` there is nothing to do (nullopt).
// The input and output are UTF-8.
std::optional<std::string> rewrite_html(std::string_view html, const HtmlRewriteOptions& options);

// What a parser keeps from one rewrite to the next: the output buffer, so
// that its items allocate it once, and the base URL as last parsed, so that
// items sharing a base (most feeds' items do) parse it once.
class HtmlRewriteWorkspace {
public:
    HtmlRewriteWorkspace();
    ~HtmlRewriteWorkspace();
    HtmlRewriteWorkspace(const HtmlRewriteWorkspace&) = delete;
    HtmlRewriteWorkspace& operator=(const HtmlRewriteWorkspace&) = delete;

private:
    friend std::optional<std::string_view> rewrite_html(std::string_view, const HtmlRewriteOptions&,
                                                        HtmlRewriteWorkspace&);
    friend std::optional<std::string_view> rewrite_html_in_full(std::string_view, const HtmlRewriteOptions&,
                                                                HtmlRewriteWorkspace&);
    std::string buffer_;
    std::string link_;  // a resolved link (html_canonical.cpp)
    std::unique_ptr<html::UriResolver> resolver_;
};

// The same, written into the workspace: the view is of the workspace or of
// `html`, valid until the next call with the same workspace or until `html`
// changes.
std::optional<std::string_view> rewrite_html(std::string_view html, const HtmlRewriteOptions& options,
                                             HtmlRewriteWorkspace& workspace);

// The same without the shortcut for markup already in the sanitizer's form
// (html_canonical.hpp): every token through both passes. For tests that
// compare the two, and for the benchmark.
std::optional<std::string_view> rewrite_html_in_full(std::string_view html, const HtmlRewriteOptions& options,
                                                     HtmlRewriteWorkspace& workspace);

}  // namespace clipfeed
