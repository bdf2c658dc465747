// A streaming JSON writer for the model. Written by hand rather than through
// nlohmann::json so that a 100 MB feed is serialized straight from the model,
// without building a second copy of it as a JSON tree first.
#include "feeds/out/json_writer.hpp"

#include "feeds/readingtime/reading_time.hpp"
#include "feeds/text/utf8_scan.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif


namespace clipfeed {

namespace {

const char* format_name(FeedFormat f) {
    switch (f) {
        case FeedFormat::rss: return "rss";
        case FeedFormat::atom: return "atom";
        case FeedFormat::rdf: return "rdf";
        case FeedFormat::json: return "json";
        case FeedFormat::unknown: break;
    }
    return nullptr;
}

#if defined(__SSE2__)
// How many of the 16 bytes at `p` come before the first one that a JSON
// string cannot take as it is or must check: '"', '\\', a control character,
// or a byte >= 0x80 (the start of a UTF-8 sequence to validate); 16 when none.
// Content is mostly ASCII HTML, so most blocks are copied without a look at
// each byte. (A signed compare below 0x20 catches both controls and >= 0x80.)
unsigned plain_json_bytes_16(const unsigned char* p) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
    const __m128i backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
    const __m128i control_or_high = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
    const unsigned flagged =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control_or_high)));
    return flagged ? static_cast<unsigned>(__builtin_ctz(flagged)) : 16;
}
#endif


void write_people(JsonWriter& w, const std::vector<Person>& people) {
    w.begin_array();
    for (const Person& p : people) {
        w.begin_object();
        w.field("name", p.name);
        w.field("email", p.email);
        w.field("uri", p.uri);
        w.end_object();
    }
    w.end_array();
}

void write_strings(JsonWriter& w, const std::vector<std::string_view>& list) {
    w.begin_array();
    for (std::string_view s : list) w.string(s);
    w.end_array();
}

void write_clipping(JsonWriter& w, const Clipping* c) {
    if (!c) return w.null();
    w.begin_object();
    w.key("quotes");
    w.begin_array();
    for (const Quote& q : c->quotes) {
        w.begin_object();
        w.field("text", q.text);
        w.field("label", q.label);
        w.end_object();
    }
    w.end_array();
    w.field("summary", c->summary);
    w.key("tags");
    write_strings(w, c->tags);
    w.field("source", c->source);
    w.field("source_url", c->source_url);
    w.key("read_time_minutes");
    c->read_time_minutes ? w.integer(*c->read_time_minutes) : w.null();
    w.end_object();
}

void write_item(JsonWriter& w, const Item& it) {
    w.begin_object();
    w.field("id", it.id);
    w.field("title", it.title);
    w.field("link", it.link);
    w.field("published", it.published);
    w.field("updated", it.updated);
    w.key("authors");
    write_people(w, it.authors);
    w.key("categories");
    write_strings(w, it.categories);
    w.field("summary", it.summary);
    w.field("content", it.content);
    w.field("rights", it.rights);
    w.key("enclosures");
    w.begin_array();
    for (const Enclosure& e : it.enclosures) {
        w.begin_object();
        w.field("url", e.url);
        w.field("type", e.type);
        w.key("length");
        e.length ? w.integer(*e.length) : w.null();
        w.end_object();
    }
    w.end_array();
    w.key("clipping");
    write_clipping(w, it.clipping());
    w.key("clippings");
    w.begin_array();
    for (const Clipping& c : it.clippings) write_clipping(w, &c);
    w.end_array();
    w.key("estimated_reading_minutes");
    w.integer(reading_minutes(it));
    w.end_object();
}

}  // namespace

void append_json_string(std::string_view s, std::string& out) {
    static const char kHex[] = "0123456789abcdef";
    out.reserve(out.size() + s.size() + 2);
    out += '"';
    std::size_t i = 0;
    while (i < s.size()) {
        // Copy the longest run that needs no escaping in one go.
        std::size_t run = i;
        while (run < s.size()) {
#if defined(__SSE2__)
            if (s.size() - run >= 16) {
                const unsigned plain = plain_json_bytes_16(reinterpret_cast<const unsigned char*>(s.data()) + run);
                run += plain;
                if (plain == 16) continue;
            }
#endif
            unsigned char c = static_cast<unsigned char>(s[run]);
            if (c >= 0x80) {  // well-formed UTF-8 stays in the run; a stray byte ends it
                const std::size_t n = utf8_sequence_length(s, run);
                if (n == 0) break;
                run += n;
                continue;
            }
            if (c < 0x20 || c == '"' || c == '\\') break;
            ++run;
        }
        out.append(s.data() + i, run - i);
        i = run;
        if (i == s.size()) break;
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {  // a byte that is not UTF-8: well-formed sequences stayed in the run
            out += "\xEF\xBF\xBD";  // U+FFFD
            ++i;
            continue;
        }
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                out += "\\u00";
                out += kHex[c >> 4];
                out += kHex[c & 0xF];
        }
        ++i;
    }
    out += '"';
}

void write_feed_fields(JsonWriter& w, const Feed& feed) {
    w.key("format");
    if (const char* f = format_name(feed.format)) w.string(f); else w.null();
    w.key("version");
    if (!feed.version.empty()) w.string(feed.version); else w.null();
    w.key("encoding");
    if (!feed.encoding.empty()) w.string(feed.encoding); else w.null();
    w.field("title", feed.title);
    w.field("link", feed.link);
    w.field("feed_url", feed.feed_url);
    w.field("description", feed.description);
    w.field("language", feed.language);
    w.field("updated", feed.updated);
    w.field("published", feed.published);
    w.field("image", feed.image);
    w.field("rights", feed.rights);
    w.key("authors");
    write_people(w, feed.authors);
    w.key("categories");
    write_strings(w, feed.categories);
    w.key("items");
    w.begin_array();
    for (const Item& it : feed.items) write_item(w, it);
    w.end_array();
    w.key("warnings");
    w.begin_array();
    for (const std::string& s : feed.warnings) w.string(s);
    w.end_array();
    w.key("recovered");
    w.boolean(feed.recovered);
}

void write_feed_json(const Feed& feed, JsonStyle style, std::string& out) {
    JsonWriter w(style, out);
    w.begin_object();
    write_feed_fields(w, feed);
    w.end_object();
    if (style == JsonStyle::pretty) out += '\n';
}

bool write_feed_json(const Feed& feed, JsonStyle style, OutputSink& sink) {
    std::string buffer;
    buffer.reserve(kOutputChunkBytes + kOutputChunkBytes / 4);
    JsonWriter w(style, buffer, &sink);
    w.begin_object();
    write_feed_fields(w, feed);
    w.end_object();
    if (style == JsonStyle::pretty) buffer += '\n';
    return w.finish();
}

void write_item_json(const Item& item, JsonStyle style, std::string& out) {
    JsonWriter w(style, out);
    write_item(w, item);
    if (style == JsonStyle::pretty) out += '\n';
}

void write_clippings_json(const std::vector<Clipping>& clippings, JsonStyle style, std::string& out) {
    JsonWriter w(style, out);
    w.begin_array();
    for (const Clipping& c : clippings) write_clipping(w, &c);
    w.end_array();
}

void write_clipping_json(const Clipping* clipping, JsonStyle style, std::string& out) {
    JsonWriter w(style, out);
    write_clipping(w, clipping);
    if (style == JsonStyle::pretty) out += '\n';
}

}  // namespace clipfeed
