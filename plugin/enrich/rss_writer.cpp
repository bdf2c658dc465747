// The model as an enriched RSS 2.0 document. The XML itself is built and
// escaped by pugixml (which also splits CDATA sections around "]]>"); what is
// written here is what goes where, and the HTML a clipping is rendered as.
#include "plugin/enrich/rss_writer.hpp"

#include <pugixml.hpp>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <cstdio>
#include <set>

#include "feeds/text/ascii.hpp"
#include "feeds/text/date_parts.hpp"
#include "feeds/text/dates.hpp"
#include "feeds/text/content_hash.hpp"
#include "feeds/text/utf8_scan.hpp"
#include "plugin/clipping/clipping_rules.hpp"

namespace clipfeed {

namespace {

constexpr const char* kContentNamespace = "http://purl.org/rss/1.0/modules/content/";
constexpr const char* kDublinCoreNamespace = "http://purl.org/dc/elements/1.1/";
constexpr const char* kAtomNamespace = "http://www.w3.org/2005/Atom";

#if defined(__SSE2__)
// How many of the 16 bytes at `p` come before the first of & < > " (16 when
// none): the text of a clipping is mostly prose, copied a block at a time
// (a byte at a time, escaping was a tenth of `clipfeed filter`'s time).
unsigned bytes_before_html_special_16(const char* p) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i amp_or_lt = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')), _mm_cmpeq_epi8(v, _mm_set1_epi8('<')));
    const __m128i gt_or_quot = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('>')), _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
    const __m128i special = _mm_or_si128(amp_or_lt, gt_or_quot);
    const unsigned flagged = static_cast<unsigned>(_mm_movemask_epi8(special));
    return flagged ? static_cast<unsigned>(__builtin_ctz(flagged)) : 16;
}

// How many of the 16 bytes at `p` come before the first one xml_safe must
// look at (16 when none): a control character other than tab, line feed and
// carriage return, or a byte >= 0x80, the start of a UTF-8 sequence. (A
// signed compare below 0x20 catches both.)
unsigned xml_plain_bytes_16(const char* p) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i control_or_high = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
    const __m128i line_end = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
    const __m128i allowed_control = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')), line_end);
    const __m128i forbidden_or_high = _mm_andnot_si128(allowed_control, control_or_high);
    const unsigned flagged = static_cast<unsigned>(_mm_movemask_epi8(forbidden_or_high));
    return flagged ? static_cast<unsigned>(__builtin_ctz(flagged)) : 16;
}
#endif

void append_html_escaped(std::string_view text, std::string& out) {
    // Runs without a character to escape are copied whole.
    std::size_t run = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
#if defined(__SSE2__)
        while (text.size() - i >= 16) {
            const unsigned plain = bytes_before_html_special_16(text.data() + i);
            i += plain;
            if (plain < 16) break;
        }
        if (i == text.size()) break;
#endif
        const char* escaped = nullptr;
        switch (text[i]) {
            case '&': escaped = "&amp;"; break;
            case '<': escaped = "&lt;"; break;
            case '>': escaped = "&gt;"; break;
            case '"': escaped = "&quot;"; break;
            default: continue;
        }
        out.append(text.data() + run, i - run);
        out += escaped;
        run = i + 1;
    }
    out.append(text.data() + run, text.size() - run);
}

std::string html_escaped(std::string_view text) {
    std::string out;
    append_html_escaped(text, out);
    return out;
}

// A quote as the content of its <blockquote>: the label, with its colon, in
// bold. A text that itself starts and ends with quote marks is wrapped in one
// more pair, because the extractor takes one pair off a blockquote's text.
std::string quote_html(const Quote& quote) {
    std::string_view text = quote.text;
    std::string out;
    const bool wrap = clipping_rules::unquote(text).has_value();
    if (wrap) out += "\u201C";
    const std::size_t colon = quote.label ? text.find(':') : std::string_view::npos;
    if (colon != std::string_view::npos) {
        out += "<strong>";
        append_html_escaped(text.substr(0, colon + 1), out);
        out += "</strong>";
        text.remove_prefix(colon + 1);
    }
    append_html_escaped(text, out);
    if (wrap) out += "\u201D";
    return out;
}

// "#a #b" when the extractor reads that line back as exactly these tags;
// otherwise (a tag with a space, say) "Tags: a, b".
std::string tag_line(const std::vector<std::string_view>& tags) {
    std::string hashtags;
    for (std::string_view tag : tags) {
        if (!hashtags.empty()) hashtags += ' ';
        hashtags += '#';
        hashtags += tag;
    }
    std::vector<std::string_view> read_back;
    if (clipping_rules::read_tag_line(hashtags, read_back) && read_back == tags) return html_escaped(hashtags);
    std::string list = "Tags: ";
    for (std::size_t i = 0; i < tags.size(); ++i) {
        if (i > 0) list += ", ";
        list += tags[i];
    }
    return html_escaped(list);
}

// The item's own text as HTML: its content, else its summary.
std::string html_of(const Text& value, TextKind kind) {
    if (!value) return {};
    return kind == TextKind::text ? text_to_html(*value) : std::string(*value);
}

// The categories an item is written with: its own, then the clippings' tags
// that are not among them (ASCII case ignored).
std::vector<std::string_view> item_categories(const Item& item, bool enrich) {
    std::vector<std::string_view> out;
    auto add = [&](std::string_view category) {
        if (category.empty()) return;
        for (std::string_view present : out)
            if (ascii_iequals(present, category)) return;
        out.push_back(category);
    };
    for (std::string_view category : item.categories) add(category);
    if (enrich)
        for (const Clipping& clipping : item.clippings)
            for (std::string_view tag : clipping.tags) add(tag);
    return out;
}

void add_text(pugi::xml_node parent, const char* name, std::string_view value) {
    parent.append_child(name).text().set(xml_safe(value).c_str());
}

void add_optional_text(pugi::xml_node parent, const char* name, const Text& value) {
    if (value && !value->empty()) add_text(parent, name, *value);
}

void add_cdata(pugi::xml_node parent, const char* name, std::string_view value) {
    parent.append_child(name).append_child(pugi::node_cdata).set_value(xml_safe(value).c_str());
}

// RSS 2.0's <author> is an e-mail address ("jo@example.com (Jo)"); people
// without one are written as dc:creator, which readers show the same way.
void add_people(pugi::xml_node parent, const std::vector<Person>& people, const char* email_element) {
    for (const Person& person : people) {
        const bool has_name = person.name && !person.name->empty();
        if (person.email && !person.email->empty()) {
            std::string value(*person.email);
            if (has_name) value += " (" + std::string(*person.name) + ")";
            add_text(parent, email_element, value);
        } else if (has_name) {
            add_text(parent, "dc:creator", *person.name);
        }
    }
}

void add_item(pugi::xml_node channel, const Item& item, const std::string& guid, bool enrich) {
    pugi::xml_node node = channel.append_child("item");
    add_optional_text(node, "title", item.title);
    add_optional_text(node, "link", item.link);

    const std::string summary = html_of(item.summary, item.summary_kind);
    std::string content = html_of(item.content, item.content_kind);
    // The model's summary is the content when the feed gave only content:
    // written once, as content:encoded.
    const bool summary_is_content = item.summary && item.content && *item.summary == *item.content;
    // Every clipping, each ending in its footer line and an <hr>, ahead of the original.
    const bool with_clippings = enrich && !item.clippings.empty();
    if (with_clippings) {
        std::string rendered;
        for (const Clipping& clipping : item.clippings) rendered += clipping_to_html(clipping) + "<hr>\n";
        content = rendered + (item.content ? content : summary);
    }
    if (item.summary && !summary_is_content) add_cdata(node, "description", summary);
    if (item.content || with_clippings) add_cdata(node, "content:encoded", content);

    add_people(node, item.authors, "author");
    for (std::string_view category : item_categories(item, enrich)) add_text(node, "category", category);
    for (const Enclosure& enclosure : item.enclosures) {
        pugi::xml_node e = node.append_child("enclosure");
        e.append_attribute("url").set_value(xml_safe(enclosure.url).c_str());
        if (enclosure.type) e.append_attribute("type").set_value(xml_safe(*enclosure.type).c_str());
        if (enclosure.length) e.append_attribute("length").set_value(std::to_string(*enclosure.length).c_str());
    }
    pugi::xml_node guid_node = node.append_child("guid");
    guid_node.append_attribute("isPermaLink").set_value("false");
    guid_node.text().set(xml_safe(guid).c_str());
    if (item.published || item.updated)
        add_text(node, "pubDate", format_rfc822(item.published ? *item.published : *item.updated));
    if (item.updated) add_text(node, "atom:updated", format_rfc3339(*item.updated));
}

void add_channel_fields(pugi::xml_node channel, const Feed& feed, std::string_view self_url) {
    add_optional_text(channel, "title", feed.title);
    add_optional_text(channel, "link", feed.link);
    if (feed.description) add_cdata(channel, "description", *feed.description);
    add_optional_text(channel, "language", feed.language);
    add_optional_text(channel, "copyright", feed.rights);
    if (feed.published) add_text(channel, "pubDate", format_rfc822(*feed.published));
    if (feed.updated) add_text(channel, "lastBuildDate", format_rfc822(*feed.updated));
    add_people(channel, feed.authors, "managingEditor");
    for (std::string_view category : feed.categories)
        if (!category.empty()) add_text(channel, "category", category);
    add_text(channel, "generator", "clipfeed");
    if (feed.ttl_minutes) add_text(channel, "ttl", std::to_string(*feed.ttl_minutes));
    if (feed.image && !feed.image->empty()) {
        pugi::xml_node image = channel.append_child("image");
        add_text(image, "url", *feed.image);
        add_text(image, "title", feed.title ? *feed.title : std::string_view());
        add_text(image, "link", feed.link ? *feed.link : std::string_view());
    }
    if (!self_url.empty()) {
        pugi::xml_node self = channel.append_child("atom:link");
        self.append_attribute("rel").set_value("self");  // no type: the address may serve Atom or JSON
        self.append_attribute("href").set_value(xml_safe(self_url).c_str());
    }
}

struct StringWriter : pugi::xml_writer {
    std::string& out;
    explicit StringWriter(std::string& target) : out(target) {}
    void write(const void* data, std::size_t size) override { out.append(static_cast<const char*>(data), size); }
};

std::string_view feed_address(const Feed& feed, std::string_view given) {
    if (!given.empty()) return given;
    if (feed.feed_url && !feed.feed_url->empty()) return *feed.feed_url;
    if (feed.link) return *feed.link;
    return {};
}

}  // namespace

std::string xml_safe(std::string_view text) {
    // Runs of allowed bytes are copied whole, 16 bytes are looked at in one go
    // where SSE2 is there (every x86-64), and only bytes of 0x80 or more are
    // decoded: only what XML forbids is dropped or replaced. A byte-at-a-time
    // append here took half of `clipfeed filter`'s time, a byte-at-a-time
    // check a sixth.
    std::string out;
    out.reserve(text.size());
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t run = 0;  // where the bytes not yet copied begin
    std::size_t pos = 0;
    auto copy_run = [&] { out.append(text.data() + run, pos - run); };
    while (pos < text.size()) {
#if defined(__SSE2__)
        if (text.size() - pos >= 16) {
            const unsigned plain = xml_plain_bytes_16(text.data() + pos);
            pos += plain;
            if (plain == 16) continue;
        }
#endif
        const unsigned char c = bytes[pos];
        if (c >= 0x20 && c < 0x80) {
            ++pos;
            continue;
        }
        if (c < 0x20) {  // a control character: only tab, line feed and carriage return are allowed
            if (c == '\t' || c == '\n' || c == '\r') {
                ++pos;
                continue;
            }
            copy_run();
            run = ++pos;
            continue;
        }
        // The strict reading (no surrogates, no overlong forms) that XML's Char production needs.
        const std::size_t length = utf8_sequence_length(text, pos);
        if (length == 0) {  // not UTF-8: one byte at a time
            copy_run();
            out += "\uFFFD";
            run = ++pos;
        } else if (length == 3 && c == 0xEF && bytes[pos + 1] == 0xBF && bytes[pos + 2] >= 0xBE) {
            copy_run();  // U+FFFE and U+FFFF (EF BF BE, EF BF BF): not characters XML carries
            run = pos += length;
        } else {
            pos += length;
        }
    }
    copy_run();
    return out;
}

std::string format_rfc822(std::int64_t seconds) {
    static const char* const kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // day 0 was a Thursday
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    constexpr std::int64_t kSecondsPerDay = 86400;
    std::int64_t days = seconds / kSecondsPerDay;
    std::int64_t second_of_day = seconds % kSecondsPerDay;
    if (second_of_day < 0) {  // floor division for times before 1970
        second_of_day += kSecondsPerDay;
        --days;
    }
    const date_parts::CivilDate date = date_parts::civil_from_days(days);
    const auto weekday = static_cast<std::size_t>(((days % 7) + 7) % 7);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04lld %02d:%02d:%02d +0000", kDays[weekday], date.day,
                  kMonths[date.month - 1], static_cast<long long>(date.year),
                  static_cast<int>(second_of_day / 3600), static_cast<int>(second_of_day / 60 % 60),
                  static_cast<int>(second_of_day % 60));
    return buffer;
}

std::string text_to_html(std::string_view text) {
    if (text.find_first_of("\r\n") == std::string_view::npos) return html_escaped(text);  // one line: no <p>
    std::string out;
    std::string paragraph;
    auto flush = [&] {
        if (paragraph.empty()) return;
        out += "<p>" + paragraph + "</p>\n";
        paragraph.clear();
    };
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find_first_of("\r\n", pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        if (line.find_first_not_of(" \t") == std::string_view::npos) {
            flush();
        } else {
            if (!paragraph.empty()) paragraph += "<br>\n";
            append_html_escaped(line, paragraph);
        }
        if (end == text.size()) break;
        pos = end + (text.compare(end, 2, "\r\n") == 0 ? 2 : 1);
    }
    flush();
    return out;
}

std::string clipping_to_html(const Clipping& clipping) {
    std::string out;
    for (const Quote& quote : clipping.quotes) out += "<blockquote>" + quote_html(quote) + "</blockquote>\n";
    if (clipping.summary) {
        std::string_view summary = *clipping.summary;
        for (std::size_t pos = 0; pos <= summary.size();) {
            std::size_t end = summary.find("\n\n", pos);
            if (end == std::string_view::npos) end = summary.size();
            if (end > pos) out += "<p>" + html_escaped(summary.substr(pos, end - pos)) + "</p>\n";
            pos = end + 2;
        }
    }
    if (!clipping.tags.empty()) out += "<p>" + tag_line(clipping.tags) + "</p>\n";
    if (clipping.source) {
        out += "<p>Read at ";
        if (clipping.source_url)
            out += "<a href=\"" + html_escaped(*clipping.source_url) + "\">" + html_escaped(*clipping.source) + "</a>";
        else
            out += html_escaped(*clipping.source);
        out += "</p>\n";
    }
    if (clipping.read_time_minutes) {
        out += "<p>" + std::to_string(*clipping.read_time_minutes) + " min read</p>\n";
    } else if (!clipping.source) {
        // The extractor ends a clipping's body at its first footer line (read-at
        // or read-time); without one, the original content that follows would be
        // read into this clipping a second time. This line is the spec's own
        // words for an unknown read time, so it reads back as none.
        out += "<p>Unable to calculate read time</p>\n";
    }
    return out;
}

std::vector<std::string> item_guids(const Feed& feed, std::string_view feed_url) {
    std::vector<std::string> guids;
    guids.reserve(feed.items.size());
    std::set<std::string> taken;
    for (const Item& item : feed.items) {
        std::string key;
        if (item.id && !item.id->empty()) {
            key = *item.id;
        } else if (item.link && !item.link->empty()) {
            key = *item.link;
        } else {
            ContentHash hash;
            for (const Text* part : {&item.title, &item.summary, &item.content}) hash.add(part->value_or(""));
            key = "hash:" + hash.hex();
        }
        std::string guid = feed_url.empty() ? key : std::string(feed_url) + "#" + key;
        std::string unique = guid;
        for (int repeat = 2; !taken.insert(unique).second; ++repeat) unique = guid + "#" + std::to_string(repeat);
        guids.push_back(std::move(unique));
    }
    return guids;
}

// The document is written a piece at a time: the channel (declaration, <rss>,
// the channel's own fields) is laid out by pugixml as a document without
// items and cut where </channel> closes it; each item is then built in a
// small document of its own and printed at the depth it has in the channel,
// and the closing tags follow. The bytes are those one pugixml document of
// the whole feed gives, without holding that document or its text.
bool write_rss(const Feed& feed, const RssWriteOptions& options, OutputSink& sink) {
    const std::string_view address = feed_address(feed, options.feed_url);
    const unsigned format = options.indent ? pugi::format_indent : pugi::format_raw;
    std::string head;
    {
        pugi::xml_document doc;
        pugi::xml_node declaration = doc.append_child(pugi::node_declaration);
        declaration.append_attribute("version").set_value("1.0");
        declaration.append_attribute("encoding").set_value("UTF-8");
        pugi::xml_node rss = doc.append_child("rss");
        rss.append_attribute("version").set_value("2.0");
        rss.append_attribute("xmlns:content").set_value(kContentNamespace);
        rss.append_attribute("xmlns:dc").set_value(kDublinCoreNamespace);
        rss.append_attribute("xmlns:atom").set_value(kAtomNamespace);
        pugi::xml_node channel = rss.append_child("channel");
        add_channel_fields(channel, feed, address);  // always some: <generator> at least
        StringWriter writer(head);
        doc.save(writer, "  ", format, pugi::encoding_utf8);
    }
    std::size_t tail = head.rfind("</channel>");
    while (tail > 0 && head[tail - 1] == ' ') --tail;  // the closing tag's indentation
    std::string buffer(head, 0, tail);
    const std::string closing = head.substr(tail);
    head = std::string();

    auto pass_on = [&] {
        const bool ok = sink.write(buffer.data(), buffer.size());
        buffer.clear();
        return ok;
    };
    const std::vector<std::string> guids = item_guids(feed, options.prefix_guids ? address : std::string_view{});
    pugi::xml_document item_doc;
    StringWriter writer(buffer);
    for (std::size_t i = 0; i < feed.items.size(); ++i) {
        item_doc.reset();
        add_item(item_doc, feed.items[i], guids[i], options.enrich);
        item_doc.first_child().print(writer, "  ", format, pugi::encoding_utf8, 2);  // <rss><channel><item>
        if (buffer.size() >= kOutputChunkBytes && !pass_on()) return false;
    }
    buffer += closing;
    return pass_on();
}

std::string write_rss(const Feed& feed, const RssWriteOptions& options) {
    std::string out;
    StringSink sink(out);
    write_rss(feed, options, sink);
    return out;
}

}  // namespace clipfeed
