// Decoding XML character data: entity and character references, including the
// HTML named entities that real feeds use without declaring them, and general
// entities declared in the document's internal DTD subset.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace clipfeed {

// Problems met while decoding; any of them means the document was not
// well-formed XML (the feed is then flagged `recovered`).
struct DecodeIssues {
    bool html_entity = false;       // &eacute; and friends, undeclared in XML
    bool undefined_entity = false;  // &nosuchthing; (kept as written)
    bool bare_ampersand = false;    // an '&' that starts no reference (kept as '&')
    bool bad_char_ref = false;      // &#0; or beyond U+10FFFF (dropped)
};

// General entities declared in <!DOCTYPE x [ <!ENTITY name "value"> ]>.
// External entities (SYSTEM/PUBLIC) are never loaded: they are left undefined.
class DocumentEntities {
public:
    // Reads declarations from a DOCTYPE's text. Values are expanded once, here,
    // with a total budget, so a "billion laughs" document costs bounded time and
    // memory: past the budget, references stay unexpanded and `truncated()` is set.
    void read_doctype(std::string_view doctype);

    // The value of entity `name`, or nullptr when undeclared. Every use is
    // charged to a budget for the whole document (so a large entity referenced a
    // million times cannot blow up memory); once spent, uses give nullptr and
    // `truncated()` is set.
    const std::string* use(std::string_view name) const;

    bool empty() const { return values_.empty(); }
    bool truncated() const { return truncated_; }
    // Entities declared as external (SYSTEM / PUBLIC): read as empty text.
    const std::vector<std::string>& external() const { return external_; }

private:
    std::unordered_map<std::string, std::string> values_;
    std::vector<std::string> external_;
    mutable std::size_t use_budget_ = std::size_t{8} << 20;
    mutable bool truncated_ = false;
};

// True when `raw` needs decoding (holds '&').
inline bool has_references(std::string_view raw) { return raw.find('&') != std::string_view::npos; }

// Appends `raw` with every reference decoded.
void append_decoded(std::string_view raw, const DocumentEntities* entities, std::string& out,
                    DecodeIssues& issues);

// Decodes `raw` in place and returns the new length. Only for text without
// document-declared entities (`entities` empty): every other reference decodes
// to no more bytes than it is written with, so the text can only shrink.
std::size_t decode_in_place(char* raw, std::size_t size, DecodeIssues& issues);

// Appends the UTF-8 encoding of a code point.
void append_utf8(char32_t cp, std::string& out);

}  // namespace clipfeed
