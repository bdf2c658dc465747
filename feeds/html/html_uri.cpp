// Python's urllib.parse.urljoin() rather than clipfeed::resolve_url (RFC 3986):
// feedparser joins with urljoin(), and the two differ in places that show in
// feeds ("#" resolves to the base without the '#', spaces and non-ASCII stay
// as written, "." and ".." in the base are kept, a trailing ";" or empty "?"
// is dropped), so reproducing feedparser's links means following urljoin()
// step by step. The steps quote Python 3.11's urllib/parse.py.
#include "feeds/html/html_uri.hpp"

#include "feeds/html/html_name_set.hpp"
#include "feeds/html/html_rules.hpp"
#include "feeds/html/html_text.hpp"
#include "feeds/text/ascii.hpp"

#include <algorithm>

namespace clipfeed::html {

namespace {

bool is_scheme_char(char c) { return is_ascii_alnum(c) || c == '+' || c == '-' || c == '.'; }

// urllib.parse.uses_relative, uses_netloc and uses_params. The empty scheme
// belongs to all three; NameSet cannot hold it (it marks free slots).
constexpr std::string_view kUsesRelative[] = {
    "ftp", "http", "gopher", "nntp", "imap", "wais", "file", "https", "shttp", "mms", "prospero", "rtsp",
    "rtspu", "sftp", "svn", "svn+ssh", "ws", "wss",
};
constexpr std::string_view kUsesNetloc[] = {
    "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https", "shttp", "snews",
    "prospero", "rtsp", "rtspu", "rsync", "svn", "svn+ssh", "sftp", "nfs", "git", "git+ssh", "ws", "wss",
};
constexpr std::string_view kUsesParams[] = {
    "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp", "rtspu", "sip", "sips", "mms",
    "sftp", "tel",
};

bool uses_relative(std::string_view scheme) {
    static const NameSet schemes(kUsesRelative);
    return scheme.empty() || schemes.contains(scheme);
}

bool uses_netloc(std::string_view scheme) {
    static const NameSet schemes(kUsesNetloc);
    return scheme.empty() || schemes.contains(scheme);
}

bool uses_params(std::string_view scheme) {
    static const NameSet schemes(kUsesParams);
    return scheme.empty() || schemes.contains(scheme);
}

// urlparse(url, default_scheme); false where Python raises ValueError
// (an authority with unbalanced brackets).
bool parse_url(std::string_view url, std::string_view default_scheme, UrlParts& parts) {
    // url.lstrip(_WHATWG_C0_CONTROL_OR_SPACE), then tabs and line breaks removed.
    std::size_t start = 0;
    while (start < url.size() && static_cast<unsigned char>(url[start]) <= 0x20) ++start;
    url.remove_prefix(start);
    const auto is_removed = [](char c) { return c == '\t' || c == '\r' || c == '\n'; };
    if (std::any_of(url.begin(), url.end(), is_removed)) {
        for (char c : url)
            if (!is_removed(c)) parts.cleaned += c;
        url = parts.cleaned;
    }
    const std::size_t colon = url.find(':');
    bool has_scheme = colon != std::string_view::npos && colon > 0 && is_ascii_letter(url[0]);
    for (std::size_t i = 0; i < colon && has_scheme; ++i) has_scheme = is_scheme_char(url[i]);
    if (has_scheme) {
        parts.scheme.assign(url.data(), colon);
        for (char& c : parts.scheme) c = ascii_lower(c);
        url.remove_prefix(colon + 1);
    } else {
        parts.scheme.assign(default_scheme.data(), default_scheme.size());
    }
    if (url.substr(0, 2) == "//") {
        std::size_t end = 2;
        while (end < url.size() && url[end] != '/' && url[end] != '?' && url[end] != '#') ++end;
        parts.netloc = url.substr(2, end - 2);
        url.remove_prefix(end);
        const bool open = parts.netloc.find('[') != std::string_view::npos;
        const bool close = parts.netloc.find(']') != std::string_view::npos;
        if (open != close) return false;  // "Invalid IPv6 URL"
    }
    if (const std::size_t hash = url.find('#'); hash != std::string_view::npos) {
        parts.fragment = url.substr(hash + 1);
        url = url.substr(0, hash);
    }
    if (const std::size_t question = url.find('?'); question != std::string_view::npos) {
        parts.query = url.substr(question + 1);
        url = url.substr(0, question);
    }
    parts.path = url;
    if (uses_params(parts.scheme) && url.find(';') != std::string_view::npos) {
        // _splitparams: the ';' in the last segment.
        const std::size_t slash = url.rfind('/');
        const std::size_t semicolon = url.find(';', slash == std::string_view::npos ? 0 : slash);
        if (semicolon != std::string_view::npos) {
            parts.path = url.substr(0, semicolon);
            parts.params = url.substr(semicolon + 1);
        }
    }
    return true;
}

// urlunparse() writing its pieces to `out`.
template <typename Out>
void unparse(std::string_view scheme, std::string_view netloc, std::string_view path, std::string_view params,
             std::string_view query, std::string_view fragment, Out&& out) {
    if (!scheme.empty()) {
        out(scheme);
        out(":");
    }
    const bool starts_with_slashes = path.substr(0, 2) == "//";
    if (!netloc.empty() || (!scheme.empty() && uses_netloc(scheme) && !starts_with_slashes)) {
        out("//");
        out(netloc);
        if (!path.empty() && path[0] != '/') out("/");
    }
    out(path);
    if (!params.empty()) {
        out(";");
        out(params);
    }
    if (!query.empty()) {
        out("?");
        out(query);
    }
    if (!fragment.empty()) {
        out("#");
        out(fragment);
    }
}

enum class Join { kError, kAsWritten, kJoined };

// True when a segment of `path` (split at '/') is "." or "..".
bool has_dot_segment(std::string_view path) {
    if (path.find('.') == std::string_view::npos) return false;
    for (std::size_t start = 0; start <= path.size();) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const std::string_view segment = path.substr(start, end - start);
        if (segment == "." || segment == "..") return true;
        start = end + 1;
    }
    return false;
}

void split_path(std::string_view path, std::vector<std::string_view>& into) {
    for (std::size_t start = 0;;) {
        const std::size_t slash = path.find('/', start);
        const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
        into.push_back(path.substr(start, end - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
}

// True for the common absolute link, "scheme://host/path" in the base's own
// scheme (written in lower case) with none of the characters urlparse()
// removes or splits at: urljoin() then gives it back as written (its host
// replaces the base's and its path is kept, for every scheme that
// uses_relative, as all of them also use a netloc).
bool is_plain_absolute(std::string_view url, std::string_view base_scheme) {
    if (base_scheme.empty() || !has_at(url, 0, base_scheme) || !has_at(url, base_scheme.size(), "://"))
        return false;
    const std::size_t host = base_scheme.size() + 3;
    if (host == url.size() || url[host] == '/') return false;  // no host: the base's is used
    static constexpr ByteSet kChangesOnJoining("\t\r\n[]?#;");
    for (std::size_t i = host; i < url.size(); ++i)
        if (kChangesOnJoining.contains(url[i])) return false;
    return true;
}

// A path from the root ("/tags/x") with nothing that urlparse() splits off
// or removes and no "." or ".." segment: joined to a base that has a host,
// it gives the base's scheme and host followed by the path as it is.
bool is_plain_root_path(std::string_view url) {
    static constexpr ByteSet kSplitOrRemoved("?#;\t\r\n[]");
    if (url.empty() || url[0] != '/' || has_at(url, 0, "//")) return false;
    for (char c : url)
        if (kSplitOrRemoved.contains(c)) return false;
    return !has_dot_segment(url);
}

// urljoin(base, url) for non-empty arguments; kAsWritten when the result is
// `url` itself (no copy made).
Join python_urljoin(const UrlParts& b, std::string_view url, std::string& joined, PathScratch& scratch) {
    if (is_plain_absolute(url, b.scheme)) return Join::kAsWritten;
    UrlParts u;
    if (!parse_url(url, b.scheme, u)) return Join::kError;
    if (u.scheme != b.scheme || !uses_relative(u.scheme)) return Join::kAsWritten;

    const auto compose = [&](std::string_view netloc, std::string_view path, std::string_view params,
                             std::string_view query) {
        // Often the URL as written: check that before copying anything.
        std::size_t matched = 0;
        bool same = true;
        unparse(u.scheme, netloc, path, params, query, u.fragment, [&](std::string_view piece) {
            same = same && has_at(url, matched, piece);
            matched += piece.size();
        });
        if (same && matched == url.size()) return Join::kAsWritten;
        joined.clear();
        unparse(u.scheme, netloc, path, params, query, u.fragment,
                [&](std::string_view piece) { joined.append(piece); });
        return Join::kJoined;
    };

    std::string_view netloc = u.netloc;
    if (uses_netloc(u.scheme)) {
        if (!netloc.empty()) return compose(netloc, u.path, u.params, u.query);
        netloc = b.netloc;
    }
    if (u.path.empty() && u.params.empty())
        return compose(netloc, b.path, b.params, u.query.empty() ? b.query : u.query);

    const bool from_root = !u.path.empty() && u.path[0] == '/';
    // RFC 3986: a path from the root ignores the base's; without "." or ".."
    // segments to remove, it is the resulting path as it is.
    if (from_root && !has_dot_segment(u.path)) return compose(netloc, u.path, u.params, u.query);

    std::vector<std::string_view>& segments = scratch.segments;
    segments.clear();
    if (from_root) {
        split_path(u.path, segments);
    } else {
        split_path(b.path, segments);
        if (!segments.back().empty()) segments.pop_back();  // the base's last segment is not a directory
        split_path(u.path, segments);
        // Empty segments in the middle would double slashes on re-joining.
        if (segments.size() > 2) {
            const auto middle_end = std::remove_if(segments.begin() + 1, segments.end() - 1,
                                                   [](std::string_view s) { return s.empty(); });
            segments.erase(middle_end, segments.end() - 1);
        }
    }
    std::vector<std::string_view>& resolved = scratch.resolved;
    resolved.clear();
    for (std::string_view segment : segments) {
        if (segment == "..") {
            if (!resolved.empty()) resolved.pop_back();
        } else if (segment != ".") {
            resolved.push_back(segment);
        }
    }
    if (segments.back() == "." || segments.back() == "..") resolved.push_back("");
    std::string& path = scratch.path;
    path.clear();
    for (std::size_t i = 0; i < resolved.size(); ++i) {
        if (i > 0) path += '/';
        path.append(resolved[i]);
    }
    if (path.empty()) path = "/";
    return compose(netloc, path, u.params, u.query);
}

// feedparser's _urifixer: "http:////host" -> "http://host" (its character
// class "+-." is a range, so ',' counts as a scheme character there).
std::string_view drop_extra_slashes(std::string_view uri, std::string& fixed) {
    if (uri.empty() || !is_ascii_letter(uri[0])) return uri;
    std::size_t i = 1;
    while (i < uri.size() && (is_scheme_char(uri[i]) || uri[i] == ',')) ++i;
    if (!has_at(uri, i, "://")) return uri;
    const std::size_t slashes = i + 3;
    std::size_t rest = slashes;
    while (rest < uri.size() && uri[rest] == '/') ++rest;
    if (rest == slashes) return uri;
    fixed.assign(uri.substr(0, slashes));
    fixed.append(uri.substr(rest));
    return fixed;
}

// The text before the first ':' (all of it when there is none), as Python's
// uri.strip().split(':', 1)[0].
std::string_view text_before_colon(std::string_view uri) {
    uri = python_strip(uri);
    return uri.substr(0, uri.find(':'));
}

}  // namespace

std::optional<std::string> python_url_scheme(std::string_view url) {
    UrlParts parts;
    if (!parse_url(url, "", parts)) return std::nullopt;
    return parts.scheme;
}

// The scheme urlsplit() finds in `url`, read without parsing the rest, for
// the common link: no leading space, no upper case in the scheme, and none
// of the characters urlsplit() removes (tabs, line breaks) or checks
// (brackets) where they could change its scheme or host. False when `url` is
// not such a link.
bool plain_scheme(std::string_view url, std::string_view& scheme) {
    static constexpr ByteSet kRemoved("\t\r\n");
    static constexpr ByteSet kRemovedOrBracket("\t\r\n[]");
    const std::size_t n = url.size();
    if (n == 0 || static_cast<unsigned char>(url[0]) <= 0x20) return false;
    scheme = std::string_view();
    std::size_t rest = 0;  // where the URL after its scheme starts
    if (is_ascii_letter(url[0])) {
        std::size_t end = 1;
        while (end < n && is_scheme_char(url[end])) ++end;
        if (end < n && kRemoved.contains(url[end])) return false;  // removing it could lengthen the scheme
        if (end < n && url[end] == ':') {
            scheme = url.substr(0, end);
            rest = end + 1;
        }
    }
    // Whether a host follows ("//") depends on the next two characters; a
    // host with unbalanced brackets makes urlsplit() raise.
    if ((rest < n && kRemoved.contains(url[rest])) || (rest + 1 < n && kRemoved.contains(url[rest + 1])))
        return false;
    if (has_at(url, rest, "//")) {
        for (std::size_t i = rest + 2; i < n && url[i] != '/' && url[i] != '?' && url[i] != '#'; ++i)
            if (kRemovedOrBracket.contains(url[i])) return false;
    }
    return !has_ascii_upper(scheme);
}

bool is_safe_link(std::string_view url) {
    if (url.empty()) return false;
    std::string_view plain;
    if (plain_scheme(url, plain)) return plain.empty() || is_acceptable_uri_scheme(plain);
    const std::optional<std::string> scheme = python_url_scheme(url);
    return scheme && (scheme->empty() || is_acceptable_uri_scheme(*scheme));
}

UriResolver::UriResolver(std::string_view base) : base_(base) {}

void UriResolver::set_base(std::string_view base) {
    if (base == base_) return;
    base_.assign(base.data(), base.size());
    base_state_ = BaseState::kNotParsed;
}

bool UriResolver::resolve(std::string_view value, std::string& out) {
    const std::string_view reference = python_strip(value);
    if (base_.empty()) {
        if (reference.empty() || reference.size() == value.size()) return false;
        out.assign(reference.data(), reference.size());
        return true;
    }
    if (base_state_ == BaseState::kNotParsed) {
        // Parsed on the first link: much HTML has none.
        base_state_ = parse_url(base_, "", base_parts_) ? BaseState::kParsed : BaseState::kUnparsable;
        const std::string& scheme = base_parts_.scheme;
        root_paths_follow_host_ = !scheme.empty() && uses_relative(scheme) && uses_netloc(scheme) &&
                                  !base_parts_.netloc.empty() && is_acceptable_uri_scheme(scheme);
    }
    if (base_state_ == BaseState::kUnparsable) return false;
    if (reference.empty()) {
        const std::string& scheme = base_parts_.scheme;
        if (!scheme.empty() && !is_acceptable_uri_scheme(scheme)) return false;
        out.assign(base_.data(), base_.size());
        return true;
    }
    const std::string_view uri = drop_extra_slashes(reference, fixed_);
    if (root_paths_follow_host_ && is_plain_root_path(uri)) {
        // What python_urljoin() would compose, without parsing.
        out.assign(base_parts_.scheme);
        out += "://";
        out.append(base_parts_.netloc.data(), base_parts_.netloc.size());
        out.append(uri.data(), uri.size());
        return true;
    }
    switch (python_urljoin(base_parts_, uri, out, scratch_)) {
        case Join::kError:
            return false;
        case Join::kAsWritten:
            if (uri == value || !is_acceptable_uri_scheme(text_before_colon(uri))) return false;
            out.assign(uri.data(), uri.size());
            return true;
        case Join::kJoined:
            return out != value && is_acceptable_uri_scheme(text_before_colon(out));
    }
    return false;
}

}  // namespace clipfeed::html
