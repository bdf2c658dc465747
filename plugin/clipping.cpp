// Placeholder until the extractor lands: finds no clippings.
#include "plugin/clipping.hpp"

namespace clipfeed {

std::optional<Clipping> extract_clipping(std::string_view, ContentKind, std::string_view, Arena&) {
    return std::nullopt;
}

}  // namespace clipfeed
