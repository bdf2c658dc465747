// URIs in feedparser's HTML processing: the scheme check of urls.py's
// make_safe_absolute_uri and its relative-URI resolver, which joins with
// Python's urljoin() (followed here step by step; html_uri.cpp says why
// clipfeed::resolve_url is not used).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clipfeed::html {

// The scheme Python's urllib.parse.urlsplit() finds in `url` (lower case, ""
// when there is none), or nullopt where urlsplit() raises (unbalanced
// brackets in the authority).
std::optional<std::string> python_url_scheme(std::string_view url);

// The sanitizer's test for a link attribute: false when the link names a
// scheme outside the acceptable list (javascript:, data:, ...) or cannot be
// parsed; the attribute then becomes empty.
bool is_safe_link(std::string_view url);

// The parts Python's urllib.parse.urlparse() splits a URL into. The views
// point into the URL or into `cleaned` (the URL without the tabs and line
// breaks urlparse() removes, when it had any).
struct UrlParts {
    std::string scheme;  // lower case
    std::string_view netloc, path, params, query, fragment;
    std::string cleaned;
};

// The work space of joining paths, kept between links so that resolving many
// of them allocates once.
struct PathScratch {
    std::vector<std::string_view> segments, resolved;
    std::string path;
};

// feedparser's resolver for URI attributes (a@href, img@src, ...), which
// joins them to the base with Python's urljoin().
class UriResolver {
public:
    explicit UriResolver(std::string_view base = "");
    UriResolver(const UriResolver&) = delete;
    UriResolver& operator=(const UriResolver&) = delete;

    // Resolves against `base` from now on. The same base as before keeps the
    // parse of it.
    void set_base(std::string_view base);

    // Writes the stripped, resolved URI to `out` and returns true, or returns
    // false to keep the attribute as written (`out` is then left in any
    // state). As in feedparser, a result whose scheme is not acceptable
    // keeps the value as written, and an empty reference becomes the base.
    bool resolve(std::string_view value, std::string& out);

private:
    std::string base_;  // base_parts_ points into it
    enum class BaseState { kNotParsed, kParsed, kUnparsable /* urlparse() would raise */ };
    BaseState base_state_ = BaseState::kNotParsed;
    UrlParts base_parts_;
    bool root_paths_follow_host_ = false;  // "/path" resolves to "scheme://host/path"
    std::string fixed_;         // the reference with extra slashes dropped, when it had any
    PathScratch scratch_;
};

}  // namespace clipfeed::html
