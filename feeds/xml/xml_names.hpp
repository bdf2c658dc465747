// Namespaces and element names in feed documents. pugixml does not resolve
// namespaces, so the walk keeps the xmlns declarations in scope itself and maps
// each element to the canonical namespace feedparser would give it.
#pragma once

#include "feeds/text/ascii.hpp"

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include <pugixml.hpp>

namespace clipfeed {

// Canonical namespaces. Every core feed vocabulary (RSS 0.9x/2.0, RSS 1.0,
// Atom 0.3 and 1.0, the Userland and Harvard RSS namespaces) is `core`:
// their elements are read by the same rules, as feedparser does.
enum class Ns : std::uint8_t {
    core,
    atom10,   // core, and marks Atom 1.0 when declared on the root
    rss10,    // core, and marks RSS 1.0
    rss090,   // core, and marks RSS 0.90
    dc,
    dcterms,
    content,
    itunes,
    media,
    rdf,
    xhtml,
    sy,
    xml,
    svg,      // only for serializing inline XHTML content
    mathml,
    xlink,
    unknown,  // declared, but a vocabulary this library does not read
};

// Reads to the same rules as `core`?
inline bool is_core(Ns ns) { return ns == Ns::core || ns == Ns::atom10 || ns == Ns::rss10 || ns == Ns::rss090; }

// The namespace a URI names (case-insensitive, as feedparser compares them).
Ns namespace_for_uri(std::string_view uri);

// The namespace a conventional prefix stands for when a document uses it
// without declaring it ("dc:creator" with no xmlns:dc): Ns::unknown if none.
Ns namespace_for_conventional_prefix(std::string_view prefix);

// The xmlns declarations in scope during a walk.
class NamespaceScope {
public:
    // Reads the element's xmlns / xmlns:p attributes into the scope; returns the
    // mark to pass to leave() when the element ends.
    std::size_t enter(pugi::xml_node element);
    void leave(std::size_t mark) { bindings_.resize(mark); }

    // The namespace an element with this prefix is read in ("" = no prefix),
    // by feedparser's rules: an unprefixed element is core unless the default
    // namespace is another vocabulary we read (xhtml, dc, ...); a prefix bound to
    // a URI we don't know, or not bound at all, falls back to what the prefix
    // conventionally means ("dc", "itunes", ...). `undeclared` is set for a
    // prefix with no xmlns declaration: the document is then not well-formed.
    Ns element_namespace(std::string_view prefix, bool& undeclared) const;

    // Copies the bindings, for parsing pieces of a document on their own.
    const std::vector<std::pair<std::string_view, Ns>>& bindings() const { return bindings_; }
    void assign(const std::vector<std::pair<std::string_view, Ns>>& b) { bindings_ = b; }

private:
    std::vector<std::pair<std::string_view, Ns>> bindings_;
};

// Splits "prefix:local" into its parts ("" prefix when there is none).
inline std::pair<std::string_view, std::string_view> split_qname(std::string_view qname) {
    std::size_t colon = qname.find(':');
    if (colon == std::string_view::npos) return {{}, qname};
    return {qname.substr(0, colon), qname.substr(colon + 1)};
}

}  // namespace clipfeed
