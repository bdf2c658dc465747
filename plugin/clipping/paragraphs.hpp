// The paragraphs of a text or HTML document, as the clipping extractor reads
// them (spec/clipping.md, "Reading the input", rule 2).
//
// All paragraph texts share one buffer, so a document costs a few allocations
// however many paragraphs it has, and a Paragraphs object reused across calls
// costs none once its buffers have grown.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clipfeed {

class Paragraphs {
public:
    void clear();

    // --- Building, in document order -------------------------------------
    // Appends text to the open paragraph, folding every run of white space
    // (Unicode White_Space) into one space; leading and trailing white space
    // of a paragraph is dropped.
    void append_text(std::string_view text);
    void append_codepoint(char32_t cp);
    // White space between two pieces of text (e.g. a <br> inside a blockquote).
    void append_space() { pending_space_ = true; }
    // Closes the open paragraph; one with no text is dropped.
    void end_paragraph(bool blockquote = false);
    // A separator (<hr>, a thematic break): closes the open paragraph, and the
    // next paragraph starts a new segment (spec version 2, "Collections").
    void separate();
    // An <a href> began (nullopt: an </a> ended it). The open paragraph, or the
    // next one to get text while the link is open, takes the first link it sees.
    void set_open_link(std::optional<std::string_view> href);
    // Puts every paragraph text in Unicode normalization form C (and replaces
    // invalid UTF-8 with U+FFFD). Call once, after the last paragraph. Only
    // paragraphs that got a character NFC might change (or invalid UTF-8) are
    // looked at again: appending marks them as it goes.
    void normalize();

    // A point to go back to: rollback() forgets everything appended since
    // mark() (the Markdown reader's fast path, when it finds that md4c must
    // read the whole document after all).
    struct Mark;
    Mark mark() const;
    void rollback(const Mark& mark);

    // --- Reading ----------------------------------------------------------
    std::size_t size() const { return paragraphs_.size(); }
    std::string_view text(std::size_t i) const { return view(text_, paragraphs_[i].text); }
    bool is_blockquote(std::size_t i) const { return paragraphs_[i].blockquote; }
    std::optional<std::string_view> link(std::size_t i) const;
    // The index of the first paragraph after each separator, ascending; an
    // index may repeat, and may equal size() (a separator at the end).
    const std::vector<std::size_t>& separators() const { return separators_; }

private:
    struct Span {
        std::size_t begin = 0;
        std::size_t end = 0;
    };
    struct Paragraph {
        Span text;  // in text_
        Span link;  // in links_
        bool has_link = false;
        bool blockquote = false;
        bool may_change_under_nfc = false;  // holds a character that is not NFC-inert, or invalid UTF-8
    };

public:
    struct Mark {
        std::size_t text = 0, links = 0, paragraphs = 0, separators = 0;
        Paragraph open;
        bool pending_space = false;
        bool link_is_open = false;
        std::string open_link;  // only while a link is open
    };

private:
    static std::string_view view(const std::string& buffer, Span s) {
        return std::string_view(buffer).substr(s.begin, s.end - s.begin);
    }
    void append_visible(std::string_view bytes);
    void take_open_link();

    std::string text_;   // every paragraph's text, back to back
    std::string links_;  // every paragraph's link, back to back
    std::vector<Paragraph> paragraphs_;
    std::vector<std::size_t> separators_;
    Paragraph open_;     // the paragraph being built: its text runs from open_.text.begin to the end of text_
    bool pending_space_ = false;
    std::string open_link_;  // href of the <a> being read
    bool link_is_open_ = false;
    std::string normalized_;  // scratch for normalize()
};

// The next place at or after a position where either of two bytes stands, or
// the text's end, for a reader that only moves forward. Each byte's next place
// is kept and looked for again (with memchr, much faster than find_first_of)
// only once the reader has passed it: looking afresh from every position took
// time that grew with the square of the text's length.
class NextOfTwoBytes {
public:
    NextOfTwoBytes(std::string_view text, char first, char second)
        : text_(text), first_(first), second_(second), next_first_(find(first, 0)), next_second_(find(second, 0)) {}

    std::size_t at_or_after(std::size_t from) {
        if (next_first_ < from) next_first_ = find(first_, from);
        if (next_second_ < from) next_second_ = find(second_, from);
        return next_first_ < next_second_ ? next_first_ : next_second_;
    }

private:
    std::size_t find(char c, std::size_t from) const {
        const std::size_t at = text_.find(c, from);
        return at == std::string_view::npos ? text_.size() : at;
    }

    std::string_view text_;
    char first_;
    char second_;
    std::size_t next_first_;
    std::size_t next_second_;
};

}  // namespace clipfeed
