#include "feeds/xml/xml_names.hpp"

namespace clipfeed {

namespace {

bool contains_nocase(std::string_view haystack, std::string_view needle) {
    if (needle.size() > haystack.size()) return false;
    for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i)
        if (ascii_iequals(haystack.substr(i, needle.size()), needle)) return true;
    return false;
}

struct KnownNamespace {
    const char* uri;
    Ns ns;
};

// The namespaces feedparser reads; URIs compare case-insensitively.
const KnownNamespace kKnown[] = {
    {"http://www.w3.org/2005/Atom", Ns::atom10},
    {"http://purl.org/atom/ns#", Ns::core},
    {"http://purl.org/rss/1.0/", Ns::rss10},
    {"http://my.netscape.com/rdf/simple/0.9/", Ns::rss090},
    {"http://blogs.law.harvard.edu/tech/rss", Ns::core},
    {"http://purl.org/rss/1.0/modules/rss091#", Ns::core},
    {"http://purl.org/echo/", Ns::core},
    {"http://purl.org/pie/", Ns::core},
    {"http://example.com/newformat#", Ns::core},
    {"http://example.com/necho", Ns::core},
    {"uri/of/echo/namespace#", Ns::core},
    {"http://purl.org/dc/elements/1.1/", Ns::dc},
    {"http://purl.org/dc/terms/", Ns::dcterms},
    {"http://purl.org/rss/1.0/modules/content/", Ns::content},
    {"http://www.itunes.com/DTDs/PodCast-1.0.dtd", Ns::itunes},
    {"http://example.com/DTDs/PodCast-1.0.dtd", Ns::itunes},
    {"http://search.yahoo.com/mrss/", Ns::media},
    {"http://search.yahoo.com/mrss", Ns::media},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", Ns::rdf},
    {"http://www.w3.org/1999/xhtml", Ns::xhtml},
    {"http://purl.org/rss/1.0/modules/syndication/", Ns::sy},
    {"http://www.w3.org/XML/1998/namespace", Ns::xml},
    {"http://www.w3.org/2000/svg", Ns::svg},
    {"http://www.w3.org/1998/Math/MathML", Ns::mathml},
    {"http://www.w3.org/1999/xlink", Ns::xlink},
};

}  // namespace

Ns namespace_for_uri(std::string_view uri) {
    if (uri.empty()) return Ns::core;
    for (const KnownNamespace& k : kKnown)
        if (ascii_iequals(uri, k.uri)) return k.ns;
    // Every backend.userland.com RSS namespace is RSS (feedparser's rule).
    if (contains_nocase(uri, "backend.userland.com/rss")) return Ns::core;
    return Ns::unknown;
}

Ns namespace_for_conventional_prefix(std::string_view prefix) {
    struct Conventional {
        const char* prefix;
        Ns ns;
    };
    static const Conventional kConventional[] = {
        {"dc", Ns::dc},         {"dcterms", Ns::dcterms}, {"content", Ns::content}, {"itunes", Ns::itunes},
        {"media", Ns::media},   {"rdf", Ns::rdf},         {"xhtml", Ns::xhtml},     {"sy", Ns::sy},
        {"atom", Ns::core},     {"rss", Ns::core},        {"xml", Ns::xml},
    };
    for (const Conventional& c : kConventional)
        if (ascii_iequals(prefix, c.prefix)) return c.ns;
    return Ns::unknown;
}

std::size_t NamespaceScope::enter(pugi::xml_node element) {
    std::size_t mark = bindings_.size();
    for (pugi::xml_attribute a = element.first_attribute(); a; a = a.next_attribute()) {
        std::string_view name = a.name();
        if (name.size() < 5 || name.compare(0, 5, "xmlns") != 0) continue;
        if (name.size() == 5)
            bindings_.emplace_back(std::string_view(), namespace_for_uri(a.value()));
        else if (name[5] == ':')
            bindings_.emplace_back(name.substr(6), namespace_for_uri(a.value()));
    }
    return mark;
}

Ns NamespaceScope::element_namespace(std::string_view prefix, bool& undeclared) const {
    undeclared = false;
    for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it) {
        if (it->first != prefix) continue;
        if (prefix.empty()) return it->second == Ns::unknown ? Ns::core : it->second;
        return it->second == Ns::unknown ? namespace_for_conventional_prefix(prefix) : it->second;
    }
    if (prefix.empty()) return Ns::core;
    if (prefix == "xml") return Ns::xml;
    undeclared = true;
    return namespace_for_conventional_prefix(prefix);
}

}  // namespace clipfeed
