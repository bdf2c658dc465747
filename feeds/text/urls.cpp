// RFC 3986 section 5.2 reference resolution, written out rather than taken from
// a library. libcurl's URL API, used before, pulled libcurl onto the parse path
// and has quirks of its own (an empty reference gave the base's directory,
// spaces in a query became '+'). uriparser, the RFC 3986 library Debian ships,
// was considered: it rejects what the RFC's grammar does not allow, and feeds
// do write URLs with spaces and raw UTF-8 in them (IRIs) which readers expect
// back as written; escaping them before and unescaping after would change
// escapes the feed wrote itself. The algorithm is a page long: splitting by
// Appendix B, merging (5.2.3) and removing dot segments (5.2.4) on views.
#include "feeds/text/urls.hpp"
#include "feeds/text/ascii.hpp"

namespace clipfeed {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The five components of RFC 3986 Appendix B's split. A reference handed to
// split() has no scheme (resolve_url returns those as they are).
struct Components {
    std::string_view scheme;
    std::string_view authority;
    std::string_view path;
    std::string_view query;
    std::string_view fragment;
    bool has_authority = false;
    bool has_query = false;
    bool has_fragment = false;
};

Components split(std::string_view s, bool with_scheme) {
    Components c;
    if (with_scheme) {
        std::size_t colon = s.find(':');
        c.scheme = s.substr(0, colon);
        s.remove_prefix(colon + 1);
    }
    if (std::size_t hash = s.find('#'); hash != std::string_view::npos) {
        c.has_fragment = true;
        c.fragment = s.substr(hash + 1);
        s = s.substr(0, hash);
    }
    if (std::size_t question = s.find('?'); question != std::string_view::npos) {
        c.has_query = true;
        c.query = s.substr(question + 1);
        s = s.substr(0, question);
    }
    if (s.size() >= 2 && s[0] == '/' && s[1] == '/') {
        c.has_authority = true;
        std::size_t slash = s.find('/', 2);
        c.authority = s.substr(2, slash == std::string_view::npos ? std::string_view::npos : slash - 2);
        s = slash == std::string_view::npos ? std::string_view() : s.substr(slash);
    }
    c.path = s;
    return c;
}

// An authority a URL can be built on: no white space or control bytes, an
// IP literal's '[' closed by a ']', and not empty unless the scheme is "file"
// ("file:///x"; "http:///x" names no server). Host names are not checked.
bool plausible_authority(std::string_view scheme, std::string_view authority) {
    if (authority.empty()) return ascii_iequals(scheme, "file");
    for (char c : authority)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
    std::size_t at = authority.rfind('@');
    std::string_view host = at == std::string_view::npos ? authority : authority.substr(at + 1);
    std::size_t open = host.find('['), close = host.find(']');
    if (open == std::string_view::npos && close == std::string_view::npos) return true;
    return open == 0 && close != std::string_view::npos &&
           (close + 1 == host.size() || host[close + 1] == ':');
}

// RFC 3986 5.2.4, appending the result to `out`. Works on the input as a view:
// each step takes a prefix off `in` or moves one segment to `out`; `floor` is
// where this path starts in `out` (a ".." never removes what is before it).
void remove_dot_segments(std::string_view in, std::string& out) {
    const std::size_t floor = out.size();
    auto drop_last_segment = [&] {
        std::size_t slash = out.rfind('/');
        out.resize(slash == std::string::npos || slash < floor ? floor : slash);
    };
    while (!in.empty()) {
        if (in.substr(0, 3) == "../") {  // A
            in.remove_prefix(3);
        } else if (in.substr(0, 2) == "./") {  // A
            in.remove_prefix(2);
        } else if (in.substr(0, 3) == "/./") {  // B
            in.remove_prefix(2);
        } else if (in == "/.") {  // B
            in = "/";
        } else if (in.substr(0, 4) == "/../") {  // C
            in.remove_prefix(3);
            drop_last_segment();
        } else if (in == "/..") {  // C
            in = "/";
            drop_last_segment();
        } else if (in == "." || in == "..") {  // D
            in = {};
        } else {  // E: the first segment, with its leading '/', moves to the output
            std::size_t end = in.find('/', 1);
            if (end == std::string_view::npos) end = in.size();
            out.append(in.substr(0, end));
            in.remove_prefix(end);
        }
    }
}

// Whether a path holds a "." or ".." segment, so that most paths, which do
// not, are copied without the step-by-step walk.
bool has_dot_segment(std::string_view path) {
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] != '.' || (i > 0 && path[i - 1] != '/')) continue;
        std::size_t j = i + 1;
        if (j < path.size() && path[j] == '.') ++j;
        if (j == path.size() || path[j] == '/') return true;
    }
    return false;
}

void append_path(std::string_view path, std::string& out) {
    if (has_dot_segment(path))
        remove_dot_segments(path, out);
    else
        out.append(path);
}

}  // namespace

bool has_url_scheme(std::string_view url) {
    url = trim(url);
    if (url.empty() || !is_alpha(url[0])) return false;
    for (std::size_t i = 1; i < url.size(); ++i) {
        char c = url[i];
        if (c == ':') return true;
        if (!(is_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) return false;
    }
    return false;
}

std::string_view url_authority(std::string_view url) {
    url = trim(url);
    return has_url_scheme(url) ? split(url, true).authority : std::string_view();
}

std::string resolve_url(std::string_view base_text, std::string_view reference_text) {
    reference_text = trim(reference_text);
    base_text = trim(base_text);
    if (has_url_scheme(reference_text) || !has_url_scheme(base_text)) return std::string(reference_text);

    const Components base = split(base_text, true);
    const Components ref = split(reference_text, false);
    const bool fragment_only = !ref.has_authority && ref.path.empty() && !ref.has_query && ref.has_fragment;
    const bool hierarchical = base.has_authority || (!base.path.empty() && base.path[0] == '/');
    if (base.has_authority && !plausible_authority(base.scheme, base.authority)) return std::string(reference_text);
    if (!hierarchical && !fragment_only) return std::string(reference_text);

    std::string out;
    out.reserve(base_text.size() + reference_text.size() + 1);
    for (char c : base.scheme) out.push_back(ascii_lower(c));
    out.push_back(':');

    // 5.2.2: the authority, path and query come from the reference from the
    // first of them it has on; what it lacks comes from the base.
    std::string_view query;
    bool has_query;
    if (ref.has_authority) {
        out.append("//").append(ref.authority);
        append_path(ref.path, out);
        query = ref.query, has_query = ref.has_query;
    } else {
        if (base.has_authority) out.append("//").append(base.authority);
        if (ref.path.empty()) {
            out.append(base.path);
            query = ref.has_query ? ref.query : base.query;
            has_query = ref.has_query || base.has_query;
        } else {
            if (ref.path[0] == '/') {
                append_path(ref.path, out);
            } else {
                // 5.2.3 merge: the base path up to its last '/', or "/" when
                // the base has an authority and an empty path.
                std::string merged;
                if (base.has_authority && base.path.empty()) {
                    merged.reserve(ref.path.size() + 1);
                    merged.push_back('/');
                } else {
                    std::size_t slash = base.path.rfind('/');
                    std::string_view directory =
                        slash == std::string_view::npos ? std::string_view() : base.path.substr(0, slash + 1);
                    merged.reserve(directory.size() + ref.path.size());
                    merged.append(directory);
                }
                merged.append(ref.path);
                append_path(merged, out);
            }
            query = ref.query, has_query = ref.has_query;
        }
    }
    if (has_query) out.append("?").append(query);
    if (ref.has_fragment) out.append("#").append(ref.fragment);
    return out;
}

}  // namespace clipfeed
