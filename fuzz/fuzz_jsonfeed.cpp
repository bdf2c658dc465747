// Fuzz target: JSON Feed documents.
#include <cstddef>
#include <cstdint>
#include <string>

#include "feeds/out/json_writer.hpp"
#include "feeds/xml/jsonfeed.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    clipfeed::ParsedFeed out;
    clipfeed::ParseContext context;
    context.url = "https://fuzz.example/feed.json";
    clipfeed::parse_json_feed({reinterpret_cast<const char*>(data), size}, context, out);
    std::string json;
    clipfeed::write_feed_json(out.feed, clipfeed::JsonStyle::compact, json);
    return 0;
}
