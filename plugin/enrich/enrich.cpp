#include "plugin/enrich/enrich.hpp"

#include "plugin/clipping/clipping.hpp"

namespace clipfeed {

namespace {

ContentKind content_kind_of(TextKind kind) { return kind == TextKind::text ? ContentKind::text : ContentKind::html; }

}  // namespace

void add_clippings(ParsedFeed& out) {
    for (Item& item : out.feed.items) {
        std::string_view base = item.link ? *item.link : std::string_view();
        if (item.content)
            item.clippings = extract_clippings(*item.content, content_kind_of(item.content_kind), base, out.arena);
        if (item.clippings.empty() && item.summary && item.summary != item.content)
            item.clippings = extract_clippings(*item.summary, content_kind_of(item.summary_kind), base, out.arena);
    }
}

}  // namespace clipfeed
