// ASCII-only case folding, for the names and keywords feeds are made of
// (element and entity names, schemes, month names, charset labels, header
// names): unlike std::tolower it does not depend on the locale and never
// touches a byte of a UTF-8 sequence.
#pragma once

#include <string>
#include <string_view>

namespace clipfeed {

inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// `s` with A-Z in lower case, appended to `out`.
inline void append_ascii_lowercase(std::string_view s, std::string& out) {
    const std::size_t start = out.size();
    out.append(s.data(), s.size());
    for (std::size_t i = start; i < out.size(); ++i) out[i] = ascii_lower(out[i]);
}

inline std::string ascii_lowercase(std::string_view s) {
    std::string out;
    append_ascii_lowercase(s, out);
    return out;
}

// Whether `text` begins with `lowercase_prefix` (all lower case) but for the
// case of A-Z. A loop, not a compare: the prefixes are a few bytes long.
inline bool ascii_starts_with_lowercase(std::string_view text, std::string_view lowercase_prefix) {
    if (text.size() < lowercase_prefix.size()) return false;
    for (std::size_t i = 0; i < lowercase_prefix.size(); ++i)
        if (ascii_lower(text[i]) != lowercase_prefix[i]) return false;
    return true;
}

// Whether `a` and `b` are the same but for the case of A-Z.
inline bool ascii_iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

}  // namespace clipfeed
