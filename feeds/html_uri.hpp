// URI checks of feedparser's HTML processing (urls.py make_safe_absolute_uri
// and its relative-URI resolver), over clipfeed::resolve_url.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace clipfeed::html {

// The scheme Python's urllib.parse.urlsplit() finds in `url` (lower case, ""
// when there is none), or nullopt where urlsplit() raises (unbalanced
// brackets in the authority).
std::optional<std::string> python_url_scheme(std::string_view url);

// The sanitizer's test for a link attribute: false when the link names a
// scheme outside the acceptable list (javascript:, data:, ...) or cannot be
// parsed; the attribute then becomes empty.
bool is_safe_link(std::string_view url);

// The resolver's rewriting of a URI attribute against `base` (may be empty):
// the stripped, resolved URI, or nullopt to keep the attribute as written.
// As in feedparser, a result whose scheme is not acceptable keeps the value
// as written, and an empty reference resolves to the base itself.
std::optional<std::string> resolve_uri_attribute(std::string_view base, std::string_view value);

}  // namespace clipfeed::html
