// HTML character references (&amp; &#8220; &#x201C; ...), decoded with HTML 4's
// entity names (feeds/text/html4_names.hpp: libxml2's table, copied).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace clipfeed {

struct CharacterReference {
    char32_t codepoint;
    std::size_t length;  // bytes of the reference, '&' and any ';' included
};

// The character reference starting at html[pos] (an '&'), or nullopt when that
// '&' is just an ampersand. As HTML does: numeric references need no ';';
// the old Latin-1 names and &amp &lt &gt &quot may also go without one
// ("&nbsp", "&copy2024"), except inside an attribute value when a letter,
// digit or '=' follows; &#0, surrogates and values past U+10FFFF give U+FFFD;
// &#128;-&#159; are read as the windows-1252 characters they were meant as.
std::optional<CharacterReference> read_character_reference(std::string_view html, std::size_t pos,
                                                           bool in_attribute);

}  // namespace clipfeed
