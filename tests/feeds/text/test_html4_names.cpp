// feeds/text/html4_names against its oracle: libxml2's own HTML tables, which
// the .inc files were generated from. Every entry is checked both ways, and
// every code point and some names that are not entities or elements too.
#include <catch2/catch.hpp>

#include <libxml/HTMLparser.h>

#include <map>
#include <string>

#include "feeds/text/html4_names.hpp"

using clipfeed::html4_elements;
using clipfeed::html4_entities;
using clipfeed::html4_entity;
using clipfeed::is_html4_element;

namespace {

const htmlEntityDesc* libxml2_entity(const std::string& name) {
    return htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()));
}

bool libxml2_element(const std::string& name) {
    return htmlTagLookup(reinterpret_cast<const xmlChar*>(name.c_str())) != nullptr;
}

std::string flip_case(std::string s, std::size_t only = std::string::npos) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (only != std::string::npos && i != only) continue;
        char& c = s[i];
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
        else if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}

// Names that are neither HTML 4 entities nor elements, or only in other case.
const char* const kNotNames[] = {"", "a ", "x", "apos;", "amp;", "nbsp ", "euro2", "hellip1", "section",
                                 "article", "nav", "main", "template", "svg", "math", "xmp", "nobr",
                                 "blink", "marquee", "quote", "rsquor", "thetasy", "zwnjj", "\xC3\xA9",
                                 "divx", "bodyy", "h7", "h0", "tablee", "abbreviation", "blockquotes"};

}  // namespace

TEST_CASE("Each HTML 4 entity has the code point libxml2 gives its name", "[html4][text]") {
    CHECK(html4_entities().size() == 253);
    for (const auto& entity : html4_entities()) {
        std::string name(entity.name);
        INFO("&" << name << ";");
        const htmlEntityDesc* expected = libxml2_entity(name);
        REQUIRE(expected != nullptr);
        CHECK(expected->value == entity.value);
        CHECK(html4_entity(name) == entity.value);
    }
}

TEST_CASE("Each code point libxml2 names is named the same, and no other", "[html4][text]") {
    std::map<unsigned, std::string> ours;
    for (const auto& entity : html4_entities()) ours.emplace(entity.value, std::string(entity.name));
    CHECK(ours.size() == html4_entities().size());  // no code point has two names
    std::size_t named = 0;
    for (unsigned value = 0; value <= 0x10FFFF; ++value) {
        const htmlEntityDesc* expected = htmlEntityValueLookup(value);
        auto found = ours.find(value);
        if (expected == nullptr) {
            if (found != ours.end()) FAIL("U+" << std::hex << value << " is &" << found->second << "; here, no entity in libxml2");
            continue;
        }
        ++named;
        INFO("U+" << std::hex << value);
        REQUIRE(found != ours.end());
        CHECK(found->second == reinterpret_cast<const char*>(expected->name));
    }
    CHECK(named == ours.size());
}

TEST_CASE("Entity names match in their case only, as in libxml2", "[html4][text]") {
    for (const auto& entity : html4_entities()) {
        std::string name(entity.name);
        for (const std::string& variant : {flip_case(name), flip_case(name, 0), name.substr(0, name.size() - 1),
                                           name + "x", name + ";"}) {
            INFO("\"" << variant << "\" (from " << name << ")");
            const htmlEntityDesc* expected = libxml2_entity(variant);
            auto got = html4_entity(variant);
            REQUIRE(got.has_value() == (expected != nullptr));
            if (expected) CHECK(*got == expected->value);
        }
    }
    for (const char* name : kNotNames) {
        INFO("\"" << name << "\"");
        CHECK(html4_entity(name).has_value() == (libxml2_entity(name) != nullptr));
    }
    CHECK(html4_entity("Aacute") == U'\u00C1');
    CHECK(html4_entity("aacute") == U'\u00E1');
    CHECK_FALSE(html4_entity("AMP"));
}

TEST_CASE("The HTML 4 element names are libxml2's, in any case", "[html4][text]") {
    CHECK(html4_elements().size() == 92);
    for (std::string_view element : html4_elements()) {
        std::string name(element);
        for (const std::string& variant : {name, flip_case(name), flip_case(name, 0), name + "x",
                                           name.substr(0, name.size() - 1), name + " "}) {
            INFO("<" << variant << ">");
            CHECK(is_html4_element(variant) == libxml2_element(variant));
        }
        CHECK(is_html4_element(name));
    }
    for (const char* name : kNotNames) {
        INFO("<" << name << ">");
        CHECK(is_html4_element(name) == libxml2_element(name));
    }
    CHECK(is_html4_element("TABLE"));
    CHECK(is_html4_element("embed"));
    CHECK_FALSE(is_html4_element("section"));
}
