#include "feeds/html/html_preprocess.hpp"

#include "feeds/html/html_rules.hpp"
#include "feeds/html/html_text.hpp"

namespace clipfeed::html {

namespace {

constexpr std::string_view kCdataOpen = "<![CDATA[";

// re.sub(r'<([^<>\s]+?)\s*/>', ...) at `pos` (a '<'): the name and the end
// of the match, or false.
bool match_short_tag(std::string_view text, std::size_t pos, std::string_view& name, std::size_t& end) {
    // The run of [^<>\s]: ASCII bytes outside the set continue it at once.
    static constexpr ByteSet kMayEndName = ByteSet("<>\t\n\v\f\r\x1c\x1d\x1e\x1f ").with_non_ascii();
    std::size_t run_end = pos + 1;
    while (run_end < text.size()) {
        const char c = text[run_end];
        if (!kMayEndName.contains(c)) {
            ++run_end;
            continue;
        }
        if (static_cast<unsigned char>(c) < 0x80 || python_space_length(text, run_end) != 0) break;
        run_end += decode_utf8(text, run_end).length;
    }
    if (run_end == pos + 1 || run_end >= text.size()) return false;
    if (text[run_end] == '>') {
        // "<name/>": the shortest name that "/>" follows ends just before it.
        if (text[run_end - 1] != '/' || run_end - 1 == pos + 1) return false;
        name = text.substr(pos + 1, run_end - 1 - (pos + 1));
        end = run_end + 1;
        return true;
    }
    if (text[run_end] == '<') return false;
    const std::size_t after_space = skip_python_space(text, run_end);
    if (!has_at(text, after_space, "/>")) return false;
    name = text.substr(pos + 1, run_end - (pos + 1));
    end = after_space + 2;
    return true;
}

// The replacement leaves "<br />" as it is.
bool short_tag_changes(std::string_view text, std::size_t pos, std::string_view name, std::size_t end) {
    if (!is_void_element(name)) return true;
    return end - pos != name.size() + 4 || text[pos + 1 + name.size()] != ' ';
}

std::string escape_first_bangs(std::string_view text, int& budget) {
    std::string out;
    std::size_t copied = 0;
    for (std::size_t pos = text.find("<!"); pos != std::string_view::npos && budget > 0;
         pos = text.find("<!", pos + 2)) {
        if (!is_escapable_bang(text, pos)) continue;
        out.append(text.substr(copied, pos - copied));
        out += "&lt;!";
        copied = pos + 2;
        --budget;
    }
    out.append(text.substr(copied));
    return out;
}

std::string expand_short_tags(std::string_view text) {
    std::string out;
    std::size_t copied = 0;
    std::size_t pos = text.find('<');
    while (pos != std::string_view::npos) {
        std::string_view name;
        std::size_t end = 0;
        if (!match_short_tag(text, pos, name, end)) {
            pos = text.find('<', pos + 1);
            continue;
        }
        out.append(text.substr(copied, pos - copied));
        out += '<';
        out.append(name);
        if (is_void_element(name)) {
            out += " />";
        } else {
            out += "></";
            out.append(name);
            out += '>';
        }
        copied = end;
        pos = text.find('<', end);
    }
    out.append(text.substr(copied));
    return out;
}

std::string unescape_quotes(std::string_view text) {
    std::string out;
    std::size_t copied = 0;
    for (std::size_t pos = text.find("&#3"); pos != std::string_view::npos; pos = text.find("&#3", pos + 1)) {
        if (pos < copied) continue;
        const bool apostrophe = has_at(text, pos, "&#39;");
        if (!apostrophe && !has_at(text, pos, "&#34;")) continue;
        out.append(text.substr(copied, pos - copied));
        out += apostrophe ? '\'' : '"';
        copied = pos + 5;
    }
    out.append(text.substr(copied));
    return out;
}

}  // namespace

bool is_escapable_bang(std::string_view text, std::size_t pos) {
    const std::size_t after = pos + 2;
    return !has_at(text, after, "DOCTYPE") && !has_at(text, after, "--") &&
           !(after < text.size() && text[after] == '[');
}

bool needs_feed_rewrites(std::string_view html, int bang_budget) {
    // Each rewrite is looked for by its rarest character, found with memchr:
    // '&' for the quotes, '!' for "<!", and '>' for short tags (a match ends
    // with "/>"), rather than by examining every '<'.
    constexpr std::size_t npos = std::string_view::npos;
    for (std::size_t amp = html.find('&'); amp != npos; amp = html.find('&', amp + 1))
        if (has_at(html, amp, "&#39;") || has_at(html, amp, "&#34;")) return true;
    if (bang_budget > 0) {
        for (std::size_t bang = html.find('!', 1); bang != npos; bang = html.find('!', bang + 1))
            if (html[bang - 1] == '<' && is_escapable_bang(html, bang - 1)) return true;
    }
    for (std::size_t close = html.find('>', 1); close != npos; close = html.find('>', close + 1)) {
        if (html[close - 1] != '/') continue;
        // A match ending here starts at the last '<' before it, with no '>'
        // in between (neither can be part of one); the bytes looked at lie
        // between two '>', so that each is looked at once in all.
        std::size_t open = close - 1;
        while (open > 0 && html[open - 1] != '<' && html[open - 1] != '>') --open;
        if (open == 0 || html[open - 1] != '<') continue;
        std::string_view name;
        std::size_t end = 0;
        if (match_short_tag(html, open - 1, name, end) && short_tag_changes(html, open - 1, name, end))
            return true;
    }
    return false;
}

std::string apply_feed_rewrites(std::string_view html, int& bang_budget) {
    const std::string escaped = escape_first_bangs(html, bang_budget);
    return unescape_quotes(expand_short_tags(escaped));
}

bool has_cdata_open(std::string_view html) { return html.find(kCdataOpen) != std::string_view::npos; }

std::string escape_cdata_opens(std::string_view html) {
    std::string out;
    std::size_t copied = 0;
    for (std::size_t pos = html.find(kCdataOpen); pos != std::string_view::npos;
         pos = html.find(kCdataOpen, pos + kCdataOpen.size())) {
        out.append(html.substr(copied, pos - copied));
        out += "&lt;![CDATA[";
        copied = pos + kCdataOpen.size();
    }
    out.append(html.substr(copied));
    return out;
}

}  // namespace clipfeed::html
