#include "plugin/text_paragraphs.hpp"

#include "plugin/unicode_text.hpp"

namespace clipfeed {

namespace {

// Reads lines ending in LF, CRLF or CR (the last may have no end).
class LineReader {
public:
    explicit LineReader(std::string_view text) : text_(text) {}

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
    // The first CR or LF from `from` on, or the end. (Two memchr calls: much
    // faster than find_first_of, which looks at every byte in turn.)
    std::size_t line_end(std::size_t from) const {
        std::size_t lf = text_.find('\n', from);
        if (lf == std::string_view::npos) lf = text_.size();
        std::size_t cr = text_.substr(0, lf).find('\r', from);
        return cr == std::string_view::npos ? lf : cr;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

bool is_blank(std::string_view line) {
    for (std::size_t i = 0; i < line.size();) {
        std::size_t blank = unicode::white_space_length(line, i);
        if (blank == 0) return false;
        i += blank;
    }
    return true;
}

// True when some blank line has a non-blank line before it and another after it.
bool blank_line_separates_text(std::string_view text) {
    bool seen_text = false;
    bool blank_after_text = false;
    LineReader lines(text);
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

void read_text_paragraphs(std::string_view text, Paragraphs& out) {
    const bool blocks = blank_line_separates_text(text);
    LineReader lines(text);
    for (std::string_view line; lines.next(line);) {
        if (is_blank(line)) {
            if (blocks) out.end_paragraph();
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
