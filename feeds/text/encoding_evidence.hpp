// What a document says about its own encoding before it is decoded: a byte
// order mark or the shape of its first bytes (XML 1.0 appendix F), the XML
// declaration's encoding, and the charset of an HTTP Content-Type.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace clipfeed {

struct SniffedEncoding {
    std::string encoding;         // "utf-8", "utf-16le", "utf-16be", "utf-32le", "utf-32be", "cp037" or ""
    std::size_t bom_length = 0;   // bytes of byte order mark to skip (0 when sniffed from '<')
    bool from_bom() const { return bom_length > 0; }
};

// A byte order mark, else the first character '<' (or white space) written in
// UTF-16/32, else "<?xm" in EBCDIC; "" when the bytes look ASCII-compatible.
SniffedEncoding sniff_encoding(std::string_view bytes);

// True for "utf-16le", "utf-16be", "utf-32le", "utf-32be".
bool is_wide_unicode(std::string_view encoding);

// The encoding named by the XML declaration at the very start of `text` (which
// must be ASCII-compatible: decode UTF-16/32 first), lower case, or "" when there
// is no declaration or it names none.
std::string xml_declared_encoding(std::string_view text);

struct ContentType {
    std::string media_type;  // lower case, without parameters ("application/atom+xml")
    std::string charset;     // lower case, unquoted, "" when absent
};

// Reads a Content-Type header value the way Python's cgi.parse_header does
// (feedparser): parameters split at ';' outside double quotes, "name=value" only,
// double quotes removed from the value, then single quotes dropped from the charset.
ContentType parse_content_type(std::string_view header);

}  // namespace clipfeed
