// Tests for plugin/unicode_text: white space, letters, and the NFC shortcut.
#include <catch2/catch.hpp>
#include <utf8proc.h>

#include <string>
#include <vector>

#include "plugin/clipping/unicode_text.hpp"

namespace unicode = clipfeed::unicode;

namespace {

std::string utf8(char32_t cp) {
    std::string out;
    unicode::append_utf8(out, cp);
    return out;
}

std::string nfc(const std::string& s) {
    std::string out;
    unicode::to_nfc(s, out);
    return out;
}

bool is_assigned(char32_t cp) {
    auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
    return category != UTF8PROC_CATEGORY_CN && category != UTF8PROC_CATEGORY_CS && category != UTF8PROC_CATEGORY_CO;
}

}  // namespace

TEST_CASE("Every character the NFC shortcut calls inert is left as it is by NFC", "[clipping][unicode]") {
    std::vector<char32_t> changed;
    std::size_t inert = 0;
    for (char32_t cp = 1; cp <= 0x10FFFF; ++cp) {
        if (!is_assigned(cp) || !unicode::is_nfc_inert(cp)) continue;
        ++inert;
        const std::string alone = utf8(cp);
        if (nfc(alone) != alone || nfc("a" + alone + "b") != "a" + alone + "b") changed.push_back(cp);
    }
    CHECK(inert > 100000);
    CHECK(changed.empty());
}

TEST_CASE("No inert character can be the second half of a canonical composition", "[clipping][unicode]") {
    // The characters that compose with the one before them are the later
    // characters of canonical decompositions: none may be called inert.
    std::vector<char32_t> wrongly_inert;
    for (char32_t cp = 0x80; cp <= 0x10FFFF; ++cp) {
        if (!is_assigned(cp)) continue;
        utf8proc_int32_t parts[8];
        int boundclass = 0;
        auto n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(cp), parts, 8, UTF8PROC_DECOMPOSE, &boundclass);
        for (utf8proc_ssize_t i = 1; i < n && i < 8; ++i)
            if (unicode::is_nfc_inert(static_cast<char32_t>(parts[i]))) wrongly_inert.push_back(cp);
    }
    CHECK(wrongly_inert.empty());
}

TEST_CASE("Text of inert characters is recognized as NFC, anything else is normalized", "[clipping][unicode]") {
    CHECK(unicode::is_stable_under_nfc("plain ASCII"));
    CHECK(unicode::is_stable_under_nfc("\u201CCurly\u201D \u2014 caf\u00E9 \u00AB\u00BB \u20AC \u4E2D\u6587 \uD55C"));
    CHECK_FALSE(unicode::is_stable_under_nfc("cafe\u0301"));
    CHECK_FALSE(unicode::is_stable_under_nfc("\u212B"));
    CHECK_FALSE(unicode::is_stable_under_nfc("\u1100\u1161"));
    CHECK_FALSE(unicode::is_stable_under_nfc("bad \xFF byte"));
    CHECK_FALSE(unicode::is_stable_under_nfc("cut \xE2\x80"));
    CHECK(nfc("cafe\u0301") == "caf\u00E9");
    CHECK(nfc("bad \xFF byte \xE2\x80") == "bad \uFFFD byte \uFFFD\uFFFD");
    CHECK(nfc("\xED\xA0\x80") == "\uFFFD\uFFFD\uFFFD");  // an encoded surrogate is not UTF-8
}

TEST_CASE("White space is Unicode's White_Space set", "[clipping][unicode]") {
    for (char32_t cp : {U'\t', U'\n', U'\v', U'\f', U'\r', U' ', U'\u0085', U'\u00A0', U'\u1680', U'\u2000',
                        U'\u200A', U'\u2028', U'\u2029', U'\u202F', U'\u205F', U'\u3000'}) {
        INFO(static_cast<unsigned>(cp));
        CHECK(unicode::is_white_space(cp));
        CHECK(unicode::white_space_length(utf8(cp) + "x", 0) == utf8(cp).size());
    }
    for (char32_t cp : {U'x', U'\u200B', U'\u2060', U'\uFEFF', U'\u00B7', U'\u2022', U'\u201C', U'\u0000'}) {
        INFO(static_cast<unsigned>(cp));
        CHECK_FALSE(unicode::is_white_space(cp));
        CHECK(unicode::white_space_length(utf8(cp), 0) == 0);
    }
    CHECK(unicode::white_space_length("\xC2", 0) == 0);  // cut short
}

TEST_CASE("Letters, digits and hashtag characters are recognized in any script", "[clipping][unicode]") {
    for (char32_t cp : {U'a', U'Z', U'7', U'\u00E9', U'\u0416', U'\u4E2D', U'\u0663', U'\u00BD'}) {
        INFO(static_cast<unsigned>(cp));
        CHECK(unicode::is_letter_or_digit(cp));
    }
    for (char32_t cp : {U'#', U'-', U'\u201C', U'\u2026', U'\u0301', U' '}) {
        INFO(static_cast<unsigned>(cp));
        CHECK_FALSE(unicode::is_letter_or_digit(cp));
    }
    for (char32_t cp : {U'a', U'0', U'-', U'_', U'\u00E9', U'\u093F', U'\u094D', U'\u0663'}) CHECK(unicode::is_hashtag_character(cp));
    for (char32_t cp : {U'#', U'.', U',', U'!', U'\u00B7', U'\u2019', U'\u00BD'}) CHECK_FALSE(unicode::is_hashtag_character(cp));
}

TEST_CASE("UTF-8 is decoded, encoded and counted by code point", "[clipping][unicode]") {
    std::string s = "a\u00E9\u20AC\U0001F600";
    std::size_t pos = 0;
    CHECK(unicode::next_codepoint(s, pos) == U'a');
    CHECK(unicode::next_codepoint(s, pos) == U'\u00E9');
    CHECK(unicode::next_codepoint(s, pos) == U'\u20AC');
    CHECK(unicode::next_codepoint(s, pos) == U'\U0001F600');
    CHECK(pos == s.size());
    CHECK(unicode::codepoint_count(s) == 4);
    std::string bad = "\xC3(";
    pos = 0;
    CHECK(unicode::next_codepoint(bad, pos) == unicode::kReplacementCharacter);
    CHECK(pos == 1);
    CHECK(utf8(0xD800) == "\uFFFD");
    CHECK(utf8(0x110000) == "\uFFFD");
    CHECK(unicode::is_ascii("plain"));
    CHECK_FALSE(unicode::is_ascii("caf\u00E9"));
}
