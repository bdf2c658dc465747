#include "feeds/parse.hpp"

namespace clipfeed {

std::unique_ptr<ParsedFeed> parse_feed(std::string_view, const ParseContext&) {
    auto out = std::make_unique<ParsedFeed>();
    out->feed.recovered = true;
    out->feed.warnings.push_back("parser not written yet");
    return out;
}

}  // namespace clipfeed
