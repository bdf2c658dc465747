// Clipping extraction (spec/clipping.md): reads the content into paragraphs
// (HTML, Markdown or plain text), splits them into segments, classifies each
// segment's paragraphs in order, and assembles the fields of each clipping.
#include "plugin/clipping/clipping.hpp"
#include "feeds/text/ascii.hpp"

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "feeds/text/urls.hpp"
#include "plugin/clipping/clipping_rules.hpp"
#include "plugin/clipping/html_paragraphs.hpp"
#include "plugin/clipping/markdown_paragraphs.hpp"
#include "plugin/clipping/paragraphs.hpp"
#include "plugin/clipping/text_paragraphs.hpp"

namespace clipfeed {

namespace {

// Content larger than this gets working memory of its own, so that a thread
// does not keep a huge buffer for the rest of its life.
constexpr std::size_t kLargeContent = 1 << 20;

struct FoundQuote {
    std::string_view text;
    std::optional<std::string_view> label;
};

// What the paragraphs said; views into the Paragraphs' text.
struct Findings {
    std::vector<FoundQuote> quotes;
    std::vector<std::string_view> summary;
    std::vector<std::string_view> tags;  // duplicates included
    bool has_tag_line = false;
    std::optional<std::string_view> source;
    std::optional<std::string_view> source_link;
    bool has_read_time = false;
    std::optional<int> read_time_minutes;
    bool quote_after_body = false;  // (when asked for) a quote came after the body was over

    // Empties the lists but keeps their memory.
    void clear() {
        quotes.clear();
        summary.clear();
        tags.clear();
        has_tag_line = false;
        source.reset();
        source_link.reset();
        has_read_time = false;
        read_time_minutes.reset();
        quote_after_body = false;
    }

    bool is_clipping() const { return !quotes.empty() && (has_tag_line || source || has_read_time); }
};

// The working memory of one extraction. One per thread is reused from call to
// call, so the items of a feed cost no allocations beyond their results'.
struct Workspace {
    Paragraphs paragraphs;
    Findings findings;
    std::string joined;
    std::vector<std::size_t> tag_order;
    std::vector<bool> tag_repeated;

    void clear() {
        paragraphs.clear();
        findings.clear();
    }
};

// Whether `s` holds `lowercase` at `pos`, in any ASCII case.
bool matches_at(std::string_view s, std::size_t pos, std::string_view lowercase) {
    return ascii_starts_with_lowercase(s.substr(pos), lowercase);
}

// --- The early exit --------------------------------------------------------
// A clipping needs a quote and one of a tag line, a read-at line and a
// read-time line. These two scans look for the characters those cannot do
// without, and let most content that is not a clipping go without being read
// into paragraphs. (A letter written as a numeric character reference brings
// a '#', so it cannot hide a "read" from the second scan.)

// Whether `content` holds `lowercase_needle` (in any ASCII case) where byte `first` occurs.
bool holds_at_byte(std::string_view content, char first, std::string_view lowercase_needle) {
    for (std::size_t at = content.find(first); at != std::string_view::npos; at = content.find(first, at + 1))
        if (matches_at(content, at, lowercase_needle)) return true;
    return false;
}

// A quote mark (" “ „ «), a Markdown quote block, or in HTML a reference that
// may be one, or a blockquote.
// (Each search is a memchr, much faster than one loop that looks at every byte.)
bool may_hold_quote(std::string_view content, ContentKind kind) {
    if (content.find('"') != std::string_view::npos) return true;
    if (holds_at_byte(content, '\xE2', "\u201C") || holds_at_byte(content, '\xE2', "\u201E") ||
        holds_at_byte(content, '\xC2', "\u00AB"))
        return true;
    // A Markdown quote block needs no quote mark.
    if (kind != ContentKind::html && has_markdown_quote_line(content)) return true;
    if (kind == ContentKind::text) return false;
    static constexpr std::string_view kReferences[] = {"&#", "&quot", "&ldquo", "&bdquo", "&laquo"};
    for (std::string_view reference : kReferences)
        if (holds_at_byte(content, '&', reference)) return true;
    return holds_at_byte(content, '<', "<blockquote");
}

// The words may_hold_footer_or_tags looks for, and how many of their first
// letters footer_words_may_start_in compares.
constexpr std::string_view kFooterWords[] = {"read", "source", "tags", "topics"};
constexpr std::size_t kComparedLetters = 4;

bool footer_word_at(std::string_view content, std::size_t pos) {
    for (std::string_view word : kFooterWords)
        if (matches_at(content, pos, word)) return true;
    return false;
}

// How many positions footer_words_may_start_in looks at in one go.
constexpr std::size_t kWordBlock = 64;

// Whether a footer word may start at one of the kWordBlock positions from `p`,
// going by its first four letters in any ASCII case (so the bytes up to
// p[kWordBlock + 2] are read). Written with & and | and no early exit so that
// the compiler compares 16 positions per instruction (gcc -O2 does): content
// that is not a clipping is mostly let go after this scan, which, one byte at
// a time, was no faster than reading a clipping in full.
bool footer_words_may_start_in(const unsigned char* p) {
    unsigned char found = 0;
    for (std::size_t i = 0; i < kWordBlock; ++i) {
        // `| 0x20` lower-cases an ASCII letter and makes no other byte a lower-case letter.
        unsigned char a = p[i] | 0x20, b = p[i + 1] | 0x20, c = p[i + 2] | 0x20, d = p[i + 3] | 0x20;
        found |= (a == 'r') & (b == 'e') & (c == 'a') & (d == 'd');
        found |= (a == 's') & (b == 'o') & (c == 'u') & (d == 'r');
        found |= (a == 't') & (b == 'a') & (c == 'g') & (d == 's');
        found |= (a == 't') & (b == 'o') & (c == 'p') & (d == 'i');
    }
    return found != 0;
}

// A '#' (hashtags), "read" (every read-at and read-time form but one),
// "source", "tags" or "topics".
bool may_hold_footer_or_tags(std::string_view content) {
    if (content.find('#') != std::string_view::npos) return true;
    constexpr std::size_t kBlockReads = kWordBlock + kComparedLetters - 1;  // bytes one block looks at
    if (content.size() < kBlockReads) {
        for (std::size_t pos = 0; pos < content.size(); ++pos)
            if (footer_word_at(content, pos)) return true;
        return false;
    }
    const auto* bytes = reinterpret_cast<const unsigned char*>(content.data());
    // The last block's last position is the last one a word fits at.
    const std::size_t last_block = content.size() - kBlockReads;
    for (std::size_t pos = 0;; pos = std::min(pos + kWordBlock, last_block)) {
        if (footer_words_may_start_in(bytes + pos)) {
            for (std::size_t i = pos; i < pos + kWordBlock; ++i)
                if (footer_word_at(content, i)) return true;
        }
        if (pos == last_block) return false;
    }
}

// --- Classification ----------------------------------------------------------

void add_quote(std::string_view text, Findings& found) {
    found.quotes.push_back(FoundQuote{text, clipping_rules::quote_label(text)});
}

// Whether paragraph i, not furniture, would be classified as a quote: a
// blockquote or a quoted paragraph that is not a tag line.
bool starts_quote(const Paragraphs& paragraphs, std::size_t i) {
    std::string_view paragraph = paragraphs.text(i);
    if (!paragraphs.is_blockquote(i) && !clipping_rules::unquote(paragraph)) return false;
    std::vector<std::string_view> tags;  // rare: only for a quote after a footer
    return !clipping_rules::read_tag_line(paragraph, tags);
}

// How classify treats a quote that comes after the body is over.
enum class AfterBody {
    furniture,         // version 1: like everything else there
    note_quote,        // version 1, and Findings::quote_after_body says whether one came
    ends_segment,      // a collection's segment (spec version 2): it starts the next one
};

// Spec rule 3: each paragraph of [begin, end), in order, is a read-at line, a
// read-time line, furniture, a tag line, a quote or summary. Returns where the
// next segment starts: `end`, or with AfterBody::ends_segment the index of a
// quote that came after the body was over.
std::size_t classify(const Paragraphs& paragraphs, std::size_t begin, std::size_t end, AfterBody after_body,
                     Findings& found) {
    bool body_is_over = false;  // a footer line came after a quote: the rest is furniture
    for (std::size_t i = begin; i < end; ++i) {
        std::string_view paragraph = paragraphs.text(i);
        if (auto source = clipping_rules::read_at_source(paragraph)) {
            if (!found.source) {
                found.source = source;
                found.source_link = paragraphs.link(i);
            }
            if (!found.quotes.empty()) body_is_over = true;
            continue;
        }
        if (auto read_time = clipping_rules::read_time(paragraph)) {
            if (!found.has_read_time) {
                found.has_read_time = true;
                found.read_time_minutes = read_time->minutes;
            }
            if (!found.quotes.empty()) body_is_over = true;
            continue;
        }
        if (clipping_rules::is_furniture(paragraph)) continue;
        if (body_is_over) {
            if (after_body == AfterBody::furniture || found.quote_after_body || !starts_quote(paragraphs, i))
                continue;
            if (after_body == AfterBody::ends_segment) return i;
            found.quote_after_body = true;
            continue;
        }
        if (clipping_rules::read_tag_line(paragraph, found.tags)) {
            found.has_tag_line = true;
            continue;
        }
        if (paragraphs.is_blockquote(i)) {
            add_quote(clipping_rules::unquote(paragraph).value_or(paragraph), found);
            continue;
        }
        if (auto quoted = clipping_rules::unquote(paragraph)) {
            add_quote(*quoted, found);
            continue;
        }
        found.summary.push_back(paragraph);
    }
    return end;
}

// --- The result --------------------------------------------------------------

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\n\f") == std::string_view::npos; }

// Sets repeated[i] when tags[i] is one of the tags before it. The positions
// sorted by tag, then position, put each tag's first place first among its
// equals: n log n, where comparing each tag with all before it took time that
// grew with the square of the length of a tag line.
void mark_repeated_tags(const std::vector<std::string_view>& tags, std::vector<std::size_t>& order,
                        std::vector<bool>& repeated) {
    order.resize(tags.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&tags](std::size_t a, std::size_t b) {
        return tags[a] != tags[b] ? tags[a] < tags[b] : a < b;
    });
    repeated.assign(tags.size(), false);
    for (std::size_t k = 1; k < order.size(); ++k)
        if (tags[order[k]] == tags[order[k - 1]]) repeated[order[k]] = true;
}

// `links`: whether the content has links (HTML, Markdown), so the read-at
// line's link gives source_url.
Clipping store_clipping(const Findings& found, bool links, std::string_view base_url, Workspace& work,
                        Arena& arena) {
    Clipping clipping;
    clipping.quotes.reserve(found.quotes.size());
    for (const FoundQuote& quote : found.quotes) {
        Text label;
        if (quote.label) label = arena.store(*quote.label);
        clipping.quotes.push_back(Quote{arena.store(quote.text), label});
    }

    if (found.summary.size() == 1) {
        clipping.summary = arena.store(found.summary.front());  // nothing to join: no copy in between
    } else if (!found.summary.empty()) {
        std::string& joined = work.joined;
        joined.clear();
        for (std::string_view paragraph : found.summary) {
            if (!joined.empty()) joined += "\n\n";
            joined += paragraph;
        }
        clipping.summary = arena.store(joined);
    }

    mark_repeated_tags(found.tags, work.tag_order, work.tag_repeated);
    clipping.tags.reserve(found.tags.size());
    for (std::size_t i = 0; i < found.tags.size(); ++i)
        if (!work.tag_repeated[i]) clipping.tags.push_back(arena.store(found.tags[i]));

    if (found.source) clipping.source = arena.store(*found.source);
    if (links && found.source_link && !is_blank(*found.source_link))
        clipping.source_url = arena.store(resolve_url(base_url, *found.source_link));
    clipping.read_time_minutes = found.read_time_minutes;
    return clipping;
}

// Reads `content` and hands each clipping found, in order, to `take`: only the
// first unless `all`.
template <typename Take>
void read_clippings(std::string_view content, ContentKind kind, std::string_view base_url, Arena& arena, bool all,
                    Take&& take) {
    // The cheaper test first: it is a few memchr calls.
    if (!may_hold_quote(content, kind) || !may_hold_footer_or_tags(content)) return;
    const bool html = kind == ContentKind::html || (kind == ContentKind::detect && looks_like_html(content));
    const bool markdown = !html && looks_like_markdown(content);

    thread_local Workspace reused;
    Workspace own;
    Workspace& work = content.size() > kLargeContent ? own : reused;
    work.clear();

    if (html)
        read_html_paragraphs(content, work.paragraphs);
    else if (markdown)
        read_markdown_paragraphs(content, work.paragraphs);
    else
        read_text_paragraphs(content, work.paragraphs);
    work.paragraphs.normalize();

    // The first clipping is version 1's answer: the whole document read as
    // one, so that every version-1 clipping stays exactly what it was (its
    // later footer lines still count, a separator does not cut it short).
    const Paragraphs& paragraphs = work.paragraphs;
    const bool links = html || markdown;
    work.findings.clear();
    classify(paragraphs, 0, paragraphs.size(), all ? AfterBody::note_quote : AfterBody::furniture, work.findings);
    // Without it there is no other: a segment's quote and its tag or footer
    // line would have made the whole document a clipping too.
    if (!work.findings.is_clipping()) return;
    take(store_clipping(work.findings, links, base_url, work, arena));
    // Nothing can start another: no separator, and no quote after the body.
    if (!all || (paragraphs.separators().empty() && !work.findings.quote_after_body)) return;

    // The others: one segment after another, split at separators and where
    // quotes begin again after a footer (spec version 2, "Collections"), after
    // the segment that holds the first.
    const std::vector<std::size_t>& separators = paragraphs.separators();
    std::size_t next_separator = 0;
    bool first_segment_seen = false;
    for (std::size_t begin = 0; begin < paragraphs.size();) {
        while (next_separator < separators.size() && separators[next_separator] <= begin) ++next_separator;
        const std::size_t end = next_separator < separators.size() ? separators[next_separator] : paragraphs.size();
        work.findings.clear();
        const std::size_t next = classify(paragraphs, begin, end, AfterBody::ends_segment, work.findings);
        begin = next;
        if (!work.findings.is_clipping()) continue;
        const bool is_first = !first_segment_seen;
        first_segment_seen = true;
        if (is_first) continue;  // taken above, as version 1 reads it
        take(store_clipping(work.findings, links, base_url, work, arena));
    }
}

}  // namespace

std::optional<Clipping> extract_clipping(std::string_view content, ContentKind kind, std::string_view base_url,
                                         Arena& arena) {
    std::optional<Clipping> first;
    read_clippings(content, kind, base_url, arena, false, [&first](Clipping&& clipping) { first = std::move(clipping); });
    return first;
}

std::vector<Clipping> extract_clippings(std::string_view content, ContentKind kind, std::string_view base_url,
                                        Arena& arena) {
    std::vector<Clipping> all;
    read_clippings(content, kind, base_url, arena, true, [&all](Clipping&& clipping) { all.push_back(std::move(clipping)); });
    return all;
}

}  // namespace clipfeed
