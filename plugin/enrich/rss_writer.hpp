// Writing a feed as RSS 2.0 for feed readers that take a document from a
// command (newsboat's exec: and filter:, Liferea's command sources and
// conversion filters). "Enriched": each item's clippings are rendered readably
// at the top of its content:encoded, ahead of the item's original content,
// and its tags become categories. Guids are unique across feeds, because
// newsboat keys items by guid alone.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/model/model.hpp"
#include "feeds/out/output_sink.hpp"

namespace clipfeed {

struct RssWriteOptions {
    // Where the feed lives: the prefix of every guid and the channel's
    // atom:link rel="self". Empty: the feed's own self link, else its link.
    std::string_view feed_url;
    bool enrich = true;  // render clippings into content:encoded and add their tags as categories
    bool indent = true;  // one element per line, indented; false: no white space between elements
    bool prefix_guids = true;  // false: guids are the items' own keys, as the original feed has them
};

// The whole document, UTF-8, always well-formed XML: every value is escaped,
// characters XML 1.0 cannot carry are dropped, CDATA sections are split
// around "]]>". Items without a clipping come out as they went in, apart from
// their guid.
std::string write_rss(const Feed& feed, const RssWriteOptions& options);
// The same document streamed to `sink` in pieces of about kOutputChunkBytes;
// false when the sink refused one (nothing more is written then).
bool write_rss(const Feed& feed, const RssWriteOptions& options, OutputSink& sink);

// The pieces, public for the tests.

// The clipping as HTML: each quote a <blockquote> with its label in bold,
// the summary's paragraphs, the tags as one line of #tags, "Read at X" (a
// link to source_url when there is one), the read time. It always ends with
// a footer line, so that the extractor reading it back (followed by the
// original content) finds this same clipping and takes nothing after it.
std::string clipping_to_html(const Clipping& clipping);

// Plain text as HTML: escaped; text of several lines has its blank-line
// separated blocks as <p> and its other line ends as <br>.
std::string text_to_html(std::string_view text);

// One guid per item, in order: "<feed url>#<key>" where the key is the
// item's id, else its link, else a hash of its title and text. Stable from
// one fetch to the next while those stay the same. Items whose key repeats
// within the feed get "#2", "#3", ... in document order, so guids are unique.
// Without a feed URL the guid is the key alone.
std::vector<std::string> item_guids(const Feed& feed, std::string_view feed_url);

// "Tue, 10 Jun 2003 04:00:00 +0000" (RFC 822 as RSS 2.0 uses it, 4-digit year).
std::string format_rfc822(std::int64_t seconds);

// `text` as XML 1.0 can carry it: invalid UTF-8 becomes U+FFFD; control
// characters other than tab, LF and CR, and U+FFFE / U+FFFF are dropped.
std::string xml_safe(std::string_view text);

}  // namespace clipfeed
