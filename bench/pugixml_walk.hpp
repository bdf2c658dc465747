// The floor every parse benchmark compares with: what any pugixml-based
// reader must do at least. pugixml parses a copy of the document, then six
// fields of each item are read (RSS: title, link, guid, pubDate, description,
// content:encoded; Atom: title, id, updated, summary, content, author, and
// the link's href). No model, no HTML, no dates.
#pragma once

#include <cstddef>
#include <string>

namespace clipfeed::bench {

// The summed length of the fields read, so that the work cannot be skipped.
std::size_t pugixml_walk(const std::string& document);

}  // namespace clipfeed::bench
