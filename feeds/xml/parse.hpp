// Parsing a feed document into the model: the library's main entry point.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/memory/arena.hpp"
#include "feeds/memory/document_buffer.hpp"
#include "feeds/model/model.hpp"

namespace pugi {
class xml_document;
}

namespace clipfeed {

// Bounds on what a document may make the parser do. Each has a default that
// protects the host and can be changed; going past one is a warning (and
// `recovered`), never a crash or an unbounded allocation.
struct ParseLimits {
    std::size_t max_document_bytes = std::size_t{256} << 20;  // larger documents are not parsed at all
    std::size_t max_items = 100'000;                          // further items are dropped
    int max_depth = 256;                                      // deeper elements are skipped
    std::size_t max_text_bytes = std::size_t{16} << 20;       // longer values are cut at a character boundary
    int max_attributes = 256;                                 // per element; the rest are ignored
};

class ParsedFeed;

// A step run over a parsed feed before parse_feed returns, on the thread that
// parsed it: how the layers above add what feeds/ knows nothing of (the
// clipping extractor, plugin/enrich/). May throw only std::bad_alloc.
using FeedEnricher = void (*)(ParsedFeed& feed);

// What the caller knows about where the bytes came from. All optional.
struct ParseContext {
    std::string_view url;               // document URL: base for relative links
    std::string_view content_type;      // HTTP Content-Type, e.g. "text/xml; charset=utf-8"
    std::string_view content_location;  // HTTP Content-Location (overrides url as base)
    std::string_view content_language;  // HTTP Content-Language (default feed language)
    bool from_http = false;             // the bytes came over HTTP (RFC 3023 charset rules apply)
    FeedEnricher enrich = nullptr;      // run once the model is built (and the XML tree gone)
    bool sanitize_html = true;          // drop unsafe markup from item and feed HTML (feedparser's allowlist)
    ParseLimits limits;
};

// A parsed feed and the storage its strings point into. Immutable once built;
// any number of threads may read it.
class ParsedFeed {
public:
    ParsedFeed();
    ~ParsedFeed();
    ParsedFeed(const ParsedFeed&) = delete;
    ParsedFeed& operator=(const ParsedFeed&) = delete;

    Feed feed;

    // Storage for strings the model points at. Public for the parser's use;
    // readers never need it.
    DocumentBuffer buffer;           // the document as UTF-8, parsed in place
    std::vector<std::string> extra_buffers;  // pieces re-parsed on their own during recovery
    Arena arena;                     // strings that could not stay in the buffer
    std::vector<std::unique_ptr<pugi::xml_document>> documents;  // recovered trees strings point into
};

// Parses `bytes` (any encoding, any format). Never fails: a document that is
// not a feed gives format unknown, no items, recovered = true and a warning.
// Throws only std::bad_alloc.
std::unique_ptr<ParsedFeed> parse_feed(std::string_view bytes, const ParseContext& context);

// Reads and parses a file; the file's bytes become the parsed feed's buffer
// (no second copy of a large feed). nullptr with `error` (naming the file)
// when it cannot be read.
std::unique_ptr<ParsedFeed> parse_feed_file(const std::string& path, const ParseContext& context,
                                            std::string& error);

}  // namespace clipfeed
