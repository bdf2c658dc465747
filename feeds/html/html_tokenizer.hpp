// A tokenizer for HTML fragments that splits text exactly where Python's
// sgmllib does under feedparser's settings (its tag, attribute and
// end-bracket patterns), so that malformed markup comes out as feedparser's
// does: attributes quoted, unquoted or bare, '<' and '&' that start nothing
// kept as text, and constructs left unfinished at the end handed back as
// kIncomplete for the caller to copy as text.
//
// Hand-written because no HTML library tokenizes this way: libxml2's HTML
// parser and HTML5 tokenizers recover from errors differently, and the
// output has to match feedparser's byte for byte.
#pragma once

#include "feeds/html/html_text.hpp"

#include <array>
#include <cstddef>
#include <list>
#include <string>
#include <string_view>
#include <vector>

namespace clipfeed::html {

struct Attribute {
    std::string_view name;   // lower case
    std::string_view value;  // quotes removed; a bare attribute's value is its name as written
};

// The attributes of one tag; ordinary tags fit without allocating.
class AttributeList {
public:
    void clear() {
        size_ = 0;
        spill_.clear();
    }
    // The parts by value: copying a whole Attribute just written field by
    // field makes the CPU wait for the stores (no store-to-load forwarding).
    void push_back(std::string_view name, std::string_view value) {
        if (spill_.empty() && size_ < kInlineCapacity) {
            Attribute& slot = inline_[size_++];
            slot.name = name;
            slot.value = value;
            return;
        }
        spill(name, value);
    }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    Attribute* begin() { return spill_.empty() ? inline_.data() : spill_.data(); }
    Attribute* end() { return begin() + size_; }
    const Attribute* begin() const { return spill_.empty() ? inline_.data() : spill_.data(); }
    const Attribute* end() const { return begin() + size_; }
    Attribute& operator[](std::size_t i) { return begin()[i]; }
    // Keeps the first `size` attributes.
    void truncate(std::size_t size);

private:
    void spill(std::string_view name, std::string_view value);

    static constexpr std::size_t kInlineCapacity = 16;
    std::array<Attribute, kInlineCapacity> inline_{};
    std::vector<Attribute> spill_;
    std::size_t size_ = 0;
};

// Owns strings that string_views elsewhere point into, until clear(). The
// strings stay allocated for reuse (list nodes never move), so that after the
// first tags, keeping a string mostly costs no allocation.
class StringArena {
public:
    StringArena() = default;
    StringArena(const StringArena&) = delete;
    StringArena& operator=(const StringArena&) = delete;

    std::string_view keep(std::string_view text) { return next().assign(text.data(), text.size()); }
    std::string_view keep(std::string&& text) {
        std::string& slot = next();
        slot.swap(text);
        return slot;
    }
    void clear() { next_ = strings_.begin(); }

private:
    std::string& next() {
        if (next_ == strings_.end()) return strings_.emplace_back();
        return *next_++;
    }

    std::list<std::string> strings_;
    std::list<std::string>::iterator next_ = strings_.begin();
};

enum class TokenKind {
    kEnd,
    kText,                   // text: characters to copy (also a lone '<' or '&')
    kCharRef,                // text: "65", "x41" or "X41" from "&#65;"
    kEntityRef,              // text: the name from "&name;", or "&name" followed by no name character
    kStartTag,               // text: lower-case name; attributes(); closes_itself
    kShortTag,               // SGML "<name/data/": text: name, data: the data
    kEndTag,                 // text: lower-case name (may be empty)
    kComment,                // text: between "<!--" and "-->"
    kProcessingInstruction,  // text: between "<?" and ">"
    kDoctype,                // text: between "<!" and ">"
    kIgnored,                // other declarations, marked sections ("<![CDATA[...]]>"), "<!>"
    kIncomplete,             // begin: where a construct starts that never finishes
};

struct Token {
    TokenKind kind = TokenKind::kEnd;
    std::size_t begin = 0;
    std::string_view text;
    std::string_view data;
    bool closes_itself = false;  // XHTML "<x ... />"
};

// How an unclosed "<!--" ends: the base parser gives up (kIncomplete);
// feedparser's sanitizer skips to the next "--...>", or drops the rest.
enum class CommentRule { kBase, kSanitizer };

class Tokenizer {
public:
    explicit Tokenizer(bool xhtml) : xhtml_(xhtml) {}

    // Starts on `text` (which must outlive the tokens). The name of the last
    // start tag ("<>" repeats it) and the declaration state carry over.
    void reset(std::string_view text, CommentRule rule);
    // The next token, valid until the following call.
    const Token& next();
    // The attributes of the last kStartTag; the caller may reorder and edit them.
    AttributeList& attributes() { return attributes_; }
    std::string_view text() const { return text_; }

private:
    // token_, cleared, for the token being read.
    Token& new_token() {
        token_.kind = TokenKind::kEnd;
        token_.begin = 0;
        token_.text = std::string_view();
        token_.data = std::string_view();
        token_.closes_itself = false;
        return token_;
    }
    const Token& incomplete(std::size_t begin);
    const Token& text_token(std::size_t begin, std::size_t end);
    const Token& escaped_less_than(std::size_t at);
    const Token& less_than();
    const Token& ampersand();
    const Token& start_tag();
    const Token& end_tag();
    const Token& comment();
    const Token& processing_instruction();
    const Token& declaration();
    const Token& marked_section();
    // Where the doctype's internal subset starting at `pos` ends (at its '>').
    enum class Scan { kOk, kIncomplete, kError };
    Scan doctype_subset(std::size_t& pos);
    Scan scan_name(std::size_t pos, std::string_view& name, std::size_t& end) const;
    std::size_t find_end_bracket(std::size_t pos) const;
    bool attribute_at(std::size_t pos, Attribute& attribute, std::size_t& end);
    bool comment_end(std::size_t from, std::size_t& text_end, std::size_t& end);
    // `name` in lower case: itself, or a lower-cased copy kept in arena_.
    std::string_view lower_name(std::string_view name) {
        return has_ascii_upper(name) ? lowered_copy(name) : name;
    }
    std::string_view lowered_copy(std::string_view name);

    // The next '<' or '&' at or after `pos`, from positions found with memchr.
    std::size_t next_markup(std::size_t pos);

    bool xhtml_;
    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t next_less_than_ = 0;  // cached results of memchr; trusted when beyond the position asked for
    std::size_t next_ampersand_ = 0;
    std::size_t no_comment_end_from_ = std::string_view::npos;  // no "--\s*>" at or after this position
    CommentRule comment_rule_ = CommentRule::kBase;
    std::string last_tag_ = "???";  // sgmllib's initial lasttag
    bool seen_doctype_ = false;     // after one, '=' is no longer allowed in declarations
    // The token next() returns, filled in place: a Token returned by value
    // was copied through the stack with loads that wait on narrower stores.
    Token token_;
    AttributeList attributes_;
    StringArena arena_;             // lower-cased names, repaired values of the current token
};

}  // namespace clipfeed::html
