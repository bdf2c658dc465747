// Anonymous memory mapped for transparent huge pages, for the large buffers
// of a big feed (its document, its arena's chunks): in 2 MiB pages they are
// faulted in once per 2 MiB instead of once per 4 KiB, and given back to the
// kernel when unmapped instead of staying in (or being trimmed from) the heap.
#pragma once

#include <cstddef>

namespace clipfeed {

constexpr std::size_t kHugePageSize = std::size_t{2} << 20;

// From how many bytes a buffer is worth huge pages: a document this large is
// mapped in them, and an arena that has reserved this much takes its further
// memory in them. Small feeds stay in the heap, where freed memory is reused.
constexpr std::size_t kHugePagesFrom = std::size_t{4} << 20;

// A mapping of at least `length` bytes, rounded up to whole huge pages (the
// rounded length is written back), or nullptr when the kernel refuses one.
// Huge pages are only advised: where the kernel has none this is ordinary memory.
char* map_huge_pages(std::size_t& length);

// Gives back a mapping that map_huge_pages made, with the length it wrote back.
void unmap_huge_pages(char* mapping, std::size_t length);

}  // namespace clipfeed
