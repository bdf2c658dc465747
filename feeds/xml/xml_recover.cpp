#include "feeds/xml/xml_recover.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <cctype>
#include <climits>
#include <cstring>

#include "feeds/runtime/lazy_libraries.hpp"
#include "feeds/text/ascii.hpp"

namespace clipfeed {

namespace {

bool is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
           static_cast<unsigned char>(c) >= 0x80;
}

bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

// If a tag name starts at text[pos] (just after '<' or "</"), returns whether
// its local part is "item" or "entry", and its end in `name_end`.
bool is_item_name(std::string_view text, std::size_t pos, std::size_t& name_end) {
    std::size_t end = pos;
    while (end < text.size() && is_name_char(text[end])) ++end;
    name_end = end;
    if (end == pos) return false;
    std::string_view name = text.substr(pos, end - pos);
    std::size_t colon = name.rfind(':');
    if (colon != std::string_view::npos) name = name.substr(colon + 1);
    if (!ascii_iequals(name, "item") && !ascii_iequals(name, "entry")) return false;
    // The name must end the tag name: followed by space, '>' or '/'.
    return end < text.size() && (text[end] == '>' || text[end] == '/' || text[end] == ' ' || text[end] == '\t' ||
                                 text[end] == '\n' || text[end] == '\r');
}

// Skips a CDATA section, comment or processing instruction starting at pos;
// returns the position after it, or pos when none starts there.
std::size_t skip_special(std::string_view text, std::size_t pos) {
    auto skip_to = [&](const char* terminator) {
        std::size_t end = text.find(terminator, pos);
        return end == std::string_view::npos ? text.size() : end + std::strlen(terminator);
    };
    if (text.compare(pos, 9, "<![CDATA[") == 0) return skip_to("]]>");
    if (text.compare(pos, 4, "<!--") == 0) return skip_to("-->");
    if (text.compare(pos, 2, "<?") == 0) return skip_to("?>");
    return pos;
}

}  // namespace

std::vector<ItemRange> find_item_ranges(std::string_view text) {
    std::vector<ItemRange> items;
    bool open = false;
    std::size_t pos = 0;
    while ((pos = text.find('<', pos)) != std::string_view::npos) {
        std::size_t after = skip_special(text, pos);
        if (after != pos) {
            pos = after;
            continue;
        }
        std::size_t name_end = 0;
        bool closing = pos + 1 < text.size() && text[pos + 1] == '/';
        if (is_item_name(text, pos + (closing ? 2 : 1), name_end)) {
            if (!closing) {
                if (open) items.back().end = pos;  // the previous item never closed
                // <item/>: an empty item, closed at once.
                std::size_t gt = text.find('>', name_end);
                bool self_closing = gt != std::string_view::npos && gt > 0 && text[gt - 1] == '/';
                items.push_back({pos, gt == std::string_view::npos ? text.size() : gt + 1, self_closing});
                open = !self_closing;
            } else if (open) {
                std::size_t gt = text.find('>', name_end);
                items.back().end = gt == std::string_view::npos ? text.size() : gt + 1;
                items.back().closed = gt != std::string_view::npos;
                open = false;
            }
        }
        pos = name_end > pos ? name_end : pos + 1;
    }
    if (open) items.back().end = text.size();
    return items;
}

std::string repair_markup(std::string_view text, bool& changed) {
    changed = false;
    std::string out;
    out.reserve(text.size() + 64);
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (c == '<') {
            std::size_t after = skip_special(text, i);
            if (after != i) {
                out.append(text.substr(i, after - i));
                i = after;
                continue;
            }
            char next = i + 1 < text.size() ? text[i + 1] : '\0';
            if (is_name_start(next) || next == '/' || next == '!' || next == '?') {
                out += c;
            } else {
                out += "&lt;";
                changed = true;
            }
            ++i;
            continue;
        }
        if (c == '&') {
            std::size_t j = i + 1;
            if (j < text.size() && text[j] == '#') {
                ++j;
                bool hex = j < text.size() && (text[j] == 'x' || text[j] == 'X');
                if (hex) ++j;
                std::size_t digits = j;
                while (j < text.size() && (std::isxdigit(static_cast<unsigned char>(text[j])) != 0) &&
                       (hex || (text[j] >= '0' && text[j] <= '9')))
                    ++j;
                if (j == digits) j = i + 1;  // "&#" with no digits
            } else {
                while (j < text.size() && is_name_char(text[j])) ++j;
            }
            if (j > i + 1 && j < text.size() && text[j] == ';') {
                out.append(text.substr(i, j + 1 - i));
                i = j + 1;
            } else {
                out += "&amp;";
                changed = true;
                ++i;
            }
            continue;
        }
        out += c;
        ++i;
    }
    return out;
}

namespace {

std::string qualified_name(const xmlChar* prefix, const xmlChar* name) {
    std::string out;
    if (prefix) {
        out = reinterpret_cast<const char*>(prefix);
        out += ':';
    }
    out += reinterpret_cast<const char*>(name);
    return out;
}

// Attribute values in the pugixml tree are read as raw XML by the builder, so
// the '&' that libxml2 already decoded must be escaped again.
std::string escape_ampersands(const char* s) {
    std::string out;
    for (; *s; ++s) {
        if (*s == '&') out += "&amp;";
        else out += *s;
    }
    return out;
}

void copy_children(xmlNodePtr from, pugi::xml_node to);

void copy_node(xmlNodePtr n, pugi::xml_node to) {
    switch (n->type) {
        case XML_ELEMENT_NODE: {
            pugi::xml_node el = to.append_child(qualified_name(n->ns ? n->ns->prefix : nullptr, n->name).c_str());
            for (xmlNsPtr ns = n->nsDef; ns; ns = ns->next) {
                std::string attr = ns->prefix ? "xmlns:" + std::string(reinterpret_cast<const char*>(ns->prefix))
                                              : std::string("xmlns");
                el.append_attribute(attr.c_str()) = ns->href ? reinterpret_cast<const char*>(ns->href) : "";
            }
            for (xmlAttrPtr a = n->properties; a; a = a->next) {
                xmlChar* value = xmlNodeListGetString(n->doc, a->children, 1);
                std::string name = qualified_name(a->ns ? a->ns->prefix : nullptr, a->name);
                el.append_attribute(name.c_str()) =
                    escape_ampersands(value ? reinterpret_cast<const char*>(value) : "").c_str();
                xmlFree(value);
            }
            copy_children(n, el);
            break;
        }
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
            if (n->content) to.append_child(pugi::node_cdata).set_value(reinterpret_cast<const char*>(n->content));
            break;
        default:
            break;  // comments, PIs and unexpanded entity references carry no content
    }
}

void copy_children(xmlNodePtr from, pugi::xml_node to) {
    for (xmlNodePtr n = from->children; n; n = n->next) copy_node(n, to);
}

}  // namespace

std::unique_ptr<pugi::xml_document> recover_with_libxml2(std::string_view text, std::string& error) {
    // libxml2 is opened here, on the first broken document; without it the
    // document is reported as not recovered, with the reason.
    std::string unavailable;
    if (!load_libxml2(unavailable)) {
        error = "the recovering parser is unavailable: " + unavailable;
        return nullptr;
    }
    if (text.size() > INT_MAX) {
        error = "document too large for the recovering parser";
        return nullptr;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) throw std::bad_alloc();
    const int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                        XML_PARSE_IGNORE_ENC | XML_PARSE_NOCDATA;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, text.data(), static_cast<int>(text.size()), nullptr, "UTF-8", options);
    if (ctxt->lastError.message) {
        error = ctxt->lastError.message;
        while (!error.empty() && (error.back() == '\n' || error.back() == ' ')) error.pop_back();
    }
    xmlFreeParserCtxt(ctxt);
    if (!doc) return nullptr;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    std::unique_ptr<pugi::xml_document> out;
    if (root) {
        out = std::make_unique<pugi::xml_document>();
        copy_node(root, *out);
    }
    xmlFreeDoc(doc);
    return out;
}

}  // namespace clipfeed
