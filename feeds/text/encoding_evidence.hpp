// What a document says about its own encoding before it is decoded, read in
// one pass (read_encoding_evidence): a byte order mark or the shape of its
// first bytes (XML 1.0 appendix F) and the XML declaration's encoding, its
// label normalized; and the charset of an HTTP Content-Type. encoding.cpp
// weighs this evidence (RFC 3023) and decodes.
#pragma once

#include <cstddef>
#include <string>
#include <optional>
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

// Everything the bytes say about their encoding.
struct EncodingEvidence {
    SniffedEncoding first_bytes;  // the byte order mark, or the shape of the first character
    std::string_view body;        // the bytes past the byte order mark
    std::string declared;         // the XML declaration's encoding as normalized_label gives it, a
                                  // generic UTF-16/32 name made specific by the first bytes; "" when none
};

// Reads the byte order mark (or first bytes) and the XML declaration once.
EncodingEvidence read_encoding_evidence(std::string_view bytes);

// A label in lower case without '-' and '_': the key Python's codec lookup
// effectively compares ("UTF_8" and "utf8" are "utf8").
std::string bare_label(std::string_view label);

// A charset label trimmed and in lower case, gb2312 read as gb18030 (feedparser's rule).
std::string normalized_label(std::string_view label);

// The name for a UTF-16/32 label: "utf-16le" and its spellings as such; the
// generic names ("utf-16", "ucs-2", ...) as `sniffed` when the bytes showed an
// encoding, else as "utf-16"/"utf-32"; nullopt for labels of other charsets.
std::optional<std::string> wide_unicode_form(std::string_view label, const std::string& sniffed);

}  // namespace clipfeed
