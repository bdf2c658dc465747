// The normalized feed model: types only, no behaviour.
//
// Every string is a view into storage owned by the ParsedFeed (or ClippingDocument)
// that produced it, and is always NUL-terminated, so the C API can hand out
// `data()` directly. Field comments say which RSS / Atom / JSON Feed element
// each value comes from; the semantics follow ../spec/feed-json.md.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace clipfeed {

// A string that may be absent. Present-but-empty elements give "" (not nullopt).
using Text = std::optional<std::string_view>;

// Seconds since the Unix epoch, UTC.
using Timestamp = std::optional<std::int64_t>;

enum class FeedFormat { unknown, rss, atom, rdf, json };

// How a text value is to be read: decides whether clippings read it as HTML.
enum class TextKind { text, html, xhtml };

struct Person {
    Text name;   // Atom <name>; RSS "email (Name)" name part; dc:creator, itunes:author
    Text email;  // Atom <email>; RSS "email (Name)" email part
    Text uri;    // Atom <uri> / <url>; JSON Feed author.url
};

struct Enclosure {
    std::string_view url;               // RSS enclosure@url, Atom link[rel=enclosure]@href
    Text type;                          // @type
    std::optional<std::int64_t> length; // @length
};

struct Quote {
    std::string_view text;  // the passage, enclosing quote marks removed
    Text label;             // lead-in signpost ("Between the lines"), see spec/clipping.md
};

// A saved news excerpt found in an item's content (spec/clipping.md).
struct Clipping {
    std::vector<Quote> quotes;
    Text summary;                              // paragraphs joined by "\n\n"
    std::vector<std::string_view> tags;        // hashtags without '#', first kept
    Text source;                               // "Read at X" -> X
    Text source_url;                           // the read-at line's link, absolute
    std::optional<int> read_time_minutes;
};

// An int worked out on first use and kept. Feeds are read-only to their
// readers and any number of threads may read one, so the cache is atomic:
// threads that ask at once may each work it out, and they agree.
class LazyInt {
public:
    LazyInt() = default;
    // noexcept, so that Item's implicit move is too: std::vector<Item> then
    // moves its items when it grows instead of copying every one of them.
    LazyInt(const LazyInt& other) noexcept : value_(other.value_.load(std::memory_order_relaxed)) {}
    LazyInt& operator=(const LazyInt& other) noexcept {
        value_.store(other.value_.load(std::memory_order_relaxed), std::memory_order_relaxed);
        return *this;
    }
    // The value, or std::nullopt when not worked out yet.
    std::optional<int> get() const {
        const int value = value_.load(std::memory_order_relaxed);
        return value == kUnset ? std::nullopt : std::optional<int>(value);
    }
    void set(int value) const { value_.store(value, std::memory_order_relaxed); }

private:
    static constexpr int kUnset = -2147483647 - 1;
    mutable std::atomic<int> value_{kUnset};
};

struct Item {
    Text id;                             // RSS guid, Atom id, RDF rdf:about, JSON id
    Text title;                          // title / dc:title
    Text link;                           // alternate link; else a permalink guid
    Timestamp published;                 // pubDate, atom:published/issued, dcterms:issued
    Timestamp updated;                   // atom:updated/modified, dc:date, dcterms:modified
    std::vector<Person> authors;         // author, dc:creator, itunes:author, atom:author
    std::vector<std::string_view> categories;  // category, dc:subject, atom:category@term
    Text summary;                        // description / atom:summary; else the content
    TextKind summary_kind = TextKind::text;
    Text content;                        // content:encoded, atom:content, xhtml:body
    TextKind content_kind = TextKind::text;
    Text rights;                         // dc:rights, atom:rights
    std::vector<Enclosure> enclosures;   // enclosure, atom:link[rel=enclosure]
    std::vector<Clipping> clippings;     // from content, else summary, in order (spec/clipping.md, version 2)
    // From content, else summary: 265 words/min, CJK 500 chars/min, >= 1.
    // Counted when first asked for (feeds/readingtime: reading_minutes(item)),
    // as a count of the whole text costs as much as a tenth of the parse.
    LazyInt estimated_reading_minutes;

    // Version 1's answer, the "clipping" of the JSON: the first of clippings.
    const Clipping* clipping() const { return clippings.empty() ? nullptr : &clippings.front(); }
};
static_assert(std::is_nothrow_move_constructible<Item>::value, "a growing std::vector<Item> must move, not copy");

struct Feed {
    FeedFormat format = FeedFormat::unknown;
    std::string_view version;            // feedparser version code ("rss20", "atom10"), "" if unknown
    std::string encoding;                // charset used to decode ("utf-8"), "" if none
    Text title;                          // channel title / atom:title / dc:title
    Text link;                           // channel link / atom:link[rel=alternate]
    Text feed_url;                       // atom:link[rel=self], JSON feed_url
    Text description;                    // description / atom:subtitle / itunes:summary
    Text language;                       // language / dc:language / xml:lang / Content-Language
    Timestamp updated;                   // lastBuildDate / atom:updated / dc:date
    Timestamp published;                 // channel pubDate / dcterms:issued
    Text image;                          // image/url, itunes:image@href, atom:logo
    Text rights;                         // copyright / dc:rights / atom:rights
    std::vector<Person> authors;         // managingEditor, dc:creator, atom:author
    std::vector<std::string_view> categories;
    std::vector<Item> items;             // in document order
    std::vector<std::string> warnings;   // free text, one per problem found
    bool recovered = false;              // not a well-formed, correctly declared document

    // How often the feed asks to be polled (not part of the JSON schema).
    std::optional<int> ttl_minutes;              // RSS <ttl>
    std::optional<std::int64_t> update_period;   // sy:updatePeriod / sy:updateFrequency, in seconds
    std::vector<int> skip_hours;                 // RSS <skipHours><hour>: 0-23, UTC
    std::vector<int> skip_days;                  // RSS <skipDays><day>: 0 = Sunday ... 6 = Saturday
};

}  // namespace clipfeed
