// Conversion of legacy charsets to UTF-8 through glibc iconv, and the mapping
// from the charset labels feeds write to the names iconv knows.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace clipfeed {

// The iconv name for a charset label as written in a Content-Type or an XML
// declaration ("UTF8", "latin_1", "x-mac-roman"), or nullopt when iconv does
// not know it or the label is not a plain name (iconv's "//" options, the
// locale's "" and iconv-internal names are refused).
std::optional<std::string> iconv_charset_name(std::string_view label);

struct Converted {
    std::string utf8;
    std::size_t replaced = 0;  // invalid or truncated sequences replaced with U+FFFD (lenient mode)
};

enum class InvalidInput {
    fail,     // the first invalid or truncated sequence fails the whole conversion
    replace,  // each invalid unit becomes U+FFFD and conversion goes on
};

// Converts `bytes` from `iconv_name` to UTF-8. `unit_size` is how many bytes to
// skip past an invalid sequence in replace mode (2 for UTF-16, 4 for UTF-32, else 1).
// nullopt when the conversion fails (fail mode) or iconv cannot open the charset.
std::optional<Converted> convert_to_utf8(std::string_view bytes, const std::string& iconv_name,
                                         InvalidInput on_invalid, std::size_t unit_size = 1);

}  // namespace clipfeed
