#include "plugin/clipping/html_entities.hpp"

#include <algorithm>
#include <cstdint>

#include "feeds/text/html4_names.hpp"

namespace clipfeed {

namespace {

// The longest name HTML lets go without its ';' ("frac14", "Ccedil").
constexpr std::size_t kLongestLegacyName = 6;

// Names longer than this are not entities: stop reading the name there.
constexpr std::size_t kLongestName = 32;

// HTML's "legacy" names, which may be written without ';': the Latin-1 ones
// and &amp &lt &gt &quot (but not &apos, which came later).
bool may_omit_semicolon(std::string_view name, char32_t value) { return value <= 0xFF && name != "apos"; }

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// What &#128;-&#159; mean in practice: the windows-1252 characters at those
// bytes (HTML's rule); 0 where windows-1252 has no character.
constexpr char32_t kWindows1252[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

std::optional<CharacterReference> read_numeric_reference(std::string_view html, std::size_t pos) {
    std::size_t i = pos + 2;  // past "&#"
    bool hex = i < html.size() && (html[i] == 'x' || html[i] == 'X');
    if (hex) ++i;
    const std::size_t digits_start = i;
    std::uint32_t value = 0;
    for (; i < html.size(); ++i) {
        char c = html[i];
        std::uint32_t digit;
        if (c >= '0' && c <= '9')
            digit = static_cast<std::uint32_t>(c - '0');
        else if (hex && c >= 'a' && c <= 'f')
            digit = static_cast<std::uint32_t>(c - 'a' + 10);
        else if (hex && c >= 'A' && c <= 'F')
            digit = static_cast<std::uint32_t>(c - 'A' + 10);
        else
            break;
        value = std::min<std::uint32_t>(value * (hex ? 16 : 10) + digit, 0x110000);  // saturate
    }
    if (i == digits_start) return std::nullopt;
    if (i < html.size() && html[i] == ';') ++i;

    char32_t cp = value;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp >= 0x80 && cp <= 0x9F && kWindows1252[cp - 0x80] != 0) cp = kWindows1252[cp - 0x80];
    return CharacterReference{cp, i - pos};
}

}  // namespace

std::optional<CharacterReference> read_character_reference(std::string_view html, std::size_t pos,
                                                           bool in_attribute) {
    if (pos + 1 >= html.size()) return std::nullopt;
    if (html[pos + 1] == '#') return read_numeric_reference(html, pos);

    std::size_t end = pos + 1;
    while (end < html.size() && end - pos - 1 < kLongestName && is_ascii_alnum(html[end])) ++end;
    std::string_view name = html.substr(pos + 1, end - pos - 1);
    if (name.empty()) return std::nullopt;
    if (end < html.size() && html[end] == ';') {
        if (auto value = html4_entity(name)) return CharacterReference{*value, name.size() + 2};
    }

    // No ';' (or an unknown name before it): the longest legacy name the text starts with.
    for (std::size_t length = std::min(name.size(), kLongestLegacyName); length >= 2; --length) {
        std::string_view prefix = name.substr(0, length);
        auto value = html4_entity(prefix);
        if (!value || !may_omit_semicolon(prefix, *value)) continue;
        if (in_attribute) {
            std::size_t after = pos + 1 + length;
            if (length < name.size() || (after < html.size() && html[after] == '=')) return std::nullopt;
        }
        return CharacterReference{*value, length + 1};
    }
    return std::nullopt;
}

}  // namespace clipfeed
