// Reading JSON Feed documents (https://jsonfeed.org/version/1 and /1.1) into the model.
#pragma once

#include <string_view>

#include "feeds/xml/parse.hpp"

namespace clipfeed {

// Fills out.feed from a JSON Feed document (https://jsonfeed.org/version/1 and /1.1).
// Returns false, with a warning added to out.feed.warnings, when `utf8` is not
// valid JSON or not a JSON Feed object; out.feed is then left without format
// (and `recovered` untouched: the caller decides what a non-feed means).
//
// A JSON object is taken as a JSON Feed when its "version" is a
// jsonfeed.org/version/ URL or, failing that, when it has an "items" array.
// Fields of the wrong JSON type, items that are not objects and dates that do
// not parse are skipped with a warning; they never make the call fail.
// Relative URLs resolve against context.content_location, else context.url.
// Throws only std::bad_alloc.
bool parse_json_feed(std::string_view utf8, const ParseContext& context, ParsedFeed& out);

}  // namespace clipfeed
