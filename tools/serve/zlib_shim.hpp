// zlib, opened when `clipfeed serve` first compresses a feed (zlib_shim.cpp
// defines the deflate functions rendering.cpp calls, each forwarding to
// libz.so.1): the command does not link it, so `clipfeed parse`, `filter` and
// the rest never load it.
#pragma once

#include <string>

namespace serve {

// Loads zlib once. True when it is there; else false with `error` naming the
// library and why.
bool load_zlib(std::string& error) noexcept;

}  // namespace serve
