// Each step mirrors one of feedparser's regular expressions; the comments
// quote them. They are matched by hand (one forward scan each) rather than
// with std::regex, which is slow and whose \s and \w are not Python's.
#include "feeds/html/html_style_sanitizer.hpp"

#include "feeds/html/html_rules.hpp"
#include "feeds/html/html_text.hpp"

#include <vector>

namespace clipfeed::html {

namespace {

bool is_css_name_char(std::string_view text, std::size_t pos, std::size_t& length) {  // [-\w]
    if (pos >= text.size()) return false;
    if (text[pos] == '-') {
        length = 1;
        return true;
    }
    length = python_word_length(text, pos);
    return length != 0;
}

std::size_t skip_css_name(std::string_view text, std::size_t pos) {  // [-\w]*
    std::size_t length = 0;
    while (is_css_name_char(text, pos, length)) pos += length;
    return pos;
}

// re.sub(r'url\s*\(\s*[^\s)]+?\s*\)\s*', ' ', style)
std::string_view remove_urls(std::string_view style, std::string& buffer) {
    std::size_t found = style.find("url");
    if (found == std::string_view::npos) return style;
    buffer.clear();
    std::size_t copied = 0;
    for (; found != std::string_view::npos; found = style.find("url", found + 1)) {
        if (found < copied) continue;
        std::size_t p = skip_python_space(style, found + 3);
        if (p >= style.size() || style[p] != '(') continue;
        p = skip_python_space(style, p + 1);
        const std::size_t target = p;
        while (p < style.size() && style[p] != ')' && python_space_length(style, p) == 0) ++p;
        if (p == target) continue;
        const std::size_t target_end = p;
        p = skip_python_space(style, p);
        if (p >= style.size() || style[p] != ')') {
            // A "url(" inside this target would fail the same way.
            found = target_end - 1;
            continue;
        }
        p = skip_python_space(style, p + 1);
        buffer.append(style.substr(copied, found - copied));
        buffer += ' ';
        copied = p;
        found = p - 1;
    }
    if (copied == 0 && buffer.empty()) return style;
    buffer.append(style.substr(copied));
    return buffer;
}

// The end of the quoted run at `pos` for '[\s\w]+' (with quote `quote`) or
// '\([\d,\s]+\)' (with close ')'), or npos.
std::size_t match_enclosed(std::string_view style, std::size_t pos, char close, bool digits_and_commas) {
    std::size_t p = pos + 1;
    while (p < style.size() && style[p] != close) {
        const CodePoint cp = decode_utf8(style, p);
        const bool allowed = digits_and_commas ? cp.value == ',' || is_python_digit(cp.value)
                                               : is_python_word(cp.value);
        const bool ok = allowed || is_python_space(cp.value);
        if (!ok) return std::string_view::npos;
        p += cp.length;
    }
    if (p >= style.size() || p == pos + 1) return std::string_view::npos;
    return p + 1;
}

// The gauntlet:
// ^([:,;#%.\sa-zA-Z0-9!]|\w-\w|'[\s\w]+'|"[\s\w]+"|\([\d,\s]+\))*$
// Checked as "which positions can a sequence of these tokens reach".
bool passes_gauntlet(std::string_view style, std::vector<bool>& reachable) {
    reachable.assign(style.size() + 1, false);
    reachable[0] = true;
    for (std::size_t p = 0; p < style.size(); ++p) {
        if (!reachable[p]) continue;
        const char c = style[p];
        const CodePoint cp = decode_utf8(style, p);
        if (is_ascii_alnum(c) || c == ':' || c == ',' || c == ';' || c == '#' || c == '%' || c == '.' ||
            c == '!' || is_python_space(cp.value))
            reachable[p + cp.length] = true;
        if (is_python_word(cp.value) && p + cp.length < style.size() && style[p + cp.length] == '-') {
            const std::size_t after = python_word_length(style, p + cp.length + 1);
            if (after) reachable[p + cp.length + 1 + after] = true;
        }
        std::size_t end = std::string_view::npos;
        if (c == '\'' || c == '"') end = match_enclosed(style, p, c, false);
        if (c == '(') end = match_enclosed(style, p, ')', true);
        if (end != std::string_view::npos) reachable[end] = true;
    }
    return reachable[style.size()];
}

// The declaration at `pos`: [-\w]+\s*:\s*([^:;]*), without its leading
// white space. Returns false when there is none.
bool match_declaration(std::string_view style, std::size_t pos, std::string_view& property,
                       std::string_view& value, std::size_t& end, std::size_t& name_end) {
    name_end = skip_css_name(style, pos);
    if (name_end == pos) return false;
    std::size_t p = skip_python_space(style, name_end);
    if (p >= style.size() || style[p] != ':') return false;
    p = skip_python_space(style, p + 1);
    const std::size_t value_start = p;
    while (p < style.size() && style[p] != ':' && style[p] != ';') ++p;
    property = style.substr(pos, name_end - pos);
    value = style.substr(value_start, p - value_start);
    end = p;
    return true;
}

// re.sub(r"\s*[-\w]+\s*:\s*[^:;]*;?", '', style).strip() must leave nothing:
// every character that no declaration covers has to be white space.
bool is_declaration_list(std::string_view style) {
    std::size_t p = 0;
    while (p < style.size()) {
        // A match starting in the white space would start after it too.
        const std::size_t start = skip_python_space(style, p);
        std::string_view property, value;
        std::size_t end = 0, name_end = 0;
        if (!match_declaration(style, start, property, value, end, name_end)) return start == style.size();
        p = (end < style.size() && style[end] == ';') ? end + 1 : end;
    }
    return true;
}

// Position after the decimal digits (\d*) at `pos`; `count` gets how many.
std::size_t skip_digits(std::string_view text, std::size_t pos, std::size_t& count) {
    count = 0;
    while (pos < text.size()) {
        const CodePoint cp = decode_utf8(text, pos);
        if (!is_python_digit(cp.value)) break;
        pos += cp.length;
        ++count;
    }
    return pos;
}

std::size_t skip_optional(std::string_view text, std::size_t pos, char c) {
    return pos < text.size() && text[pos] == c ? pos + 1 : pos;
}

// #[0-9a-f]+
bool is_hex_colour(std::string_view keyword) {
    if (keyword.size() < 2 || keyword[0] != '#') return false;
    for (char c : keyword.substr(1))
        if (!is_ascii_digit(c) && !(c >= 'a' && c <= 'f')) return false;
    return true;
}

// rgb\(\d+%?,\d*%?,?\d*%?\)?  (each part is a single character class, so
// taking each greedily in turn finds a match whenever one exists)
bool is_rgb_colour(std::string_view keyword) {
    if (keyword.substr(0, 4) != "rgb(") return false;
    std::size_t count = 0;
    std::size_t p = skip_digits(keyword, 4, count);
    if (count == 0) return false;
    p = skip_optional(keyword, p, '%');
    if (p >= keyword.size() || keyword[p] != ',') return false;
    p = skip_digits(keyword, p + 1, count);
    p = skip_optional(keyword, p, '%');
    p = skip_optional(keyword, p, ',');
    p = skip_digits(keyword, p, count);
    p = skip_optional(keyword, p, '%');
    p = skip_optional(keyword, p, ')');
    return p == keyword.size();
}

// \d{0,2}\.?\d{0,2}(cm|em|ex|in|mm|pc|pt|px|%|,|\))?
bool is_size(std::string_view keyword) {
    for (std::string_view unit : {"cm", "em", "ex", "in", "mm", "pc", "pt", "px", "%", ",", ")"}) {
        if (keyword.size() >= unit.size() && keyword.substr(keyword.size() - unit.size()) == unit) {
            keyword.remove_suffix(unit.size());
            break;
        }
    }
    std::size_t whole = 0, fraction = 0;
    std::size_t p = skip_digits(keyword, 0, whole);
    if (p == keyword.size()) return whole <= 4;
    if (keyword[p] != '.' || whole > 2) return false;
    p = skip_digits(keyword, p + 1, fraction);
    return p == keyword.size() && fraction <= 2;
}

// valid_css_values: ^(#[0-9a-f]+|rgb\(...\)?|\d{0,2}\.?\d{0,2}(unit)?)$
bool is_valid_css_value(std::string_view keyword) {
    return is_hex_colour(keyword) || is_rgb_colour(keyword) || is_size(keyword);
}

bool is_box_property(std::string_view lower_property) {  // prop.split('-')[0] in [...]
    const std::string_view head = lower_property.substr(0, lower_property.find('-'));
    return head == "background" || head == "border" || head == "margin" || head == "padding";
}

bool has_only_safe_keywords(std::string_view value) {
    std::size_t p = 0;
    while (true) {
        p = skip_python_space(value, p);
        if (p >= value.size()) return true;
        std::size_t end = p;
        while (end < value.size() && python_space_length(value, end) == 0) ++end;
        const std::string_view keyword = value.substr(p, end - p);
        if (!is_acceptable_css_keyword(keyword) && !is_valid_css_value(keyword)) return false;
        p = end;
    }
}

}  // namespace

void sanitize_style(std::string_view style, bool in_svg, std::string& clean) {
    clean.clear();
    thread_local std::string without_urls;
    thread_local std::vector<bool> reachable;
    style = remove_urls(style, without_urls);
    if (!passes_gauntlet(style, reachable) || !is_declaration_list(style)) return;

    // re.findall(r"([-\w]+)\s*:\s*([^:;]*)", style)
    std::size_t p = 0;
    while (p < style.size()) {
        std::string_view property, value;
        std::size_t end = 0, name_end = 0;
        if (!match_declaration(style, p, property, value, end, name_end)) {
            // No declaration starts anywhere inside this name either.
            p = name_end > p ? name_end : p + 1;
            continue;
        }
        p = end;
        if (value.empty()) continue;
        const std::string lower = is_python_lower(property) ? std::string(property) : python_lower(property);
        const bool keep = is_acceptable_css_property(lower) ||
                          (is_box_property(lower) && has_only_safe_keywords(value)) ||
                          (in_svg && is_acceptable_svg_css_property(lower));
        if (!keep) continue;
        if (!clean.empty()) clean += ' ';
        clean.append(property);
        clean += ": ";
        clean.append(value);
        clean += ';';
    }
}

}  // namespace clipfeed::html
