#include "plugin/clipping/text_paragraphs.hpp"

#include <algorithm>

#include "plugin/clipping/unicode_text.hpp"

namespace clipfeed {

namespace {

// Reads lines ending in LF, CRLF or CR (the last may have no end).
class LineReader {
public:
    explicit LineReader(std::string_view text)
        : text_(text), next_line_break_(text, '\n', '\r') {}

    bool next(std::string_view& line) {
        if (pos_ >= text_.size()) return false;
        std::size_t end = line_end(pos_);
        line = text_.substr(pos_, end - pos_);
        pos_ = end;
        if (pos_ < text_.size()) {
            bool crlf = text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n';
            pos_ += crlf ? 2 : 1;
        }
        return true;
    }

private:
    // The first CR or LF from `from` on, or the end.
    std::size_t line_end(std::size_t from) { return next_line_break_.at_or_after(from); }

    std::string_view text_;
    std::size_t pos_ = 0;
    NextOfTwoBytes next_line_break_;
};

// What unicode::is_white_space says of ASCII: space, tab, LF, VT, FF, CR.
bool is_ascii_white_space(unsigned char c) { return c == ' ' || (c >= 0x09 && c <= 0x0D); }

bool is_blank(std::string_view line) {
    for (std::size_t i = 0; i < line.size();) {
        const auto byte = static_cast<unsigned char>(line[i]);
        if (byte < 0x80) {  // most lines start with a letter: decided without a call
            if (!is_ascii_white_space(byte)) return false;
            ++i;
            continue;
        }
        std::size_t blank = unicode::white_space_length(line, i);
        if (blank == 0) return false;
        i += blank;
    }
    return true;
}

// True when some blank line has a non-blank line before it and another after it.
bool blank_line_separates_text(LineReader lines) {
    bool seen_text = false;
    bool blank_after_text = false;
    for (std::string_view line; lines.next(line);) {
        if (is_blank(line)) {
            blank_after_text = seen_text;
        } else {
            if (blank_after_text) return true;
            seen_text = true;
        }
    }
    return false;
}

}  // namespace

bool is_thematic_break(std::string_view line) {
    std::size_t pos = 0;
    while (pos < line.size() && pos < 3 && line[pos] == ' ') ++pos;
    if (pos == line.size()) return false;
    const char mark = line[pos];
    if (mark != '-' && mark != '*' && mark != '_') return false;
    int marks = 0;
    for (; pos < line.size(); ++pos) {
        if (line[pos] == mark)
            ++marks;
        else if (line[pos] != ' ' && line[pos] != '\t')
            return false;
    }
    return marks >= 3;
}

void read_text_paragraphs(std::string_view text, Paragraphs& out) {
    // Both passes start from one reader: a text without CR is searched to its end for one only once.
    const LineReader first_line(text);
    const bool blocks = blank_line_separates_text(first_line);
    LineReader lines = first_line;
    for (std::string_view line; lines.next(line);) {
        if (is_blank(line)) {
            if (blocks) out.end_paragraph();
            continue;
        }
        if (is_thematic_break(line)) {
            out.separate();
            continue;
        }
        out.append_text(line);
        if (blocks)
            out.append_space();  // the block's next line joins with a space
        else
            out.end_paragraph();
    }
    out.end_paragraph();
}

}  // namespace clipfeed
