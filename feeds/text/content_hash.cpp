#include "feeds/text/content_hash.hpp"

#include <xxhash.h>

namespace clipfeed {

void ContentHash::add(std::string_view piece) {
    // Each piece is hashed on its own, seeded with what came before, so
    // ("ab", "c") and ("a", "bc") differ.
    h_ = XXH3_64bits_withSeed(piece.data(), piece.size(), h_);
}

std::string ContentHash::hex() const {
    static const char kHex[] = "0123456789abcdef";
    std::string out(16, '0');
    std::uint64_t h = h_;
    for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = kHex[h & 0xF];
    return out;
}

}  // namespace clipfeed
