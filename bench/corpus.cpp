#include "corpus.hpp"

#include <array>

namespace clipfeed::bench {

namespace {

// splitmix64: a tiny, well-known generator with a fixed sequence for a seed.
class Random {
public:
    explicit Random(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

private:
    std::uint64_t state_;
};

const std::array<const char*, 48> kWords = {
    "council",  "harbour", "budget",   "river",    "station", "school",   "market",  "storm",
    "bridge",   "library", "election", "museum",   "tram",    "ferry",    "hospital", "festival",
    "minister", "mayor",   "report",   "survey",   "plan",    "vote",     "tax",     "energy",
    "water",    "housing", "transit",  "park",     "workers", "students", "farmers", "prices",
    "rose",     "fell",    "opened",   "closed",   "said",    "warned",   "agreed",  "rejected",
    "on",       "the",     "with",     "after",    "before",  "across",   "while",   "because",
};

std::string words(Random& r, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
        if (i) out += ' ';
        out += kWords[r.below(kWords.size())];
    }
    return out;
}

// One clipping as HTML: three quoted passages, a summary, tags, a read-at
// link and a read time, padded with a longer paragraph to ~4 KB.
std::string clipping_html(Random& r, int feed, int item) {
    std::string html;
    html += "<blockquote><p>\xE2\x80\x9C" + words(r, 70) + ".\xE2\x80\x9D</p></blockquote>\n";
    html += "<blockquote><p>\xE2\x80\x9C" "Why it matters: " + words(r, 60) + ".\xE2\x80\x9D</p></blockquote>\n";
    html += "<blockquote><p>\xE2\x80\x9C" + words(r, 60) + ".\xE2\x80\x9D</p></blockquote>\n";
    html += "<p>" + words(r, 90) + ".</p>\n";
    html += "<p><a href=\"/tags/" + std::string(kWords[r.below(kWords.size())]) + "\">#" +
            kWords[r.below(kWords.size())] + "</a> <a href=\"/tags/local\">#local-news</a></p>\n";
    html += "<p><a href=\"https://news.example.com/" + std::to_string(feed) + "/" + std::to_string(item) +
            "\">Read at Example News</a></p>\n<p>" + std::to_string(2 + r.below(9)) + " min read</p>\n";
    html += "<p>" + words(r, 280) + ".</p>";
    return html;
}

std::string escape_xml(const std::string& s) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (char c : s) {
        if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '&') out += "&amp;";
        else out += c;
    }
    return out;
}

std::string item_xml(Random& r, int feed, int item, bool atom) {
    const std::string id = "https://clips.example.org/" + std::to_string(feed) + "/" + std::to_string(item);
    const std::string title = "Item " + std::to_string(item) + ": " + words(r, 8);
    // The description is a short clipping, entity-escaped as most feeds write it.
    const std::string description = escape_xml("<p>\xE2\x80\x9C" + words(r, 85) + ".\xE2\x80\x9D</p><p>" +
                                               words(r, 125) + ".</p><p>#" + kWords[r.below(kWords.size())] +
                                               "</p>");
    const std::string content = clipping_html(r, feed, item);
    const int day = 1 + item % 28;
    std::string out;
    if (atom) {
        out += "<entry><title>" + title + "</title><link rel=\"alternate\" href=\"" + id + "\"/><id>" + id +
               "</id><updated>2026-11-" + (day < 10 ? "0" : "") + std::to_string(day) +
               "T10:00:00Z</updated><author><name>Writer " + std::to_string(r.below(50)) +
               "</name></author><category term=\"" + kWords[r.below(kWords.size())] + "\"/><summary type=\"html\">" +
               description + "</summary><content type=\"html\"><![CDATA[" + content + "]]></content></entry>\n";
    } else {
        out += "<item><title>" + title + "</title><link>" + id + "</link><guid isPermaLink=\"false\">clip-" +
               std::to_string(feed) + "-" + std::to_string(item) + "</guid><pubDate>Tue, " + std::to_string(day) +
               " Nov 2026 10:00:00 GMT</pubDate><dc:creator>Writer " + std::to_string(r.below(50)) +
               "</dc:creator><category>" + kWords[r.below(kWords.size())] + "</category><description>" +
               description + "</description><content:encoded><![CDATA[" + content +
               "]]></content:encoded></item>\n";
    }
    return out;
}

}  // namespace

std::string make_feed(const CorpusOptions& options, int feed_number) {
    Random r(options.seed * 1000003 + static_cast<std::uint64_t>(feed_number));
    std::string out;
    if (options.atom) {
        out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
              "<title>Clippings " + std::to_string(feed_number) + "</title><link href=\"https://clips.example.org/\"/>"
              "<id>urn:clipfeed:bench:" + std::to_string(feed_number) + "</id><updated>2026-11-25T00:00:00Z</updated>\n";
    } else {
        out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" "
              "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
              "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Clippings " +
              std::to_string(feed_number) +
              "</title><link>https://clips.example.org/</link><description>Saved clippings</description>\n";
    }
    for (int i = 0; i < options.items; ++i) out += item_xml(r, feed_number, i, options.atom);
    out += options.atom ? "</feed>\n" : "</channel></rss>\n";
    return out;
}

std::string make_malformed_feed(const CorpusOptions& options, int feed_number) {
    Random r(options.seed * 7919 + static_cast<std::uint64_t>(feed_number));
    std::string out = make_feed(options, feed_number);
    // Damage about one item in 200 of each kind, at item boundaries the
    // generator knows: a bare '&' in a title, a bare '<' in a title, a stray
    // windows-1252 quote byte in a title.
    std::size_t pos = 0;
    int item = 0;
    const std::string tag = options.atom ? "<title>Item " : "<title>Item ";
    while ((pos = out.find(tag, pos)) != std::string::npos) {
        std::size_t at = pos + tag.size();
        switch (r.below(200)) {
            case 0: out.insert(at, "Q&A "); break;
            case 1: out.insert(at, "3 < 4 "); break;
            case 2: out.insert(at, "\x93quoted\x94 "); break;
            default: break;
        }
        pos = at;
        ++item;
    }
    // The end is cut off in the middle of the last item.
    std::size_t last = out.rfind(options.atom ? "<entry>" : "<item>");
    if (last != std::string::npos) out.resize(last + (out.size() - last) / 2);
    return out;
}

}  // namespace clipfeed::bench
