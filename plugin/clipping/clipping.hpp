// Clipping extraction (spec/clipping.md): quotes, summary, tags, source and
// read time from a saved news excerpt in plain text or HTML.
#pragma once

#include <optional>
#include <string_view>

#include "feeds/memory/arena.hpp"
#include "feeds/model/model.hpp"

namespace clipfeed {

enum class ContentKind {
    detect,  // HTML when it holds an element tag such as <p>, <br>, <div>; else text
    text,
    html,
};

// The clipping in `content`, or nullopt when it is not one. Strings are stored
// in `arena`. `base_url` makes the read-at link absolute (may be empty).
std::optional<Clipping> extract_clipping(std::string_view content, ContentKind kind,
                                         std::string_view base_url, Arena& arena);

}  // namespace clipfeed
