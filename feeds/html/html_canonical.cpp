#include "feeds/html/html_canonical.hpp"

#include <algorithm>

#include "feeds/html/html_rules.hpp"
#include "feeds/html/html_text.hpp"
#include "feeds/html/html_uri.hpp"
#include "feeds/html/html_writer.hpp"

namespace clipfeed::html {

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_lower_letter(char c) { return c >= 'a' && c <= 'z'; }
bool is_lower_name_char(char c) { return is_lower_letter(c) || is_ascii_digit(c); }

// The end of the element name starting at html[pos] ([a-z][a-z0-9]*), or pos
// when there is none.
std::size_t end_of_lower_name(std::string_view html, std::size_t pos) {
    if (pos >= html.size() || !is_lower_letter(html[pos])) return pos;
    std::size_t end = pos + 1;
    while (end < html.size() && is_lower_name_char(html[end])) ++end;
    return end;
}

// An element written "<name>...</name>" as it is.
bool is_plain_element(std::string_view name) {
    return is_common_plain_element(name) ||
           (is_acceptable_element(name) && !is_void_element(name) && name != "svg" && name != "math");
}

bool is_plain_void_element(std::string_view name) { return is_void_element(name) && is_acceptable_element(name); }

// The end of the attribute name starting at html[pos] ([a-z][a-z0-9-]*).
std::size_t end_of_attribute_name(std::string_view html, std::size_t pos) {
    std::size_t end = pos + 1;
    while (end < html.size() && (is_lower_name_char(html[end]) || html[end] == '-')) ++end;
    return end;
}

// Whether the attribute `name="value"` of `tag`, after `previous_name`, comes
// out of both passes as it went in, but for a link the resolver changes:
// `written` is then what the full rewriter writes (html_rewrite.cpp: sorted
// and unique names, rel and type in lower case, links resolved, values
// escaped, the sanitizer's allowlist, the style attribute rewritten, unsafe
// href emptied).
bool is_kept_attribute(std::string_view tag, std::string_view name, std::string_view previous_name,
                       std::string_view value, UriResolver& resolver, std::string& link, std::string_view& written) {
    if (!(previous_name < name) || name == "style") return false;
    if (!is_common_attribute(name) && !is_acceptable_attribute(name)) return false;
    // Without these a value needs no escaping and holds no character reference.
    static constexpr ByteSet kEscapedOrReference("<>&");
    if (kEscapedOrReference.contains_any_of(value)) return false;
    if ((name == "rel" || name == "type") && !is_python_lower(value)) return false;
    written = value;
    if (is_relative_uri_attribute(tag, name)) {
        if (resolver.resolve(value, link)) written = link;
        if (needs_attribute_escaping(written)) return false;
    }
    return name != "href" || is_safe_link(written);
}

// Whether the character reference "&#...;" at html[pos] is written as it is;
// `end` is then just past its ';'.
bool is_kept_character_reference(std::string_view html, std::size_t pos, std::size_t& end) {
    std::size_t digits = pos + 2;
    const bool hex = digits < html.size() && html[digits] == 'x';
    if (hex) ++digits;
    std::size_t k = digits;
    unsigned long value = 0;
    for (; k < html.size(); ++k) {
        const char c = html[k];
        unsigned digit;
        if (is_ascii_digit(c)) digit = static_cast<unsigned>(c - '0');
        else if (hex && c >= 'a' && c <= 'f') digit = static_cast<unsigned>(c - 'a' + 10);
        else break;
        if (value < 0x110000) value = value * (hex ? 16 : 10) + digit;  // saturates, as the rewriter's does
    }
    if (k == digits || k >= html.size() || html[k] != ';') return false;
    // feed() turns "&#39;" and "&#34;" into quote marks; 128-159 become windows-1252's characters.
    const std::string_view written = html.substr(pos, k + 1 - pos);
    if (written == "&#39;" || written == "&#34;" || (value >= 128 && value < 160)) return false;
    end = k + 1;
    return true;
}

// Whether the reference at html[pos] (a '&') is written as it is; `end` is
// then just past it.
bool is_kept_reference(std::string_view html, std::size_t pos, std::size_t& end) {
    if (pos + 1 >= html.size()) return false;
    if (html[pos + 1] == '#') return is_kept_character_reference(html, pos, end);
    if (!is_ascii_letter(html[pos + 1])) return false;
    std::size_t k = pos + 2;
    while (k < html.size() && is_ascii_alnum(html[k])) ++k;
    if (k >= html.size() || html[k] != ';' || !is_html4_entity_name(html.substr(pos + 1, k - pos - 1)))
        return false;
    end = k + 1;
    return true;
}

}  // namespace

bool is_common_plain_element(std::string_view name) {
    switch (name.size()) {
        case 1: return name[0] == 'p' || name[0] == 'a' || name[0] == 'b' || name[0] == 'i';
        case 2: return name == "em" || name == "li" || name == "ul" || name == "ol";
        case 3: return name == "div";
        case 4: return name == "span";
        case 6: return name == "strong";
        case 10: return name == "blockquote";
        default: return false;
    }
}

bool is_common_attribute(std::string_view name) {
    switch (name.size()) {
        case 2: return name == "id";
        case 3: return name == "alt" || name == "src";
        case 4: return name == "href";
        case 5: return name == "class" || name == "title" || name == "width";
        case 6: return name == "height";
        default: return false;
    }
}

CanonicalRewrite rewrite_canonical_html(std::string_view html, UriResolver& resolver, std::string& link,
                                        std::string& out) {
    if (python_strip(html).size() != html.size() || html.find('\r') != npos) return CanonicalRewrite::kNotCanonical;

    bool changed = false;
    std::size_t copied = 0;  // once changed: html[0, copied) is in `out`, rewritten
    std::size_t next_tag = html.find('<');
    std::size_t next_reference = html.find('&');
    for (;;) {
        const std::size_t pos = std::min(next_tag, next_reference);
        if (pos == npos) break;
        std::size_t end = 0;
        if (pos == next_reference) {
            if (!is_kept_reference(html, pos, end)) return CanonicalRewrite::kNotCanonical;
            next_reference = html.find('&', end);
            continue;
        }

        if (pos + 1 < html.size() && html[pos + 1] == '/') {  // "</name>"
            const std::size_t name_end = end_of_lower_name(html, pos + 2);
            if (name_end == pos + 2 || name_end >= html.size() || html[name_end] != '>' ||
                !is_plain_element(html.substr(pos + 2, name_end - pos - 2)))
                return CanonicalRewrite::kNotCanonical;
            end = name_end + 1;
        } else {
            const std::size_t name_end = end_of_lower_name(html, pos + 1);
            const std::string_view tag = html.substr(pos + 1, name_end - pos - 1);
            if (tag.empty()) return CanonicalRewrite::kNotCanonical;
            // Attributes as the writer puts them: ` name="value"`, sorted by name.
            std::size_t at = name_end;
            std::string_view previous_name;
            while (at + 1 < html.size() && html[at] == ' ' && is_lower_letter(html[at + 1])) {
                const std::size_t attribute_name_end = end_of_attribute_name(html, at + 1);
                const std::string_view name = html.substr(at + 1, attribute_name_end - at - 1);
                if (!has_at(html, attribute_name_end, "=\"")) return CanonicalRewrite::kNotCanonical;
                const std::size_t value_start = attribute_name_end + 2;
                const std::size_t value_end = html.find('"', value_start);
                if (value_end == npos) return CanonicalRewrite::kNotCanonical;
                const std::string_view value = html.substr(value_start, value_end - value_start);
                std::string_view written;
                if (!is_kept_attribute(tag, name, previous_name, value, resolver, link, written))
                    return CanonicalRewrite::kNotCanonical;
                if (written != value) {
                    if (!changed) out.clear();
                    changed = true;
                    out.append(html.substr(copied, value_start - copied));
                    out.append(written);
                    copied = value_end;
                }
                previous_name = name;
                at = value_end + 1;
            }
            if (at < html.size() && html[at] == '>' && is_plain_element(tag)) {  // "<name ...>"
                end = at + 1;
            } else if (has_at(html, at, " />") && is_plain_void_element(tag)) {  // "<br ... />"
                end = at + 3;
            } else {
                return CanonicalRewrite::kNotCanonical;
            }
        }
        next_tag = html.find('<', end);
        // A '&' found earlier inside this tag would have made it not canonical.
        if (next_reference < end) next_reference = html.find('&', end);
    }

    if (!changed) return CanonicalRewrite::kUnchanged;
    out.append(html.substr(copied));
    return CanonicalRewrite::kRewritten;
}

}  // namespace clipfeed::html
