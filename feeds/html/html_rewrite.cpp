// The HTML rewriter reproduces what feedparser 6.0 does to embedded HTML:
// RelativeURIResolver (urls.py) and then _HTMLSanitizer (sanitizer.py), two
// re-serializations by sgmllib-based parsers. Here both happen in one pass:
// each token goes through the resolver's rules and then the sanitizer's,
// which is what the sanitizer would see when re-reading the resolver's
// output. Where the resolver gives up on an unfinished construct it copies
// the rest through untouched, so from there on only the sanitizer's rules
// apply (Stage::kSanitizerOnly).
#include "feeds/html/html_rewrite.hpp"

#include <cstring>

#include "feeds/html/html_canonical.hpp"
#include "feeds/html/html_preprocess.hpp"
#include "feeds/html/html_rules.hpp"
#include "feeds/html/html_style_sanitizer.hpp"
#include "feeds/html/html_text.hpp"
#include "feeds/html/html_tokenizer.hpp"
#include "feeds/html/html_uri.hpp"
#include "feeds/html/html_writer.hpp"

#include <algorithm>

namespace clipfeed {

namespace {

using namespace html;

constexpr std::string_view kSvgNamespace = "http://www.w3.org/2000/svg";
constexpr std::string_view kMathmlNamespace = "http://www.w3.org/1998/Math/MathML";
constexpr std::string_view kXlinkNamespace = "http://www.w3.org/1999/xlink";

// Character references to 128-159 name windows-1252 characters; feedparser
// rewrites them to the Unicode code point (0: left alone).
constexpr char32_t kWindows1252[32] = {
    0x20ac, 0,      0x201a, 0x192,  0x201e, 0x2026, 0x2020, 0x2021,
    0x2c6,  0x2030, 0x160,  0x2039, 0x152,  0,      0x17d,  0,
    0,      0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
    0x2dc,  0x2122, 0x161,  0x203a, 0x153,  0,      0x17e,  0x178,
};

enum class Stage {
    kResolveOnly,    // no sanitizing: the resolver's output is the result
    kBothPasses,     // resolver, then sanitizer, token by token
    kSanitizerOnly,  // the sanitizer alone (on the rest the resolver copied through, or on its output)
};

// Tokens the resolver writes nothing for.
bool drops_in_resolver(const Token& token) {
    return token.kind == TokenKind::kIgnored ||
           (token.kind == TokenKind::kEndTag && is_void_element(token.text));
}

bool has_attribute_value(const AttributeList& attributes, std::string_view name, std::string_view value) {
    return std::any_of(attributes.begin(), attributes.end(),
                       [&](const Attribute& a) { return a.name == name && a.value == value; });
}

// _BaseHTMLProcessor.normalize_attrs's first part: one attribute per name
// (the last wins), sorted by name.
void sort_and_drop_duplicates(AttributeList& attributes) {
    // Names are compared in loops: they are a few bytes, for which a call to
    // memcmp (string_view's comparisons) costs more than the comparison.
    const auto by_name = [](const Attribute& a, const Attribute& b) {
        const std::size_t common = std::min(a.name.size(), b.name.size());
        for (std::size_t i = 0; i < common; ++i) {
            if (a.name[i] != b.name[i])
                return static_cast<unsigned char>(a.name[i]) < static_cast<unsigned char>(b.name[i]);
        }
        return a.name.size() < b.name.size();
    };
    const auto same_name = [](const Attribute& a, const Attribute& b) {
        return a.name.size() == b.name.size() && has_at(a.name, 0, b.name);
    };
    if (!std::is_sorted(attributes.begin(), attributes.end(), by_name)) {
        if (attributes.size() <= 16) {
            // A tag's few attributes: a stable insertion sort, which (unlike
            // std::stable_sort) allocates no buffer.
            for (Attribute* next = attributes.begin() + 1; next != attributes.end(); ++next) {
                const Attribute moving = *next;
                Attribute* to = next;
                for (; to != attributes.begin() && by_name(moving, *(to - 1)); --to) *to = *(to - 1);
                *to = moving;
            }
        } else {
            std::stable_sort(attributes.begin(), attributes.end(), by_name);
        }
    }
    std::size_t kept = 0;
    for (std::size_t i = 0; i < attributes.size(); ++i) {
        if (i + 1 < attributes.size() && same_name(attributes[i + 1], attributes[i])) continue;
        attributes[kept++] = attributes[i];
    }
    attributes.truncate(kept);
}

// python_strip() and "\r\n" -> "\n" on text[0, size), in place; the result
// is a view of `text`.
std::string_view strip_and_drop_crlf(char* text, std::size_t size) {
    const std::string_view stripped = python_strip(std::string_view(text, size));
    char* const begin = const_cast<char*>(stripped.data());
    const std::size_t length = stripped.size();
    std::size_t crlf = stripped.find("\r\n");
    if (crlf == std::string_view::npos) return stripped;
    // Each "\r\n" loses its '\r': the text between them moves down.
    std::size_t written = crlf;
    std::size_t read = crlf + 1;
    while (read < length) {
        std::size_t next = std::string_view(begin, length).find("\r\n", read);
        if (next == std::string_view::npos) next = length;
        std::memmove(begin + written, begin + read, next - read);
        written += next - read;
        read = next + 1;
    }
    return {begin, written};
}

class Rewriter {
public:
    Rewriter(std::string_view html, const HtmlRewriteOptions& options, Stage stage, std::string& buffer,
             UriResolver& resolver)
        : html_(html), xhtml_(options.xhtml), stage_(stage), writer_(html, buffer), tokenizer_(options.xhtml),
          resolver_(resolver) {
        resolver_.set_base(options.base_url);
    }

    // The result is a view of html or of the buffer.
    std::optional<std::string_view> run();
    // In Stage::kBothPasses: met markup whose re-reading by the sanitizer
    // this pass does not follow; the result is then not to be used.
    bool gave_up() const { return gave_up_; }

private:
    bool sanitizing() const { return stage_ != Stage::kResolveOnly; }
    bool resolving() const { return stage_ != Stage::kSanitizerOnly; }

    void text(std::string_view data);
    void character_reference(std::string_view reference);
    void entity_reference(std::string_view name);
    void start_tag(std::string_view tag, AttributeList& attributes, bool closes_itself);
    void end_tag(std::string_view tag);
    void comment(std::string_view text);
    void processing_instruction(std::string_view text);
    void doctype(std::string_view text);
    // Returns true when tokenizing goes on (in the sanitizer-only stage).
    bool incomplete(std::size_t pos);

    void normalize(AttributeList& attributes);
    void lower_rel_and_type(AttributeList& attributes);
    void resolve_uris(std::string_view tag, AttributeList& attributes);
    void sanitize_start_tag(std::string_view tag, AttributeList& attributes);
    void sanitize_end_tag(std::string_view tag);
    std::string_view sanitizer_rewrites(std::string_view text, std::string_view follows);

    std::string_view html_;
    bool xhtml_;
    Stage stage_;
    HtmlWriter writer_;
    Tokenizer tokenizer_;
    UriResolver& resolver_;
    StringArena arena_;             // strings of the current tag
    std::string rewritten_;         // the input after feed()'s rewrites, when they change it
    std::string cdata_escaped_;     // the input with "<![CDATA[" escaped (Stage::kSanitizerOnly)
    std::string rest_;              // the rest after the resolver gave up, after the sanitizer's rewrites
    AttributeList clean_;           // the sanitizer's output attributes
    std::string resolved_link_;     // UriResolver's output
    int sanitizer_bang_budget_ = 2;  // the sanitizer's own two "<!" escapes (see html_preprocess.hpp)
    int dropped_depth_ = 0;          // inside script/applet/style; may go negative, as in feedparser
    int mathml_depth_ = 0;
    int svg_depth_ = 0;
    bool gave_up_ = false;
};

std::optional<std::string_view> Rewriter::run() {
    std::string_view source = html_;
    if (stage_ == Stage::kSanitizerOnly && has_cdata_open(source)) {
        cdata_escaped_ = escape_cdata_opens(source);
        source = cdata_escaped_;
    }
    int bang_budget = 2;
    if (needs_feed_rewrites(source, bang_budget)) {
        rewritten_ = apply_feed_rewrites(source, bang_budget);
        source = rewritten_;
        // Expanding "<p//>" gives "<p/></p/>", which the sanitizer would
        // expand again: rare enough to leave to the two separate passes.
        if (stage_ == Stage::kBothPasses && needs_feed_rewrites(source, 0)) {
            gave_up_ = true;
            return std::nullopt;
        }
    }
    tokenizer_.reset(source, stage_ == Stage::kSanitizerOnly ? CommentRule::kSanitizer : CommentRule::kBase);
    bool going = true;
    bool after_partial_markup = false;  // the last token was a '<' or '&' that started nothing
    while (going && !gave_up_) {
        arena_.clear();
        const Token& token = tokenizer_.next();
        if (stage_ == Stage::kBothPasses && after_partial_markup && drops_in_resolver(token)) {
            // The resolver writes nothing here, joining that '<' or '&' to
            // what follows ("&<![if x]>amp;" becomes "&amp;"): the
            // sanitizer would read something else than this pass saw.
            gave_up_ = true;
            break;
        }
        after_partial_markup = token.kind == TokenKind::kText && !token.text.empty() &&
                               (token.text[0] == '&' || token.text[0] == '<');
        switch (token.kind) {
            case TokenKind::kEnd: going = false; break;
            case TokenKind::kText: text(token.text); break;
            case TokenKind::kCharRef: character_reference(token.text); break;
            case TokenKind::kEntityRef: entity_reference(token.text); break;
            case TokenKind::kStartTag:
                start_tag(token.text, tokenizer_.attributes(), token.closes_itself);
                break;
            case TokenKind::kShortTag: {
                // The resolver writes "<name>data</name>"; the sanitizer would
                // tokenize markup inside the data.
                static constexpr ByteSet kMarkupStart("<&");
                const bool markup_inside = kMarkupStart.contains_any_of(token.data);
                if (stage_ == Stage::kBothPasses && markup_inside) {
                    gave_up_ = true;
                    break;
                }
                AttributeList none;
                start_tag(token.text, none, false);
                text(token.data);
                end_tag(token.text);
                break;
            }
            case TokenKind::kEndTag: end_tag(token.text); break;
            case TokenKind::kComment: comment(token.text); break;
            case TokenKind::kProcessingInstruction: processing_instruction(token.text); break;
            case TokenKind::kDoctype: doctype(token.text); break;
            case TokenKind::kIgnored: break;
            case TokenKind::kIncomplete: going = incomplete(token.begin); break;
        }
    }

    if (!sanitizing()) {
        if (writer_.same_as_input()) return std::nullopt;
        return writer_.output();
    }
    // _sanitize_html() strips the result and turns CRLF into LF.
    if (writer_.same_as_input() && python_strip(html_).size() == html_.size() &&
        html_.find("\r\n") == std::string_view::npos)
        return std::nullopt;
    return strip_and_drop_crlf(writer_.output_in_buffer(), writer_.output_size());
}

void Rewriter::text(std::string_view data) {
    if (sanitizing() && dropped_depth_ != 0) return;
    writer_.append(data);
}

void Rewriter::character_reference(std::string_view reference) {
    // Decimal or hexadecimal; the number saturates (only 128-159 matter).
    const bool hex = reference[0] == 'x' || reference[0] == 'X';
    unsigned long value = 0;
    for (std::size_t i = hex ? 1 : 0; i < reference.size() && value < 0x110000; ++i) {
        const char c = reference[i];
        const unsigned digit = is_ascii_digit(c) ? static_cast<unsigned>(c - '0')
                                                 : static_cast<unsigned>((c | 0x20) - 'a' + 10);
        value = value * (hex ? 16 : 10) + digit;
    }
    char buffer[16];
    std::size_t length = 0;
    if (value >= 128 && value < 160 && kWindows1252[value - 128] != 0) {
        for (char32_t cp = kWindows1252[value - 128]; cp != 0; cp >>= 4)
            buffer[length++] = "0123456789abcdef"[cp & 0xf];
        buffer[length++] = 'x';
        std::reverse(buffer, buffer + length);
        reference = std::string_view(buffer, length);
    } else if (has_ascii_upper(reference)) {
        // Written in lower case ("&#X4A;" -> "&#x4a;").
        reference = arena_.keep(python_lower(reference));
    }
    writer_.append("&#");
    writer_.append(reference);
    writer_.append(';');
}

void Rewriter::entity_reference(std::string_view name) {
    if (is_html4_entity_name(name)) {
        writer_.append('&');
        writer_.append(name);
        writer_.append(';');
        return;
    }
    // Unknown names are escaped ("&amp;name", the ';' dropped). Re-read by
    // the sanitizer, "name" is then text like any other.
    writer_.append("&amp;");
    if (stage_ == Stage::kBothPasses) text(name);
    else writer_.append(name);
}

void Rewriter::start_tag(std::string_view tag, AttributeList& attributes, bool closes_itself) {
    if (resolving()) {
        normalize(attributes);
        resolve_uris(tag, attributes);
    }
    if (!sanitizing()) {
        writer_.start_tag(tag, attributes, AttributeValues::kRaw);
        if (closes_itself) writer_.end_tag(tag);
        return;
    }
    if (stage_ == Stage::kBothPasses) {
        // The sanitizer reads the values as the resolver wrote them: escaped.
        for (Attribute& attribute : attributes)
            if (needs_attribute_escaping(attribute.value))
                attribute.value = arena_.keep(escape_attribute(attribute.value));
    }
    sanitize_start_tag(tag, attributes);
    if (closes_itself) sanitize_end_tag(tag);
}

void Rewriter::end_tag(std::string_view tag) {
    if (sanitizing()) sanitize_end_tag(tag);
    else writer_.end_tag(tag);
}

void Rewriter::comment(std::string_view text) {
    // The sanitizer re-reads the comment the resolver kept, after its own rewrites.
    if (stage_ == Stage::kBothPasses) text = sanitizer_rewrites(text, "-->");
    writer_.append("<!--");
    writer_.append(text);
    writer_.append("-->");
}

void Rewriter::processing_instruction(std::string_view text) {
    if (stage_ == Stage::kResolveOnly) {
        writer_.append("<?");
        writer_.append(text);
        writer_.append('>');
    } else if (stage_ == Stage::kBothPasses) {
        sanitizer_rewrites(text, ">");  // dropped, but its "<!" escapes count
    }
}

void Rewriter::doctype(std::string_view text) {
    if (stage_ == Stage::kResolveOnly) {
        writer_.append("<!");
        writer_.append(text);
        writer_.append('>');
        return;
    }
    if (stage_ != Stage::kBothPasses) return;
    // The sanitizer drops the declaration the resolver kept, unless its own
    // "<!" escaping turns it into text ("<!doctype" is not exempt from it).
    const bool escaped = sanitizer_bang_budget_ > 0 && text.substr(0, 7) != "DOCTYPE" &&
                         text.substr(0, 2) != "--" && text.substr(0, 1) != "[";
    if (escaped) {
        gave_up_ = true;  // the sanitizer would read the declaration as text and markup
        return;
    }
    sanitizer_rewrites(text, ">");
}

bool Rewriter::incomplete(std::size_t pos) {
    const std::string_view rest = tokenizer_.text().substr(pos);
    if (stage_ == Stage::kBothPasses) {
        // The resolver copies the rest as it is; the sanitizer then reads it.
        stage_ = Stage::kSanitizerOnly;
        std::string_view source = rest;
        if (has_cdata_open(source)) {
            cdata_escaped_ = escape_cdata_opens(source);
            source = cdata_escaped_;
        }
        if (needs_feed_rewrites(source, sanitizer_bang_budget_)) {
            rest_ = apply_feed_rewrites(source, sanitizer_bang_budget_);
            source = rest_;
        }
        tokenizer_.reset(source, CommentRule::kSanitizer);
        return true;
    }
    text(rest);
    return false;
}

// The sanitizer's own rewrites (html_preprocess.hpp) of `text`, a piece of
// the resolver's output that the sanitizer reads as text, followed there by
// `follows`: "<![CDATA[" escaped, and "<!" escaped while its budget lasts.
std::string_view Rewriter::sanitizer_rewrites(std::string_view text, std::string_view follows) {
    constexpr std::string_view kCdataOpen = "<![CDATA[";
    std::string out;
    std::size_t copied = 0;
    for (std::size_t pos = text.find('<'); pos != std::string_view::npos; pos = text.find('<', pos + 1)) {
        if (has_at(text, pos, kCdataOpen)) {
            out.append(text.substr(copied, pos - copied));
            out += "&lt;![CDATA[";
            copied = pos + kCdataOpen.size();
            continue;
        }
        if (sanitizer_bang_budget_ == 0 || !has_at(text, pos, "<!")) continue;
        // The lookahead after "<!" may run on into `follows`.
        std::string_view after = text.substr(pos + 2);
        char lookahead[8] = {};
        std::size_t length = 0;
        for (; length < 7 && length < after.size(); ++length) lookahead[length] = after[length];
        for (std::size_t i = 0; length < 7 && i < follows.size(); ++i) lookahead[length++] = follows[i];
        const std::string_view next(lookahead, length);
        if (next.substr(0, 7) == "DOCTYPE" || next.substr(0, 2) == "--" || next.substr(0, 1) == "[") continue;
        out.append(text.substr(copied, pos - copied));
        out += "&lt;!";
        copied = pos + 2;
        --sanitizer_bang_budget_;
    }
    if (copied == 0) return text;
    out.append(text.substr(copied));
    return arena_.keep(std::move(out));
}

// _BaseHTMLProcessor.normalize_attrs: one attribute per name (the last
// wins), sorted by name, rel and type values in lower case.
void Rewriter::normalize(AttributeList& attributes) {
    sort_and_drop_duplicates(attributes);
    lower_rel_and_type(attributes);
}

void Rewriter::lower_rel_and_type(AttributeList& attributes) {
    for (Attribute& attribute : attributes) {
        if ((attribute.name == "rel" || attribute.name == "type") && !is_python_lower(attribute.value))
            attribute.value = arena_.keep(python_lower(attribute.value));
    }
}

void Rewriter::resolve_uris(std::string_view tag, AttributeList& attributes) {
    for (Attribute& attribute : attributes) {
        if (!is_relative_uri_attribute(tag, attribute.name)) continue;
        // keep() swaps the buffer into the arena (and an old one back), so
        // neither a link kept as written nor a resolved one allocates.
        if (resolver_.resolve(attribute.value, resolved_link_))
            attribute.value = arena_.keep(std::move(resolved_link_));
    }
}

void Rewriter::sanitize_start_tag(std::string_view tag, AttributeList& attributes) {
    bool sorted_and_unique = stage_ == Stage::kBothPasses;
    bool (*acceptable)(std::string_view) = is_acceptable_attribute;
    bool svg_names = false;
    std::string_view written_tag = tag;
    if (!is_acceptable_element(tag) || svg_depth_ > 0) {
        if (is_dropped_with_content(tag)) ++dropped_depth_;
        if (!xhtml_ && (tag == "svg" || tag == "math")) {
            // HTML5 inline svg/math get their namespace implied.
            std::string_view xmlns;
            for (const Attribute& attribute : attributes)
                if (attribute.name == "xmlns") xmlns = attribute.value;
            if (xmlns.empty()) {
                attributes.push_back("xmlns", tag == "svg" ? kSvgNamespace : kMathmlNamespace);
                sorted_and_unique = false;
            }
        }
        if (tag == "math" && has_attribute_value(attributes, "xmlns", kMathmlNamespace)) ++mathml_depth_;
        if (tag == "svg" && has_attribute_value(attributes, "xmlns", kSvgNamespace)) ++svg_depth_;
        if (mathml_depth_ > 0 && is_mathml_element(tag)) {
            acceptable = is_mathml_attribute;
        } else if (svg_depth_ > 0 && is_svg_element(tag)) {
            acceptable = is_svg_attribute;
            svg_names = true;
            written_tag = svg_spelling(tag);
        } else if (!is_acceptable_element(tag)) {
            return;
        }
    }
    if (mathml_depth_ > 0 || svg_depth_ > 0) {
        const bool uses_xlink = std::any_of(attributes.begin(), attributes.end(), [](const Attribute& a) {
            return a.name.substr(0, 6) == "xlink:";
        });
        if (uses_xlink && !has_attribute_value(attributes, "xmlns:xlink", kXlinkNamespace)) {
            attributes.push_back("xmlns:xlink", kXlinkNamespace);
            sorted_and_unique = false;
        }
    }
    // The sanitizer's own normalize_attrs; the resolver's left the names
    // sorted and unique, unless an attribute was added since.
    if (!sorted_and_unique) sort_and_drop_duplicates(attributes);
    lower_rel_and_type(attributes);

    clean_.clear();
    for (const Attribute& attribute : attributes) {
        if (attribute.name == "style" && acceptable("style")) {
            thread_local std::string clean_style;  // reused: a style kept as it is costs no allocation
            sanitize_style(attribute.value, svg_depth_ > 0, clean_style);
            if (clean_style.empty()) continue;
            const bool same = clean_style == attribute.value;
            clean_.push_back(attribute.name, same ? attribute.value : arena_.keep(clean_style));
        } else if (acceptable(attribute.name)) {
            const std::string_view name = svg_names ? svg_spelling(attribute.name) : attribute.name;
            // Links with a scheme outside the list (javascript:, data:, ...) are emptied.
            const bool unsafe_link = name == "href" && !is_safe_link(attribute.value);
            clean_.push_back(name, unsafe_link ? std::string_view() : attribute.value);
        }
    }
    // After both passes the values are the resolver's escaped ones (or
    // parts of them, or constants), which escaping would leave as they are.
    writer_.start_tag(written_tag, clean_,
                      stage_ == Stage::kBothPasses ? AttributeValues::kEscaped : AttributeValues::kRaw);
}

void Rewriter::sanitize_end_tag(std::string_view tag) {
    std::string_view written_tag = tag;
    if (!is_acceptable_element(tag)) {
        if (is_dropped_with_content(tag)) --dropped_depth_;
        if (mathml_depth_ > 0 && is_mathml_element(tag)) {
            if (tag == "math") --mathml_depth_;
        } else if (svg_depth_ > 0 && is_svg_element(tag)) {
            written_tag = svg_spelling(tag);
            if (tag == "svg") --svg_depth_;
        } else {
            return;
        }
    }
    writer_.end_tag(written_tag);
}

}  // namespace

HtmlRewriteWorkspace::HtmlRewriteWorkspace() : resolver_(std::make_unique<UriResolver>()) {}
HtmlRewriteWorkspace::~HtmlRewriteWorkspace() = default;

std::optional<std::string_view> rewrite_html(std::string_view html, const HtmlRewriteOptions& options,
                                             HtmlRewriteWorkspace& workspace) {
    if (options.sanitize && !options.xhtml) {
        workspace.resolver_->set_base(options.base_url);
        switch (html::rewrite_canonical_html(html, *workspace.resolver_, workspace.link_, workspace.buffer_)) {
            case html::CanonicalRewrite::kUnchanged: return std::nullopt;
            case html::CanonicalRewrite::kRewritten: return std::string_view(workspace.buffer_);
            case html::CanonicalRewrite::kNotCanonical: break;
        }
    }
    return rewrite_html_in_full(html, options, workspace);
}

std::optional<std::string_view> rewrite_html_in_full(std::string_view html, const HtmlRewriteOptions& options,
                                                     HtmlRewriteWorkspace& workspace) {
    if (!options.sanitize && options.base_url.empty()) return std::nullopt;
    std::string& buffer = workspace.buffer_;
    UriResolver& resolver = *workspace.resolver_;
    if (!options.sanitize) return Rewriter(html, options, Stage::kResolveOnly, buffer, resolver).run();

    Rewriter both(html, options, Stage::kBothPasses, buffer, resolver);
    std::optional<std::string_view> result = both.run();
    if (!both.gave_up()) return result;

    // Rare markup the combined pass does not follow: feedparser's two
    // passes, one after the other.
    std::string resolved_buffer;
    std::optional<std::string_view> resolved =
        Rewriter(html, options, Stage::kResolveOnly, resolved_buffer, resolver).run();
    const std::string_view resolved_text = resolved ? *resolved : html;
    std::optional<std::string_view> sanitized =
        Rewriter(resolved_text, options, Stage::kSanitizerOnly, buffer, resolver).run();
    if (!sanitized && resolved) {
        buffer.assign(resolved->data(), resolved->size());  // resolved_buffer ends here
        sanitized = std::string_view(buffer);
    }
    if (sanitized && *sanitized == html) return std::nullopt;
    return sanitized;
}

std::optional<std::string> rewrite_html(std::string_view html, const HtmlRewriteOptions& options) {
    HtmlRewriteWorkspace workspace;
    std::optional<std::string_view> rewritten = rewrite_html(html, options, workspace);
    if (!rewritten) return std::nullopt;
    return std::string(*rewritten);
}

}  // namespace clipfeed
