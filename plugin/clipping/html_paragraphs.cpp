// A small HTML tokenizer that yields paragraphs, written by hand for speed:
// the extractor must read the content of every item of large feeds at several
// hundred MB/s, and libxml2's htmlReadMemory, which builds a whole tree first,
// measured 121 MB/s on such content (~4 KB of HTML per item). Paragraphs need
// only text, character references and the names of a few elements, so this
// reads tags, end tags, comments, doctypes, CDATA sections, raw-text script,
// style and title (skipped), and character references, and builds nothing else.
// The whole extraction, this included, runs at ~1.6 GB/s on the same kind of
// content (bench/bench_clipping.cpp, bench/README.md); tests/plugin/clipping/test_html_differential.cpp checks
// that it reads our HTML fixtures as libxml2's parser does.
#include "plugin/clipping/html_paragraphs.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>

#include "feeds/text/ascii.hpp"
#include "feeds/text/html4_names.hpp"
#include "plugin/clipping/html_entities.hpp"
#include "plugin/clipping/unicode_text.hpp"

namespace clipfeed {

namespace {

// The longest element name element_role and looks_like_html look up ("blockquote").
constexpr std::size_t kLongestKnownName = 10;

struct NamedRole {
    std::string_view name;
    ElementRole role;
};

// In order of the first letter (kRoleIndex relies on it).
constexpr NamedRole kRoles[] = {
    {"article", ElementRole::block},         {"aside", ElementRole::block},
    {"address", ElementRole::block},         {"br", ElementRole::line_break},
    {"blockquote", ElementRole::blockquote}, {"body", ElementRole::block},
    {"caption", ElementRole::block},         {"center", ElementRole::block},
    {"div", ElementRole::block},             {"dl", ElementRole::block},
    {"dt", ElementRole::block},              {"dd", ElementRole::block},
    {"details", ElementRole::block},         {"dialog", ElementRole::block},
    {"dir", ElementRole::block},             {"footer", ElementRole::block},
    {"figure", ElementRole::block},          {"figcaption", ElementRole::block},
    {"fieldset", ElementRole::block},        {"form", ElementRole::block},
    {"h1", ElementRole::block},              {"h2", ElementRole::block},
    {"h3", ElementRole::block},              {"h4", ElementRole::block},
    {"h5", ElementRole::block},              {"h6", ElementRole::block},
    {"hr", ElementRole::block},              {"header", ElementRole::block},
    {"hgroup", ElementRole::block},          {"head", ElementRole::block},
    {"html", ElementRole::block},            {"li", ElementRole::block},
    {"legend", ElementRole::block},          {"main", ElementRole::block},
    {"menu", ElementRole::block},            {"nav", ElementRole::block},
    {"ol", ElementRole::block},              {"p", ElementRole::block},
    {"pre", ElementRole::block},             {"script", ElementRole::raw_text},
    {"style", ElementRole::raw_text},        {"section", ElementRole::block},
    {"summary", ElementRole::block},         {"table", ElementRole::block},
    {"tr", ElementRole::block},              {"td", ElementRole::block},
    {"th", ElementRole::block},              {"thead", ElementRole::block},
    {"tbody", ElementRole::block},           {"tfoot", ElementRole::block},
    {"title", ElementRole::raw_text},        {"ul", ElementRole::block},
};

// Where the names of each first letter start in kRoles ('z' + 1: the end), so
// that a tag is looked up among a few names, not all of them (a search through
// all cost 5% of the extraction). Made at compile time: a table built on first
// use cost a guard check on every lookup.
struct RoleIndex {
    std::uint8_t first[27] = {};
};

constexpr RoleIndex make_role_index() {
    RoleIndex index;
    std::size_t known = 0;
    for (std::size_t letter = 0; letter < 26; ++letter) {
        index.first[letter] = static_cast<std::uint8_t>(known);
        while (known < std::size(kRoles) && static_cast<std::size_t>(kRoles[known].name[0] - 'a') == letter) ++known;
    }
    index.first[26] = static_cast<std::uint8_t>(known);
    return index;
}

constexpr RoleIndex kRoleIndex = make_role_index();
static_assert(kRoleIndex.first[26] == std::size(kRoles), "kRoles must be in order of the first letter");

bool is_html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
// Paragraphs' white space among ASCII: HTML's and vertical tab.
bool is_ascii_white_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_alnum(char c) { return is_ascii_letter(c) || (c >= '0' && c <= '9'); }

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Whether `s` is `lowercase` in any ASCII case. (Names are mostly written in
// lower case: a byte that is already equal is not lower-cased.)
bool equals_lowercase(std::string_view s, std::string_view lowercase) {
    if (s.size() != lowercase.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i] != lowercase[i] && ascii_lower(s[i]) != lowercase[i]) return false;
    return true;
}

// Whether `c` ends a tag name: HTML white space, '/' or '>'. Letters, what
// names are made of, are all above '>' and go at the first comparison.
bool ends_tag_name(char c) {
    return static_cast<unsigned char>(c) <= '>' && (c == '>' || c == '/' || is_html_space(c));
}

// A lower-case copy of a short element name.
class LowercaseName {
public:
    // Empty (matching no element) when `name` is longer than any we look up.
    explicit LowercaseName(std::string_view name) {
        if (name.size() > kLongestKnownName) return;
        for (std::size_t i = 0; i < name.size(); ++i) buffer_[i] = ascii_lower(name[i]);
        size_ = name.size();
    }
    std::string_view view() const { return {buffer_, size_}; }

private:
    char buffer_[kLongestKnownName] = {};
    std::size_t size_ = 0;
};

class HtmlReader {
public:
    HtmlReader(std::string_view html, Paragraphs& out)
        : html_(html), out_(out), next_tag_or_reference_(html, '<', '&') {}

    void run() {
        while (pos_ < html_.size()) {
            std::size_t start = pos_;
            pos_ = next_markup_or_reference(start);
            if (pos_ > start) append_text_run(html_.substr(start, pos_ - start));
            if (pos_ == html_.size()) break;
            if (html_[pos_] == '&')
                read_reference();
            else
                read_markup();
        }
        out_.end_paragraph(blockquote_depth_ > 0);
        out_.set_open_link(std::nullopt);
    }

private:
    // Text between two tags is often only a line break or a space, which is
    // white space for the paragraph and no more: no call of append_text for it.
    void append_text_run(std::string_view text) {
        bool blank = true;
        for (std::size_t i = 0; i < text.size() && blank; ++i) blank = is_ascii_white_space(text[i]);
        if (blank)
            out_.append_space();
        else
            out_.append_text(text);
    }

    // The first '<' or '&' from `from` on, or the end ('&' is rare in text).
    std::size_t next_markup_or_reference(std::size_t from) {
        // A tag right after the last one, or after one byte (a line break, a space) that is no reference.
        if (from < html_.size() && html_[from] == '<') return from;
        if (from + 1 < html_.size() && html_[from + 1] == '<' && html_[from] != '&') return from + 1;
        return next_tag_or_reference_.at_or_after(from);
    }

    void read_reference() {
        if (auto reference = read_character_reference(html_, pos_, false)) {
            out_.append_codepoint(reference->codepoint);
            pos_ += reference->length;
        } else {
            out_.append_text("&");
            ++pos_;
        }
    }

    // At a '<'.
    void read_markup() {
        std::string_view rest = html_.substr(pos_);
        char next = rest.size() > 1 ? rest[1] : '\0';
        if (is_ascii_letter(next)) {
            read_start_tag();
        } else if (next == '/') {
            if (rest.size() > 2 && is_ascii_letter(rest[2]))
                read_end_tag();
            else
                pos_ = position_after('>', pos_ + 2);  // "</>" or "</" and junk: ignored
        } else if (starts_with(rest, "<!--")) {
            skip_comment();
        } else if (starts_with(rest, "<![CDATA[")) {
            // Text as written, as XHTML (and HTML inside feeds wrapped once too often) means it.
            std::size_t end = html_.find("]]>", pos_ + 9);
            if (end == std::string_view::npos) end = html_.size();
            out_.append_text(html_.substr(pos_ + 9, end - pos_ - 9));
            pos_ = std::min(end + 3, html_.size());
        } else if (next == '!' || next == '?') {
            pos_ = position_after('>', pos_ + 2);  // doctype, processing instruction, bogus comment
        } else {
            out_.append_text("<");
            ++pos_;
        }
    }

    // HTML also ends "<!-->" and "<!--->" at once.
    void skip_comment() {
        std::size_t body = pos_ + 4;
        if (starts_with(html_.substr(body), ">")) {
            pos_ = body + 1;
        } else if (starts_with(html_.substr(body), "->")) {
            pos_ = body + 2;
        } else {
            std::size_t end = html_.find("-->", body);
            pos_ = end == std::string_view::npos ? html_.size() : end + 3;
        }
    }

    std::size_t position_after(char c, std::size_t from) const {
        std::size_t at = html_.find(c, from);
        return at == std::string_view::npos ? html_.size() : at + 1;
    }

    // The tag name at pos_ (moved past it), as written: element_role ignores case.
    std::string_view read_tag_name() {
        const std::size_t start = pos_;
        std::size_t end = start;
        while (end < html_.size() && !ends_tag_name(html_[end])) ++end;
        pos_ = end;
        return html_.substr(start, end - start);
    }

    static bool is_anchor(std::string_view name) { return name.size() == 1 && ascii_lower(name[0]) == 'a'; }
    static bool is_hr(std::string_view name) {
        return name.size() == 2 && ascii_lower(name[0]) == 'h' && ascii_lower(name[1]) == 'r';
    }

    void read_start_tag() {
        ++pos_;  // '<'
        std::string_view name = read_tag_name();
        bool anchor = is_anchor(name);
        read_attributes(anchor);
        if (anchor) out_.set_open_link(has_href_ ? std::optional<std::string_view>(href_) : std::nullopt);

        ElementRole role = element_role(name);
        switch (role) {
            case ElementRole::block:
                // <hr> outside a blockquote also ends a segment (spec version 2, "Collections").
                if (blockquote_depth_ == 0 && is_hr(name)) {
                    out_.separate();
                    break;
                }
                paragraph_boundary();
                break;
            case ElementRole::line_break:
                paragraph_boundary();
                break;
            case ElementRole::blockquote:
                if (blockquote_depth_ == 0)
                    out_.end_paragraph();
                else
                    out_.append_space();
                ++blockquote_depth_;
                break;
            case ElementRole::raw_text:
                skip_raw_text(name);
                break;
            case ElementRole::inline_text:
                break;
        }
    }

    void read_end_tag() {
        pos_ += 2;  // "</"
        std::string_view name = read_tag_name();
        read_attributes(false);
        if (is_anchor(name)) out_.set_open_link(std::nullopt);

        switch (element_role(name)) {
            case ElementRole::block:
            case ElementRole::line_break:  // "</br>" is read as <br>, as browsers do
                paragraph_boundary();
                break;
            case ElementRole::blockquote:
                if (blockquote_depth_ == 0) {
                    out_.end_paragraph();
                } else if (blockquote_depth_ == 1) {
                    out_.end_paragraph(true);
                    blockquote_depth_ = 0;
                } else {
                    --blockquote_depth_;
                    out_.append_space();
                }
                break;
            case ElementRole::raw_text:
            case ElementRole::inline_text:
                break;
        }
    }

    // Inside a blockquote, boundaries are only white space: it stays one paragraph.
    void paragraph_boundary() {
        if (blockquote_depth_ > 0)
            out_.append_space();
        else
            out_.end_paragraph();
    }

    // Reads the attributes up to and past the tag's '>'. With `want_href`, the
    // first href's value, references decoded, goes to href_.
    void read_attributes(bool want_href) {
        has_href_ = false;
        // Most tags have none: the common case in place, the rest in a call.
        if (pos_ < html_.size() && html_[pos_] == '>') {
            ++pos_;
            return;
        }
        read_attribute_list(want_href);
    }

    void read_attribute_list(bool want_href) {
        while (pos_ < html_.size()) {
            char c = html_[pos_];
            if (c == '>') {
                ++pos_;
                return;
            }
            if (is_html_space(c) || c == '/') {
                ++pos_;
                continue;
            }
            std::size_t name_start = pos_++;  // the first character may even be '='
            while (pos_ < html_.size() && !is_html_space(html_[pos_]) && html_[pos_] != '/' &&
                   html_[pos_] != '>' && html_[pos_] != '=')
                ++pos_;
            std::string_view attribute = html_.substr(name_start, pos_ - name_start);
            skip_html_space();
            if (pos_ == html_.size() || html_[pos_] != '=') continue;
            ++pos_;
            skip_html_space();
            std::string_view value = read_attribute_value();
            if (want_href && !has_href_ && equals_lowercase(attribute, "href")) {
                href_ = decode_attribute_value(value, decoded_href_);
                has_href_ = true;
            }
        }
    }

    std::string_view read_attribute_value() {
        if (pos_ < html_.size() && (html_[pos_] == '"' || html_[pos_] == '\'')) {
            std::size_t close = html_.find(html_[pos_], pos_ + 1);
            if (close == std::string_view::npos) close = html_.size();
            std::string_view value = html_.substr(pos_ + 1, close - pos_ - 1);
            pos_ = std::min(close + 1, html_.size());
            return value;
        }
        std::size_t start = pos_;
        while (pos_ < html_.size() && !is_html_space(html_[pos_]) && html_[pos_] != '>') ++pos_;
        return html_.substr(start, pos_ - start);
    }

    // The value with its references decoded: the value itself when it has
    // none (most links), else `out`.
    static std::string_view decode_attribute_value(std::string_view value, std::string& out) {
        std::size_t amp = value.find('&');
        if (amp == std::string_view::npos) return value;
        out.clear();
        std::size_t copied = 0;  // the value up to here is in `out`
        while (amp != std::string_view::npos) {
            auto reference = read_character_reference(value, amp, true);
            if (!reference) {
                amp = value.find('&', amp + 1);  // just an ampersand
                continue;
            }
            out.append(value.substr(copied, amp - copied));
            unicode::append_utf8(out, reference->codepoint);
            copied = amp + reference->length;
            amp = value.find('&', copied);
        }
        out.append(value.substr(copied));
        return out;
    }

    void skip_html_space() {
        while (pos_ < html_.size() && is_html_space(html_[pos_])) ++pos_;
    }

    // Moves to the end tag that closes a script or style element.
    void skip_raw_text(std::string_view name) {
        for (std::size_t at = html_.find("</", pos_); at != std::string_view::npos; at = html_.find("</", at + 2)) {
            std::size_t after = at + 2 + name.size();
            if (after > html_.size() || !ascii_iequals(html_.substr(at + 2, name.size()), name))
                continue;
            if (after == html_.size() || is_html_space(html_[after]) || html_[after] == '/' || html_[after] == '>') {
                pos_ = at;
                return;
            }
        }
        pos_ = html_.size();
    }

    std::string_view html_;
    Paragraphs& out_;
    std::size_t pos_ = 0;
    // The first '<' and '&' from where each was last looked for, or the end.
    NextOfTwoBytes next_tag_or_reference_;
    int blockquote_depth_ = 0;
    std::string_view href_;      // into html_ or decoded_href_
    std::string decoded_href_;
    bool has_href_ = false;
};

}  // namespace

ElementRole element_role(std::string_view name) {
    const char first = name.empty() ? '\0' : ascii_lower(name[0]);
    if (first < 'a' || first > 'z') return ElementRole::inline_text;
    const auto letter = static_cast<std::size_t>(first - 'a');
    for (std::size_t i = kRoleIndex.first[letter]; i < kRoleIndex.first[letter + 1]; ++i)
        if (equals_lowercase(name, kRoles[i].name)) return kRoles[i].role;
    return ElementRole::inline_text;
}

void read_html_paragraphs(std::string_view html, Paragraphs& out) { HtmlReader(html, out).run(); }

bool looks_like_html(std::string_view content) {
    for (std::size_t lt = content.find('<'); lt != std::string_view::npos; lt = content.find('<', lt + 1)) {
        std::size_t start = lt + 1;
        if (start < content.size() && content[start] == '/') ++start;
        if (start == content.size() || !is_ascii_letter(content[start])) continue;
        std::size_t end = start;
        while (end < content.size() && is_ascii_alnum(content[end])) ++end;
        if (end == content.size() || !(is_html_space(content[end]) || content[end] == '>' || content[end] == '/'))
            continue;
        LowercaseName name(content.substr(start, end - start));
        if (name.view().empty()) continue;
        // HTML 4's elements (libxml2's table); the table above adds HTML5's sectioning ones.
        if (is_html4_element(name.view()) ||
            element_role(name.view()) != ElementRole::inline_text)
            return true;
    }
    return false;
}

}  // namespace clipfeed
