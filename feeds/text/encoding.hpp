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
//
// The rules are feedparser 6's (encodings.py): with a Content-Type, RFC 3023
// decides (application/xml and application/*+xml: charset, else the XML
// declaration, else utf-8; text/xml and text/*+xml: charset, else us-ascii, the
// declaration ignored; another media type is "not XML" and sets `recovered`;
// JSON media types are accepted as utf-8). Without one: the declaration, else
// utf-8 for a local document, iso-8859-1 (and `recovered`) over HTTP. When that
// charset does not decode the bytes, the XML declaration's, the byte order mark's,
// utf-8, windows-1252 and iso-8859-2 are tried in turn and `recovered` is set.
// A UTF-16/32 byte order mark (or '<' written in UTF-16/32) and a UTF-8 byte order
// mark win over a label naming another charset. The result never holds NUL or an
// invalid sequence (U+FFFD instead, with a warning). The XML declaration inside
// converted text still names the old charset: parse the result as UTF-8.
DecodedDocument decode_document(std::string_view bytes, std::string_view content_type, bool from_http);

// The decoded text: a view into `bytes` (the same bytes given to decode_document)
// when the document was used unchanged, else `doc.utf8`.
inline std::string_view decoded_text(const DecodedDocument& doc, std::string_view bytes) {
    return doc.unchanged ? bytes.substr(doc.skip) : std::string_view(doc.utf8);
}

}  // namespace clipfeed
