#include "tools/serve/rendering.hpp"

#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

#include "tools/cli_common.hpp"
#include "tools/serve/zlib_shim.hpp"

namespace serve {

namespace {

// FNV-1a, 64 bits: a name for the document's bytes, stable across runs.
std::string content_hash(std::string_view data) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : data) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
    return text;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// W/"x" -> "x"; "x-gz" -> "x": the identity and gzip forms are one document.
std::string_view comparable(std::string_view tag) {
    tag = trim(tag);
    if (tag.rfind("W/", 0) == 0) tag.remove_prefix(2);
    if (tag.size() >= 5 && tag.substr(tag.size() - 4) == "-gz\"") return tag.substr(0, tag.size() - 4);
    if (!tag.empty() && tag.back() == '"') tag.remove_suffix(1);
    return tag;
}

// The validators and the gzip form of `out->rss`.
void name_and_compress(Rendering& out) {
    const std::string hash = content_hash(out.rss);
    out.etag = "\"cf-" + hash + "\"";
    out.etag_gzip = "\"cf-" + hash + "-gz\"";
    out.gzip = gzip_compress(out.rss);
    if (out.gzip.size() >= out.rss.size()) out.gzip.clear();
}

}  // namespace

std::shared_ptr<const Rendering> render(const clipfeed_feed* feed, const std::string& feed_url,
                                        std::int64_t upstream_last_modified, const Rendering* previous,
                                        std::int64_t now, std::string& error) {
    char* raw = nullptr;
    if (int rc = clipfeed_feed_to_rss(&raw, feed, feed_url.c_str(), CLIPFEED_RSS_ENRICHED | CLIPFEED_RSS_ITEM_GUIDS)) {
        error = "cannot write the enriched feed of " + feed_url + ": " + clipfeed_strerror(rc) + " (" +
                clipfeed_last_error() + ")";
        return nullptr;
    }
    cli::OwnedString rss(raw);
    auto out = std::make_shared<Rendering>();
    out->rss = rss.get();
    name_and_compress(*out);
    if (const char* title = clipfeed_feed_title(feed)) out->title = title;
    if (const char* link = clipfeed_feed_link(feed)) out->link = link;
    out->items = clipfeed_feed_item_count(feed);

    if (previous && previous->etag == out->etag) {
        out->last_modified = previous->last_modified;  // the same document: the same date
    } else if (upstream_last_modified > 0 && upstream_last_modified <= now &&
               (!previous || upstream_last_modified > previous->last_modified)) {
        out->last_modified = upstream_last_modified;
    } else {
        out->last_modified = now;  // a new document, so a date later than any the reader has
    }
    return out;
}

std::shared_ptr<const Rendering> restore_rendering(std::string rss, std::int64_t last_modified, std::string title,
                                                   std::string link, std::size_t items) {
    auto out = std::make_shared<Rendering>();
    out->rss = std::move(rss);
    name_and_compress(*out);
    out->last_modified = last_modified;
    out->title = std::move(title);
    out->link = std::move(link);
    out->items = items;
    return out;
}

std::string http_date(std::int64_t unix_time) {
    const std::time_t t = static_cast<std::time_t>(unix_time);
    std::tm tm{};
    gmtime_r(&t, &tm);
    static const char* const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char text[40];
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
                  months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return text;
}

std::int64_t parse_http_date(const std::string& text) {
    // IMF-fixdate, RFC 850, asctime (RFC 9110 section 5.6.7); strptime in the C locale.
    for (const char* format : {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"}) {
        std::tm tm{};
        const char* end = strptime(text.c_str(), format, &tm);
        if (end && *end == '\0') return static_cast<std::int64_t>(timegm(&tm));
    }
    return -1;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
    const std::string_view wanted = comparable(etag);
    while (!if_none_match.empty()) {
        const std::size_t comma = if_none_match.find(',');
        const std::string_view tag = trim(if_none_match.substr(0, comma));
        if (tag == "*" || (!tag.empty() && comparable(tag) == wanted)) return true;
        if (comma == std::string_view::npos) break;
        if_none_match.remove_prefix(comma + 1);
    }
    return false;
}

bool accepts_gzip(std::string_view accept_encoding) {
    bool any = false, gzip = false, gzip_named = false;
    while (!accept_encoding.empty()) {
        const std::size_t comma = accept_encoding.find(',');
        std::string_view coding = trim(accept_encoding.substr(0, comma));
        double q = 1;
        if (const std::size_t semi = coding.find(';'); semi != std::string_view::npos) {
            std::string_view parameter = trim(coding.substr(semi + 1));
            if (parameter.rfind("q=", 0) == 0 || parameter.rfind("Q=", 0) == 0)
                q = std::atof(std::string(parameter.substr(2)).c_str());
            coding = trim(coding.substr(0, semi));
        }
        const std::string name = cli::lower(std::string(coding));
        if (name == "gzip" || name == "x-gzip") {
            gzip_named = true;
            gzip = q > 0;
        } else if (name == "*") {
            any = q > 0;
        }
        if (comma == std::string_view::npos) break;
        accept_encoding.remove_prefix(comma + 1);
    }
    return gzip_named ? gzip : any;
}

std::string gzip_compress(std::string_view data) {
    // zlib is opened here, not at the command's start (zlib_shim.cpp). Without
    // it (zlib1g is essential in Debian) feeds are served uncompressed.
    std::string unavailable;
    if (!load_zlib(unavailable)) return {};
    z_stream z{};
    if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return rc == Z_STREAM_END ? out : std::string();
}

}  // namespace serve
