#include "feeds/model/people.hpp"

#include <vector>

namespace clipfeed {

namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_local_char(char c) { return is_alpha(c) || is_digit(c) || c == '_' || c == '-' || c == '.' || c == '+'; }
bool is_label_char(char c) { return is_alpha(c) || is_digit(c) || c == '-'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// Length of the domain part of an address starting at `s`: as many "label."
// as possible, then a top-level label of letters (2 or more) or 1-3 digits.
// feedparser's pattern caps the letters at 4 (it reads "me@news.example" as
// "me@news.exam"); whole labels are kept here. 0 when nothing matches.
std::size_t domain_length(std::string_view s) {
    // The dots that end a non-empty label, every label before them non-empty too.
    std::vector<std::size_t> dots;
    std::size_t label_start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '.') {
            if (i == label_start) break;
            dots.push_back(i);
            label_start = i + 1;
        } else if (!is_label_char(s[i])) {
            break;
        }
    }
    for (auto it = dots.rbegin(); it != dots.rend(); ++it) {
        std::size_t top = *it + 1;
        std::size_t letters = 0, digits = 0;
        while (top + letters < s.size() && is_alpha(s[top + letters])) ++letters;
        if (letters >= 2) return top + letters;
        while (top + digits < s.size() && digits < 3 && is_digit(s[top + digits])) ++digits;
        if (digits >= 1) return top + digits;
    }
    return 0;
}

}  // namespace

PersonParts split_person(std::string_view text, std::string& scratch) {
    text = trim(text);
    PersonParts parts;
    std::size_t email_begin = 0, email_end = 0;
    for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
        std::size_t begin = at;
        while (begin > 0 && is_local_char(text[begin - 1])) --begin;
        if (begin == at) continue;
        std::size_t domain = domain_length(text.substr(at + 1));
        if (domain == 0) continue;
        email_begin = begin;
        email_end = at + 1 + domain;
        // An optional "?subject=..." belongs to the address too.
        if (text.compare(email_end, 9, "?subject=") == 0) {
            std::size_t e = email_end + 9;
            while (e < text.size() && !is_space(text[e])) ++e;
            if (e > email_end + 9) email_end = e;
        }
        break;
    }
    if (email_end == 0) {
        parts.name = text;
        return parts;
    }
    parts.email = text.substr(email_begin, email_end - email_begin);

    // The name is what is left once the address (and a "mailto:" before it)
    // and its brackets are gone.
    std::size_t name_end = email_begin;
    if (name_end >= 7 && text.compare(name_end - 7, 7, "mailto:") == 0) name_end -= 7;
    scratch.assign(text.substr(0, name_end));
    scratch.append(text.substr(email_end));
    for (const char* junk : {"()", "<>", "&lt;&gt;"}) {
        std::size_t pos;
        while ((pos = scratch.find(junk)) != std::string::npos) scratch.erase(pos, std::string(junk).size());
    }
    std::string_view name = trim(scratch);
    if (!name.empty() && name.front() == '(') name.remove_prefix(1);
    if (!name.empty() && name.back() == ')') name.remove_suffix(1);
    parts.name = trim(name);
    return parts;
}

}  // namespace clipfeed
