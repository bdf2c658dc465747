// A shortcut for the HTML rewriter (html_rewrite.cpp): markup that is already
// in the form the sanitizer writes, as most feed content is (paragraphs,
// blockquotes, emphasis, plain links), comes out of both of feedparser's
// passes as it went in, except for its relative links. Recognizing that form
// takes one pass with memchr from markup to markup and a few comparisons per
// tag; the full rewriter tokenizes, sanitizes and re-serializes every tag.
//
// The form, byte for byte (anything else is left to the full rewriter):
//  - no white space at either end and no '\r' anywhere (the sanitizer strips
//    the one and turns CRLF into LF);
//  - text without '<'; '&' only in "&name;" for an HTML 4 entity and in
//    decimal or lower-case hexadecimal character references that are neither
//    a quote ("&#39;", "&#34;") nor in the windows-1252 range 128-159;
//  - "<name>" and "</name>" for an allowed element that is not void, with the
//    name in lower case ASCII letters and digits (no svg or math);
//  - "<name />" for an allowed void element (br, hr, ...);
//  - attributes in those tags as ` name="value"`: sorted by name, each once,
//    lower-case names the sanitizer allows (not style), values without '<',
//    '>' or '&', rel and type in lower case; a link attribute (a@href,
//    img@src, blockquote@cite, ...) once resolved against the base needs no
//    escaping, and an href has a safe scheme.
// tests/feeds/html/test_html_canonical.cpp compares the shortcut with the full rewriter.
#pragma once

#include <string>
#include <string_view>

namespace clipfeed::html {

class UriResolver;

enum class CanonicalRewrite {
    kNotCanonical,  // outside the form: the full rewriter must run
    kUnchanged,     // the rewriter's result is the input itself
    kRewritten,     // the result (links resolved) is in `out`
};

// The elements most content is made of (p, a, blockquote, em, ...), known to
// be allowed and not void without a lookup in the sanitizer's tables (a
// lookup per tag was a fifth of the shortcut's time).
bool is_common_plain_element(std::string_view name);
// The same for attributes (href, src, alt, title, class, ...): allowed.
bool is_common_attribute(std::string_view name);

// `resolver` has the base set; `link` is work space for resolving links.
CanonicalRewrite rewrite_canonical_html(std::string_view html, UriResolver& resolver, std::string& link,
                                        std::string& out);

}  // namespace clipfeed::html
