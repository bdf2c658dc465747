// clipfeed_feed_item_columns: every item's title and clippings as flat arrays
// of pointers into the feed, built once per feed, so a host (the Python
// binding) reads them all with one call instead of a dozen per item.
#include <cstddef>
#include <vector>

#include "capi/capi_internal.hpp"
#include "feeds/model/model.hpp"

using clipfeed::capi::fail;
using clipfeed::capi::guarded;

namespace clipfeed::capi {

// The public struct and the arrays it points to; the struct is the first
// member, so the pointer handed out is the storage's own.
struct ItemColumns {
    clipfeed_item_columns c{};
    std::vector<const char*> titles;
    std::vector<std::size_t> clipping_starts;
    std::vector<const char*> summaries, sources, source_urls;
    std::vector<int> read_times;
    std::vector<std::size_t> quote_starts, tag_starts;
    std::vector<const char*> quote_texts, quote_labels;
    std::vector<const char*> tags;
};

void free_item_columns(ItemColumns* columns) { delete columns; }

}  // namespace clipfeed::capi

namespace {

using clipfeed::capi::ItemColumns;

const char* c_str(const clipfeed::Text& t) { return t ? t->data() : nullptr; }

void add_clipping(ItemColumns& k, const clipfeed::Clipping& clipping) {
    k.summaries.push_back(c_str(clipping.summary));
    k.sources.push_back(c_str(clipping.source));
    k.source_urls.push_back(c_str(clipping.source_url));
    k.read_times.push_back(clipping.read_time_minutes ? *clipping.read_time_minutes : -1);
    for (const clipfeed::Quote& quote : clipping.quotes) {
        k.quote_texts.push_back(quote.text.data());
        k.quote_labels.push_back(c_str(quote.label));
    }
    for (std::string_view tag : clipping.tags) k.tags.push_back(tag.data());
    k.quote_starts.push_back(k.quote_texts.size());
    k.tag_starts.push_back(k.tags.size());
}

std::unique_ptr<ItemColumns> build(const clipfeed::Feed& feed) {
    auto k = std::make_unique<ItemColumns>();
    const std::size_t items = feed.items.size();
    std::size_t clippings = 0, quotes = 0, tags = 0;
    for (const clipfeed::Item& item : feed.items) {
        clippings += item.clippings.size();
        for (const clipfeed::Clipping& c : item.clippings) {
            quotes += c.quotes.size();
            tags += c.tags.size();
        }
    }
    k->titles.reserve(items);
    k->clipping_starts.reserve(items + 1);
    for (auto* v : {&k->summaries, &k->sources, &k->source_urls}) v->reserve(clippings);
    k->read_times.reserve(clippings);
    k->quote_starts.reserve(clippings + 1);
    k->tag_starts.reserve(clippings + 1);
    k->quote_texts.reserve(quotes);
    k->quote_labels.reserve(quotes);
    k->tags.reserve(tags);

    k->clipping_starts.push_back(0);
    k->quote_starts.push_back(0);
    k->tag_starts.push_back(0);
    for (const clipfeed::Item& item : feed.items) {
        k->titles.push_back(c_str(item.title));
        // clipfeed_item_clipping_at() reads `clippings`; clipfeed_item_clipping()
        // is its first (Item::clipping()).
        for (const clipfeed::Clipping& c : item.clippings) add_clipping(*k, c);
        k->clipping_starts.push_back(k->summaries.size());
    }

    clipfeed_item_columns& c = k->c;
    c.struct_size = sizeof(clipfeed_item_columns);
    c.reserved = 0;
    c.item_count = items;
    c.titles = k->titles.data();
    c.clipping_starts = k->clipping_starts.data();
    c.clipping_count = k->summaries.size();
    c.summaries = k->summaries.data();
    c.sources = k->sources.data();
    c.source_urls = k->source_urls.data();
    c.read_times = k->read_times.data();
    c.quote_starts = k->quote_starts.data();
    c.tag_starts = k->tag_starts.data();
    c.quote_count = k->quote_texts.size();
    c.quote_texts = k->quote_texts.data();
    c.quote_labels = k->quote_labels.data();
    c.tag_count = k->tags.size();
    c.tags = k->tags.data();
    return k;
}

}  // namespace

extern "C" {

int clipfeed_feed_item_columns(const clipfeed_item_columns** out, const clipfeed_feed* feed) {
    return guarded("clipfeed_feed_item_columns", [&] {
        if (!out) return fail(CLIPFEED_EINVAL, "clipfeed_feed_item_columns: out is NULL");
        *out = nullptr;
        if (!feed || !feed->model) return fail(CLIPFEED_EINVAL, "clipfeed_feed_item_columns: feed is NULL");
        ItemColumns* columns = feed->columns.get();
        if (!columns) columns = feed->columns.publish(build(*feed->model).release());
        *out = &columns->c;
        return CLIPFEED_OK;
    });
}

}  // extern "C"
