#include "plugin/paragraphs.hpp"

#include <array>

#include "plugin/unicode_text.hpp"

namespace clipfeed {

namespace {

// Bytes that may begin a white space character: ASCII blanks and the lead
// bytes of U+0085/U+00A0 (C2), U+1680 (E1), U+2000-U+205F (E2) and U+3000 (E3).
// Runs of other bytes are copied without looking at them one by one.
constexpr std::array<bool, 256> make_white_space_starts() {
    std::array<bool, 256> table{};
    for (int b = 0x09; b <= 0x0D; ++b) table[b] = true;
    table[0x20] = table[0xC2] = table[0xE1] = table[0xE2] = table[0xE3] = true;
    return table;
}
constexpr std::array<bool, 256> kMayStartWhiteSpace = make_white_space_starts();

bool may_start_white_space(char c) { return kMayStartWhiteSpace[static_cast<unsigned char>(c)]; }

}  // namespace

void Paragraphs::clear() {
    text_.clear();
    links_.clear();
    paragraphs_.clear();
    open_ = Paragraph{};
    pending_space_ = false;
    open_link_.clear();
    link_is_open_ = false;
}

void Paragraphs::append_text(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        // A run of bytes that need no folding: no white space but single ASCII
        // spaces between words, so most text goes in with one append.
        std::size_t run = i;
        for (;;) {
            while (i < text.size() && !may_start_white_space(text[i])) ++i;
            if (i + 1 < text.size() && text[i] == ' ' && i > run && !may_start_white_space(text[i + 1])) {
                i += 2;
                continue;
            }
            break;
        }
        if (i > run) append_visible(text.substr(run, i - run));
        if (i == text.size()) break;
        if (std::size_t blank = unicode::white_space_length(text, i)) {
            pending_space_ = true;
            i += blank;
        } else {
            append_visible(text.substr(i, 1));  // a lead byte of some other character
            ++i;
        }
    }
}

void Paragraphs::append_codepoint(char32_t cp) {
    if (unicode::is_white_space(cp)) {
        pending_space_ = true;
        return;
    }
    char bytes[4];
    std::size_t n = unicode::encode_utf8(cp, bytes);
    append_visible(std::string_view(bytes, n));
}

void Paragraphs::append_visible(std::string_view bytes) {
    if (text_.size() == open_.text.begin)
        take_open_link();  // the paragraph's first text: leading white space is dropped
    else if (pending_space_)
        text_.push_back(' ');
    pending_space_ = false;
    text_.append(bytes);
}

void Paragraphs::take_open_link() {
    if (!link_is_open_ || open_.has_link) return;
    open_.link.begin = links_.size();
    links_.append(open_link_);
    open_.link.end = links_.size();
    open_.has_link = true;
}

void Paragraphs::set_open_link(std::optional<std::string_view> href) {
    link_is_open_ = href.has_value();
    if (!href) return;
    open_link_.assign(*href);
    take_open_link();
}

void Paragraphs::end_paragraph(bool blockquote) {
    if (text_.size() == open_.text.begin) {
        if (open_.has_link) links_.resize(open_.link.begin);  // an empty paragraph keeps no link
    } else {
        open_.text.end = text_.size();
        open_.blockquote = blockquote;
        paragraphs_.push_back(open_);
    }
    open_ = Paragraph{};
    open_.text.begin = text_.size();
    pending_space_ = false;
}

void Paragraphs::normalize() {
    for (Paragraph& p : paragraphs_) {
        if (unicode::is_stable_under_nfc(view(text_, p.text))) continue;
        unicode::to_nfc(view(text_, p.text), normalized_);
        p.text.begin = text_.size();
        text_.append(normalized_);
        p.text.end = text_.size();
    }
    open_.text.begin = text_.size();
}

std::optional<std::string_view> Paragraphs::link(std::size_t i) const {
    if (!paragraphs_[i].has_link) return std::nullopt;
    return view(links_, paragraphs_[i].link);
}

}  // namespace clipfeed
