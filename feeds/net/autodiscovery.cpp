// Feed autodiscovery: the <link rel="alternate" type="application/rss+xml">
// elements of an HTML page, read with libxml2's HTML parser (one page at a
// time, so its speed does not matter here and its HTML knowledge does).
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <climits>
#include <string>

#include "feeds/net/fetch.hpp"
#include "feeds/runtime/lazy_libraries.hpp"
#include "feeds/text/ascii.hpp"
#include "feeds/text/urls.hpp"

namespace clipfeed {

namespace {

std::string attribute(xmlNodePtr node, const char* name) {
    xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
    if (!value) return {};
    std::string out(reinterpret_cast<const char*>(value));
    xmlFree(value);
    return out;
}

bool rel_has_alternate(const std::string& rel) {
    std::string r = ascii_lowercase(rel);
    std::size_t pos = 0;
    while (pos < r.size()) {
        std::size_t end = r.find_first_of(" \t\r\n", pos);
        if (end == std::string::npos) end = r.size();
        if (r.compare(pos, end - pos, "alternate") == 0) return true;
        pos = end + 1;
    }
    return false;
}

bool is_feed_type(const std::string& type) {
    std::string t = ascii_lowercase(type);
    std::size_t semicolon = t.find(';');
    if (semicolon != std::string::npos) t.resize(semicolon);
    while (!t.empty() && t.back() == ' ') t.pop_back();
    return t == "application/rss+xml" || t == "application/atom+xml" || t == "application/rdf+xml" ||
           t == "application/feed+json" || t == "application/json" || t == "application/x.atom+xml" ||
           t == "application/x-atom+xml";
}

void collect(xmlNodePtr node, std::string& base, std::vector<std::string>& hrefs) {
    for (xmlNodePtr n = node; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        std::string name = ascii_lowercase(reinterpret_cast<const char*>(n->name));
        if (name == "base" && base.empty()) {
            base = attribute(n, "href");
        } else if (name == "link" && rel_has_alternate(attribute(n, "rel")) && is_feed_type(attribute(n, "type"))) {
            std::string href = attribute(n, "href");
            if (!href.empty()) hrefs.push_back(href);
        }
        collect(n->children, base, hrefs);
    }
}

}  // namespace

std::vector<std::string> discover_feed_links(std::string_view html, std::string_view page_url) {
    require_libxml2();  // LibraryUnavailable when libxml2.so.2 cannot be loaded
    if (html.empty() || html.size() > INT_MAX) return {};
    htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, nullptr,
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (!doc) return {};
    std::string base;
    std::vector<std::string> hrefs;
    collect(xmlDocGetRootElement(doc), base, hrefs);
    xmlFreeDoc(doc);

    std::string page_base = base.empty() ? std::string(page_url) : resolve_url(page_url, base);
    std::vector<std::string> out;
    for (const std::string& href : hrefs) {
        std::string url = resolve_url(page_base, href);
        bool seen = false;
        for (const std::string& u : out) seen = seen || u == url;
        if (!seen) out.push_back(url);
    }
    return out;
}

}  // namespace clipfeed
