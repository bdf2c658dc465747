// Character encodings: finds what a feed document is written in (BOM, XML
// declaration, HTTP Content-Type charset, RFC 3023 rules) and converts it to UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace clipfeed {

struct DecodedDocument {
    // When `unchanged` is true the input is already UTF-8 and is used as it is,
    // starting `skip` bytes in (past a BOM); otherwise `utf8` holds the converted text.
    bool unchanged = false;
    std::size_t skip = 0;
    std::string utf8;

    std::string encoding;               // charset actually used, lowercase ("utf-8", "iso-8859-1")
    bool recovered = false;             // declared and actual encodings disagreed, bytes were invalid, ...
    std::vector<std::string> warnings;  // what was wrong, for the feed's warnings
};

// `content_type` is the HTTP Content-Type header value ("" when unknown);
// `from_http` says whether the document came over HTTP, which changes the
// defaults (RFC 3023: text/xml without charset is us-ascii).
DecodedDocument decode_document(std::string_view bytes, std::string_view content_type, bool from_http);

}  // namespace clipfeed
