// One fast pass over raw bytes: where the plain-ASCII run ends, whether the
// bytes are valid UTF-8, and whether they hold NUL bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace clipfeed {

struct Utf8Scan {
    std::size_t size = 0;
    std::size_t ascii_prefix = 0;  // bytes before the first byte >= 0x80 (== size when all ASCII)
    std::size_t valid_prefix = 0;  // bytes before the first invalid UTF-8 sequence (== size when valid)
    bool has_nul = false;          // a NUL byte within the valid prefix

    bool all_ascii() const { return ascii_prefix == size; }
    bool valid_utf8() const { return valid_prefix == size; }
};

// How many bytes at the start of `bytes` are ASCII (all of them when none is
// 0x80 or above); eight at a time.
std::size_t ascii_prefix(std::string_view bytes);

// The length of the well-formed UTF-8 sequence that starts at bytes[at] (a
// byte >= 0x80), or 0 when none starts there: the same strict reading as
// scan_utf8, for writers that copy valid text and replace stray bytes.
std::size_t utf8_sequence_length(std::string_view bytes, std::size_t at);

// Checks `bytes` as strict UTF-8 (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF). Stops at the first invalid sequence.
Utf8Scan scan_utf8(std::string_view bytes);

// UTF-8 text with a few stray bytes: valid sequences are kept and each byte
// that is not UTF-8 is read as windows-1252 (U+FFFD where windows-1252 has no
// character). `sequences` counts the valid multi-byte sequences (the evidence
// that the text really is UTF-8), `invalid` the stray bytes, `first_invalid`
// the offset of the first.
struct MixedUtf8 {
    std::string utf8;
    std::size_t sequences = 0;
    std::size_t invalid = 0;
    std::size_t first_invalid = 0;
};
MixedUtf8 utf8_with_windows1252_strays(std::string_view bytes);

// `text` with every NUL byte replaced by U+FFFD; `replaced` counts them.
std::string replace_nul_bytes(std::string_view text, std::size_t& replaced);

}  // namespace clipfeed
