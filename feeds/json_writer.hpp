// Writes the model as the JSON of spec/feed-json.md (feeds) and
// spec/clipping.md (clippings).
#pragma once

#include <optional>
#include <string>

#include "feeds/model.hpp"

namespace clipfeed {

enum class JsonStyle { compact, pretty };

// Appends the feed's JSON to `out`. Every schema key is written; absent values
// are null, absent lists [].
void write_feed_json(const Feed& feed, JsonStyle style, std::string& out);

// Appends one clipping object, or `null` for nullptr.
void write_clipping_json(const Clipping* clipping, JsonStyle style, std::string& out);

// Appends `s` as a JSON string literal; invalid UTF-8 becomes U+FFFD.
void append_json_string(std::string_view s, std::string& out);

}  // namespace clipfeed
