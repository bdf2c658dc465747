// URL resolution: RFC 3986 section 5.2, written out here (see urls.cpp for why
// not a library).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace clipfeed {

// True when `url` starts with a scheme ("http:", "mailto:", ...).
bool has_url_scheme(std::string_view url);

// The authority of an absolute URL ("user@host:port" of
// "http://user@host:port/path"), as written; empty when it has none.
std::string_view url_authority(std::string_view url);

// Resolves `reference` against `base` (RFC 3986 section 5.2, strict: "http:g"
// is absolute). Leading and trailing white space is dropped from both.
//
// An absolute reference is returned as it is. A relative one with no usable
// base is returned unchanged too (a relative link is still more useful to a
// reader than none); a base is usable when it has a scheme and, after that,
// either an authority ("//host") or a path starting with '/'. Against a base
// whose path is opaque ("urn:uuid:1", "mailto:a@b", "tag:x,2004:y") only a
// fragment-only reference resolves (as WHATWG's URL standard has it).
//
// Nothing is normalised beyond RFC 3986: the base's scheme is written in lower
// case (section 3.1), dot segments are removed (5.2.4); spaces, non-ASCII
// bytes and percent-escapes are kept as written, host names are not checked.
std::string resolve_url(std::string_view base, std::string_view reference);

}  // namespace clipfeed
