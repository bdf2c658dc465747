// Anonymous memory mapped for transparent huge pages, for the large buffers
// of a big feed (its document, its arena's chunks): in 2 MiB pages they are
// faulted in once per 2 MiB instead of once per 4 KiB.
//
// A mapping given back is kept for the next big feed rather than unmapped at
// once (see huge_pages.cpp for why): its pages are marked lazily free, so the
// kernel takes them whenever it needs memory, at most kMaxRetainedHugePages
// are kept, and a mapping nobody has asked for in kRetainHugePagesFor is
// unmapped at the library's next allocation or release of memory.
#pragma once

#include <chrono>
#include <cstddef>

namespace clipfeed {

constexpr std::size_t kHugePageSize = std::size_t{2} << 20;

// From how many bytes a buffer is worth huge pages: a document this large is
// mapped in them, and an arena that has reserved this much takes its further
// memory in them. Small feeds stay in the heap, where freed memory is reused.
constexpr std::size_t kHugePagesFrom = std::size_t{4} << 20;

// How much given-back memory is kept for reuse (a big feed of 113 MB uses about
// 230 MiB between its document and its strings), and for how long.
constexpr std::size_t kMaxRetainedHugePages = std::size_t{256} << 20;
constexpr std::chrono::seconds kRetainHugePagesFor{10};

// A mapping of at least `length` bytes, rounded up to whole huge pages (the
// length of the mapping is written back: a kept one may be larger), or nullptr
// when the kernel refuses one. Its content is unspecified: a kept mapping
// still holds what its last user wrote. Huge pages are only advised: where the
// kernel has none this is ordinary memory.
char* map_huge_pages(std::size_t& length);

// Gives back a mapping that map_huge_pages made, with the length it wrote back:
// kept for reuse, or unmapped.
void unmap_huge_pages(char* mapping, std::size_t length);

// Unmaps the kept mappings given back before `cutoff`, and returns their bytes.
// Called with now minus kRetainHugePagesFor by the two functions above and by
// release_idle_huge_pages.
std::size_t release_huge_pages_given_back_before(std::chrono::steady_clock::time_point cutoff);

// Unmaps every kept mapping, however recent (clipfeed_memory_release), and
// returns their bytes.
std::size_t release_kept_huge_pages();

// The same with the cutoff kRetainHugePagesFor ago; costs an atomic load when
// nothing is kept, so that every arena's release can call it.
void release_idle_huge_pages();

// Bytes of mappings kept for reuse.
std::size_t retained_huge_page_bytes();

}  // namespace clipfeed
