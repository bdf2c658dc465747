#include "feeds/text/html4_names.hpp"

#include <algorithm>
#include <iterator>

#include "feeds/text/ascii.hpp"

namespace clipfeed {

namespace {

constexpr Html4Entity kEntities[] = {
#include "feeds/text/html4_entities.inc"
};

constexpr std::string_view kElements[] = {
#include "feeds/text/html4_elements.inc"
};

// The binary searches need the tables in std::string_view's (byte) order;
// the generator writes them so, and the compiler checks it.
template <typename T, std::size_t N, typename Key>
constexpr bool sorted(const T (&table)[N], Key key) {
    for (std::size_t i = 1; i < N; ++i)
        if (!(key(table[i - 1]) < key(table[i]))) return false;
    return true;
}
static_assert(sorted(kEntities, [](const Html4Entity& e) { return e.name; }), "html4_entities.inc is not sorted");
static_assert(sorted(kElements, [](std::string_view s) { return s; }), "html4_elements.inc is not sorted");

constexpr std::size_t kLongestElement = [] {
    std::size_t n = 0;
    for (std::string_view s : kElements) n = s.size() > n ? s.size() : n;
    return n;
}();

constexpr std::size_t kLongestEntity = [] {
    std::size_t n = 0;
    for (const Html4Entity& e : kEntities) n = e.name.size() > n ? e.name.size() : n;
    return n;
}();

}  // namespace

std::optional<char32_t> html4_entity(std::string_view name) {
    if (name.empty() || name.size() > kLongestEntity) return std::nullopt;
    const Html4Entity* it = std::lower_bound(std::begin(kEntities), std::end(kEntities), name,
                                             [](const Html4Entity& e, std::string_view key) { return e.name < key; });
    if (it == std::end(kEntities) || it->name != name) return std::nullopt;
    return it->value;
}

bool is_html4_element(std::string_view name) {
    if (name.empty() || name.size() > kLongestElement) return false;
    char lower[kLongestElement];
    for (std::size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        lower[i] = ascii_lower(c);
    }
    return std::binary_search(std::begin(kElements), std::end(kElements), std::string_view(lower, name.size()));
}

Html4Table<Html4Entity> html4_entities() { return {std::begin(kEntities), std::end(kEntities)}; }

Html4Table<std::string_view> html4_elements() { return {std::begin(kElements), std::end(kElements)}; }

}  // namespace clipfeed
