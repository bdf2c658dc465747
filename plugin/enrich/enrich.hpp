// Enriching parsed feeds: each item's clipping found and stored in the model.
// The feed parser knows nothing of clippings; the C API hands this step to it
// (ParseContext::enrich, FetchOptions::enrich) so that it runs on the thread
// that parsed the feed, right after the model is built.
#pragma once

#include "feeds/xml/parse.hpp"

namespace clipfeed {

// Each item's clippings, and its clipping (the first of them): from its full
// content first, then its summary (spec/clipping.md, "Inside a feed", and
// version 2, "Collections"). Strings go to the feed's arena.
void add_clippings(ParsedFeed& feed);

// add_clippings when `clippings` is on, else no step at all.
inline FeedEnricher clipping_enricher(bool clippings) { return clippings ? &add_clippings : nullptr; }

}  // namespace clipfeed
