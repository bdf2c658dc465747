#include "feeds/html/html_text.hpp"

#include <utf8proc.h>

#include "feeds/text/ascii.hpp"

namespace clipfeed::html {

CodePoint decode_non_ascii(std::string_view text, std::size_t pos) {
    utf8proc_int32_t value = 0;
    const auto* start = reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos);
    const auto available = static_cast<utf8proc_ssize_t>(text.size() - pos);
    const utf8proc_ssize_t length = utf8proc_iterate(start, available, &value);
    if (length <= 0) return {0xfffd, 1};
    return {static_cast<char32_t>(value), static_cast<std::size_t>(length)};
}

bool is_python_space(char32_t c) {
    if (c < 0x80) return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20);
    switch (c) {
        case 0x85: case 0xa0: case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000:
            return true;
        default:
            return c >= 0x2000 && c <= 0x200a;
    }
}

bool is_python_word(char32_t c) {
    if (c < 0x80) return c == '_' || is_ascii_alnum(static_cast<char>(c));
    switch (utf8proc_category(static_cast<utf8proc_int32_t>(c))) {
        case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
        case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
            return true;
        default:
            return false;
    }
}

bool is_python_digit(char32_t c) {
    if (c < 0x80) return is_ascii_digit(static_cast<char>(c));
    return utf8proc_category(static_cast<utf8proc_int32_t>(c)) == UTF8PROC_CATEGORY_ND;
}

std::size_t non_ascii_space_length(std::string_view text, std::size_t pos) {
    const CodePoint cp = decode_utf8(text, pos);
    return is_python_space(cp.value) ? cp.length : 0;
}

std::size_t non_ascii_word_length(std::string_view text, std::size_t pos) {
    const CodePoint cp = decode_non_ascii(text, pos);
    return is_python_word(cp.value) ? cp.length : 0;
}

std::string_view python_strip_general(std::string_view text) {
    std::size_t begin = skip_python_space(text, 0);
    std::size_t end = text.size();
    while (end > begin) {
        // Step back to the start of the last code point.
        std::size_t start = end - 1;
        while (start > begin && (static_cast<unsigned char>(text[start]) & 0xc0) == 0x80) --start;
        if (!is_python_space(decode_utf8(text, start).value)) break;
        end = start;
    }
    return text.substr(begin, end - begin);
}

bool is_python_lower(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (static_cast<unsigned char>(c) < 0x80) {
            if (is_ascii_upper(c)) return false;
            ++i;
            continue;
        }
        const CodePoint cp = decode_non_ascii(text, i);
        const auto value = static_cast<utf8proc_int32_t>(cp.value);
        if (utf8proc_tolower(value) != value) return false;
        i += cp.length;
    }
    return true;
}

std::string python_lower(std::string_view text) {
    std::string lower;
    lower.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const CodePoint cp = decode_utf8(text, i);
        if (cp.value < 0x80) {
            lower += ascii_lower(static_cast<char>(cp.value));
        } else {
            const utf8proc_int32_t mapped = utf8proc_tolower(static_cast<utf8proc_int32_t>(cp.value));
            if (mapped == static_cast<utf8proc_int32_t>(cp.value)) {
                lower.append(text, i, cp.length);
            } else {
                utf8proc_uint8_t buffer[4];
                const utf8proc_ssize_t length = utf8proc_encode_char(mapped, buffer);
                lower.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(length));
            }
        }
        i += cp.length;
    }
    return lower;
}

}  // namespace clipfeed::html
