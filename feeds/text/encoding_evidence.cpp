#include "feeds/text/encoding_evidence.hpp"

#include <optional>
#include <vector>

#include "feeds/text/ascii.hpp"
#include "feeds/text/charset_convert.hpp"

namespace clipfeed {

namespace {

// How many bytes of the document to read for the XML declaration.
constexpr std::size_t kDeclarationWindow = 1024;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// A character a feed can start with: '<' or XML white space.
bool is_plausible_first_character(unsigned char c) { return c == '<' || is_space(static_cast<char>(c)); }

// Splits at ';' outside double quotes (a backslash escapes a quote), as cgi._parseparam does.
std::vector<std::string_view> split_parameters(std::string_view header) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < header.size(); ++i) {
        const char c = header[i];
        if (c == '\\' && quoted) {
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (c == ';' && !quoted) {
            parts.push_back(trim(header.substr(start, i - start)));
            start = i + 1;
        }
    }
    parts.push_back(trim(header.substr(start)));
    return parts;
}

std::string unquote(std::string_view value) {
    if (value.size() < 2 || value.front() != '"' || value.back() != '"') return std::string(value);
    value = value.substr(1, value.size() - 2);
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\\' && i + 1 < value.size() && (value[i + 1] == '\\' || value[i + 1] == '"')) ++i;
        out += value[i];
    }
    return out;
}

// The start of the document as ASCII-compatible text, to read the XML declaration.
std::string declaration_window(std::string_view body, const SniffedEncoding& sniffed) {
    std::string_view window = body.substr(0, kDeclarationWindow);
    if (sniffed.encoding.empty() || sniffed.encoding == "utf-8") return std::string(window);
    const std::optional<std::string> name = iconv_charset_name(sniffed.encoding);
    if (!name) return {};
    const std::optional<Converted> text = convert_to_utf8(window, *name, InvalidInput::replace, 1);
    return text ? text->utf8 : std::string();
}

}  // namespace

SniffedEncoding sniff_encoding(std::string_view bytes) {
    auto byte = [&](std::size_t i) -> int {
        return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : -1;
    };
    const bool then_two_zeros = byte(2) == 0 && byte(3) == 0;
    // Byte order marks; the UTF-32 ones first, as FF FE also starts UTF-32LE's.
    if (starts_with(bytes, std::string_view("\x00\x00\xFE\xFF", 4))) return {"utf-32be", 4};
    if (starts_with(bytes, std::string_view("\xFF\xFE\x00\x00", 4))) return {"utf-32le", 4};
    if (starts_with(bytes, "\xFE\xFF") && !then_two_zeros) return {"utf-16be", 2};
    if (starts_with(bytes, "\xFF\xFE") && !then_two_zeros) return {"utf-16le", 2};
    if (starts_with(bytes, "\xEF\xBB\xBF")) return {"utf-8", 3};
    // "<?xm" in EBCDIC (code page 037).
    if (starts_with(bytes, "\x4C\x6F\xA7\x94")) return {"cp037", 0};

    // No mark: the first character of an XML document is '<' (or white space),
    // so its zero bytes give the width and byte order away. XML 1.0 appendix F
    // looks for "<?"; a feed without a declaration starts "<rss" or "<feed" and
    // must be recognised too.
    if (bytes.size() < 4) return {};
    const int b0 = byte(0), b1 = byte(1), b2 = byte(2), b3 = byte(3);
    if (b0 == 0 && b1 == 0 && b2 == 0 && is_plausible_first_character(static_cast<unsigned char>(b3)))
        return {"utf-32be", 0};
    if (is_plausible_first_character(static_cast<unsigned char>(b0)) && b1 == 0 && b2 == 0 && b3 == 0)
        return {"utf-32le", 0};
    if (b0 == 0 && is_plausible_first_character(static_cast<unsigned char>(b1)) && b2 == 0 && b3 != 0)
        return {"utf-16be", 0};
    if (is_plausible_first_character(static_cast<unsigned char>(b0)) && b1 == 0 && b2 != 0 && b3 == 0)
        return {"utf-16le", 0};
    return {};
}

bool is_wide_unicode(std::string_view encoding) {
    return encoding == "utf-16le" || encoding == "utf-16be" || encoding == "utf-32le" ||
           encoding == "utf-32be";
}

std::string xml_declared_encoding(std::string_view text) {
    if (!starts_with(text, "<?xml") || text.size() < 6 || !is_space(text[5])) return {};
    const std::size_t end = text.find("?>");
    if (end == std::string_view::npos) return {};
    const std::string_view declaration = text.substr(5, end - 5);
    for (std::size_t at = declaration.find("encoding"); at != std::string_view::npos;
         at = declaration.find("encoding", at + 1)) {
        std::size_t i = at + 8;
        while (i < declaration.size() && is_space(declaration[i])) ++i;
        if (i >= declaration.size() || declaration[i] != '=') continue;
        ++i;
        while (i < declaration.size() && is_space(declaration[i])) ++i;
        if (i >= declaration.size() || (declaration[i] != '"' && declaration[i] != '\'')) continue;
        const std::size_t close = declaration.find(declaration[i], i + 1);
        if (close == std::string_view::npos) return {};
        return ascii_lowercase(trim(declaration.substr(i + 1, close - i - 1)));
    }
    return {};
}

ContentType parse_content_type(std::string_view header) {
    const std::vector<std::string_view> parts = split_parameters(header);
    ContentType result;
    result.media_type = ascii_lowercase(parts.front());
    for (std::size_t k = 1; k < parts.size(); ++k) {
        const std::size_t equals = parts[k].find('=');
        if (equals == std::string_view::npos) continue;  // "charset:utf-8" is no parameter
        if (ascii_lowercase(trim(parts[k].substr(0, equals))) != "charset") continue;
        std::string value = unquote(trim(parts[k].substr(equals + 1)));
        std::string charset;
        for (char c : value)
            if (c != '\'') charset += c;
        result.charset = ascii_lowercase(trim(charset));  // a later charset parameter wins, as in a dict
    }
    return result;
}

// A label in lower case without '-' and '_': the key Python's codec lookup
// effectively compares ("UTF_8" and "utf8" are "utf8").
std::string bare_label(std::string_view label) {
    std::string out;
    for (char c : label) {
        if (c == '-' || c == '_') continue;
        out += ascii_lower(c);
    }
    return out;
}

// The name for a UTF-16/32 label: "utf-16le" and its spellings as such; the
// generic names ("utf-16", "ucs-2", ...) as `sniffed` when the bytes showed an
// encoding (feedparser's rule for the XML declaration), else as "utf-16"/"utf-32";
// nullopt for labels of other charsets.
std::optional<std::string> wide_unicode_form(std::string_view label, const std::string& sniffed) {
    const std::string bare = bare_label(label);
    for (std::string_view exact : {"utf-16le", "utf-16be", "utf-32le", "utf-32be"})
        if (bare == bare_label(exact)) return std::string(exact);
    for (std::string_view generic16 : {"u16", "utf16", "iso10646ucs2", "csunicode", "ucs2"})
        if (bare == generic16) return sniffed.empty() ? "utf-16" : sniffed;
    for (std::string_view generic32 : {"u32", "utf32", "iso10646ucs4", "csucs4", "ucs4"})
        if (bare == generic32) return sniffed.empty() ? "utf-32" : sniffed;
    return std::nullopt;
}

std::string normalized_label(std::string_view label) {
    // Spaces and tabs only: a label is one header parameter or attribute value.
    while (!label.empty() && (label.front() == ' ' || label.front() == '\t')) label.remove_prefix(1);
    while (!label.empty() && (label.back() == ' ' || label.back() == '\t')) label.remove_suffix(1);
    std::string out = ascii_lowercase(label);
    // gb18030 is a superset of gb2312; feedparser always reads gb2312 as gb18030.
    if (out == "gb2312") out = "gb18030";
    return out;
}

EncodingEvidence read_encoding_evidence(std::string_view bytes) {
    EncodingEvidence evidence;
    evidence.first_bytes = sniff_encoding(bytes);
    evidence.body = bytes.substr(evidence.first_bytes.bom_length);
    evidence.declared = normalized_label(xml_declared_encoding(declaration_window(evidence.body, evidence.first_bytes)));
    if (!evidence.first_bytes.encoding.empty()) {
        // "utf-16" in the declaration of a document with a UTF-16LE mark means UTF-16LE.
        const std::optional<std::string> wide = wide_unicode_form(evidence.declared, evidence.first_bytes.encoding);
        if (wide) evidence.declared = *wide;
    }
    return evidence;
}

}  // namespace clipfeed
