// One version of a served feed, made once and shared by every request for it:
// the enriched RSS, its gzip form, and the validators that name it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "clipfeed.h"

namespace serve {

struct Rendering {
    std::string rss;              // the enriched RSS 2.0 document
    std::string gzip;             // `rss` gzipped once; empty when that is not smaller
    std::string etag;             // "\"cf-<hash of rss>\""; the gzip form's is etag_gzip
    std::string etag_gzip;        // "\"cf-<hash>-gz\""
    std::int64_t last_modified = 0;  // Unix time, see render()
    std::string title;            // the feed's, for /opml
    std::string link;             // the feed's web page, for /opml
    std::size_t items = 0;
};

// Renders `feed` as `clipfeed filter` does (clippings into content:encoded,
// tags as categories) but with the items' own guids, so that a reader moving
// from the original URL sees the same items. `feed_url` is the upstream URL.
// Last-Modified is the upstream's when given, but never earlier than when this
// rendering first appeared: `previous` (may be null) is the entry's last
// rendering, whose time is kept while the document stays the same.
// nullptr with `error` set when the library fails.
std::shared_ptr<const Rendering> render(const clipfeed_feed* feed, const std::string& feed_url,
                                        std::int64_t upstream_last_modified, const Rendering* previous,
                                        std::int64_t now, std::string& error);

// A rendering kept by --state, read back: the same document gets the same
// validators as when it was made (its ETag is its hash, its date is kept), so
// a reader's conditional request still matches after a restart.
std::shared_ptr<const Rendering> restore_rendering(std::string rss, std::int64_t last_modified, std::string title,
                                                   std::string link, std::size_t items);

// "Sun, 06 Nov 1994 08:49:37 GMT"
std::string http_date(std::int64_t unix_time);
// The three date forms of RFC 9110; -1 when unreadable.
std::int64_t parse_http_date(const std::string& text);

// Whether an If-None-Match header names `etag` (weak comparison: W/ and the
// gzip form's "-gz" do not matter; "*" matches anything).
bool etag_matches(std::string_view if_none_match, std::string_view etag);

// Whether an Accept-Encoding header accepts gzip (a q of 0 refuses it).
bool accepts_gzip(std::string_view accept_encoding);

// `data` in the gzip format (zlib, level 9); empty when compression fails.
std::string gzip_compress(std::string_view data);

}  // namespace serve
