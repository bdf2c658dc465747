// A deterministic corpus of clipping feeds for the benchmarks: the same bytes
// on every run and every machine (a fixed-seed generator, no clock, no locale).
#pragma once

#include <cstdint>
#include <string>

namespace clipfeed::bench {

struct CorpusOptions {
    int items = 20;
    std::uint64_t seed = 1;
    bool atom = false;  // Atom 1.0 instead of RSS 2.0
};

// One feed of clipping items: each item has an HTML description of about
// 1.5 KB and a content:encoded (Atom: content) of about 4 KB.
std::string make_feed(const CorpusOptions& options, int feed_number);

// The same feed with damage in some items: bare '&' and '<', a stray
// windows-1252 byte, and the end cut off mid-item.
std::string make_malformed_feed(const CorpusOptions& options, int feed_number);

}  // namespace clipfeed::bench
