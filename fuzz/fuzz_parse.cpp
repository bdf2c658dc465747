// Fuzz target: any bytes as a feed document, with and without an HTTP
// Content-Type (the first byte picks one), then written out as JSON.
#include <cstddef>
#include <cstdint>
#include <string>

#include "feeds/out/json_writer.hpp"
#include "feeds/xml/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const char* const kContentTypes[] = {
        "", "text/xml", "application/rss+xml; charset=utf-8", "application/atom+xml; charset=iso-8859-1",
        "text/plain", "application/feed+json", "text/html; charset=windows-1252", "application/xml; charset=gb2312",
    };
    if (size == 0) return 0;
    clipfeed::ParseContext context;
    const unsigned choice = data[0] % 16;
    if (choice < 8) {
        context.content_type = kContentTypes[choice];
        context.from_http = true;
        context.url = "http://fuzz.example/feeds/main.xml";
    }
    context.sanitize_html = (data[0] & 0x10) == 0;
    auto parsed = clipfeed::parse_feed({reinterpret_cast<const char*>(data) + 1, size - 1}, context);
    std::string json;
    clipfeed::write_feed_json(parsed->feed, clipfeed::JsonStyle::compact, json);
    return 0;
}
