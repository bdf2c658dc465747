#include "feeds/xml/xml_text.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "feeds/text/html4_names.hpp"

namespace clipfeed {

namespace {

// Bounds on what a document's own entity declarations may expand to.
constexpr std::size_t kMaxEntityExpansion = 1 << 20;  // bytes, all entities together
constexpr int kMaxEntityNesting = 8;

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The character a reference body ("#38", "#x26", "amp", "eacute") stands for,
// or 0 when it is not a predefined, numeric or HTML reference.
char32_t predefined_or_html(std::string_view body, DecodeIssues& issues) {
    if (body.size() >= 2 && body[0] == '#') {
        bool hex = body[1] == 'x' || body[1] == 'X';
        std::string_view digits = body.substr(hex ? 2 : 1);
        if (digits.empty() || digits.size() > 8) return 0;
        char32_t cp = 0;
        for (char c : digits) {
            int v = hex ? hex_value(c) : (c >= '0' && c <= '9' ? c - '0' : -1);
            if (v < 0) return 0;
            cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(v);
        }
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            issues.bad_char_ref = true;
            return 0xFFFD;
        }
        return cp;
    }
    if (body == "amp") return '&';
    if (body == "lt") return '<';
    if (body == "gt") return '>';
    if (body == "quot") return '"';
    if (body == "apos") return '\'';
    if (std::optional<char32_t> value = html4_entity(body)) {
        issues.html_entity = true;
        return *value;
    }
    return 0;
}

// Walks `raw`, handing decoded pieces to `emit_text(string_view)`. Shared by the
// appending and the in-place decoders.
template <typename Emit>
void decode(std::string_view raw, const DocumentEntities* entities, DecodeIssues& issues, Emit&& emit) {
    std::size_t i = 0;
    while (i < raw.size()) {
        std::size_t amp = raw.find('&', i);
        if (amp == std::string_view::npos) {
            emit(raw.substr(i));
            return;
        }
        emit(raw.substr(i, amp - i));
        std::size_t end = amp + 1;
        while (end < raw.size() && end - amp <= 32 && (is_name_char(raw[end]) || raw[end] == '#')) ++end;
        if (end < raw.size() && raw[end] == ';' && end > amp + 1) {
            std::string_view body = raw.substr(amp + 1, end - amp - 1);
            if (const std::string* value = entities ? entities->use(body) : nullptr) {
                emit(std::string_view(*value));
                i = end + 1;
                continue;
            }
            if (char32_t cp = predefined_or_html(body, issues)) {
                char buf[4];
                std::size_t n;
                if (cp < 0x80) {
                    buf[0] = static_cast<char>(cp), n = 1;
                } else if (cp < 0x800) {
                    buf[0] = static_cast<char>(0xC0 | (cp >> 6));
                    buf[1] = static_cast<char>(0x80 | (cp & 0x3F)), n = 2;
                } else if (cp < 0x10000) {
                    buf[0] = static_cast<char>(0xE0 | (cp >> 12));
                    buf[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                    buf[2] = static_cast<char>(0x80 | (cp & 0x3F)), n = 3;
                } else {
                    buf[0] = static_cast<char>(0xF0 | (cp >> 18));
                    buf[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
                    buf[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                    buf[3] = static_cast<char>(0x80 | (cp & 0x3F)), n = 4;
                }
                emit(std::string_view(buf, n));
                i = end + 1;
                continue;
            }
            issues.undefined_entity = true;  // keep "&name;" as written
        } else {
            issues.bare_ampersand = true;  // keep the '&'
        }
        emit(raw.substr(amp, 1));
        i = amp + 1;
    }
}

}  // namespace

void append_utf8(char32_t cp, std::string& out) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

void append_decoded(std::string_view raw, const DocumentEntities* entities, std::string& out,
                    DecodeIssues& issues) {
    if (entities && entities->empty()) entities = nullptr;
    decode(raw, entities, issues, [&](std::string_view piece) { out.append(piece); });
}

std::size_t decode_in_place(char* raw, std::size_t size, DecodeIssues& issues) {
    char* write = raw;
    decode(std::string_view(raw, size), nullptr, issues, [&](std::string_view piece) {
        // Pieces never outrun the reading position; until the first reference
        // they are already in place.
        if (piece.data() != write) std::memmove(write, piece.data(), piece.size());
        write += piece.size();
    });
    return static_cast<std::size_t>(write - raw);
}

const std::string* DocumentEntities::use(std::string_view name) const {
    if (values_.empty()) return nullptr;
    auto it = values_.find(std::string(name));
    if (it == values_.end()) return nullptr;
    if (it->second.size() > use_budget_) {
        truncated_ = true;
        return nullptr;
    }
    use_budget_ -= it->second.size();
    return &it->second;
}

void DocumentEntities::read_doctype(std::string_view doctype) {
    // Declarations look like <!ENTITY name "value"> or <!ENTITY name 'value'>.
    // Parameter entities (<!ENTITY % ...>) are skipped; external ones
    // (SYSTEM / PUBLIC) are never loaded: nothing outside the document is read.
    std::unordered_map<std::string, std::string> raw_values;
    std::vector<std::string> order;
    std::size_t pos = 0;
    while ((pos = doctype.find("<!ENTITY", pos)) != std::string_view::npos) {
        pos += 8;
        while (pos < doctype.size() && is_space(doctype[pos])) ++pos;
        if (pos < doctype.size() && doctype[pos] == '%') continue;
        std::size_t name_start = pos;
        while (pos < doctype.size() && is_name_char(doctype[pos])) ++pos;
        std::string name(doctype.substr(name_start, pos - name_start));
        while (pos < doctype.size() && is_space(doctype[pos])) ++pos;
        if (name.empty() || pos >= doctype.size()) continue;
        if (doctype[pos] != '"' && doctype[pos] != '\'') {
            if (!raw_values.count(name)) external_.push_back(name);
            continue;
        }
        char quote = doctype[pos++];
        std::size_t close = doctype.find(quote, pos);
        if (close == std::string_view::npos) break;
        if (!raw_values.count(name)) {  // the first declaration wins, as in XML
            raw_values.emplace(name, std::string(doctype.substr(pos, close - pos)));
            order.push_back(name);
        }
        pos = close + 1;
    }

    // Expand references between entities, nesting and size bounded. An entity
    // whose expansion would pass the budget is left undeclared: its references
    // stay as written (the feed is flagged), rather than half expanded.
    std::size_t budget = kMaxEntityExpansion;
    std::vector<std::string> unexpandable;
    auto is_unexpandable = [&](const std::string& n) {
        return std::find(unexpandable.begin(), unexpandable.end(), n) != unexpandable.end();
    };
    for (const std::string& name : order) {
        std::string value = raw_values[name];
        bool too_big = false;
        for (int round = 0; round < kMaxEntityNesting && !too_big && value.find('&') != std::string::npos; ++round) {
            std::string next;
            bool changed = false;
            std::size_t i = 0;
            while (i < value.size()) {
                std::size_t amp = value.find('&', i);
                if (amp == std::string::npos) {
                    next.append(value, i, std::string::npos);
                    break;
                }
                next.append(value, i, amp - i);
                std::size_t semi = value.find(';', amp);
                std::string ref = semi == std::string::npos ? std::string() : value.substr(amp + 1, semi - amp - 1);
                if (is_unexpandable(ref)) {  // built from an entity that was too big
                    too_big = true;
                    break;
                }
                auto it = raw_values.find(ref);
                if (it == raw_values.end() || it->first == name) {
                    next += '&';
                    i = amp + 1;
                    continue;
                }
                if (it->second.size() > budget) {
                    too_big = true;
                    break;
                }
                budget -= it->second.size();
                next += it->second;
                changed = true;
                i = semi + 1;
            }
            value.swap(next);
            if (!changed) break;
        }
        if (too_big) {
            truncated_ = true;
            raw_values.erase(name);
            unexpandable.push_back(name);
            continue;
        }
        raw_values[name] = value;
        if (value.find('&') != std::string::npos) {
            // Predefined and character references inside the value decode now.
            std::string decoded;
            DecodeIssues ignored;
            decode(value, nullptr, ignored, [&](std::string_view piece) { decoded.append(piece); });
            value.swap(decoded);
        }
        values_[name] = std::move(value);
    }
    // External entities read as empty: declared, so the document is well-formed.
    for (const std::string& name : external_) values_.emplace(name, std::string());
}

}  // namespace clipfeed
