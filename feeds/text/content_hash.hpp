// A stable content hash: how the poller notices a changed item, and how an
// enriched feed names an item that has neither guid nor link.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace clipfeed {

// A stable 64-bit hash (the same across runs, builds and machines: it is kept
// in state files) of the pieces added to it, in hex: how the poller notices an
// item's content change. XXH3 (libxxhash): every polled byte goes through it,
// and byte-at-a-time hashes were a fifth of a poll cycle's time.
class ContentHash {
public:
    void add(std::string_view piece);
    std::string hex() const;

private:
    std::uint64_t h_ = 0;
};

}  // namespace clipfeed
