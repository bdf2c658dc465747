// URL resolution (RFC 3986) through libcurl's URL API.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace clipfeed {

// True when `url` starts with a scheme ("http:", "mailto:", ...).
bool has_url_scheme(std::string_view url);

// Resolves `reference` against `base`. An absolute reference is returned as it
// is; a relative one with no usable base is returned unchanged too (a relative
// link is still more useful to a reader than none). Leading and trailing white
// space is dropped.
std::string resolve_url(std::string_view base, std::string_view reference);

}  // namespace clipfeed
