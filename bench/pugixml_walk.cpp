#include "pugixml_walk.hpp"

#include <pugixml.hpp>

#include <cstring>

namespace clipfeed::bench {

std::size_t pugixml_walk(const std::string& document) {
    pugi::xml_document doc;
    doc.load_buffer(document.data(), document.size());
    std::size_t sum = 0;
    pugi::xml_node root = doc.document_element();
    const bool atom = std::strcmp(root.name(), "feed") == 0;
    pugi::xml_node parent = atom ? root : root.child("channel");
    const char* const rss_fields[] = {"title", "link", "guid", "pubDate", "description", "content:encoded"};
    const char* const atom_fields[] = {"title", "id", "updated", "summary", "content", "author"};
    for (pugi::xml_node item = parent.child(atom ? "entry" : "item"); item;
         item = item.next_sibling(atom ? "entry" : "item")) {
        for (const char* field : atom ? atom_fields : rss_fields) sum += std::strlen(item.child(field).child_value());
        if (atom) sum += std::strlen(item.child("link").attribute("href").value());
    }
    return sum;
}

}  // namespace clipfeed::bench
