// The names HTML 4 gives entities and elements: the same tables libxml2's HTML
// parser looks entities and tags up in, copied into html4_entities.inc
// and html4_elements.inc by tools/dev/gen_html4_tables.py, so that reading a
// feed does not load libxml2 for them.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace clipfeed {

struct Html4Entity {
    std::string_view name;  // "eacute", "AElig": case matters
    char32_t value;         // the code point it stands for
};

// A constant table: iterate it with for (const auto& e : html4_entities()).
template <typename T>
struct Html4Table {
    const T* first;
    const T* last;
    const T* begin() const { return first; }
    const T* end() const { return last; }
    std::size_t size() const { return static_cast<std::size_t>(last - first); }
};

// The code point an HTML 4 entity name stands for ("ldquo" -> U+201C), or
// nullopt. Case-sensitive, as libxml2's entity lookup: "Aacute" and
// "aacute" are two entities, "AMP" is none. A binary search, no allocation.
std::optional<char32_t> html4_entity(std::string_view name);

// Whether `name` is an element HTML 4 (as libxml2 has it, with <embed>)
// defines, in any ASCII case as libxml2's tag lookup: "p", "TABLE".
bool is_html4_element(std::string_view name);

// The whole tables (for the tests): 253 entities sorted by name, 92 element
// names in lower case, sorted.
Html4Table<Html4Entity> html4_entities();
Html4Table<std::string_view> html4_elements();

}  // namespace clipfeed
