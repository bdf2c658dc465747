// Clipping extraction (spec/clipping.md): quotes, summary, tags, source and
// read time from saved news excerpts in plain text, Markdown or HTML.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "feeds/memory/arena.hpp"
#include "feeds/model/model.hpp"

namespace clipfeed {

enum class ContentKind {
    detect,  // HTML when it holds an element tag such as <p>, <br>, <div>; else text
             // (text: read as Markdown when it has a '>' line or a [text](url) link)
    text,
    html,
};

// The clipping in `content`, or nullopt when it is not one: the first of
// extract_clippings, found without reading the segments after it. Strings are
// stored in `arena`. `base_url` makes the read-at link absolute (may be empty).
std::optional<Clipping> extract_clipping(std::string_view content, ContentKind kind,
                                         std::string_view base_url, Arena& arena);

// Every clipping in `content`, in document order (spec version 2,
// "Collections"): the content split into segments at separators (<hr>, a
// thematic break) and where quotes begin again after a footer, each segment
// read as if it stood alone, those that are not clippings dropped.
std::vector<Clipping> extract_clippings(std::string_view content, ContentKind kind,
                                        std::string_view base_url, Arena& arena);

}  // namespace clipfeed
