#include "feeds/html/html_writer.hpp"

#include "feeds/html/html_rules.hpp"
#include "feeds/html/html_text.hpp"

#include <algorithm>

namespace clipfeed::html {

namespace {

// feedparser's bare_ampersand: &(?!#\d+;|#x[0-9a-fA-F]+;|\w+;) at `pos`
bool is_bare_ampersand(std::string_view text, std::size_t pos) {
    const std::size_t n = text.size();
    std::size_t p = pos + 1;
    if (p < n && text[p] == '#') {
        std::size_t digits = p + 1;
        while (digits < n) {
            const CodePoint cp = decode_utf8(text, digits);
            if (!is_python_digit(cp.value)) break;
            digits += cp.length;
        }
        if (digits > p + 1 && digits < n && text[digits] == ';') return false;
        if (p + 1 < n && text[p + 1] == 'x') {
            std::size_t hex = p + 2;
            while (hex < n && is_ascii_hex_digit(text[hex])) ++hex;
            if (hex > p + 2 && hex < n && text[hex] == ';') return false;
        }
        return true;
    }
    while (std::size_t length = python_word_length(text, p)) p += length;
    return !(p > pos + 1 && p < n && text[p] == ';');
}

constexpr ByteSet kMayNeedEscaping("<>\"&");
bool may_need_escaping(char c) { return kMayNeedEscaping.contains(c); }

// The escape for value[i], or "" when it is written as it is.
std::string_view escape_for(std::string_view value, std::size_t i) {
    switch (value[i]) {
        case '<': return "&lt;";
        case '>': return "&gt;";
        case '"': return "&quot;";
        case '&': return is_bare_ampersand(value, i) ? "&amp;" : "";
        default: return "";
    }
}

}  // namespace

void HtmlWriter::diverge(std::size_t extra) {
    diverged_ = true;
    // Room for the input and some growth (resolved links are longer).
    const std::size_t room = original_.size() + original_.size() / 8 + extra + 64;
    if (out_.size() < room) out_.resize(room);
    if (written_ > 0) std::memcpy(out_.data(), original_.data(), written_);
    out_size_ = written_;
}

void HtmlWriter::grow(std::size_t extra) {
    out_.resize(std::max(2 * out_.size(), out_size_ + extra));
}

void HtmlWriter::start_tag(std::string_view tag, const AttributeList& attributes, AttributeValues values) {
    append('<');
    append(tag);
    for (const Attribute& attribute : attributes) {
        append(' ');
        append(attribute.name);
        append("=\"");
        if (values == AttributeValues::kEscaped) append(attribute.value);
        else escaped_attribute(attribute.value);
        append('"');
    }
    if (is_void_element(tag)) append(" />");
    else append('>');
}

void HtmlWriter::end_tag(std::string_view tag) {
    if (is_void_element(tag)) return;
    append("</");
    append(tag);
    append('>');
}

void HtmlWriter::escaped_attribute(std::string_view value) {
    std::size_t copied = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (!may_need_escaping(value[i])) continue;
        const std::string_view escape = escape_for(value, i);
        if (escape.empty()) continue;
        append(value.substr(copied, i - copied));
        append(escape);
        copied = i + 1;
    }
    append(value.substr(copied));
}

bool needs_attribute_escaping(std::string_view value) {
    for (std::size_t i = 0; i < value.size(); ++i)
        if (may_need_escaping(value[i]) && !escape_for(value, i).empty()) return true;
    return false;
}

std::string escape_attribute(std::string_view value) {
    std::string out;
    out.reserve(value.size() + 16);
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string_view escape = escape_for(value, i);
        if (escape.empty()) out += value[i];
        else out.append(escape);
    }
    return out;
}

}  // namespace clipfeed::html
