// Rewriting the HTML inside feed items: relative links made absolute, unsafe
// markup removed, and the result serialized the way feedparser does, so that a
// reader can show it as it is.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace clipfeed {

struct HtmlRewriteOptions {
    std::string_view base_url;   // relative URIs in link attributes resolve against it ("" = leave them)
    bool sanitize = false;       // drop elements, attributes, URL schemes and CSS outside the allowlist
    bool xhtml = false;          // the input is XHTML (application/xhtml+xml): "<x/>" closes the element
};

// The rewritten HTML, or nullopt when the input needs no change at all (the
// common case, returned without allocating).
std::optional<std::string> rewrite_html(std::string_view html, const HtmlRewriteOptions& options);

}  // namespace clipfeed
