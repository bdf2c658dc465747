// Each method follows one sgmllib/_markupbase routine as feedparser 6.0
// configures it (feedparser/sgml.py replaces the charref, tagfind, attrfind
// and endbracket patterns); the patterns are quoted next to the code that
// matches them. Python's \s, \w and \d are Unicode-aware, hence html_text.
#include "feeds/html/html_tokenizer.hpp"

#include "feeds/html/html_text.hpp"
#include "feeds/text/ascii.hpp"

#include <algorithm>

namespace clipfeed::html {

namespace {

bool is_tag_name_char(char c) {  // tagfind: [a-zA-Z][-_.:a-zA-Z0-9]*
    return is_ascii_alnum(c) || c == '-' || c == '_' || c == '.' || c == ':';
}

bool is_short_tag_name_char(char c) {  // shorttagopen: <[a-zA-Z][-.a-zA-Z0-9]*/
    return is_ascii_alnum(c) || c == '-' || c == '.';
}

bool is_attribute_name_char(char c) {  // attrfind: [a-zA-Z_][-:.a-zA-Z_0-9]*
    return is_ascii_alnum(c) || c == '-' || c == ':' || c == '.' || c == '_';
}

bool is_unquoted_value_char(char c) {  // attrfind: [][\-a-zA-Z0-9./,:;+*%?!&$()_#=~'"@]
    if (is_ascii_alnum(c)) return true;
    switch (c) {
        case '[': case ']': case '-': case '.': case '/': case ',': case ':': case ';': case '+': case '*':
        case '%': case '?': case '!': case '&': case '$': case '(': case ')': case '_': case '#': case '=':
        case '~': case '\'': case '"': case '@':
            return true;
        default:
            return false;
    }
}

// sgmllib's entity_or_charref substitution inside attribute values leaves
// references as written, except that "&#65" gains its ';'.
bool needs_charref_semicolons(std::string_view value) {
    for (std::size_t pos = value.find("&#"); pos != std::string_view::npos; pos = value.find("&#", pos + 2)) {
        std::size_t end = pos + 2;
        while (end < value.size() && is_ascii_digit(value[end])) ++end;
        if (end > pos + 2 && (end == value.size() || value[end] != ';')) return true;
    }
    return false;
}

std::string add_charref_semicolons(std::string_view value) {
    std::string out;
    std::size_t copied = 0;
    for (std::size_t pos = value.find("&#"); pos != std::string_view::npos; pos = value.find("&#", pos + 2)) {
        std::size_t end = pos + 2;
        while (end < value.size() && is_ascii_digit(value[end])) ++end;
        if (end > pos + 2 && (end == value.size() || value[end] != ';')) {
            out.append(value.substr(copied, end - copied));
            out += ';';
            copied = end;
        }
    }
    out.append(value.substr(copied));
    return out;
}

}  // namespace

void AttributeList::spill(std::string_view name, std::string_view value) {
    if (spill_.empty()) spill_.assign(inline_.begin(), inline_.begin() + static_cast<std::ptrdiff_t>(size_));
    spill_.push_back({name, value});
    ++size_;
}

void AttributeList::truncate(std::size_t size) {
    if (size >= size_) return;
    size_ = size;
    if (!spill_.empty()) spill_.resize(size);
}

void Tokenizer::reset(std::string_view text, CommentRule rule) {
    text_ = text;
    pos_ = 0;
    next_less_than_ = 0;
    next_ampersand_ = 0;
    no_comment_end_from_ = std::string_view::npos;
    comment_rule_ = rule;
}

std::size_t Tokenizer::next_markup(std::size_t pos) {
    // A cached position beyond `pos` was found searching from before it (the
    // position only moves forward), so it is still the next one.
    if (next_less_than_ <= pos) next_less_than_ = text_.find('<', pos);
    if (next_ampersand_ <= pos) next_ampersand_ = text_.find('&', pos);
    return std::min(std::min(next_less_than_, next_ampersand_), text_.size());
}

std::string_view Tokenizer::lowered_copy(std::string_view name) {
    return arena_.keep(ascii_lowercase(name));
}

const Token& Tokenizer::incomplete(std::size_t begin) {
    pos_ = text_.size();
    Token& token = new_token();
    token.kind = TokenKind::kIncomplete;
    token.begin = begin;
    return token;
}

// A '<' that opens nothing sgmllib can read: text "&lt;", going on after it.
const Token& Tokenizer::escaped_less_than(std::size_t at) {
    Token& token = new_token();
    token.kind = TokenKind::kText;
    token.begin = at;
    token.text = "&lt;";
    pos_ = at + 1;
    return token;
}

const Token& Tokenizer::text_token(std::size_t begin, std::size_t end) {
    pos_ = end;
    Token& token = new_token();
    token.kind = TokenKind::kText;
    token.begin = begin;
    token.text = text_.substr(begin, end - begin);
    return token;
}

const Token& Tokenizer::next() {
    arena_.clear();
    if (pos_ >= text_.size()) return new_token();
    const char c = text_[pos_];
    if (c == '<') return less_than();
    if (c == '&') return ampersand();
    return text_token(pos_, next_markup(pos_ + 1));
}

const Token& Tokenizer::less_than() {
    const std::size_t i = pos_;
    const std::size_t n = text_.size();
    if (i + 1 < n) {
        const char next = text_[i + 1];
        if (next == '>' || is_ascii_letter(next)) return start_tag();
        if (next == '/') return end_tag();
        if (next == '!') return has_at(text_, i, "<!--") ? comment() : declaration();
        if (next == '?') return processing_instruction();
    }
    // A '<' that starts nothing is text, unless it is the last character.
    if (i + 1 == n) return incomplete(i);
    return text_token(i, i + 1);
}

const Token& Tokenizer::ampersand() {
    const std::size_t i = pos_;
    const std::size_t n = text_.size();
    Token& token = new_token();
    token.begin = i;
    // charref: &#(\d+|[xX][0-9a-fA-F]+);
    if (i + 1 < n && text_[i + 1] == '#') {
        std::size_t end = i + 2;
        if (end < n && is_ascii_digit(text_[end])) {
            while (end < n && is_ascii_digit(text_[end])) ++end;
        } else if (end + 1 < n && (text_[end] | 0x20) == 'x' && is_ascii_hex_digit(text_[end + 1])) {
            ++end;
            while (end < n && is_ascii_hex_digit(text_[end])) ++end;
        }
        if (end > i + 2 && end < n && text_[end] == ';') {
            token.kind = TokenKind::kCharRef;
            token.text = text_.substr(i + 2, end - (i + 2));
            pos_ = end + 1;
            return token;
        }
    }
    // entityref: &([a-zA-Z][-.a-zA-Z0-9]*)[^a-zA-Z0-9]
    if (i + 1 < n && is_ascii_letter(text_[i + 1])) {
        std::size_t end = i + 2;
        while (end < n && (is_ascii_alnum(text_[end]) || text_[end] == '-' || text_[end] == '.')) ++end;
        if (end == n) {
            // At the very end the pattern backtracks: the name stops before
            // its last '-' or '.', which becomes the terminator.
            std::size_t last = end - 1;
            while (last > i + 1 && text_[last] != '-' && text_[last] != '.') --last;
            end = last > i + 1 ? last : n;
        }
        if (end < n) {
            token.kind = TokenKind::kEntityRef;
            token.text = text_.substr(i + 1, end - (i + 1));
            pos_ = text_[end] == ';' ? end + 1 : end;
            return token;
        }
    }
    // incomplete: &([a-zA-Z][a-zA-Z0-9]*|#[0-9]*)? is copied as text.
    std::size_t end = i + 1;
    if (end < n && is_ascii_letter(text_[end])) {
        while (end < n && is_ascii_alnum(text_[end])) ++end;
    } else if (end < n && text_[end] == '#') {
        ++end;
        while (end < n && is_ascii_digit(text_[end])) ++end;
    }
    if (end == n) return incomplete(i);
    return text_token(i, end);
}

// feedparser's endbracket: the first '<' or '>' after `pos` that is outside
// quoted values; failing that (a quote with nothing sensible after it), the
// first '<' or '>' on the same line:
//   ([^'"<>]|"[^"]*"(?=>|/|\s|\w+=)|'[^']*'(?=>|/|\s|\w+=))*(?=[<>])|.*?(?=[<>])
std::size_t Tokenizer::find_end_bracket(std::size_t pos) const {
    static constexpr ByteSet kBracketOrQuote("<>\"'");
    const std::size_t n = text_.size();
    std::size_t k = pos;
    while (k < n) {
        const char c = text_[k];
        if (!kBracketOrQuote.contains(c)) {
            ++k;
            continue;
        }
        if (c == '<' || c == '>') return k;
        const std::size_t close = text_.find(c, k + 1);
        if (close == std::string_view::npos) break;
        const std::size_t after = close + 1;
        bool followed_well = false;
        if (after < n) {
            const char next = text_[after];
            if (next == '>' || next == '/' || python_space_length(text_, after) != 0) {
                followed_well = true;
            } else {
                std::size_t word_end = after;
                while (std::size_t length = python_word_length(text_, word_end)) word_end += length;
                followed_well = word_end > after && word_end < n && text_[word_end] == '=';
            }
        }
        if (!followed_well) break;
        k = after;
    }
    for (k = pos; k < n; ++k) {
        if (text_[k] == '<' || text_[k] == '>') return k;
        if (text_[k] == '\n') break;
    }
    return std::string_view::npos;
}

// attrfind:
//   \s*([a-zA-Z_][-:.a-zA-Z_0-9]*)[$]?(\s*=\s*('[^']*'|"[^"]*"|[][\-a-zA-Z0-9./,:;+*%?!&$()_#=~'"@]*))?
bool Tokenizer::attribute_at(std::size_t pos, Attribute& attribute, std::size_t& end) {
    const std::size_t n = text_.size();
    const std::size_t name_start = skip_python_space(text_, pos);
    if (name_start >= n || !(is_ascii_letter(text_[name_start]) || text_[name_start] == '_')) return false;
    std::size_t name_end = name_start + 1;
    while (name_end < n && is_attribute_name_char(text_[name_end])) ++name_end;
    const std::string_view name = text_.substr(name_start, name_end - name_start);
    end = name_end < n && text_[name_end] == '$' ? name_end + 1 : name_end;

    attribute.name = lower_name(name);
    attribute.value = name;
    std::size_t p = skip_python_space(text_, end);
    if (p >= n || text_[p] != '=') return true;
    p = skip_python_space(text_, p + 1);
    std::size_t value_end = p;
    const std::size_t close = p < n && (text_[p] == '\'' || text_[p] == '"') ? text_.find(text_[p], p + 1)
                                                                             : std::string_view::npos;
    if (close != std::string_view::npos) {
        value_end = close + 1;
    } else {
        while (value_end < n && is_unquoted_value_char(text_[value_end])) ++value_end;
    }
    std::string_view value = text_.substr(p, value_end - p);
    if (!value.empty() && (value.front() == '\'' || value.front() == '"') && value.back() == value.front())
        value = value.size() == 1 ? std::string_view() : value.substr(1, value.size() - 2);
    if (needs_charref_semicolons(value)) value = arena_.keep(add_charref_semicolons(value));
    attribute.value = value;
    end = value_end;
    return true;
}

const Token& Tokenizer::start_tag() {
    const std::size_t i = pos_;
    const std::size_t n = text_.size();
    Token& token = new_token();
    token.begin = i;
    attributes_.clear();

    if (is_ascii_letter(text_[i + 1])) {
        // SGML short tag "<name/data/", the same as "<name>data</name>".
        std::size_t k = i + 2;
        while (k < n && is_short_tag_name_char(text_[k])) ++k;
        if (k < n && text_[k] == '/') {
            const std::size_t slash = text_.find('/', k + 1);
            if (slash == std::string_view::npos) return incomplete(i);
            token.kind = TokenKind::kShortTag;
            token.text = lower_name(text_.substr(i + 1, k - (i + 1)));
            token.data = text_.substr(k + 1, slash - (k + 1));
            pos_ = slash + 1;
            return token;
        }
    }

    std::size_t j = find_end_bracket(i + 1);
    if (j == std::string_view::npos) return incomplete(i);
    token.kind = TokenKind::kStartTag;
    if (text_[i + 1] == '>') {
        token.text = last_tag_;  // "<>" repeats the last start tag
    } else {
        std::size_t k = i + 2;
        while (k < n && is_tag_name_char(text_[k])) ++k;
        const std::string_view name = lower_name(text_.substr(i + 1, k - (i + 1)));
        last_tag_.assign(name.data(), name.size());
        token.text = last_tag_;
        while (k < j) {
            Attribute attribute;
            std::size_t end = 0;
            if (!attribute_at(k, attribute, end)) break;
            attributes_.push_back(attribute.name, attribute.value);
            k = end;
        }
    }
    if (text_[j] == '>') ++j;
    token.closes_itself = xhtml_ && j > 2 && text_[j - 2] == '/' && text_[j - 1] == '>';
    pos_ = j;
    return token;
}

const Token& Tokenizer::end_tag() {
    // sgmllib's parse_endtag runs with sgmllib's own endbracket, [<>]:
    // feedparser's quote-aware pattern only applies to start tags.
    // A plain loop: end tags are short, and the bytes it looks at are the
    // token's (or the rest, incomplete), so that each is looked at once.
    const std::size_t i = pos_;
    std::size_t j = i + 2;
    while (j < text_.size() && text_[j] != '<' && text_[j] != '>') ++j;
    if (j == text_.size()) return incomplete(i);
    Token& token = new_token();
    token.kind = TokenKind::kEndTag;
    token.begin = i;
    const std::string_view name = python_strip(text_.substr(i + 2, j - (i + 2)));
    token.text = is_python_lower(name) ? name : arena_.keep(python_lower(name));
    if (text_[j] == '>') ++j;
    pos_ = j;
    return token;
}

// _commentclose: --\s*>
bool Tokenizer::comment_end(std::size_t from, std::size_t& text_end, std::size_t& end) {
    // Unclosed comments the sanitizer skips would each search to the end.
    if (from >= no_comment_end_from_) return false;
    for (std::size_t dashes = text_.find("--", from); dashes != std::string_view::npos;
         dashes = text_.find("--", dashes + 1)) {
        const std::size_t p = skip_python_space(text_, dashes + 2);
        if (p < text_.size() && text_[p] == '>') {
            text_end = dashes;
            end = p + 1;
            return true;
        }
    }
    no_comment_end_from_ = from;
    return false;
}

const Token& Tokenizer::comment() {
    const std::size_t i = pos_;
    Token& token = new_token();
    token.begin = i;
    std::size_t text_end = 0, end = 0;
    if (comment_end(i + 4, text_end, end)) {
        token.kind = TokenKind::kComment;
        token.text = text_.substr(i + 4, text_end - (i + 4));
        pos_ = end;
        return token;
    }
    if (comment_rule_ == CommentRule::kBase) return incomplete(i);
    // The sanitizer drops an unclosed comment up to "--[^>]*>", or to the end.
    token.kind = TokenKind::kIgnored;
    pos_ = text_.size();
    const std::size_t dashes = text_.find("--", i + 4);
    if (dashes != std::string_view::npos) {
        const std::size_t close = text_.find('>', dashes + 2);
        if (close != std::string_view::npos) pos_ = close + 1;
    }
    return token;
}

const Token& Tokenizer::processing_instruction() {
    const std::size_t i = pos_;
    const std::size_t close = text_.find('>', i + 2);
    if (close == std::string_view::npos) return incomplete(i);
    Token& token = new_token();
    token.kind = TokenKind::kProcessingInstruction;
    token.begin = i;
    token.text = text_.substr(i + 2, close - (i + 2));
    pos_ = close + 1;
    return token;
}

// feedparser's _scan_name: [a-zA-Z][-_.a-zA-Z0-9:]*\s*, lower-cased; a name
// that runs to the end of the text is incomplete.
Tokenizer::Scan Tokenizer::scan_name(std::size_t pos, std::string_view& name, std::size_t& end) const {
    const std::size_t n = text_.size();
    if (pos >= n) return Scan::kIncomplete;
    if (!is_ascii_letter(text_[pos])) return Scan::kError;
    std::size_t name_end = pos + 1;
    while (name_end < n && is_tag_name_char(text_[name_end])) ++name_end;
    end = skip_python_space(text_, name_end);
    if (end == n) return Scan::kIncomplete;
    name = text_.substr(pos, name_end - pos);
    return Scan::kOk;
}

// "<!...>" other than comments (_markupbase.parse_declaration). Where Python
// raises an error inside (unexpected characters), feedparser meant to write
// "&lt;" and go on after the '<' (its SGMLParseError handler; recent Pythons
// raise AssertionError instead and the parse fails); that is what happens here.
const Token& Tokenizer::declaration() {
    const std::size_t i = pos_;
    const std::size_t n = text_.size();
    std::size_t j = i + 2;
    if (j == n || text_[j] == '-') return incomplete(i);
    if (text_[j] == '>') {
        Token& token = new_token();
        token.kind = TokenKind::kIgnored;
        token.begin = i;
        pos_ = j + 1;
        return token;
    }
    if (text_[j] == '[') return marked_section();

    std::string_view name;
    const Scan scanned = scan_name(j, name, j);
    if (scanned == Scan::kIncomplete) return incomplete(i);
    if (scanned == Scan::kError) return escaped_less_than(i);
    const bool doctype = name.size() == 7 && python_lower(name) == "doctype";
    if (doctype) seen_doctype_ = true;
    while (j < n) {
        const char c = text_[j];
        if (c == '>') {
            Token& token = new_token();
            token.kind = doctype ? TokenKind::kDoctype : TokenKind::kIgnored;
            token.begin = i;
            token.text = text_.substr(i + 2, j - (i + 2));
            pos_ = j + 1;
            return token;
        }
        if (c == '"' || c == '\'') {
            const std::size_t close = text_.find(c, j + 1);
            if (close == std::string_view::npos) return incomplete(i);
            j = skip_python_space(text_, close + 1);
        } else if (is_ascii_letter(c)) {
            std::string_view word;
            if (scan_name(j, word, j) == Scan::kIncomplete) return incomplete(i);
        } else if (c == '=' && !seen_doctype_) {
            ++j;
        } else if (c == '[' && doctype) {
            ++j;
            const Scan subset = doctype_subset(j);
            if (subset == Scan::kIncomplete) return incomplete(i);
            if (subset == Scan::kError) return escaped_less_than(i);
        } else {
            return escaped_less_than(i);
        }
    }
    return incomplete(i);
}

// "<![name ...]]>" (or "<![if ...]>" from Microsoft Office): dropped.
const Token& Tokenizer::marked_section() {
    const std::size_t i = pos_;
    const std::size_t n = text_.size();
    std::string_view name;
    std::size_t after_name = 0;
    const Scan scanned = scan_name(i + 3, name, after_name);
    if (scanned == Scan::kIncomplete) return incomplete(i);
    const std::string lower = scanned == Scan::kOk ? python_lower(name) : std::string();
    const bool standard = lower == "temp" || lower == "cdata" || lower == "ignore" || lower == "include" ||
                          lower == "rcdata";
    const bool office = lower == "if" || lower == "else" || lower == "endif";
    if (!standard && !office) return escaped_less_than(i);
    // ]\s*]\s*> or, for Office, ]\s*>
    for (std::size_t close = text_.find(']', i + 3); close != std::string_view::npos;
         close = text_.find(']', close + 1)) {
        std::size_t p = skip_python_space(text_, close + 1);
        if (standard) {
            if (p >= n || text_[p] != ']') continue;
            p = skip_python_space(text_, p + 1);
        }
        if (p < n && text_[p] == '>') {
            Token& token = new_token();
            token.kind = TokenKind::kIgnored;
            token.begin = i;
            pos_ = p + 1;
            return token;
        }
    }
    return incomplete(i);
}

// The internal subset of "<!DOCTYPE x [ ... ]>", simplified from
// _markupbase._parse_doctype_subset: the declarations inside are skipped to
// their '>' (quoted strings respected) rather than parsed one by one.
Tokenizer::Scan Tokenizer::doctype_subset(std::size_t& pos) {
    const std::size_t n = text_.size();
    std::size_t j = pos;
    while (j < n) {
        const char c = text_[j];
        if (c == '<') {
            if (j + 1 == n) return Scan::kIncomplete;
            if (text_[j + 1] != '!') return Scan::kError;
            if (j + 4 > n) return Scan::kIncomplete;
            if (has_at(text_, j, "<!--")) {
                std::size_t text_end = 0, end = 0;
                if (!comment_end(j + 4, text_end, end)) return Scan::kIncomplete;
                j = end;
                continue;
            }
            std::string_view name;
            const Scan scanned = scan_name(j + 2, name, j);
            if (scanned != Scan::kOk) return scanned;
            const std::string lower = python_lower(name);
            if (lower != "attlist" && lower != "element" && lower != "entity" && lower != "notation")
                return Scan::kError;
            while (true) {
                if (j >= n) return Scan::kIncomplete;
                if (text_[j] == '>') break;
                if (text_[j] == '"' || text_[j] == '\'') {
                    const std::size_t close = text_.find(text_[j], j + 1);
                    if (close == std::string_view::npos) return Scan::kIncomplete;
                    j = close + 1;
                } else {
                    ++j;
                }
            }
            ++j;
        } else if (c == '%') {
            if (j + 1 == n) return Scan::kIncomplete;
            std::string_view name;
            const Scan scanned = scan_name(j + 1, name, j);
            if (scanned != Scan::kOk) return scanned;
            if (text_[j] == ';') ++j;
        } else if (c == ']') {
            j = skip_python_space(text_, j + 1);
            if (j >= n) return Scan::kIncomplete;
            if (text_[j] != '>') return Scan::kError;
            pos = j;
            return Scan::kOk;
        } else if (std::size_t space = python_space_length(text_, j)) {
            j += space;
        } else {
            return Scan::kError;
        }
    }
    return Scan::kIncomplete;
}

}  // namespace clipfeed::html
