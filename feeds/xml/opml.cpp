#include "feeds/xml/opml.hpp"

#include <pugixml.hpp>

#include <sstream>

#include "feeds/xml/xml_names.hpp"

namespace clipfeed {

namespace {

void collect(pugi::xml_node parent, std::vector<OpmlFeed>& out) {
    for (pugi::xml_node outline = parent.first_child(); outline; outline = outline.next_sibling()) {
        if (outline.type() != pugi::node_element || !ascii_iequals(outline.name(), "outline")) continue;
        std::string url;
        for (pugi::xml_attribute a = outline.first_attribute(); a; a = a.next_attribute())
            if (ascii_iequals(a.name(), "xmlUrl")) url = a.value();
        if (!url.empty()) {
            std::string title = outline.attribute("title").value();
            if (title.empty()) title = outline.attribute("text").value();
            out.push_back({url, title});
        }
        collect(outline, out);  // folders hold outlines of their own
    }
}

}  // namespace

bool read_opml(std::string_view text, std::vector<OpmlFeed>& out, std::string& error) {
    pugi::xml_document doc;
    pugi::xml_parse_result result = doc.load_buffer(text.data(), text.size());
    if (!result) {
        error = std::string("not well-formed XML: ") + result.description() + " at byte " +
                std::to_string(result.offset);
        return false;
    }
    pugi::xml_node root = doc.document_element();
    if (!ascii_iequals(root.name(), "opml")) {
        error = std::string("not OPML: the root element is <") + root.name() + ">";
        return false;
    }
    collect(root.child("body"), out);
    return true;
}

std::string write_opml(const std::vector<OpmlFeed>& feeds, std::string_view title) {
    pugi::xml_document doc;
    pugi::xml_node decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    pugi::xml_node opml = doc.append_child("opml");
    opml.append_attribute("version") = "2.0";
    opml.append_child("head").append_child("title").text() = std::string(title).c_str();
    pugi::xml_node body = opml.append_child("body");
    for (const OpmlFeed& f : feeds) {
        pugi::xml_node outline = body.append_child("outline");
        outline.append_attribute("type") = "rss";
        outline.append_attribute("text") = (f.title.empty() ? f.url : f.title).c_str();
        if (!f.title.empty()) outline.append_attribute("title") = f.title.c_str();
        outline.append_attribute("xmlUrl") = f.url.c_str();
    }
    std::ostringstream out;
    doc.save(out, "  ");
    return out.str();
}

}  // namespace clipfeed
