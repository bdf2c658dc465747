// Reading XML that is not well-formed. A broken feed is read item by item, so
// one bad item (a bare '<', a truncated end) costs that item at most: every
// other item is parsed on its own and comes out whole. Each piece goes first to
// pugixml as it is, then after repairing the common mistakes, and only then to
// libxml2's recovering parser (which silently drops entity references after its
// first error, so it is the last resort and only ever sees one piece).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

namespace clipfeed {

// Where an item (<item> or <entry>, any prefix) starts and ends in the text.
struct ItemRange {
    std::size_t begin = 0;
    std::size_t end = 0;  // one past the end tag, or where the next item starts
    bool closed = false;  // ended with its own end tag
};

// Finds the top-level items of a feed by scanning the text (CDATA sections,
// comments and processing instructions are skipped, so markup inside them is
// not mistaken for items).
std::vector<ItemRange> find_item_ranges(std::string_view text);

// The same text with bare '&' written as "&amp;" and a '<' that starts no
// markup written as "&lt;" (CDATA sections left alone). `changed` says whether
// anything was repaired.
std::string repair_markup(std::string_view text, bool& changed);

// Parses with libxml2 in recover mode and copies the tree into a pugixml
// document whose text nodes are CDATA (already decoded). No network, no DTD
// loading, no entity substitution. Returns nullptr when libxml2 finds no
// element at all; `error` receives libxml2's first error message.
std::unique_ptr<pugi::xml_document> recover_with_libxml2(std::string_view text, std::string& error);

// pugixml's options for feeds: text kept raw (references are decoded by
// feeds/xml_text, which also knows HTML entities), whitespace-only text kept
// (it matters inside XHTML content), the DOCTYPE kept (for its entities).
constexpr unsigned kPugiOptions = pugi::parse_cdata | pugi::parse_eol | pugi::parse_wconv_attribute |
                                  pugi::parse_ws_pcdata | pugi::parse_doctype;

}  // namespace clipfeed
