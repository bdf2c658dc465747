// Reading values out of XML elements: character data with references decoded
// and outer white space trimmed, XHTML children serialized as markup, base64,
// and the final text fixes feedparser applies to every value.
#pragma once

#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "feeds/memory/arena.hpp"
#include "feeds/xml/xml_names.hpp"
#include "feeds/xml/xml_text.hpp"

namespace clipfeed {

// Turns element content into model strings. Strings point into the parsed
// document's buffer when they can (pugixml parsed it in place, so text nodes
// are already NUL-terminated there) and into the arena otherwise.
//
// Text nodes are decoded in place, so each element's text must be read once:
// the walk reads every element exactly once.
class ValueReader {
public:
    // Values longer than `max_text` bytes are cut at a character boundary;
    // markup deeper than `max_depth` or with more than `max_attributes`
    // attributes per element is left out. truncated() says whether either happened.
    ValueReader(Arena& arena, const DocumentEntities* entities, std::size_t max_text = std::size_t{16} << 20,
                int max_depth = 256, int max_attributes = 256)
        : arena_(arena),
          entities_(entities),
          max_text_(max_text),
          max_depth_(max_depth),
          max_attributes_(max_attributes) {}

    // The element's own character data and CDATA (not its child elements'),
    // references decoded, trimmed as Python's str.strip() would.
    std::string_view text(pugi::xml_node element);

    // An attribute's value with references decoded ("" when absent). Never
    // changes the document, so an attribute may be read any number of times.
    std::string_view attribute(pugi::xml_attribute a);

    // The element's content as markup: child elements serialized as XHTML
    // (local names, attributes quoted), text escaped, trimmed. With
    // `unwrap_div`, a single <div> wrapping everything is removed (Atom 1.0).
    // `scope` holds the namespaces in effect at `element` (SVG and MathML
    // elements keep their xmlns, as feedparser writes them).
    std::string_view markup(pugi::xml_node element, bool unwrap_div, NamespaceScope& scope);

    // `value` base64-decoded, when it is valid base64 of valid UTF-8; else as it is.
    std::string_view base64_decoded(std::string_view value);

    // Copies `s` into the arena (for strings built elsewhere).
    std::string_view store(std::string_view s) { return arena_.store(s); }

    // `replacement` in place of `handed_out`, a value this reader returned
    // that nobody needs any more (the raw HTML its sanitized copy replaces):
    // written over it when it fits, else copied into the arena. Each value
    // lies in the document buffer or the arena, both ours to write, and its
    // element is read once; so a big feed's sanitized text does not cost a
    // second copy of the feed's size in fresh memory.
    std::string_view replace(std::string_view handed_out, std::string_view replacement);

    // What went wrong with references so far.
    const DecodeIssues& issues() const { return issues_; }
    bool truncated() const { return truncated_; }

private:
    void serialize_children(pugi::xml_node element, NamespaceScope& scope, std::string& out, int depth);
    void serialize_element(pugi::xml_node element, NamespaceScope& scope, std::string& out, int depth);
    // `value`, cut to the text limit at a UTF-8 character boundary.
    std::string_view within_limit(std::string_view value);

    Arena& arena_;
    const DocumentEntities* entities_;
    DecodeIssues issues_;
    std::string scratch_;
    std::size_t max_text_;
    int max_depth_;
    int max_attributes_;
    bool truncated_ = false;
};

// Fixes feedparser applies to every value: text that is UTF-8 read as
// ISO-8859-1 and encoded again is repaired (only in UTF-8 documents), and
// C1 control characters (U+0080-U+009F) become the windows-1252 characters
// they stand for. Returns `value` itself when nothing changes.
std::string_view fix_encoding_slips(std::string_view value, bool document_is_utf8, Arena& arena);

// Whether text declared plain looks like HTML anyway (feedparser's guess for
// RSS): a closing tag or an entity reference, and only well-known tags.
bool declared_text_looks_like_html(std::string_view text);

// Python's str.strip(): ASCII and Unicode white space at both ends.
std::string_view strip_unicode_space(std::string_view s);

}  // namespace clipfeed
