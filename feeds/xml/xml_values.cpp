#include "feeds/xml/xml_values.hpp"

#include "feeds/text/ascii.hpp"
#include "feeds/text/html4_names.hpp"
#include "feeds/text/utf8_scan.hpp"

#include <algorithm>
#include <cstring>

namespace clipfeed {

namespace {

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Length of a Unicode white-space character (as Python's str.isspace() sees
// it) at the start of `s`, or 0.
std::size_t space_at_start(std::string_view s) {
    if (s.empty()) return 0;
    unsigned char c = static_cast<unsigned char>(s[0]);
    if (is_ascii_space(s[0]) || (c >= 0x1C && c <= 0x1F)) return 1;
    if (c < 0x80) return 0;
    auto b = [&](std::size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0; };
    if (c == 0xC2 && (b(1) == 0x85 || b(1) == 0xA0)) return 2;
    if (c == 0xE1 && b(1) == 0x9A && b(2) == 0x80) return 3;  // U+1680
    if (c == 0xE2 && b(1) == 0x80 && (b(2) <= 0x8A || b(2) == 0xA8 || b(2) == 0xA9 || b(2) == 0xAF)) return 3;
    if (c == 0xE2 && b(1) == 0x81 && b(2) == 0x9F) return 3;  // U+205F
    if (c == 0xE3 && b(1) == 0x80 && b(2) == 0x80) return 3;  // U+3000
    return 0;
}

// Length of a white-space character at the end of `s`, or 0.
std::size_t space_at_end(std::string_view s) {
    if (s.empty()) return 0;
    unsigned char last = static_cast<unsigned char>(s.back());
    if (last < 0x80) return space_at_start(s.substr(s.size() - 1));
    for (std::size_t len = 2; len <= 3 && len <= s.size(); ++len)
        if (space_at_start(s.substr(s.size() - len)) == len) return len;
    return 0;
}

void append_escaped(std::string_view text, bool quote, std::string& out) {
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"':
                if (quote) {
                    out += "&quot;";
                    break;
                }
                out += c;
                break;
            default: out += c;
        }
    }
}

std::string_view local_name(std::string_view qname) {
    std::size_t colon = qname.find(':');
    return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

bool is_whitespace_text(pugi::xml_node n) {
    if (n.type() != pugi::node_pcdata) return false;
    for (const char* p = n.value(); *p; ++p)
        if (!is_ascii_space(*p)) return false;
    return true;
}

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

// windows-1252's characters for 0x80-0x9F; 0 where it defines none.
const char32_t kCp1252[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

// The tags feedparser accepts as HTML when it guesses whether text is HTML.
const char* const kHtmlTags[] = {
    "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "big", "blockquote", "br",
    "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "command", "datagrid",
    "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "event-source",
    "fieldset", "figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "i", "img", "input", "ins", "kbd", "keygen", "label", "legend", "li", "m", "map", "menu", "meter",
    "multicol", "nav", "nextid", "noscript", "ol", "optgroup", "option", "output", "p", "pre", "progress",
    "q", "s", "samp", "section", "select", "small", "sound", "source", "spacer", "span", "strike", "strong",
    "sub", "sup", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul",
    "var", "video",
};

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

std::string_view strip_unicode_space(std::string_view s) {
    while (std::size_t n = space_at_start(s)) s.remove_prefix(n);
    while (std::size_t n = space_at_end(s)) s.remove_suffix(n);
    return s;
}

std::string_view ValueReader::within_limit(std::string_view value) {
    if (value.size() <= max_text_) return value;
    truncated_ = true;
    std::size_t cut = max_text_;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    return value.substr(0, cut);
}

std::string_view ValueReader::text(pugi::xml_node element) {
    pugi::xml_node only;
    int pieces = 0;
    for (pugi::xml_node n = element.first_child(); n; n = n.next_sibling()) {
        if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
            if (pieces++ == 0) only = n;
        }
    }
    if (pieces == 0) return "";

    if (pieces == 1 && (only.type() == pugi::node_cdata || !entities_ || entities_->empty())) {
        // Work on the text node where it lies in the document buffer.
        char* raw = const_cast<char*>(only.value());
        std::size_t size = std::strlen(raw);
        if (only.type() == pugi::node_pcdata && has_references({raw, size}))
            size = decode_in_place(raw, size, issues_);
        std::string_view v = within_limit(strip_unicode_space({raw, size}));
        const_cast<char*>(v.data())[v.size()] = '\0';
        return v;
    }

    scratch_.clear();
    for (pugi::xml_node n = element.first_child(); n; n = n.next_sibling()) {
        if (n.type() == pugi::node_pcdata)
            append_decoded(n.value(), entities_, scratch_, issues_);
        else if (n.type() == pugi::node_cdata)
            scratch_ += n.value();
    }
    return arena_.store(within_limit(strip_unicode_space(scratch_)));
}

std::string_view ValueReader::replace(std::string_view handed_out, std::string_view replacement) {
    // An empty value may be a string literal; a longer replacement has no room.
    if (handed_out.empty() || replacement.size() > handed_out.size()) return arena_.store(replacement);
    char* at = const_cast<char*>(handed_out.data());
    std::memcpy(at, replacement.data(), replacement.size());
    at[replacement.size()] = '\0';  // within the value, or on the NUL every value ends with
    return {at, replacement.size()};
}

std::string_view ValueReader::attribute(pugi::xml_attribute a) {
    if (!a) return "";
    std::string_view raw = a.value();
    if (!has_references(raw)) return raw;
    scratch_.clear();
    append_decoded(raw, entities_, scratch_, issues_);
    return arena_.store(scratch_);
}

void ValueReader::serialize_children(pugi::xml_node element, NamespaceScope& scope, std::string& out, int depth) {
    if (depth >= max_depth_ || out.size() > max_text_) {
        truncated_ = true;
        return;
    }
    std::string decoded;
    for (pugi::xml_node n = element.first_child(); n; n = n.next_sibling()) {
        switch (n.type()) {
            case pugi::node_pcdata:
                decoded.clear();
                append_decoded(n.value(), entities_, decoded, issues_);
                append_escaped(decoded, false, out);
                break;
            case pugi::node_cdata:
                append_escaped(n.value(), false, out);
                break;
            case pugi::node_element:
                serialize_element(n, scope, out, depth + 1);
                break;
            default:
                break;  // comments and processing instructions are not content
        }
    }
}

void ValueReader::serialize_element(pugi::xml_node n, NamespaceScope& scope, std::string& out, int depth) {
    std::size_t mark = scope.enter(n);
    auto [prefix, name] = split_qname(n.name());
    bool undeclared = false;
    Ns ns = scope.element_namespace(prefix, undeclared);
    std::string decoded;
    out += '<';
    append_ascii_lowercase(name, out);
    // As feedparser writes inline XHTML: xlink declarations are kept, SVG and
    // MathML get their namespace back, other xmlns attributes are dropped,
    // and attribute names are lower-cased (xlink: and xml: prefixes kept).
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
        std::string_view attr = a.name();
        if (attr.compare(0, 6, "xmlns:") == 0 && namespace_for_uri(a.value()) == Ns::xlink) {
            out += ' ';
            append_ascii_lowercase(attr, out);
            out += "=\"";
            append_escaped(a.value(), true, out);
            out += '"';
        }
    }
    if ((ns == Ns::svg && ascii_iequals(name, "svg")) || (ns == Ns::mathml && ascii_iequals(name, "math")))
        out += ns == Ns::svg ? " xmlns=\"http://www.w3.org/2000/svg\"" : " xmlns=\"http://www.w3.org/1998/Math/MathML\"";
    int attributes = 0;
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
        if (++attributes > max_attributes_) {
            truncated_ = true;
            break;
        }
        std::string_view attr = a.name();
        if (attr.compare(0, 5, "xmlns") == 0 && (attr.size() == 5 || attr[5] == ':')) continue;
        out += ' ';
        auto [attr_prefix, attr_local] = split_qname(attr);
        if (!attr_prefix.empty()) {
            bool attr_undeclared = false;
            Ns attr_ns = scope.element_namespace(attr_prefix, attr_undeclared);
            if (attr_ns == Ns::xlink) {
                out += "xlink:";
            } else if (attr_ns == Ns::xml) {
                out += "xml:";
            } else {
                append_ascii_lowercase(attr_prefix, out);
                out += ':';
            }
        }
        append_ascii_lowercase(attr_local, out);
        out += "=\"";
        decoded.clear();
        append_decoded(a.value(), entities_, decoded, issues_);
        append_escaped(decoded, true, out);
        out += '"';
    }
    out += '>';
    serialize_children(n, scope, out, depth);
    out += "</";
    append_ascii_lowercase(name, out);
    out += '>';
    scope.leave(mark);
}

std::string_view ValueReader::markup(pugi::xml_node element, bool unwrap_div, NamespaceScope& scope) {
    const pugi::xml_node outer = element;  // its namespaces are already in `scope`
    if (unwrap_div) {
        // Atom 1.0 XHTML content is wrapped in one <div> that is not content.
        pugi::xml_node only;
        int significant = 0;
        for (pugi::xml_node n = element.first_child(); n; n = n.next_sibling()) {
            if (n.type() == pugi::node_comment || n.type() == pugi::node_pi || is_whitespace_text(n)) continue;
            if (significant++ == 0) only = n;
        }
        if (significant == 1 && only.type() == pugi::node_element) {
            std::string_view name = local_name(only.name());
            if (name.size() == 3 && (name[0] | 0x20) == 'd' && (name[1] | 0x20) == 'i' && (name[2] | 0x20) == 'v')
                element = only;
        }
    }
    std::string out;
    // An unwrapped <div> may declare namespaces of its own.
    std::size_t mark = element == outer ? scope.bindings().size() : scope.enter(element);
    serialize_children(element, scope, out, 0);
    scope.leave(mark);
    return arena_.store(within_limit(strip_unicode_space(out)));
}

std::string_view ValueReader::base64_decoded(std::string_view value) {
    std::string out;
    unsigned buffer = 0;
    int bits = 0, sextets = 0;
    bool padded = false;
    for (char c : value) {
        if (c == '=') {
            padded = true;
            break;
        }
        int v = base64_value(c);
        if (v < 0) continue;  // like Python's decoder: other characters are skipped
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        ++sextets;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    bool complete = sextets % 4 == 0 || (padded && sextets % 4 != 1);
    if (!complete || !scan_utf8(out).valid_utf8()) return value;
    return arena_.store(out);
}

std::string_view fix_encoding_slips(std::string_view value, bool document_is_utf8, Arena& arena) {
    const std::size_t first_high = ascii_prefix(value);
    if (first_high == value.size()) return value;  // ASCII: nothing to fix (the common case)

    // Are all non-ASCII characters in U+0080-U+00FF (lead bytes C2/C3)? Most
    // text fails this at its first curly quote, so the loop ends early.
    bool latin1_only = true;
    for (std::size_t i = first_high; i < value.size() && latin1_only; ++i) {
        unsigned char c = static_cast<unsigned char>(value[i]);
        if (c < 0x80) continue;
        latin1_only = (c == 0xC2 || c == 0xC3) && i + 1 < value.size();
        ++i;  // the continuation byte
    }

    std::string repaired;
    std::string_view current = value;
    if (document_is_utf8 && latin1_only) {
        // Their bytes, taken one per character, form UTF-8: the text was UTF-8
        // misread as ISO-8859-1 and encoded again.
        std::string bytes;
        bytes.reserve(value.size());
        for (std::size_t i = 0; i < value.size(); ++i) {
            unsigned char c = static_cast<unsigned char>(value[i]);
            if (c < 0x80) {
                bytes += static_cast<char>(c);
                continue;
            }
            unsigned char c1 = static_cast<unsigned char>(value[++i]);
            bytes += static_cast<char>(((c & 0x03) << 6) | (c1 & 0x3F));
        }
        if (scan_utf8(bytes).valid_utf8()) {
            repaired = std::move(bytes);
            current = repaired;
        }
    }

    // C1 controls windows-1252 has characters for: U+0080-U+009F, written C2 80..9F.
    auto is_mapped_c1 = [&](std::size_t at) {
        unsigned char c1 = static_cast<unsigned char>(current[at + 1]);
        return c1 >= 0x80 && c1 <= 0x9F && kCp1252[c1 - 0x80] != 0;
    };
    std::size_t c1_at = current.find('\xC2', first_high < current.size() ? first_high : 0);
    while (c1_at != std::string_view::npos && (c1_at + 1 >= current.size() || !is_mapped_c1(c1_at)))
        c1_at = current.find('\xC2', c1_at + 1);
    if (c1_at != std::string_view::npos) {
        std::string mapped(current.substr(0, c1_at));
        for (std::size_t i = c1_at; i < current.size(); ++i) {
            if (static_cast<unsigned char>(current[i]) == 0xC2 && i + 1 < current.size() && is_mapped_c1(i)) {
                append_utf8(kCp1252[static_cast<unsigned char>(current[i + 1]) - 0x80], mapped);
                ++i;
                continue;
            }
            mapped += current[i];
        }
        return arena.store(mapped);
    }
    if (!repaired.empty()) return arena.store(repaired);
    return value;
}

bool declared_text_looks_like_html(std::string_view text) {
    // It must have a closing tag or an entity reference ...
    bool has_close_tag = false, has_reference = false;
    for (std::size_t i = 0; i + 2 < text.size() && !has_close_tag; ++i) {
        if (text[i] == '<' && text[i + 1] == '/' && is_word_char(text[i + 2])) {
            std::size_t j = i + 2;
            while (j < text.size() && is_word_char(text[j])) ++j;
            has_close_tag = j < text.size() && text[j] == '>';
        }
    }
    for (std::size_t i = 0; i + 1 < text.size() && !has_reference; ++i) {
        if (text[i] != '&') continue;
        std::size_t j = i + 1;
        if (j < text.size() && text[j] == '#') ++j;
        std::size_t start = j;
        while (j < text.size() && is_word_char(text[j])) ++j;
        has_reference = j > start && j < text.size() && text[j] == ';';
    }
    if (!has_close_tag && !has_reference) return false;

    // ... every tag must be a well-known HTML tag ...
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != '<') continue;
        std::size_t j = i + 1;
        if (text[j] == '/') ++j;
        std::size_t start = j;
        while (j < text.size() && is_word_char(text[j])) ++j;
        if (j == start) continue;
        std::string name;
        append_ascii_lowercase(text.substr(start, j - start), name);
        bool known = std::any_of(std::begin(kHtmlTags), std::end(kHtmlTags),
                                 [&](const char* t) { return name == t; });
        if (!known) return false;
    }
    // ... and every named entity a defined HTML entity.
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') continue;
        std::size_t j = i + 1;
        while (j < text.size() && is_word_char(text[j])) ++j;
        if (j == i + 1 || j >= text.size() || text[j] != ';') continue;
        if (!html4_entity(text.substr(i + 1, j - i - 1))) return false;
    }
    return true;
}

}  // namespace clipfeed
