// ASCII-only case folding, for the names and keywords feeds are made of
// (element and entity names, schemes, month names, charset labels): unlike
// std::tolower it does not depend on the locale and never touches a byte of a
// UTF-8 sequence.
#pragma once

namespace clipfeed {

inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace clipfeed
