#include "feeds/huge_pages.hpp"

#include <sys/mman.h>

namespace clipfeed {

char* map_huge_pages(std::size_t& length) {
    length = (length + kHugePageSize - 1) / kHugePageSize * kHugePageSize;
    void* p = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return nullptr;
    madvise(p, length, MADV_HUGEPAGE);
    return static_cast<char*>(p);
}

void unmap_huge_pages(char* mapping, std::size_t length) {
    if (mapping) munmap(mapping, length);
}

}  // namespace clipfeed
